'use strict';
/**
 * Packs this project the way it is published (`npm pack`, so `files` and the package.json
 * `n8n` section are exercised) and installs the tarball into an n8n user folder exactly where
 * n8n's community-package installer puts it: `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>`.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
const PACKAGE_NAME = PACKAGE_JSON.name;

/** Files the package.json `n8n` section points at. */
function declaredFiles() {
	const n8n = PACKAGE_JSON.n8n || {};
	return [...(n8n.nodes || []), ...(n8n.credentials || [])];
}

/**
 * Node and credential type names as the built classes declare them (`description.name` /
 * `name`), from the files the `n8n` section lists, resolved under `root` (default: project).
 */
function declaredTypes(root = PROJECT_ROOT) {
	const n8n = PACKAGE_JSON.n8n || {};
	const load = (file) => {
		const mod = require(path.join(root, file));
		const Cls = Object.values(mod).find((v) => typeof v === 'function');
		if (!Cls) throw new Error(`${file} exports no class`);
		return new Cls();
	};
	return {
		nodes: (n8n.nodes || []).map((f) => {
			const inst = load(f);
			const desc =
				inst.description || (inst.nodeVersions && Object.values(inst.nodeVersions)[0].description);
			return desc.name;
		}),
		credentials: (n8n.credentials || []).map((f) => load(f).name),
	};
}

function sh(cmd, args, options = {}) {
	const result = spawnSync(cmd, args, {
		cwd: PROJECT_ROOT,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		...options,
	});
	if (result.status !== 0) {
		throw new Error(
			`${cmd} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout || ''}\n${result.stderr || ''}`,
		);
	}
	return result.stdout;
}

/** Builds dist/ unless every file the `n8n` section lists is already there. */
function ensureBuilt({ log = () => {} } = {}) {
	const missing = declaredFiles().filter((f) => !fs.existsSync(path.join(PROJECT_ROOT, f)));
	if (missing.length === 0) return false;
	log(`dist/ is missing ${missing.join(', ')}: building`);
	const bin = (name) => path.join(PROJECT_ROOT, 'node_modules', '.bin', name);
	sh(process.execPath, ['scripts/clean.mjs']);
	sh(bin('tsc'), ['-p', 'tsconfig.json']);
	sh(bin('gulp'), ['build:icons']);
	const still = declaredFiles().filter((f) => !fs.existsSync(path.join(PROJECT_ROOT, f)));
	if (still.length) throw new Error(`build did not produce ${still.join(', ')}`);
	return true;
}

let packed;

/**
 * `npm pack` of the project into a temp folder. Returns the tarball path. Packs once per process.
 * @param {{ log?: (line: string) => void, build?: boolean }} [options]
 */
function packPackage(options = {}) {
	if (packed && fs.existsSync(packed)) return packed;
	if (options.build !== false) ensureBuilt(options);
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'autotask-ilert-pack-'));
	process.on('exit', () => fs.rmSync(dest, { recursive: true, force: true }));
	const env = { ...process.env };
	for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
	const out = sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], {
		env,
	});
	const info = JSON.parse(out.slice(out.indexOf('[')));
	packed = path.join(dest, info[0].filename);
	return packed;
}

/**
 * Installs the packed tarball into `<userFolder>/.n8n/nodes/node_modules/<name>` like n8n does
 * (tar --strip-components=1, dev/peer/optional dependencies removed from its package.json) and
 * writes the `installed-nodes` package.json n8n keeps next to it.
 * @returns {string} the package directory
 */
function installInto(userFolder, tarball = packPackage(), { onlyBuilt = false } = {}) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const pkgDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(pkgDir, { recursive: true, force: true });
	fs.mkdirSync(pkgDir, { recursive: true });
	sh('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
	const pkgJsonPath = path.join(pkgDir, 'package.json');
	// eslint-disable-next-line no-unused-vars
	const { devDependencies, peerDependencies, optionalDependencies, ...pkgJson } = JSON.parse(
		fs.readFileSync(pkgJsonPath, 'utf8'),
	);
	if (onlyBuilt) {
		// Development aid only (AUTOTASK_ILERT_E2E_ONLY_BUILT=1): n8n refuses the whole package when one
		// listed file is missing, so while nodes are being written, load the ones that exist.
		for (const key of ['nodes', 'credentials']) {
			pkgJson.n8n[key] = pkgJson.n8n[key].filter((f) => fs.existsSync(path.join(pkgDir, f)));
		}
	}
	fs.writeFileSync(pkgJsonPath, JSON.stringify(pkgJson, null, 2));
	const installedPath = path.join(nodesDir, 'package.json');
	let installed = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		installed = JSON.parse(fs.readFileSync(installedPath, 'utf8'));
	} catch {
		// first package in this user folder
	}
	installed.dependencies = { ...(installed.dependencies || {}), [PACKAGE_NAME]: pkgJson.version };
	fs.writeFileSync(installedPath, JSON.stringify(installed, null, 2));
	return pkgDir;
}

module.exports = {
	PROJECT_ROOT,
	PACKAGE_NAME,
	PACKAGE_JSON,
	declaredFiles,
	declaredTypes,
	ensureBuilt,
	packPackage,
	installInto,
};
