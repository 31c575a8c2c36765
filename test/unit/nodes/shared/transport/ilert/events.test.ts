jest.mock('n8n-workflow', () =>
	jest.requireActual('../../../../support/recordedSleep').n8nWorkflowWithRecordedSleep(),
);

import { NodeApiError } from 'n8n-workflow';

import { sendIlertEvent } from '../../../../../../nodes/shared/transport/ilert';
import {
	ILERT_API_KEY as API_KEY,
	ILERT_INTEGRATION_KEY as INTEGRATION_KEY,
	useScriptedIlert,
} from '../../../../support/scriptedIlert';
import { expectNoSecretIn, failure } from '../../../../support/transportErrors';

const { routes, server, ctxWith } = useScriptedIlert();
const expectNoSecret = (error: unknown) => expectNoSecretIn(error, [API_KEY, INTEGRATION_KEY]);

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
