#!/usr/bin/env node
// Prints the Ticket Lifecycle table FROM THE CODE (nodes/shared/domain/lifecycleRules.ts) as Markdown.
//
//   node scripts/generate-lifecycle-table.mjs            replaces the section between
//   node scripts/generate-lifecycle-table.mjs --readme   <!-- lifecycle-table:start --> and :end in
//                                                        every doc that has one (README.md, docs/*.md)
//   node scripts/generate-lifecycle-table.mjs --stdout   prints it
//   node scripts/generate-lifecycle-table.mjs --check    exits 1 if a section differs
//
// Fails when no doc has the section, so the table cannot silently drop out of the docs.
// Compiles the module on the fly with TypeScript's transpileModule (with the domain modules it
// imports: lifecycleRules.ts, statusClasses.ts).
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
export const START = '<!-- lifecycle-table:start -->';
export const END = '<!-- lifecycle-table:end -->';

/** Loads a domain module (and the domain modules it imports) with transpileModule. */
function loadDomainModule(source, loaded = new Map()) {
	if (loaded.has(source)) return loaded.get(source).exports;
	const ts = require('typescript');
	const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
		fileName: source,
	});
	const module = { exports: {} };
	loaded.set(source, module);
	const localRequire = (name) =>
		name.startsWith('./')
			? loadDomainModule(join(dirname(source), `${name}.ts`), loaded)
			: require(name);
	vm.runInNewContext(
		outputText,
		{ module, exports: module.exports, require: localRequire },
		{ filename: source },
	);
	return module.exports;
}

function loadLifecycle() {
	return loadDomainModule(join(root, 'nodes/shared/domain/lifecycleTableMarkdown.ts'));
}

export function generate() {
	return loadLifecycle().renderLifecycleTableMarkdown();
}

/** The docs that carry the table: README.md and docs/*.md with a start marker. */
export function docsWithTable() {
	const docsDir = join(root, 'docs');
	const candidates = [
		join(root, 'README.md'),
		...(existsSync(docsDir)
			? readdirSync(docsDir)
					.filter((f) => f.endsWith('.md'))
					.map((f) => join(docsDir, f))
			: []),
	];
	return candidates.filter(
		(file) => existsSync(file) && readFileSync(file, 'utf8').includes(START),
	);
}

export function replaceSection(doc, table, name = 'README') {
	const start = doc.indexOf(START);
	const end = doc.indexOf(END);
	if (start < 0 || end < start) throw new Error(`${name} has no ${START} ... ${END} section`);
	return `${doc.slice(0, start + START.length)}\n${table}${doc.slice(end)}`;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
	const table = generate();
	const args = process.argv.slice(2);
	if (args.includes('--stdout')) {
		process.stdout.write(table);
	} else {
		const files = docsWithTable();
		if (files.length === 0) {
			console.error(`No doc has a ${START} ... ${END} section (looked in README.md and docs/*.md)`);
			process.exit(1);
		}
		let stale = 0;
		for (const file of files) {
			const name = relative(root, file);
			const text = readFileSync(file, 'utf8');
			const updated = replaceSection(text, table, name);
			if (args.includes('--check')) {
				if (updated !== text) {
					console.error(`${name}: lifecycle table is out of date: run npm run docs:lifecycle`);
					stale += 1;
				} else console.log(`${name}: lifecycle table is up to date`);
			} else if (updated !== text) {
				writeFileSync(file, updated);
				console.log(`${name}: lifecycle table updated`);
			} else console.log(`${name}: lifecycle table already up to date`);
		}
		if (stale > 0) process.exit(1);
	}
}
