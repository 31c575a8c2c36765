/**
 * Retry with backoff and jitter, bounded by a total wait budget (the credential's
 * "Max Retry Wait"). Waits use n8n's `sleep` (no timers in node code).
 */
import { sleep } from 'n8n-workflow';

export interface RetryPolicy {
	/** Total time all waits together may take, in ms. 0 disables retries. */
	maxTotalWaitMs: number;
	/** Attempts including the first. */
	maxAttempts: number;
	/** First backoff step, doubled per attempt. */
	baseDelayMs: number;
	/** Largest single backoff step. */
	maxDelayMs: number;
	/** Wait range when rate limited and the service sends no Retry-After (ilert: 10–30 s). */
	rateLimitDelayMs?: { min: number; max: number };
}

/** What one attempt produced. */
export type AttemptResult<T> =
	| { ok: true; value: T }
	| {
			ok: false;
			/** Whether trying again could succeed (429, 5xx, network error, thread limit) and is safe. */
			retryable: boolean;
			/** Why, for the final error ("HTTP 429", "ECONNRESET"). */
			reason: string;
			/** Wait the service asked for (Retry-After), in ms. */
			retryAfterMs?: number;
			/** The service said "too many requests". */
			rateLimited?: boolean;
			/** Builds the error to throw when no retry follows. */
			error: (summary: RetrySummary) => Error;
	  };

export interface RetrySummary {
	attempts: number;
	waitedMs: number;
	/** Set when retries stopped although the failure was retryable. */
	gaveUp?: string;
}

/** Delay for a Retry-After header: delta seconds or an HTTP-date. Undefined when absent/invalid. */
export function parseRetryAfter(value: unknown, nowMs: number = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw === null) return undefined;
	const text = String(raw).trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/** Exponential backoff with "equal jitter": between half and all of base * 2^(attempt-1), capped. */
