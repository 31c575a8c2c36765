jest.mock('n8n-workflow', () =>
	jest.requireActual('../../../support/recordedSleep').n8nWorkflowWithRecordedSleep(),
);

import { sleepCalls } from '../../../support/recordedSleep';
import {
	autotaskRequestKind,
	backoffDelay,
	isRetryableAutotaskFailure,
	maxRetryWaitMs,
	networkErrorCode,
	nextDelay,
	parseRetryAfter,
	runWithRetry,
	type AttemptResult,
	type RetryPolicy,
} from '../../../../../nodes/shared/transport/retry';

const policy: RetryPolicy = {
	maxTotalWaitMs: 60000,
	maxAttempts: 6,
	baseDelayMs: 1000,
	maxDelayMs: 8000,
};

function failing(
	times: number,
	extra: Partial<Extract<AttemptResult<string>, { ok: false }>> = {},
) {
	let calls = 0;
	const attempt = async (): Promise<AttemptResult<string>> => {
		calls++;
		if (calls > times) return { ok: true, value: 'done' };
		return {
			ok: false,
			retryable: true,
			reason: 'HTTP 503',
			error: (s) => new Error(`failed after ${s.attempts}: ${s.gaveUp ?? 'final'}`),
			...extra,
		};
	};
	return { attempt, calls: () => calls };
}

beforeEach(() => {
	sleepCalls.length = 0;
});

describe('parseRetryAfter', () => {
	it('reads delta seconds and HTTP-dates', () => {
		expect(parseRetryAfter('7')).toBe(7000);
		expect(parseRetryAfter('1.5')).toBe(1500);
		const now = Date.parse('2026-11-28T04:00:00Z');
		expect(parseRetryAfter('Sat, 28 Nov 2026 04:00:12 GMT', now)).toBe(12000);
		expect(parseRetryAfter('Sat, 28 Nov 2026 03:59:00 GMT', now)).toBe(0);
		expect(parseRetryAfter(['3'])).toBe(3000);
		expect(parseRetryAfter(undefined)).toBeUndefined();
		expect(parseRetryAfter('soon')).toBeUndefined();
	});
});

describe('backoff', () => {
	it('grows exponentially with jitter between half and the full step, capped', () => {
		expect(backoffDelay(1, policy, () => 0)).toBe(500);
		expect(backoffDelay(1, policy, () => 1)).toBe(1000);
		expect(backoffDelay(3, policy, () => 0.5)).toBe(3000);
		expect(backoffDelay(10, policy, () => 1)).toBe(8000);
		for (let i = 0; i < 50; i++) {
			const d = backoffDelay(2, policy);
			expect(d).toBeGreaterThanOrEqual(1000);
			expect(d).toBeLessThanOrEqual(2000);
		}
	});

	it('uses the rate-limit window (ilert 10–30 s) when rate limited without Retry-After', () => {
		const p = { ...policy, rateLimitDelayMs: { min: 10000, max: 30000 } };
		for (let i = 0; i < 50; i++) {
			const d = nextDelay(1, { rateLimited: true }, p);
			expect(d).toBeGreaterThanOrEqual(10000);
			expect(d).toBeLessThanOrEqual(30000);
		}
		expect(nextDelay(1, { rateLimited: true, retryAfterMs: 4000 }, p)).toBe(4000);
	});
});

describe('runWithRetry', () => {
	it('retries until success and sleeps through n8n sleep', async () => {
		const f = failing(2);
		await expect(runWithRetry(f.attempt, policy)).resolves.toBe('done');
		expect(f.calls()).toBe(3);
		expect(sleepCalls).toHaveLength(2);
	});

	it('does not retry a non-retryable failure', async () => {
		const f = failing(5, { retryable: false });
		await expect(runWithRetry(f.attempt, policy)).rejects.toThrow('failed after 1: final');
		expect(sleepCalls).toHaveLength(0);
	});

	it('honours Retry-After and stops when it exceeds the remaining budget', async () => {
		const f = failing(5, { retryAfterMs: 7000 });
		await expect(runWithRetry(f.attempt, { ...policy, maxTotalWaitMs: 20000 })).rejects.toThrow(
			/asked to wait 7 s, more than the 6 s left/,
		);
		expect(sleepCalls).toEqual([7000, 7000]);
	});

	it('never waits longer in total than the budget', async () => {
		const f = failing(100);
		await expect(
			runWithRetry(f.attempt, { ...policy, maxAttempts: 100, maxTotalWaitMs: 10000 }),
		).rejects.toThrow(/retry wait limit of 10 s is used up/);
		const total = sleepCalls.reduce((a, b) => a + b, 0);
		expect(total).toBeLessThanOrEqual(10000);
		expect(total).toBeGreaterThan(9000);
	});

	it('does not retry at all when the budget is 0', async () => {
		const f = failing(1);
		await expect(runWithRetry(f.attempt, { ...policy, maxTotalWaitMs: 0 })).rejects.toThrow(
			/retries are disabled/,
		);
		expect(f.calls()).toBe(1);
	});

	it('stops after maxAttempts', async () => {
		const f = failing(100);
		await expect(runWithRetry(f.attempt, { ...policy, maxAttempts: 3 })).rejects.toThrow(
			/after 3 attempts/,
		);
		expect(f.calls()).toBe(3);
	});
});

