import { parseCallout } from '../../../../../nodes/shared/domain/callout';
import {
	cleanParsed,
	jsonNestingExceeds,
	MAX_BODY_DEPTH,
	parseJsonBody,
	parseJsonText,
	xmlDtdProblem,
} from '../../../../../nodes/shared/domain/safeBody';

const nested = (levels: number, inner = '{"TicketID":1}') => '{"a":'.repeat(levels) + inner + '}'.repeat(levels);
const nestedArrays = (levels: number) => '['.repeat(levels) + '1' + ']'.repeat(levels);

describe('nesting measured on the text', () => {
	it('accepts up to the bound and refuses one level more, for objects and arrays', () => {
		// nested(n) has n + 1 levels (the inner object counts).
		expect(jsonNestingExceeds(nested(MAX_BODY_DEPTH - 1))).toBe(false);
		expect(jsonNestingExceeds(nested(MAX_BODY_DEPTH))).toBe(true);
		expect(jsonNestingExceeds(nestedArrays(MAX_BODY_DEPTH))).toBe(false);
		expect(jsonNestingExceeds(nestedArrays(MAX_BODY_DEPTH + 1))).toBe(true);
		expect(jsonNestingExceeds('[{"a":[{"b":1}]}]', 4)).toBe(false);
		expect(jsonNestingExceeds('[{"a":[{"b":1}]}]', 3)).toBe(true);
	});

	it('does not count brackets inside strings, including escaped quotes', () => {
		const text = JSON.stringify({ t: '{'.repeat(100) + '\\"[[[[' + '['.repeat(100), u: '"}}}' });
		expect(jsonNestingExceeds(text, 1)).toBe(false);
		expect(jsonNestingExceeds('{"a\\"{{{":{"b":1}}', 2)).toBe(false);
		expect(jsonNestingExceeds('{"a\\"{{{":{"b":1}}', 1)).toBe(true);
	});

	it('counts depth, not the number of sibling objects', () => {
		const wide = JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ i, v: [i] })));
		expect(jsonNestingExceeds(wide, 3)).toBe(false);
	});

	it('refuses 100,000 levels without parsing them (the parser is never called)', () => {
		const deep = nested(100_000);
		const parse = jest.spyOn(JSON, 'parse');
		try {
			expect(parseJsonText(deep)).toEqual({ ok: false, status: 400, message: `Body is nested deeper than ${MAX_BODY_DEPTH} levels` });
			expect(parse).not.toHaveBeenCalled();
		} finally {
			parse.mockRestore();
		}
	});
});

describe('prototype keys', () => {
	it('drops __proto__, constructor and prototype at every level and reports where', () => {
		const text = '{"TicketID":5,"__proto__":{"polluted":1},"a":{"constructor":{"prototype":{"x":1}},"ok":2},"list":[{"prototype":3,"k":4}]}';
		const res = parseJsonText(text);
		expect(res).toEqual({
			ok: true,
			value: { TicketID: 5, a: { ok: 2 }, list: [{ k: 4 }] },
			droppedKeys: ['__proto__', 'a.constructor', 'list[0].prototype'],
		});
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		if (res.ok) {
			expect(Object.getPrototypeOf(res.value)).toBe(Object.prototype);
			expect(Object.prototype.hasOwnProperty.call(res.value, '__proto__')).toBe(false);
		}
	});

	it('keeps keys that only look similar', () => {
		const res = parseJsonText('{"Constructor":1,"proto":2,"__proto":3,"prototypes":4}');
		expect(res).toEqual({ ok: true, value: { Constructor: 1, proto: 2, __proto: 3, prototypes: 4 }, droppedKeys: [] });
	});

	it('cleans objects without a prototype (querystring.parse) into plain objects', () => {
		const parsed = Object.assign(Object.create(null) as Record<string, unknown>, { TicketID: '7', constructor: 'x' });
		const res = cleanParsed(parsed);
		expect(res).toEqual({ ok: true, value: { TicketID: '7' }, droppedKeys: ['constructor'] });
		if (res.ok) expect(Object.getPrototypeOf(res.value)).toBe(Object.prototype);
	});

	it('refuses an already-parsed value nested deeper than the bound, without deep recursion', () => {
		let deep: Record<string, unknown> = { TicketID: 1 };
		for (let i = 0; i < 100_000; i++) deep = { a: deep };
		expect(cleanParsed(deep)).toMatchObject({ ok: false, status: 400 });
		expect(cleanParsed({ a: { b: 1 } }, 2)).toMatchObject({ ok: true });
		expect(cleanParsed({ a: { b: { c: 1 } } }, 2)).toMatchObject({ ok: false });
	});

	it('reports at most 20 paths and counts the rest', () => {
		const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, { constructor: i }]));
		const res = cleanParsed(many);
		expect(res.ok && res.droppedKeys).toHaveLength(21);
		expect(res.ok && res.droppedKeys[20]).toBe('… 10 more');
	});
});

