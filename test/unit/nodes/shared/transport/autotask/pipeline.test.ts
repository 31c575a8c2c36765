const sleepCalls: number[] = [];
jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual('n8n-workflow');
	return { ...actual, sleep: jest.fn(async (ms: number) => { sleepCalls.push(ms); }) };
});

import { NodeApiError } from 'n8n-workflow';

import {
	autotaskQuery,
	autotaskRequest,
	endpointKey,
	getPicklist,
	getTicket,
	getTicketByNumber,
	getZone,
} from '../../../../../../nodes/shared/transport/autotask';
import { createExecuteContext, startTestServer, type ScriptedResponse, type ServerRequest, type TestServer } from '../../../../../support';
import { resetProcessState } from '../../../../../../nodes/shared/transport/processState';
import { picklistIdOf, picklistLabelOf } from '../../../../../../nodes/shared/domain/picklist';

const SECRET = 'at-secret-example-xxxx';
const CODE = 'AT-CODE-EXAMPLE-XXXX';
const USER = 'api-user@example.com';

type Route = (req: ServerRequest) => ScriptedResponse | Promise<ScriptedResponse>;
let routes: Record<string, Route> = {};
let server: TestServer;

function apiPath(req: ServerRequest): string {
	return req.path.replace(/^\/atservicesrest\/v1\.0/i, '');
}

beforeAll(async () => {
	server = await startTestServer(async (req) => {
		const key = `${req.method} ${apiPath(req)}`;
		if (routes[key]) return await routes[key](req);
		if (/\/zoneInformation$/i.test(req.path)) {
			return { body: { zoneName: 'Test Zone', url: `${server.url}/atservicesrest/`, webUrl: 'https://ww99.example.com/', ci: 1 } };
		}
		if (key === 'GET /Tickets/entityInformation') return { body: { name: 'Ticket', canQuery: true } };
		return { status: 404, body: { errors: [`No route ${key}`] } };
	});
});
afterAll(async () => await server.close());
beforeEach(() => {
	routes = {};
	server.requests.length = 0;
	sleepCalls.length = 0;
	resetProcessState();
});

function ctxWith(overrides: Record<string, unknown> = {}) {
	return createExecuteContext({
		credentials: {
			autotaskIlertAutotaskApi: {
				username: USER,
				secret: SECRET,
				integrationCodeSecret: CODE,
				zone: 'custom',
				customBaseUrl: `${server.url}/atservicesrest`,
				maxRetryWaitSeconds: 60,
				...overrides,
			},
		},
	});
}

function apiRequests(path: string) {
	return server.requests.filter((r) => apiPath(r) === path);
}

function expectNoSecret(error: unknown) {
	const e = error as NodeApiError;
	for (const text of [e.message, e.description ?? '', JSON.stringify(e)]) {
		expect(text).not.toContain(SECRET);
		expect(text).not.toContain(CODE);
	}
}

