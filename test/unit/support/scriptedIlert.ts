import { createExecuteContext, type MockExecuteFunctions } from '../../support';
import { useScriptedServer, type ScriptedServer } from './scriptedServer';

export { sleepCalls } from './recordedSleep';
export type { Route } from './scriptedServer';

export const ILERT_API_KEY = 'il-api-key-example-xxxx';
export const ILERT_INTEGRATION_KEY = 'il1apiexamplekeyxxxx0001';

export interface ScriptedIlert extends ScriptedServer {
	/** An execute context whose ilert API and alert-source credentials point at the server. */
	ctxWith(api?: Record<string, unknown>, source?: Record<string, unknown>): MockExecuteFunctions;
}

/** A scripted ilert for the calling test file: routes by `METHOD path`, 404 in ilert's shape otherwise. */
export function useScriptedIlert(): ScriptedIlert {
	const scripted = useScriptedServer({
		routeKey: (req) => `${req.method} ${req.path}`,
		fallback: (req) => ({
			status: 404,
			body: { status: 404, message: `No route ${req.method} ${req.path}`, code: 'NOT_FOUND' },
		}),
	});
	const ctxWith = (api: Record<string, unknown> = {}, source: Record<string, unknown> = {}) =>
		createExecuteContext({
			credentials: {
				autotaskIlertIlertApi: {
					apiKey: ILERT_API_KEY,
					baseUrl: scripted.server.url,
					maxRetryWaitSeconds: 90,
					...api,
				},
				autotaskIlertIlertAlertSourceApi: {
					integrationApiKey: ILERT_INTEGRATION_KEY,
					baseUrl: `${scripted.server.url}/`,
					maxRetryWaitSeconds: 90,
					...source,
				},
			},
		});
	return { ...scripted, ctxWith };
}

/** An alert as ilert lists it. */
export function ilertAlert(
	id: number,
	alertKey: string,
	status = 'PENDING',
	reportTime = '2026-11-28T03:00:00Z',
) {
	return { id, alertKey, status, summary: `alert ${id}`, reportTime };
}
