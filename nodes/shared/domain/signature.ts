/**
 * Autotask REST webhook signatures (`X-Hook-Signature: sha1=<base64 HMAC-SHA1>`).
 *
 * Autotask documents HMAC-SHA1 over "the request body" with the webhook's secret key, base64
 * output. Which exact bytes is disputed by public clients: some verify the raw body, others a
 * form in which Autotask's .NET serializer has escaped characters inside JSON strings
 * (`&`, `<`, `>`, `'`, `"`, `` ` ``, `+` and every non-ASCII UTF-16 unit as `\uXXXX`).
 * We accept exactly these two forms of the bytes received, always comparing in constant time.
 *
 * Never a form derived from the parsed body: re-serialising forgets whitespace, duplicate keys
 * and number spellings, so a signature over it would also match bodies with an added space,
 * newline or other change that parses alike (issue 14.2). The escaped form only changes how a
 * character inside a JSON string is spelled (`&` vs `\u0026`), never which character it is.
 *
 * Pure module: only `node:crypto`, no n8n types.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hook-signature';
const PREFIX = 'sha1=';

/** Which form of the body a valid signature was computed over. */
export type SignatureVariant = 'raw' | 'dotnetEscaped';

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

/** Strict UTF-8 decoding: undefined for invalid bytes (they would all decode to U+FFFD alike). */
function strictUtf8(bytes: Buffer): string | undefined {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return undefined;
	}
}

/**
 * Verifies an `X-Hook-Signature` header against the raw body bytes and against the .NET-escaped
 * form of those same bytes. Nothing else: no trimming, no re-serialisation. Secrets and
 * signatures never leave this function.
 */
export function verifySignature(input: {
	header: unknown;
	rawBody: Buffer | string | undefined;
	secret: string | undefined;
}): SignatureCheck {
	if (typeof input.secret !== 'string' || input.secret === '')
		return { ok: false, reason: 'noSecret' };
	const header = headerValue(input.header)?.trim();
	if (header === undefined || header === '') return { ok: false, reason: 'missing' };
	if (
		!header.toLowerCase().startsWith(PREFIX) ||
		!/^[A-Za-z0-9+/]+=*$/.test(header.slice(PREFIX.length))
	) {
		return { ok: false, reason: 'malformed' };
	}
	const actual = PREFIX + header.slice(PREFIX.length);
	if (input.rawBody === undefined) return { ok: false, reason: 'mismatch' };
	const raw = Buffer.isBuffer(input.rawBody) ? input.rawBody : Buffer.from(input.rawBody, 'utf8');
	const text = strictUtf8(raw);

	const candidates: Array<[SignatureVariant, Buffer | string | undefined]> = [
		['raw', raw],
		// Only valid UTF-8 has an escaped form: invalid bytes would all map to \uFFFD.
		['dotnetEscaped', text === undefined ? undefined : dotnetEscapeJson(text)],
	];
	let matched: SignatureVariant | undefined;
	for (const [variant, body] of candidates) {
		if (body === undefined) continue;
		// Evaluate every candidate (no early exit) so timing does not reveal which one matched.
		if (safeEqual(signBody(body, input.secret), actual) && matched === undefined) matched = variant;
	}
	return matched ? { ok: true, variant: matched } : { ok: false, reason: 'mismatch' };
}
