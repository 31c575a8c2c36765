/**
 * Autotask > Ticket > Get Tickets to Reconcile, against both simulators: which tickets a sweep
 * emits, in the Autotask Trigger's item shape, and what the Ticket Lifecycle (Alert State From
 * Input, as in the templates) then decides for them.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { Autotask } from '../../../../../../nodes/Autotask/Autotask.node';
import { getAlertSources } from '../../../../../../nodes/Autotask/methods/loadOptions';
import { TicketLifecycle } from '../../../../../../nodes/TicketLifecycle/TicketLifecycle.node';
import { startAutotaskSimulator, startIlertSimulator } from '../../../../../simulators';
import {
	autotaskSimulatorCredential,
	createExecuteContext,
	createLoadOptionsContext,
	type MockExecuteFunctions,
} from '../../../../../support';
import { resetProcessState } from '../../../../../../nodes/shared/transport/processState';

type AutotaskSim = Awaited<ReturnType<typeof startAutotaskSimulator>>;
type IlertSim = Awaited<ReturnType<typeof startIlertSimulator>>;

let at: AutotaskSim;
let il: IlertSim;

const HOUR = 60 * 60 * 1000;

function credentials() {
	return {
		autotaskIlertAutotaskApi: autotaskSimulatorCredential(at, { maxRetryWaitSeconds: 1 }),
		autotaskIlertIlertApi: {
			apiKey: il.credentials.apiKey,
			baseUrl: il.url,
			maxRetryWaitSeconds: 1,
		},
	};
}

async function sweep(
	parameters: Record<string, unknown> = {},
	options: { continueOnFail?: boolean; items?: INodeExecutionData[] } = {},
): Promise<{ out: INodeExecutionData[]; json: IDataObject[]; ctx: MockExecuteFunctions }> {
	const ctx = createExecuteContext({
		parameters: {
			resource: 'ticket',
			operation: 'getToReconcile',
			alertSourceId: String(il.credentials.alertSourceId),
			changedWithinMinutes: 15,
			// The tickets of these tests change just before the sweep; the settle time has its own test.
			options: { settleSeconds: 0 },
			...parameters,
		},
		items: options.items,
		credentials: credentials(),
		continueOnFail: options.continueOnFail,
		node: { name: 'Reconcile', type: 'n8n-nodes-autotask-ilert.autotask' },
	});
	const [out] = await new Autotask().execute.call(ctx);
	return { out, json: out.map((i) => i.json), ctx };
}

/** The sweep's items through a Ticket Lifecycle with Alert State "From Input" (its defaults read the item). */
async function lifecycle(items: INodeExecutionData[]): Promise<Record<string, string[]>> {
	const ctx = createExecuteContext({
		items,
		credentials: credentials(),
		node: { name: 'Ticket Lifecycle', type: 'n8n-nodes-autotask-ilert.ticketLifecycle' },
		parameters: { alertState: 'input', outputUnchanged: true, statusOverrides: {}, options: {} },
	});
	(ctx as unknown as { addExecutionHints: () => void }).addExecutionHints = () => undefined;
	const out = await new TicketLifecycle().execute.call(ctx);
	const names = ['create', 'accept', 'resolve', 'reject', 'unchanged'];
	const routed: Record<string, string[]> = {};
	out.forEach((branch, index) => {
		for (const item of branch) {
			const lc = item.json.lifecycle as IDataObject;
			(routed[names[index]] ??= []).push(
				`${String((item.json.ticket as IDataObject).id)}:${String(lc.ruleId)}`,
			);
		}
	});
	return routed;
}

/** Puts a ticket's last activity in the past (a change whose callout was lost long ago). */
function age(ticketId: number, ms: number) {
	const ticket = at.state.tickets.get(ticketId);
	if (!ticket) throw new Error(`no ticket ${ticketId}`);
	ticket.lastActivityDate = new Date(Date.now() - ms).toISOString();
}

function openAlert(ticketId: number, sourceId = il.credentials.alertSourceId) {
	return il.createAlert({
		summary: `Ticket ${ticketId}`,
		alertKey: `autotask-${ticketId}`,
		alertSourceId: sourceId,
	});
}

function byTicket(json: IDataObject[]): Map<number, IDataObject> {
	return new Map(json.map((j) => [Number((j.ticket as IDataObject).id), j]));
}

