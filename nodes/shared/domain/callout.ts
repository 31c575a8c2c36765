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
 * The fields are read in calloutFields.ts and xmlPairs.ts, the ticket found in
 * ticketReference.ts.
 *
 * Pure module: no n8n types.
 */
import { flatten, formObject, formPairs, normKey, type Pair } from './calloutFields';
import { cleanParsed, isPrototypeKey, parseJsonText, xmlDtdProblem } from './safeBody';
import { findTicketReference } from './ticketReference';
import { extractXmlPairs } from './xmlPairs';

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
const SECRET_KEY_PATTERN = /secret|password|passwd|token|apikey|authorization|signature/i;

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
	if (
		media === 'application/json' ||
		media === 'text/json' ||
		/^application\/[\w.+-]+\+json$/.test(media)
	)
		return 'json';
	if (
		media === 'application/xml' ||
		media === 'text/xml' ||
		/^application\/[\w.+-]+\+xml$/.test(media)
	)
		return 'xml';
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

/** What every answer needs: which keys are hidden, and the query as read. */
interface CalloutContext {
	isHidden: (key: string) => boolean;
	query: Record<string, unknown>;
	visibleQuery: Pair[];
	droppedKeys: string[];
}

function calloutContext(input: CalloutInput): CalloutContext | CalloutResult {
	const hidden = new Set((input.hiddenKeys ?? []).map(normKey));
	const isHidden = (key: string) => hidden.has(normKey(key)) || SECRET_KEY_PATTERN.test(key);
	const cleanQuery = cleanParsed(input.query ?? {});
	if (!cleanQuery.ok) return fail(400, `Query string: ${cleanQuery.message}`);
	const query = (cleanQuery.value ?? {}) as Record<string, unknown>;
	const queryPairs: Pair[] = [];
	flatten(query, queryPairs);
	return {
		isHidden,
		query,
		visibleQuery: queryPairs.filter((p) => !isHidden(p.key)),
		droppedKeys: cleanQuery.droppedKeys.map((p) => `query.${p}`),
	};
}

/** The answer for the pairs read: the ticket they name (body first, then query), or a 400. */
function finish(
	context: CalloutContext,
	format: CalloutFormat,
	pairs: Pair[],
	body: unknown,
	bodyDropped: string[] = [],
): CalloutResult {
	const visible = pairs.filter((p) => !context.isHidden(p.key) && !isPrototypeKey(p.key));
	const fieldsSeen = [...new Set([...visible, ...context.visibleQuery].map((p) => p.key))].slice(
		0,
		50,
	);
	const found = findTicketReference(visible) ?? findTicketReference(context.visibleQuery);
	if (!found) {
		return fail(
			400,
			`No ticket id or ticket number found in the ${format === 'query' ? 'query string' : `${format} body`}` +
				(fieldsSeen.length
					? ` (fields seen: ${fieldsSeen.slice(0, 15).join(', ')})`
					: ' (no fields)'),
		);
	}
	return {
		ok: true,
		format,
		...found,
		fieldsSeen,
		body,
		droppedKeys: [...context.droppedKeys, ...bodyDropped],
	};
}

function fromQuery(context: CalloutContext): CalloutResult {
	const shown: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(context.query)) if (!context.isHidden(k)) shown[k] = v;
	return finish(context, 'query', [], shown);
}

/** A POST without a body: the query may still name the ticket. */
function fromQueryOrEmpty(context: CalloutContext): CalloutResult {
	if (context.visibleQuery.length > 0) return fromQuery(context);
	return fail(400, 'Empty body: expected the ticket id or ticket number as form data, XML or JSON');
}

/** The raw body as text; undefined when there are no raw bytes, a failure when too large or not UTF-8. */
function rawBodyText(
	rawBody: Uint8Array | string | undefined,
	maxBytes: number,
): string | undefined | CalloutResult {
	if (rawBody === undefined || byteLength(rawBody) === 0) return undefined;
	if (byteLength(rawBody) > maxBytes) return fail(413, `Body is larger than ${maxBytes} bytes`);
	const text = typeof rawBody === 'string' ? rawBody : decodeUtf8(rawBody);
	if (text === undefined || text.includes('\u0000')) return fail(400, 'Body is not UTF-8 text');
	return text;
}

