import { extractXmlPairs } from '../../../../../nodes/shared/domain/xmlPairs';

function pairsOf(xml: string) {
	const result = extractXmlPairs(xml);
	if (!result.ok) throw new Error(result.message);
	return result.pairs;
}

function errorOf(xml: string): string {
	const result = extractXmlPairs(xml);
	if (result.ok) throw new Error(`expected an error for ${xml}`);
	return result.message;
}

describe('extractXmlPairs: what it reads', () => {
	it('reads a callout with name/value elements, CDATA, entities and namespaces', () => {
		const xml =
			'<?xml version="1.0" encoding="utf-8"?><!-- callout --><ns:Callout xmlns:ns="urn:x">' +
			'<ns:Field name="Title"><![CDATA[A & B]]></ns:Field><Field name="Ticket Number">T20260101.0002</Field>' +
			'<Description>x &lt; y &amp; z</Description></ns:Callout>';
		const pairs = extractXmlPairs(xml);
		expect(pairs.ok && pairs.pairs).toEqual(
			expect.arrayContaining([
				{ key: 'Title', path: 'Title', value: 'A &amp; B'.replace('&amp;', '&') },
				{ key: 'Description', path: 'Description', value: 'x < y & z' },
			]),
		);
	});

	it('reads leaf elements under their local name, in document order', () => {
		expect(
			pairsOf('<ns:a xmlns:ns="urn:x"><ns:TicketID>42</ns:TicketID><b> x </b></ns:a>'),
		).toEqual([
			{ key: 'TicketID', path: 'TicketID', value: '42' },
			{ key: 'b', path: 'b', value: 'x' },
		]);
	});

	it('names an element by its name/key/field attribute too, and keeps other attributes (not xmlns)', () => {
		expect(pairsOf('<r><Field name="Ticket Number" kind="t">T20260101.0001</Field></r>')).toEqual([
			{ key: 'kind', path: 'Field.kind', value: 't' },
			{ key: 'Field', path: 'Field', value: 'T20260101.0001' },
			{ key: 'Ticket Number', path: 'Ticket Number', value: 'T20260101.0001' },
		]);
		expect(pairsOf("<r xmlns='urn:x'><x key='TicketID'/></r>")).toEqual([
			{ key: 'x', path: 'x', value: 'TicketID' },
		]);
	});

	it('decodes entities and CDATA, skips comments and processing instructions', () => {
		expect(
			pairsOf(
				'<?xml version="1.0"?><!-- c --><r><a><![CDATA[A & <B>]]></a><b>&#x41;&#66;&lt;&unknown;</b></r>',
			),
		).toEqual([
			{ key: 'a', path: 'a', value: 'A & <B>' },
			{ key: 'b', path: 'b', value: 'AB<&unknown;' },
		]);
	});

	it('leaves out an element whose only content is child elements, and the root', () => {
		expect(pairsOf('<r><parent><child>1</child></parent></r>')).toEqual([
			{ key: 'child', path: 'child', value: '1' },
		]);
	});

	it('accepts a declaration before the root element', () => {
		expect(pairsOf('<!NOTATION x SYSTEM "y"><r><a>1</a></r>')).toEqual([
			{ key: 'a', path: 'a', value: '1' },
		]);
	});
});

describe('extractXmlPairs: what it refuses', () => {
	it.each([
		['text outside the root', 'x<r/>', 'Invalid XML: text outside the root element'],
		['an unterminated comment', '<r><!-- x</r>', 'Invalid XML: unterminated comment'],
		[
			'an unterminated CDATA section',
			'<r><![CDATA[x</r>',
			'Invalid XML: unterminated CDATA section',
		],
		['CDATA outside the root', '<![CDATA[x]]><r/>', 'Invalid XML: CDATA outside the root element'],
		[
			'an unterminated processing instruction',
			'<?xml <r/>',
			'Invalid XML: unterminated processing instruction',
		],
		[
			'a declaration inside the document',
			'<r><!ELEMENT r ANY></r>',
			'Invalid XML: declaration inside the document',
		],
		['an unterminated declaration', '<!NOTATION x', 'Invalid XML: unterminated declaration'],
		['a malformed closing tag', '<r></r x>', 'Invalid XML: malformed closing tag'],
		[
			'a closing tag that does not match',
			'<r><a></b></r>',
			'Invalid XML: closing tag </b> does not match',
		],
		['a malformed tag', '<r>< a/></r>', 'Invalid XML: malformed tag'],
		['a second root', '<r/><s/>', 'Invalid XML: more than one root element'],
		['an unterminated tag', '<r a="1"', 'Invalid XML: malformed or unterminated tag'],
		['an unclosed element', '<r><a>1</a>', 'Invalid XML: element <r> is not closed (truncated?)'],
		['no element at all', '<!-- only a comment -->', 'Invalid XML: no root element'],
	])('refuses %s', (_what, xml, message) => {
		expect(errorOf(xml)).toBe(message);
	});

	it('refuses nesting deeper than the body limit', () => {
		const deep = '<a>'.repeat(40) + '</a>'.repeat(40);
		expect(errorOf(deep)).toBe('Invalid XML: nested too deeply');
	});

	it('stops reading after 2000 pairs', () => {
		const xml = `<r>${'<a>1</a>'.repeat(2500)}</r>`;
		const result = extractXmlPairs(xml);
		// Reading stops at the limit, so the root is never closed.
		expect(result).toEqual({
			ok: false,
			message: 'Invalid XML: element <r> is not closed (truncated?)',
		});
	});
});