function withoutTimes(json: IDataObject[]): IDataObject[] {
	return json.map((j) => {
		const { receivedAt, reconcile, ...rest } = j;
		const { sweptAt, ...summary } = reconcile as IDataObject;
		expect(typeof receivedAt).toBe('string');
		expect(sweptAt).toBe(receivedAt);
		return { ...rest, reconcile: summary };
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

describe('Get Tickets to Reconcile: description', () => {
	const { description } = new Autotask();

	it('is a Ticket operation with the value getToReconcile', () => {
		const operation = description.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('ticket'),
		);
		expect(operation?.options).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ name: 'Get Tickets to Reconcile', value: 'getToReconcile' }),
			]),
		);
	});

	it('asks for the ilert API credential for this operation only', () => {
		expect(description.credentials).toEqual([
			{ name: 'autotaskIlertAutotaskApi', required: true },
			{
				name: 'autotaskIlertIlertApi',
				required: true,
				displayOptions: { show: { resource: ['ticket'], operation: ['getToReconcile'] } },
			},
		]);
	});

	it('has an alert source picker and a 15-minute default window', () => {
		const shownFor = (name: string) =>
			description.properties.find(
				(p) => p.name === name && p.displayOptions?.show?.operation?.includes('getToReconcile'),
			);
		expect(shownFor('alertSourceId')).toMatchObject({
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getAlertSources' },
			required: true,
		});
		expect(shownFor('changedWithinMinutes')).toMatchObject({ type: 'number', default: 15 });
	});

	it('lists the ilert alert sources for the picker', async () => {
		const ctx = createLoadOptionsContext({ credentials: credentials() });
		const options = await getAlertSources.call(ctx);
		expect(options).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ value: String(il.credentials.alertSourceId) }),
			]),
		);
		expect(options.every((o) => typeof o.name === 'string' && /^\d+$/.test(String(o.value)))).toBe(
			true,
		);
	});
});

