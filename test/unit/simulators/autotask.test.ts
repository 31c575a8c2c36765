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
	const at = (
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = AUTH,
	) => call(api(path), method, body, headers);

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
		rx.statuses = [];
		rx.headers = {};
		rx.delayMs = 0;
	});

	async function createWebhook(
		extra: Record<string, unknown> = {},
		fields: Array<[string, boolean, boolean]> = [
			['status', true, true],
			['priority', true, false],
			['ticketNumber', false, true],
		],
	): Promise<number> {
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
		const values = catalogue.body.fields.find((f: any) => f.name === 'fieldID')
			.picklistValues as Array<{ value: string; label: string }>;
		for (const [name, sub, always] of fields) {
			const fieldID = Number(values.find((v) => v.label === name)!.value);
			const r = await at('POST', `/TicketWebhooks/${id}/Fields`, {
				webhookID: id,
				fieldID,
				isSubscribedField: sub,
				isDisplayAlwaysField: always,
			});
			expect(r.status).toBe(200);
		}
		return id;
	}

	describe('zone and authentication', () => {
		it('answers zoneInformation for known users on any path casing, 500 otherwise', async () => {
			const ok = await call(
				`${sim.url}/ATServicesRest/V1.0/ZoneInformation?user=API-USER@example.com`,
				'GET',
			);
			expect(ok.status).toBe(200);
			expect(ok.body).toEqual({
				zoneName: expect.any(String),
				url: `${sim.url}/atservicesrest/`,
				webUrl: `${sim.url}/`,
				ci: expect.any(Number),
			});
			const bad = await call(
				`${sim.url}/atservicesrest/v1.0/zoneInformation?user=nobody@example.com`,
				'GET',
			);
			expect(bad.status).toBe(500);
			expect(bad.body).toEqual({ errors: ['Zone information could not be determined'] });
		});

		it('accepts case-insensitive header names and rejects bad credentials like Autotask', async () => {
			const lower = await at('GET', '/Tickets/10001', undefined, {
				username: AUTH.UserName,
				secret: AUTH.Secret,
				apiintegrationcode: AUTH.ApiIntegrationCode,
			});
			expect(lower.status).toBe(200);
			expect(lower.body.item.id).toBe(10001);
			const badSecret = await at('GET', '/Tickets/10001', undefined, {
				...AUTH,
				Secret: 'wrong-xxxx',
			});
			expect(badSecret.status).toBe(401);
			expect(Array.isArray(badSecret.body.errors)).toBe(true);
			const badCode = await at('GET', '/Tickets/10001', undefined, {
				...AUTH,
				ApiIntegrationCode: 'WRONGXXXX',
			});
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
			const q = (filter: unknown[], extra: Record<string, unknown> = {}) =>
				at('POST', '/Tickets/query', { filter, ...extra });
			expect(
				(await q([{ op: 'in', field: 'status', value: [1, 8] }])).body.items.map((t: any) => t.id),
			).toEqual([10001, 10002]);
			expect(
				(await q([{ op: 'notIn', field: 'status', value: [1, 8] }])).body.items.map(
					(t: any) => t.id,
				),
			).toEqual([10003]);
			expect(
				(await q([{ op: 'contains', field: 'title', value: 'SRV-01' }])).body.items.map(
					(t: any) => t.id,
				),
			).toEqual([10001]);
			expect(
				(await q([{ op: 'beginsWith', field: 'Title', value: 'mailbox' }])).body.items.map(
					(t: any) => t.id,
				),
			).toEqual([10002]);
			expect(
				(await q([{ op: 'exist', field: 'completedDate' }])).body.items.map((t: any) => t.id),
			).toEqual([10003]);
			expect((await q([{ op: 'notExist', field: 'completedDate' }])).body.items).toHaveLength(2);
			const grouped = await q(
				[
					{
						op: 'or',
						items: [
							{ op: 'eq', field: 'priority', value: 4 },
							{
								op: 'and',
								items: [
									{ op: 'gte', field: 'id', value: 10003 },
									{ op: 'lte', field: 'id', value: 10003 },
								],
							},
						],
					},
				],
				{ includeFields: ['id', 'ticketNumber'] },
			);
			expect(grouped.body.items).toEqual([
				{ id: 10001, ticketNumber: expect.stringMatching(/^T\d{8}\.\d{4}$/) },
				{ id: 10003, ticketNumber: expect.any(String) },
			]);
			const unknown = await q([{ op: 'eq', field: 'noSuchField', value: 1 }]);
			expect(unknown.status).toBe(500);
			expect(unknown.body.errors[0]).toMatch(/noSuchField/);
			expect((await q([{ op: 'eq', field: 'id', value: 1 }], { MaxRecords: 501 })).status).toBe(
				500,
			);
			expect((await at('POST', '/Tickets/query', { filter: [] })).status).toBe(500);
		});

		it('pages with MaxRecords and a working nextPageUrl (GET and POST)', async () => {
			for (let i = 0; i < 1100; i++)
				sim.createTicket(
					{ title: `bulk ${i}`, companyID: 174, status: 1, priority: 3 },
					{ fire: false },
				);
			const seen: number[] = [];
			let res = await at('POST', '/Tickets/query', {
				filter: [{ op: 'gt', field: 'id', value: 0 }],
				includeFields: ['id'],
				MaxRecords: 500,
			});
			let pages = 0;
			let usePost = false;
			for (;;) {
				pages++;
				expect(res.status).toBe(200);
				expect(res.body.pageDetails.count).toBe(res.body.items.length);
				seen.push(...res.body.items.map((t: any) => t.id));
				const next = res.body.pageDetails.nextPageUrl as string | null;
				if (!next) break;
				res = await call(
					next,
					usePost ? 'POST' : 'GET',
					usePost ? { filter: [{ op: 'gt', field: 'id', value: 0 }] } : undefined,
					AUTH,
				);
				usePost = !usePost;
			}
			expect(pages).toBe(3);
			expect(seen).toHaveLength(1103);
			expect(new Set(seen).size).toBe(1103);
			const count = await at('POST', '/Tickets/query/count', {
				filter: [{ op: 'gt', field: 'id', value: 0 }],
			});
			expect(count.body).toEqual({ queryCount: 1103 });
		});

		it('can refuse a GET of nextPageUrl for includeFields queries (zone quirk); POST still works', async () => {
			sim.setOptions({ nextPageGet405WithIncludeFields: true });
			const first = await at('POST', '/Tickets/query', {
				filter: [{ op: 'gt', field: 'id', value: 0 }],
				includeFields: ['id'],
				MaxRecords: 1,
			});
			const next = first.body.pageDetails.nextPageUrl as string;
			expect((await call(next, 'GET', undefined, AUTH)).status).toBe(405);
			const viaPost = await call(
				next,
				'POST',
				{ filter: [{ op: 'gt', field: 'id', value: 0 }], includeFields: ['id'], MaxRecords: 1 },
				AUTH,
			);
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
			expect(labels).toMatchObject({
				'1': 'New',
				'5': 'Complete',
				'8': 'In Progress',
				'7': 'Waiting Customer',
				'18': 'Customer Note Added',
			});
			const priority = fields.find((f: any) => f.name === 'priority');
			expect(
				Object.fromEntries(priority.picklistValues.map((v: any) => [v.value, v.label])),
			).toEqual({ '1': 'High', '2': 'Medium', '3': 'Low', '4': 'Critical' });
			sim.renamePicklistValue('Tickets', 'status', 5, 'Closed');
			fields = (await at('GET', '/Tickets/entityInformation/fields')).body.fields;
			expect(
				fields
					.find((f: any) => f.name === 'status')
					.picklistValues.find((v: any) => v.value === '5').label,
			).toBe('Closed');
			const notes = (await at('GET', '/TicketNotes/entityInformation/fields')).body.fields;
			expect(notes.find((f: any) => f.name === 'publish').picklistValues.length).toBeGreaterThan(1);
		});

		it('creates notes on tickets and finds them by query', async () => {
			const res = await at('POST', '/Tickets/10002/Notes', {
				ticketID: 10002,
				title: 'ilert',
				description: 'Accepted in ilert by Ann',
				noteType: 1,
				publish: 1,
			});
			expect(res.status).toBe(200);
			const q = await at('POST', '/TicketNotes/query', {
				filter: [{ op: 'eq', field: 'ticketID', value: 10002 }],
			});
			expect(q.body.items).toHaveLength(1);
			expect(q.body.items[0]).toMatchObject({
				id: res.body.itemId,
				description: 'Accepted in ilert by Ann',
				creatorResourceID: 29682885,
			});
			expect(
				(await at('POST', '/Tickets/10002/Notes', { ticketID: 10002, noteType: 1, publish: 1 }))
					.status,
			).toBe(500);
		});

		it('looks up resources by e-mail', async () => {
			const q = await at('POST', '/Resources/query', {
				filter: [{ op: 'eq', field: 'email', value: 'JANE.TECH@example.com' }],
			});
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
			expect(first.headers['x-hook-signature']).toBe(
				hmac('dummy-secret-key-0123456789', first.raw),
			);
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
			expect(second.json.Fields).toEqual({
				Priority: '1',
				Status: '8',
				TicketNumber: expect.any(String),
			});
			expect(second.json.SequenceNumber).toBe(2);
			expect(second.json.PersonID).toBe(29682887);
		});

		it('fires Create events and does not fire for PATCHes of an excluded resource', async () => {
			const id = await createWebhook();
			const ex = await at('POST', `/TicketWebhooks/${id}/ExcludedResources`, {
				webhookID: id,
				resourceID: 29682885,
			});
			expect(ex.status).toBe(200);
			await at('PATCH', '/Tickets', { id: 10001, status: 8 });
			const created = await at('POST', '/Tickets', {
				title: 'API created',
				companyID: 174,
				status: 1,
				priority: 2,
			});
			sim.updateTicket(10002, { status: 5 }, { resourceId: 29682886 });
			await sim.waitForDeliveries();
			expect(rx.received.map((r) => [r.json.Action, r.json.Id])).toEqual([['Update', 10002]]);
			expect(sim.deliveries.filter((d) => d.kind === 'skipped').map((d) => d.ticketId)).toEqual([
				10001,
				created.body.itemId,
			]);
			sim.createTicket(
				{ title: 'UI created', companyID: 175, status: 1, priority: 4 },
				{ resourceId: 29682886 },
			);
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
			expect(r.raw).toContain(
				'Caf\\u00E9 \\u003Cdown\\u003E \\u0026 \\u0022out\\u0022 \\u002B \\u0060x\\u0060 \\u0027y\\u0027',
			);
			expect(r.json.Fields.Title).toBe('Café <down> & "out" + `x` \'y\'');
			expect(r.headers['x-hook-signature']).toBe(hmac('dummy-secret-key-0123456789', r.raw));
			expect(r.headers['x-hook-signature']).not.toBe(
				hmac('dummy-secret-key-0123456789', JSON.stringify(r.json)),
			);
		});

		it('deactivates a webhook after 25 consecutive failed attempts (5 payloads x 5 attempts) and notifies the deactivation URL', async () => {
			const id = await createWebhook();
			sim.setOptions({ retryDelayMs: 1 });
			rx.status = 500;
			for (let i = 0; i < 26; i++) sim.updateTicket(10001, { priority: i % 2 === 0 ? 1 : 2 });
			await sim.waitForDeliveries();
			const hookCalls = rx.received.filter((r) => r.path === '/hook');
			const deact = rx.received.filter((r) => r.path === '/deactivated');
			expect(hookCalls).toHaveLength(25);
			// 5 payloads were tried 5 times each; the rest were dropped once the webhook was inactive.
			expect(new Set(hookCalls.map((c) => c.json.SequenceNumber)).size).toBe(5);
			expect(sim.deliveries.filter((d) => d.kind === 'dropped')).toHaveLength(21);
			expect(deact).toHaveLength(1);
			expect(deact[0].json).toMatchObject({ Action: 'Deactivated', EntityType: 'Ticket' });
			expect((await at('GET', `/TicketWebhooks/${id}`)).body.item.isActive).toBe(false);
		});

		it('resets the failure counter on success', async () => {
			await createWebhook();
			sim.setOptions({ deactivateAfterFailures: 7, retryDelayMs: 1 });
			// payload 1: 4 failures then delivered (counter back to 0); payload 2: 5 failures, gives up.
			rx.statuses = [500, 500, 500, 500, 200, 500, 500, 500, 500, 500];
			sim.updateTicket(10001, { priority: 1 });
			sim.updateTicket(10001, { priority: 2 });
			await sim.waitForDeliveries();
			expect(rx.received).toHaveLength(10);
			expect(sim.state.webhooks[0].isActive).toBe(true);
			expect(sim.state.webhooks[0].consecutiveFailures).toBe(5);
			// two more failures reach 7: deactivated.
			rx.status = 500;
			sim.updateTicket(10001, { priority: 1 });
			await sim.waitForDeliveries();
			expect(sim.state.webhooks[0].isActive).toBe(false);
			expect(rx.received.filter((r) => r.path === '/hook')).toHaveLength(12);
		});

		it('answers the thread-limit error to a 4th concurrent Fields POST', async () => {
			const id = (
				await at('POST', '/TicketWebhooks', {
					name: 'x',
					webhookUrl: `${rx.url}/h`,
					deactivationUrl: `${rx.url}/d`,
					isSubscribedToUpdateEvents: true,
				})
			).body.itemId;
			// Long enough that the four requests overlap even on a busy machine.
			sim.setOptions({ webhookFieldLatencyMs: 300 });
			const ids = [19, 17, 26, 27];
			const results = await Promise.all(
				ids.map((fieldID) =>
					at('POST', `/TicketWebhooks/${id}/Fields`, {
						webhookID: id,
						fieldID,
						isSubscribedField: true,
						isDisplayAlwaysField: false,
					}),
				),
			);
			const errors = results.filter((r) => r.status !== 200);
			expect(errors).toHaveLength(1);
			expect(errors[0].status).toBe(429);
			expect(errors[0].body.errors[0]).toContain('Itgenatr005');
			const sequential = await at('POST', `/TicketWebhooks/${id}/Fields`, {
				webhookID: id,
				fieldID: ids[results.indexOf(errors[0])],
				isSubscribedField: true,
				isDisplayAlwaysField: false,
			});
			expect(sequential.status).toBe(200);
			expect((await at('GET', `/TicketWebhooks/${id}/Fields`)).body.items).toHaveLength(4);
		});

		it('uses another status for the thread-limit error when configured', async () => {
			sim.setOptions({ threadLimitStatus: 500 });
			sim.faults.add({ path: /\/Tickets\/10001$/, delayMs: 300 });
			const results = await Promise.all([1, 2, 3, 4].map(() => at('GET', '/Tickets/10001')));
			expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 500]);
			expect(results.find((r) => r.status === 500)!.body.errors[0]).toContain(
				'Thread Threshold Exceeded',
			);
		});
	});

	describe('faults', () => {
		it('answers 429 with Retry-After a limited number of times', async () => {
			sim.faults.add({
				method: 'GET',
				path: '/Tickets/10001',
				status: 429,
				headers: { 'Retry-After': '2' },
				body: { errors: ['Rate limit'] },
				times: 2,
			});
			const a = await at('GET', '/Tickets/10001');
			const b = await at('GET', '/Tickets/10001');
			const c = await at('GET', '/Tickets/10001');
			expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
			expect(a.headers.get('retry-after')).toBe('2');
		});

		it('injects thread-limit errors with a non-429 status', async () => {
			sim.faults.add({ path: /tickets\/query/i, threadLimit: true, status: 500, times: 1 });
			const r = await at('POST', '/Tickets/query', {
				filter: [{ op: 'eq', field: 'id', value: 10001 }],
			});
			expect(r.status).toBe(500);
			expect(r.body.errors[0]).toMatch(/thread threshold of 3 threads/);
		});

		it('samples probabilistic faults with a seeded RNG (reproducible)', async () => {
			const run = async () => {
				sim.reset();
				sim.faults.add({ path: '/ThresholdInformation', status: 503, probability: 0.3 });
				const statuses: number[] = [];
				for (let i = 0; i < 60; i++)
					statuses.push((await at('GET', '/ThresholdInformation')).status);
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
				for (let i = 0; i < 60; i++)
					second.push(
						(await call(`${other.apiUrl}/ThresholdInformation`, 'GET', undefined, AUTH)).status,
					);
				expect(second).toEqual(first);
			} finally {
				await other.close();
			}
		});
	});

	describe('business hours', () => {
		it('serves locations, time-zone picklists, holiday sets and holidays', async () => {
			const q = await at('POST', '/InternalLocationWithBusinessHours/query', {
				filter: [{ op: 'eq', field: 'isDefault', value: true }],
			});
			expect(q.body.items).toHaveLength(1);
			const hq = q.body.items[0];
			expect(hq).toMatchObject({
				name: 'Headquarters',
				timeZoneID: 110,
				holidaySetID: 1,
				mondayBusinessHoursStartTime: '1900-01-01T08:00:00',
				mondayBusinessHoursEndTime: '1900-01-01T17:00:00',
				saturdayBusinessHoursStartTime: null,
			});
			const fields = (
				await at('GET', '/InternalLocationWithBusinessHours/entityInformation/fields')
			).body.fields;
			const tz = fields
				.find((f: any) => f.name === 'timeZoneID')
				.picklistValues.find((v: any) => v.value === '110');
			expect(tz.label).toBe('(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna');
			expect(
				fields
					.find((f: any) => f.name === 'holidayHoursType')
					.picklistValues.map((v: any) => v.label),
			).toEqual(['None', 'Normal', 'Specified']);
			const set = (await at('GET', '/HolidaySets/1')).body.item;
			expect(set.holidaySetName).toBe('Netherlands');
			const hol = (await at('GET', '/HolidaySets/1/Holidays')).body.items;
			expect(hol.some((h: any) => /-12-25T00:00:00$/.test(h.holidayDate))).toBe(true);
			const viaQuery = await at('POST', '/Holidays/query', {
				filter: [{ op: 'eq', field: 'holidaySetID', value: 2 }],
			});
			expect(viaQuery.body.items.every((h: any) => h.holidaySetID === 2)).toBe(true);
			const threshold = (await at('GET', '/ThresholdInformation')).body;
			expect(threshold).toEqual({
				externalRequestThreshold: 10000,
				requestThresholdTimeframe: 60,
				currentTimeframeRequestCount: expect.any(Number),
			});
		});
	});

	describe('admin HTTP API', () => {
		it('creates and updates tickets, firing webhooks, and exposes state', async () => {
			await createWebhook();
			const c = await call(`${sim.url}/__sim/tickets`, 'POST', {
				title: 'admin',
				companyID: 174,
				status: 1,
				priority: 1,
			});
			expect(c.status).toBe(200);
			const u = await call(`${sim.url}/__sim/tickets/${c.body.itemId}`, 'POST', {
				changes: { status: 5 },
				resourceId: 29682887,
			});
			expect(u.body.changed).toContain('status');
			await call(`${sim.url}/__sim/wait-deliveries`, 'POST');
			// Autotask orders deliveries per webhook and event type only.
			expect(rx.received.map((r) => r.json.Action).sort()).toEqual(['Create', 'Update']);
			const state = await call(`${sim.url}/__sim/state`, 'GET');
			expect(state.body.tickets.find((t: any) => t.id === c.body.itemId).status).toBe(5);
			const f = await call(`${sim.url}/__sim/faults`, 'POST', {
				path: '/Tickets/10001',
				status: 503,
				times: 1,
			});
			expect(f.status).toBe(200);
			expect((await at('GET', '/Tickets/10001')).status).toBe(503);
			expect(
				(await call(`${sim.url}/__sim/requests`, 'GET')).body.some((r: any) => r.status === 503),
			).toBe(true);
			await call(`${sim.url}/__sim/reset`, 'POST');
			expect(sim.state.webhooks).toHaveLength(0);
		});
	});

	describe('tickets are created and edited now', () => {
		it('creates a ticket with createDate = lastActivityDate = the simulator clock, ignoring dates in the body', async () => {
			const before = sim.now().getTime();
			const res = sim.createTicket({
				title: 'fresh',
				companyID: 174,
				status: 1,
				priority: 2,
				createDate: '2020-01-01T00:00:00Z',
				lastActivityDate: '2020-01-01T00:00:00Z',
			});
			const t = sim.getTicket(res.id!)!;
			expect(t.createDate).toBe(t.lastActivityDate);
			expect(Date.parse(t.createDate as string)).toBeGreaterThanOrEqual(before);
			expect(Date.parse(t.createDate as string)).toBeLessThanOrEqual(sim.now().getTime());
			// the REST API sets them too
			const api = await at('POST', '/Tickets', {
				title: 'api',
				companyID: 174,
				status: 1,
				priority: 2,
				createDate: '2020-01-01T00:00:00Z',
			});
			const a = sim.getTicket(api.body.itemId)!;
			expect(a.createDate).not.toBe('2020-01-01T00:00:00.000Z');
			expect(a.createDate).toBe(a.lastActivityDate);
		});

		it('every edit sets lastActivityDate to now; the clock can be advanced', async () => {
			const { id } = sim.createTicket({ title: 't', companyID: 174, status: 1, priority: 2 });
			const created = sim.getTicket(id!)!.createDate as string;
			const t2 = sim.advanceClock(20000);
			sim.updateTicket(id!, { status: 8 });
			const after2 = Date.parse(sim.getTicket(id!)!.lastActivityDate as string);
			expect(after2).toBeGreaterThanOrEqual(t2.getTime());
			expect(after2).toBeLessThanOrEqual(sim.now().getTime());
			const t3 = sim.advanceClock(30000);
			await at('PATCH', '/Tickets', { id, status: 5 });
			const t = sim.getTicket(id!)!;
			expect(Date.parse(t.lastActivityDate as string)).toBeGreaterThanOrEqual(t3.getTime());
			expect(Date.parse(t.lastActivityDate as string)).toBeLessThanOrEqual(sim.now().getTime());
			expect(t.createDate).toBe(created);
			expect(Date.parse(t.lastActivityDate as string) - Date.parse(created)).toBeGreaterThanOrEqual(
				50000,
			);
			const note = await at('POST', `/Tickets/${id}/Notes`, {
				ticketID: id,
				title: 'x',
				description: 'note',
				noteType: 1,
				publish: 1,
			});
			expect(note.status).toBe(200);
			expect(Date.parse(sim.getTicket(id!)!.lastActivityDate as string)).toBeGreaterThanOrEqual(
				t3.getTime(),
			);
		});

		it('backdates only when asked (createdAt) and can start without the pre-aged seed tickets', async () => {
			const old = sim.createTicket(
				{ title: 'old', companyID: 174, status: 1, priority: 2 },
				{ createdAt: '2026-01-01T08:00:00Z' },
			);
			expect(sim.getTicket(old.id!)).toMatchObject({
				createDate: '2026-01-01T08:00:00.000Z',
				lastActivityDate: '2026-01-01T08:00:00.000Z',
			});
			const empty = await startAutotaskSimulator({ seedTickets: false });
			try {
				expect(empty.snapshot().tickets).toEqual([]);
				const { id } = empty.createTicket({
					title: 'first',
					companyID: 174,
					status: 1,
					priority: 2,
				});
				expect(empty.snapshot().tickets.map((t) => t.id)).toEqual([id]);
			} finally {
				await empty.close();
			}
		});
	});

	describe('queries as the swagger spells them', () => {
		it('binds Filter/IncludeFields/MaxRecords in any casing and records the spelling used in the request log', async () => {
			const pascal = await at('POST', '/Tickets/query', {
				Filter: [{ op: 'gt', field: 'id', value: 0 }],
				IncludeFields: ['id', 'status'],
				MaxRecords: 2,
			});
			expect(pascal.body.items).toEqual([
				{ id: 10001, status: 1 },
				{ id: 10002, status: 8 },
			]);
			expect(sim.requests[sim.requests.length - 1].queryModel).toEqual({
				filter: 'Filter',
				includeFields: 'IncludeFields',
				maxRecords: 'MaxRecords',
			});
			const camel = await at('POST', '/Tickets/query', {
				filter: [{ op: 'gt', field: 'id', value: 0 }],
				includeFields: ['id'],
				maxRecords: 1,
			});
			expect(camel.body.items).toEqual([{ id: 10001 }]);
			expect(sim.requests[sim.requests.length - 1].queryModel).toEqual({
				filter: 'filter',
				includeFields: 'includeFields',
				maxRecords: 'maxRecords',
			});
			const odd = await at('POST', '/Tickets/query', {
				FILTER: [{ OP: 'eq', Field: 'id', VALUE: 10002 }],
				maxrecords: 5,
			});
			expect(odd.body.items.map((t: any) => t.id)).toEqual([10002]);
			expect(sim.requests[sim.requests.length - 1].queryModel).toEqual({
				filter: 'FILTER',
				maxRecords: 'maxrecords',
			});
			// the GET form (search=) and the nextPageUrl record the spelling too
			const search = encodeURIComponent(
				JSON.stringify({ Filter: [{ op: 'gt', field: 'id', value: 0 }], MaxRecords: 1 }),
			);
			const viaGet = await at('GET', `/Tickets/query?search=${search}`);
			expect(sim.requests[sim.requests.length - 1].queryModel).toEqual({
				filter: 'Filter',
				maxRecords: 'MaxRecords',
			});
			await call(viaGet.body.pageDetails.nextPageUrl, 'GET', undefined, AUTH);
			expect(sim.requests[sim.requests.length - 1].queryModel).toEqual({
				filter: 'Filter',
				maxRecords: 'MaxRecords',
			});
		});

		it('rejects MaxRecords above 500 in any casing; pages of at most 500 with nextPageUrl', async () => {
			expect(
				(
					await at('POST', '/Tickets/query', {
						Filter: [{ op: 'gt', field: 'id', value: 0 }],
						MaxRecords: 501,
					})
				).status,
			).toBe(500);
			expect(
				(
					await at('POST', '/Tickets/query', {
						filter: [{ op: 'gt', field: 'id', value: 0 }],
						maxRecords: 501,
					})
				).status,
			).toBe(500);
			for (let i = 0; i < 600; i++)
				sim.createTicket(
					{ title: `bulk ${i}`, companyID: 174, status: 1, priority: 3 },
					{ fire: false },
				);
			const first = await at('POST', '/Tickets/query', {
				Filter: [{ op: 'gt', field: 'id', value: 0 }],
				IncludeFields: ['id'],
			});
			expect(first.body.items).toHaveLength(500);
			expect(first.body.pageDetails).toMatchObject({
				count: 500,
				requestCount: 500,
				prevPageUrl: null,
				nextPageUrl: expect.any(String),
			});
			const second = await call(
				first.body.pageDetails.nextPageUrl,
				'POST',
				{ Filter: [{ op: 'gt', field: 'id', value: 0 }], IncludeFields: ['id'] },
				AUTH,
			);
			expect(second.body.items).toHaveLength(103);
			expect(second.body.pageDetails.nextPageUrl).toBeNull();
			expect(second.body.items[0].id).toBeGreaterThan(first.body.items[499].id);
		});

		it('filters on lastActivityDate and id with date-time values, in, gt/gte/lt/lte and and/or groups', async () => {
			const base = sim.now().getTime();
			const a = sim.createTicket({ title: 'a', companyID: 174, status: 1, priority: 2 }).id!;
			sim.advanceClock(60000);
			const b = sim.createTicket({ title: 'b', companyID: 174, status: 8, priority: 2 }).id!;
			sim.advanceClock(60000);
			const c = sim.createTicket({ title: 'c', companyID: 174, status: 5, priority: 2 }).id!;
			const iso = (ms: number) => new Date(ms).toISOString();
			const ids = async (filter: unknown[]) =>
				(
					await at('POST', '/Tickets/query', {
						Filter: filter,
						IncludeFields: ['id', 'lastActivityDate'],
					})
				).body.items.map((t: any) => t.id);
			// seed tickets are older than `base`
			expect(await ids([{ op: 'gt', field: 'lastActivityDate', value: iso(base - 1) }])).toEqual([
				a,
				b,
				c,
			]);
			expect(
				await ids([
					{ op: 'gte', field: 'lastActivityDate', value: sim.getTicket(b)!.lastActivityDate },
				]),
			).toEqual([b, c]);
			expect(
				await ids([
					{ op: 'lt', field: 'lastActivityDate', value: sim.getTicket(b)!.lastActivityDate },
					{ op: 'gte', field: 'id', value: a },
				]),
			).toEqual([a]);
			// without zone = UTC, without milliseconds
			const noZone = iso(base + 90000).replace(/\.\d+Z$/, '');
			expect(
				await ids([
					{ op: 'lte', field: 'lastActivityDate', value: noZone },
					{ op: 'gt', field: 'id', value: 10003 },
				]),
			).toEqual([a, b]);
			expect(await ids([{ op: 'in', field: 'id', value: [a, c, 999999] }])).toEqual([a, c]);
			const sweep = [
				{
					op: 'or',
					items: [
						{
							op: 'and',
							items: [
								{ op: 'gt', field: 'lastActivityDate', value: iso(base + 30000) },
								{ op: 'in', field: 'status', value: [1, 8] },
							],
						},
						{ op: 'in', field: 'id', value: [a] },
					],
				},
			];
			expect(await ids(sweep)).toEqual([a, b]);
			sim.advanceClock(60000);
			sim.updateTicket(a, { status: 8 });
			expect(
				await ids([
					{ op: 'gt', field: 'lastActivityDate', value: sim.getTicket(c)!.lastActivityDate },
				]),
			).toEqual([a]);
		});
	});

	describe('webhook delivery as Autotask documents it', () => {
		it('defaults to 5 attempts, 30 s apart, 10 s timeout, deactivation after 25 failures, signature over the body', () => {
			expect(sim.options).toMatchObject({
				deliveryAttempts: 5,
				deliveryRetryDelayMs: 30000,
				deliveryTimeoutMs: 10000,
				deactivateAfterFailures: 25,
				signatureOver: 'body',
				calloutAttempts: 1,
			});
		});

		it('re-sends a failed payload until a 2xx, the same bytes and signature each time', async () => {
			await createWebhook();
			sim.setOptions({ retryDelayMs: 1 });
			rx.statuses = [500, 302, 404];
			sim.updateTicket(10001, { status: 8 });
			await sim.waitForDeliveries();
			expect(rx.received).toHaveLength(4);
			expect(new Set(rx.received.map((r) => r.raw)).size).toBe(1);
			expect(new Set(rx.received.map((r) => r.headers['x-hook-signature'])).size).toBe(1);
			expect(
				sim.deliveries.filter((d) => d.kind === 'webhook').map((d) => [d.attempt, d.status, d.ok]),
			).toEqual([
				[1, 500, false],
				[2, 302, false],
				[3, 404, false],
				[4, 200, true],
			]);
			expect(sim.state.webhooks[0].consecutiveFailures).toBe(0);
		});

		it('gives up after 5 attempts (the payload is lost, the webhook stays active)', async () => {
			await createWebhook();
			sim.setOptions({ retryDelayMs: 1 });
			rx.status = 503;
			sim.updateTicket(10001, { status: 8 });
			await sim.waitForDeliveries();
			expect(rx.received).toHaveLength(5);
			expect(sim.state.webhooks[0].isActive).toBe(true);
			rx.status = 200;
			sim.updateTicket(10001, { status: 7 });
			await sim.waitForDeliveries();
			expect(rx.received.map((r) => r.json.Fields.Status)).toEqual(['8', '8', '8', '8', '8', '7']);
		});

		it('counts an answer slower than the timeout as a failure and tries again', async () => {
			await createWebhook();
			sim.setOptions({ retryDelayMs: 1, deliveryTimeoutMs: 150 });
			rx.delayMs = 600;
			sim.updateTicket(10001, { status: 8 });
			await sim.waitForDeliveries();
			const attempts = sim.deliveries.filter((d) => d.kind === 'webhook');
			expect(attempts).toHaveLength(5);
			expect(attempts.every((d) => d.status === 0 && d.error === 'timeout' && !d.ok)).toBe(true);
		});

		it('keeps later payloads of the same type queued behind one being retried', async () => {
			await createWebhook();
			sim.setOptions({ retryDelayMs: 20 });
			rx.statuses = [500, 500];
			sim.updateTicket(10001, { status: 8 });
			sim.updateTicket(10001, { status: 7 });
			await sim.waitForDeliveries();
			expect(rx.received.map((r) => [r.json.SequenceNumber, r.json.Fields.Status])).toEqual([
				[1, '8'],
				[1, '8'],
				[1, '8'],
				[2, '7'],
			]);
		});

		it('orders per webhook and event type: an Update does not wait for a Create being retried (unless per-webhook)', async () => {
			await createWebhook();
			sim.setOptions({ retryDelayMs: 1000 });
			rx.statuses = [500];
			const { id } = sim.createTicket({ title: 'c', companyID: 174, status: 1, priority: 2 });
			sim.updateTicket(id!, { status: 8 });
			await sim.waitForDeliveries();
			// both went out at once (whichever arrived first got the 500); only that one was re-sent, 1 s later
			const actions = rx.received.map((r) => r.json.Action as string);
			expect(actions.slice(0, 2).sort()).toEqual(['Create', 'Update']);
			const failed = sim.deliveries.find((d) => d.kind === 'webhook' && !d.ok)!;
			expect(actions[2]).toBe(failed.action);
			rx.received.length = 0;
			sim.setOptions({ deliveryOrder: 'per-webhook' });
			rx.statuses = [500];
			const second = sim.createTicket({ title: 'd', companyID: 174, status: 1, priority: 2 });
			sim.updateTicket(second.id!, { status: 8 });
			await sim.waitForDeliveries();
			expect(rx.received.map((r) => r.json.Action)).toEqual(['Create', 'Create', 'Update']);
		});

		it('waits 30 s between attempts by default', async () => {
			await createWebhook();
			rx.status = 500;
			sim.updateTicket(10001, { status: 8 });
			await new Promise((r) => setTimeout(r, 400));
			// one attempt so far; the second is 30 s away
			expect(rx.received).toHaveLength(1);
			expect(sim.deliveries.filter((d) => d.kind === 'webhook')).toHaveLength(1);
			// reset() abandons the waiting retry
			sim.reset();
			await sim.waitForDeliveries();
			expect(rx.received).toHaveLength(1);
		});

		it('can sign the .NET-escaped form while sending unescaped bytes', async () => {
			sim.setOptions({ signatureOver: 'dotnet-escaped' });
			await createWebhook({}, [['title', true, true]]);
			sim.updateTicket(10001, { title: 'Café <down> & "out"' });
			await sim.waitForDeliveries();
			const r = rx.received[0];
			expect(r.raw).toContain('Café <down> & \\"out\\"');
			expect(r.raw).toBe(JSON.stringify(r.json));
			const escaped = sim.dotnetJson(r.json);
			expect(escaped).toContain('Caf\\u00E9 \\u003Cdown\\u003E \\u0026 \\u0022out\\u0022');
			expect(r.headers['x-hook-signature']).toBe(hmac('dummy-secret-key-0123456789', escaped));
			expect(r.headers['x-hook-signature']).not.toBe(hmac('dummy-secret-key-0123456789', r.raw));
			expect(sim.deliveries.find((d) => d.kind === 'webhook')!.signedBody).toBe(escaped);
		});
	});

	describe('extension callouts fired by workflow rules', () => {
		const CALLOUT = { username: 'autotask-callout', password: 'example-callout-password-xxxx' };
		const basic = `Basic ${Buffer.from(`${CALLOUT.username}:${CALLOUT.password}`).toString('base64')}`;

		it('POSTs a Name Value Pair body with Basic auth for tickets created and edited in the UI or via the API', async () => {
			sim.addExtensionCallout({ name: 'n8n', url: `${rx.url}/callout?secret=s1`, ...CALLOUT });
			const { id } = sim.createTicket({
				title: 'UI ticket',
				companyID: 174,
				status: 1,
				priority: 4,
			});
			sim.updateTicket(id!, { status: 8 });
			sim.updateTicket(id!, { status: 8 }); // no change: no event
			await at('PATCH', '/Tickets', { id, status: 5 });
			await sim.waitForDeliveries();
			const t = sim.getTicket(id!)!;
			expect(rx.received.map((r) => [r.method, r.path])).toEqual([
				['POST', '/callout?secret=s1'],
				['POST', '/callout?secret=s1'],
				['POST', '/callout?secret=s1'],
			]);
			for (const r of rx.received) {
				expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
				expect(r.headers.authorization).toBe(basic);
				expect(r.raw).toBe(
					`TicketID=${id}&TicketNumber=${encodeURIComponent(t.ticketNumber as string)}`,
				);
			}
			expect(sim.deliveries.filter((d) => d.kind === 'callout').map((d) => d.event)).toEqual([
				'created',
				'edited',
				'edited',
			]);
		});

		it('does not re-send a failed callout unless an attempts option asks for it', async () => {
			sim.addExtensionCallout({ url: `${rx.url}/callout` });
			rx.status = 500;
			sim.createTicket({ title: 't', companyID: 174, status: 1, priority: 2 });
			await sim.waitForDeliveries();
			expect(rx.received).toHaveLength(1);
			expect(
				sim.deliveries.filter((d) => d.kind === 'callout').map((d) => [d.attempt, d.status, d.ok]),
			).toEqual([[1, 500, false]]);
			sim.setOptions({ calloutAttempts: 3, calloutRetryDelayMs: 1 });
			rx.statuses = [500];
			rx.status = 200;
			sim.createTicket({ title: 't2', companyID: 174, status: 1, priority: 2 });
			await sim.waitForDeliveries();
			expect(rx.received).toHaveLength(3);
		});

		it('honours rule events and conditions, inactive callouts, fire:false and API-change opt-out', async () => {
			const created = sim.addExtensionCallout({
				url: `${rx.url}/new`,
				workflowRule: {
					events: ['created'],
					conditions: [{ op: 'eq', field: 'status', value: 1 }],
				},
			});
			const edited = sim.addExtensionCallout({
				url: `${rx.url}/edit`,
				workflowRule: { events: ['edited'], firesOnApiChanges: false },
			});
			const a = sim.createTicket({ title: 'a', companyID: 174, status: 1, priority: 2 }).id!;
			sim.createTicket({ title: 'b', companyID: 174, status: 5, priority: 2 });
			sim.updateTicket(a, { status: 8 });
			sim.updateTicket(a, { status: 7 }, { fire: false });
			await at('PATCH', '/Tickets', { id: a, status: 5 });
			sim.setExtensionCalloutActive(edited.id, false);
			sim.updateTicket(a, { status: 1 });
			await sim.waitForDeliveries();
			expect(rx.received.map((r) => r.path)).toEqual(['/new', '/edit']);
			expect(sim.extensionCallouts().map((c) => [c.id, c.workflowRules.length])).toEqual([
				[created.id, 1],
				[edited.id, 1],
			]);
			expect(() =>
				sim.addExtensionCallout({
					url: 'x',
					workflowRule: { conditions: [{ op: 'in', field: 'status', value: 1 }] },
				}),
			).toThrow(/array/);
		});

		it('supports GET (data in the query), XML, a UDF filter and Basic auth only after a challenge', async () => {
			sim.setOptions({ calloutBasicAuth: 'challenge' });
			sim.addExtensionCallout({ url: `${rx.url}/get`, method: 'GET', ...CALLOUT });
			sim.addExtensionCallout({
				url: `${rx.url}/xml`,
				dataFormat: 'xml',
				udf: 'Escalate',
				fields: { TicketID: 'id', Title: 'title' },
			});
			rx.statuses = [401];
			rx.headers = { 'WWW-Authenticate': 'Basic realm="n8n"' };
			const { id } = sim.createTicket({ title: 'A & <B>', companyID: 174, status: 1, priority: 2 });
			await sim.waitForDeliveries();
			expect(rx.received.map((r) => r.path.split('?')[0]).sort()).toEqual(['/get', '/get']);
			const gets = rx.received.filter((r) => r.path.startsWith('/get'));
			expect(gets[0].headers.authorization).toBeUndefined();
			expect(gets[1].headers.authorization).toBe(basic);
			expect(gets[1].path).toMatch(
				new RegExp(`^/get\\?TicketID=${id}&TicketNumber=T\\d{8}\\.\\d{4}$`),
			);
			rx.received.length = 0;
			sim.updateTicket(id!, { userDefinedFields: [{ name: 'Escalate', value: 'yes' }] });
			await sim.waitForDeliveries();
			const xml = rx.received.find((r) => r.path === '/xml')!;
			expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
			expect(xml.raw).toBe(
				`<?xml version="1.0" encoding="utf-8"?><Ticket><TicketID>${id}</TicketID><Title>A &amp; &lt;B&gt;</Title></Ticket>`,
			);
		});

		it('is driven over the admin HTTP API (callouts, workflow rules, clock)', async () => {
			const c = await call(`${sim.url}/__sim/callouts`, 'POST', {
				name: 'http',
				url: `${rx.url}/c`,
				workflowRule: false,
			});
			expect(c.status).toBe(200);
			expect(
				(
					await call(`${sim.url}/__sim/workflow-rules`, 'POST', {
						calloutId: c.body.id,
						events: ['edited'],
					})
				).status,
			).toBe(200);
			expect(
				(
					await call(`${sim.url}/__sim/workflow-rules`, 'POST', {
						calloutId: 1,
						events: ['edited'],
					})
				).status,
			).toBe(400);
			const now0 = (await call(`${sim.url}/__sim/clock`, 'GET')).body.now;
			const moved = await call(`${sim.url}/__sim/clock`, 'POST', { advanceMs: 3600000 });
			expect(Date.parse(moved.body.now) - Date.parse(now0)).toBeGreaterThanOrEqual(3600000);
			const t = await call(`${sim.url}/__sim/tickets`, 'POST', {
				title: 'x',
				companyID: 174,
				status: 1,
				priority: 2,
			});
			expect(Date.parse(t.body.item.createDate)).toBeGreaterThanOrEqual(Date.parse(moved.body.now));
			await call(`${sim.url}/__sim/tickets/${t.body.itemId}`, 'POST', { changes: { status: 8 } });
			await call(`${sim.url}/__sim/wait-deliveries`, 'POST');
			expect(rx.received.map((r) => r.raw)).toEqual([
				`TicketID=${t.body.itemId}&TicketNumber=${encodeURIComponent(t.body.item.ticketNumber)}`,
			]);
			const list = await call(`${sim.url}/__sim/callouts`, 'GET');
			expect(list.body[0]).toMatchObject({
				id: c.body.id,
				password: null,
				workflowRules: [{ events: ['edited'] }],
			});
			expect((await call(`${sim.url}/__sim/callouts/${c.body.id}`, 'DELETE')).status).toBe(204);
		});
	});
});
