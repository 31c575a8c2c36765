/**
 * The docs links of the nodes (codex `resources.primaryDocumentation` / `credentialDocumentation`)
 * lead to sections of the README that exist, on the project page package.json names; and every
 * relative link and anchor in the README, CONTRIBUTING, CHANGELOG and docs/*.md resolves.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	homepage: string;
	repository: { url: string };
};
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, duplicates numbered. */
function githubAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const counts = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*```/.test(line)) fenced = !fenced;
		const match = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!match) continue;
		const text = match[1].replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
		const base = text
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const seen = counts.get(base) ?? 0;
		counts.set(base, seen + 1);
		anchors.add(seen === 0 ? base : `${base}-${seen}`);
	}
	return anchors;
}

const codexFiles = fs
	.readdirSync(path.join(ROOT, 'nodes'))
	.map((dir) => path.join(ROOT, 'nodes', dir, `${dir}.node.json`))
	.filter((file) => fs.existsSync(file));

describe('docs links in the codex files', () => {
	const anchors = githubAnchors(readme);
	const page = pkg.homepage.replace(/#.*$/, '');

	it('the README anchor helper follows GitHub (the check can fail)', () => {
		expect(
			githubAnchors(
				'## Autotask Trigger\n## ilert\n### Time zones\n## Running n8n locally (`npm start`)\n## ilert',
			),
		).toEqual(
			new Set([
				'autotask-trigger',
				'ilert',
				'time-zones',
				'running-n8n-locally-npm-start',
				'ilert-1',
			]),
		);
		expect(anchors.has('no-such-section')).toBe(false);
	});

	it('package.json homepage and repository name the same project page', () => {
		expect(pkg.homepage).toBe(`${page}#readme`);
		expect(pkg.repository.url).toBe(`git+${page}.git`);
	});

	it.each(codexFiles.map((f) => [path.relative(ROOT, f), f]))(
		'%s: every docs link is a README section on that page',
		(_name, file) => {
			const codex = JSON.parse(fs.readFileSync(file, 'utf8')) as {
				resources?: Record<string, Array<{ url: string }>>;
			};
			const links = [
				...(codex.resources?.primaryDocumentation ?? []),
				...(codex.resources?.credentialDocumentation ?? []),
			];
			expect(codex.resources?.primaryDocumentation?.length).toBeGreaterThan(0);
			for (const { url } of links) {
				const [base, anchor] = url.split('#');
				expect(base).toBe(page);
				expect(anchors.has(anchor) ? anchor : `missing README section #${anchor}`).toBe(anchor);
			}
		},
	);
});

/** The relative links of a Markdown text (code blocks and code spans left out), in order. */
function relativeLinks(markdown: string): string[] {
	const prose = markdown.replace(/^\s*```[\s\S]*?^\s*```/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
	const links: string[] = [];
	for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
		if (!/^[a-z][a-z0-9+.-]*:/i.test(match[1])) links.push(match[1]);
	}
	return links;
}

const docFiles = [
	'README.md',
	'CONTRIBUTING.md',
	'CHANGELOG.md',
	...fs
		.readdirSync(path.join(ROOT, 'docs'))
		.filter((f) => f.endsWith('.md'))
		.map((f) => `docs/${f}`),
];

describe('relative links in the docs', () => {
	it('the link reader finds links and skips code and absolute URLs (the check can fail)', () => {
		expect(
			relativeLinks(
				'[a](docs/x.md#y) ![p](images/p.png) [w](https://e.com/#z) `[c](nope.md)`\n```\n[d](nope.md)\n```\n[s](#top)',
			),
		).toEqual(['docs/x.md#y', 'images/p.png', '#top']);
	});

	it.each(docFiles)('%s: every relative link and anchor resolves', (file) => {
		const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
		const broken: string[] = [];
		for (const link of relativeLinks(text)) {
			const [target, anchor] = link.split('#');
			const resolved = target
				? path.resolve(path.dirname(path.join(ROOT, file)), decodeURI(target))
				: path.join(ROOT, file);
			if (!fs.existsSync(resolved)) {
				broken.push(`${link}: no such file`);
				continue;
			}
			if (
				anchor !== undefined &&
				resolved.endsWith('.md') &&
				!githubAnchors(fs.readFileSync(resolved, 'utf8')).has(anchor)
			) {
				broken.push(`${link}: no such section`);
			}
		}
		expect(broken).toEqual([]);
	});
});
