/**
 * The Ticket Lifecycle inside a real n8n: items shaped like the Autotask Trigger's come in
 * (through n8n's own Webhook and Split Out nodes, several per execution), the Lifecycle looks the
 * alert state up in the ilert simulator, routes each item to the right output with its
 * pairedItem intact, and the ilert nodes wired to Create / Accept / Resolve change the alerts
 * exactly as ilert's lifecycle table says.
 */
import type { N8nExecution, N8nInstance } from '../n8n';
import {
	CREDENTIAL_IDS,
	CREDENTIAL_NAMES,
	LIFECYCLE_OUTPUTS,
	nodeOutputs,
	post,
	simulatorCredentials,
	startN8n,
	startSimulators,
	STATUS,
	triggerItem,
} from './support';
import type { Simulators } from './support';

const WORKFLOW_ID = 'e2eLifecycleWf01';
const PATH = 'e2e-lifecycle';

function workflow(alertSourceId: number) {
	const ilertCred = {
		autotaskIlertIlertAlertSourceApi: {
			id: CREDENTIAL_IDS.ilertSource,
			name: CREDENTIAL_NAMES.ilertSource,
		},
	};
	const ilertNode = (name: string, operation: string, x: number, y: number) => ({
		id: `node-${operation}`,
		name,
		type: 'n8n-nodes-autotask-ilert.ilert',
		typeVersion: 1,
		position: [x, y],
		// The Lifecycle looked the alert up already; see the report on checkOpenAlert's credential.
		parameters: {
			resource: 'event',
			operation,
			...(operation === 'create' ? {} : { checkOpenAlert: false }),
		},
		credentials: ilertCred,
	});
	return {
		id: WORKFLOW_ID,
		name: 'E2E: Ticket Lifecycle inside n8n',
		active: false,
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
		nodes: [
			{
				id: 'node-webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '0b6c3a52-5f77-4d59-9f5a-2c1e7e0e2e01',
				parameters: { httpMethod: 'POST', path: PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'node-split',
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} },
			},
			{
				id: 'node-lifecycle',
				name: 'Ticket Lifecycle',
				type: 'n8n-nodes-autotask-ilert.ticketLifecycle',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					alertState: 'lookup',
					alertSourceId: String(alertSourceId),
					outputUnchanged: true,
				},
				credentials: {
					autotaskIlertIlertApi: { id: CREDENTIAL_IDS.ilertApi, name: CREDENTIAL_NAMES.ilertApi },
				},
			},
			ilertNode('Create Alert', 'create', 700, -200),
			ilertNode('Accept Alert', 'accept', 700, 0),
			ilertNode('Resolve Alert', 'resolve', 700, 200),
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Ticket Lifecycle', type: 'main', index: 0 }]] },
			'Ticket Lifecycle': {
				main: [
					[{ node: 'Create Alert', type: 'main', index: 0 }],
					[{ node: 'Accept Alert', type: 'main', index: 0 }],
					[{ node: 'Resolve Alert', type: 'main', index: 0 }],
					[],
					[],
				],
			},
		},
	};
}

// The e2e project's testTimeout is a global jest option; set it here so a single file run has it too.
jest.setTimeout(600000);

