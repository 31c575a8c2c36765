/**
 * Smoke test in a real, pinned n8n: the packed package installs the way n8n installs community
 * packages, n8n starts with it, and every node and credential type package.json declares is
 * loaded — proved through n8n itself (the editor's node and credential type lists, and the
 * public API's credential schema), not by requiring our files.
 */
import { declaredTypes, ensureRuntime, packPackage, PACKAGE_NAME } from '../n8n';
import type { N8nInstance } from '../n8n';
import { E2E_MODE, startN8n } from './support';

// The e2e project's testTimeout is a global jest option; set it here so a single file run has it too.
jest.setTimeout(600000);

describe('real n8n loads the package', () => {
	let n8n: N8nInstance | undefined;
	let declared: { nodes: string[]; credentials: string[] };

	beforeAll(async () => {
		const runtime = await ensureRuntime();
		console.log(
			`[e2e timing] runtime n8n@${runtime.n8nVersion} node@${runtime.nodeVersion}: ` +
				(runtime.installed
					? `installed now in ${runtime.seconds.toFixed(0)} s (uncached)`
					: `cached, found in ${runtime.seconds.toFixed(3)} s; uncached install took ${runtime.installSeconds ?? '?'} s on ${runtime.installedAt ?? '?'}`),
		);
		const packStarted = Date.now();
		const tarball = packPackage();
		declared = declaredTypes();
		console.log(
			`[e2e timing] build check + npm pack: ${((Date.now() - packStarted) / 1000).toFixed(1)} s (${tarball})`,
		);
		n8n = await startN8n({ tarball });
		console.log(
			`[e2e timing] ${E2E_MODE} mode: n8n start until /healthz/readiness: ${n8n.timings.startSeconds.toFixed(1)} s (provisioning ${n8n.timings.provisionSeconds.toFixed(1)} s)`,
		);
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	test('package.json declares the six nodes and four credentials', () => {
		expect(declared.nodes.sort()).toEqual(
			[
				'autotask',
				'autotaskTrigger',
				'businessHours',
				'ilert',
				'ilertTrigger',
				'ticketLifecycle',
			].sort(),
		);
		expect(declared.credentials.sort()).toEqual(
			[
				'autotaskIlertAutotaskApi',
				'autotaskIlertCalloutApi',
				'autotaskIlertIlertAlertSourceApi',
				'autotaskIlertIlertApi',
			].sort(),
		);
	});

	test('every declared node type is in the node types the editor loads', async () => {
		const types = await n8n!.api.nodeTypes();
		const ours = types.filter((t) => t.name.startsWith(`${PACKAGE_NAME}.`));
		const names = new Set(ours.map((t) => t.name));
		for (const node of declared.nodes) {
			expect(names).toContain(`${PACKAGE_NAME}.${node}`);
		}
		for (const t of ours) {
			expect(typeof t.displayName).toBe('string');
			expect(t.displayName.length).toBeGreaterThan(0);
			expect(t.iconUrl ?? t.icon).toBeTruthy();
		}
	});

	test('every declared credential type is known to n8n (editor list and public API schema)', async () => {
		const credentialTypes = await n8n!.api.credentialTypes();
		const names = new Set(credentialTypes.map((c) => c.name));
		for (const credential of declared.credentials) {
			expect(names).toContain(credential);
			const schema = await n8n!.api.credentialSchema(credential);
			expect(schema).toEqual(expect.objectContaining({ type: 'object' }));
			expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
		}
	});

	test('n8n logged no error loading the package', () => {
		// The runtime cache path also contains the package name: leave it out of the search.
		const logs = n8n!.logs().split(n8n!.runtime.dir).join('<runtime>');
		const problems = logs
			.split('\n')
			.filter((l) => l.includes(PACKAGE_NAME) && /error|failed|could not/i.test(l));
		expect(problems).toEqual([]);
	});
});
