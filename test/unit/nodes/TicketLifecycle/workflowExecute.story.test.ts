/**
 * The Ticket Lifecycle node inside n8n's own engine (n8n-core `WorkflowExecute`, n8n-workflow
 * `Workflow` and expression evaluation): parameters are real expressions over the items, the
 * dynamic outputs come from the node's `outputs` expression, items come out of the right
 * outputs with pairedItem intact, and with "Continue (using error output)" bad items are moved
 * by n8n to the Error output.
 */
import type {
	IConnections,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Container } from '@n8n/di';
import { NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';
import { ErrorReporter, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';

// The node's HTTP glue is not used in these modes (Assume None / From Input); keep the shared
// transport out of the module graph.
jest.mock('../../../../nodes/TicketLifecycle/serviceReads', () => ({
	ilertLookupSource: () => {
		throw new Error('not used');
	},
	ticketPicklist: async () => [],
	alertSourceOptions: async () => [],
	picklistOptions: async () => [],
}));

// eslint-disable-next-line import/first
import { TicketLifecycle } from '../../../../nodes/TicketLifecycle/TicketLifecycle.node';

const TICKETS = [
	{
		event: 'created',
		ticket: { id: 101, status: { id: 1, label: 'New' }, priority: { id: 3, label: 'Low' } },
	},
	{
		event: 'updated',
		ticket: {
			id: 102,
			status: { id: 8, label: 'In Progress' },
			priority: { id: 1, label: 'High' },
		},
		alertState: 'pending',
	},
	{
		event: 'updated',
		ticket: {
			id: 103,
			status: { id: 5, label: ' COMPLETE ' },
			priority: { id: 2, label: 'Medium' },
		},
		alertState: 'accepted',
	},
	{
		event: 'created',
		ticket: {
			id: 104,
			status: { id: 7, label: 'Waiting Customer' },
			priority: { id: 4, label: 'Critical' },
		},
	},
	{
		event: 'updated',
		ticket: { id: 105, status: { id: 1, label: 'New' }, priority: { id: 3, label: 'Low' } },
		alertState: 'accepted',
	},
	{
		event: 'updated',
		ticket: { id: 106, status: { id: null, label: null }, priority: { id: 3, label: 'Low' } },
		alertState: 'none',
	},
	{
		event: 'deleted',
		ticket: { id: 107, status: { id: null, label: null }, priority: { id: null, label: null } },
		alertState: 'accepted',
	},
];

/** Emits the fixture tickets, each tagged with its position. */
class Source implements INodeType {
	description = {
		displayName: 'Source',
		name: 'source',
		group: ['input'],
		version: 1,
		description: 'Test source',
		defaults: { name: 'Source' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			TICKETS.map((t, i) => ({
				json: { ...t, marker: `source-${i}` } as IDataObject,
				pairedItem: { item: 0 },
			})),
		];
	}
}

/** Resolves `$('Source').item` for every item: fails unless pairedItem leads back to the source. */
class Collector implements INodeType {
	description = {
		displayName: 'Collector',
		name: 'collector',
		group: ['transform'],
		version: 1,
		description: 'Test collector',
		defaults: { name: 'Collector' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, i) => ({
				json: {
					marker: this.evaluateExpression("{{ $('Source').item.json.marker }}", i) as string,
					action: (item.json.lifecycle as IDataObject | undefined)?.action ?? null,
					error: item.json.error ?? null,
				},
				pairedItem: { item: i },
			})),
		];
	}
}

