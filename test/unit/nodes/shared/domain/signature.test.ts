import { createHmac } from 'node:crypto';

import { parseWebhookEnvelope } from '../../../../../nodes/shared/domain/autotaskWebhook';
import { parseCallout } from '../../../../../nodes/shared/domain/callout';
import { extractXmlPairs } from '../../../../../nodes/shared/domain/xmlPairs';
import { dotnetEscapeJson, signBody, verifySignature } from '../../../../../nodes/shared/domain/signature';
import { dotnetJson } from '../../../../simulators';

const SECRET = 'example-webhook-secret-xxxx';

function independentSign(body: string): string {
	return 'sha1=' + createHmac('sha1', SECRET).update(Buffer.from(body, 'utf8')).digest('base64');
}

describe('signature', () => {
	const plain = JSON.stringify({ Action: 'Update', Id: 1, Fields: { Title: 'Café & <Bar> + "q" \'s `x`' } });

	it('signs like an independent HMAC-SHA1/base64 implementation', () => {
		expect(signBody(plain, SECRET)).toBe(independentSign(plain));
	});

	it('accepts a signature over the raw body', () => {
		const res = verifySignature({ header: independentSign(plain), rawBody: Buffer.from(plain), secret: SECRET });
		expect(res).toEqual({ ok: true, variant: 'raw' });
	});

	it('accepts a signature over the .NET-escaped body while the body arrives unescaped', () => {
		const escaped = dotnetEscapeJson(plain);
		expect(escaped).toContain('Caf\\u00E9 \\u0026 \\u003CBar\\u003E \\u002B \\u0022q\\u0022 \\u0027s \\u0060x\\u0060');
		expect(escaped).not.toBe(plain);
		const res = verifySignature({ header: independentSign(escaped), rawBody: Buffer.from(plain), secret: SECRET });
		expect(res).toEqual({ ok: true, variant: 'dotnetEscaped' });
	});

	it('escapes like an independent .NET-style serializer, including control characters and emoji', () => {
		const value = { Action: 'Update', Fields: { Title: 'a\u0001b\tc\\d "e" Ünïcödé 😀 <&>+`\'', N: 5, B: null } };
		expect(dotnetEscapeJson(JSON.stringify(value))).toBe(dotnetJson(value));
	});

	it('rejects a body that only re-serialises to the signed one (re-encoded whitespace)', () => {
		const pretty = JSON.stringify(JSON.parse(plain), null, 2);
		expect(verifySignature({ header: independentSign(plain), rawBody: Buffer.from(pretty), secret: SECRET })).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		expect(
			verifySignature({ header: independentSign(dotnetEscapeJson(plain)), rawBody: Buffer.from(pretty), secret: SECRET }),
		).toEqual({ ok: false, reason: 'mismatch' });
	});

	describe('binds the exact bytes: one-byte changes fail for both signed forms', () => {
		const signedForms: Array<[string, string]> = [
			['raw', plain],
			['dotnetEscaped', dotnetEscapeJson(plain)],
		];
		const changes: Array<[string, (body: string) => string]> = [
			['a trailing space', (b) => `${b} `],
			['a trailing newline', (b) => `${b}\n`],
			['a trailing CRLF', (b) => `${b}\r\n`],
			['a leading space', (b) => ` ${b}`],
			['a space after the first colon', (b) => b.replace(':', ': ')],
			['a tab between tokens', (b) => b.replace(',', ',\t')],
			['reordered keys', (b) => JSON.stringify({ Id: 1, Action: 'Update', Fields: JSON.parse(b).Fields })],
			['a changed value (one digit)', (b) => b.replace('"Id":1', '"Id":7')],
			['a changed letter', (b) => b.replace('Update', 'Updatf')],
			['a removed byte', (b) => b.slice(0, -1)],
			['a number spelled differently', (b) => b.replace('"Id":1', '"Id":1.0')],
			['a duplicated key', (b) => b.replace('{', '{"Id":2,')],
		];
		it.each(signedForms)('signature over the %s form: the unchanged body passes', (variant, signed) => {
			expect(verifySignature({ header: independentSign(signed), rawBody: Buffer.from(plain), secret: SECRET })).toEqual({
				ok: true,
				variant,
			});
		});
		for (const [variant, signed] of signedForms) {
			it.each(changes)(`signature over the ${variant} form: %s fails`, (_name, change) => {
				const changed = change(plain);
				expect(changed).not.toBe(plain);
				expect(verifySignature({ header: independentSign(signed), rawBody: Buffer.from(changed), secret: SECRET })).toEqual({
					ok: false,
					reason: 'mismatch',
				});
			});
		}
	});

	it('every single-byte change of a signed body either fails or spells the same JSON value', () => {
		// Exhaustive over positions and a set of replacement bytes: the only changes the escaped
		// form tolerates are other spellings of the same characters (e.g. "\u0026" for "&").
		const body = JSON.stringify({ Action: 'Update', Id: 42, Fields: { Title: 'A&B <c> é', Status: '5' } });
		const header = independentSign(dotnetEscapeJson(body));
		const headerRaw = independentSign(body);
		const bytes = Buffer.from(body, 'utf8');
		const replacements = [0x20, 0x0a, 0x22, 0x5c, 0x30, 0x39, 0x41, 0x61, 0x7b, 0x7d, 0x2c, 0x3a, 0x26, 0xff];
		let tried = 0;
		let accepted = 0;
		for (let i = 0; i <= bytes.length; i++) {
			const variants: Buffer[] = [
				Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]), // delete
				...replacements.map((r) => Buffer.concat([bytes.subarray(0, i), Buffer.from([r]), bytes.subarray(i)])), // insert
				...replacements
					.filter((r) => r !== bytes[i])
					.map((r) => Buffer.concat([bytes.subarray(0, i), Buffer.from([r]), bytes.subarray(i + 1)])), // replace
			];
			for (const changed of variants) {
				if (changed.equals(bytes)) continue;
				tried++;
				for (const h of [header, headerRaw]) {
					const res = verifySignature({ header: h, rawBody: changed, secret: SECRET });
					if (!res.ok) continue;
					accepted++;
					expect(JSON.parse(changed.toString('utf8'))).toEqual(JSON.parse(body));
				}
			}
		}
		expect(tried).toBeGreaterThan(2000);
		expect(accepted).toBe(0);
	});

	it('treats alternative spellings of the same characters alike (escaped form), and nothing else', () => {
		const onWire = '{"Title":"A&B"}';
		const header = independentSign(dotnetEscapeJson(onWire)); // {"Title":"A\u0026B"}
		expect(verifySignature({ header, rawBody: '{"Title":"A\\u0026B"}', secret: SECRET })).toEqual({ ok: true, variant: 'raw' });
		expect(verifySignature({ header, rawBody: onWire, secret: SECRET })).toEqual({ ok: true, variant: 'dotnetEscaped' });
		expect(JSON.parse('{"Title":"A\\u0026B"}')).toEqual(JSON.parse(onWire));
		expect(verifySignature({ header, rawBody: '{"Title":"A&C"}', secret: SECRET })).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('has no escaped form for bytes that are not UTF-8 (they would all read as U+FFFD)', () => {
		const signed = independentSign(dotnetEscapeJson('{"Title":"\uFFFD"}'));
		const invalid = Buffer.concat([Buffer.from('{"Title":"'), Buffer.from([0xff]), Buffer.from('"}')]);
		expect(verifySignature({ header: signed, rawBody: invalid, secret: SECRET })).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('rejects a wrong secret, a changed body, a missing or malformed header', () => {
		const sig = independentSign(plain);
		expect(verifySignature({ header: sig, rawBody: plain, secret: 'other-example-secret' })).toEqual({ ok: false, reason: 'mismatch' });
		expect(verifySignature({ header: sig, rawBody: plain.replace('Update', 'Create'), secret: SECRET })).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		expect(verifySignature({ header: undefined, rawBody: plain, secret: SECRET })).toEqual({ ok: false, reason: 'missing' });
		expect(verifySignature({ header: 'md5=abc', rawBody: plain, secret: SECRET })).toEqual({ ok: false, reason: 'malformed' });
		expect(verifySignature({ header: 'sha1=***', rawBody: plain, secret: SECRET })).toEqual({ ok: false, reason: 'malformed' });
		expect(verifySignature({ header: sig, rawBody: plain, secret: '' })).toEqual({ ok: false, reason: 'noSecret' });
		// Same length, different value: goes through timingSafeEqual.
		const flipped = sig.slice(0, 6) + (sig[6] === 'A' ? 'B' : 'A') + sig.slice(7);
		expect(verifySignature({ header: flipped, rawBody: plain, secret: SECRET })).toEqual({ ok: false, reason: 'mismatch' });
	});
});

describe('callout parsing', () => {
	it('reads a form-encoded body (Name Value Pair)', () => {
		const raw = 'TicketID=10001&TicketNumber=T20260101.0001&Status=1';
		const res = parseCallout({ method: 'POST', contentType: 'application/x-www-form-urlencoded', rawBody: Buffer.from(raw) });
		expect(res).toMatchObject({ ok: true, format: 'form', ticketId: 10001, ticketNumber: 'T20260101.0001', foundBy: 'key:TicketID' });
		expect(res.ok && res.fieldsSeen).toEqual(['TicketID', 'TicketNumber', 'Status']);
	});

	it('reads XML, including name/value elements, CDATA, entities and namespaces', () => {
		const xml =
			'<?xml version="1.0" encoding="utf-8"?><!-- callout --><ns:Callout xmlns:ns="urn:x">' +
			'<ns:Field name="Title"><![CDATA[A & B]]></ns:Field><Field name="Ticket Number">T20260101.0002</Field>' +
			'<Description>x &lt; y &amp; z</Description></ns:Callout>';
		const res = parseCallout({ method: 'POST', contentType: 'text/xml; charset=utf-8', rawBody: Buffer.from(xml) });
		expect(res).toMatchObject({ ok: true, format: 'xml', ticketNumber: 'T20260101.0002' });
		expect(res.ok && res.ticketId).toBeUndefined();
		const pairs = extractXmlPairs(xml);
		expect(pairs.ok && pairs.pairs).toEqual(
			expect.arrayContaining([
				{ key: 'Title', path: 'Title', value: 'A &amp; B'.replace('&amp;', '&') },
				{ key: 'Description', path: 'Description', value: 'x < y & z' },
			]),
		);
	});

	it('reads XML attributes and the xml2js object n8n parses', () => {
		expect(parseCallout({ method: 'POST', contentType: 'application/xml', rawBody: '<ticket id="10002" />' })).toMatchObject({
			ok: true,
			ticketId: 10002,
		});
		const xml2js = { callout: { ticketid: '10003', title: 'x' } };
		expect(parseCallout({ method: 'POST', contentType: 'application/xml', parsedBody: xml2js })).toMatchObject({
			ok: true,
			format: 'xml',
			ticketId: 10003,
		});
	});

	it('reads JSON with nested and name/value shapes', () => {
		const res = parseCallout({
			method: 'POST',
			contentType: 'application/json',
			rawBody: JSON.stringify({ company: { id: 174 }, ticket: { id: 10001 } }),
		});
		expect(res).toMatchObject({ ok: true, format: 'json', ticketId: 10001 });
		const nv = parseCallout({
			method: 'POST',
			contentType: 'application/json',
			rawBody: JSON.stringify([{ name: 'entityId', value: '10002' }]),
		});
		expect(nv).toMatchObject({ ok: true, ticketId: 10002 });
	});

	it('ignores a nested id that does not belong to the ticket', () => {
		const res = parseCallout({ method: 'POST', contentType: 'application/json', rawBody: JSON.stringify({ company: { id: 174 } }) });
		expect(res).toMatchObject({ ok: false, status: 400 });
	});

	it('finds a ticket number or a ticket link by value pattern', () => {
		expect(
			parseCallout({ method: 'POST', contentType: 'application/x-www-form-urlencoded', rawBody: 'subject=Ticket+T20260101.0003+created' }),
		).toMatchObject({ ok: true, ticketNumber: 'T20260101.0003', foundBy: 'pattern:subject' });
		expect(
			parseCallout({
				method: 'POST',
				contentType: 'application/x-www-form-urlencoded',
				rawBody: 'link=' + encodeURIComponent('https://ww5.autotask.net/x?Code=OpenTicketDetail&TicketID=10001'),
			}),
		).toMatchObject({ ok: true, ticketId: 10001 });
	});

	it('reads a GET query and hides the secret parameter', () => {
		const res = parseCallout({ method: 'GET', query: { secret: 'example-url-secret', ticketNumber: 't20260101.0004' }, hiddenKeys: ['secret'] });
		expect(res).toMatchObject({ ok: true, format: 'query', ticketNumber: 'T20260101.0004', body: { ticketNumber: 't20260101.0004' } });
		expect(JSON.stringify(res)).not.toContain('example-url-secret');
	});

	it('sniffs text/plain and a missing content type', () => {
		expect(parseCallout({ method: 'POST', contentType: 'text/plain', rawBody: 'ticketId=5' })).toMatchObject({ ok: true, format: 'form' });
		expect(parseCallout({ method: 'POST', rawBody: '{"ticketId":5}' })).toMatchObject({ ok: true, format: 'json' });
		expect(parseCallout({ method: 'POST', rawBody: '<a><ticketId>5</ticketId></a>' })).toMatchObject({ ok: true, format: 'xml' });
	});

	it.each([
		['empty body', { method: 'POST', contentType: 'application/json', rawBody: '' }, 400, /Empty body/],
		['truncated JSON', { method: 'POST', contentType: 'application/json', rawBody: '{"ticketId": 1' }, 400, /Invalid JSON/],
		['JSON scalar', { method: 'POST', contentType: 'application/json', rawBody: '42' }, 400, /object or an array/],
		['truncated XML', { method: 'POST', contentType: 'text/xml', rawBody: '<a><ticketId>1</ticketId>' }, 400, /not closed/],
		['mismatched XML', { method: 'POST', contentType: 'text/xml', rawBody: '<a><b>1</a></b>' }, 400, /does not match/],
		['two XML roots', { method: 'POST', contentType: 'text/xml', rawBody: '<a>1</a><b>2</b>' }, 400, /more than one root/],
		['wrong content type', { method: 'POST', contentType: 'image/png', rawBody: 'ticketId=1' }, 415, /not accepted/],
		['multipart', { method: 'POST', contentType: 'multipart/form-data; boundary=x', rawBody: 'x' }, 415, /not accepted/],
		['binary', { method: 'POST', contentType: 'text/plain', rawBody: Buffer.from([0xff, 0xfe, 0x00, 0x41]) }, 400, /UTF-8/],
		['oversized', { method: 'POST', contentType: 'application/json', rawBody: 'x'.repeat(300 * 1024) }, 413, /larger than/],
		['no ticket', { method: 'POST', contentType: 'application/x-www-form-urlencoded', rawBody: 'foo=bar&n=abc' }, 400, /fields seen: foo, n/],
		['GET without id', { method: 'GET', query: {} }, 400, /No ticket id/],
		['PUT', { method: 'PUT', rawBody: 'ticketId=1' }, 400, /not accepted/],
	])('rejects %s', (_name, input, status, message) => {
		const res = parseCallout(input as never);
		expect(res.ok).toBe(false);
		if (!res.ok) {
			expect(res.status).toBe(status);
			expect(res.message).toMatch(message);
		}
	});
});

describe('webhook envelope', () => {
	it('reads keys case-insensitively and coerces numbers', () => {
		const res = parseWebhookEnvelope({
			action: 'update',
			GUID: 'g-1',
			entitytype: 'Ticket',
			id: '10001',
			fields: { Status: '5' },
			sequenceNumber: '7',
			PersonId: 29682886,
		});
		expect(res).toEqual({
			ok: true,
			envelope: {
				action: 'Update',
				guid: 'g-1',
				entityType: 'Ticket',
				id: 10001,
				fields: { Status: '5' },
				eventTime: null,
				sequenceNumber: 7,
				personId: 29682886,
			},
		});
	});

	it('accepts a Deactivated notice without a ticket and rejects non-ticket or id-less events', () => {
		expect(parseWebhookEnvelope({ Action: 'Deactivated', Guid: 'g', Id: 42 })).toMatchObject({ ok: true, envelope: { action: 'Deactivated' } });
		expect(parseWebhookEnvelope({ Action: 'Update', EntityType: 'Company', Id: 1 })).toMatchObject({ ok: false, status: 400 });
		expect(parseWebhookEnvelope({ Action: 'Update', EntityType: 'Ticket' })).toMatchObject({ ok: false, status: 400 });
		expect(parseWebhookEnvelope({ Action: 'Explode', Id: 1 })).toMatchObject({ ok: false, status: 400 });
		expect(parseWebhookEnvelope([1, 2])).toMatchObject({ ok: false, status: 400 });
	});
});

describe('callout output hides secrets', () => {
	it('drops password-like keys from the reported body and fields', () => {
		const res = parseCallout({
			method: 'POST',
			contentType: 'application/json',
			rawBody: JSON.stringify({ ticketId: 3, password: 'example-dummy-password', apiToken: 'xxxx-token' }),
		});
		expect(res).toMatchObject({ ok: true, ticketId: 3, fieldsSeen: ['ticketId'] });
		expect(JSON.stringify(res)).not.toMatch(/example-dummy-password|xxxx-token/);
	});
});
