import { createHmac } from 'node:crypto';

import { parseWebhookEnvelope } from '../../../nodes/shared/domain/autotaskWebhook';
import { extractXmlPairs, parseCallout } from '../../../nodes/shared/domain/callout';
import { dotnetEscapeJson, signBody, verifySignature } from '../../../nodes/shared/domain/signature';
import { dotnetJson } from '../../simulators';

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

	it('accepts the escaped re-serialisation of the parsed body when the raw bytes were re-encoded', () => {
		const pretty = JSON.stringify(JSON.parse(plain), null, 2);
		const res = verifySignature({
			header: independentSign(dotnetEscapeJson(plain)),
			rawBody: Buffer.from(pretty),
			parsedBody: JSON.parse(pretty),
			secret: SECRET,
		});
		expect(res).toEqual({ ok: true, variant: 'reserialized' });
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
