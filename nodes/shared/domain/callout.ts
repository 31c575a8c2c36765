/**
 * Autotask Extension Callout requests.
 *
 * What Autotask puts in a callout is not documented publicly: the form offers "Name Value Pair"
 * (form-encoded) and "XML" data formats, POST or GET. So this parser accepts form, XML, JSON
 * and query strings, flattens whatever arrives into name/value pairs, and looks for the ticket
 * id or ticket number under many key spellings, then by value pattern. The ticket itself is
 * always re-read through the REST API; nothing else in the body is trusted.
 *
 * XML is read with a small tolerant extractor (no XML library at runtime): elements, attributes,
 * CDATA, comments, entities; a body whose tags do not balance is rejected as invalid, and one
 * with a DTD (`<!DOCTYPE`, `<!ENTITY`) before anything is extracted.
 *
 * Every body and query goes through ./safeBody first: JSON nested deeper than 32 levels is
 * refused (checked on the text, before parsing), `__proto__` / `constructor` / `prototype` keys
 * are dropped from the output and from the fields searched.
 *
 * Pure module: no n8n types.
 */
import { TICKET_NUMBER_PATTERN } from './conventions';
import { cleanParsed, isPrototypeKey, MAX_BODY_DEPTH, parseJsonText, xmlDtdProblem } from './safeBody';

export type CalloutFormat = 'form' | 'xml' | 'json' | 'query';

export interface CalloutInput {
	method: string;
	/** Value of the Content-Type header, if any. */
	contentType?: string;
	query?: Record<string, unknown>;
	/** The body as n8n parsed it (object for JSON / form / xml2js; string for text). */
	parsedBody?: unknown;
	/** The body bytes as received. Preferred over `parsedBody` when present. */
	rawBody?: Uint8Array | string;
	/** Largest accepted body in bytes (default 256 KiB). */
	maxBodyBytes?: number;
	/** Keys never reported in `fieldsSeen` or `body` (e.g. the URL secret parameter). */
	hiddenKeys?: string[];
}

export type CalloutResult =
	| {
			ok: true;
			format: CalloutFormat;
			ticketId?: number;
			ticketNumber?: string;
			/** How the ticket reference was found, e.g. `key:TicketID` or `pattern:value`. */
			foundBy: string;
			/** Names seen in the request (max 50), to show users what Autotask actually sends. */
			fieldsSeen: string[];
			/** The body as received: object for form / JSON / query, string for XML. */
			body: unknown;
			/** Paths of prototype keys (`__proto__`, `constructor`, `prototype`) left out of `body`. */
			droppedKeys: string[];
	  }
	| { ok: false; status: 400 | 413 | 415; message: string };

export const DEFAULT_MAX_CALLOUT_BYTES = 256 * 1024;
const MAX_PAIRS = 2000;
const MAX_DEPTH = MAX_BODY_DEPTH;

/** Keys (lower case, letters and digits only) that hold a numeric ticket id, best first. */
const ID_KEYS = ['ticketid', 'autotaskticketid', 'ticketsid', 'ticketentityid', 'entityid', 'objectid', 'ticket', 'id'];
/** Keys that hold a ticket number, best first. */
const NUMBER_KEYS = ['ticketnumber', 'ticketno', 'ticketnum', 'autotaskticketnumber', 'number', 'ticket', 'id'];
const GENERIC_KEYS = new Set(['id', 'number', 'ticket']);
const SECRET_KEY_PATTERN = /secret|password|passwd|token|apikey|authorization|signature/i;

const TICKET_NUMBER_IN_TEXT = /\bT\d{8}\.\d{4,}\b/;
const TICKET_ID_IN_URL = /[?&]ticketid=(\d{1,12})\b/i;

interface Pair {
	key: string;
	path: string;
	value: string;
}

