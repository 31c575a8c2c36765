'use strict';
// Shared plumbing of the Autotask and ilert simulators: HTTP server, request log with masked
// secrets, fault injection (seeded RNG), JSON helpers, per-target ordered delivery queues.
// Plain node:http, no dependencies: scripts run these files with plain `node`.

const http = require('node:http');

/** Header names whose values are masked in the request log. */
const SECRET_HEADERS = new Set([
	'secret',
	'authorization',
	'apiintegrationcode',
	'cookie',
	'x-api-key',
]);

function maskValue(value) {
	const s = String(value);
	return s.length > 8 ? `***${s.slice(-4)}` : '***';
}

function maskHeaders(headers) {
	const out = {};
	for (const [k, v] of Object.entries(headers)) {
		out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? maskValue(v) : v;
	}
	return out;
}

/** mulberry32: small, deterministic, good enough for fault sampling. */
function seededRng(seed) {
	let a = Number(seed) >>> 0 || 0x9e3779b9;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** A fault path given over JSON may be `{ regex: '...', flags: 'i' }`; a plain string is a substring match. */
function toPathMatcher(path) {
	if (path === undefined || path === null || path === '') return undefined;
	if (path instanceof RegExp) return path;
	if (typeof path === 'object' && typeof path.regex === 'string')
		return new RegExp(path.regex, path.flags || '');
	return String(path);
}

function pathMatches(matcher, path) {
	if (matcher === undefined) return true;
	if (matcher instanceof RegExp) {
		matcher.lastIndex = 0;
		return matcher.test(path);
	}
	return path.toLowerCase().includes(matcher.toLowerCase());
}

/**
 * Fault registry. A fault answers instead of the simulator (status set), or only delays the
 * request (delayMs without status). `times` limits how often it fires; `probability` samples with
 * the seeded RNG; `threadLimit` (Autotask) answers the thread-threshold error body.
 */
function createFaults(rng, threadLimitBody) {
	let list = [];
	let nextId = 1;
	return {
		add(spec) {
			const fault = {
				id: nextId++,
				method: spec.method ? String(spec.method).toUpperCase() : undefined,
				path: toPathMatcher(spec.path),
				status: spec.status,
				body: spec.body,
				headers: spec.headers || {},
				times: spec.times === undefined || spec.times === null ? Infinity : Number(spec.times),
				delayMs: Number(spec.delayMs || 0),
				probability:
					spec.probability === undefined || spec.probability === null
						? 1
						: Number(spec.probability),
				threadLimit: Boolean(spec.threadLimit),
				fired: 0,
			};
			if (fault.threadLimit && fault.status === undefined) fault.status = 429;
			if (fault.threadLimit && fault.body === undefined) fault.body = threadLimitBody;
			list.push(fault);
			return fault.id;
		},
		remove(id) {
			list = list.filter((f) => f.id !== id);
		},
		clear() {
			list = [];
		},
		list() {
			return list.map((f) => ({ ...f, path: f.path instanceof RegExp ? String(f.path) : f.path }));
		},
		/**
		 * Faults that apply to this request, consuming `times`. Probabilistic faults share one
		 * draw per request and stack cumulatively, so 0.2 + 0.05 gives exactly 20 % and 5 %.
		 */
		match(method, path) {
			const hits = [];
			let draw;
			let cumulative = 0;
			for (const f of list) {
				if (f.times <= f.fired) continue;
				if (f.method && f.method !== method) continue;
				if (!pathMatches(f.path, path)) continue;
				if (f.probability < 1) {
					if (draw === undefined) draw = rng();
					const lower = cumulative;
					cumulative += f.probability;
					if (draw < lower || draw >= cumulative) continue;
				}
				f.fired++;
				hits.push(f);
				// The first fault with a status decides the answer; later ones are not consumed.
				if (f.status !== undefined) break;
			}
			return hits;
		},
	};
}

function sendJson(res, status, body, headers) {
	const h = { ...(headers || {}) };
	if (body === undefined || body === null || status === 204) {
		res.writeHead(status, h);
		res.end();
		return;
	}
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
		h['Content-Type'] = 'application/json; charset=utf-8';
	}
	res.writeHead(status, h);
	res.end(text);
}

