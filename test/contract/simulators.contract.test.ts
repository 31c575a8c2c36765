import {
	startAutotaskSimulator,
	startIlertSimulator,
	type AutotaskSimulator,
	type IlertSimulator,
} from '../simulators';
import {
	CONTRACT_SOURCES,
	contractOperations,
	findOperation,
	validateRequest,
	validateRequestLog,
	validateResponse,
	type Service,
} from './validate';

const AT_AUTH = {
	UserName: 'api-user@example.com',
	Secret: 'example-secret-xxxx',
	ApiIntegrationCode: 'EXAMPLEINTEGRATIONCODEXXXX',
};
const IL_AUTH = { Authorization: 'Bearer il-api-key-example-xxxx' };

interface Exchange {
	status: number;
	body: any;
}

describe('contract subsets', () => {
	it('record their source, version and extraction date', () => {
		expect(CONTRACT_SOURCES.autotask).toMatchObject({
			title: 'Datto|Autotask PSA Rest API',
			version: 'v1',
			extractedAt: expect.any(String),
			sourceSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(CONTRACT_SOURCES.ilert).toMatchObject({
			version: expect.stringMatching(/^v2\./),
			extractedAt: expect.any(String),
		});
	});

	it('match concrete paths to templates (Autotask case-insensitive, /atservicesrest/v1.0 prefix)', () => {
		expect(findOperation('autotask', 'GET', '/atservicesrest/v1.0/tickets/123')?.template).toBe(
			'/V1.0/Tickets/{id}',
		);
		expect(
			findOperation(
				'autotask',
				'POST',
				'https://webservices5.autotask.net/ATServicesRest/V1.0/Tickets/query',
			)?.template,
		).toBe('/V1.0/Tickets/query');
		expect(
			findOperation('autotask', 'POST', '/atservicesrest/v1.0/Tickets/query/count')?.template,
		).toBe('/V1.0/Tickets/query/count');
		expect(
			findOperation('autotask', 'GET', '/atservicesrest/v1.0/zoneInformation?user=x')?.template,
		).toBe('/V1.0/ZoneInformation');
		expect(findOperation('ilert', 'GET', '/api/alerts/count')?.template).toBe('/alerts/count');
		expect(findOperation('ilert', 'PUT', '/api/alerts/42/accept')?.template).toBe(
			'/alerts/{id}/accept',
		);
		expect(findOperation('ilert', 'DELETE', '/api/alerts/42')).toBeUndefined();
	});

	it('detect contract violations (the validator can fail)', () => {
		const bad = (r: { ok: boolean; errors: string[] }, re: RegExp) => {
			expect(r.ok).toBe(false);
			expect(r.errors.join('\n')).toMatch(re);
		};
		bad(
			validateRequest('ilert', 'POST', '/api/events', {
				integrationKey: 'k',
				eventType: 'OPEN',
				summary: 's',
			}),
			/not one of/,
		);
		bad(
			validateRequest('ilert', 'POST', '/api/events', { integrationKey: 'k', eventType: 'ALERT' }),
			/summary: required/,
		);
		bad(
			validateRequest('ilert', 'POST', '/api/events', {
				integrationKey: 'k',
				eventType: 'ALERT',
				summary: 's',
				alertkey: 'x',
			}),
			/alertkey: property not in the contract/,
		);
		bad(
			validateRequest('ilert', 'POST', '/api/events', {
				integrationKey: 'k',
				eventType: 'ALERT',
				summary: 's',
				severity: 'SEV1',
			}),
			/expected integer/,
		);
		bad(
			validateRequest('ilert', 'GET', '/api/alerts', undefined, { state: 'PENDING' }),
			/query.state: parameter not in the contract/,
		);
		bad(validateRequest('ilert', 'GET', '/api/alerts?max-results=101'), /maximum 100/);
		bad(
			validateRequest('ilert', 'GET', '/api/alerts', undefined, { states: ['PENDING', 'OPEN'] }),
			/OPEN/,
		);
		bad(
			validateRequest('autotask', 'PATCH', '/atservicesrest/v1.0/Tickets', { id: 1, staus: 5 }),
			/staus: property not in the contract/,
		);
		bad(
			validateRequest('autotask', 'PATCH', '/atservicesrest/v1.0/Tickets', { id: 1, status: '5' }),
			/expected integer/,
		);
		bad(validateRequest('autotask', 'GET', '/atservicesrest/v1.0/Tickets/abc'), /path.id/);
		bad(
			validateRequest('autotask', 'DELETE', '/atservicesrest/v1.0/Tickets/1'),
			/not in the autotask contract subset/,
		);
		bad(
			validateResponse('autotask', 'GET', '/atservicesrest/v1.0/Tickets/1', 200, {
				item: { id: 'x' },
			}),
			/expected integer/,
		);
		bad(
			validateResponse('autotask', 'PATCH', '/atservicesrest/v1.0/Tickets', 500, { error: 'x' }),
			/errors: string\[\]/,
		);
		bad(validateResponse('ilert', 'GET', '/api/alerts/1', 200, { id: 1, status: 'OPEN' }), /OPEN/);
		bad(
			validateResponse('ilert', 'GET', '/api/alerts/1', 403, { message: 'x' }),
			/status must be a number/,
		);
		expect(
			validateRequestLog('ilert', [
				{ method: 'GET', path: '/api/alerts', query: { 'alert-source': '1001' }, body: undefined },
			]),
		).toEqual(['GET /alerts query.alert-source: parameter not in the contract']);
		// Autotask property names compare case-insensitively (PascalCase accepted on the wire) ...
		expect(
			validateRequest('autotask', 'PATCH', '/atservicesrest/v1.0/Tickets', { ID: 1, Status: 5 }).ok,
		).toBe(true);
		// ... except query bodies, which must be spelled as the Swagger's QueryModel example spells them.
		const query = '/atservicesrest/v1.0/Tickets/query';
		expect(
			validateRequest('autotask', 'POST', query, {
				Filter: [{ op: 'eq', field: 'id', value: 1 }],
				MaxRecords: 10,
				IncludeFields: ['id'],
			}).ok,
		).toBe(true);
		expect(
			validateRequest('autotask', 'POST', `${query}/count`, {
				Filter: [{ op: 'or', items: [{ op: 'eq', field: 'id', value: 1, udf: false }] }],
			}).ok,
		).toBe(true);
		bad(
			validateRequest('autotask', 'POST', query, {
				Filter: [{ op: 'eq', field: 'id', value: 1 }],
				maxRecords: 10,
			}),
			/maxRecords: spelled "maxRecords", the contract spells it "MaxRecords"/,
		);
		bad(
			validateRequest('autotask', 'POST', query, {
				Filter: [{ op: 'eq', field: 'id', value: 1 }],
				includeFields: ['id'],
			}),
			/spells it "IncludeFields"/,
		);
		bad(
			validateRequest('autotask', 'POST', query, { filter: [{ op: 'eq', field: 'id', value: 1 }] }),
			/body.filter: spelled "filter", the contract spells it "Filter"/,
		);
		bad(
			validateRequest('autotask', 'POST', query, { Filter: [{ Op: 'eq', field: 'id', value: 1 }] }),
			/body.Filter\[0\].Op: .*"op"/,
		);
		bad(
			validateRequest('autotask', 'POST', query, {
				Filter: [{ op: 'or', items: [{ op: 'eq', Field: 'id', value: 1 }] }],
			}),
			/body.Filter\[0\].items\[0\].Field: .*"field"/,
		);
		bad(
			validateRequest(
				'autotask',
				'GET',
				`${query}?search=${encodeURIComponent(JSON.stringify({ filter: [{ op: 'eq', field: 'id', value: 1 }] }))}`,
			),
			/query.search.filter: .*"Filter"/,
		);
	});
});

describe('simulators against the contract subsets', () => {
	let at: AutotaskSimulator;
	let il: IlertSimulator;
	const hit: Record<Service, Set<string>> = { autotask: new Set(), ilert: new Set() };

	async function exchange(
		service: Service,
		method: string,
		url: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<Exchange> {
		const req = validateRequest(service, method, url, body);
		expect(req.errors).toEqual([]);
		const res = await fetch(url, {
			method,
			headers: { 'Content-Type': 'application/json', ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		const parsed = text ? JSON.parse(text) : undefined;
		const check = validateResponse(service, method, url, res.status, parsed);
		expect(check.errors).toEqual([]);
		if (check.operation) hit[service].add(check.operation);
		return { status: res.status, body: parsed };
	}

	const atx = (method: string, path: string, body?: unknown) =>
		exchange('autotask', method, `${at.apiUrl}${path}`, body, AT_AUTH);
	const ilx = (
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = IL_AUTH,
	) => exchange('ilert', method, `${il.apiUrl}${path}`, body, headers);

	beforeAll(async () => {
		at = await startAutotaskSimulator();
		il = await startIlertSimulator();
	});
	afterAll(async () => {
		await at.close();
		await il.close();
	});

	it('Autotask: every operation the package uses answers within the contract', async () => {
		const zone = await exchange(
			'autotask',
			'GET',
			`${at.url}/atservicesrest/v1.0/zoneInformation?user=api-user%40example.com`,
		);
		expect(zone.status).toBe(200);
		expect((await atx('GET', '/ThresholdInformation')).status).toBe(200);
		expect((await atx('GET', '/Tickets/entityInformation')).status).toBe(200);
		for (const entity of [
			'Tickets',
			'TicketNotes',
			'TicketWebhookFields',
			'InternalLocationWithBusinessHours',
		]) {
			const f = await atx('GET', `/${entity}/entityInformation/fields`);
			expect(f.body.fields.length).toBeGreaterThan(0);
		}
		const t = await atx('GET', '/Tickets/10001');
		expect(t.body.item.id).toBe(10001);
		expect((await atx('GET', '/Tickets/999999')).status).toBe(404);
		const q = await atx('POST', '/Tickets/query', {
			Filter: [
				{
					op: 'or',
					items: [
						{ op: 'eq', field: 'status', value: 1 },
						{ op: 'in', field: 'priority', value: [2, 3] },
					],
				},
			],
			IncludeFields: ['id', 'status', 'lastActivityDate'],
			MaxRecords: 2,
		});
		expect(q.body.items).toHaveLength(2);
		const next = await exchange(
			'autotask',
			'POST',
			q.body.pageDetails.nextPageUrl,
			{ Filter: [{ op: 'gt', field: 'id', value: 0 }] },
			AT_AUTH,
		);
		expect(next.status).toBe(200);
		const search = encodeURIComponent(
			JSON.stringify({ Filter: [{ op: 'eq', field: 'id', value: 10002 }] }),
		);
		expect((await atx('GET', `/Tickets/query?search=${search}`)).body.items).toHaveLength(1);
		expect(
			(await atx('POST', '/Tickets/query/count', { Filter: [{ op: 'gt', field: 'id', value: 0 }] }))
				.body.queryCount,
		).toBe(3);
		expect((await atx('PATCH', '/Tickets', { id: 10001, status: 8 })).body.itemId).toBe(10001);
		expect((await atx('PATCH', '/Tickets', { id: 10001, status: 4242 })).status).toBe(500);
		const created = await atx('POST', '/Tickets', {
			companyID: 174,
			title: 'Contract test',
			status: 1,
			priority: 2,
			queueID: 8,
		});
		expect(created.body.itemId).toEqual(expect.any(Number));
		const note = await atx('POST', '/Tickets/10001/Notes', {
			ticketID: 10001,
			title: 'ilert',
			description: 'Accepted in ilert',
			noteType: 1,
			publish: 1,
		});
		expect((await atx('GET', '/Tickets/10001/Notes')).body.items).toHaveLength(1);
		expect((await atx('GET', `/TicketNotes/${note.body.itemId}`)).body.item.ticketID).toBe(10001);
		expect(
			(
				await atx('POST', '/TicketNotes/query', {
					Filter: [{ op: 'eq', field: 'ticketID', value: 10001 }],
				})
			).body.items,
		).toHaveLength(1);
		expect(
			(
				await atx('POST', '/Resources/query', {
					Filter: [{ op: 'eq', field: 'email', value: 'jane.tech@example.com' }],
				})
			).body.items,
		).toHaveLength(1);
		expect((await atx('GET', '/Resources/29682885')).body.item.email).toBe('api-user@example.com');
		expect((await atx('GET', '/Companies/174')).status).toBe(200);
		expect((await atx('GET', '/Contacts/30682887')).status).toBe(200);
		const hook = await atx('POST', '/TicketWebhooks', {
			name: 'ilert-n8n-contract',
			webhookUrl: 'http://127.0.0.1:9/hook',
			deactivationUrl: 'http://127.0.0.1:9/deactivated',
			isActive: true,
			isSubscribedToCreateEvents: true,
			isSubscribedToUpdateEvents: true,
			isSubscribedToDeleteEvents: false,
			secretKey: 'dummy-secret-key-0123456789',
			notificationEmailAddress: 'ops@example.com',
			sendThresholdExceededNotification: true,
		});
		const id = hook.body.itemId as number;
		expect((await atx('GET', `/TicketWebhooks/${id}`)).body.item.webhookGUID).toEqual(
			expect.any(String),
		);
		expect((await atx('PATCH', '/TicketWebhooks', { id, isActive: false })).body.itemId).toBe(id);
		expect(
			(
				await atx('POST', '/TicketWebhooks/query', {
					Filter: [{ op: 'beginsWith', field: 'name', value: 'ilert-n8n-' }],
				})
			).body.items,
		).toHaveLength(1);
		const field = await atx('POST', `/TicketWebhooks/${id}/Fields`, {
			webhookID: id,
			fieldID: 19,
			isSubscribedField: true,
			isDisplayAlwaysField: true,
		});
		expect((await atx('GET', `/TicketWebhooks/${id}/Fields`)).body.items).toHaveLength(1);
		const ex = await atx('POST', `/TicketWebhooks/${id}/ExcludedResources`, {
			webhookID: id,
			resourceID: 29682885,
		});
		expect((await atx('GET', `/TicketWebhooks/${id}/ExcludedResources`)).body.items).toHaveLength(
			1,
		);
		expect(
			(await atx('DELETE', `/TicketWebhooks/${id}/ExcludedResources/${ex.body.itemId}`)).status,
		).toBe(200);
		expect((await atx('DELETE', `/TicketWebhooks/${id}/Fields/${field.body.itemId}`)).status).toBe(
			200,
		);
		expect((await atx('DELETE', `/TicketWebhooks/${id}`)).status).toBe(200);
		const loc = await atx('POST', '/InternalLocationWithBusinessHours/query', {
			Filter: [{ op: 'eq', field: 'isDefault', value: true }],
		});
		expect(
			(await atx('GET', `/InternalLocationWithBusinessHours/${loc.body.items[0].id}`)).body.item
				.name,
		).toBe('Headquarters');
		expect(
			(await atx('POST', '/HolidaySets/query', { Filter: [{ op: 'exist', field: 'id' }] })).body
				.items.length,
		).toBeGreaterThan(0);
		expect((await atx('GET', '/HolidaySets/1')).status).toBe(200);
		expect((await atx('GET', '/HolidaySets/1/Holidays')).body.items.length).toBeGreaterThan(0);
		expect(
			(
				await atx('POST', '/Holidays/query', {
					Filter: [{ op: 'eq', field: 'holidaySetID', value: 1 }],
				})
			).body.items.length,
		).toBeGreaterThan(0);
		// The swagger example's spelling (Filter/IncludeFields/MaxRecords), a date-time filter on
		// lastActivityDate and an id range; the request log records which spelling was used.
		const fresh = at.createTicket({ companyID: 174, title: 'Created now', status: 1, priority: 2 });
		const since = new Date(
			Date.parse(at.getTicket(fresh.id!)!.lastActivityDate as string) - 1000,
		).toISOString();
		const sweep = await atx('POST', '/Tickets/query', {
			Filter: [
				{
					op: 'and',
					items: [
						{ op: 'gt', field: 'lastActivityDate', value: since },
						{ op: 'gte', field: 'id', value: 10001 },
					],
				},
			],
			IncludeFields: ['id', 'status', 'lastActivityDate'],
			MaxRecords: 500,
		});
		expect(sweep.body.items.map((x: any) => x.id)).toContain(fresh.id);
		expect(at.requests[at.requests.length - 1].queryModel).toEqual({
			filter: 'Filter',
			includeFields: 'IncludeFields',
			maxRecords: 'MaxRecords',
		});
		expect(
			(
				await atx('POST', '/Tickets/query', {
					Filter: [{ op: 'in', field: 'id', value: [10001, fresh.id] }],
					MaxRecords: 501,
				})
			).status,
		).toBe(500);
		// Error answers have Autotask's shape too.
		const badAuth = await exchange('autotask', 'GET', `${at.apiUrl}/Tickets/10001`, undefined, {
			...AT_AUTH,
			Secret: 'wrong-xxxx',
		});
		expect(badAuth.status).toBe(401);

		const used = contractOperations('autotask').filter((op) => !hit.autotask.has(op));
		expect(used).toEqual([]);
		// The simulator's own request log (what it received) conforms too.
		expect(at.requests.length).toBeGreaterThan(40);
		expect(validateRequestLog('autotask', at.requests)).toEqual([]);
	});

	it('ilert: every operation the package uses answers within the contract', async () => {
		const ev = (body: Record<string, unknown>) =>
			ilx('POST', '/events', { integrationKey: 'il1apiexamplekeyxxxx0001', ...body }, {});
		expect(
			(
				await ev({
					eventType: 'ALERT',
					alertKey: 'autotask-10001',
					summary: 'T1 Server down',
					details: 'd',
					priority: 'HIGH',
					links: [{ href: 'http://example.com', text: 'Ticket' }],
					customDetails: { ticketId: 10001 },
				})
			).status,
		).toBe(202);
		expect(
			(
				await ev({
					eventType: 'COMMENT',
					alertKey: 'autotask-10001',
					summary: 'note',
					comments: [{ creator: 'Autotask', content: 'hello' }],
				})
			).status,
		).toBe(202);
		expect(
			(await ev({ eventType: 'ALERT', alertKey: 'autotask-10002', summary: 'second' })).status,
		).toBe(202);
		expect((await ev({ eventType: 'ALERT', summary: '' })).status).toBe(400);
		const me = await ilx('GET', '/users/current');
		expect(me.body.id).toBe(7);
		expect((await ilx('GET', '/users?start-index=0&max-results=50')).body.length).toBeGreaterThan(
			1,
		);
		expect((await ilx('GET', '/users/8')).body.email).toBe('bob.ops@example.com');
		expect((await ilx('GET', '/escalation-policies')).body.length).toBeGreaterThan(0);
		const sources = await ilx('GET', '/alert-sources?start-index=0&max-results=50');
		expect(sources.body.map((s: any) => s.id)).toEqual([1001, 1002]);
		expect((await ilx('GET', '/alert-sources/il1apiexamplekeyxxxx0001')).body.id).toBe(1001);
		const open = await ilx(
			'GET',
			'/alerts?states=PENDING&states=ACCEPTED&sources=1001&start-index=0&max-results=100',
		);
		expect(open.body).toHaveLength(2);
		const id = open.body.find((a: any) => a.alertKey === 'autotask-10001').id;
		expect((await ilx('GET', '/alerts/count?states=PENDING')).body.count).toBe(2);
		expect((await ilx('GET', `/alerts/${id}?include=customDetails`)).body.customDetails).toEqual({
			ticketId: 10001,
		});
		expect((await ilx('PUT', `/alerts/${id}/accept`)).body.status).toBe('ACCEPTED');
		expect((await ilx('PUT', `/alerts/${id}/assign?user=8`)).body.assignedTo).toEqual({ id: 8 });
		expect((await ilx('PUT', `/alerts/${id}/resolve`)).body.status).toBe('RESOLVED');
		expect(
			(await ilx('GET', `/alerts/${id}/log-entries?start-index=0&max-results=100`)).body.length,
		).toBeGreaterThan(2);
		const action = await ilx('POST', '/alert-actions', {
			name: 'n8n Autotask sync',
			connectorType: 'webhook',
			alertSources: [{ id: 1001 }],
			triggerMode: 'AUTOMATIC',
			triggerTypes: ['alert-created', 'alert-acknowledged', 'alert-resolved'],
			params: {
				webhookUrl: 'http://127.0.0.1:9/ilert',
				headers: [{ key: 'X-N8N-Secret', value: 'dummy-value' }],
			},
		});
		const actionId = action.body.id;
		expect((await ilx('GET', '/alert-actions?source=1001')).body).toHaveLength(1);
		expect((await ilx('GET', `/alert-actions/${actionId}`)).body.name).toBe('n8n Autotask sync');
		expect(
			(
				await ilx('PUT', `/alert-actions/${actionId}`, {
					name: 'renamed',
					connectorType: 'webhook',
					alertSources: [{ id: 1001 }],
					triggerTypes: ['alert-resolved'],
					params: { webhookUrl: 'http://127.0.0.1:9/x' },
				})
			).body.name,
		).toBe('renamed');
		expect((await ilx('DELETE', `/alert-actions/${actionId}`)).status).toBe(204);
		expect(
			(await ilx('GET', '/users/current', undefined, { Authorization: 'Bearer wrong-xxxx' }))
				.status,
		).toBe(403);
		// No open alert for the key: ilert's error shape.
		const noOpen = await ev({ eventType: 'RESOLVE', alertKey: 'autotask-10001', summary: 'again' });
		expect(noOpen.status).toBe(400);
		expect(noOpen.body.code).toBe('NO_OPEN_ALERT_WITH_KEY');
		const open2 = (
			await ilx('GET', '/alerts?states=PENDING&sources=1001&start-index=0&max-results=100')
		).body;
		il.autoResolveAlert(open2[0].id);
		const from = encodeURIComponent(new Date(Date.now() - 3600000).toISOString());
		const until = encodeURIComponent(new Date(Date.now() + 3600000).toISOString());
		expect(
			(
				await ilx(
					'GET',
					`/alerts?states=RESOLVED&sources=1001&from=${from}&until=${until}&start-index=0&max-results=100`,
				)
			).body,
		).toHaveLength(2);
		expect(
			(
				await ilx(
					'GET',
					`/alerts/count?states=PENDING&states=ACCEPTED&sources=1001&responders=7&from=${from}&until=${until}`,
				)
			).body,
		).toEqual({ count: 0 });

		const missing = contractOperations('ilert').filter((op) => !hit.ilert.has(op));
		expect(missing).toEqual([]);
		expect(validateRequestLog('ilert', il.requests)).toEqual([]);
	});
});