describe('Autotask transport: requests and auth', () => {
	it('sends the credential headers to the zone base URL and returns parsed JSON', async () => {
		routes['GET /Tickets/123'] = () => ({ body: { item: { id: 123, title: 'Server down' } } });
		const ctx = ctxWith();
		await expect(getTicket(ctx, 123)).resolves.toEqual({ id: 123, title: 'Server down' });
		const [req] = apiRequests('/Tickets/123');
		expect(req.headers.username).toBe(USER);
		expect(req.headers.secret).toBe(SECRET);
		expect(req.headers.apiintegrationcode).toBe(CODE);
		expect(req.headers.impersonationresourceid).toBeUndefined();
	});

	it('adds ImpersonationResourceId only when set', async () => {
		routes['PATCH /Tickets'] = (req) => ({ body: { itemId: (req.body as { id: number }).id } });
		await autotaskRequest(ctxWith({ impersonationResourceId: '29682885' }), { method: 'PATCH', path: '/Tickets', body: { id: 5, status: 8 } });
		expect(apiRequests('/Tickets')[0].headers.impersonationresourceid).toBe('29682885');
	});

	it('returns undefined for a missing ticket (404) and throws Autotask’s own message otherwise', async () => {
		routes['GET /Tickets/9'] = () => ({ status: 404, body: { errors: ['Ticket 9 not found'] } });
		await expect(getTicket(ctxWith(), 9)).resolves.toBeUndefined();
		routes['PATCH /Tickets'] = () => ({ status: 500, body: { errors: ['Status is not valid for this ticket category.'] } });
		const error = await autotaskRequest(ctxWith(), { method: 'PATCH', path: '/Tickets', body: { id: 9, status: 99 }, itemIndex: 2 }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Autotask: Status is not valid for this ticket category.');
		expect(error.httpCode).toBe('500');
		expect(error.context.itemIndex).toBe(2);
		expect(apiRequests('/Tickets')).toHaveLength(1); // a validation 500 is not retried
		expectNoSecret(error);
	});

	it('never puts the secret or integration code into errors, even if Autotask echoes them', async () => {
		routes['GET /Tickets/1'] = () => ({ status: 500, body: { errors: [`IntegrationCode is invalid: ${CODE} for secret ${SECRET}`] } });
		const error = await getTicket(ctxWith(), 1).catch((e) => e);
		expect(error.message).toContain('IntegrationCode is invalid');
		expectNoSecret(error);
	});

	it('reports network failures plainly without the secret', async () => {
		routes['GET /Tickets/2'] = () => ({ destroy: true });
		const error = await getTicket(ctxWith({ maxRetryWaitSeconds: 0 }), 2).catch((e) => e);
		expect(error.message).toBe('Could not reach Autotask: the connection failed before it answered');
		expect(error.description).toMatch(/econnreset/);
		expectNoSecret(error);
	});
});

describe('Autotask transport: retries', () => {
	it('honours Retry-After on 429 for GET', async () => {
		let n = 0;
		routes['GET /Tickets/3'] = () => (++n === 1 ? { status: 429, headers: { 'Retry-After': '7' }, body: { errors: ['Too many requests'] } } : { body: { item: { id: 3 } } });
		const ctx = ctxWith();
		await expect(getTicket(ctx, 3)).resolves.toEqual({ id: 3 });
		expect(sleepCalls).toEqual([7000]);
		expect(ctx.mock.logs.map((l) => l.message)).toContain('Autotask GET /Tickets/3: HTTP 429, retrying in 7000 ms');
		expect(ctx.mock.loggedText()).not.toContain(SECRET);
		expect(ctx.mock.loggedText()).not.toContain(CODE);
	});

	it('retries the thread-limit error Itgenatr005 whatever its status', async () => {
		let n = 0;
		routes['POST /Tickets/query'] = () =>
			++n <= 2
				? { status: 500, body: { errors: ['Thread Threshold Exceeded — The Autotask API thread threshold of 3 threads has been exceeded. Itgenatr005'] } }
				: { body: { items: [{ id: 1 }], pageDetails: { nextPageUrl: null } } };
		await expect(autotaskQuery(ctxWith(), 'Tickets', { filter: [{ op: 'exist', field: 'id' }] })).resolves.toEqual([{ id: 1 }]);
		expect(n).toBe(3);
		expect(sleepCalls).toHaveLength(2);
		for (const d of sleepCalls) expect(d).toBeLessThanOrEqual(30000);
	});

	it('retries 503 and network errors with backoff', async () => {
		let n = 0;
		routes['GET /Tickets/4'] = () => (++n === 1 ? { status: 503, body: '' } : n === 2 ? { destroy: true } : { body: { item: { id: 4 } } });
		await expect(getTicket(ctxWith(), 4)).resolves.toEqual({ id: 4 });
		expect(sleepCalls).toHaveLength(2);
		expect(sleepCalls[0]).toBeGreaterThanOrEqual(500);
		expect(sleepCalls[0]).toBeLessThanOrEqual(1000);
		expect(sleepCalls[1]).toBeGreaterThanOrEqual(1000);
		expect(sleepCalls[1]).toBeLessThanOrEqual(2000);
	});

	it('never retries a non-idempotent POST create', async () => {
		routes['POST /Tickets'] = () => ({ status: 429, headers: { 'Retry-After': '1' }, body: { errors: ['Too many requests'] } });
		const error = await autotaskRequest(ctxWith(), { method: 'POST', path: '/Tickets', body: { title: 'x' } }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('429');
		expect(apiRequests('/Tickets').filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(sleepCalls).toHaveLength(0);
	});

	it('stops when Retry-After exceeds the configured maximum, and says so', async () => {
		routes['GET /Tickets/5'] = () => ({ status: 429, headers: { 'Retry-After': '120' }, body: { errors: ['Too many requests'] } });
		const error = await getTicket(ctxWith({ maxRetryWaitSeconds: 30 }), 5).catch((e) => e);
		expect(error.description).toMatch(/asked to wait 120 s, more than the 30 s left/);
		expect(sleepCalls).toHaveLength(0);
	});

	it('keeps total waiting within the configured maximum', async () => {
		routes['GET /Tickets/6'] = () => ({ status: 503, body: '' });
		const error = await getTicket(ctxWith({ maxRetryWaitSeconds: 5 }), 6).catch((e) => e);
		expect(error.httpCode).toBe('503');
		expect(sleepCalls.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
	});
});

describe('Autotask transport: concurrency', () => {
	it('runs at most 3 requests per endpoint at once, endpoints independently', async () => {
		const active: Record<string, number> = {};
		const peak: Record<string, number> = {};
		const slow = (entity: string): Route => async () => {
			active[entity] = (active[entity] ?? 0) + 1;
			peak[entity] = Math.max(peak[entity] ?? 0, active[entity]);
			await new Promise((r) => setTimeout(r, 40));
			active[entity]--;
			return { body: { item: { id: 1 } } };
		};
		for (let i = 1; i <= 8; i++) routes[`GET /Tickets/${i}`] = slow('tickets');
		for (let i = 1; i <= 5; i++) routes[`GET /Companies/${i}`] = slow('companies');
		const ctx = ctxWith();
		await getZone(ctx);
		await Promise.all([
			...Array.from({ length: 8 }, (_, i) => getTicket(ctx, i + 1)),
			...Array.from({ length: 5 }, (_, i) => autotaskRequest(ctx, { method: 'GET', path: `/Companies/${i + 1}` })),
		]);
		expect(peak.tickets).toBe(3);
		expect(peak.companies).toBe(3);
		expect(server.maxInFlight).toBeGreaterThan(3);
	});

	it('groups child URLs by child entity', () => {
		expect(endpointKey('/Tickets/123')).toBe('tickets');
		expect(endpointKey('/Tickets/query')).toBe('tickets');
		expect(endpointKey('https://x/atservicesrest/v1.0/Tickets/123/Notes')).toBe('tickets/notes');
	});
});

describe('Autotask transport: paging', () => {
	it('follows nextPageUrl by re-POSTing the body, falls back to GET on 405, and honours limit', async () => {
		const pages: Record<string, number[]> = { '1': [1, 2], '2': [3, 4], '3': [5, 6] };
		const page = (p: string) => ({
			items: pages[p].map((id) => ({ id })),
			pageDetails: { count: 2, nextPageUrl: p === '3' ? null : `${server.url}/atservicesrest/v1.0/Tickets/query/next?page=${Number(p) + 1}` },
		});
		const bodies: unknown[] = [];
		routes['POST /Tickets/query'] = (req) => {
			bodies.push(req.body);
			return { body: page('1') };
		};
		routes['POST /Tickets/query/next'] = (req) => (req.query.get('page') === '3' ? { status: 405, body: { errors: ['The requested resource does not support http method POST.'] } } : { body: page(req.query.get('page')!) });
		routes['GET /Tickets/query/next'] = (req) => ({ body: page(req.query.get('page')!) });
		const all = await autotaskQuery(ctxWith(), 'Tickets', { filter: [{ op: 'gt', field: 'id', value: 0 }] }, { returnAll: true });
		expect(all.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(bodies[0]).toEqual({ Filter: [{ op: 'gt', field: 'id', value: 0 }], MaxRecords: 500 });
		expect(server.requests.filter((r) => apiPath(r).startsWith('/Tickets/query')).map((r) => `${r.method} ${r.query.get('page') ?? 1}`)).toEqual([
			'POST 1',
			'POST 2',
			'POST 3',
			'GET 3',
		]);
		server.requests.length = 0;
		const three = await autotaskQuery(ctxWith(), 'Tickets', { filter: [{ op: 'gt', field: 'id', value: 0 }] }, { limit: 3 });
		expect(three.map((t) => t.id)).toEqual([1, 2, 3]);
		expect(bodies[1]).toEqual({ Filter: [{ op: 'gt', field: 'id', value: 0 }], MaxRecords: 3 });
	});

	it('refuses to send the credential to a next-page link on another host', async () => {
		routes['POST /Tickets/query'] = () => ({ body: { items: [{ id: 1 }], pageDetails: { nextPageUrl: 'https://evil.example.com/atservicesrest/v1.0/Tickets/query/next' } } });
		await expect(autotaskQuery(ctxWith(), 'Tickets', { filter: [] }, { returnAll: true })).rejects.toThrow(/another host/);
	});

	it('finds a ticket by number with a one-record query', async () => {
		routes['POST /Tickets/query'] = (req) => {
			expect(req.body).toEqual({ Filter: [{ op: 'eq', field: 'ticketNumber', value: 'T20261128.0042' }], MaxRecords: 1 });
			return { body: { items: [{ id: 42, ticketNumber: 'T20261128.0042' }], pageDetails: { nextPageUrl: null } } };
		};
		await expect(getTicketByNumber(ctxWith(), ' T20261128.0042 ')).resolves.toEqual({ id: 42, ticketNumber: 'T20261128.0042' });
	});
});

describe('Autotask transport: zones and picklists', () => {
	it('auto-detects the zone once per username and caches it', async () => {
		const ctx = ctxWith({ zone: 'auto', zoneLookupUrl: `${server.url}/atservicesrest` });
		const zone = await getZone(ctx);
		expect(zone).toEqual({ apiBaseUrl: `${server.url}/atservicesrest/v1.0`, webUrl: 'https://ww99.example.com/', zoneName: 'Test Zone' });
		const lookups = () => server.requests.filter((r) => /zoneInformation/i.test(r.path));
		expect(lookups()[0].query.get('user')).toBe(USER);
		const before = lookups().length;
		await getZone(ctx);
		await getZone(ctxWith({ zone: 'auto', zoneLookupUrl: `${server.url}/atservicesrest` }));
		expect(lookups().length).toBe(before);
	});

	it('ignores a stored zone resolved for other settings (stale fingerprint)', async () => {
		const ctx = ctxWith({
			zone: 'auto',
			zoneLookupUrl: `${server.url}/atservicesrest`,
			zoneApiUrl: 'https://webservices5.autotask.net/atservicesrest/v1.0',
			zoneFingerprint: 'v1|auto|someone-else@example.com|https://webservices.autotask.net/atservicesrest',
		});
		routes['GET /Tickets/7'] = () => ({ body: { item: { id: 7 } } });
		await expect(getTicket(ctx, 7)).resolves.toEqual({ id: 7 });
		expect(apiRequests('/Tickets/7')).toHaveLength(1);
	});

	it('re-detects an auto zone once when the stored zone answers 401 (tenant moved)', async () => {
		routes['GET /old/atservicesrest/v1.0/Tickets/8'] = () => ({ status: 401, body: { errors: ['Unauthorized'] } });
		routes['GET /Tickets/8'] = () => ({ body: { item: { id: 8 } } });
		const lookupUrl = `${server.url}/atservicesrest`;
		const ctx = ctxWith({
			zone: 'auto',
			zoneLookupUrl: lookupUrl,
			zoneApiUrl: `${server.url}/old/atservicesrest/v1.0`,
			zoneWebUrl: '',
			zoneName: 'Old',
			zoneFingerprint: `v1|auto|${USER}|${lookupUrl}`,
		});
		await expect(getTicket(ctx, 8)).resolves.toEqual({ id: 8 });
		expect(server.requests.map((r) => r.path)).toEqual([
			'/old/atservicesrest/v1.0/Tickets/8',
			'/atservicesrest/v1.0/zoneInformation',
			'/atservicesrest/v1.0/Tickets/8',
		]);
		await expect(getZone(ctx)).resolves.toMatchObject({ zoneName: 'Test Zone' });
	});

	it('explains a username Autotask does not know', async () => {
		routes['GET /zoneInformation'] = () => ({ status: 500, body: { errors: ['Zone information could not be determined'] } });
		const error = await getZone(ctxWith({ zone: 'auto', username: 'nobody@example.com', zoneLookupUrl: `${server.url}/atservicesrest` })).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Autotask could not find a zone for API user "nobody@example.com": Zone information could not be determined/);
	});

	it('uses a fixed zone without any lookup', async () => {
		const zone = await getZone(ctxWith({ zone: 'webservices5' }));
		expect(zone).toEqual({ apiBaseUrl: 'https://webservices5.autotask.net/atservicesrest/v1.0', webUrl: 'https://ww5.autotask.net/', zoneName: 'America West (webservices5)' });
		expect(server.requests).toHaveLength(0);
	});

	it('caches picklists per credential: the second lookup costs no request', async () => {
		routes['GET /Tickets/entityInformation/fields'] = () => ({
			body: {
				fields: [
					{ name: 'status', isPickList: true, picklistValues: [
						{ value: '1', label: 'New', isActive: true, isDefaultValue: true, sortOrder: 1 },
						{ value: '5', label: 'Complete', isActive: true, isDefaultValue: false, sortOrder: 2 },
						{ value: '17', label: ' On Hold ', isActive: false, isDefaultValue: false, sortOrder: 3 },
					] },
					{ name: 'title', isPickList: false, picklistValues: null },
				],
			},
		});
		const ctx = ctxWith();
		const values = await getPicklist(ctx, 'Tickets', 'Status');
		expect(values[1]).toEqual({ value: 5, label: 'Complete', isActive: true, isDefaultValue: false, sortOrder: 2 });
		const status = await getPicklist(ctx, 'Tickets', 'status');
		expect(picklistLabelOf(status, 5)).toBe('Complete');
		expect(picklistLabelOf(status, '999')).toBeNull();
		expect(picklistIdOf(status, 'on hold')).toBe(17);
		expect(picklistIdOf(status, 'Nope')).toBeNull();
		await expect(getPicklist(ctx, 'Tickets', 'title')).resolves.toEqual([]);
		await expect(getPicklist(ctx, 'Tickets', 'nofield')).rejects.toThrow('Autotask entity Tickets has no field "nofield"');
		expect(apiRequests('/Tickets/entityInformation/fields')).toHaveLength(1);
		// another API user gets its own cache entry
		await getPicklist(ctxWith({ username: 'other@example.com' }), 'Tickets', 'status');
		expect(apiRequests('/Tickets/entityInformation/fields')).toHaveLength(2);
	});
});
