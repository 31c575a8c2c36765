import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	LIFECYCLE_ACTIONS,
	lifecycleTable,
} from '../../../../../nodes/shared/domain/lifecycleRules';
import { renderLifecycleTableMarkdown } from '../../../../../nodes/shared/domain/lifecycleTableMarkdown';
import { STATUS_CLASSES } from '../../../../../nodes/shared/domain/statusClasses';
import { ALL_NAMED } from '../../../support/lifecycleFixtures';

const root = join(__dirname, '..', '..', '..', '..', '..');
const START = '<!-- lifecycle-table:start -->';
const END = '<!-- lifecycle-table:end -->';

describe('lifecycle table generated from the code', () => {
	const table = renderLifecycleTableMarkdown();

	test('the script prints exactly what the code renders', () => {
		const printed = execFileSync(
			process.execPath,
			[join(root, 'scripts/generate-lifecycle-table.mjs'), '--stdout'],
			{
				encoding: 'utf8',
			},
		);
		expect(printed).toBe(table);
	});

	test('one Markdown row per rule, in match order, with its action', () => {
		const rows = table.split('\n').filter((l) => /^\| [CUD]\d+ \|/.test(l));
		const rules = lifecycleTable();
		expect(rows.map((r) => r.split(' | ')[0].slice(2))).toEqual(rules.map((r) => r.id));
		rules.forEach((rule, i) => {
			expect(rows[i]).toContain(`| ${rule.event} |`);
			expect(rows[i].toLowerCase()).toContain(`| ${rule.action}`);
		});
		expect(new Set(rules.map((r) => r.action))).toEqual(new Set(LIFECYCLE_ACTIONS));
	});

	test('every status ilert names appears in the class table', () => {
		const classTable = table.slice(0, table.indexOf('Rules'));
		for (const label of ALL_NAMED) expect(classTable).toContain(label);
		for (const info of Object.values(STATUS_CLASSES))
			expect(classTable).toContain(`| ${info.name} |`);
	});

	// Wherever the table is placed (README.md or docs/*.md), it must be there and match the code;
	// a missing section fails instead of passing unnoticed.
	const docs = [
		'README.md',
		...readdirSync(join(root, 'docs'))
			.filter((f) => f.endsWith('.md'))
			.map((f) => `docs/${f}`),
	];
	const withMarkers = docs.filter((file) => {
		const text = readFileSync(join(root, file), 'utf8');
		return text.includes(START) || text.includes(END);
	});

	test('the generated table is placed in the docs', () => {
		expect(withMarkers.length).toBeGreaterThan(0);
	});

	test.each(withMarkers)('the section in %s matches the generated table', (file) => {
		const text = readFileSync(join(root, file), 'utf8');
		const start = text.indexOf(START);
		const end = text.indexOf(END);
		expect(start).toBeGreaterThanOrEqual(0);
		expect(end).toBeGreaterThan(start);
		expect(text.indexOf(START, start + 1)).toBe(-1);
		expect(text.slice(start + START.length, end)).toBe(`\n${table}`);
	});

	test('npm run docs:lifecycle -- --check agrees', () => {
		const out = execFileSync(
			process.execPath,
			[join(root, 'scripts/generate-lifecycle-table.mjs'), '--check'],
			{ encoding: 'utf8' },
		);
		for (const file of withMarkers) expect(out).toContain(`${file}: lifecycle table is up to date`);
	});
});
