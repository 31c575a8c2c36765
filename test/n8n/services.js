'use strict';
/**
 * PostgreSQL and Redis for n8n's queue mode, from Debian's packages, started as private child
 * processes: data in a temp dir, a port chosen free at run time, listening on 127.0.0.1 only
 * (Postgres' unix socket in the temp dir), stopped and removed by `stop()`.
 *
 * When a binary is missing (a fresh CI machine) and we are root, the packages are installed with
 * apt-get, non-interactively; services the packages' own scripts would start are kept from
 * starting (policy-rc.d), so nothing listens on the default ports afterwards.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { freePort, running, killTree, tempDirs } = require('./processes');

const PG_USER = 'n8n';
const PG_PASSWORD = 'example-e2e-db-password';
const PG_DATABASE = 'n8nq';

function which(name) {
	const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The newest /usr/lib/postgresql/<major>/bin that has postgres and initdb. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	let majors = [];
	try {
		majors = fs
			.readdirSync(root)
			.filter((d) => /^\d+$/.test(d))
			.sort((a, b) => Number(b) - Number(a));
	} catch {
		// not installed
	}
	for (const major of majors) {
		const bin = path.join(root, major, 'bin');
		if (fs.existsSync(path.join(bin, 'postgres')) && fs.existsSync(path.join(bin, 'initdb')))
			return bin;
	}
	return undefined;
}

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Installs what is missing of redis-server and PostgreSQL (root only). */
function ensureServicePackages(log = () => {}) {
	const missing = [];
	if (!which('redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (!missing.length) return { installed: [] };
	if (!isRoot()) {
		throw new Error(
			`queue mode needs ${missing.join(' and ')}; install them (apt-get install -y ${missing.join(' ')}) or run as root`,
		);
	}
	log(`installing ${missing.join(', ')} from Debian's packages`);
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	// Keep the packages' init scripts from starting system-wide services on the default ports.
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	try {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
			const r = spawnSync('apt-get', args, {
				env,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			if (r.status !== 0)
				throw new Error(
					`apt-get ${args.join(' ')} failed (${r.status}):\n${(r.stdout + r.stderr).slice(-3000)}`,
				);
		}
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
	if (!which('redis-server') || !postgresBinDir())
		throw new Error(`apt-get installed ${missing.join(', ')} but a binary is still missing`);
	return { installed: missing };
}

/** Spawns a long-running service as a child in its own process group, output to a log file. */
function spawnService(name, cmd, args, { logFile, uid, gid, cwd }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out], uid, gid, cwd });
	fs.closeSync(out);
	running.add(child);
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal })),
	);
	child.on('error', () => {});
	exited.then(() => running.delete(child));
	return { name, child, exited };
}

async function stopService(service, signal, graceMs = 15000) {
	if (!service || service.child.exitCode !== null || service.child.signalCode !== null) return;
	killTree(service.child, signal);
	const timeout = new Promise((r) => setTimeout(() => r('timeout'), graceMs).unref());
	if ((await Promise.race([service.exited, timeout])) === 'timeout')
		killTree(service.child, 'SIGKILL');
	await service.exited;
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

function canConnect(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function waitFor(what, check, service, logFile, timeoutMs = 60000) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		if (service.child.exitCode !== null || service.child.signalCode !== null) {
			throw new Error(`${what} exited during start:\n${readTail(logFile)}`);
		}
		if (await check()) return;
		if (Date.now() > until)
			throw new Error(`${what} not ready after ${timeoutMs} ms:\n${readTail(logFile)}`);
		await delay(200);
	}
}

function readTail(file, chars = 3000) {
	try {
		return fs.readFileSync(file, 'utf8').slice(-chars);
	} catch {
		return '(no log)';
	}
}

/** Runs a command to completion (for initdb and psql); throws with its output on failure. */
function runSync(cmd, args, options = {}) {
	const r = spawnSync(cmd, args, {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		...options,
	});
	if (r.status !== 0)
		throw new Error(
			`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${(r.stdout || '') + (r.stderr || '')}`,
		);
	return r.stdout;
}