/**
 * Waits between delivery attempts that reset()/close() can cut short: `pause(ms)` resolves after
 * ms or at `cancelAll()`; `generation` changes at cancelAll so a woken delivery can stop.
 */
function createPauses() {
	const pending = new Set();
	let generation = 0;
	return {
		pause(ms) {
			return new Promise((resolve) => {
				const entry = { resolve };
				entry.timer = setTimeout(
					() => {
						pending.delete(entry);
						resolve();
					},
					Math.max(0, Number(ms) || 0),
				);
				pending.add(entry);
			});
		},
		cancelAll() {
			generation++;
			for (const e of pending) {
				clearTimeout(e.timer);
				e.resolve();
			}
			pending.clear();
		},
		get generation() {
			return generation;
		},
	};
}

/** Ordered per-key delivery queues (one per webhook / alert action), with an idle() barrier. */
function createQueues() {
	const tails = new Map();
	let pending = 0;
	let waiters = [];
	function settle() {
		if (pending === 0) {
			const w = waiters;
			waiters = [];
			for (const fn of w) fn();
		}
	}
	return {
		push(key, task) {
			pending++;
			const prev = tails.get(key) || Promise.resolve();
			const next = prev
				.then(task)
				.catch(() => undefined)
				.finally(() => {
					pending--;
					if (tails.get(key) === next) tails.delete(key);
					settle();
				});
			tails.set(key, next);
			return next;
		},
		idle() {
			if (pending === 0) return Promise.resolve();
			return new Promise((resolve) => waiters.push(resolve));
		},
		get pending() {
			return pending;
		},
	};
}

/** POST a JSON string with a timeout; resolves `{ status, ok, error?, body }`. */
function postRaw(url, bodyText, headers, timeoutMs) {
	return sendRaw(url, {
		method: 'POST',
		body: bodyText,
		headers: { 'Content-Type': 'application/json', ...headers },
		timeoutMs,
	});
}

/**
 * Send one HTTP request with a timeout (the whole exchange, body included); resolves
 * `{ status, ok, error?, body, headers }`. 2xx is `ok`. Redirects are not followed.
 */