export function backoffDelay(
	attempt: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number {
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(step / 2 + (random() * step) / 2);
}

/** The wait before the next attempt, before the budget is applied. */
export function nextDelay(
	attempt: number,
	failure: { retryAfterMs?: number; rateLimited?: boolean },
	policy: RetryPolicy,
	random: () => number = Math.random,
): number {
	if (failure.retryAfterMs !== undefined) return failure.retryAfterMs;
	if (failure.rateLimited && policy.rateLimitDelayMs) {
		const { min, max } = policy.rateLimitDelayMs;
		return Math.round(min + random() * (max - min));
	}
	return backoffDelay(attempt, policy, random);
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the budget is spent.
 * A Retry-After longer than the remaining budget ends the retries at once (waiting less than
 * the service asked for cannot help); other waits are shortened to the remaining budget.
 */
export async function runWithRetry<T>(
	attempt: (attemptNumber: number) => Promise<AttemptResult<T>>,
	policy: RetryPolicy,
	random: () => number = Math.random,
	onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void,
): Promise<T> {
	let waitedMs = 0;
	for (let n = 1; ; n++) {
		const result = await attempt(n);
		if (result.ok) return result.value;
		if (!result.retryable) throw result.error({ attempts: n, waitedMs });
		if (n >= policy.maxAttempts) {
			throw result.error({ attempts: n, waitedMs, gaveUp: `after ${n} attempts` });
		}
		const remaining = policy.maxTotalWaitMs - waitedMs;
		if (remaining <= 0) {
			throw result.error({
				attempts: n,
				waitedMs,
				gaveUp:
					policy.maxTotalWaitMs <= 0
						? 'retries are disabled (Max Retry Wait is 0)'
						: `the retry wait limit of ${Math.round(policy.maxTotalWaitMs / 1000)} s is used up`,
			});
		}
		let delay = nextDelay(n, result, policy, random);
		if (result.retryAfterMs !== undefined && delay > remaining) {
			throw result.error({
				attempts: n,
				waitedMs,
				gaveUp: `the service asked to wait ${Math.ceil(delay / 1000)} s, more than the ${Math.round(remaining / 1000)} s left of the retry wait limit`,
			});
		}
		delay = Math.max(0, Math.min(delay, remaining));
		onRetry?.({ attempt: n, delayMs: delay, reason: result.reason });
		await sleep(delay);
		waitedMs += delay;
	}
}

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

/** The network error code (ECONNRESET, ...) of an error thrown by n8n's HTTP helpers, if any. */
export function networkErrorCode(error: unknown): string | undefined {
	const e = error as {
		code?: unknown;
		cause?: { code?: unknown; cause?: { code?: unknown } };
		errorResponse?: { code?: unknown };
		httpCode?: unknown;
	};
	const candidates = [e?.cause?.code, e?.code, e?.errorResponse?.code, e?.cause?.cause?.code];
	for (const code of candidates) {
		if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
	}
	return undefined;
}

/** A header value by case-insensitive name. */
export function headerValue(headers: unknown, name: string): string | undefined {
	if (!headers || typeof headers !== 'object') return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (key.toLowerCase() === wanted) {
			if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
			return value === undefined || value === null ? undefined : String(value);
		}
	}
	return undefined;
}

/** Credential "Max Retry Wait (Seconds)" as ms (default when unset or invalid). */
export function maxRetryWaitMs(
	credentials: Record<string, unknown>,
	defaultSeconds: number,
): number {
	const raw = credentials.maxRetryWaitSeconds;
	const seconds =
		typeof raw === 'number' ? raw : raw === undefined || raw === '' ? NaN : Number(raw);
	if (!Number.isFinite(seconds) || seconds < 0) return defaultSeconds * 1000;
	return Math.round(seconds * 1000);
}

/**
 * What repeating a request can do to the service:
 * - `read`: nothing (GET, and Autotask's POST `…/query`, `…/query/count`, `…/query/next`);
 * - `idempotentWrite`: sets the same values again (PATCH, PUT, DELETE);
 * - `write`: may create a second record (POST create, e.g. a ticket note).
 */
export type RequestKind = 'read' | 'idempotentWrite' | 'write';

const AUTOTASK_QUERY_PATH = /\/query(\/(count|next))?\/?$/i;

/**
 * The kind of an Autotask request. `idempotent` (the caller's explicit statement) decides for
 * requests that are not reads: true makes a write idempotent, false makes any request a write.
 */
export function autotaskRequestKind(
	method: string,
	pathOrUrl: string,
	idempotent?: boolean,
): RequestKind {
	const m = method.toUpperCase();
	const path = pathOrUrl.split('?')[0];
	if (idempotent === false) return 'write';
	if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return 'read';
	if (m === 'POST' && AUTOTASK_QUERY_PATH.test(path)) return 'read';
	if (idempotent === true) return 'idempotentWrite';
	return m === 'PATCH' || m === 'PUT' || m === 'DELETE' ? 'idempotentWrite' : 'write';
}

/** A 500 whose text says the request was not carried out for a passing reason. */
const TRANSIENT_500_TEXT = /time(d)? ?out|temporar|try again|deadlock|unavailable/i;

/**
 * Whether a failed Autotask request is retried (within the credential's retry budget):
 * - a read: after a network error, the thread-limit error, 429, 500 (whatever its text: the
 *   text of a failed read never makes a second read harmful), 502, 503, 504;
 * - an idempotent write: the same, except a 500 only when its text says it was transient
 *   (timeout, deadlock, "try again", temporarily unavailable). Autotask answers refused data
 *   with 500 and a reason ("Status is not valid…"); repeating it cannot help;
 * - a create: never (a repeat could add a second record).
 */
export function isRetryableAutotaskFailure(failure: {
	kind: RequestKind;
	status?: number;
	networkCode?: string;
	threadLimit?: boolean;
	errorText?: string;
}): boolean {
	if (failure.kind === 'write') return false;
	if (failure.networkCode !== undefined || failure.threadLimit === true) return true;
	const status = failure.status;
	if (status === 429 || status === 502 || status === 503 || status === 504) return true;
	if (status === 500)
		return failure.kind === 'read' || TRANSIENT_500_TEXT.test(failure.errorText ?? '');
	return false;
}
