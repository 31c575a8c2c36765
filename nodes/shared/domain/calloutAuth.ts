/**
 * Authentication of Autotask Extension Callouts.
 *
 * The URL secret (`?secret=…`) is the factor that always counts: it is what Autotask is known to
 * send (ilert's own integration puts its key in the URL). HTTP Basic, from the callout's Username
 * and Password, is an extra factor: checked whenever the request carries it and the credential
 * has a username or password, and required only when the user says so. Nothing gets through
 * with neither, with a wrong secret, or with a wrong Basic header.
 *
 * Pure module: no n8n types.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The callout URL's query parameter that carries the secret. */
export const SECRET_QUERY = 'secret';

/** Shortest URL secret the trigger accepts to check against (a guessable one protects nothing). */
export const MIN_SECRET_LENGTH = 16;

export interface CalloutSecrets {
	urlSecret: string;
	username: string;
	password: string;
	requireBasicAuth: boolean;
}

export interface CalloutCredentialsSent {
	/** The `Authorization` header, '' when absent. */
	authorization: string;
	/** The `secret` query parameter, '' when absent. */
	urlSecret: string;
}

export type CalloutAuthResult =
	| { ok: true; factors: string[] }
	| { ok: false; message: string; basicChallenge: boolean };

/** Equal-time comparison of two secrets of any length; an empty expected value never matches. */
export function sameSecret(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b) && expected !== '';
}

function parseBasic(header: string): { user: string; password: string } | undefined {
	const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon >= 0
		? { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
		: { user: decoded, password: '' };
}

/** Whether the credential itself can protect anything; the message says what to fix. */
export function credentialProblem(secrets: CalloutSecrets): string | undefined {
	if (secrets.urlSecret.length < MIN_SECRET_LENGTH) {
		return `The Autotask Extension Callout credential's URL Secret must have at least ${MIN_SECRET_LENGTH} characters`;
	}
	if (secrets.requireBasicAuth && secrets.username === '' && secrets.password === '') {
		return 'The Autotask Extension Callout credential requires Basic auth but has no username or password';
	}
	return undefined;
}

/**
 * Whether an `Authorization: Basic` header carries this username and password: undefined when the
 * header is empty. Both comparisons run, so the timing does not tell which one failed; an empty
 * configured value matches only an empty given one.
 */
export function basicAuthMatches(
	expected: { username: string; password: string },
	authorization: string,
): boolean | undefined {
	if (authorization.trim() === '') return undefined;
	const given = parseBasic(authorization);
	const same = (value: string, wanted: string) =>
		sameSecret(value, wanted) || (wanted === '' && value === '');
	const userOk = same(given?.user ?? '', expected.username);
	const passwordOk = same(given?.password ?? '', expected.password);
	return given !== undefined && userOk && passwordOk;
}

export function checkCalloutAuth(
	secrets: CalloutSecrets,
	sent: CalloutCredentialsSent,
): CalloutAuthResult {
	const problem = credentialProblem(secrets);
	if (problem !== undefined) return { ok: false, message: problem, basicChallenge: false };
	const secretOk = sent.urlSecret !== '' && sameSecret(sent.urlSecret, secrets.urlSecret);
	const hasBasicConfigured = secrets.username !== '' || secrets.password !== '';
	const basicOk = hasBasicConfigured ? basicAuthMatches(secrets, sent.authorization) : undefined;
	if (!secretOk) {
		return {
			ok: false,
			message: 'Missing or wrong secret in the URL (?secret=…)',
			basicChallenge: false,
		};
	}
	if (basicOk === false)
		return { ok: false, message: 'Invalid username or password', basicChallenge: true };
	if (secrets.requireBasicAuth && basicOk !== true) {
		return { ok: false, message: 'Basic authentication required', basicChallenge: true };
	}
	return { ok: true, factors: basicOk === true ? ['url secret', 'basic auth'] : ['url secret'] };
}
