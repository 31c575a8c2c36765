/**
 * Autotask REST webhook signatures (`X-Hook-Signature: sha1=<base64 HMAC-SHA1>`).
 *
 * Autotask documents HMAC-SHA1 over "the request body" with the webhook's secret key, base64
 * output. Which exact bytes is disputed by public clients: some verify the raw body, others a
 * form in which Autotask's .NET serializer has escaped characters inside JSON strings
 * (`&`, `<`, `>`, `'`, `"`, `` ` ``, `+` and every non-ASCII UTF-16 unit as `\uXXXX`).
 * We accept either, always comparing in constant time.
 *
 * Pure module: only `node:crypto`, no n8n types.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hook-signature';
const PREFIX = 'sha1=';

/** Which form of the body a valid signature was computed over. */
export type SignatureVariant = 'raw' | 'dotnetEscaped' | 'reserialized';

export type SignatureCheck =
	| { ok: true; variant: SignatureVariant }
	| { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'noSecret' };

/** `sha1=` + base64(HMAC-SHA1(secret, body)). */
export function signBody(body: Buffer | string, secret: string): string {
	return PREFIX + createHmac('sha1', Buffer.from(secret, 'utf8')).update(body).digest('base64');
}

const DOTNET_ESCAPES: Record<string, string> = {
	'&': '\\u0026',
	'<': '\\u003C',
	'>': '\\u003E',
	"'": '\\u0027',
	'`': '\\u0060',
	'+': '\\u002B',
};

function hex4(code: number): string {
	return code.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Escapes characters inside JSON string literals the way .NET's default JSON encoder does:
 * HTML-sensitive ASCII and every non-ASCII UTF-16 code unit become `\uXXXX` (upper-case hex);
 * an escaped quote `\"` becomes `\u0022`. Text outside strings is left alone, so a body
 * that is not JSON passes through (nearly) unchanged. Never throws.
 */
export function dotnetEscapeJson(json: string): string {
	let out = '';
	let inString = false;
	for (let i = 0; i < json.length; i++) {
		const ch = json[i];
		if (!inString) {
			if (ch === '"') inString = true;
			out += ch;
			continue;
		}
		if (ch === '\\') {
			const next = json[i + 1];
			if (next === undefined) {
				out += ch;
				continue;
			}
			if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(json.slice(i + 2, i + 6))) {
				// JSON.stringify writes control characters as \u001f; .NET writes \u001F.
				out += `\\u${json.slice(i + 2, i + 6).toUpperCase()}`;
				i += 5;
				continue;
			}
			out += next === '"' ? '\\u0022' : ch + next;
			i++;
			continue;
		}
		if (ch === '"') {
			inString = false;
			out += ch;
			continue;
		}
		const mapped = DOTNET_ESCAPES[ch];
		if (mapped !== undefined) out += mapped;
		else if (ch.charCodeAt(0) > 127) out += `\\u${hex4(ch.charCodeAt(0))}`;
		else out += ch;
	}
	return out;
}

function safeEqual(expected: string, actual: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(actual, 'utf8');
	// timingSafeEqual needs equal lengths; compare against itself to keep the time flat.
	if (a.length !== b.length) {
		timingSafeEqual(a, a);
		return false;
	}
	return timingSafeEqual(a, b);
}

function headerValue(value: unknown): string | undefined {
	if (Array.isArray(value)) return headerValue(value[0]);
	return typeof value === 'string' ? value : undefined;
}

/**
 * Verifies an `X-Hook-Signature` header against the raw body (first), the .NET-escaped form
 * of the raw body, and the .NET-escaped re-serialisation of the parsed body (for proxies that
 * re-encode JSON). Secrets and signatures never leave this function.
 */
export function verifySignature(input: {
	header: unknown;
	rawBody: Buffer | string | undefined;
	parsedBody?: unknown;
	secret: string | undefined;
}): SignatureCheck {
	if (typeof input.secret !== 'string' || input.secret === '') return { ok: false, reason: 'noSecret' };
	const header = headerValue(input.header)?.trim();
	if (header === undefined || header === '') return { ok: false, reason: 'missing' };
	if (!header.toLowerCase().startsWith(PREFIX) || !/^[A-Za-z0-9+/]+=*$/.test(header.slice(PREFIX.length))) {
		return { ok: false, reason: 'malformed' };
	}
	const actual = PREFIX + header.slice(PREFIX.length);
	const raw =
		input.rawBody === undefined
			? undefined
			: Buffer.isBuffer(input.rawBody)
				? input.rawBody
				: Buffer.from(input.rawBody, 'utf8');

	const candidates: Array<[SignatureVariant, () => Buffer | string | undefined]> = [
		['raw', () => raw],
		['dotnetEscaped', () => (raw === undefined ? undefined : dotnetEscapeJson(raw.toString('utf8')))],
		[
			'reserialized',
			() =>
				input.parsedBody !== null && typeof input.parsedBody === 'object'
					? dotnetEscapeJson(JSON.stringify(input.parsedBody))
					: undefined,
		],
	];
	let matched: SignatureVariant | undefined;
	for (const [variant, body] of candidates) {
		const value = body();
		if (value === undefined) continue;
		// Evaluate every candidate (no early exit) so timing does not reveal which one matched.
		if (safeEqual(signBody(value, input.secret), actual) && matched === undefined) matched = variant;
	}
	return matched ? { ok: true, variant: matched } : { ok: false, reason: 'mismatch' };
}
