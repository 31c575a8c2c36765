import { createExecuteContext, startTestServer } from '../../support';
it('probe', async () => {
	const server = await startTestServer(() => ({ destroy: true }));
	const ctx = createExecuteContext({ credentials: { autotaskIlertIlertApi: { apiKey: 'dummy-xxxx', baseUrl: server.url } } });
	const e = await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'autotaskIlertIlertApi', { method: 'GET', url: server.url + '/x', json: true, returnFullResponse: true, ignoreHttpStatusErrors: true }).catch((x: any) => x);
	console.log(e.constructor.name, e.message, e.description, e.httpCode, Object.keys(e), e.cause?.code, (e.errorResponse as any)?.code, JSON.stringify(e).includes('dummy-xxxx'), JSON.stringify(e.context));
	const e2 = await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'autotaskIlertIlertApi', { method: 'GET', url: 'http://127.0.0.1:1/x', json: true }).catch((x: any) => x);
	console.log(e2.constructor.name, e2.message, e2.description, e2.httpCode, e2.cause?.code, (e2.errorResponse as any)?.code, JSON.stringify(e2).includes('dummy-xxxx'));
	await server.close();
});
