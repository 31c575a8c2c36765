/**
 * The shape rules of nodes/ (scripts/check-shape.mjs): no file over 400 lines, no function over
 * 80, no import from one node folder into another. And the credentials that send a secret set
 * it in code, so n8n evaluates no expression per request for it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

import { spawnSync } from 'node:child_process';
import * as os from 'node:os';

interface Finding {
	file: string;
	rule: string;
	name?: string;
	lines?: number;
}

function findings(root = ROOT): Finding[] {
	const run = spawnSync(
		process.execPath,
		[path.join(ROOT, 'scripts/check-shape.mjs'), '--json', '--root', root],
		{ encoding: 'utf8' },
	);
	return JSON.parse(run.stdout) as Finding[];
}

describe('source shape', () => {
	it('nodes/ has no file over 400 lines, no function over 80, no import between node folders', () => {
		expect(findings()).toEqual([]);
	});

	it('the checker can fail: it reports a long file, a long function and a cross-node import', () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shape-'));
		try {
			fs.mkdirSync(path.join(root, 'nodes/TicketLifecycle'), { recursive: true });
			const body = Array.from({ length: 85 }, (_, i) => `\tconst v${i} = ${i};`).join('\n');
			const filler = Array.from({ length: 320 }, (_, i) => `export const c${i} = ${i};`).join('\n');
			fs.writeFileSync(
				path.join(root, 'nodes/TicketLifecycle/probe.ts'),
				`import { x } from '../Ilert/probe';\nexport function long() {\n${body}\n\treturn x;\n}\n${filler}\n`,
			);
			expect(
				findings(root)
					.map((f) => f.rule)
					.sort(),
			).toEqual(['cross-node-import', 'file-lines', 'function-lines']);
		} finally {
			fs.rmSync(root, { recursive: true, force: true });
		}
	});

	it('credentials that carry a secret outbound set it in code, not by a declarative expression', () => {
		for (const file of fs
			.readdirSync(path.join(ROOT, 'credentials'))
			.filter((f) => f.endsWith('.ts'))) {
			const text = fs.readFileSync(path.join(ROOT, 'credentials', file), 'utf8');
			expect({ file, declarative: /authenticate\s*:\s*IAuthenticateGeneric/.test(text) }).toEqual({
				file,
				declarative: false,
			});
		}
	});
});
