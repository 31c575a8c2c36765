import { NodeApiError, type IDataObject } from 'n8n-workflow';

import {
	createExecuteContext,
	createHookContext,
	createLoadOptionsContext,
	createWebhookContext,
	startTestServer,
	type TestServer,
} from '../../support';

const API_KEY = 'ilert-api-key-example-xxxx';

describe('test/support mocked contexts', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer((req) => {
			if (req.path === '/missing')
				return {
					status: 404,
					body: { status: 404, message: 'Alert not found', code: 'NOT_FOUND' },
				};
			return {
				status: 200,
				body: { path: req.path, query: req.url.split('?')[1] ?? '', body: req.body },
			};
		});
	});
	afterAll(async () => await server.close());

	it('applies the credential authenticate block (generic header with template) and records the request', async () => {
		const ctx = createExecuteContext({
			credentials: { autotaskIlertIlertApi: { apiKey: API_KEY, baseUrl: server.url } },
		});
		const result = await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			'autotaskIlertIlertApi',
			{
				method: 'GET',
				url: `${server.url}/api/alerts`,
				qs: { states: ['PENDING', 'ACCEPTED'] },
				arrayFormat: 'repeat',
				json: true,
			},
		);
		expect(result).toEqual({
			path: '/api/alerts',
			query: 'states=PENDING&states=ACCEPTED',
			body: undefined,
		});
		expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(ctx.mock.requests).toHaveLength(1);
		expect(ctx.mock.requests[0]).toMatchObject({
			method: 'GET',
			credentialType: 'autotaskIlertIlertApi',
			statusCode: 200,
			headers: { Authorization: `Bearer ${API_KEY}` },
		});
	});

	it('injects a generic body property (alert source integration key) into the JSON body', async () => {
		const ctx = createExecuteContext({
			credentials: {
				autotaskIlertIlertAlertSourceApi: {
					integrationApiKey: 'il1api-dummy-key',
					baseUrl: server.url,
				},
			},
		});
		const result = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			'autotaskIlertIlertAlertSourceApi',
			{
				method: 'POST',
				url: `${server.url}/api/events`,
				body: { eventType: 'ALERT', alertKey: 'autotask-1', summary: 's' },
				json: true,
			},
		)) as { body: Record<string, unknown> };
		expect(result.body).toEqual({
			eventType: 'ALERT',
			alertKey: 'autotask-1',
			summary: 's',
			integrationKey: 'il1api-dummy-key',
		});
	});

	it('throws NodeApiError with the status as string httpCode on non-2xx, like n8n', async () => {
		const ctx = createExecuteContext({
			credentials: { autotaskIlertIlertApi: { apiKey: API_KEY, baseUrl: server.url } },
		});
		const error = await ctx.helpers.httpRequestWithAuthentication
			.call(ctx, 'autotaskIlertIlertApi', {
				method: 'GET',
				url: `${server.url}/missing`,
				json: true,
			})
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('404');
		expect((error as NodeApiError).context.data).toEqual({
			status: 404,
			message: 'Alert not found',
			code: 'NOT_FOUND',
		});
	});

	it('returns the full response and ignores status errors when asked', async () => {
		const ctx = createExecuteContext({
			credentials: { autotaskIlertIlertApi: { apiKey: API_KEY, baseUrl: server.url } },
		});
		const full = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			'autotaskIlertIlertApi',
			{
				method: 'GET',
				url: `${server.url}/missing`,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
		)) as { statusCode: number; body: unknown };
		expect(full.statusCode).toBe(404);
		expect(full.body).toMatchObject({ code: 'NOT_FOUND' });
	});

	it('resolves per-item, dotted and fallback parameters and exposes items, static data and logger', () => {
		const staticData: IDataObject = {};
		const ctx = createExecuteContext({
			parameters: {
				summary: (i: number) => `item ${i}`,
				options: { reopen: true },
				resource: { __rl: true, value: '42', mode: 'id' },
			},
			items: [{ json: { a: 1 } }, { json: { a: 2 } }],
			staticData,
			continueOnFail: true,
		});
		expect(ctx.getNodeParameter('summary', 1)).toBe('item 1');
		expect(ctx.getNodeParameter('options.reopen', 0)).toBe(true);
		expect(ctx.getNodeParameter('options.missing', 0, 'fb')).toBe('fb');
		expect(ctx.getNodeParameter('resource', 0, undefined, { extractValue: true })).toBe('42');
		expect(() => ctx.getNodeParameter('nope', 0)).toThrow(/Could not get parameter/);
		expect(ctx.getInputData()).toHaveLength(2);
		expect(ctx.continueOnFail()).toBe(true);
		(ctx.getWorkflowStaticData('node') as Record<string, unknown>).seen = 1;
		expect(staticData.seen).toBe(1);
		ctx.logger.info('hello', { x: 1 });
		expect(ctx.mock.loggedText()).toContain('hello');
	});

	it('gives webhook, hook and load-options contexts the request/response plumbing', () => {
		const wh = createWebhookContext({
			request: {
				method: 'post',
				headers: { 'X-Hook-Signature': 'abc' },
				body: { id: 1 },
				query: { a: '1' },
			},
			parameters: { secret: 'dummy' },
			webhookName: 'default',
		});
		expect(wh.getRequestObject().rawBody.toString()).toBe('{"id":1}');
		expect(wh.getHeaderData()['x-hook-signature']).toBe('abc');
		expect(wh.getBodyData()).toEqual({ id: 1 });
		expect(wh.getQueryData()).toEqual({ a: '1' });
		expect(wh.getNodeParameter('secret')).toBe('dummy');
		wh.getResponseObject().status(401).json({ error: 'bad signature' });
		expect(wh.mock.response).toMatchObject({
			statusCode: 401,
			body: { error: 'bad signature' },
			ended: true,
		});

		const hook = createHookContext({
			webhookUrl: 'https://n8n.example.com/webhook/x',
			staticData: { webhookId: 7 },
		});
		expect(hook.getNodeWebhookUrl('default')).toBe('https://n8n.example.com/webhook/x');
		expect(hook.getWorkflowStaticData('node')).toEqual({ webhookId: 7 });

		const lo = createLoadOptionsContext({ parameters: { entity: 'Tickets' } });
		expect(lo.getCurrentNodeParameter('entity')).toBe('Tickets');
	});
});
