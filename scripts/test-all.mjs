// `npm test`: every gate and every test, in the order a failure is cheapest to find.
// Prints one closing line `N passed, N failed` (jest tests plus the gates).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDeps, projectRoot } from './ensure-deps.mjs';

ensureDeps();

const bin = (name) => path.join(projectRoot, 'node_modules', '.bin', name);
const reportDir = mkdtempSync(path.join(tmpdir(), 'autotask-ilert-test-'));
const results = [];

function step(name, command, args, { jestReport, env } = {}) {
	const started = Date.now();
	console.log(`\n=== ${name} ===`);
	const run = spawnSync(command, args, {
		cwd: projectRoot,
		stdio: 'inherit',
		env: { ...process.env, ...env },
	});
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	const ok = run.status === 0;
	let passed = 0;
	let failed = 0;
	if (jestReport) {
		try {
			const report = JSON.parse(readFileSync(jestReport, 'utf8'));
			passed = report.numPassedTests;
			failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
		} catch {
			failed = 1;
		}
		if (!ok && failed === 0) failed = 1;
	} else if (ok) {
		passed = 1;
	} else {
		failed = 1;
	}
	results.push({ name, ok, seconds, passed, failed });
	console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'} in ${seconds} s ===`);
	return ok;
}

const lintOk = step('lint (n8n rules)', 'npm', ['run', '--silent', 'lint']);
const buildOk = step('build', 'npm', ['run', '--silent', 'build']);
step('type check (tests)', bin('tsc'), ['--noEmit', '-p', 'test/tsconfig.json']);
if (buildOk) step('scan (community-package scanner)', 'node', ['scripts/scan.mjs']);
const unitReport = path.join(reportDir, 'unit.json');
step(
	'unit and contract tests',
	bin('jest'),
	['--selectProjects', 'unit', '--json', `--outputFile=${unitReport}`],
	{
		jestReport: unitReport,
	},
);
if (buildOk) {
	// The same stories in both of n8n's execution modes: one n8n per test file (SQLite), then one
	// queue-mode cluster for the whole run (Postgres, Redis, main, 2 webhook processors, 2 workers).
	for (const [mode, label] of [
		['regular', 'regular mode'],
		['queue', 'queue mode: main + 2 webhook processors + 2 workers'],
	]) {
		const e2eReport = path.join(reportDir, `e2e-${mode}.json`);
		step(
			`end-to-end tests in a real n8n, ${label}`,
			bin('jest'),
			['--selectProjects', 'e2e', '--forceExit', '--json', `--outputFile=${e2eReport}`],
			{
				jestReport: e2eReport,
				env: { E2E_MODE: mode },
			},
		);
	}
}
rmSync(reportDir, { recursive: true, force: true });

console.log('\nSummary');
for (const r of results) {
	console.log(
		`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.name} (${r.seconds} s, ${r.passed} passed, ${r.failed} failed)`,
	);
}
if (!lintOk || !buildOk)
	console.log('  (a failed lint or build makes the package unfit to publish)');
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