describe('parseJsonBody (webhook JSON path)', () => {
	it('reads raw bytes strictly and falls back to the parsed body, cleaned', () => {
		expect(parseJsonBody(Buffer.from('{"Id":1}'), undefined)).toEqual({ ok: true, value: { Id: 1 }, droppedKeys: [] });
		expect(parseJsonBody(Buffer.from([0x7b, 0xff, 0x7d]), undefined)).toEqual({ ok: false, status: 400, message: 'Body is not UTF-8 text' });
		expect(parseJsonBody(Buffer.from('{"Id":'), undefined)).toMatchObject({ ok: false, message: 'Invalid JSON body (malformed or truncated)' });
		expect(parseJsonBody(undefined, { Id: 2, prototype: 1 })).toEqual({ ok: true, value: { Id: 2 }, droppedKeys: ['prototype'] });
		expect(parseJsonBody(Buffer.alloc(0), {})).toMatchObject({ ok: false, message: /Empty body/ });
		expect(parseJsonBody(Buffer.from(nested(40)), undefined)).toMatchObject({ ok: false, message: /nested deeper than 32/ });
	});
});

describe('XML document type declarations', () => {
	it.each([
		['<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>', 'DOCTYPE'],
		['<?xml version="1.0"?>\n<!doctype r SYSTEM "file:///etc/passwd"><r/>', 'DOCTYPE'],
		['<r><!ENTITY x "y"></r>', 'ENTITY'],
		['<r><!ELEMENT r ANY></r>', 'ELEMENT'],
		['<r><!ATTLIST r a CDATA #IMPLIED></r>', 'ATTLIST'],
		['<r><! DOCTYPE></r>', '"<!" markup'],
	])('refuses %s', (xml, word) => {
		expect(xmlDtdProblem(xml)).toContain(word);
	});

	it('allows comments and CDATA, also when their text mentions a DOCTYPE', () => {
		expect(xmlDtdProblem('<r><!-- <!DOCTYPE x> --><t><![CDATA[<!DOCTYPE html><p>&amp;</p>]]></t></r>')).toBeUndefined();
		expect(xmlDtdProblem('<?xml version="1.0"?><Ticket><TicketID>1</TicketID></Ticket>')).toBeUndefined();
		expect(xmlDtdProblem('<r><!-- one --><!DOCTYPE r></r>')).toContain('DOCTYPE');
	});
});

