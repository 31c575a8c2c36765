/**
 * The business-hours template reproduces ilert's two Autotask workflow rules:
 * 1. status New -> callout; 2. status not New and outside business hours -> callout.
 * Checks the template against the package's node descriptions and walks its graph.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { AutotaskTrigger } from '../../../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { BusinessHours } from '../../../nodes/BusinessHours/BusinessHours.node';
import { Ilert } from '../../../nodes/Ilert/Ilert.node';
import { TicketLifecycle } from '../../../nodes/TicketLifecycle/TicketLifecycle.node';

interface TemplateNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

interface Template {
	nodes: TemplateNode[];
	connections: Record<string, { main: Array<Array<{ node: string; index: number }>> }>;
}

const template = JSON.parse(
	fs.readFileSync(path.resolve(__dirname, '../../../workflows/business-hours.json'), 'utf8'),
) as Template;

const PACKAGE_NODES: Record<string, INodeType> = {
	'n8n-nodes-autotask-ilert.autotaskTrigger': new AutotaskTrigger(),
	'n8n-nodes-autotask-ilert.businessHours': new BusinessHours(),
	'n8n-nodes-autotask-ilert.ilert': new Ilert(),
	'n8n-nodes-autotask-ilert.ticketLifecycle': new TicketLifecycle(),
};

function node(name: string): TemplateNode {
	const found = template.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`template has no node "${name}"`);
	return found;
}

/** Node names reached from `from` output `output`. */
function targets(from: string, output: number): string[] {
	return (template.connections[from]?.main?.[output] ?? []).map((c) => c.node);
}

/** The node names an item passes through, given which output each router node takes. */
function route(choices: Record<string, number>): string[] {
	const visited: string[] = [];
	let current = ['Autotask Trigger'];
	while (current.length > 0) {
		const next: string[] = [];
		for (const name of current) {
			visited.push(name);
			const output = choices[name] ?? 0;
			next.push(...targets(name, output));
		}
		current = next;
	}
	return visited;
}

