// `npm start`: a local n8n with this package installed, for trying the nodes and templates.
//
// - builds the package and packs it (`npm pack`, as it would be published),
// - installs the pinned n8n runtime once (Node 24 + n8n, into ~/.cache, see test/n8n/runtime.js),
// - installs the package into ./.n8n-local/ the way n8n installs community packages,
// - imports the templates from workflows/ (inactive; credentials are referenced, not embedded)
//   the first time each template is seen, so your edits are never overwritten,
// - runs n8n in the foreground on its embedded SQLite database until Ctrl-C.
//
// Everything n8n stores (database, encryption key, credentials) stays in ./.n8n-local/.
// The first time (no owner account yet, as n8n's public settings tell), open the editor URL and
// create the owner account as in any new n8n; later runs only say to sign in.
//
// Environment: N8N_PORT (default 5678), N8N_LISTEN_ADDRESS (default 127.0.0.1),
// AUTOTASK_ILERT_N8N_FOLDER (default ./.n8n-local), N8N_WEBHOOK_URL (public URL for Autotask
// and ilert to reach your webhooks, e.g. a tunnel), any other N8N_* variable is passed to n8n.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';

// A fresh clone has no node_modules yet: install the locked development dependencies first.
ensureDeps();
const require = createRequire(import.meta.url);
const { ensureRuntime, runtimeEnv } = require('../test/n8n/runtime.js');
const { installInto, packPackage, PACKAGE_NAME } = require('../test/n8n/package.js');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const userFolder = path.resolve(root, process.env.AUTOTASK_ILERT_N8N_FOLDER || '.n8n-local');
const port = Number(process.env.N8N_PORT || 5678);
const listen = process.env.N8N_LISTEN_ADDRESS || '127.0.0.1';
const say = (line) => console.log(`[start] ${line}`);

function fail(message) {
	console.error(`[start] ${message}`);
	process.exit(1);
}

function portFree(p) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(p, listen, () => server.close(() => resolve(true)));
	});
}

if (port === 5679) fail("N8N_PORT=5679 is n8n's task-broker port; choose another port");
if (!(await portFree(port)))
	fail(`port ${port} on ${listen} is in use (another n8n?). Set N8N_PORT to use another port.`);

say('building the package');
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) fail('build failed');

const runtime = await ensureRuntime({ log: (line) => say(line) });
say(`n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion} (${runtime.dir})`);

mkdirSync(userFolder, { recursive: true });
const pkgDir = installInto(userFolder, packPackage({ build: false }));
say(`installed ${PACKAGE_NAME} into ${path.relative(root, pkgDir)}`);

const env = runtimeEnv(runtime);
env.N8N_USER_FOLDER = userFolder;
env.N8N_PORT = String(port);
env.N8N_LISTEN_ADDRESS = listen;
env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
env.N8N_VERSION_NOTIFICATIONS_ENABLED ??= 'false';
env.N8N_PERSONALIZATION_ENABLED ??= 'false';
// A local-only instance is reached over plain http://localhost.
if (['127.0.0.1', 'localhost', '::1'].includes(listen)) env.N8N_SECURE_COOKIE ??= 'false';

function n8n(args) {
	const run = spawnSync(runtime.nodeBin, [runtime.n8nBin, ...args], { env, encoding: 'utf8' });
	if (run.status !== 0) fail(`n8n ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
}

// Templates: import each file once, inactive, so edits made in the editor survive restarts.
const importedFile = path.join(userFolder, 'imported-templates.json');
const imported = existsSync(importedFile) ? JSON.parse(readFileSync(importedFile, 'utf8')) : {};
const workflowsDir = path.join(root, 'workflows');
for (const file of readdirSync(workflowsDir)
	.filter((f) => f.endsWith('.json'))
	.sort()) {
	const workflow = JSON.parse(readFileSync(path.join(workflowsDir, file), 'utf8'));
	if (imported[file]) continue;
	say(`importing template ${file} ("${workflow.name}", inactive)`);
	// n8n's CLI import needs an id (the editor's "Import from File" assigns one itself): derive a
	// stable one from the file name.
	if (!workflow.id)
		workflow.id = createHash('sha1').update(`autotask-ilert:${file}`).digest('hex').slice(0, 16);
	const importFile = path.join(userFolder, `import-${file}`);
	writeFileSync(importFile, JSON.stringify({ ...workflow, active: false }));
	n8n(['import:workflow', `--input=${importFile}`]);
	rmSync(importFile, { force: true });
	imported[file] = { name: workflow.name, importedAt: new Date().toISOString() };
	writeFileSync(importedFile, JSON.stringify(imported, null, 2));
}

const child = spawn(runtime.nodeBin, [runtime.n8nBin, 'start'], { env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		if (child.exitCode === null) child.kill(signal);
	});
}

const host = listen === '0.0.0.0' || listen === '::' ? 'localhost' : listen;
const editorUrl = `http://${host}:${port}/`;

/** Whether this n8n has an owner account (its public settings say so); undefined if unknown. */
async function hasOwner() {
	try {
		const r = await fetch(`${editorUrl}rest/settings`);
		const setup = (await r.json())?.data?.userManagement?.showSetupOnFirstLoad;
		return typeof setup === 'boolean' ? !setup : undefined;
	} catch {
		return undefined;
	}
}
(async () => {
	for (let i = 0; i < 600 && child.exitCode === null; i++) {
		try {
			const r = await fetch(`${editorUrl}healthz/readiness`);
			if (r.status === 200) {
				console.log('');
				say(`n8n is ready: open ${editorUrl}`);
				const ownerExists = await hasOwner();
				if (ownerExists === false) {
					say(
						'first time: create the owner account there, then add the Autotask and ilert credentials',
					);
				} else if (ownerExists === true) {
					say(
						'sign in with your owner account, then add the Autotask and ilert credentials if not done yet',
					);
				} else {
					say(
						'sign in (or, if n8n asks for it, create the owner account), then add the Autotask and ilert credentials',
					);
				}
				say(
					'and open the templates (Autotask → ilert, two-way sync, business hours) to pick them.',
				);
				if (!process.env.N8N_WEBHOOK_URL) {
					say(
						`webhooks are at ${editorUrl}webhook/...; set N8N_WEBHOOK_URL to a public URL so Autotask and ilert can reach them`,
					);
				}
				say(
					`data lives in ${path.relative(root, userFolder) || userFolder}/; press Ctrl-C to stop`,
				);
				return;
			}
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
})();

child.on('exit', (code, signal) => {
	process.exit(code ?? (signal ? 0 : 1));
});
