/**
 * Extension Callout mode against the Autotask simulator: the three body formats and GET,
 * the URL secret and Basic auth, created/updated from the ticket or the URL, repeated callouts,
 * enrichment failure.
 */
import {
	basicAuth,
	CALLOUT_PARAMS,
	CALLOUT_PASSWORD,
	CALLOUT_SECRET,
	calloutCredential,
	LEGACY_CALLOUT_PARAMS,
	startHarness,
	type TriggerHarness,
} from '../../support/autotaskTriggerHarness';
import { CREDENTIAL_REUSE_MS } from '../../../../nodes/shared/transport/http';
import { resetProcessState } from '../../../../nodes/shared/transport/processState';

let h: TriggerHarness;

beforeAll(async () => {
	h = await startHarness();
}, 60000);

afterAll(async () => {
	await h.stop();
	await h.sim.close();
});

beforeEach(() => {
	h.sim.reset();
	h.reset(CALLOUT_PARAMS);
});

const FORM = 'application/x-www-form-urlencoded';

/** A callout as the README's Autotask steps configure it: the URL secret, no Basic auth. */
async function callout(
	contentType: string | undefined,
	body: string,
	extra: { headers?: Record<string, string>; query?: Record<string, string> } = {},
) {
	return await h.deliver({
		method: 'POST',
		headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(extra.headers ?? {}) },
		query: { secret: CALLOUT_SECRET, ...(extra.query ?? {}) },
		body,
		rawBody: Buffer.from(body, 'utf8'),
	});
}

describe('webhook lifecycle in callout mode', () => {
	it('registers nothing in Autotask', async () => {
		const ctx = h.hook();
		await expect(h.trigger.webhookMethods.default.checkExists.call(ctx)).resolves.toBe(true);
		await expect(h.trigger.webhookMethods.default.create.call(ctx)).resolves.toBe(true);
		await expect(h.trigger.webhookMethods.default.delete.call(ctx)).resolves.toBe(true);
		expect(ctx.mock.requests).toHaveLength(0);
		expect(ctx.mock.logs.some((l) => /callout mode/.test(l.message))).toBe(true);
	});
});

describe('callout body formats', () => {
	it('reads a Name Value Pair (form) callout and the ticket through the API', async () => {
		const out = await callout(FORM, 'TicketID=10001&Title=whatever');
		expect(out.status).toBe(200);
		expect(out.json).toMatchObject({
			source: 'callout',
			enriched: true,
			ticket: {
				id: 10001,
				title: 'Server SRV-01 is down',
				status: { id: 1 },
				priority: { id: 4 },
				company: { name: 'Acme Corp' },
			},
			callout: { format: 'form', foundBy: 'key:TicketID', fieldsSeen: ['TicketID', 'Title'] },
			raw: { TicketID: '10001', Title: 'whatever' },
		});
		expect((out.json!.ticket as { status: { label: string } }).status.label).toEqual(
			expect.any(String),
		);
	});

	it('reads an XML callout with a ticket number', async () => {
		const number = h.sim.getTicket(10002)!.ticketNumber as string;
		const xml = `<?xml version="1.0"?><Ticket><TicketNumber>${number}</TicketNumber><Title>x &amp; y</Title></Ticket>`;
		const out = await callout('text/xml', xml);
		expect(out.json).toMatchObject({
			enriched: true,
			ticket: { id: 10002, number },
			callout: { format: 'xml' },
			raw: xml,
		});
	});

	it('reads a JSON callout', async () => {
		const out = await callout('application/json', JSON.stringify({ ticket: { id: 10003 } }));
		expect(out.json).toMatchObject({
			enriched: true,
			ticket: { id: 10003 },
			callout: { format: 'json' },
		});
	});

	it('reads a GET callout from the query string, without the secret in the output', async () => {
		const out = await h.deliver({
			method: 'GET',
			headers: { authorization: basicAuth() },
			query: { secret: CALLOUT_SECRET, ticketId: '10001' },
		});
		expect(out.json).toMatchObject({
			ticket: { id: 10001 },
			callout: { format: 'query' },
			raw: { ticketId: '10001' },
		});
		expect(JSON.stringify(out.json)).not.toContain(CALLOUT_SECRET);
	});
});

