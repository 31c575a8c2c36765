jest.mock('n8n-workflow', () =>
	jest.requireActual('../../../../support/recordedSleep').n8nWorkflowWithRecordedSleep(),
);

import { NodeApiError } from 'n8n-workflow';

import { ilertRequest } from '../../../../../../nodes/shared/transport/ilert';
import {
	ILERT_API_KEY as API_KEY,
	ILERT_INTEGRATION_KEY as INTEGRATION_KEY,
	sleepCalls,
	useScriptedIlert,
} from '../../../../support/scriptedIlert';
import { expectNoSecretIn, failure } from '../../../../support/transportErrors';

const { routes, server, ctxWith } = useScriptedIlert();
const expectNoSecret = (error: unknown) => expectNoSecretIn(error, [API_KEY, INTEGRATION_KEY]);

describe('ilert REST transport', () => {
	it('sends the Bearer API key and repeats array query parameters', async () => {
		routes['GET /api/alerts'] = () => ({ body: [] });
		await ilertRequest(ctxWith(), {
			method: 'GET',
			path: '/alerts',
			qs: { states: ['PENDING', 'ACCEPTED'], 'max-results': 100 },
		});
		const [req] = server.requests;
		expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(req.query.getAll('states')).toEqual(['PENDING', 'ACCEPTED']);
		expect(req.headers['content-type'] ?? '').not.toContain('xml');
	});

	it('backs off 10–30 s on 429 without Retry-After', async () => {
		let n = 0;
		routes['GET /api/users/current'] = () =>
			++n <= 2
				? { status: 429, body: { status: 429, message: 'Too many requests', code: 'RATE_LIMIT' } }
				: { body: { id: 7 } };
		await expect(
			ilertRequest(ctxWith(), { method: 'GET', path: '/users/current' }),
		).resolves.toEqual({ id: 7 });
		expect(sleepCalls).toHaveLength(2);
		for (const d of sleepCalls) {
			expect(d).toBeGreaterThanOrEqual(10000);
			expect(d).toBeLessThanOrEqual(30000);
		}
	});

	it('caps the 429 wait by the configured maximum and reports ilert’s message and code', async () => {
		routes['GET /api/users/current'] = () => ({
			status: 429,
			body: { status: 429, message: 'Too many requests', code: 'RATE_LIMIT' },
		});
		const error = await failure(
			ilertRequest(ctxWith({ maxRetryWaitSeconds: 12 }), { method: 'GET', path: '/users/current' }),
		);
		expect(sleepCalls.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(12000);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('ilert: Too many requests (RATE_LIMIT)');
		expect(error.httpCode).toBe('429');
		expect(error.description).toMatch(/Stopped retrying: the retry wait limit of 12 s is used up/);
	});

	it('does not retry a POST unless marked idempotent', async () => {
		routes['POST /api/alerts/1/comments'] = () => ({
			status: 503,
			body: { status: 503, message: 'Unavailable' },
		});
		await expect(
			ilertRequest(ctxWith(), {
				method: 'POST',
				path: '/alerts/1/comments',
				body: { content: 'x' },
			}),
		).rejects.toThrow('ilert: Unavailable');
		expect(server.requests).toHaveLength(1);
	});

	it('gives ilert’s KEY_ERROR message for a rejected key without the key', async () => {
		routes['GET /api/alerts/5'] = (req) => ({
			status: 403,
			body: {
				status: 403,
				message: `Invalid API key ${String(req.headers.authorization)}`,
				code: 'KEY_ERROR',
			},
		});
		const error = await failure(ilertRequest(ctxWith(), { method: 'GET', path: '/alerts/5' }));
		expect(error.message).toMatch(/^ilert: Invalid API key .*\(KEY_ERROR\)$/);
		expect(error.httpCode).toBe('403');
		expectNoSecret(error);
	});
});