describe('Ticket Lifecycle in a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let executions = 0;

	beforeAll(async () => {
		sims = await startSimulators();
		n8n = await startN8n({
			credentials: simulatorCredentials(sims),
			workflows: [workflow(sims.ilert.credentials.alertSourceId)],
			publish: [WORKFLOW_ID],
		});
	});

	afterAll(async () => {
		await n8n?.stop();
		await sims?.close();
	});

	/** Posts one batch of trigger items and returns the finished execution (with data). */
	async function batch(items: Array<Record<string, unknown>>): Promise<N8nExecution> {
		const answer = await post(`${n8n.webhookBase}/${PATH}`, { items });
		if (answer.status !== 200) {
			throw new Error(
				`webhook answered ${answer.status} ${answer.text}; n8n log:\n${n8n.logs().slice(-6000)}`,
			);
		}
		executions += 1;
		const list = await n8n.api.waitForExecutions(WORKFLOW_ID, executions);
		const newest = list.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
		const execution = await n8n.api.execution(newest.id, true);
		if (execution.status !== 'success') {
			throw new Error(
				`execution ${execution.id} ${execution.status}: ${JSON.stringify(execution.data?.resultData.error ?? {}).slice(0, 2000)}`,
			);
		}
		return execution;
	}

	/** Ticket ids per Lifecycle output, and the pairedItem index of each routed item. */
	function routed(execution: N8nExecution) {
		const outputs = nodeOutputs(execution, 'Ticket Lifecycle');
		const result: Record<
			string,
			Array<{ ticketId: number; pairedItem: number; action: string }>
		> = {};
		LIFECYCLE_OUTPUTS.forEach((name, i) => {
			result[name] = (outputs[i] ?? []).map((item) => ({
				ticketId: item.json.ticket.id,
				pairedItem: Array.isArray(item.pairedItem)
					? item.pairedItem[0].item
					: item.pairedItem?.item,
				action: item.json.lifecycle?.action,
			}));
		});
		return result;
	}

	const alertsFor = (ticketId: number) => sims.ilert.findAlertsByKey(`autotask-${ticketId}`);

	test('created tickets: New, In Progress and custom statuses create alerts; closed and waiting statuses are rejected', async () => {
		const items = [
			triggerItem('created', { id: 20001, status: STATUS.new }),
			triggerItem('created', { id: 20002, status: STATUS.complete }),
			triggerItem('created', { id: 20003, status: STATUS.customerNoteAdded, priority: [3, 'Low'] }),
			triggerItem('created', { id: 20004, status: STATUS.waitingCustomer }),
			triggerItem('created', { id: 20005, status: STATUS.inProgress }),
			triggerItem('created', { id: 20006, status: STATUS.denied }),
			triggerItem('created', { id: 20007, status: STATUS.scheduled }),
		];
		const execution = await batch(items);
		const r = routed(execution);
		expect(r.create).toEqual([
			{ ticketId: 20001, pairedItem: 0, action: 'create' },
			{ ticketId: 20003, pairedItem: 2, action: 'create' },
			{ ticketId: 20005, pairedItem: 4, action: 'create' },
		]);
		expect(r.reject.map((x) => [x.ticketId, x.pairedItem])).toEqual([
			[20002, 1],
			[20004, 3],
			[20006, 5],
			[20007, 6],
		]);
		expect(r.accept).toEqual([]);
		expect(r.resolve).toEqual([]);
		// The items that come out are the items that went in, plus the decision.
		const created = nodeOutputs(execution, 'Ticket Lifecycle')[0][0].json;
		expect(created).toEqual(expect.objectContaining({ event: 'created', source: 'callout' }));
		expect(created.lifecycle).toEqual(
			expect.objectContaining({ action: 'create', alertKey: 'autotask-20001', ticketId: 20001 }),
		);
		// The ilert node ran once per created item, pairing back to the Lifecycle's output items.
		const sent = nodeOutputs(execution, 'Create Alert')[0];
		expect(
			sent.map((i) => (Array.isArray(i.pairedItem) ? i.pairedItem[0].item : i.pairedItem?.item)),
		).toEqual([0, 1, 2]);

		for (const id of [20001, 20003, 20005])
			expect(alertsFor(id).map((a) => a.status)).toEqual(['PENDING']);
		for (const id of [20002, 20004, 20006, 20007]) expect(alertsFor(id)).toEqual([]);
		expect(alertsFor(20001)[0].priority).toBe('HIGH');
		expect(alertsFor(20003)[0].priority).toBe('LOW');
	});

	test('edited tickets walk the lifecycle table: accept, resolve, unchanged, reject, and never a duplicate alert', async () => {
		// In Progress / Waiting on a pending alert -> accept; Complete -> resolve; New on an existing
		// alert -> unchanged; a waiting status without any alert -> reject; New without alert -> create.
		let r = routed(
			await batch([
				triggerItem('updated', { id: 20001, status: STATUS.inProgress }),
				triggerItem('updated', { id: 20003, status: STATUS.complete }),
				triggerItem('updated', { id: 20005, status: STATUS.new }),
				triggerItem('updated', { id: 20008, status: STATUS.waitingVendor }),
				triggerItem('updated', { id: 20009, status: STATUS.new }),
				triggerItem('updated', { id: 20002, status: STATUS.escalate }),
			]),
		);
		expect(r.accept.map((x) => [x.ticketId, x.pairedItem])).toEqual([[20001, 0]]);
		expect(r.resolve.map((x) => [x.ticketId, x.pairedItem])).toEqual([[20003, 1]]);
		expect(r.unchanged.map((x) => [x.ticketId, x.pairedItem])).toEqual([[20005, 2]]);
		expect(r.reject.map((x) => [x.ticketId, x.pairedItem])).toEqual([
			[20008, 3],
			[20002, 5],
		]);
		expect(r.create.map((x) => [x.ticketId, x.pairedItem])).toEqual([[20009, 4]]);
		expect(alertsFor(20001).map((a) => a.status)).toEqual(['ACCEPTED']);
		expect(alertsFor(20003).map((a) => a.status)).toEqual(['RESOLVED']);
		expect(alertsFor(20005).map((a) => a.status)).toEqual(['PENDING']);
		expect(alertsFor(20009).map((a) => a.status)).toEqual(['PENDING']);

		// Waiting statuses accept a pending alert; on an accepted alert they change nothing.
		r = routed(
			await batch([
				triggerItem('updated', { id: 20005, status: STATUS.waitingMaterials }),
				triggerItem('updated', { id: 20001, status: STATUS.waitingCustomer }),
				// A retried delivery of the same edit: the alert is accepted already.
				triggerItem('updated', { id: 20001, status: STATUS.inProgress }),
				// A resolved alert counts as existing: a custom status leaves it alone.
				triggerItem('updated', { id: 20003, status: STATUS.dispatched }),
			]),
		);
		expect(r.accept.map((x) => x.ticketId)).toEqual([20005]);
		expect(r.unchanged.map((x) => [x.ticketId, x.pairedItem])).toEqual([
			[20001, 1],
			[20001, 2],
			[20003, 3],
		]);
		expect(alertsFor(20005).map((a) => a.status)).toEqual(['ACCEPTED']);

		// A duplicate "created" for a ticket with an open alert (a retried callout): the alert is looked
		// up for created events too, so it is decided as an update and changes nothing; one alert.
		r = routed(await batch([triggerItem('created', { id: 20009, status: STATUS.new })]));
		expect(r.create).toEqual([]);
		expect(r.unchanged.map((x) => x.ticketId)).toEqual([20009]);
		expect(alertsFor(20009)).toHaveLength(1);

		// Out of order: "Complete" arrives, then a late "In Progress" from before it.
		r = routed(
			await batch([
				triggerItem('updated', { id: 20001, status: STATUS.complete }),
				triggerItem('updated', { id: 20009, status: STATUS.denied }),
			]),
		);
		expect(r.resolve.map((x) => x.ticketId)).toEqual([20001, 20009]);
		r = routed(await batch([triggerItem('updated', { id: 20001, status: STATUS.inProgress })]));
		expect(r.unchanged.map((x) => x.ticketId)).toEqual([20001]);
		expect(alertsFor(20001).map((a) => a.status)).toEqual(['RESOLVED']);
		expect(alertsFor(20009).map((a) => a.status)).toEqual(['RESOLVED']);

		// Deleted ticket with an open alert: resolved instead of paging on.
		r = routed(
			await batch([triggerItem('deleted', { id: 20005, status: STATUS.waitingMaterials })]),
		);
		expect(r.resolve.map((x) => x.ticketId)).toEqual([20005]);
		expect(alertsFor(20005).map((a) => a.status)).toEqual(['RESOLVED']);

		// Never a duplicate: one alert per ticket key, whatever happened.
		const keys = sims.ilert.alerts().map((a) => a.alertKey);
		expect(new Set(keys).size).toBe(keys.length);
	});
});
