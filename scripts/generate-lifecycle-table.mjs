#!/usr/bin/env node
// Prints the Ticket Lifecycle table FROM THE CODE (nodes/shared/domain/lifecycle.ts) as Markdown.
//
//   node scripts/generate-lifecycle-table.mjs            writes docs-drafts/lifecycle-table.md and
//                                                        the section in docs-drafts/lifecycle.md
//   node scripts/generate-lifecycle-table.mjs --stdout   prints it
//   node scripts/generate-lifecycle-table.mjs --readme   replaces the README section between
//                                                        <!-- lifecycle-table:start --> and :end
//   node scripts/generate-lifecycle-table.mjs --check    exits 1 if the README section differs
//
// Uses dist/ when built, else compiles the module on the fly with TypeScript's transpileModule
// (the module imports only types, so it needs nothing else).
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
export const START = '<!-- lifecycle-table:start -->';
export const END = '<!-- lifecycle-table:end -->';

function loadLifecycle() {
	const source = join(root, 'nodes/shared/domain/lifecycle.ts');
	const ts = require('typescript');
	const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
		fileName: source,
	});
	const module = { exports: {} };
	vm.runInNewContext(outputText, { module, exports: module.exports, require }, { filename: source });
	return module.exports;
}

export function generate() {
	return loadLifecycle().renderLifecycleTableMarkdown();
}

export function replaceSection(readme, table) {
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start < 0 || end < start) throw new Error(`README has no ${START} ... ${END} section`);
	return `${readme.slice(0, start + START.length)}\n${table}${readme.slice(end)}`;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
	const table = generate();
	const args = process.argv.slice(2);
	const readmePath = join(root, 'README.md');
	if (args.includes('--stdout')) {
		process.stdout.write(table);
	} else if (args.includes('--readme') || args.includes('--check')) {
		const readme = readFileSync(readmePath, 'utf8');
		const updated = replaceSection(readme, table);
		if (args.includes('--check')) {
			if (updated !== readme) {
				console.error('README lifecycle table is out of date: run node scripts/generate-lifecycle-table.mjs --readme');
				process.exit(1);
			}
			console.log('README lifecycle table is up to date');
		} else {
			writeFileSync(readmePath, updated);
			console.log('README lifecycle table updated');
		}
	} else {
		const out = join(root, 'docs-drafts/lifecycle-table.md');
		if (!existsSync(dirname(out))) mkdirSync(dirname(out), { recursive: true });
		writeFileSync(out, table);
		console.log(`wrote ${out}`);
		const draft = join(root, 'docs-drafts/lifecycle.md');
		if (existsSync(draft)) {
			writeFileSync(draft, replaceSection(readFileSync(draft, 'utf8'), table));
			console.log(`updated the table section in ${draft}`);
		}
	}
}
