/**
 * Shared plumbing of `npm run bench`, `npm run faults`, `npm run demo` and the screenshot script:
 * simulators (test/simulators) with a high-resolution receipt hook, a real n8n (test/n8n) with
 * this package, the templates and the bench workflows, callout senders, a bounded closed-loop
 * load generator and small statistics helpers.
 *
 * Everything talks to 127.0.0.1 only. Every loop is bounded in count and in time.
 */
import { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sims = require(path.join(ROOT, 'test', 'simulators'));
const n8n = require(path.join(ROOT, 'test', 'n8n'));

export const PACKAGE = 'n8n-nodes-autotask-ilert';
export const delay = (ms) => new Promise((r) => setTimeout(r, ms));
export const now = () => performance.now();

/** Credential ids used by the templates (workflows/*.json) and the bench workflows. */
export const CREDENTIAL_IDS = {
	autotask: 'autotaskSimCred01',
	ilertApi: 'ilertApiSimCred01',
	ilertSource: 'ilertSrcSimCred01',
	callout: 'calloutSimCred01',
	baselineHeaders: 'benchAutotaskHeaders',
	peerBasicAuth: 'benchCalloutBasic01',
};

/* ------------------------------------------------------------------ simulators */

/**
 * Starts both simulators and adds a receipt hook to each request log: every logged request gets
 * `hr` (performance.now() at receipt, same clock as the load generator) and is announced on
 * `events` ('ilert' / 'autotask'), with `ilert:event:<alertKey>` for Events API posts.
 * The simulators' own files are not changed: only their `requests` arrays are observed.
 */
export async function startSimulators({ autotask = {}, ilert = {} } = {}) {
	const at = await sims.startAutotaskSimulator({ threadLimit: 3, ...autotask });
	const il = await sims.startIlertSimulator({ ...ilert });
	const events = new EventEmitter();
	events.setMaxListeners(0);
	const hook = (sim, name) => {
		const arr = sim.requests;
		const orig = arr.push;
		arr.push = function push(...entries) {
			const t = now();
			for (const e of entries) {
				Object.defineProperty(e, 'hr', { value: t, enumerable: false });
				events.emit(name, e);
				if (name === 'autotask' && e.method === 'GET') {
					const m = /\/Tickets\/(\d+)\/?$/i.exec(e.path);
					if (m) events.emit(`autotask:ticket:${m[1]}`, e);
				}
				if (name === 'ilert' && e.method === 'POST' && /^\/api(\/v1)?\/events\/?$/.test(e.path)) {
					const key = e.body && typeof e.body === 'object' ? e.body.alertKey : undefined;
					if (typeof key === 'string') events.emit(`ilert:event:${key.trim().toLowerCase()}`, e);
				}
			}
			return orig.apply(this, entries);
		};
	};
	hook(at, 'autotask');
	hook(il, 'ilert');
	return {
		autotask: at,
		ilert: il,
		events,
		async close() {
			await Promise.allSettled([at.close(), il.close()]);
		},
	};
}

/** n8n credential export objects that point this package's credentials at the simulators. */
export function simulatorCredentials(s, { maxRetryWaitSeconds } = {}) {
	const at = s.autotask;
	const il = s.ilert;
	const user = at.credentials;
	const retry = maxRetryWaitSeconds === undefined ? {} : { maxRetryWaitSeconds };
	return [
		{
			id: CREDENTIAL_IDS.autotask,
			name: 'Autotask (simulator)',
			type: 'autotaskIlertAutotaskApi',
			data: {
				username: user.username,
				secret: user.secret,
				integrationCodeSecret: user.integrationCode,
				zone: 'custom',
				customBaseUrl: `${at.url}/atservicesrest`,
				customWebUrl: `${at.url}/`,
				impersonationResourceId: '',
				...retry,
			},
		},
		{
			id: CREDENTIAL_IDS.ilertApi,
			name: 'ilert API (simulator)',
			type: 'autotaskIlertIlertApi',
			data: { apiKey: sims.ILERT_DEFAULT_API_KEY, baseUrl: il.url, ...retry },
		},
		{
			id: CREDENTIAL_IDS.ilertSource,
			name: 'ilert alert source (simulator)',
			type: 'autotaskIlertIlertAlertSourceApi',
			data: { integrationApiKey: ilertIntegrationKey(s), baseUrl: il.url, ...retry },
		},
		{
			id: CREDENTIAL_IDS.callout,
			name: 'Autotask Extension Callout (simulator)',
			type: 'autotaskIlertCalloutApi',
			data: {
				urlSecret: CALLOUT_AUTH.secret,
				username: CALLOUT_AUTH.username,
				password: CALLOUT_AUTH.password,
				requireBasicAuth: false,
			},
		},
		{
			// The Basic Auth of the fair peer's Webhook (bench/workflows/builtin-auth.json).
			id: CREDENTIAL_IDS.peerBasicAuth,
			name: 'Bench callout Basic Auth',
			type: 'httpBasicAuth',
			data: { user: CALLOUT_AUTH.username, password: CALLOUT_AUTH.password },
		},
		{
			id: CREDENTIAL_IDS.baselineHeaders,
			name: 'Bench Autotask headers',
			type: 'httpCustomAuth',
			data: {
				json: JSON.stringify({
					headers: {
						UserName: user.username,
						Secret: user.secret,
						ApiIntegrationCode: user.integrationCode,
					},
				}),
			},
		},
	];
}

export function ilertIntegrationKey(s, sourceId = 1001) {
	const src = s.ilert.state.sources.find((x) => x.id === sourceId);
	return src.integrationKey;
}

/* ------------------------------------------------------------------ workflows */

/** Reads a workflow JSON and fills `__AUTOTASK_API_URL__`-style placeholders. */
export function loadWorkflow(file, s) {
	let text = fs.readFileSync(path.isAbsolute(file) ? file : path.join(ROOT, file), 'utf8');
	const subst = {
		__AUTOTASK_API_URL__: `${s.autotask.url}/atservicesrest/v1.0`,
		__AUTOTASK_WEB_URL__: `${s.autotask.url}/`,
		__ILERT_URL__: s.ilert.url,
		__ILERT_INTEGRATION_KEY__: ilertIntegrationKey(s),
	};
	for (const [k, v] of Object.entries(subst)) text = text.split(k).join(v);
	return JSON.parse(text);
}

/** Points every credential reference of a template at the simulator credentials by type. */
export function bindCredentials(workflow) {
	const byType = {
		autotaskIlertAutotaskApi: { id: CREDENTIAL_IDS.autotask, name: 'Autotask (simulator)' },
		autotaskIlertIlertApi: { id: CREDENTIAL_IDS.ilertApi, name: 'ilert API (simulator)' },
		autotaskIlertIlertAlertSourceApi: {
			id: CREDENTIAL_IDS.ilertSource,
			name: 'ilert alert source (simulator)',
		},
		autotaskIlertCalloutApi: {
			id: CREDENTIAL_IDS.callout,
			name: 'Autotask Extension Callout (simulator)',
		},
	};
	for (const node of workflow.nodes || []) {
		for (const type of Object.keys(node.credentials || {})) {
			if (byType[type]) node.credentials[type] = { ...byType[type] };
		}
	}
	return workflow;
}

/** Workflow ids of the templates, made stable for import (n8n needs an id to publish). */
export function withId(workflow, id) {
	return { ...workflow, id: workflow.id || id, active: false };
}

/** The production URL of a workflow's webhook / trigger node. */
export function webhookUrlOf(instance, workflow, nodeType) {
	const node = workflow.nodes.find((n) => (nodeType ? n.type === nodeType : n.webhookId));
	if (!node)
		throw new Error(`workflow ${workflow.name}: no node ${nodeType || 'with a webhookId'}`);
	if (node.type === 'n8n-nodes-base.webhook')
		return `${instance.webhookBase}/${node.parameters.path}`;
	const p = (node.parameters && node.parameters.path) || 'webhook';
	return `${instance.webhookBase}/${node.webhookId}/${p}`;
}

/* ------------------------------------------------------------------ n8n */

/**
 * Starts the pinned n8n with the package installed, simulator credentials, the given workflows,
 * all of them published. Returns the instance of test/n8n/instance.js.
 */
export async function startN8nWith(
	s,
	workflows,
	{ env = {}, log, maxRetryWaitSeconds, installPackage = true } = {},
) {
	const activateByApi = env.N8N_LOG_LEVEL !== undefined && env.N8N_LOG_LEVEL !== 'debug';
	// Own user folder (removed on stop): other processes may clean test/n8n's default temp folders.
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-bench-n8n-'));
	const inst = await n8n
		.startN8n({
			userFolder,
			installPackage,
			credentials: simulatorCredentials(s, { maxRetryWaitSeconds }),
			workflows,
			// test/n8n sees activation in debug log lines only: at another level the workflows are
			// activated through the public API once n8n is up (below).
			publish: activateByApi ? [] : workflows.map((w) => w.id),
			env,
			log: log || ((l) => process.stderr.write(`[n8n] ${l}\n`)),
		})
		.catch((error) => {
			fs.rmSync(userFolder, { recursive: true, force: true });
			throw error;
		});
	if (activateByApi) {
		try {
			for (const w of workflows) await inst.api.publicApi('POST', `/workflows/${w.id}/activate`);
		} catch (error) {
			await inst.stop();
			fs.rmSync(userFolder, { recursive: true, force: true });
			throw error;
		}
	}
	const stop = inst.stop;
	inst.stop = async () => {
		await stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	};
	return inst;
}

export { n8n, sims };

/* ------------------------------------------------------------------ callouts */

/** An Autotask Extension Callout as "Name Value Pair" (form-encoded) POST. */
export async function postCallout(url, ticket, { signal, extra = {}, auth } = {}) {
	const body = new URLSearchParams({
		TicketID: String(ticket.id),
		TicketNumber: String(ticket.ticketNumber || ''),
		...extra,
	});
	const res = await fetch(
		auth && auth.secret ? `${url}?secret=${encodeURIComponent(auth.secret)}` : url,
		{
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				...(auth && auth.username
					? { authorization: basicAuth(auth.username, auth.password) }
					: {}),
			},
			body: body.toString(),
			signal,
		},
	);
	const text = await res.text();
	return { status: res.status, body: text };
}

