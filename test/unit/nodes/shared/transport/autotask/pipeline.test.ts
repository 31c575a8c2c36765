jest.mock('n8n-workflow', () =>
	jest.requireActual('../../../../support/recordedSleep').n8nWorkflowWithRecordedSleep(),
);

import { NodeApiError } from 'n8n-workflow';
import {
	autotaskQuery,
	autotaskRequest,
	endpointKey,
	getTicket,
	getZone,
} from '../../../../../../nodes/shared/transport/autotask';
import {
	AUTOTASK_SECRET as SECRET,
	AUTOTASK_CODE as CODE,
	AUTOTASK_USER as USER,
	sleepCalls,
	type Route,
	useScriptedAutotask,
} from '../../../../support/scriptedAutotask';
import { expectNoSecretIn } from '../../../../support/transportErrors';

const { routes, server, ctxWith, apiRequests } = useScriptedAutotask();
const expectNoSecret = (error: unknown) => expectNoSecretIn(error, [SECRET, CODE]);

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
		await autotaskRequest(ctxWith({ impersonationResourceId: '29682885' }), {
			method: 'PATCH',
			path: '/Tickets',
			body: { id: 5, status: 8 },
		});
		expect(apiRequests('/Tickets')[0].headers.impersonationresourceid).toBe('29682885');
	});

	it('returns undefined for a missing ticket (404) and throws Autotask’s own message otherwise', async () => {
		routes['GET /Tickets/9'] = () => ({ status: 404, body: { errors: ['Ticket 9 not found'] } });
		await expect(getTicket(ctxWith(), 9)).resolves.toBeUndefined();
		routes['PATCH /Tickets'] = () => ({
			status: 500,
			body: { errors: ['Status is not valid for this ticket category.'] },
		});
		const error = await autotaskRequest(ctxWith(), {
			method: 'PATCH',
			path: '/Tickets',
			body: { id: 9, status: 99 },
			itemIndex: 2,
		}).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Autotask: Status is not valid for this ticket category.');
		expect(error.httpCode).toBe('500');
		expect(error.context.itemIndex).toBe(2);
		expect(apiRequests('/Tickets')).toHaveLength(1); // a validation 500 is not retried
		expectNoSecret(error);
	});

	it('never puts the secret or integration code into errors, even if Autotask echoes them', async () => {
		routes['GET /Tickets/1'] = () => ({
			status: 500,
			body: { errors: [`IntegrationCode is invalid: ${CODE} for secret ${SECRET}`] },
		});
		const error = await getTicket(ctxWith(), 1).catch((e) => e);
		expect(error.message).toContain('IntegrationCode is invalid');
		expectNoSecret(error);
	});

	it('reports network failures plainly without the secret', async () => {
		routes['GET /Tickets/2'] = () => ({ destroy: true });
		const error = await getTicket(ctxWith({ maxRetryWaitSeconds: 0 }), 2).catch((e) => e);
		expect(error.message).toBe(
			'Could not reach Autotask: the connection failed before it answered',
		);
		expect(error.description).toMatch(/econnreset/);
		expectNoSecret(error);
	});
});

