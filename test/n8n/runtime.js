'use strict';
/**
 * The pinned n8n runtime the end-to-end tests and `npm start` use.
 *
 * n8n 2.41 needs Node >= 24 while this project builds and unit-tests on Node >= 20, so the
 * runtime brings its own Node: `npm install node@<NODE_VERSION>` puts a Node binary into the
 * runtime folder, and n8n is installed and run with that binary first on PATH.
 *
 * The runtime is installed once into a cache OUTSIDE the clone
 * (`$AUTOTASK_ILERT_N8N_CACHE`, else `$XDG_CACHE_HOME/n8n-nodes-autotask-ilert`, else
 * `~/.cache/n8n-nodes-autotask-ilert`), in a temporary folder that is renamed to its final
 * name only when everything succeeded, so an interrupted install never looks complete.
 * A lock file keeps two processes from installing at the same time.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Exact versions; also printed in the README "Compatibility" section. */
const N8N_VERSION = '2.41.1';
const NODE_VERSION = '24.21.0';

const RUNTIME_NAME = `n8n-${N8N_VERSION}-node-${NODE_VERSION}`;
const MARKER = 'runtime.json';
const LOCK_STALE_MS = 30 * 60 * 1000;
const LOCK_WAIT_MS = 40 * 60 * 1000;

function cacheRoot() {
	if (process.env.AUTOTASK_ILERT_N8N_CACHE)
		return path.resolve(process.env.AUTOTASK_ILERT_N8N_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-autotask-ilert');
}

function runtimeDir() {
	return path.join(cacheRoot(), RUNTIME_NAME);
}

function describe(dir) {
	return {
		dir,
		nodeBin: path.join(dir, 'node_modules', 'node', 'bin', 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		binDir: path.join(dir, 'node_modules', '.bin'),
		n8nVersion: N8N_VERSION,
		nodeVersion: NODE_VERSION,
	};
}

/** The runtime if it is completely installed, else undefined. Never installs. */
function findRuntime() {
	const info = describe(runtimeDir());
	try {
		const marker = JSON.parse(fs.readFileSync(path.join(info.dir, MARKER), 'utf8'));
		if (marker.n8nVersion !== N8N_VERSION || marker.nodeVersion !== NODE_VERSION) return undefined;
		if (!fs.existsSync(info.nodeBin) || !fs.existsSync(info.n8nBin)) return undefined;
		return { ...info, installedAt: marker.installedAt, installSeconds: marker.installSeconds };
	} catch {
		return undefined;
	}
}

/** Environment for npm children: the project's npm settings (ignore-scripts etc.) must not leak in. */
function cleanEnv(extraPathDir) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^npm_(config|package|lifecycle)_/i.test(k)) continue;
		if (
			k === 'INIT_CWD' ||
			k === 'npm_execpath' ||
			k === 'npm_node_execpath' ||
			k === 'npm_command'
		)
			continue;
		env[k] = v;
	}
	if (extraPathDir) env.PATH = `${extraPathDir}${path.delimiter}${env.PATH || ''}`;
	env.npm_config_update_notifier = 'false';
	env.npm_config_fund = 'false';
	env.npm_config_audit = 'false';
	return env;
}

