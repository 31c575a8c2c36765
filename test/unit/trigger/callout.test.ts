/**
 * Extension Callout mode against the Autotask simulator: the three body formats and GET,
 * Basic auth and the URL secret, created/updated, repeated callouts, enrichment failure.
 */
import {
	basicAuth,
	CALLOUT_PARAMS,
	CALLOUT_PASSWORD,
	CALLOUT_SECRET,
	startHarness,
	type TriggerHarness,
} from './harness';
import { clearAutotaskCaches } from '../../../nodes/shared/transport/autotask';
import { CREDENTIAL_REUSE_MS } from '../../../nodes/shared/transport/common';

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

async function callout(contentType: string | undefined, body: string, extra: { headers?: Record<string, string>; query?: Record<string, string> } = {}) {
	return await h.deliver({
		method: 'POST',
		headers: { ...(contentType ? { 'content-type': contentType } : {}), authorization: basicAuth(), ...(extra.headers ?? {}) },
		query: extra.query ?? {},
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
			ticket: { id: 10001, title: 'Server SRV-01 is down', status: { id: 1 }, priority: { id: 4 }, company: { name: 'Acme Corp' } },
			callout: { format: 'form', foundBy: 'key:TicketID', fieldsSeen: ['TicketID', 'Title'] },
			raw: { TicketID: '10001', Title: 'whatever' },
		});
		expect((out.json!.ticket as { status: { label: string } }).status.label).toEqual(expect.any(String));
	});

	it('reads an XML callout with a ticket number', async () => {
		const number = h.sim.getTicket(10002)!.ticketNumber as string;
		const xml = `<?xml version="1.0"?><Ticket><TicketNumber>${number}</TicketNumber><Title>x &amp; y</Title></Ticket>`;
		const out = await callout('text/xml', xml);
		expect(out.json).toMatchObject({ enriched: true, ticket: { id: 10002, number }, callout: { format: 'xml' }, raw: xml });
	});

	it('reads a JSON callout', async () => {
		const out = await callout('application/json', JSON.stringify({ ticket: { id: 10003 } }));
		expect(out.json).toMatchObject({ enriched: true, ticket: { id: 10003 }, callout: { format: 'json' } });
	});

	it('reads a GET callout from the query string, without the secret in the output', async () => {
		h.parameters.calloutAuthentication = 'basicAuthAndSecret';
		const out = await h.deliver({
			method: 'GET',
			headers: { authorization: basicAuth() },
			query: { secret: CALLOUT_SECRET, ticketId: '10001' },
		});
		expect(out.json).toMatchObject({ ticket: { id: 10001 }, callout: { format: 'query' }, raw: { ticketId: '10001' } });
		expect(JSON.stringify(out.json)).not.toContain(CALLOUT_SECRET);
	});
});

describe('callout authentication', () => {
	it.each([
		['no credentials', {}],
		['a wrong password', { authorization: basicAuth(undefined, 'wrong-example') }],
		['a wrong user', { authorization: basicAuth('someone', CALLOUT_PASSWORD) }],
		['another scheme', { authorization: 'Bearer example-token' }],
	])('answers 401 with a Basic challenge for %s', async (_n, headers) => {
		const out = await h.deliver({ method: 'POST', headers: { 'content-type': FORM, ...headers }, rawBody: Buffer.from('TicketID=10001') });
		expect(out.status).toBe(401);
		expect(out.ctx.mock.response.headers['www-authenticate']).toMatch(/^Basic/);
		expect(out.result.workflowData).toBeUndefined();
		expect(out.ctx.mock.requests).toHaveLength(0);
	});

	it('checks the URL secret, alone or with Basic auth', async () => {
		h.parameters.calloutAuthentication = 'urlSecret';
		const send = async (query: Record<string, string>, headers: Record<string, string> = {}) =>
			await h.deliver({ method: 'POST', headers: { 'content-type': FORM, ...headers }, query, rawBody: Buffer.from('TicketID=10001') });
		expect((await send({})).status).toBe(401);
		expect((await send({ secret: 'wrong-example' })).status).toBe(401);
		expect((await send({ secret: CALLOUT_SECRET })).json).toMatchObject({ ticket: { id: 10001 } });
		h.reset({ ...CALLOUT_PARAMS, calloutAuthentication: 'basicAuthAndSecret' });
		expect((await send({ secret: CALLOUT_SECRET })).status).toBe(401);
		expect((await send({}, { authorization: basicAuth() })).status).toBe(401);
		expect((await send({ secret: CALLOUT_SECRET }, { authorization: basicAuth() })).status).toBe(200);
	});

	it('refuses everything when no password is configured', async () => {
		h.reset({ ...CALLOUT_PARAMS, calloutUsername: '', calloutPassword: '' });
		const out = await h.deliver({ method: 'POST', headers: { 'content-type': FORM, authorization: 'Basic Og==' }, rawBody: Buffer.from('TicketID=1') });
		expect(out.status).toBe(401);
	});
});

