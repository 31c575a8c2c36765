'use strict';
/**
 * n8n in queue mode on one machine, for the end-to-end suite (E2E_MODE=queue):
 * PostgreSQL + Redis (services.js), one main (`n8n start`, N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true),
 * two webhook processors (`n8n webhook`), two workers (`n8n worker`), and a round-robin proxy
 * (proxy.js) in front of the webhook processors as the public webhook URL (N8N_WEBHOOK_URL).
 * Everything listens on 127.0.0.1, on ports chosen free at run time.
 *
 * Starting the five processes takes minutes on a small machine, so the cluster is started once
 * per jest run (jest-global-setup.js) and each test file attaches to it with `useQueueCluster`,
 * which provisions that file's credentials and workflows (n8n's CLI against the shared database,
 * with the ids the file chose), publishes through main's public API, and on `stop()` unpublishes
 * and removes them again. The handle has the same shape as `startN8n`'s: `webhookBase` is the
 * proxy, `api` is main's REST API (executions are read from the shared database).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ensureRuntime } = require('./runtime');
const { installInto, packPackage } = require('./package');
const { freePort, killTree, running, tempDirs } = require('./processes');
const { activationTracker, baseEnv, login, makeApi, makeOwner, n8nCli } = require('./instance');
const { startServices } = require('./services');
const { startProxy } = require('./proxy');

const WEBHOOK_PROCESSORS = 2;
const WORKERS = 2;
const WORKER_CONCURRENCY = 5;
/** Environment variable naming the JSON file that describes a running cluster (set by the global setup). */
const CLUSTER_ENV = 'AUTOTASK_ILERT_E2E_QUEUE_CLUSTER';

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

function readTail(file, chars = 4000) {
	try {
		const text = fs.readFileSync(file, 'utf8');
		return text.slice(-chars);
	} catch {
		return '(no log)';
	}
}

function fileSize(file) {
	try {
		return fs.statSync(file).size;
	} catch {
		return 0;
	}
}

function readFrom(file, offset) {
	const size = fileSize(file);
	if (size <= offset) return '';
	const fd = fs.openSync(file, 'r');
	try {
		const buffer = Buffer.alloc(size - offset);
		fs.readSync(fd, buffer, 0, buffer.length, offset);
		return buffer.toString('utf8');
	} finally {
		fs.closeSync(fd);
	}
}

/** One n8n process of the cluster, output straight to its own log file. */
function spawnN8n(runtime, role, args, env, logFile) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, ...args], {
		env,
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	running.add(child);
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal })),
	);
	child.on('error', () => {});
	exited.then(() => running.delete(child));
	return {
		role,
		child,
		exited,
		logFile,
		pid: child.pid,
		alive: () => child.exitCode === null && child.signalCode === null,
	};
}

async function stopProcess(proc, graceMs = 20000) {
	if (proc.alive()) {
		killTree(proc.child, 'SIGTERM');
		const timeout = delay(graceMs).then(() => 'timeout');
		if ((await Promise.race([proc.exited, timeout])) === 'timeout') killTree(proc.child, 'SIGKILL');
		await proc.exited;
	}
	// The task runner is a child in the same process group: make sure nothing survives.
	try {
		process.kill(-proc.pid, 'SIGKILL');
	} catch {
		// group already gone
	}
}

async function waitReady(proc, url, timeoutMs) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		if (!proc.alive())
			throw new Error(`n8n ${proc.role} exited during start:\n${readTail(proc.logFile)}`);
		try {
			const r = await fetch(url);
			if (r.status === 200) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > until)
			throw new Error(
				`n8n ${proc.role} not ready after ${timeoutMs} ms (${url}):\n${readTail(proc.logFile)}`,
			);
		await delay(300);
	}
}

/**
 * Starts the whole cluster. Options: tarball (default: pack this package), env (extra n8n
 * environment for every process), log, startTimeoutMs (per process).
 */
