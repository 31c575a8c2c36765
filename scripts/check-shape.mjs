#!/usr/bin/env node
// The shape rules of nodes/ (issue 15): no file over 400 lines, no function over 80 lines,
// and no import from one node folder into another (nodes import only nodes/shared).
// Prints every finding; exits 1 when there is one. `--json` prints them as JSON.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 80;

// `--root <dir>` checks another tree (the contract test uses it to show the checker can fail).
const rootArg = process.argv.indexOf('--root');
const root =
	rootArg > 0
		? path.resolve(process.argv[rootArg + 1])
		: path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function listTs(dir) {
	const out = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...listTs(full));
		else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
	}
	return out;
}

function functionName(node, source) {
	if (node.name) return node.name.getText(source);
	const parent = node.parent;
	if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
	if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
	return '(anonymous)';
}

export function findings() {
	const results = [];
	const nodesDir = path.join(root, 'nodes');
	for (const file of listTs(nodesDir)) {
		const rel = path.relative(root, file);
		const text = fs.readFileSync(file, 'utf8');
		const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
		if (lines > MAX_FILE_LINES) results.push({ file: rel, rule: 'file-lines', lines });
		const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
		const ownFolder = rel.split(path.sep)[1];
		const visit = (node) => {
			if (
				ts.isFunctionDeclaration(node) ||
				ts.isMethodDeclaration(node) ||
				ts.isFunctionExpression(node) ||
				ts.isArrowFunction(node) ||
				ts.isConstructorDeclaration(node) ||
				ts.isGetAccessorDeclaration(node)
			) {
				const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
				const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
				const span = end - start + 1;
				if (span > MAX_FUNCTION_LINES) {
					results.push({
						file: rel,
						rule: 'function-lines',
						name: functionName(node, source),
						lines: span,
						line: start + 1,
					});
				}
			}
			if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
				const spec = node.moduleSpecifier && node.moduleSpecifier.text;
				if (spec && spec.startsWith('.')) {
					const target = path.relative(nodesDir, path.resolve(path.dirname(file), spec));
					const targetFolder = target.split(path.sep)[0];
					if (!target.startsWith('..') && targetFolder !== ownFolder && targetFolder !== 'shared') {
						results.push({ file: rel, rule: 'cross-node-import', target: spec });
					}
				}
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return results;
}

if (
	process.argv[1] &&
	path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)
) {
	const list = findings();
	if (process.argv.includes('--json')) console.log(JSON.stringify(list, null, 2));
	else
		for (const f of list)
			console.log(
				`${f.file}${f.line ? ':' + f.line : ''}  ${f.rule}  ${f.name ?? f.target ?? ''} ${f.lines ?? ''}`,
			);
	if (list.length) {
		console.error(`${list.length} finding(s)`);
		process.exit(1);
	}
}
