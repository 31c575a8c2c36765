import {
	cleanParsed,
	jsonNestingExceeds,
	MAX_BODY_DEPTH,
	parseJsonBody,
	parseJsonText,
	xmlDtdProblem,
} from '../../../../../nodes/shared/domain/safeBody';

const nested = (levels: number, inner = '{"TicketID":1}') =>
	'{"a":'.repeat(levels) + inner + '}'.repeat(levels);
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
			expect(parseJsonText(deep)).toEqual({
				ok: false,
				status: 400,
				message: `Body is nested deeper than ${MAX_BODY_DEPTH} levels`,
			});
			expect(parse).not.toHaveBeenCalled();
		} finally {
			parse.mockRestore();
		}
	});
});

describe('prototype keys', () => {
	it('drops __proto__, constructor and prototype at every level and reports where', () => {
		const text =
			'{"TicketID":5,"__proto__":{"polluted":1},"a":{"constructor":{"prototype":{"x":1}},"ok":2},"list":[{"prototype":3,"k":4}]}';
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
		expect(res).toEqual({
			ok: true,
			value: { Constructor: 1, proto: 2, __proto: 3, prototypes: 4 },
			droppedKeys: [],
		});
	});

	it('cleans objects without a prototype (querystring.parse) into plain objects', () => {
		const parsed = Object.assign(Object.create(null) as Record<string, unknown>, {
			TicketID: '7',
			constructor: 'x',
		});
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
		const many = Object.fromEntries(
			Array.from({ length: 30 }, (_, i) => [`k${i}`, { constructor: i }]),
		);
		const res = cleanParsed(many);
		expect(res.ok && res.droppedKeys).toHaveLength(21);
		expect(res.ok && res.droppedKeys[20]).toBe('… 10 more');
	});
});

describe('parseJsonBody (webhook JSON path)', () => {
	it('reads raw bytes strictly and falls back to the parsed body, cleaned', () => {
		expect(parseJsonBody(Buffer.from('{"Id":1}'), undefined)).toEqual({
			ok: true,
			value: { Id: 1 },
			droppedKeys: [],
		});
		expect(parseJsonBody(Buffer.from([0x7b, 0xff, 0x7d]), undefined)).toEqual({
			ok: false,
			status: 400,
			message: 'Body is not UTF-8 text',
		});
		expect(parseJsonBody(Buffer.from('{"Id":'), undefined)).toMatchObject({
			ok: false,
			message: 'Invalid JSON body (malformed or truncated)',
		});
		expect(parseJsonBody(undefined, { Id: 2, prototype: 1 })).toEqual({
			ok: true,
			value: { Id: 2 },
			droppedKeys: ['prototype'],
		});
		expect(parseJsonBody(Buffer.alloc(0), {})).toMatchObject({ ok: false, message: /Empty body/ });
		expect(parseJsonBody(Buffer.from(nested(40)), undefined)).toMatchObject({
			ok: false,
			message: /nested deeper than 32/,
		});
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
		expect(
			xmlDtdProblem('<r><!-- <!DOCTYPE x> --><t><![CDATA[<!DOCTYPE html><p>&amp;</p>]]></t></r>'),
		).toBeUndefined();
		expect(
			xmlDtdProblem('<?xml version="1.0"?><Ticket><TicketID>1</TicketID></Ticket>'),
		).toBeUndefined();
		expect(xmlDtdProblem('<r><!-- one --><!DOCTYPE r></r>')).toContain('DOCTYPE');
	});
});
