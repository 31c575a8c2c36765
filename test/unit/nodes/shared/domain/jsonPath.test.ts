/**
 * The direct read of simple `$json` paths gives what n8n's own expression evaluation gives
 * (n8n-workflow `Workflow.expression`, evaluated here in-process), for every path shape the
 * nodes use and for awkward items; where it cannot be exact it says so.
 */
import type { IDataObject, INode, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { readJsonPath, simpleJsonPath } from '../../../../../nodes/shared/domain/jsonPath';

const NODE: INode = {
	id: 'node-1',
	name: 'Reader',
	type: 'test.reader',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const nodeTypes = {
	getByName: () => ({ description: { properties: [] } }),
	getByNameAndVersion: () => ({ description: { properties: [] } }),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

const workflow = new Workflow({ nodes: [NODE], connections: {}, active: false, nodeTypes });

function evaluateInN8n(expression: string, json: IDataObject): unknown {
	return workflow.expression.getParameterValue(
		expression,
		null,
		0,
		0,
		NODE.name,
		[{ json }],
		'manual',
		{},
	);
}

const EXPRESSIONS = [
	'={{ $json.event }}',
	'={{ $json.ticket?.id }}',
	'={{ $json.ticket?.status?.label }}',
	'={{ $json.ticket?.status?.id }}',
	'={{ $json.ticket?.priority?.label }}',
	'={{ $json.ticket?.priority?.id }}',
	'={{$json.alertState}}',
];

const ITEMS: IDataObject[] = [
	{
		event: 'created',
		ticket: { id: 101, status: { id: 1, label: 'New' }, priority: { id: 3, label: 'Low' } },
		alertState: 'pending',
	},
	{
		event: 'updated',
		ticket: {
			id: '102',
			status: { id: '8', label: ' In Progress ' },
			priority: { id: null, label: null },
		},
	},
	{ event: null, ticket: { id: 0, status: { id: 0, label: '' }, priority: {} } },
	{ event: '', ticket: null },
	{ ticket: {} },
	{ ticket: { status: null, priority: { id: 4.5, label: true } } },
	{
		ticket: {
			id: -1,
			status: { label: 'Ünïcode 🚨', id: 1e21 },
			priority: { label: false, id: Number.MAX_SAFE_INTEGER },
		},
	},
	{},
];

describe('simpleJsonPath', () => {
	it.each([
		['={{ $json.event }}', ['event']],
		['={{$json.ticket?.status?.label}}', ['ticket', 'status', 'label']],
		['={{   $json.a_b?.$c?.d1   }}', ['a_b', '$c', 'd1']],
	])('reads %s as a path', (expression, path) => {
		expect(simpleJsonPath(expression)).toEqual(path);
	});

	it.each([
		['plain member access can throw in n8n', '={{ $json.ticket.status.label }}'],
		['computed member', '={{ $json["ticket"]?.id }}'],
		['a call', '={{ $json.ticket?.id.toString() }}'],
		['another node', "={{ $('Trigger').item.json.ticket?.id }}"],
		['two expressions', '={{ $json.a }}{{ $json.b }}'],
		['text around', '=Ticket {{ $json.ticket?.id }}'],
		['a fixed value', 'In Progress'],
		['not a string', 42],
		['undefined', undefined],
	])('leaves %s to n8n', (_why, expression) => {
		expect(simpleJsonPath(expression)).toBeUndefined();
	});
});

describe('readJsonPath against n8n evaluating the same expression', () => {
	const cases = EXPRESSIONS.flatMap((expression) =>
		ITEMS.map((item, i) => [expression, i, item] as const),
	);
	it.each(cases)('%s on item %i', (expression, _i, item) => {
		const path = simpleJsonPath(expression);
		expect(path).toBeDefined();
		const read = readJsonPath(item, path!);
		// Every step of these items is an object, null or missing, and every value is plain:
		// the direct read must be exact and equal to n8n's result.
		expect(read).toStrictEqual({ exact: true, value: evaluateInN8n(expression, item) });
	});

	it('asks n8n when a step lands on a primitive, an inherited property or an object', () => {
		expect(readJsonPath({ ticket: 'T1' }, ['ticket', 'length'])).toEqual({ exact: false });
		expect(readJsonPath({ ticket: 7 }, ['ticket', 'id'])).toEqual({ exact: false });
		expect(readJsonPath({ ticket: {} }, ['ticket', 'toString'])).toEqual({ exact: false });
		expect(readJsonPath({ ticket: { status: { id: 1 } } }, ['ticket', 'status'])).toEqual({
			exact: false,
		});
		expect(readJsonPath({ ticket: { tags: [] } }, ['ticket', 'tags'])).toEqual({ exact: false });
	});

	it('reads missing steps as undefined, like optional chaining', () => {
		expect(readJsonPath({}, ['ticket', 'status', 'label'])).toEqual({
			exact: true,
			value: undefined,
		});
		expect(readJsonPath({ ticket: null }, ['ticket', 'status'])).toEqual({
			exact: true,
			value: undefined,
		});
		expect(evaluateInN8n('={{ $json.ticket?.status?.label }}', {})).toBeUndefined();
	});
});