describe('created or updated, and repeated callouts', () => {
	it('calls a fresh ticket created, a later change updated, and drops an unchanged repeat', async () => {
		const now = new Date().toISOString();
		const created = h.sim.createTicket({ title: 'New', status: 1, priority: 2, companyID: 174, queueID: 8, createDate: now, lastActivityDate: now }, { fire: false });
		const id = created.id as number;
		const first = await callout(FORM, `TicketID=${id}`);
		expect(first.json).toMatchObject({ event: 'created', eventReason: expect.stringContaining('within 60 s of its creation') });
		// Autotask retries / the rule fires again without a change.
		const repeat = await callout(FORM, `TicketID=${id}`);
		expect(repeat.status).toBe(200);
		expect(repeat.result.workflowData).toBeUndefined();
		expect(JSON.stringify(repeat.body)).toMatch(/unchanged/);
		h.sim.updateTicket(id, { status: 8 }, { fire: false });
		const changed = await callout(FORM, `TicketID=${id}`);
		expect(changed.json).toMatchObject({ event: 'updated', eventReason: expect.stringContaining('already seen'), ticket: { status: { id: 8 } } });
	});

	it('processes a repeat again when a Respond to Webhook node answers (it may be the re-send after a failed run)', async () => {
		h.parameters.respond = 'responseNode';
		const now = new Date().toISOString();
		const created = h.sim.createTicket({ title: 'New', status: 1, priority: 2, companyID: 174, queueID: 8, createDate: now, lastActivityDate: now }, { fire: false });
		const id = created.id as number;
		expect((await callout(FORM, `TicketID=${id}`)).json).toMatchObject({ event: 'created' });
		const resend = await callout(FORM, `TicketID=${id}`);
		expect(resend.result.workflowData).toBeDefined();
		expect(resend.json).toMatchObject({
			event: 'updated',
			enriched: true,
			eventReason: expect.stringMatching(/^Extension callout: repeated \(ticket unchanged.*\); processed again/),
			ticket: { id, status: { id: 1 } },
		});
	});

	it('calls a first callout for an older ticket with later activity updated', async () => {
		const out = await callout(FORM, 'TicketID=10002');
		expect(out.json).toMatchObject({ event: 'updated', eventReason: expect.stringContaining('activity after its creation') });
	});
});