function normKey(key: string): string {
	return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function fail(status: 400 | 413 | 415, message: string): CalloutResult {
	return { ok: false, status, message };
}

function mediaType(contentType: string | undefined): string {
	if (typeof contentType !== 'string') return '';
	return contentType.split(';')[0].trim().toLowerCase();
}

type Kind = CalloutFormat | 'text' | 'unsupported';

function kindOf(media: string): Kind {
	if (media === '') return 'text';
	if (media === 'application/x-www-form-urlencoded') return 'form';
	if (media === 'application/json' || media === 'text/json' || /^application\/[\w.+-]+\+json$/.test(media)) return 'json';
	if (media === 'application/xml' || media === 'text/xml' || /^application\/[\w.+-]+\+xml$/.test(media)) return 'xml';
	if (media === 'text/plain') return 'text';
	return 'unsupported';
}

/** Strict UTF-8 decoding; undefined for bytes that are not valid UTF-8 text. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return undefined;
	}
}

function isScalar(value: unknown): value is string | number | boolean {
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Flattens any parsed structure (JSON, form, xml2js) into name/value pairs. */
function flatten(value: unknown, pairs: Pair[], key = '', path = '', depth = 0): void {
	if (pairs.length >= MAX_PAIRS || depth > MAX_DEPTH) return;
	if (isScalar(value)) {
		if (key !== '') pairs.push({ key, path, value: String(value) });
		return;
	}
	if (Array.isArray(value)) {
		for (const entry of value) flatten(entry, pairs, key, path, depth + 1);
		return;
	}
	if (value === null || typeof value !== 'object') return;
	const obj = value as Record<string, unknown>;
	// `{ name: 'TicketID', value: '123' }` and xml2js `{ $: { name: 'TicketID' }, _: '123' }`.
	const attrs = obj.$ !== null && typeof obj.$ === 'object' ? (obj.$ as Record<string, unknown>) : undefined;
	const pairName = obj.name ?? obj.Name ?? obj.key ?? obj.Key ?? attrs?.name ?? attrs?.Name ?? attrs?.key;
	const pairValue = obj.value ?? obj.Value ?? obj._;
	if (typeof pairName === 'string' && isScalar(pairValue)) {
		pairs.push({ key: pairName, path: pairName, value: String(pairValue) });
	}
	if (key !== '' && isScalar(obj._)) pairs.push({ key, path, value: String(obj._) });
	for (const [k, v] of Object.entries(obj)) {
		if (k === '_') continue;
		const childKey = k === '$' ? key : k;
		const childPath = k === '$' ? path : path === '' ? k : `${path}.${k}`;
		flatten(v, pairs, childKey, childPath, depth + 1);
	}
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
		if (ref[0] === '#') {
			const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
			return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
		}
		return XML_ENTITIES[ref] ?? whole;
	});
}

function localName(qualified: string): string {
	const i = qualified.indexOf(':');
	return i >= 0 ? qualified.slice(i + 1) : qualified;
}

/**
 * Tolerant XML reader: returns name/value pairs (leaf element text under the element name,
 * attributes under their own names, `<x name="TicketID">123</x>` as `TicketID`), or an error
 * message when the document is not well-formed enough to trust (unbalanced or unclosed tags,
 * no root element, text outside the root).
 */
