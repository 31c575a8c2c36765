/**
 * The alert-source credential puts its integration key into the event body in code (issue 12):
 * no `={{$credentials...}}` expression for n8n to evaluate on every Events API call.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { AutotaskIlertIlertAlertSourceApi } from '../../../credentials/AutotaskIlertIlertAlertSourceApi.credentials';
import {
	createExecuteContext,
	startTestServer,
	testCredential,
	type TestServer,
} from '../../support';

const KEY = 'il1apiexamplekeyxxxx0002';

describe('ilert alert source credential', () => {
	const credential = new AutotaskIlertIlertAlertSourceApi();

	it('authenticates in code, with no credential expression in its authenticate step', () => {
		expect(typeof credential.authenticate).toBe('function');
		expect(credential.authenticate.toString()).not.toMatch(/\{\{\s*\$credentials/);
	});

	it("adds the key to a JSON body and leaves the caller's options unchanged", async () => {
		const options: IHttpRequestOptions = {
			method: 'POST',
			url: 'https://api.ilert.com/api/events',
			headers: { Accept: 'application/json' },
			body: { eventType: 'ALERT', alertKey: 'autotask-1', summary: 's' },
			json: true,
		};
		const snapshot = JSON.parse(JSON.stringify(options));
		const out = await credential.authenticate({ integrationApiKey: ` ${KEY} ` }, options);
		expect(out).toEqual({ ...snapshot, body: { ...snapshot.body, integrationKey: KEY } });
		expect(options).toEqual(snapshot);
		expect(out.headers).toEqual({ Accept: 'application/json' });
	});

	it("a key in the body is replaced by the credential's (never a caller's own)", async () => {
		const out = await credential.authenticate(
			{ integrationApiKey: KEY },
			{
				method: 'POST',
				url: '/api/events',
				body: { integrationKey: 'someone-else', eventType: 'RESOLVE' },
			},
		);
		expect(out.body).toEqual({ integrationKey: KEY, eventType: 'RESOLVE' });
	});

	it('no body: a body with only the key; a non-object body is left alone', async () => {
		expect(
			(await credential.authenticate({ integrationApiKey: KEY }, { url: '/api/events' })).body,
		).toEqual({ integrationKey: KEY });
		const text = await credential.authenticate(
			{ integrationApiKey: KEY },
			{ url: '/api/events', body: 'raw' },
		);
		expect(text.body).toBe('raw');
	});

	describe('over HTTP', () => {
		let server: TestServer;
		beforeAll(async () => {
			server = await startTestServer((req) => {
				const body = req.body as Record<string, unknown>;
				if (req.path !== '/api/events')
					return { status: 404, body: { status: 404, message: 'no route', code: 'NOT_FOUND' } };
				if (body.integrationKey !== KEY)
					return {
						status: 400,
						body: { status: 400, message: 'Unknown integration key', code: 'INVALID_KEY' },
					};
				return { status: 202, body: '' };
			});
		});
		afterAll(async () => await server.close());

		it('the credential test still sends the harmless COMMENT with the key, and fails for a wrong key', async () => {
			const ok = await testCredential('autotaskIlertIlertAlertSourceApi', {
				integrationApiKey: KEY,
				baseUrl: server.url,
			});
			expect(ok.status).toBe('OK');
			expect(ok.requests[0].body).toEqual({
				eventType: 'COMMENT',
				alertKey: 'n8n-cred-test',
				summary: 'n8n credential test (no alert is created)',
				integrationKey: KEY,
			});
			const bad = await testCredential('autotaskIlertIlertAlertSourceApi', {
				integrationApiKey: 'il1api-wrong',
				baseUrl: server.url,
			});
			expect(bad.status).toBe('Error');
			expect(bad.message).toMatch(/integration key/);
		});

		it('a node request through httpRequestWithAuthentication carries the key, and the log does not', async () => {
			const ctx = createExecuteContext({
				credentials: {
					autotaskIlertIlertAlertSourceApi: { integrationApiKey: KEY, baseUrl: server.url },
				},
			});
			const body = { eventType: 'ALERT', alertKey: 'autotask-7', summary: 'Server down' };
			await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				'autotaskIlertIlertAlertSourceApi',
				{
					method: 'POST',
					url: `${server.url}/api/events`,
					body,
					json: true,
				},
			);
			expect(server.requests.at(-1)?.body).toEqual({ ...body, integrationKey: KEY });
			expect(body).toEqual({ eventType: 'ALERT', alertKey: 'autotask-7', summary: 'Server down' });
			expect(ctx.mock.loggedText()).not.toContain(KEY);
		});
	});
});