export function basicAuth(username, password) {
	return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/**
 * The Autotask Extension Callout credential the bench/demo/faults copies of template 1 use
 * (placeholder values): the URL secret, and Basic on top as a callout with Username/Password sends it.
 */
export const CALLOUT_AUTH = {
	secret: 'example-callout-url-secret-0123456789abcdef',
	username: 'autotask-callout',
	password: 'example-callout-password-xxxx',
};

/**
 * Makes a template's Autotask Trigger a callout receiver (version 2, the callout credential) and
 * runs its reconcile sweep once a day, so a measured run sees only the requests it sends.
 * Everything else stays as shipped.
 */
export function calloutTrigger(workflow) {
	const node = workflow.nodes.find((n) => n.type === `${PACKAGE}.autotaskTrigger`);
	if (!node) throw new Error(`${workflow.name}: no Autotask Trigger`);
	node.typeVersion = 2;
	node.parameters = { ...node.parameters, mode: 'callout' };
	node.credentials = {
		...(node.credentials || {}),
		autotaskIlertCalloutApi: {
			id: CREDENTIAL_IDS.callout,
			name: 'Autotask Extension Callout (simulator)',
		},
	};
	if (!node.webhookId) node.webhookId = '5e7c1d2a-0b1c-4d3e-8f90-a1b2c3d4e5f6';
	for (const schedule of workflow.nodes.filter(
		(n) => n.type === 'n8n-nodes-base.scheduleTrigger',
	)) {
		schedule.parameters = {
			...schedule.parameters,
			rule: { interval: [{ field: 'hours', hoursInterval: 24 }] },
		};
	}
	return workflow;
}

/**
 * Waits until n8n has registered a production webhook. n8n answers /healthz/readiness before
 * it has activated the published workflows, so a probe with an unused method (PATCH) tells
 * "not registered at all" from "registered for another method" without starting an execution.
 */
export async function waitWebhookRegistered(url, { timeoutMs = 60000 } = {}) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const r = await fetch(url, { method: 'PATCH' }).catch(() => undefined);
		const text = r ? await r.text() : '';
		if (r && (r.status !== 404 || /not registered for PATCH/i.test(text))) return;
		if (Date.now() > until)
			throw new Error(`webhook ${url} not registered after ${timeoutMs} ms: ${text.slice(0, 200)}`);
		await delay(250);
	}
}