async function startQueueCluster(options = {}) {
	const log = options.log || (() => {});
	const t0 = Date.now();
	const runtime = await ensureRuntime({ log: (l) => log(`[runtime] ${l}`) });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autotask-ilert-queue-'));
	if (!options.keepDir) tempDirs.add(dir);
	const logDir = path.join(dir, 'logs');
	fs.mkdirSync(logDir);
	const processes = [];
	let services;
	let proxy;
	let stopped = false;

	async function stop() {
		if (stopped) return;
		stopped = true;
		const t = Date.now();
		// Workers and webhook processors first, main last, then the proxy and the services.
		await Promise.allSettled(processes.filter((p) => p.role !== 'main').map((p) => stopProcess(p)));
		await Promise.allSettled(processes.filter((p) => p.role === 'main').map((p) => stopProcess(p)));
		if (proxy) await proxy.close();
		if (services) await services.stop();
		if (!options.keepDir) fs.rmSync(dir, { recursive: true, force: true });
		tempDirs.delete(dir);
		log(`cluster stopped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
	}

	try {
		const tServices = Date.now();
		services = await startServices({ log: (l) => log(`[services] ${l}`) });
		const servicesSeconds = (Date.now() - tServices) / 1000;
		proxy = await startProxy({ log: (l) => log(`[proxy] ${l}`) });

		const userFolder = path.join(dir, 'n8n');
		fs.mkdirSync(userFolder);
		installInto(
			userFolder,
			options.tarball ||
				packPackage({ log, build: process.env.AUTOTASK_ILERT_E2E_ONLY_BUILT !== '1' }),
			{
				onlyBuilt: process.env.AUTOTASK_ILERT_E2E_ONLY_BUILT === '1',
			},
		);
		const owner = makeOwner(runtime);
		const encryptionKey = options.encryptionKey || 'example-e2e-encryption-key';
		const used = [proxy.port, services.postgres.port, services.redis.port];
		const port = async () => {
			const p = await freePort(used);
			used.push(p);
			return p;
		};
		const mainPort = await port();
		const mainUrl = `http://127.0.0.1:${mainPort}`;
		const common = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: services.postgres.host,
			DB_POSTGRESDB_PORT: String(services.postgres.port),
			DB_POSTGRESDB_DATABASE: services.postgres.database,
			DB_POSTGRESDB_USER: services.postgres.user,
			DB_POSTGRESDB_PASSWORD: services.postgres.password,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: services.redis.host,
			QUEUE_BULL_REDIS_PORT: String(services.redis.port),
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			N8N_WEBHOOK_URL: `${proxy.url}/`,
			N8N_EDITOR_BASE_URL: `${mainUrl}/`,
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			...(options.env || {}),
		};
		const envFor = (p, brokerPort, { withOwner = false, extra = {} } = {}) =>
			baseEnv(runtime, {
				userFolder,
				port: p,
				brokerPort,
				encryptionKey,
				owner: withOwner ? owner : undefined,
				extra: { ...common, ...extra },
			});

		const timeoutMs = options.startTimeoutMs || 300000;
		const tMain = Date.now();
		const mainEnv = envFor(mainPort, await port(), { withOwner: true });
		const main = spawnN8n(runtime, 'main', ['start'], mainEnv, path.join(logDir, 'main.log'));
		processes.push(main);
		await waitReady(main, `${mainUrl}/healthz/readiness`, timeoutMs);
		const mainSeconds = (Date.now() - tMain) / 1000;
		log(`main ready on ${mainUrl} in ${mainSeconds.toFixed(1)} s`);

		// Webhook processors and workers need the migrated database: start them once main is up.
		const tRest = Date.now();
		const webhookPorts = [];
		const waits = [];
		for (let i = 1; i <= WEBHOOK_PROCESSORS; i += 1) {
			const p = await port();
			webhookPorts.push(p);
			const proc = spawnN8n(
				runtime,
				`webhook-${i}`,
				['webhook'],
				envFor(p, await port(), { extra: { N8N_LOG_LEVEL: 'info' } }),
				path.join(logDir, `webhook-${i}.log`),
			);
			proc.port = p;
			processes.push(proc);
			waits.push(waitReady(proc, `http://127.0.0.1:${p}/healthz/readiness`, timeoutMs));
		}
		for (let i = 1; i <= WORKERS; i += 1) {
			const health = await port();
			const env = envFor(await port(), await port(), {
				extra: {
					N8N_LOG_LEVEL: 'info',
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(health),
				},
			});
			const proc = spawnN8n(
				runtime,
				`worker-${i}`,
				['worker', `--concurrency=${WORKER_CONCURRENCY}`],
				env,
				path.join(logDir, `worker-${i}.log`),
			);
			proc.port = health;
			processes.push(proc);
			waits.push(waitReady(proc, `http://127.0.0.1:${health}/healthz/readiness`, timeoutMs));
		}
		await Promise.all(waits);
		proxy.setBackends(webhookPorts.map((p) => ({ port: p })));
		const othersSeconds = (Date.now() - tRest) / 1000;

		const session = await login(mainUrl, owner);
		const scopes = await session('GET', '/rest/api-keys/scopes');
		const created = await session('POST', '/rest/api-keys', {
			label: `e2e-queue-${Date.now()}`,
			scopes: scopes.data || scopes,
			expiresAt: null,
		});
		const apiKey = (created.data || created).rawApiKey;
		const timings = {
			servicesSeconds,
			mainSeconds,
			othersSeconds,
			totalSeconds: (Date.now() - t0) / 1000,
			installedPackages: services.installed,
		};
		log(
			`cluster ready in ${timings.totalSeconds.toFixed(1)} s (services ${servicesSeconds.toFixed(1)} s, main ${mainSeconds.toFixed(1)} s, ` +
				`${WEBHOOK_PROCESSORS} webhook processors + ${WORKERS} workers ${othersSeconds.toFixed(1)} s); webhooks via ${proxy.url}`,
		);

		const info = {
			dir,
			userFolder,
			mainUrl,
			mainPort,
			proxyUrl: proxy.url,
			owner: {
				email: owner.email,
				password: owner.password,
				firstName: owner.firstName,
				lastName: owner.lastName,
			},
			apiKey,
			cliEnv: mainEnv,
			runtime,
			timings,
			postgres: {
				host: services.postgres.host,
				port: services.postgres.port,
				database: services.postgres.database,
			},
			redis: { host: services.redis.host, port: services.redis.port },
			processes: processes.map((p) => ({
				role: p.role,
				pid: p.pid,
				port: p.port ?? mainPort,
				logFile: p.logFile,
			})),
		};
		return {
			...info,
			info,
			proxy,
			stop,
			/** The running processes (role, pid, child) for tests that stop or kill one. */
			children: processes,
			/** Writes the description other processes attach with; returns its path. */
			writeInfo() {
				const file = path.join(dir, 'cluster.json');
				fs.writeFileSync(file, JSON.stringify(info, null, 2), { mode: 0o600 });
				return file;
			},
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Waits until main's log reports the publication outbox record (publish or unpublish) of `id` after `offset`. */
async function waitPublication(
	mainLog,
	offset,
	id,
	timeoutMs = Number(process.env.AUTOTASK_ILERT_E2E_ACTIVATION_MS) || 90000,
) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const { activation, watch } = activationTracker();
		watch(`${readFrom(mainLog, offset)}\n`);
		if (activation.has(id)) {
			if (activation.get(id) !== 'ok') throw new Error(`workflow ${id}: ${activation.get(id)}`);
			return;
		}
		if (Date.now() > until)
			throw new Error(
				`workflow ${id}: no publication result in main's log after ${timeoutMs} ms:\n${readTail(mainLog)}`,
			);
		await delay(250);
	}
}

/**
 * A test file's view of the queue-mode cluster, with the shape of `startN8n`'s instance.
 * Attaches to the cluster the global setup started (AUTOTASK_ILERT_E2E_QUEUE_CLUSTER), or starts
 * one for this file alone when there is none (stopped again by `stop()`).
 * Options as startN8n: credentials, workflows, publish, log.
 */
async function useQueueCluster(options = {}) {
	const log = options.log || (() => {});
	const t0 = Date.now();
	let own;
	let info;
	const file = process.env[CLUSTER_ENV];
	if (file && fs.existsSync(file)) {
		info = JSON.parse(fs.readFileSync(file, 'utf8'));
	} else {
		own = await startQueueCluster({ log, tarball: options.tarball });
		info = own.info;
	}
	const mainLog = info.processes.find((p) => p.role === 'main').logFile;
	let cliLog = '';
	const sink = (s) => {
		cliLog += s;
		if (cliLog.length > 1e6) cliLog = cliLog.slice(-5e5);
	};
	const session = await login(info.mainUrl, info.owner);
	const api = makeApi(info.mainUrl, session, info.apiKey);
	const published = new Set();
	const credentialIds = (options.credentials || []).map((c) => c.id);
	const workflowIds = (options.workflows || []).map((w) => w.id);

	async function stop() {
		// Unpublish (template 2's trigger deregisters while the simulators still run), then remove.
		for (const id of published) {
			try {
				const offset = fileSize(mainLog);
				await api.unpublish(id);
				await waitPublication(mainLog, offset, id, 30000);
			} catch {
				// already unpublished by the test
			}
		}
		for (const id of workflowIds)
			await api.publicApi('DELETE', `/workflows/${id}`).catch(() => undefined);
		for (const id of credentialIds)
			await api.publicApi('DELETE', `/credentials/${id}`).catch(() => undefined);
		if (own) await own.stop();
	}

	try {
		const provision = fs.mkdtempSync(path.join(os.tmpdir(), 'autotask-ilert-provision-'));
		try {
			if (options.credentials && options.credentials.length) {
				const f = path.join(provision, 'credentials.json');
				fs.writeFileSync(f, JSON.stringify(options.credentials), { mode: 0o600 });
				await n8nCli(info.runtime, ['import:credentials', `--input=${f}`], info.cliEnv, sink);
			}
			if (options.workflows && options.workflows.length) {
				const f = path.join(provision, 'workflows.json');
				fs.writeFileSync(f, JSON.stringify(options.workflows));
				await n8nCli(info.runtime, ['import:workflow', `--input=${f}`], info.cliEnv, sink);
			}
		} finally {
			fs.rmSync(provision, { recursive: true, force: true });
		}
		// Published through main while everything runs: main activates (and runs the triggers'
		// webhookMethods), webhook processors find the webhooks in the shared database.
		for (const id of options.publish || []) {
			const offset = fileSize(mainLog);
			await api.publish(id);
			published.add(id);
			await waitPublication(mainLog, offset, id);
		}
	} catch (error) {
		await stop();
		throw error;
	}
	const provisionSeconds = (Date.now() - t0) / 1000 - (own ? own.timings.totalSeconds : 0);

	return {
		mode: 'queue',
		url: info.mainUrl,
		webhookBase: `${info.proxyUrl}/webhook`,
		port: info.mainPort,
		pid: info.processes[0].pid,
		userFolder: info.userFolder,
		owner: info.owner,
		runtime: info.runtime,
		api,
		cluster: info,
		/** Every process's log (main, webhook processors, workers) and this file's CLI output. */
		logs: () =>
			[
				...info.processes.map((p) => `===== n8n ${p.role} =====\n${readTail(p.logFile, 3e6)}`),
				`===== provisioning =====\n${cliLog}`,
			].join('\n'),
		stop,
		timings: {
			runtimeSeconds: 0,
			runtimeInstalled: false,
			provisionSeconds,
			// The cluster starts once per run; this is what that start took.
			startSeconds: info.timings.totalSeconds,
			cluster: info.timings,
		},
	};
}

module.exports = { startQueueCluster, useQueueCluster, CLUSTER_ENV, WEBHOOK_PROCESSORS, WORKERS };