describe('callout authentication (node version 2: the Autotask Extension Callout credential)', () => {
	const send = async (query: Record<string, string>, headers: Record<string, string> = {}) =>
		await h.deliver({
			method: 'POST',
			headers: { 'content-type': FORM, ...headers },
			query,
			rawBody: Buffer.from('TicketID=10001'),
		});

	it('accepts the URL secret alone, and the URL secret with the right Basic credentials', async () => {
		const alone = await send({ secret: CALLOUT_SECRET });
		expect(alone.status).toBe(200);
		expect(alone.json).toMatchObject({ ticket: { id: 10001 } });
		const both = await send({ secret: CALLOUT_SECRET }, { authorization: basicAuth() });
		expect(both.json).toMatchObject({ ticket: { id: 10001 } });
	});

	it.each([
		['no secret and no Basic', {}, {}],
		['Basic alone, right', {}, { authorization: basicAuth() }],
		['a wrong secret', { secret: 'wrong-example-secret-000000' }, {}],
		[
			'a wrong secret with the right Basic',
			{ secret: 'wrong-example-secret-000000' },
			{ authorization: basicAuth() },
		],
		[
			'the right secret with a wrong password',
			{ secret: CALLOUT_SECRET },
			{ authorization: basicAuth(undefined, 'wrong-example') },
		],
		[
			'the right secret with a wrong user',
			{ secret: CALLOUT_SECRET },
			{ authorization: basicAuth('someone', CALLOUT_PASSWORD) },
		],
	])('answers 401 and starts nothing for %s', async (_n, query, headers) => {
		const out = await send(query, headers);
		expect(out.status).toBe(401);
		expect(out.result.workflowData).toBeUndefined();
		expect(out.ctx.mock.requests).toHaveLength(0);
	});

	it('challenges for Basic only where Basic is what failed', async () => {
		expect((await send({}, {})).ctx.mock.response.headers['www-authenticate']).toBeUndefined();
		const wrongBasic = await send(
			{ secret: CALLOUT_SECRET },
			{ authorization: basicAuth(undefined, 'wrong-example') },
		);
		expect(wrongBasic.ctx.mock.response.headers['www-authenticate']).toMatch(/^Basic/);
	});

	it('requires Basic when the credential says so', async () => {
		h.credentials().autotaskIlertCalloutApi = calloutCredential({ requireBasicAuth: true });
		expect((await send({ secret: CALLOUT_SECRET })).status).toBe(401);
		expect((await send({ secret: CALLOUT_SECRET }, { authorization: basicAuth() })).status).toBe(
			200,
		);
	});

	it('works without Username and Password in the credential, ignoring a Basic header then', async () => {
		h.credentials().autotaskIlertCalloutApi = calloutCredential({ username: '', password: '' });
		expect((await send({ secret: CALLOUT_SECRET })).status).toBe(200);
		expect((await send({ secret: CALLOUT_SECRET }, { authorization: 'Basic Og==' })).status).toBe(
			200,
		);
	});

	it('refuses everything while the URL secret is too short to protect anything', async () => {
		h.credentials().autotaskIlertCalloutApi = calloutCredential({ urlSecret: 'short' });
		const out = await send({ secret: 'short' });
		expect(out.status).toBe(401);
		expect(JSON.stringify(out.body)).toMatch(/at least 16 characters/);
	});

	it('keeps the secrets out of the output and the answer', async () => {
		const out = await send({ secret: CALLOUT_SECRET }, { authorization: basicAuth() });
		expect(JSON.stringify(out.json)).not.toContain(CALLOUT_SECRET);
		expect(JSON.stringify(out.json)).not.toContain(CALLOUT_PASSWORD);
		const refused = await send({ secret: `${CALLOUT_SECRET}x` });
		expect(JSON.stringify(refused.body)).not.toContain(CALLOUT_SECRET);
	});
});

