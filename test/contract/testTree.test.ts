/**
 * The unit test tree mirrors the source, so the tests of a module are found in one place and a
 * test cannot outlive the module it tests (docs/testing.md, "Where a test goes"):
 *
 *   test/unit/nodes/<path>/<module>.test.ts           tests nodes/<path>/<module>.ts
 *   test/unit/nodes/<path>/<module>.<aspect>.test.ts  one more aspect of that module (Autotask.node.fuzz)
 *   test/unit/nodes/<path>/<what>.story.test.ts       a flow across modules, beside the main one
 *   test/unit/nodes/<path>/<what>.cost.test.ts        what a flow costs in requests or time, ditto
 *   test/unit/nodes/<path>/<what>.convention.test.ts  a rule all modules of the folder follow
 *
 * The same for credentials/ (test/unit/credentials), workflows/*.json (test/unit/workflows), and
 * the test code in test/simulators, test/n8n and test/support (test/unit/simulators, ...). Story,
 * cost and convention tests need the mirrored folder only. Files that are no tests (helpers,
 * fixtures) are not checked; shared ones live in test/unit/support.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const UNIT = path.join(ROOT, 'test/unit');

/** Test folder under test/unit -> the source folder it mirrors and the extensions of its modules. */
const MIRRORS: Record<string, { source: string; extensions: string[] }> = {
	nodes: { source: 'nodes', extensions: ['.ts'] },
	credentials: { source: 'credentials', extensions: ['.ts'] },
	workflows: { source: 'workflows', extensions: ['.json'] },
	simulators: { source: 'test/simulators', extensions: ['.js', '.ts'] },
	n8n: { source: 'test/n8n', extensions: ['.js', '.ts'] },
	support: { source: 'test/support', extensions: ['.ts'] },
};

/** Tests that are not about one module; they only need the mirrored folder to exist. */
const FOLDER_KINDS = ['story', 'cost', 'convention'];

function testFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return testFiles(full);
		return entry.name.endsWith('.test.ts')
			? [path.relative(UNIT, full).split(path.sep).join('/')]
			: [];
	});
}

/** Why `test/unit/<testPath>` does not mirror the source, or undefined when it does. */
function mirrorProblem(
	testPath: string,
	exists: (repoPath: string) => boolean,
): string | undefined {
	const [root, ...rest] = testPath.split('/');
	const mirror = MIRRORS[root];
	if (!mirror || rest.length === 0) {
		return `lies outside the mirrored folders (test/unit/{${Object.keys(MIRRORS).join(',')}}/...)`;
	}
	const folder = path.posix.join(mirror.source, ...rest.slice(0, -1));
	const stem = rest[rest.length - 1].replace(/\.test\.ts$/, '');
	const parts = stem.split('.');
	if (parts.length > 1 && FOLDER_KINDS.includes(parts[parts.length - 1])) {
		return exists(folder)
			? undefined
			: `is a ${parts[parts.length - 1]} test beside ${folder}/, which does not exist`;
	}
	// The module itself, or the module of an aspect (one more dot-separated word).
	const modules = [stem, ...(parts.length > 1 ? [parts.slice(0, -1).join('.')] : [])];
	const candidates = modules.flatMap((module) =>
		mirror.extensions.map((ext) => `${folder}/${module}${ext}`),
	);
	if (candidates.some(exists)) return undefined;
	return `has no source module: none of ${candidates.join(', ')}`;
}

const existsInRepo = (repoPath: string) => fs.existsSync(path.join(ROOT, repoPath));

describe('the unit test tree mirrors the source', () => {
	it('the check can fail', () => {
		const only =
			(...present: string[]) =>
			(repoPath: string) =>
				present.includes(repoPath);
		expect(
			mirrorProblem('nodes/shared/domain/ticket.test.ts', only('nodes/shared/domain/ticket.ts')),
		).toBeUndefined();
		expect(mirrorProblem('nodes/shared/domain/ticket.test.ts', only())).toMatch(
			/no source module.*nodes\/shared\/domain\/ticket\.ts/,
		);
		expect(mirrorProblem('nodes/X/X.node.fuzz.test.ts', only('nodes/X/X.node.ts'))).toBeUndefined();
		expect(mirrorProblem('nodes/X/X.node.fuzz.test.ts', only('nodes/X/X.ts'))).toMatch(
			/no source module/,
		);
		expect(mirrorProblem('nodes/X/roundtrip.story.test.ts', only('nodes/X'))).toBeUndefined();
		expect(mirrorProblem('nodes/Gone/lookup.cost.test.ts', only('nodes/X'))).toMatch(
			/cost test beside nodes\/Gone\//,
		);
		expect(
			mirrorProblem('transport/autotask.test.ts', only('nodes/shared/transport/autotask.ts')),
		).toMatch(/outside/);
		expect(mirrorProblem('templates.test.ts', only())).toMatch(/outside/);
		expect(
			mirrorProblem('simulators/autotask.test.ts', only('test/simulators/autotask.js')),
		).toBeUndefined();
		expect(
			mirrorProblem('credentials/A.credentials.test.ts', only('credentials/A.credentials.ts')),
		).toBeUndefined();
	});

	it('finds the tests it checks', () => {
		const files = testFiles(UNIT);
		expect(files.filter((f) => f.startsWith('nodes/')).length).toBeGreaterThan(40);
		expect(files.filter((f) => f.startsWith('credentials/')).length).toBeGreaterThan(2);
	});

	it('every unit test file sits at the mirrored path of what it tests', () => {
		const problems = testFiles(UNIT)
			.map((file) => ({ file, problem: mirrorProblem(file, existsInRepo) }))
			.filter((p) => p.problem !== undefined)
			.map((p) => `test/unit/${p.file} ${p.problem}`);
		expect(problems).toEqual([]);
	});
});
