const sleepCalls: number[] = [];
jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual('n8n-workflow');
	return {
		...actual,
		sleep: jest.fn(async (ms: number) => {
			sleepCalls.push(ms);
		}),
	};
});

import { NodeApiError } from 'n8n-workflow';

import { sendIlertEvent } from '../../../../../../nodes/shared/transport/ilert';
import {
	createExecuteContext,
	startTestServer,
	type ScriptedResponse,
	type ServerRequest,
	type TestServer,
} from '../../../../../support';
import { resetProcessState } from '../../../../../../nodes/shared/transport/processState';

const API_KEY = 'il-api-key-example-xxxx';
const INTEGRATION_KEY = 'il1apiexamplekeyxxxx0001';

type Route = (req: ServerRequest) => ScriptedResponse | Promise<ScriptedResponse>;
let routes: Record<string, Route> = {};
let server: TestServer;

beforeAll(async () => {
	server = await startTestServer(async (req) => {
		const route = routes[`${req.method} ${req.path}`];
		if (route) return await route(req);
		return {
			status: 404,
			body: { status: 404, message: `No route ${req.method} ${req.path}`, code: 'NOT_FOUND' },
		};
	});
});
afterAll(async () => await server.close());
beforeEach(() => {
	routes = {};
	server.requests.length = 0;
	sleepCalls.length = 0;
	resetProcessState();
});

function ctxWith(api: Record<string, unknown> = {}, source: Record<string, unknown> = {}) {
	return createExecuteContext({
		credentials: {
			autotaskIlertIlertApi: {
				apiKey: API_KEY,
				baseUrl: server.url,
				maxRetryWaitSeconds: 90,
				...api,
			},
			autotaskIlertIlertAlertSourceApi: {
				integrationApiKey: INTEGRATION_KEY,
				baseUrl: `${server.url}/`,
				maxRetryWaitSeconds: 90,
				...source,
			},
		},
	});
}

function expectNoSecret(error: unknown) {
	const e = error as NodeApiError;
	for (const text of [e.message, e.description ?? '', JSON.stringify(e)]) {
		expect(text).not.toContain(API_KEY);
		expect(text).not.toContain(INTEGRATION_KEY);
	}
}

async function failure(p: Promise<unknown>): Promise<NodeApiError> {
	return (await p.then(
		() => {
			throw new Error('expected the call to fail');
		},
		(e: unknown) => e,
	)) as NodeApiError;
}

function alert(
	id: number,
	alertKey: string,
	status = 'PENDING',
	reportTime = '2026-11-28T03:00:00Z',
) {
	return { id, alertKey, status, summary: `alert ${id}`, reportTime };
}

describe('ilert Events API', () => {
	it('injects the integration key, accepts 202 and retries with an alert key (dedup makes it safe)', async () => {
		let n = 0;
		routes['POST /api/events'] = () =>
			++n === 1 ? { status: 503, body: '' } : { status: 202, body: '' };
		const result = await sendIlertEvent(ctxWith(), {
			eventType: 'ALERT',
			alertKey: ' autotask-42 ',
			summary: 'Server down',
		});
		expect(result).toEqual({ queued: true, noOp: false, statusCode: 202 });
		expect(server.requests).toHaveLength(2);
		expect(server.requests[1].body).toEqual({
			eventType: 'ALERT',
			alertKey: 'autotask-42',
			summary: 'Server down',
			integrationKey: INTEGRATION_KEY,
		});
		expect(server.requests[1].headers.authorization).toBeUndefined();
	});

	it('does not retry an event without alert key (a retry could open a second alert)', async () => {
		routes['POST /api/events'] = () => ({
			status: 503,
			body: { status: 503, message: 'Unavailable' },
		});
		await expect(sendIlertEvent(ctxWith(), { eventType: 'ALERT', summary: 'x' })).rejects.toThrow(
			'ilert: Unavailable',
		);
		expect(server.requests).toHaveLength(1);
	});

	it('reports “no open alert” and “already accepted” answers as no-ops', async () => {
		routes['POST /api/events'] = (req) =>
			(req.body as { eventType: string }).eventType === 'RESOLVE'
				? {
						status: 400,
						body: {
							status: 400,
							message: 'No open alert with key autotask-42',
							code: 'NO_OPEN_ALERT_WITH_KEY',
						},
					}
				: {
						status: 400,
						body: { status: 400, message: 'Already accepted', code: 'INCIDENT_ALREADY_ACCEPTED' },
					};
		await expect(
			sendIlertEvent(ctxWith(), { eventType: 'RESOLVE', alertKey: 'autotask-42', summary: 'done' }),
		).resolves.toEqual({
			queued: false,
			noOp: true,
			statusCode: 400,
			code: 'NO_OPEN_ALERT_WITH_KEY',
			message: 'No open alert with key autotask-42',
		});
		await expect(
			sendIlertEvent(ctxWith(), { eventType: 'ACCEPT', alertKey: 'autotask-42', summary: 'x' }),
		).resolves.toMatchObject({ noOp: true, code: 'INCIDENT_ALREADY_ACCEPTED' });
		expect(server.requests).toHaveLength(2);
	});

	it('throws other 400s with ilert’s message and never the integration key', async () => {
		routes['POST /api/events'] = () => ({
			status: 400,
			body: {
				status: 400,
				message: `Unknown integration key ${INTEGRATION_KEY}`,
				code: 'INVALID_INTEGRATION_KEY',
			},
		});
		const error = await failure(
			sendIlertEvent(ctxWith(), { eventType: 'ALERT', alertKey: 'autotask-1', summary: 'x' }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(
			/^ilert: Unknown integration key \*\*\* \(INVALID_INTEGRATION_KEY\)$/,
		);
		expectNoSecret(error);
	});
});