/** Resolves with the first Events API request for `alertKey` (optionally of `eventType`) or undefined at timeout. */
export function waitIlertEvent(s, alertKey, { eventType, timeoutMs = 30000 } = {}) {
	const name = `ilert:event:${alertKey.toLowerCase()}`;
	return new Promise((resolve) => {
		const onEvent = (e) => {
			if (eventType && e.body.eventType !== eventType) return;
			cleanup();
			resolve(e);
		};
		const timer = setTimeout(() => {
			cleanup();
			resolve(undefined);
		}, timeoutMs);
		function cleanup() {
			clearTimeout(timer);
			s.events.off(name, onEvent);
		}
		s.events.on(name, onEvent);
	});
}

/** hr time of the first `GET /Tickets/<id>` the Autotask simulator receives, or undefined at timeout. */
export function firstTicketGet(s, ticketId, { timeoutMs = 30000 } = {}) {
	const name = `autotask:ticket:${ticketId}`;
	return new Promise((resolve) => {
		const on = (e) => {
			clearTimeout(timer);
			resolve(e.hr);
		};
		const timer = setTimeout(() => {
			s.events.off(name, on);
			resolve(undefined);
		}, timeoutMs);
		s.events.once(name, on);
	});
}

/** Creates a ticket directly in the Autotask simulator (no webhook fired); `createdAt` backdates it. */
export function createTicket(s, fields = {}, { createdAt } = {}) {
	const res = s.autotask.createTicket(
		{
			companyID: 174,
			title: 'Disk almost full on SRV-42',
			description: 'Free space below 5 %.',
			status: 1,
			priority: 1,
			queueID: 8,
			...fields,
		},
		{ fire: false, createdAt },
	);
	if (res.errors) throw new Error(`createTicket: ${res.errors.join('; ')}`);
	return res.ticket;
}

