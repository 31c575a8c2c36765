/**
 * Fuzz: a seeded generator throws malformed requests at the trigger's webhook(), in both modes.
 * Every one must be answered 4xx (401 for auth), none may throw, none may start an execution.
 * No simulator: the credential points at a closed port, so a request that wrongly got as far as
 * reading a ticket would show up as an execution (not enriched), which the test forbids.
 */
import { createHmac } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { AutotaskTrigger } from '../../../../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { createWebhookContext } from '../../../support';
import {
	basicAuth,
	CALLOUT_PARAMS,
	CALLOUT_PASSWORD,
	CALLOUT_SECRET,
	calloutCredential,
	NODE,
	WEBHOOK_PARAMS,
} from '../../support/autotaskTriggerHarness';
import { resetProcessState } from '../../../../nodes/shared/transport/processState';

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const COUNT = Number(process.env.FUZZ_COUNT ?? 12000);
const WEBHOOK_SECRET = 'example-webhook-secret-xxxx';

function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const random = rng(SEED);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)];
const letters = (n: number) =>
	Array.from({ length: n }, () => pick('abcdefghijklmnopqrstuvwxyz_'.split(''))).join('');
const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));

const CONTENT_TYPES = [
	'application/json',
	'application/x-www-form-urlencoded',
	'text/xml',
	'application/xml',
	'text/plain',
	undefined,
	'application/json; charset=utf-8',
];
const BAD_CONTENT_TYPES = [
	'image/png',
	'multipart/form-data; boundary=x',
	'application/octet-stream',
	'text/html',
	'application/pdf',
	'video/mp4',
];

function sign(body: Buffer, secret = WEBHOOK_SECRET): string {
	return 'sha1=' + createHmac('sha1', secret).update(body).digest('base64');
}

/** A valid callout body in some format, to be broken. */
function validCallout(): { type: string; text: string } {
	const id = 10000 + int(90000);
	switch (int(3)) {
		case 0:
			return {
				type: 'application/json',
				text: JSON.stringify({ ticketId: id, title: letters(8) }),
			};
		case 1:
			return {
				type: 'text/xml',
				text: `<?xml version="1.0"?><Ticket><TicketID>${id}</TicketID><Title>${letters(6)}</Title></Ticket>`,
			};
		default:
			return {
				type: 'application/x-www-form-urlencoded',
				text: `TicketID=${id}&Title=${letters(6)}`,
			};
	}
}

/** A proper prefix that is always invalid: cut before the closing brace/tag. */
function truncate(text: string, type: string): string {
	const end = type.includes('json') ? text.lastIndexOf('}') : text.lastIndexOf('</');
	return text.slice(0, Math.max(0, int(Math.max(1, end))));
}

function noIdBody(): { type: string; text: string } {
	const keys = Array.from({ length: 1 + int(5) }, () =>
		letters(3 + int(6)).replace(/id|ticket|number|entity|object/gi, 'x'),
	);
	switch (int(3)) {
		case 0:
			return {
				type: 'application/json',
				text: JSON.stringify(Object.fromEntries(keys.map((k) => [k, letters(5)]))),
			};
		case 1:
			return {
				type: 'application/xml',
				text: `<r>${keys.map((k) => `<${k}>${letters(4)}</${k}>`).join('')}</r>`,
			};
		default:
			return {
				type: 'application/x-www-form-urlencoded',
				text: keys.map((k) => `${k}=${letters(4)}`).join('&'),
			};
	}
}

interface Case {
	kind: string;
	mode: 'callout' | 'webhook';
	method: string;
	headers: Record<string, string>;
	query: IDataObject;
	raw: Buffer;
	body: unknown;
	parameters?: Record<string, unknown>;
}

function parsedLikeN8n(raw: Buffer, type: string | undefined): unknown {
	if (type?.includes('json')) {
		try {
			return JSON.parse(raw.toString('utf8'));
		} catch {
			return {};
		}
	}
	if (type?.includes('urlencoded'))
		return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
	return raw.length ? raw.toString('utf8') : {};
}