function run(cmd, args, { cwd, env, logFile, log }) {
	return new Promise((resolve, reject) => {
		const line = `$ ${cmd} ${args.join(' ')}`;
		log(line);
		fs.appendFileSync(logFile, `\n${line}\n`);
		const out = fs.openSync(logFile, 'a');
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
		child.on('error', (error) => {
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			fs.closeSync(out);
			if (code === 0) resolve();
			else {
				const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
				reject(new Error(`${line} failed (${signal || `exit ${code}`}); log ${logFile}:\n${tail}`));
			}
		});
	});
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Takes the lock or returns false when another live process holds it. Removes stale locks. */
function tryLock(lockPath) {
	try {
		fs.writeFileSync(
			lockPath,
			JSON.stringify({ pid: process.pid, at: Date.now(), host: os.hostname() }),
			{
				flag: 'wx',
			},
		);
		return true;
	} catch (error) {
		if (error.code !== 'EEXIST') throw error;
	}
	try {
		const holder = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
		const stale =
			(holder.host === os.hostname() && !pidAlive(holder.pid)) ||
			Date.now() - holder.at > LOCK_STALE_MS;
		if (stale) fs.rmSync(lockPath, { force: true });
	} catch {
		// A lock being written right now reads as invalid JSON: treat it as held, unless it is old.
		try {
			if (Date.now() - fs.statSync(lockPath).mtimeMs > 60000) fs.rmSync(lockPath, { force: true });
		} catch {
			// Removed by its holder meanwhile.
		}
	}
	return false;
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

async function install(root, log) {
	const started = Date.now();
	const finalDir = runtimeDir();
	const tmp = path.join(root, `${RUNTIME_NAME}.tmp-${process.pid}-${Date.now()}`);
	fs.mkdirSync(tmp, { recursive: true });
	const logFile = path.join(tmp, 'install.log');
	fs.writeFileSync(
		path.join(tmp, 'package.json'),
		JSON.stringify(
			{ name: 'autotask-ilert-n8n-runtime', private: true, description: RUNTIME_NAME },
			null,
			2,
		),
	);
	const info = describe(tmp);
	try {
		// The `node` package's preinstall script fetches the platform binary: scripts must run here.
		await run(
			'npm',
			[
				'install',
				`node@${NODE_VERSION}`,
				'--save-exact',
				'--ignore-scripts=false',
				'--no-audit',
				'--no-fund',
			],
			{
				cwd: tmp,
				env: cleanEnv(),
				logFile,
				log,
			},
		);
		if (!fs.existsSync(info.nodeBin))
			throw new Error(`node@${NODE_VERSION} installed no binary at ${info.nodeBin}`);
		// n8n's own install scripts try to download things (kafka's zlib): skip them, then
		// compile the one native module n8n needs on its embedded database, sqlite3.
		const env24 = cleanEnv(path.dirname(info.nodeBin));
		await run(
			'npm',
			[
				'install',
				`n8n@${N8N_VERSION}`,
				'--ignore-scripts',
				'--save-exact',
				'--no-audit',
				'--no-fund',
			],
			{
				cwd: tmp,
				env: env24,
				logFile,
				log,
			},
		);
		await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], {
			cwd: tmp,
			env: env24,
			logFile,
			log,
		});
		await run(
			info.nodeBin,
			[
				'-e',
				`const v=process.versions.node;if(v!=='${NODE_VERSION}')throw new Error('node '+v);require('sqlite3');`,
			],
			{ cwd: tmp, env: env24, logFile, log },
		);
		const n8nPkg = JSON.parse(
			fs.readFileSync(path.join(tmp, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		);
		if (n8nPkg.version !== N8N_VERSION)
			throw new Error(`installed n8n ${n8nPkg.version}, expected ${N8N_VERSION}`);
		fs.writeFileSync(
			path.join(tmp, MARKER),
			JSON.stringify(
				{
					n8nVersion: N8N_VERSION,
					nodeVersion: NODE_VERSION,
					installedAt: new Date().toISOString(),
					installSeconds: Math.round((Date.now() - started) / 1000),
				},
				null,
				2,
			),
		);
		fs.rmSync(finalDir, { recursive: true, force: true });
		fs.renameSync(tmp, finalDir);
	} catch (error) {
		fs.rmSync(tmp, { recursive: true, force: true });
		throw error;
	}
}

/**
 * Installs the pinned runtime once and returns where it is.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<{ dir: string, nodeBin: string, n8nBin: string, binDir: string, n8nVersion: string,
 *   nodeVersion: string, installed: boolean, seconds: number }>}
 */
async function ensureRuntime(options = {}) {
	const log = options.log || ((line) => process.stderr.write(`[n8n runtime] ${line}\n`));
	const started = Date.now();
	let found = findRuntime();
	if (found) return { ...found, installed: false, seconds: (Date.now() - started) / 1000 };
	const root = cacheRoot();
	fs.mkdirSync(root, { recursive: true });
	const lockPath = path.join(root, `${RUNTIME_NAME}.lock`);
	let announced = false;
	while (!tryLock(lockPath)) {
		if (!announced) log(`another process is installing the runtime (lock ${lockPath}); waiting`);
		announced = true;
		if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`timed out waiting for ${lockPath}`);
		await delay(2000);
	}
	try {
		found = findRuntime();
		if (found) return { ...found, installed: false, seconds: (Date.now() - started) / 1000 };
		log(
			`installing node@${NODE_VERSION} and n8n@${N8N_VERSION} into ${runtimeDir()} (several minutes, once)`,
		);
		await install(root, log);
	} finally {
		fs.rmSync(lockPath, { force: true });
	}
	found = findRuntime();
	if (!found) throw new Error(`runtime install finished but ${runtimeDir()} is incomplete`);
	const seconds = (Date.now() - started) / 1000;
	log(`runtime installed in ${seconds.toFixed(0)} s`);
	return { ...found, installed: true, seconds };
}

/** PATH-ready environment that runs the runtime's Node first. */
function runtimeEnv(runtime, base = process.env) {
	const env = { ...base };
	for (const k of Object.keys(env)) if (/^npm_(config|package|lifecycle)_/i.test(k)) delete env[k];
	env.PATH = `${path.dirname(runtime.nodeBin)}${path.delimiter}${base.PATH || ''}`;
	return env;
}

module.exports = {
	N8N_VERSION,
	NODE_VERSION,
	RUNTIME_NAME,
	cacheRoot,
	runtimeDir,
	findRuntime,
	ensureRuntime,
	runtimeEnv,
};

if (require.main === module) {
	ensureRuntime()
		.then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
		.catch((error) => {
			process.stderr.write(`${error.stack || error}\n`);
			process.exit(1);
		});
}