describe('callout authentication (node versions 1 and 1.1: node parameters)', () => {
	beforeEach(() => h.reset(LEGACY_CALLOUT_PARAMS, 1.1));

	it.each([
		['no credentials', {}],
		['a wrong password', { authorization: basicAuth(undefined, 'wrong-example') }],
		['a wrong user', { authorization: basicAuth('someone', CALLOUT_PASSWORD) }],
		['another scheme', { authorization: 'Bearer example-token' }],
	])('answers 401 with a Basic challenge for %s', async (_n, headers) => {
		const out = await h.deliver({
			method: 'POST',
			headers: { 'content-type': FORM, ...headers },
			rawBody: Buffer.from('TicketID=10001'),
		});
		expect(out.status).toBe(401);
		expect(out.ctx.mock.response.headers['www-authenticate']).toMatch(/^Basic/);
		expect(out.result.workflowData).toBeUndefined();
		expect(out.ctx.mock.requests).toHaveLength(0);
	});

	it('checks the URL secret, alone or with Basic auth', async () => {
		h.parameters.calloutAuthentication = 'urlSecret';
		const send = async (query: Record<string, string>, headers: Record<string, string> = {}) =>
			await h.deliver({
				method: 'POST',
				headers: { 'content-type': FORM, ...headers },
				query,
				rawBody: Buffer.from('TicketID=10001'),
			});
		expect((await send({})).status).toBe(401);
		expect((await send({ secret: 'wrong-example' })).status).toBe(401);
		expect((await send({ secret: CALLOUT_SECRET })).json).toMatchObject({ ticket: { id: 10001 } });
		h.reset({ ...LEGACY_CALLOUT_PARAMS, calloutAuthentication: 'basicAuthAndSecret' }, 1.1);
		expect((await send({ secret: CALLOUT_SECRET })).status).toBe(401);
		expect((await send({}, { authorization: basicAuth() })).status).toBe(401);
		expect((await send({ secret: CALLOUT_SECRET }, { authorization: basicAuth() })).status).toBe(
			200,
		);
	});

	it('refuses everything when no password is configured', async () => {
		h.reset({ ...LEGACY_CALLOUT_PARAMS, calloutUsername: '', calloutPassword: '' }, 1.1);
		const out = await h.deliver({
			method: 'POST',
			headers: { 'content-type': FORM, authorization: 'Basic Og==' },
			rawBody: Buffer.from('TicketID=1'),
		});
		expect(out.status).toBe(401);
	});
});

describe('created or updated: from the ticket as it is now, or from the callout URL', () => {
	const fresh = () => {
		const now = new Date().toISOString();
		return h.sim.createTicket(
			{
				title: 'New',
				status: 1,
				priority: 2,
				companyID: 174,
				queueID: 8,
				createDate: now,
				lastActivityDate: now,
			},
			{ fire: false },
		).id as number;
	};

	it('calls a ticket without activity since its creation created, and one with later activity updated', async () => {
		const id = fresh();
		const first = await callout(FORM, `TicketID=${id}`);
		expect(first.json).toMatchObject({
			event: 'created',
			eventReason: expect.stringContaining('within 10 s of its creation'),
		});
		// An edit 1.5 s later, read with a created window of 1 s (the default is 10 s).
		h.parameters.options = { createdWindow: 1 };
		await new Promise((resolve) => setTimeout(resolve, 1500));
		h.sim.updateTicket(id, { status: 8 }, { fire: false });
		const changed = await callout(FORM, `TicketID=${id}`);
		expect(changed.json).toMatchObject({
			event: 'updated',
			eventReason: expect.stringContaining('activity more than 1 s after its creation'),
			ticket: { status: { id: 8 } },
		});
	});

	it('emits a repeated callout again, with the ticket as it is now (the Lifecycle makes it Unchanged)', async () => {
		const id = fresh();
		const first = await callout(FORM, `TicketID=${id}`);
		const repeat = await callout(FORM, `TicketID=${id}`);
		expect(repeat.status).toBe(200);
		expect(repeat.result.workflowData).toBeDefined();
		expect(repeat.json).toMatchObject({
			event: first.json!.event,
			ticket: { id, status: { id: 1 } },
		});
	});

	it('gives the same answer for the same ticket whatever happened before (no memory)', async () => {
		const outcomes: unknown[] = [];
		for (let i = 0; i < 3; i++) {
			h.reset(CALLOUT_PARAMS);
			const out = await callout(FORM, 'TicketID=10002');
			outcomes.push({ event: out.json!.event, eventReason: out.json!.eventReason });
		}
		expect(outcomes).toEqual([outcomes[0], outcomes[0], outcomes[0]]);
		expect(h.staticData).toEqual({});
	});

	it.each([
		['created', 'created'],
		['updated', 'updated'],
		['Edited', 'updated'],
	])('takes ?event=%s from the callout URL', async (given, event) => {
		const out = await callout(FORM, 'TicketID=10002', { query: { event: given } });
		expect(out.json).toMatchObject({
			event,
			eventReason: expect.stringContaining(`the callout URL says event=${event}`),
		});
		expect(JSON.stringify(out.json!.raw)).not.toContain('event');
	});

	it('answers 400 for an ?event= it does not know, and starts nothing', async () => {
		const out = await callout(FORM, 'TicketID=10002', { query: { event: 'deleted' } });
		expect(out.status).toBe(400);
		expect((out.body as { message: string }).message).toMatch(/not "created" or "updated"/);
		expect(out.result.workflowData).toBeUndefined();
	});

	it('calls an older ticket with later activity updated', async () => {
		const out = await callout(FORM, 'TicketID=10002');
		expect(out.json).toMatchObject({
			event: 'updated',
			eventReason: expect.stringContaining('activity more than'),
		});
	});
});