async function startPostgres(dir, log) {
	const bin = postgresBinDir();
	const port = await freePort();
	const home = path.join(dir, 'pg');
	const data = path.join(home, 'data');
	const logFile = path.join(home, 'postgres.log');
	fs.mkdirSync(home, { recursive: true });
	// Postgres refuses to run as root: as root, run it as the Debian package's `postgres` user.
	let uid;
	let gid;
	if (isRoot()) {
		const id = (flag) => Number(runSync('id', [flag, 'postgres']).trim());
		uid = id('-u');
		gid = id('-g');
		fs.chownSync(home, uid, gid);
		// The temp dir's parents must be traversable for that user.
		fs.chmodSync(dir, 0o755);
	}
	const t = Date.now();
	runSync(
		path.join(bin, 'initdb'),
		['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
		{ uid, gid, cwd: home },
	);
	const service = spawnService(
		'postgres',
		path.join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			home,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'synchronous_commit=off',
		],
		{ logFile, uid, gid, cwd: home },
	);
	const psql = (sql, db = 'postgres') =>
		runSync(path.join(bin, 'psql'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			'postgres',
			'-d',
			db,
			'-v',
			'ON_ERROR_STOP=1',
			'-qAtc',
			sql,
		]);
	try {
		await waitFor(
			'postgres',
			async () =>
				(await canConnect(port)) &&
				spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status ===
					0,
			service,
			logFile,
		);
		psql(`CREATE USER ${PG_USER} WITH PASSWORD '${PG_PASSWORD}'`);
		psql(`CREATE DATABASE ${PG_DATABASE} OWNER ${PG_USER}`);
	} catch (error) {
		await stopService(service, 'SIGQUIT');
		throw error;
	}
	log(
		`postgres ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} in ${((Date.now() - t) / 1000).toFixed(1)} s`,
	);
	return {
		host: '127.0.0.1',
		port,
		user: PG_USER,
		password: PG_PASSWORD,
		database: PG_DATABASE,
		logFile,
		// SIGINT: Postgres' "fast" shutdown.
		stop: () => stopService(service, 'SIGINT'),
	};
}

async function startRedis(dir, log) {
	const port = await freePort();
	const home = path.join(dir, 'redis');
	fs.mkdirSync(home, { recursive: true });
	const logFile = path.join(home, 'redis.log');
	const t = Date.now();
	const service = spawnService(
		'redis',
		which('redis-server'),
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			home,
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{ logFile, cwd: home },
	);
	try {
		await waitFor(
			'redis',
			async () =>
				(await canConnect(port)) && /Ready to accept connections/.test(readTail(logFile, 100000)),
			service,
			logFile,
		);
	} catch (error) {
		await stopService(service, 'SIGKILL');
		throw error;
	}
	log(`redis on 127.0.0.1:${port} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
	return { host: '127.0.0.1', port, logFile, stop: () => stopService(service, 'SIGTERM') };
}

/**
 * Starts PostgreSQL and Redis (installing the packages first if missing).
 * @param {{ dir?: string, log?: (line: string) => void }} [options]
 */
async function startServices(options = {}) {
	const log = options.log || (() => {});
	const t = Date.now();
	const { installed } = ensureServicePackages(log);
	const ownDir = !options.dir;
	const dir = options.dir || fs.mkdtempSync(path.join(os.tmpdir(), 'autotask-ilert-services-'));
	if (ownDir) tempDirs.add(dir);
	const removeDir = () => {
		if (!ownDir) return;
		fs.rmSync(dir, { recursive: true, force: true });
		tempDirs.delete(dir);
	};
	let postgres;
	let redis;
	try {
		postgres = await startPostgres(dir, log);
		redis = await startRedis(dir, log);
	} catch (error) {
		if (postgres) await postgres.stop();
		removeDir();
		throw error;
	}
	return {
		dir,
		postgres,
		redis,
		installed,
		seconds: (Date.now() - t) / 1000,
		async stop() {
			await Promise.allSettled([redis.stop(), postgres.stop()]);
			removeDir();
		},
	};
}

module.exports = { startServices, ensureServicePackages, postgresBinDir };