describe('parseCallout applies the guards', () => {
	const form = 'application/x-www-form-urlencoded';

	it('refuses deep JSON with 400 and names the bound', () => {
		const deep = nested(100_000);
		expect(parseCallout({ method: 'POST', contentType: 'application/json', rawBody: Buffer.from(deep) })).toMatchObject({ status: 413 });
		const res = parseCallout({ method: 'POST', contentType: 'application/json', rawBody: Buffer.from(deep), maxBodyBytes: 1 << 20 });
		expect(res).toEqual({ ok: false, status: 400, message: 'Body is nested deeper than 32 levels' });
		// Sniffed JSON (text/plain) too.
		expect(parseCallout({ method: 'POST', contentType: 'text/plain', rawBody: Buffer.from(nested(40)) })).toMatchObject({ status: 400 });
	});

	it('drops prototype keys from JSON output and fields searched', () => {
		const raw = '{"__proto__":{"TicketID":9},"constructor":{"prototype":{"TicketID":8}},"TicketID":10001}';
		const res = parseCallout({ method: 'POST', contentType: 'application/json', rawBody: Buffer.from(raw) });
		expect(res).toMatchObject({ ok: true, ticketId: 10001, body: { TicketID: 10001 }, droppedKeys: ['__proto__', 'constructor'] });
		expect(res.ok && res.fieldsSeen).toEqual(['TicketID']);
	});

	it('drops prototype keys from a form body, even repeated ones (they would replace the prototype)', () => {
		const raw = '__proto__=a&__proto__=b&constructor=c&TicketID=10001&prototype=d';
		const res = parseCallout({ method: 'POST', contentType: form, rawBody: Buffer.from(raw) });
		expect(res).toMatchObject({ ok: true, ticketId: 10001, droppedKeys: ['__proto__', 'constructor', 'prototype'] });
		if (res.ok) {
			expect(Object.getPrototypeOf(res.body)).toBe(Object.prototype);
			expect(res.body).toEqual({ TicketID: '10001' });
			expect(res.fieldsSeen).toEqual(['TicketID']);
		}
	});

	it('a body made only of prototype keys has no ticket reference: 400', () => {
		const res = parseCallout({ method: 'POST', contentType: form, rawBody: Buffer.from('__proto__=10001&constructor=T20260101.0001') });
		expect(res).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/No ticket id/) });
	});

	it('cleans the query string of a GET and of a POST', () => {
		const query = { TicketID: '10001', constructor: 'x', nested: { prototype: 'y', ok: 'z' } };
		const get = parseCallout({ method: 'GET', query });
		expect(get).toMatchObject({ ok: true, ticketId: 10001, body: { TicketID: '10001', nested: { ok: 'z' } } });
		expect(get.ok && get.droppedKeys).toEqual(['query.constructor', 'query.nested.prototype']);
		const post = parseCallout({ method: 'POST', contentType: form, query, rawBody: Buffer.alloc(0) });
		expect(post).toMatchObject({ ok: true, format: 'query', body: { TicketID: '10001', nested: { ok: 'z' } } });
	});

	it('refuses a query nested deeper than the bound', () => {
		let q: Record<string, unknown> = { TicketID: '1' };
		for (let i = 0; i < 40; i++) q = { a: q };
		expect(parseCallout({ method: 'GET', query: q })).toMatchObject({ ok: false, status: 400, message: /^Query string: .*nested deeper/ });
	});

	it('never shows the URL secret in a query-only POST body', () => {
		const res = parseCallout({ method: 'POST', contentType: form, query: { secret: 's3cr3t-example', TicketID: '5' }, rawBody: Buffer.alloc(0), hiddenKeys: ['secret'] });
		expect(res).toMatchObject({ ok: true, format: 'query', ticketId: 5, body: { TicketID: '5' } });
		expect(JSON.stringify(res)).not.toContain('s3cr3t-example');
	});

	it('cleans what n8n parsed when there are no raw bytes', () => {
		const parsedBody = { TicketID: '10001', __proto__: null, constructor: 'x' } as unknown as Record<string, unknown>;
		const res = parseCallout({ method: 'POST', contentType: form, parsedBody });
		expect(res).toMatchObject({ ok: true, ticketId: 10001, body: { TicketID: '10001' }, droppedKeys: ['constructor'] });
	});

	it('refuses XML with a DTD or entities before extracting anything', () => {
		const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "${'a'.repeat(100)}"><!ENTITY b "&a;&a;&a;&a;">]><r><TicketID>10001</TicketID><x>${'&b;'.repeat(10000)}</x></r>`;
		const res = parseCallout({ method: 'POST', contentType: 'application/xml', rawBody: Buffer.from(bomb) });
		expect(res).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/document type declaration \(<!DOCTYPE\).*Name Value Pair/) });
		const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><TicketID>&x;</TicketID></r>';
		expect(parseCallout({ method: 'POST', contentType: 'text/xml', rawBody: Buffer.from(xxe) })).toMatchObject({ ok: false, status: 400 });
		// Without a content type the body is sniffed as XML and refused the same way.
		expect(parseCallout({ method: 'POST', rawBody: Buffer.from(xxe) })).toMatchObject({ ok: false, status: 400, message: /DOCTYPE/ });
	});

	it('still reads a plain XML callout with comments and CDATA', () => {
		const xml = '<?xml version="1.0"?><!-- Autotask --><Ticket><TicketID>10001</TicketID><Title><![CDATA[A & B]]></Title></Ticket>';
		expect(parseCallout({ method: 'POST', contentType: 'text/xml', rawBody: Buffer.from(xml) })).toMatchObject({ ok: true, format: 'xml', ticketId: 10001 });
	});
});