describe('workflows/business-hours.json', () => {
	it('uses the package node types with parameters their descriptions declare', () => {
		for (const n of template.nodes) {
			const type = PACKAGE_NODES[n.type];
			if (!type) {
				expect(n.type).toMatch(/^n8n-nodes-base\./);
				continue;
			}
			const props = type.description.properties as INodeProperties[];
			for (const [key, value] of Object.entries(n.parameters)) {
				const prop = props.find((p) => p.name === key);
				expect(prop ? `${n.name}.${key}` : `${n.name}.${key} (undeclared)`).toBe(
					`${n.name}.${key}`,
				);
				if (prop?.type === 'collection' && value && typeof value === 'object') {
					for (const sub of Object.keys(value)) {
						const declared = (prop.options as INodeProperties[]).some((o) => o.name === sub);
						expect(declared ? sub : `${n.name}.${key}.${sub} (undeclared)`).toBe(sub);
					}
				}
				if (
					prop?.type === 'options' &&
					typeof value === 'string' &&
					!value.startsWith('=') &&
					!prop.typeOptions
				) {
					expect((prop.options as Array<{ value: unknown }>).map((o) => o.value)).toContain(value);
				}
			}
			for (const credentialName of Object.keys(n.credentials ?? {})) {
				expect((type.description.credentials ?? []).map((c) => c.name)).toContain(credentialName);
			}
		}
	});

	it('references credentials by placeholder only', () => {
		for (const n of template.nodes) {
			for (const ref of Object.values(n.credentials ?? {})) {
				expect(Object.keys(ref).sort()).toEqual(['id', 'name']);
				expect(ref.id).toMatch(/^REPLACE_WITH_/);
			}
		}
		// Trigger version 2: the callout secrets are in the credential, never in the template.
		expect(node('Autotask Trigger')).toMatchObject({
			typeVersion: 2,
			parameters: { mode: 'callout' },
		});
		expect(Object.keys(node('Autotask Trigger').parameters)).not.toContain('calloutPassword');
	});

	it('rule 1: a New ticket always reaches the ilert Create Alert action, without Business Hours', () => {
		const condition = (
			node('Status Is New?').parameters.conditions as { conditions: Array<Record<string, unknown>> }
		).conditions[0];
		expect(condition).toMatchObject({
			leftValue: '={{ $json.ticket?.status?.label }}',
			rightValue: 'New',
			operator: { type: 'string', operation: 'equals' },
		});
		const path = route({ 'Status Is New?': 0, 'Ticket Lifecycle': 0 });
		expect(path).toEqual([
			'Autotask Trigger',
			'Status Is New?',
			'Ticket Lifecycle',
			'ilert: Create Alert',
		]);
	});

	it('rule 2: other changes reach ilert only through Outside Business Hours', () => {
		const { outputNames } = new BusinessHours().description;
		expect(outputNames?.[1]).toBe('Outside Hours');
		const outside = route({ 'Status Is New?': 1, 'Business Hours': 1, 'Ticket Lifecycle': 2 });
		expect(outside).toEqual([
			'Autotask Trigger',
			'Status Is New?',
			'Business Hours',
			'Ticket Lifecycle',
			'ilert: Resolve Alert',
		]);
		const inside = route({ 'Status Is New?': 1, 'Business Hours': 0 });
		expect(inside).toEqual([
			'Autotask Trigger',
			'Status Is New?',
			'Business Hours',
			'In Business Hours: No Alert',
		]);
		expect(inside.some((n) => n.startsWith('ilert'))).toBe(false);
	});

	it('lays the canvas out without crossing edges: the No Alert node sits between the two edges into Ticket Lifecycle', () => {
		const at = (name: string) =>
			(template.nodes.find((n) => n.name === name) as unknown as { position: [number, number] })
				.position;
		const [ifNode, hours, noAlert, lifecycle] = [
			'Status Is New?',
			'Business Hours',
			'In Business Hours: No Alert',
			'Ticket Lifecycle',
		].map(at);
		// Status Is New? true (upper port) -> Ticket Lifecycle, false (lower port) -> Business Hours below it.
		expect(hours[1]).toBeGreaterThan(ifNode[1]);
		// Business Hours In (upper port) -> No Alert above its Outside (lower port) edge, which runs on
		// to Ticket Lifecycle further right: No Alert is left of the Lifecycle and between the two edges.
		expect(noAlert[0]).toBeGreaterThan(hours[0]);
		expect(lifecycle[0]).toBeGreaterThan(noAlert[0] + 200);
		expect(noAlert[1]).toBeGreaterThan(lifecycle[1]);
		expect(noAlert[1]).toBeLessThan(hours[1]);
		for (const [i, name] of [
			'ilert: Create Alert',
			'ilert: Accept Alert',
			'ilert: Resolve Alert',
		].entries()) {
			expect(at(name)[0]).toBeGreaterThan(lifecycle[0]);
			if (i > 0)
				expect(at(name)[1]).toBeGreaterThan(
					at(['ilert: Create Alert', 'ilert: Accept Alert'][i - 1])[1],
				);
		}
	});

	it('Ticket Lifecycle outputs Create, Accept, Resolve go to the matching ilert event operations', () => {
		expect(targets('Ticket Lifecycle', 0)).toEqual(['ilert: Create Alert']);
		expect(targets('Ticket Lifecycle', 1)).toEqual(['ilert: Accept Alert']);
		expect(targets('Ticket Lifecycle', 2)).toEqual(['ilert: Resolve Alert']);
		expect(node('ilert: Create Alert').parameters).toEqual({
			resource: 'event',
			operation: 'create',
		});
		// The Lifecycle already looked the alert up in ilert, so the event need not check again.
		expect(node('ilert: Accept Alert').parameters).toEqual({
			resource: 'event',
			operation: 'accept',
			checkOpenAlert: false,
		});
		expect(node('ilert: Resolve Alert').parameters).toEqual({
			resource: 'event',
			operation: 'resolve',
			checkOpenAlert: false,
		});
	});
});
