import type { ScriptedResponse, ServerRequest, TestServer } from '../../support';
import { AUTOTASK_CODE, AUTOTASK_SECRET, AUTOTASK_USER } from './scriptedAutotask';
import { ILERT_API_KEY, ILERT_INTEGRATION_KEY } from './scriptedIlert';
import { useScriptedServer, type ScriptedServer } from './scriptedServer';

export { AUTOTASK_CODE, AUTOTASK_SECRET, AUTOTASK_USER } from './scriptedAutotask';
export { ILERT_API_KEY, ILERT_INTEGRATION_KEY } from './scriptedIlert';

/** A small Autotask + ilert stand-in that checks credentials like the real services. */
export function checkingCredentials(req: ServerRequest, server: TestServer): ScriptedResponse {
	if (/\/zoneInformation$/i.test(req.path)) {
		const user = req.query.get('user');
		if (user !== AUTOTASK_USER)
			return { status: 500, body: { errors: ['Zone information could not be determined'] } };
		return {
			body: {
				zoneName: 'Test Zone',
				url: `${server.url}/atservicesrest/`,
				webUrl: 'https://ww99.example.com/',
				ci: 7,
			},
		};
	}
	if (req.path === '/atservicesrest/v1.0/Tickets/entityInformation') {
		if (req.headers.username !== AUTOTASK_USER || req.headers.secret !== AUTOTASK_SECRET)
			return { status: 401, body: { errors: ['Unauthorized'] } };
		if (req.headers.apiintegrationcode !== AUTOTASK_CODE)
			return { status: 500, body: { errors: ['IntegrationCode is invalid.'] } };
		return { body: { name: 'Ticket', canQuery: true } };
	}
	if (req.path === '/api/users/current') {
		if (!req.headers.authorization)
			return { status: 401, body: { status: 401, message: 'Missing auth', code: 'AUTH' } };
		if (req.headers.authorization !== `Bearer ${ILERT_API_KEY}`)
			return { status: 403, body: { status: 403, message: 'Bad key', code: 'KEY_ERROR' } };
		return { body: { id: 7, username: 'ann.lee' } };
	}
	if (req.path === '/api/events') {
		const body = req.body as Record<string, unknown>;
		if (body.integrationKey !== ILERT_INTEGRATION_KEY)
			return {
				status: 400,
				body: { status: 400, message: 'Unknown integration key', code: 'INVALID_KEY' },
			};
		return { status: 202, body: '' };
	}
	return { status: 404, body: { errors: ['no route'] } };
}

/**
 * The credential stand-in for the calling test file: routes by `METHOD path` first, then checks
 * credentials like the real services.
 */
export function useCredentialServices(): ScriptedServer {
	return useScriptedServer({
		routeKey: (req) => `${req.method} ${req.path}`,
		fallback: (req, _key, server) => checkingCredentials(req, server),
	});
}
