/**
 * Guards for inbound bodies before anything is parsed into an execution (issue 14.3–14.5).
 *
 * - Nesting: no Autotask payload nests more than a few levels, and a body nested 100,000 deep
 *   becomes execution data that n8n's own executions API can no longer serialise. JSON text is
 *   measured by a flat scan (no recursion, stops at the first level over the bound), so its cost
 *   does not grow with the attacker's depth. Such a body gets a 400.
 * - Prototype keys: `__proto__`, `constructor` and `prototype` are dropped from what the trigger
 *   outputs (a cleaned copy, and the dropped paths are reported). Dropping instead of refusing
 *   keeps a genuine delivery working: UDF names are chosen by each tenant, and Autotask disables
 *   a webhook after 25 failed deliveries in a row. Nothing in a body is trusted beyond the
 *   ticket reference anyway (the ticket is re-read through the API).
 * - XML: a document type declaration (`<!DOCTYPE`, `<!ENTITY`, …) is refused before any XML
 *   parser sees it; Autotask's callout XML needs none, and entities are the classic way to make
 *   a parser expand a small body into gigabytes.
 *
 * Pure module: no n8n types.
 */

/** Deepest accepted nesting of objects/arrays (or XML elements). */
export const MAX_BODY_DEPTH = 32;

/** Keys that reach `Object.prototype` when a body is merged or assigned carelessly downstream. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
	'__proto__',
	'constructor',
	'prototype',
]);

/** Most dropped key paths reported (the count is exact). */
const MAX_REPORTED_PATHS = 20;

export type Guarded<T> =
	| { ok: true; value: T; droppedKeys: string[] }
	| { ok: false; status: 400; message: string };

export function isPrototypeKey(key: string): boolean {
	return PROTOTYPE_KEYS.has(key);
}

function tooDeep(maxDepth: number): { ok: false; status: 400; message: string } {
	return { ok: false, status: 400, message: `Body is nested deeper than ${maxDepth} levels` };
}

/**
 * Whether JSON text nests objects/arrays deeper than `maxDepth`, by a single flat scan that
 * skips string contents (brackets inside strings do not count). Works on any text: invalid
 * JSON is left to the parser.
 */
export function jsonNestingExceeds(text: string, maxDepth: number = MAX_BODY_DEPTH): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c /* \ */) i++;
			else if (c === 0x22 /* " */) inString = false;
			continue;
		}
		if (c === 0x22) inString = true;
		else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
			if (++depth > maxDepth) return true;
		} else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
	}
	return false;
}

/**
 * A copy of a parsed value without prototype keys at any level; refuses values nested deeper
 * than `maxDepth` (recursion never goes deeper than that bound). Objects without a prototype
 * (Node's `querystring.parse`) come back as plain objects.
 */
export function cleanParsed(value: unknown, maxDepth: number = MAX_BODY_DEPTH): Guarded<unknown> {
	const dropped: string[] = [];
	let droppedCount = 0;
	let exceeded = false;
	const walk = (node: unknown, path: string, depth: number): unknown => {
		if (exceeded || node === null || typeof node !== 'object') return node;
		if (Buffer.isBuffer(node)) return node;
		if (depth >= maxDepth) {
			exceeded = true;
			return undefined;
		}
		if (Array.isArray(node)) return node.map((entry, i) => walk(entry, `${path}[${i}]`, depth + 1));
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(node)) {
			const childPath = path === '' ? key : `${path}.${key}`;
			if (isPrototypeKey(key)) {
				droppedCount++;
				if (dropped.length < MAX_REPORTED_PATHS) dropped.push(childPath);
				continue;
			}
			out[key] = walk((node as Record<string, unknown>)[key], childPath, depth + 1);
		}
		return out;
	};
	const cleaned = walk(value, '', 0);
	if (exceeded) return tooDeep(maxDepth);
	if (droppedCount > dropped.length) dropped.push(`… ${droppedCount - dropped.length} more`);
	return { ok: true, value: cleaned, droppedKeys: dropped };
}

/**
 * Parses JSON text safely: nesting is checked on the text first (a 100,000-level body costs a
 * scan of its first bytes), then the parsed value is cleaned of prototype keys.
 */
export function parseJsonText(text: string, maxDepth: number = MAX_BODY_DEPTH): Guarded<unknown> {
	if (jsonNestingExceeds(text, maxDepth)) return tooDeep(maxDepth);
	let parsed: unknown;
	try {
		parsed = JSON.parse(text) as unknown;
	} catch {
		return { ok: false, status: 400, message: 'Invalid JSON body (malformed or truncated)' };
	}
	return cleanParsed(parsed, maxDepth);
}

/**
 * Why an XML text must not be parsed, or undefined. Refuses any `<!` markup other than comments
 * and CDATA sections (DOCTYPE, ENTITY, ELEMENT, ATTLIST, NOTATION: all DTD syntax), so no parser
 * ever sees an entity declaration. Comment and CDATA contents are skipped, not inspected.
 */
export function xmlDtdProblem(xml: string): string | undefined {
	for (let at = xml.indexOf('<!'); at >= 0; at = xml.indexOf('<!', at + 2)) {
		if (xml.startsWith('<!--', at)) {
			const end = xml.indexOf('-->', at + 4);
			if (end < 0) return undefined; // unterminated: the XML reader reports it
			at = end + 1;
			continue;
		}
		if (xml.startsWith('<![CDATA[', at)) {
			const end = xml.indexOf(']]>', at + 9);
			if (end < 0) return undefined;
			at = end + 1;
			continue;
		}
		const word = (/^[A-Za-z]*/.exec(xml.slice(at + 2, at + 12))?.[0] ?? '').toUpperCase();
		const what = word === '' ? '"<!" markup' : `<!${word.slice(0, 8)}`;
		return `XML with a document type declaration (${what}) is not accepted: send the callout as Name Value Pair, or XML without a DTD`;
	}
	return undefined;
}

/**
 * The JSON body of a request: from the raw bytes when there are any (strict UTF-8, nesting
 * checked on the text), else from what n8n parsed (cleaned the same way).
 */
export function parseJsonBody(
	raw: Uint8Array | undefined,
	parsedBody: unknown,
	maxDepth: number = MAX_BODY_DEPTH,
): Guarded<unknown> {
	if (raw === undefined || raw.length === 0) {
		if (
			parsedBody !== null &&
			typeof parsedBody === 'object' &&
			Object.keys(parsedBody).length > 0
		) {
			return cleanParsed(parsedBody, maxDepth);
		}
		return {
			ok: false,
			status: 400,
			message: 'Empty body: expected an Autotask webhook payload (JSON)',
		};
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
	} catch {
		return { ok: false, status: 400, message: 'Body is not UTF-8 text' };
	}
	return parseJsonText(text, maxDepth);
}