export function updateTicket(s, id, changes) {
	const res = s.autotask.updateTicket(id, changes, { fire: false });
	if (res.errors) throw new Error(`updateTicket ${id}: ${res.errors.join('; ')}`);
	return res.ticket;
}

/**
 * Removes the alerts with this key from the ilert simulator, as if they had aged out of every
 * lookup window: keeps the simulator's alert lists at the seeded background size during a
 * benchmark, so each event sees the same ilert state.
 */
export function forgetAlerts(s, alertKey) {
	const k = alertKey.toLowerCase();
	const list = s.ilert.state.alerts;
	for (let i = list.length - 1; i >= 0; i--) {
		const a = list[i];
		if (typeof a.alertKey === 'string' && a.alertKey.trim().toLowerCase() === k) list.splice(i, 1);
	}
}

/**
 * The update path at a user's pace: the source's open alerts belong to tickets created two days
 * ago, and those tickets are edited, oldest first. Each one edited is replaced by a new one, so
 * the source keeps its open alerts and every edited ticket's alert existed long before the edit,
 * as at a service desk (not created a millisecond before it).
 */
export function updatePool(s, size) {
	const waiting = [];
	let made = 0;
	const add = () => {
		const createdAt = Date.now() - 2 * 24 * 3600 * 1000;
		const ticket = createTicket(s, { status: 1, priority: made++ % 2 ? 4 : 1 }, { createdAt });
		s.ilert.createAlert({
			summary: `${ticket.ticketNumber} ${ticket.title}`,
			alertKey: `autotask-${ticket.id}`,
			alertSourceId: 1001,
			reportedAt: createdAt + 60_000,
		});
		waiting.push(ticket);
	};
	for (let i = 0; i < size; i++) add();
	return {
		size,
		next() {
			const ticket = waiting.shift();
			add();
			return ticket;
		},
		release() {
			for (const t of waiting.splice(0)) forgetAlerts(s, `autotask-${t.id}`);
		},
	};
}

/** Alerts of the background are a day or more old, like the alerts of a source's older tickets. */
const BACKGROUND_AGE_MS = 26 * 3600 * 1000;