describe('Autotask transport: retries', () => {
	it('honours Retry-After on 429 for GET', async () => {
		let n = 0;
		routes['GET /Tickets/3'] = () =>
			++n === 1
				? { status: 429, headers: { 'Retry-After': '7' }, body: { errors: ['Too many requests'] } }
				: { body: { item: { id: 3 } } };
		const ctx = ctxWith();
		await expect(getTicket(ctx, 3)).resolves.toEqual({ id: 3 });
		expect(sleepCalls).toEqual([7000]);
		expect(ctx.mock.logs.map((l) => l.message)).toContain(
			'Autotask GET /Tickets/3: HTTP 429, retrying in 7000 ms',
		);
		expect(ctx.mock.loggedText()).not.toContain(SECRET);
		expect(ctx.mock.loggedText()).not.toContain(CODE);
	});

	it('retries the thread-limit error Itgenatr005 whatever its status', async () => {
		let n = 0;
		routes['POST /Tickets/query'] = () =>
			++n <= 2
				? {
						status: 500,
						body: {
							errors: [
								'Thread Threshold Exceeded — The Autotask API thread threshold of 3 threads has been exceeded. Itgenatr005',
							],
						},
					}
				: { body: { items: [{ id: 1 }], pageDetails: { nextPageUrl: null } } };
		await expect(
			autotaskQuery(ctxWith(), 'Tickets', { filter: [{ op: 'exist', field: 'id' }] }),
		).resolves.toEqual([{ id: 1 }]);
		expect(n).toBe(3);
		expect(sleepCalls).toHaveLength(2);
		for (const d of sleepCalls) expect(d).toBeLessThanOrEqual(30000);
	});

	it('retries 503 and network errors with backoff', async () => {
		let n = 0;
		routes['GET /Tickets/4'] = () =>
			++n === 1
				? { status: 503, body: '' }
				: n === 2
					? { destroy: true }
					: { body: { item: { id: 4 } } };
		await expect(getTicket(ctxWith(), 4)).resolves.toEqual({ id: 4 });
		expect(sleepCalls).toHaveLength(2);
		expect(sleepCalls[0]).toBeGreaterThanOrEqual(500);
		expect(sleepCalls[0]).toBeLessThanOrEqual(1000);
		expect(sleepCalls[1]).toBeGreaterThanOrEqual(1000);
		expect(sleepCalls[1]).toBeLessThanOrEqual(2000);
	});

	it('never retries a non-idempotent POST create', async () => {
		routes['POST /Tickets'] = () => ({
			status: 429,
			headers: { 'Retry-After': '1' },
			body: { errors: ['Too many requests'] },
		});
		const error = await autotaskRequest(ctxWith(), {
			method: 'POST',
			path: '/Tickets',
			body: { title: 'x' },
		}).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('429');
		expect(apiRequests('/Tickets').filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(sleepCalls).toHaveLength(0);
	});

	it('stops when Retry-After exceeds the configured maximum, and says so', async () => {
		routes['GET /Tickets/5'] = () => ({
			status: 429,
			headers: { 'Retry-After': '120' },
			body: { errors: ['Too many requests'] },
		});
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
		const slow =
			(entity: string): Route =>
			async () => {
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
			...Array.from({ length: 5 }, (_, i) =>
				autotaskRequest(ctx, { method: 'GET', path: `/Companies/${i + 1}` }),
			),
		]);
		expect(peak.tickets).toBe(3);
		expect(peak.companies).toBe(3);
		expect(server.maxInFlight).toBeGreaterThan(3);
	});

	it('identical GETs that arrive before the request is sent share it; a GET after it is sent reads again', async () => {
		let reads = 0;
		let release!: () => void;
		const held = new Promise<void>((r) => (release = r));
		routes['GET /Tickets/7'] = async () => {
			reads++;
			if (reads === 1) await held;
			return { body: { item: { id: 7, status: reads } } };
		};
		const ctx = ctxWith();
		await getZone(ctx);
		// Twelve callouts for one ticket at once: one read, each caller its own copy.
		const burst = Array.from({ length: 12 }, async () => await getTicket(ctx, 7));
		while (reads === 0) await new Promise((r) => setTimeout(r, 5));
		// Arrives while the shared read is on the wire: its own, later read.
		const late = getTicket(ctx, 7);
		release();
		const answers = await Promise.all(burst);
		expect(answers.every((a) => a?.status === 1)).toBe(true);
		(answers[0] as { status: number }).status = 99;
		expect(answers[1]?.status).toBe(1);
		await expect(late).resolves.toMatchObject({ status: 2 });
		expect(apiRequests('/Tickets/7')).toHaveLength(2);
	});

	it('shares no GET between credentials, and no write', async () => {
		routes['GET /Tickets/8'] = () => ({ body: { item: { id: 8 } } });
		routes['PATCH /Tickets'] = () => ({ body: { itemId: 8 } });
		const one = ctxWith();
		const other = ctxWith({ impersonationResourceId: '29682885' });
		await Promise.all([getZone(one), getZone(other)]);
		await Promise.all([getTicket(one, 8), getTicket(other, 8), getTicket(one, 8)]);
		expect(apiRequests('/Tickets/8')).toHaveLength(2);
		const patch = { method: 'PATCH' as const, path: '/Tickets', body: { id: 8, status: 5 } };
		await Promise.all([autotaskRequest(one, patch), autotaskRequest(one, patch)]);
		expect(apiRequests('/Tickets').filter((r) => r.method === 'PATCH')).toHaveLength(2);
	});

	it('groups child URLs by child entity', () => {
		expect(endpointKey('/Tickets/123')).toBe('tickets');
		expect(endpointKey('/Tickets/query')).toBe('tickets');
		expect(endpointKey('https://x/atservicesrest/v1.0/Tickets/123/Notes')).toBe('tickets/notes');
	});
});
