'use strict';
/**
 * Starts a real, pinned n8n (see runtime.js) with this package installed as a community
 * package, provisions credentials and workflows through n8n's own CLI, and gives the tests
 * a small client: the public REST API (API key created headlessly) and the editor's
 * session-authenticated endpoints.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ensureRuntime, runtimeEnv } = require('./runtime');
const { installInto, packPackage } = require('./package');
const { freePort, killTree, running } = require('./processes');

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs an n8n CLI command with the runtime's Node; rejects with its output on failure. */
function n8nCli(runtime, args, env, logSink) {
	return new Promise((resolve, reject) => {
		const child = spawn(runtime.nodeBin, [runtime.n8nBin, ...args], {
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('exit', (code) => {
			logSink(`$ n8n ${args.join(' ')}\n${out}`);
			if (code === 0) resolve(out);
			else reject(new Error(`n8n ${args.join(' ')} failed (exit ${code}):\n${out.slice(-4000)}`));
		});
	});
}

function baseEnv(runtime, { userFolder, port, brokerPort, encryptionKey, owner, extra }) {
	const env = runtimeEnv(runtime);
	// Nothing from a developer's own n8n setup may leak into the hermetic instance.
	for (const k of Object.keys(env))
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|JEST_)/.test(k)) delete env[k];
	// jest sets NODE_ENV=test, which silences n8n's logger and changes its behaviour.
	env.NODE_ENV = 'production';
	Object.assign(env, {
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_OUTPUT: 'console',
		// debug: the publication outbox reports activation only at debug level.
		N8N_LOG_LEVEL: 'debug',
	});
	if (owner) {
		Object.assign(env, {
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: owner.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: owner.passwordHash,
		});
	}
	Object.assign(env, extra || {});
	return env;
}

function makeOwner(runtime) {
	// bcryptjs ships inside n8n's install; no dependency of this project needed.
	const bcrypt = require(path.join(runtime.dir, 'node_modules', 'bcryptjs'));
	const password = `Example-${crypto.randomBytes(9).toString('hex')}-Aa1`;
	return {
		email: 'e2e-owner@example.com',
		firstName: 'E2E',
		lastName: 'Owner',
		password,
		passwordHash: bcrypt.hashSync(password, 10),
	};
}

/**
 * Activation results per workflow id, read from n8n's log lines as they arrive (main process, log
 * level debug: the publication outbox reports activation only there). `watch` takes raw chunks.
 */
function activationTracker() {
	const activation = new Map();
	let partial = '';
	const watch = (chunk) => {
		const lines = (partial + chunk).split('\n');
		partial = lines.pop();
		for (const line of lines) {
			let m =
				/Finished processing workflow publication outbox record.*"workflowId":"([^"]+)".*"result":"([^"]+)"/.exec(
					line,
				);
			if (m) activation.set(m[1], m[2] === 'completed' ? 'ok' : `publication ${m[2]}: ${line}`);
			m = /Activated workflow ".*" \(ID: ([^)]+)\)/.exec(line);
			if (m) activation.set(m[1], 'ok');
			m = /Issue on initial workflow activation try of ".*" \(ID: ([^)]+)\)/.exec(line);
			if (m) activation.set(m[1], line);
		}
	};
	return { activation, watch };
}

