/**
 * A callout's fields as name/value pairs: whatever structure arrives (JSON, form data, xml2js
 * objects) flattened into pairs, with the limits every reader shares. Pure module: no n8n types.
 */
import { isPrototypeKey, MAX_BODY_DEPTH } from './safeBody';

/** One field of a callout: its own name, its dotted path in the body and its text value. */
export interface Pair {
	key: string;
	path: string;
	value: string;
}

/** At most this many pairs are read from one request. */
export const MAX_PAIRS = 2000;
const MAX_DEPTH = MAX_BODY_DEPTH;

/** Lower case, letters and digits only: how field names are compared. */
export function normKey(key: string): string {
	return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function isScalar(value: unknown): value is string | number | boolean {
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Flattens any parsed structure (JSON, form, xml2js) into name/value pairs. */
export function flatten(value: unknown, pairs: Pair[], key = '', path = '', depth = 0): void {
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
	const attrs =
		obj.$ !== null && typeof obj.$ === 'object' ? (obj.$ as Record<string, unknown>) : undefined;
	const pairName =
		obj.name ?? obj.Name ?? obj.key ?? obj.Key ?? attrs?.name ?? attrs?.Name ?? attrs?.key;
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

/** Form-encoded text as pairs; prototype keys are left out and listed in `dropped`. */
export function formPairs(text: string, dropped: string[]): Pair[] {
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

/** Pairs as an object; a repeated name becomes an array. */
export function formObject(pairs: Pair[]): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const p of pairs) {
		const prev = out[p.key];
		if (prev === undefined) out[p.key] = p.value;
		else out[p.key] = Array.isArray(prev) ? [...prev, p.value] : [prev, p.value];
	}
	return out;
}