export function extractXmlPairs(xml: string): { ok: true; pairs: Pair[] } | { ok: false; message: string } {
	const pairs: Pair[] = [];
	const stack: Array<{ name: string; text: string; nameAttr?: string; hadChild: boolean }> = [];
	let i = 0;
	let roots = 0;
	const n = xml.length;
	const name = /[A-Za-z_][\w.:-]*/y;
	while (i < n) {
		const lt = xml.indexOf('<', i);
		const text = lt < 0 ? xml.slice(i) : xml.slice(i, lt);
		if (text.trim() !== '') {
			if (stack.length === 0) return { ok: false, message: 'Invalid XML: text outside the root element' };
			stack[stack.length - 1].text += text;
		}
		if (lt < 0) break;
		if (xml.startsWith('<!--', lt)) {
			const end = xml.indexOf('-->', lt + 4);
			if (end < 0) return { ok: false, message: 'Invalid XML: unterminated comment' };
			i = end + 3;
			continue;
		}
		if (xml.startsWith('<![CDATA[', lt)) {
			const end = xml.indexOf(']]>', lt + 9);
			if (end < 0) return { ok: false, message: 'Invalid XML: unterminated CDATA section' };
			if (stack.length === 0) return { ok: false, message: 'Invalid XML: CDATA outside the root element' };
			stack[stack.length - 1].text += xml.slice(lt + 9, end).replace(/&/g, '&amp;');
			i = end + 3;
			continue;
		}
		if (xml.startsWith('<?', lt)) {
			const end = xml.indexOf('?>', lt + 2);
			if (end < 0) return { ok: false, message: 'Invalid XML: unterminated processing instruction' };
			i = end + 2;
			continue;
		}
		if (xml.startsWith('<!', lt)) {
			if (roots > 0 || stack.length > 0) return { ok: false, message: 'Invalid XML: declaration inside the document' };
			const end = xml.indexOf('>', lt + 2);
			if (end < 0) return { ok: false, message: 'Invalid XML: unterminated declaration' };
			i = end + 1;
			continue;
		}
		if (xml[lt + 1] === '/') {
			name.lastIndex = lt + 2;
			const m = name.exec(xml);
			const end = xml.indexOf('>', lt + 2);
			if (!m || end < 0 || xml.slice(name.lastIndex, end).trim() !== '') {
				return { ok: false, message: 'Invalid XML: malformed closing tag' };
			}
			const open = stack.pop();
			if (!open || open.name !== m[0]) {
				return { ok: false, message: `Invalid XML: closing tag </${m[0].slice(0, 40)}> does not match` };
			}
			const value = decodeEntities(open.text.trim());
			if (!open.hadChild || value !== '') {
				pairs.push({ key: localName(open.name), path: localName(open.name), value });
				if (open.nameAttr !== undefined) pairs.push({ key: open.nameAttr, path: open.nameAttr, value });
			}
			if (stack.length > 0) stack[stack.length - 1].hadChild = true;
			i = end + 1;
			if (pairs.length >= MAX_PAIRS) break;
			continue;
		}
		name.lastIndex = lt + 1;
		const m = name.exec(xml);
		if (!m) return { ok: false, message: 'Invalid XML: malformed tag' };
		if (stack.length === 0) {
			roots++;
			if (roots > 1) return { ok: false, message: 'Invalid XML: more than one root element' };
		}
		if (stack.length >= MAX_DEPTH) return { ok: false, message: 'Invalid XML: nested too deeply' };
		// Attributes up to the end of the tag (quoted values may hold '>').
		let j = name.lastIndex;
		let nameAttr: string | undefined;
		let selfClosing = false;
		const attr = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/y;
		for (;;) {
			attr.lastIndex = j;
			const a = attr.exec(xml);
			if (a) {
				const attrName = localName(a[1]);
				const attrValue = decodeEntities(a[3] ?? a[4] ?? '');
				if (/^(name|key|field)$/i.test(attrName)) nameAttr = attrValue;
				else if (!/^xmlns/i.test(a[1])) pairs.push({ key: attrName, path: `${m[0]}.${attrName}`, value: attrValue });
				j = attr.lastIndex;
				continue;
			}
			const rest = /\s*(\/?)>/y;
			rest.lastIndex = j;
			const r = rest.exec(xml);
			if (!r) return { ok: false, message: 'Invalid XML: malformed or unterminated tag' };
			selfClosing = r[1] === '/';
			j = rest.lastIndex;
			break;
		}
		if (selfClosing) {
			if (stack.length > 0) stack[stack.length - 1].hadChild = true;
			if (nameAttr !== undefined) pairs.push({ key: localName(m[0]), path: localName(m[0]), value: nameAttr });
		} else {
			stack.push({ name: m[0], text: '', nameAttr, hadChild: false });
		}
		i = j;
	}
	if (stack.length > 0) return { ok: false, message: `Invalid XML: element <${stack[0].name.slice(0, 40)}> is not closed (truncated?)` };
	if (roots === 0) return { ok: false, message: 'Invalid XML: no root element' };
	return { ok: true, pairs };
}

function formPairs(text: string, dropped: string[]): Pair[] {
	const pairs: Pair[] = [];
	for (const [key, value] of new URLSearchParams(text)) {
		if (pairs.length >= MAX_PAIRS) break;
		// `out.__proto__ = …` in formObject would replace the object's prototype.
		if (isPrototypeKey(key)) {
			if (!dropped.includes(key)) dropped.push(key);
			continue;
		}
		pairs.push({ key, path: key, value });
	}
	return pairs;
}