describe('Get Tickets to Reconcile: what a sweep emits', () => {
	it('emits nothing when no alert is open and no ticket changed in the window', async () => {
		const { json, ctx } = await sweep();
		expect(json).toEqual([]);
		// ilert: one listing page and the count; Autotask: the changed-tickets query only.
		const paths = ctx.mock.requests
			.filter((r) => r.credentialType !== undefined)
			.map((r) => `${r.method} ${new URL(r.url).pathname}`);
		expect(paths).toEqual([
			'GET /api/alerts',
			'GET /api/alerts/count',
			'POST /atservicesrest/v1.0/Tickets/query',
		]);
	});

	it('a Complete ticket with an open alert is emitted in the trigger shape, and the Lifecycle resolves it', async () => {
		at.state.tickets.get(10001)!.status = 5; // completed; its callout was lost an hour ago
		age(10001, HOUR);
		const alert = openAlert(10001);
		const { out, json } = await sweep();
		expect(json).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		const item = json[0];
		expect(item).toMatchObject({
			event: 'updated',
			eventReason: `Reconcile: ilert alert ${alert.id} with key autotask-10001 is PENDING`,
			source: 'reconcile',
			enriched: true,
			alertState: 'pending',
			alert: { id: alert.id, status: 'PENDING' },
			reconcile: { reason: 'open-alert', openAlerts: 1, changedTickets: 0 },
		});
		expect(item.ticket).toMatchObject({
			id: 10001,
			title: 'Server SRV-01 is down',
			status: { id: 5, label: 'Complete' },
			priority: { id: 4, label: 'Critical' },
			queue: { id: 8 },
			company: { id: 174, name: 'Acme Corp' },
			webUrl: expect.stringContaining('TicketID=10001'),
		});
		expect(Object.keys(item).sort()).toEqual(
			[
				'alert',
				'alertState',
				'enriched',
				'event',
				'eventReason',
				'reconcile',
				'receivedAt',
				'source',
				'ticket',
			].sort(),
		);
		expect(Date.parse(String(item.receivedAt))).not.toBeNaN();
		expect(await lifecycle(out)).toEqual({ resolve: ['10001:U6'] });
	});

	it('an In Progress ticket with a pending alert is accepted; a New one and an accepted one stay unchanged', async () => {
		at.state.tickets.get(10002)!.status = 8; // In Progress (seeded)
		openAlert(10001); // New
		openAlert(10002);
		const accepted = openAlert(10003);
		il.acceptAlert(accepted.id);
		at.state.tickets.get(10003)!.status = 8;
		const { out, json } = await sweep();
		expect(json.map((j) => [(j.ticket as IDataObject).id, j.alertState])).toEqual([
			[10001, 'pending'],
			[10002, 'pending'],
			[10003, 'accepted'],
		]);
		expect(await lifecycle(out)).toEqual({
			accept: ['10002:U8'],
			unchanged: ['10001:U5', '10003:U9'],
		});
	});

	it('a changed New ticket without any alert is emitted with alertState none, and the Lifecycle creates its alert', async () => {
		const created = at.createTicket(
			{ title: 'Lost callout', status: 1, priority: 2, companyID: 175, queueID: 8 },
			{ fire: false },
		);
		const id = Number(created.id);
		const { out, json } = await sweep();
		expect(json).toHaveLength(1);
		expect(json[0]).toMatchObject({
			event: 'updated',
			alertState: 'none',
			alert: null,
			enriched: true,
			reconcile: { reason: 'changed', openAlerts: 0, changedTickets: 1 },
			ticket: {
				id,
				title: 'Lost callout',
				status: { id: 1, label: 'New' },
				company: { id: 175, name: 'Globex & Partners' },
			},
		});
		expect(String(json[0].eventReason)).toMatch(
			/^Reconcile: ticket changed in the last 15 minutes \(last activity [^)]+\); no alert with key autotask-\d+ open in source 1001, nor among its resolved alerts in the window$/,
		);
		expect(await lifecycle(out)).toEqual({ create: [`${id}:U1`] });
	});

	it('a changed ticket whose alert was resolved is emitted as resolved (the Lifecycle leaves it unchanged)', async () => {
		const created = at.createTicket(
			{ title: 'Reopened', status: 1, priority: 2, companyID: 174 },
			{ fire: false },
		);
		const id = Number(created.id);
		const alert = openAlert(id);
		il.resolveAlert(alert.id);
		const { out, json, ctx } = await sweep();
		expect(json[0]).toMatchObject({
			alertState: 'resolved',
			alert: { id: alert.id, status: 'RESOLVED' },
			reconcile: { reason: 'changed' },
		});
		expect(await lifecycle(out)).toEqual({ unchanged: [`${id}:U5`] });
		// The resolved listing starts near the ticket's creation, not 30 days back.
		const resolvedListing = ctx.mock.requests.find((r) =>
			new URL(r.url).searchParams.getAll('states').includes('RESOLVED'),
		);
		const from = Date.parse(new URL(resolvedListing!.url).searchParams.get('from') ?? '');
		expect(Date.now() - from).toBeLessThan(2 * HOUR);
		expect(Date.now() - from).toBeGreaterThan(HOUR / 2);
	});

	it('lists resolved alerts only when a changed ticket has no open alert', async () => {
		openAlert(10001);
		at.updateTicket(10001, { status: 8 }, { fire: false });
		const { json, ctx } = await sweep();
		expect(json[0]).toMatchObject({
			alertState: 'pending',
			reconcile: { reason: 'open-alert-and-changed', changedTickets: 1 },
		});
		const resolved = ctx.mock.requests.filter((r) =>
			new URL(r.url).searchParams.getAll('states').includes('RESOLVED'),
		);
		expect(resolved).toHaveLength(0);
		// Its record came with the changed-tickets query: no id query.
		const idQueries = ctx.mock.requests.filter(
			(r) => /\/Tickets\/query/.test(r.url) && String(JSON.stringify(r.body)).includes('"in"'),
		);
		expect(idQueries).toHaveLength(0);
	});

	it("a deleted ticket's open alert gives event deleted with the known id, and the Lifecycle resolves it", async () => {
		const created = at.createTicket(
			{ title: 'Gone soon', status: 1, priority: 2, companyID: 174 },
			{ fire: false },
		);
		const id = Number(created.id);
		const alert = openAlert(id);
		at.deleteTicket(id, { fire: false });
		const { out, json, ctx } = await sweep();
		expect(json).toHaveLength(1);
		expect(json[0]).toMatchObject({
			event: 'deleted',
			enriched: false,
			enrichmentError: `Autotask has no ticket with id ${id} (deleted, or not visible to the API user)`,
			alertState: 'pending',
			alert: { id: alert.id, status: 'PENDING' },
			reconcile: { reason: 'ticket-missing', openAlerts: 1 },
			ticket: { id, title: null, status: { id: null, label: null } },
		});
		// "Missing" is confirmed with a read by id before it resolves anything.
		expect(
			ctx.mock.requests.some(
				(r) =>
					r.method === 'GET' &&
					new URL(r.url).pathname.endsWith(`/Tickets/${id}`) &&
					r.statusCode === 404,
			),
		).toBe(true);
		expect(await lifecycle(out)).toEqual({ resolve: [`${id}:D1`] });
	});

	it('ignores alerts of other sources, other keys and resolved ones when collecting open alerts', async () => {
		openAlert(10001, 1002);
		il.createAlert({
			summary: 'host down',
			alertKey: 'nagios-srv-01',
			alertSourceId: il.credentials.alertSourceId,
		});
		il.createAlert({ summary: 'no key', alertSourceId: il.credentials.alertSourceId });
		il.resolveAlert(openAlert(10002).id);
		const { json } = await sweep();
		expect(json).toEqual([]);
	});

	it("lists the open alerts again when ilert's count shows the first listing missed some", async () => {
		openAlert(10001);
		// The first page comes back empty (alerts changing while paging); the count says 1.
		il.faults.add({ method: 'GET', path: /\/api\/alerts$/, status: 200, body: [], times: 1 });
		const { json, ctx } = await sweep();
		expect(json.map((j) => (j.ticket as IDataObject).id)).toEqual([10001]);
		const ilertPaths = ctx.mock.requests
			.filter((r) => r.credentialType === 'autotaskIlertIlertApi')
			.map((r) => new URL(r.url).pathname);
		expect(ilertPaths).toEqual([
			'/api/alerts',
			'/api/alerts/count',
			'/api/alerts',
			'/api/alerts/count',
		]);
	});

	it('one item per ticket: the open alerts, the changed tickets and a ticket that is both, ascending by id', async () => {
		openAlert(10001);
		openAlert(10002);
		at.updateTicket(10002, { priority: 1 }, { fire: false });
		const fresh = at.createTicket(
			{ title: 'New one', status: 1, priority: 2, companyID: 174 },
			{ fire: false },
		);
		const { json } = await sweep();
		const reasons = [...byTicket(json)].map(([id, j]) => [id, (j.reconcile as IDataObject).reason]);
		expect(reasons).toEqual([
			[10001, 'open-alert'],
			[10002, 'open-alert-and-changed'],
			[Number(fresh.id), 'changed'],
		]);
		expect(
			json.every(
				(j) =>
					(j.reconcile as IDataObject).openAlerts === 2 &&
					(j.reconcile as IDataObject).changedTickets === 2,
			),
		).toBe(true);
	});

	it('running the sweep twice gives the same items, and writes no workflow static data', async () => {
		openAlert(10001);
		at.state.tickets.get(10002)!.status = 5;
		openAlert(10002);
		at.createTicket({ title: 'Twice', status: 8, priority: 3, companyID: 175 }, { fire: false });
		const created = at.createTicket(
			{ title: 'Gone', status: 1, priority: 3, companyID: 175 },
			{ fire: false },
		);
		openAlert(Number(created.id));
		at.deleteTicket(Number(created.id), { fire: false });
		const first = await sweep();
		// A second process with cold caches gives the same answer.
		resetProcessState();
		const second = await sweep();
		expect(first.json).toHaveLength(4);
		expect(withoutTimes(second.json)).toEqual(withoutTimes(first.json));
		expect(first.ctx.mock.staticData).toEqual({});
		expect(first.ctx.mock.globalStaticData).toEqual({});
		expect(await lifecycle(second.out)).toEqual(await lifecycle(first.out));
	});

	it('a ticket whose last activity lies outside the window is not emitted, one inside is', async () => {
		const a = at.createTicket(
			{ title: 'old', status: 1, priority: 2, companyID: 174 },
			{ fire: false },
		);
		const b = at.createTicket(
			{ title: 'recent', status: 1, priority: 2, companyID: 174 },
			{ fire: false },
		);
		age(Number(a.id), 20 * 60 * 1000);
		age(Number(b.id), 10 * 60 * 1000);
		expect([...byTicket((await sweep()).json).keys()]).toEqual([Number(b.id)]);
		expect([...byTicket((await sweep({ changedWithinMinutes: 30 })).json).keys()]).toEqual([
			Number(a.id),
			Number(b.id),
		]);
	});

	it('the ticket-id query asks for many ids at once, with the fields the normalised ticket needs', async () => {
		for (const id of [10001, 10002, 10003]) openAlert(id);
		const { ctx } = await sweep();
		const idQueries = ctx.mock.requests.filter(
			(r) =>
				/\/Tickets\/query$/.test(new URL(r.url).pathname) &&
				String(JSON.stringify(r.body)).includes('"in"'),
		);
		expect(idQueries).toHaveLength(1);
		const body = idQueries[0].body as IDataObject;
		// Spelled as the Swagger's QueryModel example spells it.
		expect(body.Filter).toEqual([{ op: 'in', field: 'id', value: [10001, 10002, 10003] }]);
		expect(body.MaxRecords).toBe(500);
		expect(body.IncludeFields).toEqual(
			expect.arrayContaining([
				'id',
				'status',
				'priority',
				'queueID',
				'companyID',
				'lastActivityDate',
			]),
		);
		const changedQuery = ctx.mock.requests.find(
			(r) =>
				String(JSON.stringify(r.body)).includes('lastActivityDate') &&
				String(JSON.stringify(r.body)).includes('"gt"'),
		);
		expect((changedQuery!.body as IDataObject).Filter).toEqual([
			{ op: 'gt', field: 'lastActivityDate', value: expect.any(String) },
		]);
	});
});

