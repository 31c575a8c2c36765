/**
 * Hostile webhook bodies through the trigger's webhook() (issue 14.2 / 14.4), with n8n's parsed
 * body passed alongside the raw bytes as n8n does: a signature binds the exact bytes, deep JSON
 * gets 400 and starts nothing, prototype keys never reach the output.
 */
import { createHmac } from 'node:crypto';

import {
	JANE,
	startHarness,
	type TriggerHarness,
	WEBHOOK_PARAMS,
} from '../../support/autotaskTriggerHarness';

let h: TriggerHarness;
let secret: string;

beforeAll(async () => {
	h = await startHarness();
}, 60000);

afterAll(async () => {
	await h.stop();
	await h.sim.close();
});

beforeEach(async () => {
	h.sim.reset();
	h.reset(WEBHOOK_PARAMS);
	const ctx = h.hook();
	await h.trigger.webhookMethods.default.checkExists.call(ctx);
	await h.trigger.webhookMethods.default.create.call(ctx);
	secret = h.staticData.webhookSecret as string;
});

const sign = (body: string) =>
	'sha1=' + createHmac('sha1', secret).update(Buffer.from(body, 'utf8')).digest('base64');

let sequence = 100;
const envelope = (extra = '') =>
	`{"Action":"Update","Guid":"g-hostile","EntityType":"Ticket","Id":10001,"Fields":{"Status":"8"},"EventTime":"2026-11-28T04:00:00Z","SequenceNumber":${++sequence},"PersonID":${JANE}${extra}}`;

function parsedLikeN8n(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return {};
	}
}

async function post(body: string, signature: string) {
	return await h.deliver({
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-hook-signature': signature },
		body: parsedLikeN8n(body),
		rawBody: Buffer.from(body, 'utf8'),
	});
}

describe('signature over the exact bytes, with n8n’s parsed body present', () => {
	it.each([
		['a trailing space', (b: string) => `${b} `],
		['a trailing newline', (b: string) => `${b}\n`],
		['pretty-printing', (b: string) => JSON.stringify(JSON.parse(b), null, 2)],
		['a space after every comma', (b: string) => b.replace(/,/g, ', ')],
		[
			'reordered keys',
			(b: string) =>
				JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(b) as object).reverse())),
		],
	])('answers 401 and starts nothing for %s (same parsed value)', async (_name, change) => {
		const body = envelope();
		const changed = change(body);
		expect(JSON.parse(changed)).toEqual(JSON.parse(body));
		const out = await post(changed, sign(body));
		expect(out.status).toBe(401);
		expect(out.result.workflowData).toBeUndefined();
	});

	it('accepts the exact bytes (control)', async () => {
		const body = envelope();
		const out = await post(body, sign(body));
		expect(out.json).toMatchObject({ event: 'updated', ticket: { id: 10001 } });
	});
});

describe('hostile JSON in a correctly signed delivery', () => {
	it('answers 400 for nesting deeper than 32 levels and starts nothing', async () => {
		const body = envelope(`,"Deep":${'['.repeat(5000)}${']'.repeat(5000)}`);
		const out = await post(body, sign(body));
		expect(out.status).toBe(400);
		expect(JSON.stringify(out.body)).toMatch(/nested deeper than 32 levels/);
		expect(out.result.workflowData).toBeUndefined();
		expect(
			h.sim.requests.filter((r: { path: string }) => /\/Tickets\/10001$/.test(r.path)),
		).toHaveLength(0);
	});

	it('drops __proto__, constructor and prototype keys from the output', async () => {
		const body = envelope(
			',"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"Extra":{"prototype":2,"kept":3}',
		);
		const out = await post(body, sign(body));
		expect(out.json).toMatchObject({ event: 'updated', ticket: { id: 10001 } });
		const raw = out.json!.raw as Record<string, unknown>;
		expect(raw.Extra).toEqual({ kept: 3 });
		expect(Object.keys(raw)).not.toEqual(expect.arrayContaining(['__proto__']));
		expect(JSON.stringify(out.json)).not.toMatch(/__proto__|constructor|prototype|polluted/);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