/** No raw bytes: what n8n parsed, as text to read or as the object it parsed. */
function fromParsedBody(
	context: CalloutContext,
	input: CalloutInput,
	kind: Kind,
	maxBytes: number,
): string | CalloutResult {
	const parsed = input.parsedBody;
	if (typeof parsed === 'string' && parsed !== '') {
		if (byteLength(parsed) > maxBytes) return fail(413, `Body is larger than ${maxBytes} bytes`);
		return parsed;
	}
	if (parsed !== null && typeof parsed === 'object' && Object.keys(parsed).length > 0) {
		const clean = cleanParsed(parsed);
		if (!clean.ok) return fail(400, clean.message);
		const pairs: Pair[] = [];
		flatten(clean.value, pairs);
		const format: CalloutFormat = kind === 'xml' ? 'xml' : kind === 'form' ? 'form' : 'json';
		return finish(
			context,
			format,
			pairs,
			withoutHidden(clean.value, context.isHidden),
			clean.droppedKeys,
		);
	}
	return fromQueryOrEmpty(context);
}

/** A body without a content type: its format as its first characters tell. */
function sniffedKind(trimmed: string): Kind | undefined {
	if (trimmed.startsWith('<')) return 'xml';
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'json';
	if (/^[^=&\s]+=/.test(trimmed)) return 'form';
	return undefined;
}

function fromBodyText(
	context: CalloutContext,
	kind: Kind,
	text: string,
	trimmed: string,
): CalloutResult {
	if (kind === 'json') {
		const parsed = parseJsonText(trimmed);
		if (!parsed.ok) return fail(400, parsed.message);
		if (parsed.value === null || typeof parsed.value !== 'object') {
			return fail(400, 'JSON body must be an object or an array');
		}
		const pairs: Pair[] = [];
		flatten(parsed.value, pairs);
		return finish(
			context,
			'json',
			pairs,
			withoutHidden(parsed.value, context.isHidden),
			parsed.droppedKeys,
		);
	}
	if (kind === 'xml') {
		if (!trimmed.startsWith('<')) return fail(400, 'Invalid XML body: does not start with a tag');
		const dtd = xmlDtdProblem(trimmed);
		if (dtd !== undefined) return fail(400, dtd);
		const xml = extractXmlPairs(trimmed);
		if (!xml.ok) return fail(400, xml.message);
		return finish(context, 'xml', xml.pairs, text);
	}
	const dropped: string[] = [];
	const pairs = formPairs(trimmed, dropped);
	return finish(
		context,
		'form',
		pairs,
		formObject(pairs.filter((p) => !context.isHidden(p.key))),
		dropped,
	);
}

function isResult(value: unknown): value is CalloutResult {
	return value !== null && typeof value === 'object' && 'ok' in value;
}

/** Parses a callout request. Never throws. */
export function parseCallout(input: CalloutInput): CalloutResult {
	const method = String(input.method ?? '').toUpperCase();
	if (method !== 'GET' && method !== 'POST')
		return fail(400, `HTTP method ${method.slice(0, 10)} is not accepted`);
	const context = calloutContext(input);
	if (isResult(context)) return context;
	if (method === 'GET') return fromQuery(context);

	const maxBytes = input.maxBodyBytes ?? DEFAULT_MAX_CALLOUT_BYTES;
	const media = mediaType(input.contentType);
	let kind = kindOf(media);
	if (kind === 'unsupported') {
		return fail(
			415,
			`Content type "${media.slice(0, 60)}" is not accepted; send form data, XML or JSON`,
		);
	}
	const raw = rawBodyText(input.rawBody, maxBytes);
	if (isResult(raw)) return raw;
	const text = raw ?? fromParsedBody(context, input, kind, maxBytes);
	if (isResult(text)) return text;

	const trimmed = text.trim();
	if (trimmed === '') return fromQueryOrEmpty(context);
	if (kind === 'text') {
		const sniffed = sniffedKind(trimmed);
		if (!sniffed) return fail(400, 'Body is neither form data, XML nor JSON');
		kind = sniffed;
	}
	return fromBodyText(context, kind, text, trimmed);
}
