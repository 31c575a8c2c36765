import crypto from 'node:crypto';
import { startAutotaskSimulator, type AutotaskSimulator } from '../../simulators';
import { call, startReceiver, type Receiver } from './receiver';

const AUTH = {
	UserName: 'api-user@example.com',
	Secret: 'example-secret-xxxx',
	ApiIntegrationCode: 'EXAMPLEINTEGRATIONCODEXXXX',
};

function hmac(secret: string, body: string): string {
	return `sha1=${crypto.createHmac('sha1', secret).update(Buffer.from(body, 'utf8')).digest('base64')}`;
}

describe('Autotask simulator', () => {
	let sim: AutotaskSimulator;
	let rx: Receiver;
	const api = (path: string) => `${sim.apiUrl}${path}`;
	const at = (method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH) =>
		call(api(path), method, body, headers);

	beforeAll(async () => {
		sim = await startAutotaskSimulator();
		rx = await startReceiver();
	});
	afterAll(async () => {
		await sim.close();
		await rx.close();
	});
	beforeEach(() => {
		sim.reset();
		rx.received.length = 0;
		rx.status = 200;
	});

	async function createWebhook(extra: Record<string, unknown> = {}, fields: Array<[string, boolean, boolean]> = [
		['status', true, true],
		['priority', true, false],
		['ticketNumber', false, true],
	]): Promise<number> {
		const res = await at('POST', '/TicketWebhooks', {
			name: 'ilert-n8n-test',
			webhookUrl: `${rx.url}/hook`,
			deactivationUrl: `${rx.url}/deactivated`,
			isActive: true,
			isSubscribedToCreateEvents: true,
			isSubscribedToUpdateEvents: true,
			isSubscribedToDeleteEvents: false,
			secretKey: 'dummy-secret-key-0123456789',
			...extra,
		});
		expect(res.status).toBe(200);
		const id = res.body.itemId as number;
		const catalogue = await at('GET', '/TicketWebhookFields/entityInformation/fields');
		const values = catalogue.body.fields.find((f: any) => f.name === 'fieldID').picklistValues as Array<{ value: string; label: string }>;
		for (const [name, sub, always] of fields) {
			const fieldID = Number(values.find((v) => v.label === name)!.value);
			const r = await at('POST', `/TicketWebhooks/${id}/Fields`, { webhookID: id, fieldID, isSubscribedField: sub, isDisplayAlwaysField: always });
			expect(r.status).toBe(200);
		}
		return id;
	}

	describe('zone and authentication', () => {
		it('answers zoneInformation for known users on any path casing, 500 otherwise', async () => {
			const ok = await call(`${sim.url}/ATServicesRest/V1.0/ZoneInformation?user=API-USER@example.com`, 'GET');
			expect(ok.status).toBe(200);
			expect(ok.body).toEqual({ zoneName: expect.any(String), url: `${sim.url}/atservicesrest/`, webUrl: `${sim.url}/`, ci: expect.any(Number) });
			const bad = await call(`${sim.url}/atservicesrest/v1.0/zoneInformation?user=nobody@example.com`, 'GET');
			expect(bad.status).toBe(500);
			expect(bad.body).toEqual({ errors: ['Zone information could not be determined'] });
		});

		it('accepts case-insensitive header names and rejects bad credentials like Autotask', async () => {
			const lower = await at('GET', '/Tickets/10001', undefined, { username: AUTH.UserName, secret: AUTH.Secret, apiintegrationcode: AUTH.ApiIntegrationCode });
			expect(lower.status).toBe(200);
			expect(lower.body.item.id).toBe(10001);
			const badSecret = await at('GET', '/Tickets/10001', undefined, { ...AUTH, Secret: 'wrong-xxxx' });
			expect(badSecret.status).toBe(401);
			expect(Array.isArray(badSecret.body.errors)).toBe(true);
			const badCode = await at('GET', '/Tickets/10001', undefined, { ...AUTH, ApiIntegrationCode: 'WRONGXXXX' });
			expect(badCode.status).toBe(500);
			expect(badCode.body).toEqual({ errors: ['IntegrationCode is invalid.'] });
		});

		it('masks secret header values in the request log', async () => {
			await at('GET', '/Tickets/10001');
			const logged = sim.requests[sim.requests.length - 1];
			expect(logged.headers.secret).not.toContain('example-secret');
			expect(logged.headers.apiintegrationcode).not.toBe(AUTH.ApiIntegrationCode);
			expect(logged.headers.username).toBe(AUTH.UserName);
			expect(logged.status).toBe(200);
		});
	});

	describe('tickets', () => {
		it('filters with operators and and/or groups, projecting includeFields', async () => {
			const q = (filter: unknown[], extra: Record<string, unknown> = {}) => at('POST', '/Tickets/query', { filter, ...extra });
			expect((await q([{ op: 'in', field: 'status', value: [1, 8] }])).body.items.map((t: any) => t.id)).toEqual([10001, 10002]);
			expect((await q([{ op: 'notIn', field: 'status', value: [1, 8] }])).body.items.map((t: any) => t.id)).toEqual([10003]);
			expect((await q([{ op: 'contains', field: 'title', value: 'SRV-01' }])).body.items.map((t: any) => t.id)).toEqual([10001]);
			expect((await q([{ op: 'beginsWith', field: 'Title', value: 'mailbox' }])).body.items.map((t: any) => t.id)).toEqual([10002]);
			expect((await q([{ op: 'exist', field: 'completedDate' }])).body.items.map((t: any) => t.id)).toEqual([10003]);
			expect((await q([{ op: 'notExist', field: 'completedDate' }])).body.items).toHaveLength(2);
			const grouped = await q(
				[{ op: 'or', items: [{ op: 'eq', field: 'priority', value: 4 }, { op: 'and', items: [{ op: 'gte', field: 'id', value: 10003 }, { op: 'lte', field: 'id', value: 10003 }] }] }],
				{ includeFields: ['id', 'ticketNumber'] },
			);
			expect(grouped.body.items).toEqual([
				{ id: 10001, ticketNumber: expect.stringMatching(/^T\d{8}\.\d{4}$/) },
				{ id: 10003, ticketNumber: expect.any(String) },
			]);
			const unknown = await q([{ op: 'eq', field: 'noSuchField', value: 1 }]);
			expect(unknown.status).toBe(500);
			expect(unknown.body.errors[0]).toMatch(/noSuchField/);
			expect((await q([{ op: 'eq', field: 'id', value: 1 }], { MaxRecords: 501 })).status).toBe(500);
			expect((await at('POST', '/Tickets/query', { filter: [] })).status).toBe(500);
		});

		it('pages with MaxRecords and a working nextPageUrl (GET and POST)', async () => {
			for (let i = 0; i < 1100; i++) sim.createTicket({ title: `bulk ${i}`, companyID: 174, status: 1, priority: 3 }, { fire: false });
			const seen: number[] = [];
			let res = await at('POST', '/Tickets/query', { filter: [{ op: 'gt', field: 'id', value: 0 }], includeFields: ['id'], MaxRecords: 500 });
			let pages = 0;
			let usePost = false;
			for (;;) {
				pages++;
				expect(res.status).toBe(200);
				expect(res.body.pageDetails.count).toBe(res.body.items.length);
				seen.push(...res.body.items.map((t: any) => t.id));
				const next = res.body.pageDetails.nextPageUrl as string | null;
				if (!next) break;
				res = await call(next, usePost ? 'POST' : 'GET', usePost ? { filter: [{ op: 'gt', field: 'id', value: 0 }] } : undefined, AUTH);
				usePost = !usePost;
			}
			expect(pages).toBe(3);
			expect(seen).toHaveLength(1103);
			expect(new Set(seen).size).toBe(1103);
			const count = await at('POST', '/Tickets/query/count', { filter: [{ op: 'gt', field: 'id', value: 0 }] });
			expect(count.body).toEqual({ queryCount: 1103 });
		});

		it('can refuse a GET of nextPageUrl for includeFields queries (zone quirk); POST still works', async () => {
			sim.setOptions({ nextPageGet405WithIncludeFields: true });
			const first = await at('POST', '/Tickets/query', { filter: [{ op: 'gt', field: 'id', value: 0 }], includeFields: ['id'], MaxRecords: 1 });
			const next = first.body.pageDetails.nextPageUrl as string;
			expect((await call(next, 'GET', undefined, AUTH)).status).toBe(405);
			const viaPost = await call(next, 'POST', { filter: [{ op: 'gt', field: 'id', value: 0 }], includeFields: ['id'], MaxRecords: 1 }, AUTH);
			expect(viaPost.body.items).toEqual([{ id: 10002 }]);
		});

		it('PATCH updates fields and lastActivity*, validates picklist values', async () => {
			const before = sim.getTicket(10001)!.lastActivityDate as string;
			await new Promise((r) => setTimeout(r, 5));
			const res = await at('PATCH', '/Tickets', { id: 10001, status: 8 });
			expect(res.body).toEqual({ itemId: 10001 });
			const t = sim.getTicket(10001)!;
			expect(t.status).toBe(8);
			expect(t.lastActivityResourceID).toBe(29682885);
			expect(Date.parse(t.lastActivityDate as string)).toBeGreaterThan(Date.parse(before));
			const bad = await at('PATCH', '/Tickets', { id: 10001, status: 99 });
			expect(bad.status).toBe(500);
			expect(bad.body.errors[0]).toMatch(/status/);
			const complete = await at('PATCH', '/Tickets', { id: 10001, Status: 5 });
			expect(complete.status).toBe(200);
			expect(sim.getTicket(10001)!.completedDate).toEqual(expect.any(String));
		});

		it('serves configurable picklists with Autotask default ids', async () => {
			let fields = (await at('GET', '/Tickets/entityInformation/fields')).body.fields;
			const status = fields.find((f: any) => f.name === 'status');
			expect(status.isPickList).toBe(true);
			const labels = Object.fromEntries(status.picklistValues.map((v: any) => [v.value, v.label]));
			expect(labels).toMatchObject({ '1': 'New', '5': 'Complete', '8': 'In Progress', '7': 'Waiting Customer', '18': 'Customer Note Added' });
			const priority = fields.find((f: any) => f.name === 'priority');
			expect(Object.fromEntries(priority.picklistValues.map((v: any) => [v.value, v.label]))).toEqual({ '1': 'High', '2': 'Medium', '3': 'Low', '4': 'Critical' });
			sim.renamePicklistValue('Tickets', 'status', 5, 'Closed');
			fields = (await at('GET', '/Tickets/entityInformation/fields')).body.fields;
			expect(fields.find((f: any) => f.name === 'status').picklistValues.find((v: any) => v.value === '5').label).toBe('Closed');
			const notes = (await at('GET', '/TicketNotes/entityInformation/fields')).body.fields;
			expect(notes.find((f: any) => f.name === 'publish').picklistValues.length).toBeGreaterThan(1);
		});

		it('creates notes on tickets and finds them by query', async () => {
			const res = await at('POST', '/Tickets/10002/Notes', { ticketID: 10002, title: 'ilert', description: 'Accepted in ilert by Ann', noteType: 1, publish: 1 });
			expect(res.status).toBe(200);
			const q = await at('POST', '/TicketNotes/query', { filter: [{ op: 'eq', field: 'ticketID', value: 10002 }] });
			expect(q.body.items).toHaveLength(1);
			expect(q.body.items[0]).toMatchObject({ id: res.body.itemId, description: 'Accepted in ilert by Ann', creatorResourceID: 29682885 });
			expect((await at('POST', '/Tickets/10002/Notes', { ticketID: 10002, noteType: 1, publish: 1 })).status).toBe(500);
		});

		it('looks up resources by e-mail', async () => {
			const q = await at('POST', '/Resources/query', { filter: [{ op: 'eq', field: 'email', value: 'JANE.TECH@example.com' }] });
			expect(q.body.items.map((r: any) => r.id)).toEqual([29682886]);
			expect((await at('GET', '/Companies/174')).body.item.companyName).toBe('Acme Corp');
			expect((await at('GET', '/Contacts/30682887')).body.item.companyID).toBe(174);
		});
	});

	describe('webhooks', () => {
		it('delivers signed envelopes with changed subscribed and display-always fields, in order', async () => {
			const id = await createWebhook();
			const hook = (await at('GET', `/TicketWebhooks/${id}`)).body.item;
			expect(hook.isReady).toBe(true);
			expect(hook.secretKey).toBeNull();
			sim.updateTicket(10001, { status: 8 }, { resourceId: 29682886 });
			sim.updateTicket(10001, { title: 'not subscribed' }, { resourceId: 29682886 });
			sim.updateTicket(10001, { priority: 1 }, { resourceId: 29682887 });
			await sim.waitForDeliveries();
			expect(rx.received).toHaveLength(2);
			const [first, second] = rx.received;
			expect(first.headers['x-hook-signature']).toBe(hmac('dummy-secret-key-0123456789', first.raw));
			expect(first.json).toEqual({
				Action: 'Update',
				Guid: hook.webhookGUID,
				EntityType: 'Ticket',
				Id: 10001,
				Fields: { Status: '8', TicketNumber: sim.getTicket(10001)!.ticketNumber },
				EventTime: expect.any(String),
				SequenceNumber: 1,
				PersonID: 29682886,
			});
			expect(second.json.Fields).toEqual({ Priority: '1', Status: '8', TicketNumber: expect.any(String) });
			expect(second.json.SequenceNumber).toBe(2);
			expect(second.json.PersonID).toBe(29682887);
		});

		it('fires Create events and does not fire for PATCHes of an excluded resource', async () => {
			const id = await createWebhook();
			const ex = await at('POST', `/TicketWebhooks/${id}/ExcludedResources`, { webhookID: id, resourceID: 29682885 });
			expect(ex.status).toBe(200);
			await at('PATCH', '/Tickets', { id: 10001, status: 8 });
			const created = await at('POST', '/Tickets', { title: 'API created', companyID: 174, status: 1, priority: 2 });
			sim.updateTicket(10002, { status: 5 }, { resourceId: 29682886 });
			await sim.waitForDeliveries();
			expect(rx.received.map((r) => [r.json.Action, r.json.Id])).toEqual([['Update', 10002]]);
			expect(sim.deliveries.filter((d) => d.kind === 'skipped').map((d) => d.ticketId)).toEqual([10001, created.body.itemId]);
			sim.createTicket({ title: 'UI created', companyID: 175, status: 1, priority: 4 }, { resourceId: 29682886 });
			await sim.waitForDeliveries();
			const create = rx.received[1].json;
			expect(create.Action).toBe('Create');
			expect(create.Fields).toMatchObject({ Status: '1', Priority: '4' });
		});

		it('fires for PATCHes of the API user when it is not excluded', async () => {
			await createWebhook();
			await at('PATCH', '/Tickets', { id: 10001, status: 7 });
			await sim.waitForDeliveries();
			expect(rx.received).toHaveLength(1);
			expect(rx.received[0].json.PersonID).toBe(29682885);
		});

		it('can serialise the body the .NET way; the signature covers the exact bytes', async () => {
			sim.setOptions({ bodyStyle: 'dotnet' });
			await createWebhook({}, [['title', true, true]]);
			sim.updateTicket(10001, { title: 'Café <down> & "out" + `x` \'y\'' });
			await sim.waitForDeliveries();
			const r = rx.received[0];
			expect(r.raw).toContain('Caf\\u00E9 \\u003Cdown\\u003E \\u0026 \\u0022out\\u0022 \\u002B \\u0060x\\u0060 \\u0027y\\u0027');
			expect(r.json.Fields.Title).toBe('Café <down> & "out" + `x` \'y\'');
			expect(r.headers['x-hook-signature']).toBe(hmac('dummy-secret-key-0123456789', r.raw));
			expect(r.headers['x-hook-signature']).not.toBe(hmac('dummy-secret-key-0123456789', JSON.stringify(r.json)));
		});

		it('deactivates a webhook after 25 consecutive failures and notifies the deactivation URL', async () => {
			const id = await createWebhook();
			rx.status = 500;
			for (let i = 0; i < 26; i++) sim.updateTicket(10001, { priority: i % 2 === 0 ? 1 : 2 });
			await sim.waitForDeliveries();
			const hookCalls = rx.received.filter((r) => r.path === '/hook');
			const deact = rx.received.filter((r) => r.path === '/deactivated');
			expect(hookCalls).toHaveLength(25);
			expect(deact).toHaveLength(1);
			expect(deact[0].json).toMatchObject({ Action: 'Deactivated', EntityType: 'Ticket' });
			expect((await at('GET', `/TicketWebhooks/${id}`)).body.item.isActive).toBe(false);
		});

		it('resets the failure counter on success', async () => {
			await createWebhook();
			sim.setOptions({ deactivateAfterFailures: 3 });
			rx.status = 500;
			sim.updateTicket(10001, { priority: 1 });
			sim.updateTicket(10001, { priority: 2 });
			await sim.waitForDeliveries();
			rx.status = 200;
			sim.updateTicket(10001, { priority: 1 });
			await sim.waitForDeliveries();
			rx.status = 500;
			sim.updateTicket(10001, { priority: 2 });
			sim.updateTicket(10001, { priority: 1 });
			await sim.waitForDeliveries();
			expect(sim.state.webhooks[0].isActive).toBe(true);
		});

		it('answers the thread-limit error to a 4th concurrent Fields POST', async () => {
			const id = (await at('POST', '/TicketWebhooks', { name: 'x', webhookUrl: `${rx.url}/h`, deactivationUrl: `${rx.url}/d`, isSubscribedToUpdateEvents: true })).body.itemId;
			// Long enough that the four requests overlap even on a busy machine.
			sim.setOptions({ webhookFieldLatencyMs: 300 });
			const ids = [19, 17, 26, 27];
			const results = await Promise.all(ids.map((fieldID) => at('POST', `/TicketWebhooks/${id}/Fields`, { webhookID: id, fieldID, isSubscribedField: true, isDisplayAlwaysField: false })));
			const errors = results.filter((r) => r.status !== 200);
			expect(errors).toHaveLength(1);
			expect(errors[0].status).toBe(429);
			expect(errors[0].body.errors[0]).toContain('Itgenatr005');
			const sequential = await at('POST', `/TicketWebhooks/${id}/Fields`, { webhookID: id, fieldID: ids[results.indexOf(errors[0])], isSubscribedField: true, isDisplayAlwaysField: false });
			expect(sequential.status).toBe(200);
			expect((await at('GET', `/TicketWebhooks/${id}/Fields`)).body.items).toHaveLength(4);
		});

		it('uses another status for the thread-limit error when configured', async () => {
			sim.setOptions({ threadLimitStatus: 500 });
			sim.faults.add({ path: /\/Tickets\/10001$/, delayMs: 300 });
			const results = await Promise.all([1, 2, 3, 4].map(() => at('GET', '/Tickets/10001')));
			expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 500]);
			expect(results.find((r) => r.status === 500)!.body.errors[0]).toContain('Thread Threshold Exceeded');
		});
	});

	describe('faults', () => {
		it('answers 429 with Retry-After a limited number of times', async () => {
			sim.faults.add({ method: 'GET', path: '/Tickets/10001', status: 429, headers: { 'Retry-After': '2' }, body: { errors: ['Rate limit'] }, times: 2 });
			const a = await at('GET', '/Tickets/10001');
			const b = await at('GET', '/Tickets/10001');
			const c = await at('GET', '/Tickets/10001');
			expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
			expect(a.headers.get('retry-after')).toBe('2');
		});

		it('injects thread-limit errors with a non-429 status', async () => {
			sim.faults.add({ path: /tickets\/query/i, threadLimit: true, status: 500, times: 1 });
			const r = await at('POST', '/Tickets/query', { filter: [{ op: 'eq', field: 'id', value: 10001 }] });
			expect(r.status).toBe(500);
			expect(r.body.errors[0]).toMatch(/thread threshold of 3 threads/);
		});

		it('samples probabilistic faults with a seeded RNG (reproducible)', async () => {
			const run = async () => {
				sim.reset();
				sim.faults.add({ path: '/ThresholdInformation', status: 503, probability: 0.3 });
				const statuses: number[] = [];
				for (let i = 0; i < 60; i++) statuses.push((await at('GET', '/ThresholdInformation')).status);
				return statuses;
			};
			const other = await startAutotaskSimulator({ seed: 42 });
			try {
				const first = await run();
				const failures = first.filter((s) => s === 503).length;
				expect(failures).toBeGreaterThan(5);
				expect(failures).toBeLessThan(35);
				other.faults.add({ path: '/ThresholdInformation', status: 503, probability: 0.3 });
				const second: number[] = [];
				for (let i = 0; i < 60; i++) second.push((await call(`${other.apiUrl}/ThresholdInformation`, 'GET', undefined, AUTH)).status);
				expect(second).toEqual(first);
			} finally {
				await other.close();
			}
		});
	});

	describe('business hours', () => {
		it('serves locations, time-zone picklists, holiday sets and holidays', async () => {
			const q = await at('POST', '/InternalLocationWithBusinessHours/query', { filter: [{ op: 'eq', field: 'isDefault', value: true }] });
			expect(q.body.items).toHaveLength(1);
			const hq = q.body.items[0];
			expect(hq).toMatchObject({ name: 'Headquarters', timeZoneID: 110, holidaySetID: 1, mondayBusinessHoursStartTime: '1900-01-01T08:00:00', mondayBusinessHoursEndTime: '1900-01-01T17:00:00', saturdayBusinessHoursStartTime: null });
			const fields = (await at('GET', '/InternalLocationWithBusinessHours/entityInformation/fields')).body.fields;
			const tz = fields.find((f: any) => f.name === 'timeZoneID').picklistValues.find((v: any) => v.value === '110');
			expect(tz.label).toBe('(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna');
			expect(fields.find((f: any) => f.name === 'holidayHoursType').picklistValues.map((v: any) => v.label)).toEqual(['None', 'Normal', 'Specified']);
			const set = (await at('GET', '/HolidaySets/1')).body.item;
			expect(set.holidaySetName).toBe('Netherlands');
			const hol = (await at('GET', '/HolidaySets/1/Holidays')).body.items;
			expect(hol.some((h: any) => /-12-25T00:00:00$/.test(h.holidayDate))).toBe(true);
			const viaQuery = await at('POST', '/Holidays/query', { filter: [{ op: 'eq', field: 'holidaySetID', value: 2 }] });
			expect(viaQuery.body.items.every((h: any) => h.holidaySetID === 2)).toBe(true);
			const threshold = (await at('GET', '/ThresholdInformation')).body;
			expect(threshold).toEqual({ externalRequestThreshold: 10000, requestThresholdTimeframe: 60, currentTimeframeRequestCount: expect.any(Number) });
		});
	});

	describe('admin HTTP API', () => {
		it('creates and updates tickets, firing webhooks, and exposes state', async () => {
			await createWebhook();
			const c = await call(`${sim.url}/__sim/tickets`, 'POST', { title: 'admin', companyID: 174, status: 1, priority: 1 });
			expect(c.status).toBe(200);
			const u = await call(`${sim.url}/__sim/tickets/${c.body.itemId}`, 'POST', { changes: { status: 5 }, resourceId: 29682887 });
			expect(u.body.changed).toContain('status');
			await call(`${sim.url}/__sim/wait-deliveries`, 'POST');
			expect(rx.received.map((r) => r.json.Action)).toEqual(['Create', 'Update']);
			const state = await call(`${sim.url}/__sim/state`, 'GET');
			expect(state.body.tickets.find((t: any) => t.id === c.body.itemId).status).toBe(5);
			const f = await call(`${sim.url}/__sim/faults`, 'POST', { path: '/Tickets/10001', status: 503, times: 1 });
			expect(f.status).toBe(200);
			expect((await at('GET', '/Tickets/10001')).status).toBe(503);
			expect((await call(`${sim.url}/__sim/requests`, 'GET')).body.some((r: any) => r.status === 503)).toBe(true);
			await call(`${sim.url}/__sim/reset`, 'POST');
			expect(sim.state.webhooks).toHaveLength(0);
		});
	});
});