/** Session (cookie) client for n8n's internal `/rest` and `/types` endpoints. */
async function login(url, owner) {
	const browserId = crypto.randomUUID();
	const res = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	if (!res.ok) throw new Error(`POST /rest/login -> ${res.status} ${await res.text()}`);
	const cookies = (
		res.headers.getSetCookie ? res.headers.getSetCookie() : [res.headers.get('set-cookie')]
	)
		.filter(Boolean)
		.map((c) => c.split(';')[0]);
	const cookie = cookies.join('; ');
	return async function session(method, p, body) {
		const r = await fetch(`${url}${p}`, {
			method,
			headers: {
				cookie,
				'browser-id': browserId,
				...(body ? { 'content-type': 'application/json' } : {}),
			},
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await r.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!r.ok) throw new Error(`${method} ${p} -> ${r.status} ${text.slice(0, 500)}`);
		return json;
	};
}

function makeApi(url, session, apiKey) {
	async function publicApi(method, p, body) {
		const r = await fetch(`${url}/api/v1${p}`, {
			method,
			headers: {
				'X-N8N-API-KEY': apiKey,
				accept: 'application/json',
				...(body ? { 'content-type': 'application/json' } : {}),
			},
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await r.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = text;
		}
		if (!r.ok) {
			const error = new Error(`${method} /api/v1${p} -> ${r.status} ${text.slice(0, 500)}`);
			error.status = r.status;
			error.body = json;
			throw error;
		}
		return json;
	}
	const api = {
		publicApi,
		session,
		/** All executions of a workflow (follows `nextCursor`), newest first as n8n returns them. */
		async executions({ workflowId, includeData = false, status } = {}) {
			const all = [];
			let cursor;
			do {
				const qs = new URLSearchParams({ limit: '250' });
				if (workflowId) qs.set('workflowId', String(workflowId));
				if (includeData) qs.set('includeData', 'true');
				if (status) qs.set('status', status);
				if (cursor) qs.set('cursor', cursor);
				const page = await publicApi('GET', `/executions?${qs}`);
				all.push(...page.data);
				cursor = page.nextCursor;
			} while (cursor);
			return all;
		},
		execution: (id, includeData = true) =>
			publicApi('GET', `/executions/${id}?includeData=${includeData}`),
		workflow: (id) => publicApi('GET', `/workflows/${id}`),
		publish: (id) => publicApi('POST', `/workflows/${id}/publish`, {}),
		unpublish: (id) => publicApi('POST', `/workflows/${id}/unpublish`, {}),
		credentialSchema: (type) => publicApi('GET', `/credentials/schema/${encodeURIComponent(type)}`),
		/** Node types as the editor loads them (`/types/nodes.json`). */
		nodeTypes: () => session('GET', '/types/nodes.json'),
		credentialTypes: () => session('GET', '/types/credentials.json'),
		/** Waits until `count` executions of the workflow are finished (not running/new/waiting). */
		async waitForExecutions(workflowId, count, { timeoutMs = 60000, includeData = false } = {}) {
			const until = Date.now() + timeoutMs;
			let list = [];
			for (;;) {
				list = await api.executions({ workflowId, includeData });
				const done = list.filter(
					(e) => e.finished || ['success', 'error', 'crashed', 'canceled'].includes(e.status),
				);
				if (done.length >= count && done.length === list.length) return list;
				if (Date.now() > until) {
					throw new Error(
						`workflow ${workflowId}: ${done.length}/${list.length} executions finished, wanted ${count}`,
					);
				}
				await delay(300);
			}
		},
	};
	return api;
}

/**
 * Starts n8n. Options:
 * - userFolder: reuse a folder (default: fresh temp folder, removed on stop)
 * - port: main port (default: a free one)
 * - env: extra environment
 * - owner: false for no owner from env (then `api` is undefined); default: a generated owner
 * - credentials: n8n credential export objects `{ id, name, type, data }` (plain data; n8n encrypts)
 * - workflows: workflow JSON objects (with `id`)
 * - publish: workflow ids to publish before start (their triggers activate at startup)
 * - installPackage: false to skip installing this package
 * - log: progress logger
 * @returns {Promise<{ url, webhookBase, port, userFolder, owner, logs: () => string, stop: () => Promise<void>,
 *   api, timings: { runtimeSeconds, runtimeInstalled, provisionSeconds, startSeconds }, runtime }>}
 */
async function startN8n(options = {}) {
	const log = options.log || (() => {});
	const t0 = Date.now();
	const runtime = await ensureRuntime({ log: (l) => log(`[runtime] ${l}`) });
	const runtimeSeconds = (Date.now() - t0) / 1000;
	const ownFolder = !options.userFolder;
	const userFolder =
		options.userFolder || fs.mkdtempSync(path.join(os.tmpdir(), 'autotask-ilert-n8n-'));
	fs.mkdirSync(userFolder, { recursive: true });
	if (options.installPackage !== false)
		installInto(
			userFolder,
			options.tarball ||
				packPackage({ log, build: process.env.AUTOTASK_ILERT_E2E_ONLY_BUILT !== '1' }),
			{
				onlyBuilt: process.env.AUTOTASK_ILERT_E2E_ONLY_BUILT === '1',
			},
		);

	const port = options.port || (await freePort());
	const brokerPort = options.brokerPort || (await freePort([port]));
	const owner = options.owner === false ? undefined : options.owner || makeOwner(runtime);
	const env = baseEnv(runtime, {
		userFolder,
		port,
		brokerPort,
		encryptionKey: options.encryptionKey || 'example-e2e-encryption-key',
		owner,
		extra: options.env,
	});
	let logText = '';
	const logFile = path.join(userFolder, 'n8n-e2e.log');
	// n8n 2.41 activates published workflows through its publication outbox after /healthz/readiness already answers.
	const { activation, watch } = activationTracker();
	const sink = (s) => {
		watch(s);
		logText += s;
		if (logText.length > 4e6) logText = logText.slice(-2e6);
		fs.appendFileSync(logFile, s);
	};

	const t1 = Date.now();
	const provision = path.join(userFolder, 'provision');
	fs.mkdirSync(provision, { recursive: true });
	if (options.credentials && options.credentials.length) {
		const file = path.join(provision, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(options.credentials));
		await n8nCli(runtime, ['import:credentials', `--input=${file}`], env, sink);
		fs.rmSync(file);
	}
	if (options.workflows && options.workflows.length) {
		const file = path.join(provision, 'workflows.json');
		fs.writeFileSync(file, JSON.stringify(options.workflows));
		await n8nCli(runtime, ['import:workflow', `--input=${file}`], env, sink);
	}
	for (const id of options.publish || [])
		await n8nCli(runtime, ['publish:workflow', `--id=${id}`], env, sink);
	const provisionSeconds = (Date.now() - t1) / 1000;

	const t2 = Date.now();
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, 'start'], {
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.add(child);
	child.stdout.on('data', (d) => sink(d.toString()));
	child.stderr.on('data', (d) => sink(d.toString()));
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal })),
	);
	let exitInfo;
	exited.then((info) => {
		exitInfo = info;
		running.delete(child);
	});

	const url = `http://127.0.0.1:${port}`;
	async function stop() {
		if (!exitInfo) {
			killTree(child, 'SIGTERM');
			const timer = delay(20000).then(() => 'timeout');
			if ((await Promise.race([exited, timer])) === 'timeout') killTree(child, 'SIGKILL');
			await exited;
		}
		// The task runner is a child in the same process group: make sure nothing survives.
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// group already gone
		}
		running.delete(child);
		if (ownFolder && !options.keepUserFolder)
			fs.rmSync(userFolder, { recursive: true, force: true });
	}

	try {
		const deadline = Date.now() + (options.startTimeoutMs || 180000);
		for (;;) {
			if (exitInfo)
				throw new Error(
					`n8n exited during start (${JSON.stringify(exitInfo)}):\n${logText.slice(-4000)}`,
				);
			try {
				const r = await fetch(`${url}/healthz/readiness`);
				if (r.status === 200) break;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline)
				throw new Error(
					`n8n not ready after ${options.startTimeoutMs || 180000} ms:\n${logText.slice(-4000)}`,
				);
			await delay(250);
		}
		// Readiness comes before the published workflows are activated: wait for each one, so a
		// webhook fired right after start is not answered 404.
		for (const id of options.publish || []) {
			const until = Date.now() + (Number(process.env.AUTOTASK_ILERT_E2E_ACTIVATION_MS) || 90000);
			while (!activation.has(id)) {
				if (exitInfo)
					throw new Error(`n8n exited (${JSON.stringify(exitInfo)}):\n${logText.slice(-4000)}`);
				if (Date.now() > until)
					throw new Error(`workflow ${id} not activated in time:\n${logText.slice(-4000)}`);
				await delay(200);
			}
			if (activation.get(id) !== 'ok')
				throw new Error(`workflow ${id} failed to activate: ${activation.get(id)}`);
		}
		const startSeconds = (Date.now() - t2) / 1000;
		let api;
		if (owner) {
			const session = await login(url, owner);
			const scopes = await session('GET', '/rest/api-keys/scopes');
			const created = await session('POST', '/rest/api-keys', {
				label: `e2e-${Date.now()}`,
				scopes: scopes.data || scopes,
				expiresAt: null,
			});
			api = makeApi(url, session, (created.data || created).rawApiKey);
		}
		return {
			url,
			webhookBase: `${url}/webhook`,
			port,
			pid: child.pid,
			userFolder,
			owner,
			runtime,
			api,
			logs: () => logText,
			stop,
			timings: {
				runtimeSeconds,
				runtimeInstalled: runtime.installed,
				provisionSeconds,
				startSeconds,
			},
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = {
	startN8n,
	freePort,
	n8nCli,
	makeOwner,
	baseEnv,
	login,
	makeApi,
	activationTracker,
};