function calloutCase(): Case {
	const auth = { authorization: basicAuth() };
	// Authenticated as the README's steps set a callout up (URL secret, Basic on top), so the case
	// reaches the parser; the auth cases below take a factor away or get it wrong.
	const base = (
		kind: string,
		type: string | undefined,
		raw: Buffer,
		headers: Record<string, string> = auth,
	): Case => ({
		kind,
		mode: 'callout',
		method: 'POST',
		headers: { ...(type ? { 'content-type': type } : {}), ...headers },
		query: { secret: CALLOUT_SECRET },
		raw,
		body: parsedLikeN8n(raw, type),
	});
	switch (int(12)) {
		case 10: {
			// A valid ticket id, but a DTD: refused before any XML is read.
			const dtd = pick([
				'<!DOCTYPE Ticket [<!ENTITY a "aaaa">]>',
				'<!DOCTYPE Ticket SYSTEM "file:///etc/passwd">',
				'<!doctype Ticket>',
				'<!ENTITY x "y">',
			]);
			const xml = `<?xml version="1.0"?>${dtd}<Ticket><TicketID>${10000 + int(90000)}</TicketID><x>${'&a;'.repeat(int(50))}</x></Ticket>`;
			return base(
				'XML with a DTD',
				pick(['text/xml', 'application/xml', 'text/plain', undefined]),
				Buffer.from(xml),
			);
		}
		case 11: {
			// A valid ticket id next to nesting deeper than 32 levels.
			const levels = 33 + int(3000);
			const open = pick(['{"a":', '[']);
			const close = open === '[' ? ']' : '}';
			const json = `{"TicketID":${10000 + int(90000)},"x":${open.repeat(levels)}1${close.repeat(levels)}}`;
			return base(
				'deep JSON',
				pick(['application/json', 'text/plain', undefined]),
				Buffer.from(json),
			);
		}
		case 0:
			return base('random bytes', pick(CONTENT_TYPES), randomBytes(int(400)));
		case 1: {
			const v = validCallout();
			if (v.type.includes('urlencoded'))
				return base('wrong type', pick(BAD_CONTENT_TYPES), Buffer.from(v.text));
			return base('truncated', v.type, Buffer.from(truncate(v.text, v.type)));
		}
		case 2: {
			const v = validCallout();
			return base('wrong content type', pick(BAD_CONTENT_TYPES), Buffer.from(v.text));
		}
		case 3: {
			const v = noIdBody();
			return base('no ticket id', v.type, Buffer.from(v.text));
		}
		case 4: {
			const v = validCallout();
			const headers = pick([
				{},
				{ authorization: basicAuth('callout-user', `${CALLOUT_PASSWORD}x`) },
				{ authorization: basicAuth('x', CALLOUT_PASSWORD) },
				{ authorization: `Basic ${randomBytes(12).toString('base64')}` },
				{ authorization: `Bearer ${letters(10)}` },
				{ authorization: randomBytes(20).toString('latin1') },
			]);
			const c = base('bad auth', v.type, Buffer.from(v.text), headers as Record<string, string>);
			// Without a Basic header the URL secret alone would be enough: take it away too.
			return Object.keys(headers).length === 0 ? { ...c, query: {} } : c;
		}
		case 5: {
			const v = validCallout();
			if (int(50) !== 0) return base('empty', v.type, Buffer.alloc(0));
			return base(
				'oversized',
				v.type,
				Buffer.concat([Buffer.from(v.text), Buffer.alloc(257 * 1024 + int(1024), 0x20)]),
			);
		}
		case 6: {
			const v = validCallout();
			const i = int(Math.max(1, v.text.length));
			const broken = v.type.includes('urlencoded')
				? Buffer.concat([
						Buffer.from(v.text.slice(0, i)),
						Buffer.from([0xff, 0x00, 0xfe]),
						Buffer.from(v.text.slice(i)),
					])
				: Buffer.from(
						v.text.slice(0, i) +
							pick(['<', '{', '"', '</x>', '>>', ']]>', '&#xZZ;']) +
							v.text.slice(i, -1),
					);
			return base('corrupted', v.type, broken);
		}
		case 7: {
			const c = base('method', undefined, Buffer.from(validCallout().text));
			return { ...c, method: pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', '']) };
		}
		case 8: {
			// GET with a query but no usable id, or with a bad/missing secret.
			const query: IDataObject = pick([
				{ [letters(5)]: letters(5) },
				{ ticketId: pick(['abc', '-1', '0', '1.5', '', letters(3)]) },
				{ ticketNumber: pick(['T123', 'T2026112.0001', 'X20261128.0001', '']) },
				{},
			]);
			return {
				kind: 'GET',
				mode: 'callout',
				method: 'GET',
				headers: auth,
				query: { secret: CALLOUT_SECRET, ...query },
				raw: Buffer.alloc(0),
				body: {},
			};
		}
		default: {
			const v = validCallout();
			const c = base('secret', v.type, Buffer.from(v.text), {});
			const query = pick([
				{},
				{ secret: `${CALLOUT_SECRET}x` },
				{ secret: letters(20) },
				{ secret: '' },
			]);
			return { ...c, headers: { ...c.headers, ...pick([{}, auth]) }, query };
		}
	}
}

function webhookEnvelope(): Record<string, unknown> {
	return {
		Action: pick(['Create', 'Update', 'Delete']),
		Guid: 'g-fuzz',
		EntityType: 'Ticket',
		Id: 10000 + int(90000),
		Fields: { Status: String(1 + int(10)) },
		EventTime: '2026-11-28T04:00:00Z',
		SequenceNumber: int(100000),
		PersonID: 29682886,
	};
}

function webhookCase(): Case {
	const base = (
		kind: string,
		raw: Buffer,
		signature: string | undefined,
		type = 'application/json',
	): Case => ({
		kind,
		mode: 'webhook',
		method: 'POST',
		headers: {
			'content-type': type,
			...(signature !== undefined ? { 'x-hook-signature': signature } : {}),
		},
		query: {},
		raw,
		body: parsedLikeN8n(raw, type),
	});
	const valid = Buffer.from(JSON.stringify(webhookEnvelope()));
	switch (int(10)) {
		case 8: {
			// One byte inserted, removed or replaced, signature of the original: never accepted.
			const text = valid.toString();
			const i = int(text.length + 1);
			const byte = pick([' ', '\n', '\t', '\r', '0', '9', '"', ',', '}', 'a']);
			const changed = pick([
				() => text.slice(0, i) + byte + text.slice(i),
				() => text.slice(0, i) + text.slice(i + 1),
				() => text.slice(0, i) + byte + text.slice(i + 1),
				() =>
					JSON.stringify(
						Object.fromEntries(
							Object.entries(JSON.parse(text) as Record<string, unknown>).reverse(),
						),
					),
			])();
			if (changed === text)
				return base('one byte changed (signed)', Buffer.from(`${text} `), sign(valid));
			return base('one byte changed (signed)', Buffer.from(changed), sign(valid));
		}
		case 9: {
			const levels = 33 + int(3000);
			const env = JSON.stringify(webhookEnvelope());
			const raw = Buffer.from(
				`${env.slice(0, -1)},"Deep":${'['.repeat(levels)}${']'.repeat(levels)}}`,
			);
			return base('deep JSON (signed)', raw, sign(raw));
		}
		case 0:
			return base('no signature', valid, undefined);
		case 1: {
			const sig = sign(valid);
			const flipped =
				sig.slice(0, 5 + int(sig.length - 6)) + pick(['A', 'B', '+', '/']) + sig.slice(6 + int(2));
			return base(
				'bad signature',
				valid,
				pick([
					flipped,
					sign(valid, 'other-example-secret'),
					`sha256=${sig.slice(5)}`,
					letters(30),
					'',
				]),
			);
		}
		case 2: {
			const tampered = Buffer.from(valid.toString().replace(/"Id":\d+/, `"Id":${int(1000)}`));
			return base('tampered', tampered, sign(valid));
		}
		case 3: {
			const text = valid.toString();
			const cut = Buffer.from(text.slice(0, int(text.length - 1)));
			return base('truncated (signed)', cut, sign(cut));
		}
		case 4: {
			const env = webhookEnvelope();
			const breakIt = pick([
				() => delete env.Id,
				() => (env.Id = pick(['x', -5, 0, 1.5, null, {}, []])),
				() => (env.Action = pick(['Explode', '', 5, null])),
				() => (env.EntityType = pick(['Company', 'Contact', 'TicketNote'])),
				() => delete env.Action,
			]);
			breakIt();
			const raw = Buffer.from(JSON.stringify(pick([env, [env], 'text', 42, null])));
			return base('not a ticket event (signed)', raw, sign(raw));
		}
		case 5: {
			const raw = randomBytes(int(300));
			return base(
				'random bytes',
				raw,
				pick([undefined, sign(raw), sign(raw, 'x')]),
				pick(CONTENT_TYPES) ?? '',
			);
		}
		case 6:
			return base(
				'wrong content type',
				valid,
				sign(valid),
				pick(BAD_CONTENT_TYPES.concat(['application/xml', 'application/x-www-form-urlencoded'])),
			);
		default: {
			if (int(40) === 0) {
				const big = Buffer.concat([valid, Buffer.alloc(257 * 1024, 0x20)]);
				return base('oversized', big, sign(big));
			}
			const c = base('method', valid, sign(valid));
			return { ...c, method: pick(['GET', 'PUT', 'DELETE', 'PATCH']) };
		}
	}
}

describe('fuzz: malformed requests', () => {
	it(`answers ${COUNT} generated malformed requests with 4xx/401, without throwing or starting an execution`, async () => {
		const trigger = new AutotaskTrigger();
		const credentials = {
			autotaskIlertAutotaskApi: {
				username: 'api-user@example.com',
				secret: 'example-secret-xxxx',
				integrationCodeSecret: 'EXAMPLEXXXX',
				zone: 'custom',
				// Nothing listens here: any API call fails fast.
				customBaseUrl: 'http://127.0.0.1:9/atservicesrest',
				customWebUrl: 'https://ww5.autotask.net/',
				maxRetryWaitSeconds: 0,
			},
			autotaskIlertCalloutApi: calloutCredential(),
		};
		const webhookStatic: IDataObject = { webhookId: 500001, webhookSecret: WEBHOOK_SECRET };
		const statuses = new Map<number, number>();
		const kinds = new Map<string, number>();
		const failures: string[] = [];
		let apiCalls = 0;
		resetProcessState();
		for (let i = 0; i < COUNT; i++) {
			const c = i % 2 === 0 ? calloutCase() : webhookCase();
			const parameters = {
				...(c.mode === 'callout' ? CALLOUT_PARAMS : WEBHOOK_PARAMS),
				...(c.parameters ?? {}),
			};
			const ctx = createWebhookContext({
				parameters,
				credentials,
				staticData: c.mode === 'webhook' ? webhookStatic : {},
				node: NODE,
				request: {
					method: c.method,
					headers: c.headers,
					query: c.query,
					body: c.body,
					rawBody: c.raw,
				},
			});
			let result;
			try {
				result = await trigger.webhook.call(ctx);
			} catch (error) {
				failures.push(`#${i} ${c.mode}/${c.kind}: threw ${(error as Error).message}`);
				continue;
			}
			const status = ctx.mock.response.statusCode;
			apiCalls += ctx.mock.requests.length;
			statuses.set(status, (statuses.get(status) ?? 0) + 1);
			kinds.set(`${c.mode}/${c.kind}`, (kinds.get(`${c.mode}/${c.kind}`) ?? 0) + 1);
			if (result.workflowData !== undefined)
				failures.push(
					`#${i} ${c.mode}/${c.kind}: started an execution (${c.raw.toString('utf8').slice(0, 80)})`,
				);
			else if (result.noWebhookResponse !== true || status < 400 || status > 499) {
				failures.push(
					`#${i} ${c.mode}/${c.kind}: answered ${status} ${JSON.stringify(ctx.mock.response.body)}`,
				);
			}
			if (failures.length > 20) break;
		}
		expect(failures).toEqual([]);
		const total = [...statuses.values()].reduce((a, b) => a + b, 0);
		expect(total).toBeGreaterThanOrEqual(10000);
		// Every category was exercised, and nothing reached the Autotask API.
		expect(kinds.size).toBeGreaterThanOrEqual(18);
		expect(apiCalls).toBe(0);
		expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 401, 405, 413, 415]));
	}, 120000);
});