function createBackgroundAlert(s, n) {
	return s.ilert.createAlert({
		summary: `Background alert ${n}`,
		alertKey: `background-${n}`,
		alertSourceId: 1001,
		reportedAt: Date.now() - BACKGROUND_AGE_MS - n * 60_000,
	});
}

const isBackground = (a) =>
	a.sourceId === 1001 && typeof a.alertKey === 'string' && a.alertKey.startsWith('background-');

/** Seeds a realistic ilert history in alert source 1001: `open` open and `resolved` resolved alerts. */
export function seedIlertBackground(s, { open = 25, resolved = 100 } = {}) {
	for (let i = 0; i < open + resolved; i++) {
		const a = createBackgroundAlert(s, i + 1);
		if (i >= open) s.ilert.resolveAlert(a.id);
	}
}

/**
 * The choices a user makes after importing a template, made for the simulators: the alert
 * source of Ticket Lifecycle / ilert Trigger nodes left empty in the template.
 */
export function fillTemplateChoices(workflow, { alertSourceId = '1001' } = {}) {
	for (const node of workflow.nodes) {
		const p = node.parameters || {};
		if (node.type === `${PACKAGE}.ticketLifecycle` && p.alertSourceId === '')
			p.alertSourceId = alertSourceId;
		if (
			node.type === `${PACKAGE}.ilertTrigger` &&
			Array.isArray(p.alertSources) &&
			p.alertSources.length === 0
		)
			p.alertSources = [alertSourceId];
		if (
			node.type === `${PACKAGE}.autotask` &&
			p.operation === 'getToReconcile' &&
			p.alertSourceId === ''
		)
			p.alertSourceId = alertSourceId;
	}
	return workflow;
}

/**
 * Respond to Webhook from version 1.1 on refuses to run unless a built-in Webhook/Form/Chat/Wait
 * node is among its parents ("No Webhook node found in the workflow"), so after a community
 * trigger it fails every execution. Version 1 has no such check and answers the same way.
 * Returns the names of the nodes changed (the caller reports them).
 */
export function respondNodesV1(workflow) {
	const changed = [];
	const hasBuiltInWebhook = workflow.nodes.some((n) =>
		[
			'n8n-nodes-base.webhook',
			'n8n-nodes-base.formTrigger',
			'@n8n/n8n-nodes-langchain.chatTrigger',
			'n8n-nodes-base.wait',
		].includes(n.type),
	);
	if (hasBuiltInWebhook) return changed;
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-base.respondToWebhook' && Number(node.typeVersion) > 1) {
			node.typeVersion = 1;
			changed.push(node.name);
		}
	}
	return changed;
}

/** Resolves in the ilert simulator every open alert with this key (keeps the open-alert list small). */
export function resolveOpenAlerts(s, alertKey) {
	const k = alertKey.toLowerCase();
	for (const a of s.ilert.state.alerts) {
		if (
			a.status !== 'RESOLVED' &&
			typeof a.alertKey === 'string' &&
			a.alertKey.trim().toLowerCase() === k
		) {
			s.ilert.resolveAlert(a.id);
		}
	}
}

/* ------------------------------------------------------------------ load */

/**
 * Closed-loop load: `concurrency` workers, each runs `one()` (which returns `{ ok, latencyMs }`)
 * back to back until `durationMs` has passed or `maxEvents` were started.
 */
export async function closedLoop({ concurrency, durationMs, maxEvents, one }) {
	const started = now();
	const deadline = started + durationMs;
	let issued = 0;
	const results = [];
	async function worker() {
		while (now() < deadline && issued < maxEvents) {
			issued++;
			results.push(await one());
		}
	}
	await Promise.all(Array.from({ length: concurrency }, worker));
	const elapsedMs = now() - started;
	return { results, elapsedMs };
}

/** Runs `tasks` (functions returning promises) with at most `concurrency` at a time; results in order. */
export async function pool(tasks, concurrency) {
	const results = new Array(tasks.length);
	let next = 0;
	async function worker() {
		while (next < tasks.length) {
			const i = next++;
			results[i] = await tasks[i]();
		}
	}
	await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
	return results;
}

