// Runs the community-package scanner's analysis (the gate n8n applies before listing a
// package) over the source and over the packed tarball, as @n8n/scan-community-package does
// after its provenance step. Exits non-zero on any finding.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'autotask-ilert-scan-'));

try {
	const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const tarball = path.join(work, JSON.parse(packed)[0].filename);
	const unpacked = path.join(work, 'package');
	mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);

	const legs = [
		['source', await analyzePackage(root, SOURCE_FILE_PATTERNS)],
		['tarball', await analyzePackage(unpacked, ['**/*.js', 'package.json'])],
	];
	let failed = false;
	for (const [leg, result] of legs) {
		if (result.passed) {
			console.log(`scan ${leg}: passed${result.message ? ` (${result.message})` : ''}`);
		} else {
			failed = true;
			console.error(`scan ${leg}: ${result.message}\n${result.details ?? ''}`);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(work, { recursive: true, force: true });
}