async function sendRaw(url, { method = 'POST', body, headers = {}, timeoutMs = 10000 } = {}) {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	try {
		const res = await fetch(url, {
			method,
			headers,
			body: method === 'GET' || method === 'HEAD' ? undefined : body,
			signal: controller.signal,
			redirect: 'manual',
		});
		const text = await res.text();
		return {
			status: res.status,
			ok: res.status >= 200 && res.status < 300,
			body: text,
			headers: Object.fromEntries(res.headers.entries()),
		};
	} catch (error) {
		return {
			status: 0,
			ok: false,
			error: error && error.name === 'AbortError' ? 'timeout' : String(error && error.message),
		};
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Start an HTTP server. `handle(ctx)` returns `{ status, body, headers }` (or undefined = 404).
 * ctx = { method, path, query (URLSearchParams), headers, rawBody, body, url }.
 * Admin routes (`/__sim/...`) are passed to `admin(ctx)` and are neither faulted nor logged.
 */
function startServer({
	port = 0,
	host = '127.0.0.1',
	handle,
	admin,
	faults,
	requests,
	beforeHandle,
}) {
	const sockets = new Set();
	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url, 'http://sim.local');
		const rawBody = await readBody(req).catch(() => Buffer.alloc(0));
		let body;
		const text = rawBody.toString('utf8');
		let parseError = false;
		if (text.length > 0) {
			try {
				body = JSON.parse(text);
			} catch {
				body = text;
				parseError = true;
			}
		}
		const ctx = {
			method: req.method.toUpperCase(),
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			rawBody,
			body,
			parseError,
			url,
			/** The request-log entry of this request (undefined for admin routes); handlers may annotate it. */
			entry: undefined,
		};
		if (url.pathname.startsWith('/__sim/')) {
			try {
				const out = (await admin(ctx)) || { status: 404, body: { error: 'unknown admin route' } };
				sendJson(res, out.status, out.body, out.headers);
			} catch (error) {
				sendJson(res, 500, { error: String(error && error.stack) });
			}
			return;
		}
		const entry = {
			method: ctx.method,
			path: ctx.path,
			query: Object.fromEntries(
				[...new Set(url.searchParams.keys())].map((k) => {
					const all = url.searchParams.getAll(k);
					return [k, all.length > 1 ? all : all[0]];
				}),
			),
			headers: maskHeaders(req.headers),
			body,
			status: 0,
			at: new Date().toISOString(),
		};
		requests.push(entry);
		ctx.entry = entry;
		let out;
		let release;
		try {
			if (beforeHandle) {
				const pre = await beforeHandle(ctx);
				if (pre && pre.response) out = pre.response;
				if (pre && pre.release) release = pre.release;
			}
			if (!out) {
				const hits = faults.match(ctx.method, ctx.path);
				for (const f of hits) if (f.delayMs > 0) await sleep(f.delayMs);
				const answering = hits.find((f) => f.status !== undefined);
				if (answering) {
					out = { status: answering.status, body: answering.body, headers: answering.headers };
				}
			}
			if (!out) out = (await handle(ctx)) || { status: 404, body: undefined };
		} catch (error) {
			out = { status: 500, body: { errors: [`Simulator error: ${error && error.message}`] } };
		} finally {
			if (release) release();
		}
		entry.status = out.status;
		sendJson(res, out.status, out.body, out.headers);
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			const addr = server.address();
			const url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
			resolve({
				server,
				url,
				port: addr.port,
				close() {
					return new Promise((r) => {
						server.close(() => r());
						for (const s of sockets) s.destroy();
					});
				},
			});
		});
	});
}

/** Common admin routes: state, requests, reset, faults. Returns undefined when not matched. */
async function commonAdmin(ctx, sim) {
	const p = ctx.path.replace(/\/+$/, '');
	if (ctx.method === 'GET' && p === '/__sim/state') return { status: 200, body: sim.snapshot() };
	if (ctx.method === 'GET' && p === '/__sim/requests') return { status: 200, body: sim.requests };
	if (
		(ctx.method === 'DELETE' && p === '/__sim/requests') ||
		(ctx.method === 'POST' && p === '/__sim/requests/clear')
	) {
		sim.clearRequests();
		return { status: 204 };
	}
	if (ctx.method === 'POST' && p === '/__sim/reset') {
		sim.reset();
		return { status: 204 };
	}
	if (ctx.method === 'POST' && p === '/__sim/faults') {
		const specs = Array.isArray(ctx.body) ? ctx.body : [ctx.body || {}];
		const ids = specs.map((s) => sim.faults.add(s));
		return { status: 200, body: { ids } };
	}
	if (ctx.method === 'GET' && p === '/__sim/faults')
		return { status: 200, body: sim.faults.list() };
	if (
		(ctx.method === 'DELETE' && p === '/__sim/faults') ||
		(ctx.method === 'POST' && p === '/__sim/faults/clear')
	) {
		sim.faults.clear();
		return { status: 204 };
	}
	if (ctx.method === 'GET' && p === '/__sim/deliveries')
		return { status: 200, body: sim.deliveries };
	if (ctx.method === 'POST' && p === '/__sim/wait-deliveries') {
		await sim.waitForDeliveries();
		return { status: 200, body: { deliveries: sim.deliveries.length } };
	}
	return undefined;
}

function clone(v) {
	return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

module.exports = {
	SECRET_HEADERS,
	maskHeaders,
	seededRng,
	sleep,
	createFaults,
	createQueues,
	createPauses,
	postRaw,
	sendRaw,
	startServer,
	commonAdmin,
	sendJson,
	clone,
};