describe('credential reads', () => {
	it('decrypts the Autotask credential once per callout, with the picklist and zone caches cold (n8n pays an isolate per read)', async () => {
		resetProcessState();
		const out = await callout(FORM, 'TicketID=10001');
		expect(out.json).toMatchObject({ enriched: true });
		// The ticket and the picklists: several requests and cache lookups, one credential read.
		expect(out.ctx.mock.requests.length).toBeGreaterThanOrEqual(2);
		expect(out.ctx.mock.credentialReads).toEqual({
			autotaskIlertAutotaskApi: 1,
			autotaskIlertCalloutApi: 1,
		});
	});

	it('shares the decrypted credential with the next requests for a few seconds, not longer', async () => {
		let clock = Date.now();
		const realNow = Date.now;
		Date.now = () => clock;
		try {
			const both = { autotaskIlertAutotaskApi: 1, autotaskIlertCalloutApi: 1 };
			expect((await callout(FORM, 'TicketID=10001')).ctx.mock.credentialReads).toEqual(both);
			clock += CREDENTIAL_REUSE_MS - 1000;
			const soon = await callout(FORM, 'TicketID=10002');
			expect(soon.json).toMatchObject({ enriched: true, ticket: { id: 10002 } });
			expect(soon.ctx.mock.credentialReads).toEqual({});
			clock += 2000;
			expect((await callout(FORM, 'TicketID=10001')).ctx.mock.credentialReads).toEqual(both);
		} finally {
			Date.now = realNow;
		}
	});

	it('stops sharing a credential Autotask refused (it may have been edited)', async () => {
		await callout(FORM, 'TicketID=10001');
		h.sim.faults.add({
			method: 'GET',
			path: /\/Tickets\/10002$/,
			status: 401,
			body: { errors: ['Unauthorized'] },
			times: 1,
		});
		const refused = await callout(FORM, 'TicketID=10002');
		expect(refused.json).toMatchObject({ enriched: false });
		expect(refused.ctx.mock.credentialReads).toEqual({});
		const next = await callout(FORM, 'TicketID=10002');
		expect(next.ctx.mock.credentialReads).toEqual({ autotaskIlertAutotaskApi: 1 });
		expect(next.json).toMatchObject({ enriched: true });
	});
});

describe('bodies n8n leaves unread (node version 1.1)', () => {
	it('reads a callout body of a content type n8n does not parse', async () => {
		const out = await h.deliver({
			method: 'POST',
			headers: { 'content-type': 'application/x-autotask-callout' },
			query: { secret: CALLOUT_SECRET },
			body: {},
			unreadBody: Buffer.from('TicketID=10001'),
		});
		// The body was read: the answer is about its content type, not an empty body.
		expect(out.status).toBe(415);
		expect(JSON.stringify(out.body)).toMatch(/not accepted/);
	});

	it('reads a callout without a content type and finds the ticket', async () => {
		const out = await h.deliver({
			method: 'POST',
			query: { secret: CALLOUT_SECRET },
			body: {},
			unreadBody: Buffer.from('TicketID=10001'),
		});
		expect(out.json).toMatchObject({ enriched: true, ticket: { id: 10001 } });
	});

	it.each([
		[
			Object.assign(new Error('request entity too large'), { status: 413 }),
			413,
			/larger than n8n accepts/,
		],
		[new Error('Request body stream was aborted'), 400, /could not be read/],
	])('answers a body that cannot be read with a 4xx (%s)', async (error, status, message) => {
		const out = await h.deliver({
			method: 'POST',
			headers: { 'content-type': 'application/octet-stream' },
			query: { secret: CALLOUT_SECRET },
			body: {},
			unreadBody: error,
		});
		expect(out.status).toBe(status);
		expect(JSON.stringify(out.body)).toMatch(message);
		expect(out.result.workflowData).toBeUndefined();
	});
});

