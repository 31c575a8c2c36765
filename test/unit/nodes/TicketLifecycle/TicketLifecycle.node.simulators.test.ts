/**
 * The Ticket Lifecycle node over real HTTP: ilert and Autotask simulators behind the shared
 * transport and the package's credentials (mocked n8n context from test/support).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TicketLifecycle } from '../../../../nodes/TicketLifecycle/TicketLifecycle.node';
import { CREATION_CLOCK_MARGIN_MS } from '../../../../nodes/TicketLifecycle/alertStateLookup';
import { REPORTED_SINCE_STEP_MS } from '../../../../nodes/shared/transport/ilert';
import { startAutotaskSimulator, startIlertSimulator } from '../../../simulators';
import {
	autotaskSimulatorCredential,
	createExecuteContext,
	createLoadOptionsContext,
	type MockExecuteFunctions,
} from '../../../support';
import { resetProcessState } from '../../../../nodes/shared/transport/processState';

type AutotaskSim = Awaited<ReturnType<typeof startAutotaskSimulator>>;
type IlertSim = Awaited<ReturnType<typeof startIlertSimulator>>;
let at: AutotaskSim;
let il: IlertSim;

function credentials() {
	return {
		autotaskIlertIlertApi: {
			apiKey: il.credentials.apiKey,
			baseUrl: il.url,
			maxRetryWaitSeconds: 1,
		},
		autotaskIlertAutotaskApi: autotaskSimulatorCredential(at, { maxRetryWaitSeconds: 1 }),
	};
}

function fromTicket(path: string[]) {
	return (items: INodeExecutionData[]) => (i: number) => {
		let v: unknown = items[i].json;
		for (const p of path) v = (v as IDataObject | undefined)?.[p];
		return v ?? null;
	};
}

async function run(
	items: INodeExecutionData[],
	parameters: Record<string, unknown> = {},
): Promise<{ out: INodeExecutionData[][]; ctx: MockExecuteFunctions }> {
	const ctx = createExecuteContext({
		items,
		credentials: credentials(),
		node: {
			name: 'Ticket Lifecycle',
			type: 'n8n-nodes-autotask-ilert.ticketLifecycle',
			credentials: {
				autotaskIlertIlertApi: { id: '1', name: 'ilert' },
				autotaskIlertAutotaskApi: { id: '2', name: 'Autotask' },
			},
		},
		parameters: {
			event: fromTicket(['event'])(items),
			ticketId: fromTicket(['ticket', 'id'])(items),
			statusLabel: fromTicket(['ticket', 'status', 'label'])(items),
			statusId: fromTicket(['ticket', 'status', 'id'])(items),
			priorityLabel: fromTicket(['ticket', 'priority', 'label'])(items),
			priorityId: fromTicket(['ticket', 'priority', 'id'])(items),
			alertState: 'lookup',
			alertSourceId: String(il.credentials.alertSourceId),
			outputUnchanged: true,
			statusOverrides: {},
			options: {},
			...parameters,
		},
	});
	(ctx as unknown as { addExecutionHints: () => void }).addExecutionHints = () => undefined;
	const out = await new TicketLifecycle().execute.call(ctx);
	return { out, ctx };
}

function item(
	id: number,
	event: string,
	status: { id?: number | null; label?: string | null },
	priority: { id?: number | null; label?: string | null } = { label: 'High' },
) {
	return {
		json: {
			event,
			ticket: {
				id,
				status: { id: null, label: null, ...status },
				priority: { id: null, label: null, ...priority },
			},
		},
	};
}

function routed(out: INodeExecutionData[][]) {
	return out.map((o) =>
		o.map(
			(x) =>
				`${String((x.json.ticket as IDataObject).id)}:${String((x.json.lifecycle as IDataObject).ruleId)}`,
		),
	);
}

function alertRequests(ctx: MockExecuteFunctions, state?: string) {
	return ctx.mock.requests.filter((r) => {
		const url = new URL(r.url);
		return (
			url.pathname === '/api/alerts' &&
			(!state || url.searchParams.getAll('states').includes(state))
		);
	});
}

beforeAll(async () => {
	[at, il] = await Promise.all([startAutotaskSimulator(), startIlertSimulator()]);
});
afterAll(async () => {
	await Promise.all([at?.close(), il?.close()]);
});
beforeEach(() => {
	at.reset();
	il.reset();
	resetProcessState();
});

describe('Ticket Lifecycle against the simulators', () => {
	test('Look Up in ilert: pending, accepted, resolved and missing alerts by alert key', async () => {
		const source = il.credentials.alertSourceId;
		il.createAlert({ summary: 'pending', alertKey: 'autotask-201', alertSourceId: source });
		const accepted = il.createAlert({
			summary: 'accepted',
			alertKey: 'autotask-202',
			alertSourceId: source,
		});
		il.acceptAlert(accepted.id);
		const resolved = il.createAlert({
			summary: 'resolved',
			alertKey: 'AUTOTASK-203',
			alertSourceId: source,
		});
		il.resolveAlert(resolved.id);
		// same key in another source: not this ticket's alert here
		il.createAlert({ summary: 'elsewhere', alertKey: 'autotask-204', alertSourceId: 1002 });

		const { out, ctx } = await run([
			item(201, 'updated', { label: 'In Progress' }),
			item(202, 'updated', { label: 'In Progress' }),
			item(203, 'updated', { label: 'New' }),
			item(204, 'updated', { label: 'New' }),
			item(205, 'created', { label: 'New' }),
			item(206, 'updated', { label: 'Complete' }),
		]);
		expect(routed(out)).toEqual([
			['204:U1', '205:C1'],
			['201:U8'],
			[],
			['206:U2'],
			['202:U9', '203:U5'],
		]);
		const l203 = out[4][1].json.lifecycle as IDataObject;
		expect(l203.alertState).toBe('resolved');
		expect(l203.alertStateFrom).toBe(
			`ilert has no open alert with key autotask-203; alert ${resolved.id} with that key was resolved`,
		);

		// the resolved alerts were listed once for the whole run, with a look-back window
		const resolvedListings = alertRequests(ctx, 'RESOLVED');
		expect(resolvedListings).toHaveLength(1);
		const url = new URL(resolvedListings[0].url);
		expect(url.searchParams.getAll('sources')).toEqual([String(source)]);
		expect(Date.parse(url.searchParams.get('from') ?? '')).toBeGreaterThan(
			Date.now() - 31 * 24 * 3600 * 1000,
		);
		// every item is looked up, created ones too: 6 items, each one open-alert lookup at most
		expect(alertRequests(ctx, 'PENDING').length).toBeLessThanOrEqual(6);
		// every request used the API key credential, never the Autotask one
		expect(ctx.mock.requests.every((r) => r.credentialType === 'autotaskIlertIlertApi')).toBe(true);
	});

	test('a ticket created minutes ago is looked up by one listing of the alerts reported since its creation', async () => {
		const source = il.credentials.alertSourceId;
		// 150 open alerts of the source reported two hours ago: an unbounded look-up would page through them.
		const twoHoursAgo = Date.now() - 2 * 3600 * 1000;
		for (let i = 0; i < 150; i++) {
			il.createAlert({
				summary: `old ${i}`,
				alertKey: `older-${i}`,
				alertSourceId: source,
				reportedAt: twoHoursAgo,
			});
		}
		const resolved = il.createAlert({
			summary: 'resolved',
			alertKey: 'autotask-211',
			alertSourceId: source,
		});
		il.resolveAlert(resolved.id);
		il.createAlert({ summary: 'open', alertKey: 'autotask-214', alertSourceId: source });
		const createDate = new Date(Date.now() - 5 * 60 * 1000).toISOString();
		const withDate = (id: number, status = 'New') => {
			const base = item(id, 'created', { label: status });
			(base.json.ticket as IDataObject).createDate = createDate;
			return base;
		};
		const { out, ctx } = await run([withDate(211), withDate(212), withDate(214, 'Complete')]);
		// 211's resolved alert was reported after the ticket's creation: found, so U5 leaves it;
		// 214's open alert is found among the open and resolved alerts of the same listing.
		expect(routed(out)).toEqual([['212:C1'], [], ['214:U6'], [], ['211:U5']]);
		expect(String((out[0][0].json.lifecycle as IDataObject).alertStateFrom)).toBe(
			'ilert has no alert with key autotask-212 reported since the ticket was created',
		);
		// One short page for each "resolved" or "none" (211, 212), from the creation less the clock
		// margin in 10-minute steps; 214's open alert comes from 212's listing, completed within 2 s.
		// No open listing, no count, no resolved search.
		const requests = alertRequests(ctx);
		expect(requests).toHaveLength(2);
		const expectedFrom =
			Math.floor((Date.parse(createDate) - CREATION_CLOCK_MARGIN_MS) / REPORTED_SINCE_STEP_MS) *
			REPORTED_SINCE_STEP_MS;
		for (const r of requests) {
			const qs = new URL(r.url).searchParams;
			expect(qs.getAll('states').sort()).toEqual(['ACCEPTED', 'PENDING', 'RESOLVED']);
			expect(Date.parse(qs.get('from') ?? '')).toBe(expectedFrom);
		}
	});

	test('an older ticket searches open alerts, then resolved ones from its creation, not the whole window', async () => {
		const source = il.credentials.alertSourceId;
		const resolved = il.createAlert({
			summary: 'resolved',
			alertKey: 'autotask-221',
			alertSourceId: source,
		});
		il.resolveAlert(resolved.id);
		const createDate = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString();
		const withDate = (id: number) => {
			const base = item(id, 'created', { label: 'New' });
			(base.json.ticket as IDataObject).createDate = createDate;
			return base;
		};
		const { out, ctx } = await run([
			withDate(221),
			withDate(222),
			item(223, 'created', { label: 'New' }),
		]);
		expect(routed(out)).toEqual([['222:C1', '223:C1'], [], [], [], ['221:U5']]);
		expect(String((out[0][0].json.lifecycle as IDataObject).alertStateFrom)).toContain(
			'reported since the ticket was created',
		);
		// One resolved listing per bound: the two dated tickets share theirs; the undated one uses the window.
		const bounds = alertRequests(ctx, 'RESOLVED').map((r) =>
			Date.parse(new URL(r.url).searchParams.get('from') ?? ''),
		);
		expect(bounds).toHaveLength(2);
		expect(bounds).toContain(Date.parse(createDate) - CREATION_CLOCK_MARGIN_MS);
		expect(Math.min(...bounds)).toBeLessThan(Date.now() - 29 * 24 * 3600 * 1000);
		expect(alertRequests(ctx, 'PENDING')).toHaveLength(3);
	});

	test('IDs only: statuses and priorities named through the live Autotask picklists, renamed values', async () => {
		at.renamePicklistValue('Tickets', 'priority', 3, 'P4');
		const { out, ctx } = await run(
			[
				item(301, 'created', { id: 14 }, { id: 3 }), // Denied -> reject; P4 -> unknown -> HIGH
				item(302, 'created', { id: 18 }, { id: 3 }), // Customer Note Added -> other -> create
				item(303, 'created', { id: 10 }, { id: 1 }), // Dispatched -> override -> onHold -> reject
			],
			{
				alertState: 'assumeNone',
				statusOverrides: { values: [{ status: '10', class: 'onHold' }] },
				options: { priorityOverrides: { values: [{ priority: 'p4', ilertPriority: 'LOW' }] } },
			},
		);
		expect(routed(out)).toEqual([['302:C3'], [], [], ['301:C2', '303:C2'], []]);
		const lifecycle = (i: number, o: number) => out[o][i].json.lifecycle as IDataObject;
		expect(lifecycle(0, 3).status).toEqual({ id: 14, label: 'Denied', class: 'closed' });
		expect(lifecycle(0, 0).ilertPriority).toBe('LOW');
		expect((lifecycle(0, 0).priority as IDataObject).reason).toBe(
			'Priority "P4" maps to LOW by your priority override',
		);
		expect(lifecycle(1, 3).rule).toContain(
			'class Waiting, Scheduled, Escalate or Approved by your status override',
		);
		// one entityInformation/fields read for both picklists
		const fieldReads = ctx.mock.requests.filter(
			(r) => r.credentialType && /entityInformation\/fields/.test(r.url),
		);
		expect(fieldReads).toHaveLength(1);
	});

	test('load options: alert sources and tenant statuses', async () => {
		const ctx = createLoadOptionsContext({ credentials: credentials() });
		const node = new TicketLifecycle();
		const sources = await node.methods.loadOptions.getAlertSources.call(ctx);
		expect(sources).toEqual(
			expect.arrayContaining([
				{ name: 'Autotask via n8n (API)', value: String(il.credentials.alertSourceId) },
			]),
		);
		const statuses = await node.methods.loadOptions.getStatuses.call(ctx);
		expect(statuses).toEqual(
			expect.arrayContaining([{ name: 'Waiting Customer', value: '7', description: 'ID 7' }]),
		);
		expect(statuses.map((s) => s.name)).toEqual(
			[...statuses.map((s) => s.name)].sort((a, b) => a.localeCompare(b)),
		);
	});
});
