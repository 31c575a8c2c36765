/**
 * What the Autotask transport retries after a 500 (issue 14.5), end to end through
 * httpRequestWithAuthentication against a scripted server: reads whatever the text, updates only
 * after a transient text, creates never; always within the credential's Max Retry Wait.
 */
jest.mock('n8n-workflow', () =>
	jest.requireActual('../../../../support/recordedSleep').n8nWorkflowWithRecordedSleep(),
);

import {
	autotaskQuery,
	autotaskRequest,
	getTicket,
} from '../../../../../../nodes/shared/transport/autotask';
import {
	apiPath,
	sleepCalls,
	type Route,
	useScriptedAutotask,
} from '../../../../support/scriptedAutotask';

const { routes, server, ctxWith } = useScriptedAutotask();
const ctx = (maxRetryWaitSeconds = 60) => ctxWith({ maxRetryWaitSeconds });

const calls = (method: string, path: string) =>
	server.requests.filter((r) => r.method === method && apiPath(r) === path).length;

/** Fails `times` times with a 500 and the given text, then answers `ok`. */
function flaky(times: number, text: string, ok: unknown): Route {
	let n = 0;
	return () =>
		++n <= times ? { status: 500, body: text === '' ? '' : { errors: [text] } } : { body: ok };
}

describe('Autotask 500 on a read is retried whatever its text', () => {
	it.each(['Object reference not set to an instance of an object.', 'Internal error', ''])(
		'GET after "%s"',
		async (text) => {
			routes['GET /Tickets/7'] = flaky(2, text, { item: { id: 7 } });
			await expect(getTicket(ctx(), 7)).resolves.toEqual({ id: 7 });
			expect(calls('GET', '/Tickets/7')).toBe(3);
			expect(sleepCalls).toHaveLength(2);
		},
	);

	it('POST /query (a read) after a 500 with a text', async () => {
		routes['POST /Tickets/query'] = flaky(1, 'Error querying the database', {
			items: [{ id: 1 }],
			pageDetails: { nextPageUrl: null },
		});
		await expect(
			autotaskQuery(ctx(), 'Tickets', { filter: [{ op: 'eq', field: 'id', value: 1 }] }),
		).resolves.toEqual([{ id: 1 }]);
		expect(calls('POST', '/Tickets/query')).toBe(2);
	});

	it('stops within the Max Retry Wait and says why, with Autotask’s own message', async () => {
		routes['GET /Tickets/8'] = () => ({
			status: 500,
			body: { errors: ['Object reference not set to an instance of an object.'] },
		});
		const error = await getTicket(ctx(5), 8).catch((e) => e);
		expect(error.httpCode).toBe('500');
		expect(error.message).toBe('Autotask: Object reference not set to an instance of an object.');
		expect(error.description).toMatch(/Stopped retrying: the retry wait limit of 5 s is used up/);
		expect(sleepCalls.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
		expect(calls('GET', '/Tickets/8')).toBeGreaterThan(1);
	});

	it('is not retried when retries are off (Max Retry Wait 0)', async () => {
		routes['GET /Tickets/9'] = flaky(1, 'Internal error', { item: { id: 9 } });
		const error = await getTicket(ctx(0), 9).catch((e) => e);
		expect(error.httpCode).toBe('500');
		expect(calls('GET', '/Tickets/9')).toBe(1);
	});
});

describe('Autotask 500 on a write', () => {
	it.each(['Status is not valid for this ticket category.', ''])(
		'an update after "%s" is not retried',
		async (text) => {
			routes['PATCH /Tickets'] = flaky(1, text, { itemId: 5 });
			const error = await autotaskRequest(ctx(), {
				method: 'PATCH',
				path: '/Tickets',
				body: { id: 5, status: 5 },
			}).catch((e) => e);
			expect(error.httpCode).toBe('500');
			expect(calls('PATCH', '/Tickets')).toBe(1);
			expect(sleepCalls).toHaveLength(0);
		},
	);

	it('an update after a transient 500 (timeout, deadlock) is retried: it sets the same values again', async () => {
		routes['PATCH /Tickets'] = flaky(
			2,
			'Transaction (Process ID 61) was deadlocked on lock resources',
			{ itemId: 5 },
		);
		await expect(
			autotaskRequest(ctx(), { method: 'PATCH', path: '/Tickets', body: { id: 5, status: 5 } }),
		).resolves.toEqual({ itemId: 5 });
		expect(calls('PATCH', '/Tickets')).toBe(3);
	});

	it('a create (note) is never retried, even after a timeout text', async () => {
		routes['POST /Tickets/5/Notes'] = flaky(1, 'The operation has timed out', { itemId: 1 });
		const error = await autotaskRequest(ctx(), {
			method: 'POST',
			path: '/Tickets/5/Notes',
			body: { title: 'x' },
		}).catch((e) => e);
		expect(error.httpCode).toBe('500');
		expect(calls('POST', '/Tickets/5/Notes')).toBe(1);
	});
});