describe('enrichment failure in callout mode', () => {
	it('emits the event, not enriched, with the reason, within 2 s when the API hangs', async () => {
		h.sim.faults.add({ method: 'GET', path: /\/Tickets\/10001$/, delayMs: 4000, times: 1 });
		const out = await callout(FORM, 'TicketID=10001');
		expect(out.ms).toBeLessThan(2000);
		expect(out.json).toMatchObject({
			event: 'updated',
			enriched: false,
			enrichmentError: expect.stringContaining('longer than'),
			ticket: { id: 10001, status: { id: null, label: null } },
		});
	});

	it('emits a ticket the API does not know as not enriched', async () => {
		const out = await callout(FORM, 'TicketID=99999');
		expect(out.json).toMatchObject({
			enriched: false,
			enrichmentError: expect.stringContaining('no ticket with id 99999'),
		});
	});

	it('waits longer for the ticket when a Respond to Webhook node answers (Autotask waits for the workflow anyway)', async () => {
		h.parameters.respond = 'responseNode';
		h.sim.faults.add({ method: 'GET', path: /\/Tickets\/10001$/, delayMs: 2500, times: 1 });
		const out = await callout(FORM, 'TicketID=10001');
		expect(out.json).toMatchObject({
			enriched: true,
			ticket: { id: 10001, status: { id: expect.any(Number) } },
		});
	}, 20000);

	it("processes Autotask's re-send of a callout whose ticket could not be read", async () => {
		h.sim.faults.add({ method: 'GET', path: /\/Tickets\/10001$/, delayMs: 4000, times: 1 });
		const first = await callout(FORM, 'TicketID=10001');
		expect(first.json).toMatchObject({ enriched: false });
		const resend = await callout(FORM, 'TicketID=10001');
		expect(resend.json).toMatchObject({ enriched: true, ticket: { id: 10001 } });
	}, 20000);

	it('honours a custom timeout', async () => {
		h.parameters.options = { enrichmentTimeout: 0.2 };
		h.sim.faults.add({ method: 'GET', path: /\/Tickets\/10001$/, delayMs: 1500, times: 1 });
		const out = await callout(FORM, 'TicketID=10001');
		expect(out.ms).toBeLessThan(1000);
		expect(out.json).toMatchObject({
			enriched: false,
			enrichmentError: expect.stringContaining('200 ms'),
		});
	});
});

describe('bad callouts', () => {
	it.each([
		['an empty body', FORM, '', 400, /Empty body/],
		['truncated JSON', 'application/json', '{"ticketId": 100', 400, /Invalid JSON/],
		['invalid XML', 'application/xml', '<Ticket><id>1</Ticket>', 400, /Invalid XML/],
		['a wrong content type', 'application/pdf', '%PDF-1.4', 415, /not accepted/],
		['no ticket id', FORM, 'hello=world', 400, /No ticket id/],
		['an oversized body', FORM, `TicketID=1&pad=${'x'.repeat(300 * 1024)}`, 413, /larger than/],
	])(
		'answers %s with a 4xx and a message, and starts nothing',
		async (_n, type, body, status, message) => {
			const out = await callout(type, body);
			expect(out.status).toBe(status);
			expect((out.body as { message: string }).message).toMatch(message);
			expect(out.result.workflowData).toBeUndefined();
		},
	);
});

describe('node description', () => {
	it('declares POST and GET on one path, with the response mode taken from the Respond parameter', () => {
		const { description } = h.trigger;
		expect(description).toMatchObject({
			name: 'autotaskTrigger',
			displayName: 'Autotask Trigger',
			inputs: [],
		});
		expect(description.webhooks).toEqual([
			expect.objectContaining({
				name: 'default',
				httpMethod: 'POST',
				path: 'webhook',
				responseMode: expect.stringContaining('respond'),
			}),
			expect.objectContaining({
				name: 'setup',
				httpMethod: 'GET',
				path: 'webhook',
				responseMode: expect.stringContaining('respond'),
			}),
		]);
		expect(description.credentials).toEqual([
			{
				name: 'autotaskIlertAutotaskApi',
				displayName: 'Autotask API (reads the ticket)',
				required: true,
			},
			{
				name: 'autotaskIlertCalloutApi',
				displayName: 'Callout Secret (Autotask Extension Callout)',
				required: true,
				testedBy: 'calloutCredentialTest',
				displayOptions: { show: { mode: ['callout'], '@version': [2] } },
			},
		]);
	});
});

describe('the Autotask Extension Callout credential test', () => {
	const test = (data: Record<string, unknown>) =>
		h.trigger.methods.credentialTest.calloutCredentialTest.call(
			{} as never,
			{ id: 'c', name: 'c', type: 'autotaskIlertCalloutApi', data } as never,
		);

	it('passes a credential that can protect the callout, and names what is wrong otherwise', async () => {
		await expect(test(calloutCredential())).resolves.toMatchObject({ status: 'OK' });
		await expect(test(calloutCredential({ urlSecret: 'short' }))).resolves.toEqual({
			status: 'Error',
			message: expect.stringContaining('at least 16 characters'),
		});
		await expect(
			test(calloutCredential({ username: '', password: '', requireBasicAuth: true })),
		).resolves.toMatchObject({
			status: 'Error',
		});
	});
});
