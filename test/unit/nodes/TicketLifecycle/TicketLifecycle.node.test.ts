/**
 * The Ticket Lifecycle node with a mocked n8n context. The node's own transport glue is replaced
 * by scripted ilert/Autotask answers here (the HTTP side is covered by `node-http.test.ts`).
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { createExecuteContext, type MockExecuteFunctions } from '../../../support';

const openAlerts = new Map<string, IDataObject>();
let resolvedAlerts: IDataObject[] = [];
let resolvedTruncated = false;
const calls = {
	findOpen: [] as string[],
	listResolved: 0,
	findReportedSince: [] as Array<{ key: string; since: number }>,
	picklist: [] as string[],
};
let statusPicklist: IDataObject[] = [];
let priorityPicklist: IDataObject[] = [];

jest.mock('../../../../nodes/TicketLifecycle/serviceReads', () => ({
	ilertLookupSource: (_ctx: unknown, options: { alertSourceId: string }) => ({
		windowText: `alert source ${options.alertSourceId} reported in the last 30 days`,
		findOpen: async (key: string) => {
			calls.findOpen.push(key);
			return openAlerts.get(key);
		},
		listResolved: async () => {
			calls.listResolved++;
			return { alerts: resolvedAlerts, truncated: resolvedTruncated };
		},
		findReportedSince: async (key: string, since: number) => {
			calls.findReportedSince.push({ key, since });
			const open = openAlerts.get(key);
			return [...(open ? [open] : []), ...resolvedAlerts.filter((a) => a.alertKey === key)];
		},
	}),
	ticketPicklist: async (_ctx: unknown, field: string) => {
		calls.picklist.push(field);
		return field === 'status' ? statusPicklist : priorityPicklist;
	},
	alertSourceOptions: async () => [],
	picklistOptions: async () => [],
}));

// eslint-disable-next-line import/first
import { TicketLifecycle } from '../../../../nodes/TicketLifecycle/TicketLifecycle.node';

function ticketItem(
	id: number,
	event: string,
	status: string | null,
	statusId: number | null = null,
	priority = 'High',
) {
	return {
		json: {
			event,
			ticket: {
				id,
				number: `T20261128.${String(id).padStart(4, '0')}`,
				status: { id: statusId, label: status },
				priority: { id: null, label: priority },
			},
			source: 'callout',
		},
	};
}

function run(
	items: INodeExecutionData[],
	parameters: Record<string, unknown>,
	extra: { continueOnFail?: boolean; autotask?: boolean; onError?: string } = {},
): { ctx: MockExecuteFunctions; hints: unknown[]; result: Promise<INodeExecutionData[][]> } {
	const node = new TicketLifecycle();
	const ctx = createExecuteContext({
		items,
		continueOnFail: extra.continueOnFail,
		node: {
			name: 'Ticket Lifecycle',
			type: 'n8n-nodes-autotask-ilert.ticketLifecycle',
			// What n8n stores: the parameters the test sets, a function standing for an expression of
			// its own; inputs left out keep their default expressions (read from the item).
			parameters: Object.fromEntries(
				Object.entries(parameters).map(([name, value]) => [
					name,
					typeof value === 'function' ? '={{ $("test").expression }}' : value,
				]),
			) as INodeParameters,
			credentials: extra.autotask
				? { autotaskIlertAutotaskApi: { id: '1', name: 'Autotask' } }
				: undefined,
		},
		parameters: {
			// what n8n resolves the default expressions to, per item
			event: (i: number) => (items[i].json as IDataObject).event,
			ticketId: (i: number) =>
				((items[i].json as IDataObject).ticket as IDataObject | undefined)?.id,
			statusLabel: (i: number) =>
				(
					((items[i].json as IDataObject).ticket as IDataObject | undefined)?.status as
						| IDataObject
						| undefined
				)?.label,
			statusId: (i: number) =>
				(
					((items[i].json as IDataObject).ticket as IDataObject | undefined)?.status as
						| IDataObject
						| undefined
				)?.id,
			priorityLabel: (i: number) =>
				(
					((items[i].json as IDataObject).ticket as IDataObject | undefined)?.priority as
						| IDataObject
						| undefined
				)?.label,
			priorityId: (i: number) =>
				(
					((items[i].json as IDataObject).ticket as IDataObject | undefined)?.priority as
						| IDataObject
						| undefined
				)?.id,
			alertState: 'lookup',
			alertSourceId: '4711',
			outputUnchanged: false,
			statusOverrides: {},
			options: {},
			...parameters,
		},
	});
	const hints: unknown[] = [];
	(ctx as unknown as { addExecutionHints: (...h: unknown[]) => void }).addExecutionHints = (
		...h: unknown[]
	) => hints.push(...h);
	return { ctx, hints, result: node.execute.call(ctx) };
}

function summary(outputs: INodeExecutionData[][]) {
	return outputs.map((out) =>
		out.map((item) => ({
			ticket: ((item.json.ticket as IDataObject | undefined)?.id ?? null) as number | null,
			pairedItem: item.pairedItem,
			rule: (item.json.lifecycle as IDataObject | undefined)?.ruleId,
		})),
	);
}

beforeEach(() => {
	openAlerts.clear();
	resolvedAlerts = [];
	resolvedTruncated = false;
	calls.findOpen = [];
	calls.listResolved = 0;
	calls.findReportedSince = [];
	calls.picklist = [];
	statusPicklist = [];
	priorityPicklist = [];
});

describe('Ticket Lifecycle node', () => {
	test('routes to Create, Accept, Resolve, Reject in that order, pairedItem on every item', async () => {
		openAlerts.set('autotask-2', { id: 902, status: 'PENDING', alertKey: 'autotask-2' });
		openAlerts.set('autotask-3', { id: 903, status: 'ACCEPTED', alertKey: 'autotask-3' });
		const items = [
			ticketItem(1, 'created', 'New'),
			ticketItem(2, 'updated', 'In Progress'),
			ticketItem(3, 'updated', 'Complete'),
			ticketItem(4, 'created', 'Complete'),
			ticketItem(5, 'updated', 'new'),
		];
		const { result } = run(items, {});
		const out = await result;
		expect(out).toHaveLength(4);
		expect(summary(out)).toEqual([
			[
				{ ticket: 1, pairedItem: { item: 0 }, rule: 'C1' },
				{ ticket: 5, pairedItem: { item: 4 }, rule: 'U1' },
			],
			[{ ticket: 2, pairedItem: { item: 1 }, rule: 'U8' }],
			[{ ticket: 3, pairedItem: { item: 2 }, rule: 'U6' }],
			[{ ticket: 4, pairedItem: { item: 3 }, rule: 'C2' }],
		]);
		// every event is looked up, created ones too (the created/updated guess must not matter)
		expect(calls.findOpen).toEqual([
			'autotask-1',
			'autotask-2',
			'autotask-3',
			'autotask-4',
			'autotask-5',
		]);
	});

	test('output item keeps its input and gains one lifecycle object', async () => {
		openAlerts.set('autotask-7', { id: 907, status: 'PENDING', alertKey: 'autotask-7' });
		const item = ticketItem(7, 'updated', ' waiting  customer ', 7, 'Low');
		const { result } = run([item], {});
		const out = await result;
		const json = out[1][0].json;
		expect(json.event).toBe('updated');
		expect(json.ticket).toEqual(item.json.ticket);
		expect(json.source).toBe('callout');
		// the explanation is the first key of the item and of the lifecycle object
		expect(Object.keys(json)[0]).toBe('lifecycle');
		expect(Object.keys(json.lifecycle as object)[0]).toBe('rule');
		expect(json.lifecycle).toEqual({
			action: 'accept',
			rule: 'Accept: ticket updated with status "waiting  customer" (class Waiting, Scheduled, Escalate or Approved) and its alert is pending, so the alert is accepted. From ilert\'s Autotask lifecycle, row U8.',
			ruleId: 'U8',
			event: 'updated',
			status: { id: 7, label: 'waiting  customer', class: 'onHold' },
			alertState: 'pending',
			alertStateFrom: 'ilert alert 907 with key autotask-7 is PENDING',
			ilertPriority: 'LOW',
			priority: {
				id: null,
				label: 'Low',
				reason:
					'Priority "Low" (label from the input) maps to LOW as in ilert\'s Autotask integration',
			},
			alertKey: 'autotask-7',
			ticketId: 7,
		});
	});

	test('unchanged items: hint when the fifth output is off, fifth output when on', async () => {
		openAlerts.set('autotask-8', { id: 908, status: 'ACCEPTED', alertKey: 'autotask-8' });
		const items = [ticketItem(8, 'updated', 'In Progress'), ticketItem(9, 'created', 'New')];
		const off = run(items, {});
		const outOff = await off.result;
		expect(outOff).toHaveLength(4);
		expect(outOff.flat()).toHaveLength(1);
		expect(off.hints).toEqual([
			expect.objectContaining({
				message: expect.stringMatching(
					/^1 item\(s\) needed no ilert action and were not output \(autotask-8\)/,
				),
				location: 'outputPane',
			}),
		]);

		const on = run(items, { outputUnchanged: true });
		const outOn = await on.result;
		expect(outOn).toHaveLength(5);
		expect(summary(outOn)[4]).toEqual([{ ticket: 8, pairedItem: { item: 0 }, rule: 'U9' }]);
		expect(on.hints).toEqual([]);
	});

	test('resolved alerts are listed once per execution, only when they change the decision', async () => {
		resolvedAlerts = [
			{ id: 950, status: 'RESOLVED', alertKey: 'AUTOTASK-10' },
			{ id: 951, status: 'RESOLVED', alertKey: 'autotask-11' },
		];
		const items = [
			ticketItem(10, 'updated', 'New'), // resolved -> unchanged (U5) instead of create (U1)
			ticketItem(11, 'updated', 'Complete'), // resolved -> unchanged (U7) instead of reject (U2)
			ticketItem(12, 'updated', 'New'), // nothing -> create
			ticketItem(13, 'deleted', null), // none and resolved both unchanged: not listed
		];
		const { result } = run(items, { outputUnchanged: true });
		const out = await result;
		expect(summary(out)).toEqual([
			[{ ticket: 12, pairedItem: { item: 2 }, rule: 'U1' }],
			[],
			[],
			[],
			[
				{ ticket: 10, pairedItem: { item: 0 }, rule: 'U5' },
				{ ticket: 11, pairedItem: { item: 1 }, rule: 'U7' },
				{ ticket: 13, pairedItem: { item: 3 }, rule: 'D2' },
			],
		]);
		expect(calls.listResolved).toBe(1);
		const l = (i: number, o = 4) => out[o][i].json.lifecycle as IDataObject;
		expect(l(0).alertStateFrom).toBe(
			'ilert has no open alert with key autotask-10; alert 950 with that key was resolved',
		);
		expect(l(2).alertStateFrom).toMatch(/resolved alerts not searched: same decision/);
		expect((out[0][0].json.lifecycle as IDataObject).alertStateFrom).toBe(
			'ilert has no open alert with key autotask-12 and none among the resolved alerts of alert source 4711 reported in the last 30 days',
		);
	});

	test('a ticket created within the hour is looked up since its creation; an older one by the open listing', async () => {
		const now = Date.now();
		const dated = (id: number, status: string, createdAgoMs: number) => {
			const item = ticketItem(id, 'updated', status);
			(item.json.ticket as IDataObject).createDate = new Date(now - createdAgoMs).toISOString();
			return item;
		};
		openAlerts.set('autotask-21', { id: 971, status: 'ACCEPTED', alertKey: 'autotask-21' });
		resolvedAlerts = [{ id: 972, status: 'RESOLVED', alertKey: 'autotask-22' }];
		const items = [
			dated(21, 'Complete', 5 * 60_000), // recent, open alert -> resolve
			dated(22, 'New', 59 * 60_000), // recent, resolved alert -> unchanged
			dated(23, 'New', -30 * 60_000), // "created" in 30 min (a clock ahead): bounded at now
			dated(24, 'New', 61 * 60_000), // older than the hour: open listing, then resolved search
		];
		const out = await run(items, { outputUnchanged: true }).result;
		expect(summary(out).map((o) => o.map((i) => `${i.ticket}:${i.rule}`))).toEqual([
			['23:U1', '24:U1'],
			[],
			['21:U6'],
			[],
			['22:U5'],
		]);
		expect(calls.findReportedSince.map((c) => c.key)).toEqual([
			'autotask-21',
			'autotask-22',
			'autotask-23',
		]);
		const margin = 10 * 60_000;
		expect(calls.findReportedSince[0].since).toBe(now - 5 * 60_000 - margin);
		expect(calls.findReportedSince[2].since).toBeGreaterThanOrEqual(now - margin);
		expect(calls.findReportedSince[2].since).toBeLessThan(now + 60_000 - margin);
		expect(calls.findOpen).toEqual(['autotask-24']);
		expect(calls.listResolved).toBe(1);
		const l = (o: number, i = 0) => out[o][i].json.lifecycle as IDataObject;
		expect(l(2).alertStateFrom).toBe('ilert alert 971 with key autotask-21 is ACCEPTED');
		expect(l(4).alertStateFrom).toBe(
			'ilert has no open alert with key autotask-22; alert 972 with that key was resolved',
		);
		expect(l(0).alertStateFrom).toBe(
			'ilert has no alert with key autotask-23 reported since the ticket was created',
		);
	});

	test('a capped resolved listing says that older resolved alerts were not searched', async () => {
		resolvedAlerts = Array.from({ length: 3 }, (_, k) => ({
			id: 960 + k,
			status: 'RESOLVED',
			alertKey: `autotask-${900 + k}`,
		}));
		resolvedTruncated = true;
		const { result } = run([ticketItem(14, 'updated', 'New')], {});
		const out = await result;
		expect((out[0][0].json.lifecycle as IDataObject).alertStateFrom).toBe(
			'ilert has no open alert with key autotask-14 and none among the 3 resolved alerts listed of alert source 4711 reported in the last 30 days (the Resolved Alerts Searched cap; more exist)',
		);
	});

	test('Re-Alert Reopened Tickets: a reopened ticket with a resolved alert creates', async () => {
		resolvedAlerts = [{ id: 950, status: 'RESOLVED', alertKey: 'autotask-10' }];
		const items = [
			ticketItem(10, 'updated', 'In Progress'),
			ticketItem(11, 'updated', 'Waiting Vendor'),
		];
		const { result } = run(items, { outputUnchanged: true, options: { reAlertReopened: true } });
		const out = await result;
		expect(summary(out)[0]).toEqual([{ ticket: 10, pairedItem: { item: 0 }, rule: 'U1' }]);
		// In Progress: none and resolved both create with the option on, so nothing was listed for it;
		// Waiting Vendor: none -> reject, resolved -> unchanged, so it was listed
		expect(calls.listResolved).toBe(1);
		expect(summary(out)[3]).toEqual([{ ticket: 11, pairedItem: { item: 1 }, rule: 'U2' }]);
	});

	test('From Input and Assume None modes', async () => {
		const items = [ticketItem(20, 'updated', 'Complete'), ticketItem(21, 'updated', 'Complete')];
		const input = run(items, {
			alertState: 'input',
			alertStateValue: (i: number) => (i === 0 ? 'ACCEPTED' : 'resolved'),
		});
		const out = await input.result;
		expect(summary(out)[2]).toEqual([{ ticket: 20, pairedItem: { item: 0 }, rule: 'U6' }]);
		expect(calls.findOpen).toEqual([]);
		const none = run(items, { alertState: 'assumeNone' });
		const outNone = await none.result;
		expect(summary(outNone)[3].map((x) => x.rule)).toEqual(['U2', 'U2']);
		expect((outNone[3][0].json.lifecycle as IDataObject).alertStateFrom).toBe(
			'assumed none (Alert State: Assume None)',
		);
	});

	test('status overrides and id-only input through the Autotask picklist', async () => {
		statusPicklist = [
			{ value: '5', label: 'Complete', isActive: true },
			{ value: '30', label: 'Customer Review', isActive: true },
		];
		priorityPicklist = [
			{ value: '1', label: 'Critical' },
			{ value: '4', label: 'Low' },
		];
		openAlerts.set('autotask-31', { id: 931, status: 'PENDING', alertKey: 'autotask-31' });
		const items = [
			{
				json: {
					event: 'updated',
					ticket: { id: 31, status: { id: 30, label: null }, priority: { id: 4, label: null } },
				},
			},
			{
				json: {
					event: 'updated',
					ticket: { id: 32, status: { id: 5, label: null }, priority: { id: 1, label: null } },
				},
			},
		];
		const { result } = run(
			items,
			{
				alertState: 'assumeNone',
				statusOverrides: { values: [{ status: '30', class: 'closed' }] },
			},
			{ autotask: true },
		);
		const out = await result;
		expect(summary(out)[3].map((x) => x.ticket)).toEqual([31, 32]);
		expect((out[3][0].json.lifecycle as IDataObject).status).toEqual({
			id: 30,
			label: 'Customer Review',
			class: 'closed',
		});
		expect((out[3][0].json.lifecycle as IDataObject).ilertPriority).toBe('LOW');
		expect((out[3][1].json.lifecycle as IDataObject).status).toEqual({
			id: 5,
			label: 'Complete',
			class: 'closed',
		});
		expect((out[3][1].json.lifecycle as IDataObject).ilertPriority).toBe('HIGH');
		// one picklist load per field per execution
		expect(calls.picklist.sort()).toEqual(['priority', 'status']);
	});

	test('labels present: no picklist call even with the Autotask credential', async () => {
		const { result } = run([ticketItem(40, 'created', 'New')], {}, { autotask: true });
		await result;
		expect(calls.picklist).toEqual([]);
	});

	describe('bad input', () => {
		test.each([
			[
				'no status',
				{ json: { event: 'updated', ticket: { id: 50, status: { id: null, label: null } } } },
				/^No ticket status: both the status label and the status id are empty\. Read from "Status Label" \(\{\{ \$json\.ticket\?\.status\?\.label \}\} gave null\) and "Status ID" \(\{\{ \$json\.ticket\?\.status\?\.id \}\} gave null\)$/,
			],
			[
				'unknown event',
				{ json: { event: 'merged', ticket: { id: 51, status: { label: 'New' } } } },
				/^Unknown ticket event "merged": expected created, updated or deleted\. Read from "Event" \(\{\{ \$json\.event \}\} gave "merged"\)$/,
			],
			[
				'no ticket id',
				{ json: { event: 'created', ticket: { status: { label: 'New' } } } },
				/^No ticket ID: the value is empty\. Read from "Ticket ID" \(\{\{ \$json\.ticket\?\.id \}\} gave undefined\)$/,
			],
			[
				'status id without label or credential',
				{ json: { event: 'created', ticket: { id: 52, status: { id: 17, label: null } } } },
				/^Ticket status id 17 has no label: pass the status label, or add a status override for id 17\. Read from "Status Label"/,
			],
		])(
			'%s: item error naming the field and where it was read from',
			async (_name, item, message) => {
				const { result } = run([item], {});
				await expect(result).rejects.toThrow(NodeOperationError);
				await expect(run([item], {}).result).rejects.toThrow(message);
				const error = await run([item], {}).result.catch((e: NodeOperationError) => e);
				expect((error as NodeOperationError).context.itemIndex).toBe(0);
			},
		);

		test('unknown alert state from input names the Alert State Value parameter', async () => {
			const item = ticketItem(53, 'updated', 'New');
			(item.json as IDataObject).alertState = 'open';
			const { result } = run([item], { alertState: 'input' });
			await expect(result).rejects.toThrow(
				'Unknown alert state "open": expected none, pending, accepted or resolved. Read from "Alert State Value" ({{ $json.alertState }} gave "open")',
			);
		});

		test('the raw expression the user typed is quoted', async () => {
			const node = new TicketLifecycle();
			const ctx = createExecuteContext({
				items: [{ json: { body: {} } }],
				node: { parameters: { event: '={{ $json.body.kind }}' } },
				parameters: {
					event: undefined,
					ticketId: 1,
					statusLabel: 'New',
					statusId: null,
					priorityLabel: null,
					priorityId: null,
					alertState: 'assumeNone',
					outputUnchanged: false,
					statusOverrides: {},
					options: {},
				},
			});
			await expect(node.execute.call(ctx)).rejects.toThrow(
				'No ticket event: the value is empty. Read from "Event" ({{ $json.body.kind }} gave null)',
			);
		});

		test('continue on fail: error items go out with `error` set (n8n moves them to the Error output), never to Create', async () => {
			const items = [
				ticketItem(60, 'created', 'New'),
				{ json: { event: 'updated', ticket: { id: 61, status: { id: null, label: '' } } } },
				ticketItem(62, 'created', 'Complete'),
			];
			const { result } = run(items, { alertState: 'assumeNone' }, { continueOnFail: true });
			const out = await result;
			expect(summary(out)[0]).toEqual([{ ticket: 60, pairedItem: { item: 0 }, rule: 'C1' }]);
			expect(out[1]).toEqual([]);
			expect(out[2]).toEqual([]);
			const errorItem = out[3].find((x) => x.error);
			expect(errorItem?.pairedItem).toEqual({ item: 1 });
			expect(errorItem?.error).toBeInstanceOf(NodeOperationError);
			expect(errorItem?.json.error).toMatch(/^No ticket status/);
			expect(errorItem?.json).toEqual({ error: errorItem?.json.error });
			expect(summary(out)[3].map((x) => x.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		});
	});
});