function formObject(pairs: Pair[]): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const p of pairs) {
		const prev = out[p.key];
		if (prev === undefined) out[p.key] = p.value;
		else out[p.key] = Array.isArray(prev) ? [...prev, p.value] : [prev, p.value];
	}
	return out;
}

interface Found {
	ticketId?: number;
	ticketNumber?: string;
	foundBy: string;
}

function asTicketId(value: string): number | undefined {
	const v = value.trim();
	if (!/^\d{1,15}$/.test(v)) return undefined;
	const id = Number(v);
	return id > 0 && Number.isSafeInteger(id) ? id : undefined;
}

function asTicketNumber(value: string): string | undefined {
	const v = value.trim().toUpperCase();
	return TICKET_NUMBER_PATTERN.test(v) ? v : undefined;
}

/** Finds the ticket reference: known keys first (id before number), then value patterns. */
export function findTicketReference(pairs: Pair[]): Found | undefined {
	const byKey = (keys: string[], convert: (v: string) => unknown) => {
		for (const wanted of keys) {
			for (const p of pairs) {
				if (normKey(p.key) !== wanted && normKey(p.path) !== wanted) continue;
				// Generic names count only at the top level or under a ticket-ish parent.
				if (GENERIC_KEYS.has(wanted) && normKey(p.path) !== wanted && !/ticket/i.test(p.path)) continue;
				const converted = convert(p.value);
				if (converted !== undefined) return { pair: p, converted };
			}
		}
		return undefined;
	};
	const id = byKey(ID_KEYS, asTicketId);
	const num = byKey(NUMBER_KEYS, asTicketNumber);
	if (id || num) {
		return {
			ticketId: id?.converted as number | undefined,
			ticketNumber: num?.converted as string | undefined,
			foundBy: `key:${(id ?? num)!.pair.key}`,
		};
	}
	for (const p of pairs) {
		const url = TICKET_ID_IN_URL.exec(p.value);
		if (url) return { ticketId: Number(url[1]), foundBy: `pattern:${p.key}` };
	}
	for (const p of pairs) {
		const m = TICKET_NUMBER_IN_TEXT.exec(p.value);
		if (m) return { ticketNumber: m[0], foundBy: `pattern:${p.key}` };
	}
	return undefined;
}

function byteLength(body: Uint8Array | string): number {
	return typeof body === 'string' ? new TextEncoder().encode(body).length : body.length;
}

/** A top-level copy of an object without secret-looking keys (they never reach the output). */
function withoutHidden(value: unknown, isHidden: (key: string) => boolean): unknown {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value)) if (!isHidden(k)) out[k] = v;
	return out;
}