/** Waits until neither simulator has logged a request for `quietMs` (at most `maxMs`). */
export async function settle(s, { quietMs = 400, maxMs = 8000 } = {}) {
	const until = now() + maxMs;
	let last = -1;
	let since = now();
	while (now() < until) {
		const n = s.autotask.requests.length + s.ilert.requests.length;
		if (n !== last) {
			last = n;
			since = now();
		} else if (now() - since >= quietMs) return true;
		await delay(50);
	}
	return false;
}

/* ------------------------------------------------------------------ statistics */

export function percentile(sorted, p) {
	if (sorted.length === 0) return null;
	const rank = (p / 100) * (sorted.length - 1);
	const lo = Math.floor(rank);
	const hi = Math.ceil(rank);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function summarize(latencies) {
	const sorted = [...latencies].sort((a, b) => a - b);
	const r = (v) => (v === null ? null : Math.round(v * 10) / 10);
	return {
		n: sorted.length,
		p50: r(percentile(sorted, 50)),
		p95: r(percentile(sorted, 95)),
		p99: r(percentile(sorted, 99)),
		mean: r(sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null),
		max: r(sorted.length ? sorted[sorted.length - 1] : null),
	};
}

/** Requests logged by a simulator between two indexes of its log, grouped as `METHOD /path-shape`. */
export function requestBreakdown(requests, from, to) {
	const out = {};
	for (const e of requests.slice(from, to)) {
		const shape = `${e.method} ${e.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
		out[shape] = (out[shape] || 0) + 1;
	}
	return out;
}

export function machineInfo() {
	return {
		node: process.version,
		platform: `${os.platform()} ${os.arch()}`,
		cpus: os.cpus().length,
		cpuModel: (os.cpus()[0] || {}).model,
		memoryGiB: Math.round(os.totalmem() / 2 ** 30),
		loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
	};
}

/**
 * CPU time (user + system, ms) a process has used so far, all its threads included (isolated-vm
 * builds expression isolates on its own threads). Linux /proc only; undefined elsewhere.
 */
export function processCpuMs(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (which may contain spaces) start after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = Number(fields[11]) + Number(fields[12]);
		return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
	} catch {
		return undefined;
	}
}

/**
 * CPU time (ms) of every live process in a process group (n8n's main process leads its group;
 * its task runner is in it), plus what the leader's exited children used. Linux /proc only.
 */
export function processGroupCpuMs(pgid) {
	let total = 0;
	let found = false;
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
		} catch {
			continue;
		}
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) !== pgid) continue;
		found = true;
		total += Number(fields[11]) + Number(fields[12]);
		if (Number(name) === pgid) total += Number(fields[13]) + Number(fields[14]);
	}
	return found ? (total * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
}

/** Makes alert source 1001 hold exactly `open` open background alerts (resolves or adds as needed). */
export function setOpenBackground(s, open) {
	const current = s.ilert.state.alerts.filter((a) => isBackground(a) && a.status !== 'RESOLVED');
	for (const a of current.slice(open)) s.ilert.resolveAlert(a.id);
	const taken = s.ilert.state.alerts.filter(isBackground).length;
	for (let i = current.length; i < open; i++) createBackgroundAlert(s, taken + i + 1);
}

/** How many open background alerts source 1001 holds now. */
export function openBackground(s) {
	return s.ilert.state.alerts.filter((a) => isBackground(a) && a.status !== 'RESOLVED').length;
}

// USER_HZ is 100 on every Linux this runs on (getconf CLK_TCK).
const CLOCK_TICKS_PER_SECOND = 100;

/* ------------------------------------------------------------------ command line */

/** `--key=value` options (`--flag` alone is `true`) of a bench/faults script, as an object. */
export function parseOptions(argv = process.argv.slice(2)) {
	return Object.fromEntries(
		argv.map((a) => {
			const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
			return m ? [m[1], m[2] === undefined ? true : m[2]] : [a, true];
		}),
	);
}

/** The `--n8n-env=KEY=VALUE[,KEY=VALUE]` option as an environment object. */
export function parseEnvList(text) {
	return Object.fromEntries(
		String(text || '')
			.split(',')
			.filter(Boolean)
			.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
	);
}