const nodeTypes: INodeTypes = {
	getByName: (type: string) => byType[type],
	getByNameAndVersion: (type: string) => byType[type],
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;
const byType: Record<string, INodeType> = {
	'test.source': new Source(),
	'test.collector': new Collector(),
	'n8n-nodes-autotask-ilert.ticketLifecycle': new TicketLifecycle(),
};

const OUTPUT_NAMES = ['Create', 'Accept', 'Resolve', 'Reject', 'Unchanged'];

function buildWorkflow(lifecycleParameters: INodeParameters, onError?: INode['onError']): Workflow {
	const nodes: INode[] = [
		{
			id: 's',
			name: 'Source',
			type: 'test.source',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'l',
			name: 'Ticket Lifecycle',
			type: 'n8n-nodes-autotask-ilert.ticketLifecycle',
			typeVersion: 1,
			position: [200, 0],
			parameters: lifecycleParameters,
			...(onError ? { onError } : {}),
		},
	];
	const lifecycleOutputs: IConnections[string]['main'] = [];
	for (let o = 0; o < 6; o++) {
		const name = `Out ${o}`;
		nodes.push({
			id: `c${o}`,
			name,
			type: 'test.collector',
			typeVersion: 1,
			position: [400, o * 100],
			parameters: {},
		});
		lifecycleOutputs.push([{ node: name, type: NodeConnectionTypes.Main, index: 0 }]);
	}
	const connections: IConnections = {
		Source: { main: [[{ node: 'Ticket Lifecycle', type: NodeConnectionTypes.Main, index: 0 }]] },
		'Ticket Lifecycle': { main: lifecycleOutputs },
	};
	return new Workflow({
		id: 'wf-lifecycle',
		name: 'lifecycle engine test',
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: {},
	});
}

async function execute(workflow: Workflow): Promise<IRun> {
	const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', {
		id: workflow.id,
		name: workflow.name,
		active: false,
		isArchived: false,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as never);
	const additionalData = {
		hooks,
		executionId: 'exec-1',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		credentialsHelper: {},
		executeWorkflow: async () => ({}),
		getRunExecutionData: async () => undefined,
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	const run = new WorkflowExecute(additionalData, 'manual');
	return await run.run({ workflow, startNode: workflow.getNode('Source')! });
}

const BASE_PARAMETERS: INodeParameters = {
	alertState: 'input',
	alertStateValue: "={{ $json.alertState ?? 'none' }}",
	event: '={{ $json.event }}',
	ticketId: '={{ $json.ticket?.id }}',
	statusLabel: '={{ $json.ticket?.status?.label }}',
	statusId: '={{ $json.ticket?.status?.id }}',
	priorityLabel: '={{ $json.ticket?.priority?.label }}',
	priorityId: '={{ $json.ticket?.priority?.id }}',
};

interface Routed {
	ticket: number | null;
	pairedItem: { item: number };
	action: unknown;
	priority: unknown;
	error: unknown;
}

function lifecycleOutputs(run: IRun): Routed[][] {
	const taskData = run.data.resultData.runData['Ticket Lifecycle'][0];
	return (taskData.data?.main ?? []).map((items) =>
		(items ?? []).map((item) => ({
			ticket: ((item.json.ticket as IDataObject | undefined)?.id ?? null) as number | null,
			pairedItem: item.pairedItem as unknown as { item: number },
			action: (item.json.lifecycle as IDataObject | undefined)?.action ?? null,
			priority: (item.json.lifecycle as IDataObject | undefined)?.ilertPriority ?? null,
			error: item.json.error ?? null,
		})),
	);
}

describe('Ticket Lifecycle in n8n-core WorkflowExecute', () => {
	// n8n's ErrorReporter logs a failing node's message; keep the test output clean.
	beforeAll(() => Container.set(ErrorReporter, { error: () => undefined } as never));

	test('the outputs expression gives 4 outputs, or 5 with Output Unchanged Items', () => {
		const wf4 = buildWorkflow({ ...BASE_PARAMETERS });
		const outputs4 = NodeHelpers.getNodeOutputs(
			wf4,
			wf4.getNode('Ticket Lifecycle')!,
			byType['n8n-nodes-autotask-ilert.ticketLifecycle'].description,
		);
		expect(outputs4.map((o) => (typeof o === 'string' ? o : o.displayName))).toEqual(
			OUTPUT_NAMES.slice(0, 4),
		);
		const wf5 = buildWorkflow({ ...BASE_PARAMETERS, outputUnchanged: true }, 'continueErrorOutput');
		const outputs5 = NodeHelpers.getNodeOutputs(
			wf5,
			wf5.getNode('Ticket Lifecycle')!,
			byType['n8n-nodes-autotask-ilert.ticketLifecycle'].description,
		);
		expect(outputs5.map((o) => (typeof o === 'string' ? o : o.displayName))).toEqual([
			...OUTPUT_NAMES,
			'Error',
		]);
	});

	test('the subtitle expression names the alert state mode', () => {
		const wf = buildWorkflow({ ...BASE_PARAMETERS });
		const description = byType['n8n-nodes-autotask-ilert.ticketLifecycle'].description;
		const subtitle = wf.expression.getSimpleParameterValue(
			wf.getNode('Ticket Lifecycle')!,
			description.subtitle!,
			'internal',
			{},
		);
		expect(subtitle).toBe('Alert state from input');
	});

	test('items come out of the right outputs with pairedItem intact; bad items go to the Error output', async () => {
		const run = await execute(
			buildWorkflow({ ...BASE_PARAMETERS, outputUnchanged: true }, 'continueErrorOutput'),
		);
		expect(run.data.resultData.error).toBeUndefined();
		const outputs = lifecycleOutputs(run);
		expect(outputs).toHaveLength(6);
		const byOutput = outputs.map((items) =>
			items.map((x) => [x.ticket, x.pairedItem.item, x.action]),
		);
		expect(byOutput).toEqual([
			[[101, 0, 'create']],
			[[102, 1, 'accept']],
			[
				[103, 2, 'resolve'],
				[107, 6, 'resolve'],
			],
			[[104, 3, 'reject']],
			[[105, 4, 'unchanged']],
			// n8n moved the error item to the Error output; pairedItem leads back to the input
			[[null, 5, null]],
		]);
		expect(outputs[5][0].error).toMatch(
			/^No ticket status: .* Read from "Status Label" \(\{\{ \$json\.ticket\?\.status\?\.label \}\} gave null\)/,
		);
		expect(
			outputs
				.flat()
				.filter((x) => x.action === 'create')
				.map((x) => x.priority),
		).toEqual(['LOW']);

		// Downstream nodes resolve $('Source').item through the pairedItem chain.
		for (let o = 0; o < 6; o++) {
			const collected = (run.data.resultData.runData[`Out ${o}`]?.[0]?.data?.main?.[0] ?? []).map(
				(i) => i.json.marker,
			);
			expect(collected).toEqual(outputs[o].map((x) => `source-${x.pairedItem.item}`));
		}
	});

	test('without error output, a bad item fails the node with the item index', async () => {
		const run = await execute(buildWorkflow({ ...BASE_PARAMETERS }));
		const error = run.data.resultData.error as unknown as {
			message: string;
			context?: IDataObject;
		};
		expect(error.message).toMatch(/^No ticket status/);
		expect(error.context?.itemIndex).toBe(5);
	});

	test('with plain "Continue", the bad item stays on Reject (never Create), marked with error', async () => {
		const run = await execute(buildWorkflow({ ...BASE_PARAMETERS }, 'continueRegularOutput'));
		const outputs = lifecycleOutputs(run);
		expect(outputs).toHaveLength(4);
		expect(outputs[0].map((x) => x.ticket)).toEqual([101]);
		expect(outputs[3].map((x) => [x.ticket, x.pairedItem.item, x.error !== null])).toEqual([
			[104, 3, false],
			[null, 5, true],
		]);
		expect(outputs[3][1].error).toMatch(/^No ticket status/);
		const rejectCollected = (run.data.resultData.runData['Out 3'][0].data?.main?.[0] ?? []).map(
			(i) => i.json.marker,
		);
		expect(rejectCollected).toEqual(['source-3', 'source-5']);
		// the unchanged item was not output, and n8n recorded the hint
		const hints = run.data.resultData.runData['Ticket Lifecycle'][0].hints ?? [];
		expect(hints.map((h) => h.message)).toEqual([
			expect.stringMatching(/^1 item\(s\) needed no ilert action .*autotask-105/),
		]);
	});
});
