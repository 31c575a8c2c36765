import { createExecuteContext, type MockExecuteFunctions, type ServerRequest } from '../../support';
import { useScriptedServer, type ScriptedServer } from './scriptedServer';

export { sleepCalls } from './recordedSleep';
export type { Route } from './scriptedServer';

export const AUTOTASK_SECRET = 'at-secret-example-xxxx';
export const AUTOTASK_CODE = 'AT-CODE-EXAMPLE-XXXX';
export const AUTOTASK_USER = 'api-user@example.com';

/** The path below the REST version prefix, as routes are keyed. */
export function apiPath(req: ServerRequest): string {
	return req.path.replace(/^\/atservicesrest\/v1\.0/i, '');
}

export interface ScriptedAutotask extends ScriptedServer {
	/** An execute context whose Autotask credential (custom zone) points at the server. */
	ctxWith(overrides?: Record<string, unknown>): MockExecuteFunctions;
	/** The recorded requests to one API path. */
	apiRequests(path: string): ServerRequest[];
}

/**
 * A scripted Autotask for the calling test file: routes by `METHOD apiPath`; answers zone
 * information (this server as the zone) and Ticket entity information unless a route does;
 * 404 in Autotask's shape otherwise.
 */
export function useScriptedAutotask(): ScriptedAutotask {
	const scripted = useScriptedServer({
		routeKey: (req) => `${req.method} ${apiPath(req)}`,
		fallback: (req, key, server) => {
			if (/\/zoneInformation$/i.test(req.path)) {
				return {
					body: {
						zoneName: 'Test Zone',
						url: `${server.url}/atservicesrest/`,
						webUrl: 'https://ww99.example.com/',
						ci: 1,
					},
				};
			}
			if (key === 'GET /Tickets/entityInformation')
				return { body: { name: 'Ticket', canQuery: true } };
			return { status: 404, body: { errors: [`No route ${key}`] } };
		},
	});
	const ctxWith = (overrides: Record<string, unknown> = {}) =>
		createExecuteContext({
			credentials: {
				autotaskIlertAutotaskApi: {
					username: AUTOTASK_USER,
					secret: AUTOTASK_SECRET,
					integrationCodeSecret: AUTOTASK_CODE,
					zone: 'custom',
					customBaseUrl: `${scripted.server.url}/atservicesrest`,
					maxRetryWaitSeconds: 60,
					...overrides,
				},
			},
		});
	const apiRequests = (path: string) => scripted.server.requests.filter((r) => apiPath(r) === path);
	return { ...scripted, ctxWith, apiRequests };
}