describe('Get Tickets to Reconcile: settle time', () => {
	it('leaves a ticket without alert that changed within the settle time to the next sweep, and says so', async () => {
		const fresh = at.createTicket(
			{ companyID: 174, title: 'Just created', status: 1, priority: 2 },
			{ fire: false },
		).id as number;
		openAlert(10001);
		at.updateTicket(10001, { title: 'Edited now too' }, { fire: false });
		const { json } = await sweep({ options: {} });
		const ids = json.map((j) => (j.ticket as IDataObject).id);
		// The ticket with an open alert is decided now (accept, resolve and unchanged are safe from any read);
		// the new one may still have its callout on the way: the next sweep sees it (window > schedule + settle).
		expect(ids).toContain(10001);
		expect(ids).not.toContain(fresh);
		expect(json[0].reconcile).toMatchObject({ leftToNextSweep: 1 });
		const later = await sweep({ options: { settleSeconds: 0 } });
		expect(later.json.map((j) => (j.ticket as IDataObject).id)).toContain(fresh);
	});
});

describe('Get Tickets to Reconcile: errors', () => {
	it('refuses a bad window and a missing alert source with a clear item error', async () => {
		await expect(sweep({ changedWithinMinutes: 0 })).rejects.toThrow(
			'Changed Within (Minutes) must be a positive number',
		);
		await expect(sweep({ alertSourceId: '' })).rejects.toThrow(
			'Alert Source must be an ilert alert source ID',
		);
		const failed = await sweep({ changedWithinMinutes: -5 }, { continueOnFail: true });
		expect(failed.json).toEqual([{ error: expect.stringContaining('Changed Within (Minutes)') }]);
		expect(failed.out[0].pairedItem).toEqual({ item: 0 });
	});

	it("surfaces ilert's own message when the listing fails, and emits nothing half-done", async () => {
		openAlert(10001);
		il.faults.add({
			method: 'GET',
			path: /\/api\/alerts$/,
			status: 403,
			body: { status: 403, message: 'Missing permission', code: 'KEY_ERROR' },
		});
		const error = await sweep().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(Error);
		expect(String((error as Error).message)).toContain('Missing permission');
		expect((error as NodeOperationError).context?.itemIndex).toBe(0);
	});

	it("surfaces Autotask's message when a query fails", async () => {
		openAlert(10001);
		at.faults.add({
			method: 'POST',
			path: /Tickets\/query/,
			status: 500,
			body: { errors: ['Data violation: the query is invalid.'] },
		});
		await expect(sweep()).rejects.toThrow('Autotask: Data violation: the query is invalid.');
	});
});
