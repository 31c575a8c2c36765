import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Every shipped template must import into n8n: unique node ids and names, connections between
// existing nodes, and credentials only by placeholder (never embedded).
const dir = path.resolve(__dirname, '../../../workflows');
const templates = readdirSync(dir).filter((f) => f.endsWith('.json'));

interface TemplateNode {
	id: string;
	name: string;
	type: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

describe.each(templates)('workflows/%s', (file) => {
	const workflow = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
		nodes: TemplateNode[];
		connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	};

	it('has unique node ids and names', () => {
		const ids = workflow.nodes.map((n) => n.id);
		const names = workflow.nodes.map((n) => n.name);
		expect(new Set(ids).size).toBe(ids.length);
		expect(new Set(names).size).toBe(names.length);
	});

	it('connects only nodes that exist', () => {
		const names = new Set(workflow.nodes.map((n) => n.name));
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names).toContain(from);
			for (const target of outputs.main.flat()) expect(names).toContain(target.node);
		}
	});

	it('references credentials by placeholder only', () => {
		for (const node of workflow.nodes) {
			for (const ref of Object.values(node.credentials ?? {})) {
				expect(Object.keys(ref).sort()).toEqual(['id', 'name']);
				expect(ref.id).toMatch(/^REPLACE_WITH_/);
			}
		}
	});

	// Issue 12: an expression in a Respond to Webhook body costs an isolate round trip per event.
	// The answers are the incoming item under a field named after the result ({ "created": {...} }).
	it('answers without expressions: Respond to Webhook with First Incoming Item under the result', () => {
		for (const node of workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.respondToWebhook')) {
			const parameters = node.parameters ?? {};
			expect({ node: node.name, respondWith: parameters.respondWith }).toEqual({
				node: node.name,
				respondWith: 'firstIncomingItem',
			});
			expect(JSON.stringify(parameters)).not.toContain('={{');
			const result = node.name.replace(/^Answer: (\w+).*$/, '$1').toLowerCase();
			expect((parameters.options as Record<string, unknown>).responseKey).toBe(result);
		}
	});
});