describe('credential reads', () => {
	it('decrypts the Autotask credential once per callout, with the picklist and zone caches cold (n8n pays an isolate per read)', async () => {
		clearAutotaskCaches();
		const out = await callout(FORM, 'TicketID=10001');
		expect(out.json).toMatchObject({ enriched: true });
		// The ticket and the picklists: several requests and cache lookups, one credential read.
		expect(out.ctx.mock.requests.length).toBeGreaterThanOrEqual(2);
		expect(out.ctx.mock.credentialReads).toEqual({ autotaskIlertAutotaskApi: 1 });
	});

	it('shares the decrypted credential with the next requests for a few seconds, not longer', async () => {
		let clock = Date.now();
		const realNow = Date.now;
		Date.now = () => clock;
		try {
			expect((await callout(FORM, 'TicketID=10001')).ctx.mock.credentialReads).toEqual({ autotaskIlertAutotaskApi: 1 });
			clock += CREDENTIAL_REUSE_MS - 1000;
			const soon = await callout(FORM, 'TicketID=10002');
			expect(soon.json).toMatchObject({ enriched: true, ticket: { id: 10002 } });
			expect(soon.ctx.mock.credentialReads).toEqual({});
			clock += 2000;
			expect((await callout(FORM, 'TicketID=10001')).ctx.mock.credentialReads).toEqual({ autotaskIlertAutotaskApi: 1 });
		} finally {
			Date.now = realNow;
		}
	});

	it('stops sharing a credential Autotask refused (it may have been edited)', async () => {
		await callout(FORM, 'TicketID=10001');
		h.sim.faults.add({ method: 'GET', path: /\/Tickets\/10002$/, status: 401, body: { errors: ['Unauthorized'] }, times: 1 });
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
			headers: { 'content-type': 'application/x-autotask-callout', authorization: basicAuth() },
			body: {},
			unreadBody: Buffer.from('TicketID=10001'),
		});
		// The body was read: the answer is about its content type, not an empty body.
		expect(out.status).toBe(415);
		expect(JSON.stringify(out.body)).toMatch(/not accepted/);
	});

	it('reads a callout without a content type and finds the ticket', async () => {
		const out = await h.deliver({ method: 'POST', headers: { authorization: basicAuth() }, body: {}, unreadBody: Buffer.from('TicketID=10001') });
		expect(out.json).toMatchObject({ enriched: true, ticket: { id: 10001 } });
	});

	it.each([
		[Object.assign(new Error('request entity too large'), { status: 413 }), 413, /larger than n8n accepts/],
		[new Error('Request body stream was aborted'), 400, /could not be read/],
	])('answers a body that cannot be read with a 4xx (%s)', async (error, status, message) => {
		const out = await h.deliver({ method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: basicAuth() }, body: {}, unreadBody: error });
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
		expect(out.json).toMatchObject({ enriched: false, enrichmentError: expect.stringContaining('no ticket with id 99999') });
	});

	it('waits longer for the ticket when a Respond to Webhook node answers (Autotask waits for the workflow anyway)', async () => {
		h.parameters.respond = 'responseNode';
		h.sim.faults.add({ method: 'GET', path: /\/Tickets\/10001$/, delayMs: 2500, times: 1 });
		const out = await callout(FORM, 'TicketID=10001');
		expect(out.json).toMatchObject({ enriched: true, ticket: { id: 10001, status: { id: expect.any(Number) } } });
	}, 20000);

	it('does not remember a callout whose ticket could not be read, so Autotask\'s re-send is processed', async () => {
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
		expect(out.json).toMatchObject({ enriched: false, enrichmentError: expect.stringContaining('200 ms') });
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
	])('answers %s with a 4xx and a message, and starts nothing', async (_n, type, body, status, message) => {
		const out = await callout(type, body);
		expect(out.status).toBe(status);
		expect((out.body as { message: string }).message).toMatch(message);
		expect(out.result.workflowData).toBeUndefined();
	});
});

describe('node description', () => {
	it('declares POST and GET on one path, with the response mode taken from the Respond parameter', () => {
		const { description } = h.trigger;
		expect(description).toMatchObject({ name: 'autotaskTrigger', displayName: 'Autotask Trigger', inputs: [] });
		expect(description.webhooks).toEqual([
			expect.objectContaining({ name: 'default', httpMethod: 'POST', path: 'webhook', responseMode: expect.stringContaining('respond') }),
			expect.objectContaining({ name: 'setup', httpMethod: 'GET', path: 'webhook', responseMode: expect.stringContaining('respond') }),
		]);
		expect(description.credentials).toEqual([{ name: 'autotaskIlertAutotaskApi', required: true }]);
	});
});
