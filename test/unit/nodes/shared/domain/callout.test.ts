import { parseCallout } from '../../../../../nodes/shared/domain/callout';

const nested = (levels: number, inner = '{"TicketID":1}') =>
	'{"a":'.repeat(levels) + inner + '}'.repeat(levels);

describe('callout parsing', () => {
	it('reads a form-encoded body (Name Value Pair)', () => {
		const raw = 'TicketID=10001&TicketNumber=T20260101.0001&Status=1';
		const res = parseCallout({
			method: 'POST',
			contentType: 'application/x-www-form-urlencoded',
			rawBody: Buffer.from(raw),
		});
		expect(res).toMatchObject({
			ok: true,
			format: 'form',
			ticketId: 10001,
			ticketNumber: 'T20260101.0001',
			foundBy: 'key:TicketID',
		});
		expect(res.ok && res.fieldsSeen).toEqual(['TicketID', 'TicketNumber', 'Status']);
	});

	it('reads XML, including name/value elements, CDATA, entities and namespaces', () => {
		const xml =
			'<?xml version="1.0" encoding="utf-8"?><!-- callout --><ns:Callout xmlns:ns="urn:x">' +
			'<ns:Field name="Title"><![CDATA[A & B]]></ns:Field><Field name="Ticket Number">T20260101.0002</Field>' +
			'<Description>x &lt; y &amp; z</Description></ns:Callout>';
		const res = parseCallout({
			method: 'POST',
			contentType: 'text/xml; charset=utf-8',
			rawBody: Buffer.from(xml),
		});
		expect(res).toMatchObject({ ok: true, format: 'xml', ticketNumber: 'T20260101.0002' });
		expect(res.ok && res.ticketId).toBeUndefined();
	});

	it('reads XML attributes and the xml2js object n8n parses', () => {
		expect(
			parseCallout({
				method: 'POST',
				contentType: 'application/xml',
				rawBody: '<ticket id="10002" />',
			}),
		).toMatchObject({
			ok: true,
			ticketId: 10002,
		});
		const xml2js = { callout: { ticketid: '10003', title: 'x' } };
		expect(
			parseCallout({ method: 'POST', contentType: 'application/xml', parsedBody: xml2js }),
		).toMatchObject({
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
		const res = parseCallout({
			method: 'POST',
			contentType: 'application/json',
			rawBody: JSON.stringify({ company: { id: 174 } }),
		});
		expect(res).toMatchObject({ ok: false, status: 400 });
	});

	it('finds a ticket number or a ticket link by value pattern', () => {
		expect(
			parseCallout({
				method: 'POST',
				contentType: 'application/x-www-form-urlencoded',
				rawBody: 'subject=Ticket+T20260101.0003+created',
			}),
		).toMatchObject({ ok: true, ticketNumber: 'T20260101.0003', foundBy: 'pattern:subject' });
		expect(
			parseCallout({
				method: 'POST',
				contentType: 'application/x-www-form-urlencoded',
				rawBody:
					'link=' +
					encodeURIComponent('https://ww5.autotask.net/x?Code=OpenTicketDetail&TicketID=10001'),
			}),
		).toMatchObject({ ok: true, ticketId: 10001 });
	});

	it('reads a GET query and hides the secret parameter', () => {
		const res = parseCallout({
			method: 'GET',
			query: { secret: 'example-url-secret', ticketNumber: 't20260101.0004' },
			hiddenKeys: ['secret'],
		});
		expect(res).toMatchObject({
			ok: true,
			format: 'query',
			ticketNumber: 'T20260101.0004',
			body: { ticketNumber: 't20260101.0004' },
		});
		expect(JSON.stringify(res)).not.toContain('example-url-secret');
	});

	it('sniffs text/plain and a missing content type', () => {
		expect(
			parseCallout({ method: 'POST', contentType: 'text/plain', rawBody: 'ticketId=5' }),
		).toMatchObject({ ok: true, format: 'form' });
		expect(parseCallout({ method: 'POST', rawBody: '{"ticketId":5}' })).toMatchObject({
			ok: true,
			format: 'json',
		});
		expect(
			parseCallout({ method: 'POST', rawBody: '<a><ticketId>5</ticketId></a>' }),
		).toMatchObject({ ok: true, format: 'xml' });
	});

	it.each([
		[
			'empty body',
			{ method: 'POST', contentType: 'application/json', rawBody: '' },
			400,
			/Empty body/,
		],
		[
			'truncated JSON',
			{ method: 'POST', contentType: 'application/json', rawBody: '{"ticketId": 1' },
			400,
			/Invalid JSON/,
		],
		[
			'JSON scalar',
			{ method: 'POST', contentType: 'application/json', rawBody: '42' },
			400,
			/object or an array/,
		],
		[
			'truncated XML',
			{ method: 'POST', contentType: 'text/xml', rawBody: '<a><ticketId>1</ticketId>' },
			400,
			/not closed/,
		],
		[
			'mismatched XML',
			{ method: 'POST', contentType: 'text/xml', rawBody: '<a><b>1</a></b>' },
			400,
			/does not match/,
		],
		[
			'two XML roots',
			{ method: 'POST', contentType: 'text/xml', rawBody: '<a>1</a><b>2</b>' },
			400,
			/more than one root/,
		],
		[
			'wrong content type',
			{ method: 'POST', contentType: 'image/png', rawBody: 'ticketId=1' },
			415,
			/not accepted/,
		],
		[
			'multipart',
			{ method: 'POST', contentType: 'multipart/form-data; boundary=x', rawBody: 'x' },
			415,
			/not accepted/,
		],
		[
			'binary',
			{ method: 'POST', contentType: 'text/plain', rawBody: Buffer.from([0xff, 0xfe, 0x00, 0x41]) },
			400,
			/UTF-8/,
		],
		[
			'oversized',
			{ method: 'POST', contentType: 'application/json', rawBody: 'x'.repeat(300 * 1024) },
			413,
			/larger than/,
		],
		[
			'no ticket',
			{
				method: 'POST',
				contentType: 'application/x-www-form-urlencoded',
				rawBody: 'foo=bar&n=abc',
			},
			400,
			/fields seen: foo, n/,
		],
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

describe('callout output hides secrets', () => {
	it('drops password-like keys from the reported body and fields', () => {
		const res = parseCallout({
			method: 'POST',
			contentType: 'application/json',
			rawBody: JSON.stringify({
				ticketId: 3,
				password: 'example-dummy-password',
				apiToken: 'xxxx-token',
			}),
		});
		expect(res).toMatchObject({ ok: true, ticketId: 3, fieldsSeen: ['ticketId'] });
		expect(JSON.stringify(res)).not.toMatch(/example-dummy-password|xxxx-token/);
	});
});

describe('parseCallout applies the guards', () => {
	const form = 'application/x-www-form-urlencoded';

	it('refuses deep JSON with 400 and names the bound', () => {
		const deep = nested(100_000);
		expect(
			parseCallout({ method: 'POST', contentType: 'application/json', rawBody: Buffer.from(deep) }),
		).toMatchObject({ status: 413 });
		const res = parseCallout({
			method: 'POST',
			contentType: 'application/json',
			rawBody: Buffer.from(deep),
			maxBodyBytes: 1 << 20,
		});
		expect(res).toEqual({
			ok: false,
			status: 400,
			message: 'Body is nested deeper than 32 levels',
		});
		// Sniffed JSON (text/plain) too.
		expect(
			parseCallout({ method: 'POST', contentType: 'text/plain', rawBody: Buffer.from(nested(40)) }),
		).toMatchObject({ status: 400 });
	});

	it('drops prototype keys from JSON output and fields searched', () => {
		const raw =
			'{"__proto__":{"TicketID":9},"constructor":{"prototype":{"TicketID":8}},"TicketID":10001}';
		const res = parseCallout({
			method: 'POST',
			contentType: 'application/json',
			rawBody: Buffer.from(raw),
		});
		expect(res).toMatchObject({
			ok: true,
			ticketId: 10001,
			body: { TicketID: 10001 },
			droppedKeys: ['__proto__', 'constructor'],
		});
		expect(res.ok && res.fieldsSeen).toEqual(['TicketID']);
	});

	it('drops prototype keys from a form body, even repeated ones (they would replace the prototype)', () => {
		const raw = '__proto__=a&__proto__=b&constructor=c&TicketID=10001&prototype=d';
		const res = parseCallout({ method: 'POST', contentType: form, rawBody: Buffer.from(raw) });
		expect(res).toMatchObject({
			ok: true,
			ticketId: 10001,
			droppedKeys: ['__proto__', 'constructor', 'prototype'],
		});
		if (res.ok) {
			expect(Object.getPrototypeOf(res.body)).toBe(Object.prototype);
			expect(res.body).toEqual({ TicketID: '10001' });
			expect(res.fieldsSeen).toEqual(['TicketID']);
		}
	});

	it('a body made only of prototype keys has no ticket reference: 400', () => {
		const res = parseCallout({
			method: 'POST',
			contentType: form,
			rawBody: Buffer.from('__proto__=10001&constructor=T20260101.0001'),
		});
		expect(res).toMatchObject({
			ok: false,
			status: 400,
			message: expect.stringMatching(/No ticket id/),
		});
	});

	it('cleans the query string of a GET and of a POST', () => {
		const query = { TicketID: '10001', constructor: 'x', nested: { prototype: 'y', ok: 'z' } };
		const get = parseCallout({ method: 'GET', query });
		expect(get).toMatchObject({
			ok: true,
			ticketId: 10001,
			body: { TicketID: '10001', nested: { ok: 'z' } },
		});
		expect(get.ok && get.droppedKeys).toEqual(['query.constructor', 'query.nested.prototype']);
		const post = parseCallout({
			method: 'POST',
			contentType: form,
			query,
			rawBody: Buffer.alloc(0),
		});
		expect(post).toMatchObject({
			ok: true,
			format: 'query',
			body: { TicketID: '10001', nested: { ok: 'z' } },
		});
	});

	it('refuses a query nested deeper than the bound', () => {
		let q: Record<string, unknown> = { TicketID: '1' };
		for (let i = 0; i < 40; i++) q = { a: q };
		expect(parseCallout({ method: 'GET', query: q })).toMatchObject({
			ok: false,
			status: 400,
			message: /^Query string: .*nested deeper/,
		});
	});

	it('never shows the URL secret in a query-only POST body', () => {
		const res = parseCallout({
			method: 'POST',
			contentType: form,
			query: { secret: 's3cr3t-example', TicketID: '5' },
			rawBody: Buffer.alloc(0),
			hiddenKeys: ['secret'],
		});
		expect(res).toMatchObject({ ok: true, format: 'query', ticketId: 5, body: { TicketID: '5' } });
		expect(JSON.stringify(res)).not.toContain('s3cr3t-example');
	});

	it('cleans what n8n parsed when there are no raw bytes', () => {
		const parsedBody = {
			TicketID: '10001',
			__proto__: null,
			constructor: 'x',
		} as unknown as Record<string, unknown>;
		const res = parseCallout({ method: 'POST', contentType: form, parsedBody });
		expect(res).toMatchObject({
			ok: true,
			ticketId: 10001,
			body: { TicketID: '10001' },
			droppedKeys: ['constructor'],
		});
	});

	it('refuses XML with a DTD or entities before extracting anything', () => {
		const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "${'a'.repeat(100)}"><!ENTITY b "&a;&a;&a;&a;">]><r><TicketID>10001</TicketID><x>${'&b;'.repeat(10000)}</x></r>`;
		const res = parseCallout({
			method: 'POST',
			contentType: 'application/xml',
			rawBody: Buffer.from(bomb),
		});
		expect(res).toMatchObject({
			ok: false,
			status: 400,
			message: expect.stringMatching(/document type declaration \(<!DOCTYPE\).*Name Value Pair/),
		});
		const xxe =
			'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><TicketID>&x;</TicketID></r>';
		expect(
			parseCallout({ method: 'POST', contentType: 'text/xml', rawBody: Buffer.from(xxe) }),
		).toMatchObject({ ok: false, status: 400 });
		// Without a content type the body is sniffed as XML and refused the same way.
		expect(parseCallout({ method: 'POST', rawBody: Buffer.from(xxe) })).toMatchObject({
			ok: false,
			status: 400,
			message: /DOCTYPE/,
		});
	});

	it('still reads a plain XML callout with comments and CDATA', () => {
		const xml =
			'<?xml version="1.0"?><!-- Autotask --><Ticket><TicketID>10001</TicketID><Title><![CDATA[A & B]]></Title></Ticket>';
		expect(
			parseCallout({ method: 'POST', contentType: 'text/xml', rawBody: Buffer.from(xml) }),
		).toMatchObject({ ok: true, format: 'xml', ticketId: 10001 });
	});
});
