import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	LIFECYCLE_ACTIONS,
	lifecycleTable,
	renderLifecycleTableMarkdown,
	STATUS_CLASSES,
} from '../../../nodes/shared/domain/lifecycle';
import { ALL_NAMED } from './fixtures';

const root = join(__dirname, '..', '..', '..');
const START = '<!-- lifecycle-table:start -->';
const END = '<!-- lifecycle-table:end -->';

describe('lifecycle table generated from the code', () => {
	const table = renderLifecycleTableMarkdown();

	test('the script prints exactly what the code renders', () => {
		const printed = execFileSync(process.execPath, [join(root, 'scripts/generate-lifecycle-table.mjs'), '--stdout'], {
			encoding: 'utf8',
		});
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
		for (const info of Object.values(STATUS_CLASSES)) expect(classTable).toContain(`| ${info.name} |`);
	});

	test('docs-drafts/lifecycle-table.md is up to date', () => {
		const draft = join(root, 'docs-drafts/lifecycle-table.md');
		expect(existsSync(draft)).toBe(true);
		expect(readFileSync(draft, 'utf8')).toBe(table);
	});

	test.each(['README.md', 'docs-drafts/lifecycle.md'])('the section in %s, when present, matches the generated table', (file) => {
		const path = join(root, file);
		const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
		const start = text.indexOf(START);
		if (start < 0) {
			// No section yet: nothing to compare. The lead places it between the markers.
			expect(text.includes(END)).toBe(false);
			return;
		}
		const end = text.indexOf(END);
		expect(end).toBeGreaterThan(start);
		expect(text.slice(start + START.length, end)).toBe(`\n${table}`);
	});
});