describe('helpers', () => {
	it('reads network error codes from n8n-wrapped errors', () => {
		expect(networkErrorCode({ cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET');
		expect(networkErrorCode({ code: 'ETIMEDOUT' })).toBe('ETIMEDOUT');
		expect(networkErrorCode({ httpCode: '500' })).toBeUndefined();
		expect(networkErrorCode({ code: 'ENOTFOUND' })).toBeUndefined();
	});

	it('reads the credential max retry wait in seconds', () => {
		expect(maxRetryWaitMs({ maxRetryWaitSeconds: 30 }, 120)).toBe(30000);
		expect(maxRetryWaitMs({ maxRetryWaitSeconds: 0 }, 120)).toBe(0);
		expect(maxRetryWaitMs({}, 120)).toBe(120000);
		expect(maxRetryWaitMs({ maxRetryWaitSeconds: -5 }, 120)).toBe(120000);
	});
});

describe('what an Autotask failure may be retried after', () => {
	it.each([
		['GET', '/Tickets/5', undefined, 'read'],
		['get', '/Tickets/5', true, 'read'],
		['HEAD', '/Tickets', undefined, 'read'],
		['POST', '/Tickets/query', undefined, 'read'],
		['POST', '/Tickets/query/', undefined, 'read'],
		['POST', '/Tickets/query/count', undefined, 'read'],
		[
			'POST',
			'https://webservices5.autotask.net/atservicesrest/v1.0/Tickets/query/next?paging=%7B%7D',
			undefined,
			'read',
		],
		['POST', '/Tickets/query', true, 'read'],
		['PATCH', '/Tickets', undefined, 'idempotentWrite'],
		['PUT', '/Tickets', undefined, 'idempotentWrite'],
		['DELETE', '/TicketWebhooks/5', undefined, 'idempotentWrite'],
		['POST', '/Tickets/5/Notes', undefined, 'write'],
		['POST', '/TicketWebhooks', undefined, 'write'],
		['POST', '/Tickets/queryable', undefined, 'write'],
		['POST', '/Tickets/5/Notes', true, 'idempotentWrite'],
		['GET', '/Tickets/5', false, 'write'],
		['PATCH', '/Tickets', false, 'write'],
	])('%s %s (idempotent: %s) is a %s', (method, path, idempotent, kind) => {
		expect(
			autotaskRequestKind(method as string, path as string, idempotent as boolean | undefined),
		).toBe(kind);
	});

	const texts = [
		'',
		'Object reference not set to an instance of an object.',
		'IntegrationCode is invalid.',
		'The operation has timed out',
		'Transaction was deadlocked',
		'Please try again later',
	];

	it.each(texts)('a read is retried after a 500 whatever its text: "%s"', (errorText) => {
		expect(isRetryableAutotaskFailure({ kind: 'read', status: 500, errorText })).toBe(true);
	});

	it.each([
		['', false],
		['Status is not valid for this ticket category.', false],
		['Object reference not set to an instance of an object.', false],
		['The operation has timed out', true],
		['Transaction (Process ID 61) was deadlocked on lock resources', true],
		['Service temporarily unavailable', true],
		['Please try again', true],
	])('an update after a 500 "%s" is retried: %s', (errorText, expected) => {
		expect(isRetryableAutotaskFailure({ kind: 'idempotentWrite', status: 500, errorText })).toBe(
			expected,
		);
	});

	it('a create is never retried, not even after a timeout, 429 or thread limit', () => {
		for (const status of [429, 500, 502, 503, 504]) {
			expect(
				isRetryableAutotaskFailure({
					kind: 'write',
					status,
					errorText: 'The operation has timed out',
				}),
			).toBe(false);
		}
		expect(isRetryableAutotaskFailure({ kind: 'write', networkCode: 'ECONNRESET' })).toBe(false);
		expect(isRetryableAutotaskFailure({ kind: 'write', status: 500, threadLimit: true })).toBe(
			false,
		);
	});

	it('reads and updates are retried after 429, 502–504, thread limit and network errors; never after 4xx or other 5xx', () => {
		for (const kind of ['read', 'idempotentWrite'] as const) {
			for (const status of [429, 502, 503, 504])
				expect(isRetryableAutotaskFailure({ kind, status })).toBe(true);
			expect(isRetryableAutotaskFailure({ kind, status: 400, threadLimit: true })).toBe(true);
			expect(isRetryableAutotaskFailure({ kind, networkCode: 'ETIMEDOUT' })).toBe(true);
			for (const status of [400, 401, 403, 404, 405, 409, 422, 501, 505]) {
				expect(isRetryableAutotaskFailure({ kind, status, errorText: 'timed out' })).toBe(false);
			}
		}
	});
});