/** Parses a callout request. Never throws. */
export function parseCallout(input: CalloutInput): CalloutResult {
	const method = String(input.method ?? '').toUpperCase();
	if (method !== 'GET' && method !== 'POST') return fail(400, `HTTP method ${method.slice(0, 10)} is not accepted`);
	const hidden = new Set((input.hiddenKeys ?? []).map(normKey));
	const isHidden = (key: string) => hidden.has(normKey(key)) || SECRET_KEY_PATTERN.test(key);
	const cleanQuery = cleanParsed(input.query ?? {});
	if (!cleanQuery.ok) return fail(400, `Query string: ${cleanQuery.message}`);
	const query = (cleanQuery.value ?? {}) as Record<string, unknown>;
	const droppedKeys = cleanQuery.droppedKeys.map((p) => `query.${p}`);
	const queryPairs: Pair[] = [];
	flatten(query, queryPairs);
	const visibleQuery = queryPairs.filter((p) => !isHidden(p.key));

	const finish = (format: CalloutFormat, pairs: Pair[], body: unknown, bodyDropped: string[] = []): CalloutResult => {
		const visible = pairs.filter((p) => !isHidden(p.key) && !isPrototypeKey(p.key));
		const fieldsSeen = [...new Set([...visible, ...visibleQuery].map((p) => p.key))].slice(0, 50);
		const found = findTicketReference(visible) ?? findTicketReference(visibleQuery);
		if (!found) {
			return fail(
				400,
				`No ticket id or ticket number found in the ${format === 'query' ? 'query string' : `${format} body`}` +
					(fieldsSeen.length ? ` (fields seen: ${fieldsSeen.slice(0, 15).join(', ')})` : ' (no fields)'),
			);
		}
		return { ok: true, format, ...found, fieldsSeen, body, droppedKeys: [...droppedKeys, ...bodyDropped] };
	};
	const shownQuery = (): Record<string, unknown> => {
		const shown: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(query)) if (!isHidden(k)) shown[k] = v;
		return shown;
	};

	if (method === 'GET') return finish('query', [], shownQuery());

	const maxBytes = input.maxBodyBytes ?? DEFAULT_MAX_CALLOUT_BYTES;
	const media = mediaType(input.contentType);
	let kind = kindOf(media);
	if (kind === 'unsupported') {
		return fail(415, `Content type "${media.slice(0, 60)}" is not accepted; send form data, XML or JSON`);
	}

	let text: string | undefined;
	if (input.rawBody !== undefined && byteLength(input.rawBody) > 0) {
		if (byteLength(input.rawBody) > maxBytes) return fail(413, `Body is larger than ${maxBytes} bytes`);
		text = typeof input.rawBody === 'string' ? input.rawBody : decodeUtf8(input.rawBody);
		if (text === undefined || text.includes('\u0000')) return fail(400, 'Body is not UTF-8 text');
	}

	// No raw bytes: fall back to what n8n parsed.
	if (text === undefined) {
		const parsed = input.parsedBody;
		if (typeof parsed === 'string' && parsed !== '') {
			if (byteLength(parsed) > maxBytes) return fail(413, `Body is larger than ${maxBytes} bytes`);
			text = parsed;
		} else if (parsed !== null && typeof parsed === 'object' && Object.keys(parsed).length > 0) {
			const clean = cleanParsed(parsed);
			if (!clean.ok) return fail(400, clean.message);
			const pairs: Pair[] = [];
			flatten(clean.value, pairs);
			const format: CalloutFormat = kind === 'xml' ? 'xml' : kind === 'form' ? 'form' : 'json';
			return finish(format, pairs, withoutHidden(clean.value, isHidden), clean.droppedKeys);
		} else {
			if (visibleQuery.length > 0) return finish('query', [], shownQuery());
			return fail(400, 'Empty body: expected the ticket id or ticket number as form data, XML or JSON');
		}
	}

	const trimmed = text.trim();
	if (trimmed === '') {
		if (visibleQuery.length > 0) return finish('query', [], shownQuery());
		return fail(400, 'Empty body: expected the ticket id or ticket number as form data, XML or JSON');
	}
	if (kind === 'text') {
		if (trimmed.startsWith('<')) kind = 'xml';
		else if (trimmed.startsWith('{') || trimmed.startsWith('[')) kind = 'json';
		else if (/^[^=&\s]+=/.test(trimmed)) kind = 'form';
		else return fail(400, 'Body is neither form data, XML nor JSON');
	}

	if (kind === 'json') {
		const parsed = parseJsonText(trimmed);
		if (!parsed.ok) return fail(400, parsed.message);
		if (parsed.value === null || typeof parsed.value !== 'object') {
			return fail(400, 'JSON body must be an object or an array');
		}
		const pairs: Pair[] = [];
		flatten(parsed.value, pairs);
		return finish('json', pairs, withoutHidden(parsed.value, isHidden), parsed.droppedKeys);
	}
	if (kind === 'xml') {
		if (!trimmed.startsWith('<')) return fail(400, 'Invalid XML body: does not start with a tag');
		const dtd = xmlDtdProblem(trimmed);
		if (dtd !== undefined) return fail(400, dtd);
		const xml = extractXmlPairs(trimmed);
		if (!xml.ok) return fail(400, xml.message);
		return finish('xml', xml.pairs, text);
	}
	const dropped: string[] = [];
	const pairs = formPairs(trimmed, dropped);
	return finish('form', pairs, formObject(pairs.filter((p) => !isHidden(p.key))), dropped);
}
