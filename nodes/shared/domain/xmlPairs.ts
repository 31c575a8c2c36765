/**
 * XML callout bodies as name/value pairs, read with a small tolerant extractor (no XML library
 * at runtime): elements, attributes, CDATA, comments, entities. A body whose tags do not balance
 * is rejected as invalid. Pure module: no n8n types.
 */
import { MAX_PAIRS, type Pair } from './calloutFields';
import { MAX_BODY_DEPTH } from './safeBody';

const MAX_DEPTH = MAX_BODY_DEPTH;

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
		if (ref[0] === '#') {
			const code =
				ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
			return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
		}
		return XML_ENTITIES[ref] ?? whole;
	});
}

function localName(qualified: string): string {
	const i = qualified.indexOf(':');
	return i >= 0 ? qualified.slice(i + 1) : qualified;
}

interface OpenElement {
	name: string;
	text: string;
	/** The value of a `name`, `key` or `field` attribute: a second name for the element's text. */
	nameAttr?: string;
	hadChild: boolean;
}

/** The reader's state while it walks the document. */
interface XmlScan {
	xml: string;
	pairs: Pair[];
	stack: OpenElement[];
	roots: number;
}

/** Where to go on after one piece of markup, or why the document is refused. */
type XmlStep = { next: number } | { error: string };

function invalid(message: string): XmlStep {
	return { error: `Invalid XML: ${message}` };
}

/** Comments, CDATA, processing instructions and declarations; undefined when `<` starts a tag. */
function skipMarkup(scan: XmlScan, lt: number): XmlStep | undefined {
	const { xml, stack } = scan;
	if (xml.startsWith('<!--', lt)) {
		const end = xml.indexOf('-->', lt + 4);
		return end < 0 ? invalid('unterminated comment') : { next: end + 3 };
	}
	if (xml.startsWith('<![CDATA[', lt)) {
		const end = xml.indexOf(']]>', lt + 9);
		if (end < 0) return invalid('unterminated CDATA section');
		if (stack.length === 0) return invalid('CDATA outside the root element');
		stack[stack.length - 1].text += xml.slice(lt + 9, end).replace(/&/g, '&amp;');
		return { next: end + 3 };
	}
	if (xml.startsWith('<?', lt)) {
		const end = xml.indexOf('?>', lt + 2);
		return end < 0 ? invalid('unterminated processing instruction') : { next: end + 2 };
	}
	if (xml.startsWith('<!', lt)) {
		if (scan.roots > 0 || stack.length > 0) return invalid('declaration inside the document');
		const end = xml.indexOf('>', lt + 2);
		return end < 0 ? invalid('unterminated declaration') : { next: end + 1 };
	}
	return undefined;
}

/** `</name>`: closes the innermost element and records its text. */
function closeElement(scan: XmlScan, lt: number): XmlStep {
	const { xml, stack, pairs } = scan;
	const name = /[A-Za-z_][\w.:-]*/y;
	name.lastIndex = lt + 2;
	const m = name.exec(xml);
	const end = xml.indexOf('>', lt + 2);
	if (!m || end < 0 || xml.slice(name.lastIndex, end).trim() !== '')
		return invalid('malformed closing tag');
	const open = stack.pop();
	if (!open || open.name !== m[0])
		return invalid(`closing tag </${m[0].slice(0, 40)}> does not match`);
	const value = decodeEntities(open.text.trim());
	if (!open.hadChild || value !== '') {
		pairs.push({ key: localName(open.name), path: localName(open.name), value });
		if (open.nameAttr !== undefined) pairs.push({ key: open.nameAttr, path: open.nameAttr, value });
	}
	if (stack.length > 0) stack[stack.length - 1].hadChild = true;
	return { next: end + 1 };
}

/**
 * The attributes of a tag up to its end (quoted values may hold '>'): each becomes a pair, except
 * `name` / `key` / `field`, which name the element's value, and namespace declarations.
 */
function readAttributes(
	xml: string,
	from: number,
	element: string,
	pairs: Pair[],
): { next: number; selfClosing: boolean; nameAttr?: string } | { error: string } {
	let j = from;
	let nameAttr: string | undefined;
	const attr = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/y;
	for (;;) {
		attr.lastIndex = j;
		const a = attr.exec(xml);
		if (!a) break;
		const attrName = localName(a[1]);
		const attrValue = decodeEntities(a[3] ?? a[4] ?? '');
		if (/^(name|key|field)$/i.test(attrName)) nameAttr = attrValue;
		else if (!/^xmlns/i.test(a[1]))
			pairs.push({ key: attrName, path: `${element}.${attrName}`, value: attrValue });
		j = attr.lastIndex;
	}
	const rest = /\s*(\/?)>/y;
	rest.lastIndex = j;
	const r = rest.exec(xml);
	if (!r) return { error: 'Invalid XML: malformed or unterminated tag' };
	return { next: rest.lastIndex, selfClosing: r[1] === '/', nameAttr };
}

/** `<name ...>` or `<name .../>`: opens an element (one root only, depth limited). */
function openElement(scan: XmlScan, lt: number): XmlStep {
	const { xml, stack, pairs } = scan;
	const name = /[A-Za-z_][\w.:-]*/y;
	name.lastIndex = lt + 1;
	const m = name.exec(xml);
	if (!m) return invalid('malformed tag');
	if (stack.length === 0) {
		scan.roots++;
		if (scan.roots > 1) return invalid('more than one root element');
	}
	if (stack.length >= MAX_DEPTH) return invalid('nested too deeply');
	const tag = readAttributes(xml, name.lastIndex, m[0], pairs);
	if ('error' in tag) return tag;
	if (tag.selfClosing) {
		if (stack.length > 0) stack[stack.length - 1].hadChild = true;
		if (tag.nameAttr !== undefined)
			pairs.push({ key: localName(m[0]), path: localName(m[0]), value: tag.nameAttr });
	} else {
		stack.push({ name: m[0], text: '', nameAttr: tag.nameAttr, hadChild: false });
	}
	return { next: tag.next };
}

/**
 * Tolerant XML reader: returns name/value pairs (leaf element text under the element name,
 * attributes under their own names, `<x name="TicketID">123</x>` as `TicketID`), or an error
 * message when the document is not well-formed enough to trust (unbalanced or unclosed tags,
 * no root element, text outside the root).
 */
export function extractXmlPairs(
	xml: string,
): { ok: true; pairs: Pair[] } | { ok: false; message: string } {
	const scan: XmlScan = { xml, pairs: [], stack: [], roots: 0 };
	let i = 0;
	while (i < xml.length) {
		const lt = xml.indexOf('<', i);
		const text = lt < 0 ? xml.slice(i) : xml.slice(i, lt);
		if (text.trim() !== '') {
			if (scan.stack.length === 0)
				return { ok: false, message: 'Invalid XML: text outside the root element' };
			scan.stack[scan.stack.length - 1].text += text;
		}
		if (lt < 0) break;
		const closing = xml[lt + 1] === '/';
		const step = skipMarkup(scan, lt) ?? (closing ? closeElement(scan, lt) : openElement(scan, lt));
		if ('error' in step) return { ok: false, message: step.error };
		i = step.next;
		if (closing && scan.pairs.length >= MAX_PAIRS) break;
	}
	if (scan.stack.length > 0) {
		return {
			ok: false,
			message: `Invalid XML: element <${scan.stack[0].name.slice(0, 40)}> is not closed (truncated?)`,
		};
	}
	if (scan.roots === 0) return { ok: false, message: 'Invalid XML: no root element' };
	return { ok: true, pairs: scan.pairs };
}
