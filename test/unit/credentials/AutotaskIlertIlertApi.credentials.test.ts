import {
	loadCredentialType,
	startTestServer,
	testCredential,
	type ScriptedResponse,
	type ServerRequest,
	type TestServer,
} from '../../support';
import { resetProcessState } from '../../../nodes/shared/transport/processState';

const API_KEY = 'il-api-key-example-xxxx';
const INTEGRATION_KEY = 'il1apiexamplekeyxxxx0001';

let server: TestServer;
let routes: Record<string, (req: ServerRequest) => ScriptedResponse> = {};

/** A small ilert stand-in that checks credentials like the real service. */
function defaultRoute(req: ServerRequest): ScriptedResponse {
	if (req.path === '/api/users/current') {
		if (!req.headers.authorization)
			return { status: 401, body: { status: 401, message: 'Missing auth', code: 'AUTH' } };
		if (req.headers.authorization !== `Bearer ${API_KEY}`)
			return { status: 403, body: { status: 403, message: 'Bad key', code: 'KEY_ERROR' } };
		return { body: { id: 7, username: 'ann.lee' } };
	}
	if (req.path === '/api/events') {
		const body = req.body as Record<string, unknown>;
		if (body.integrationKey !== INTEGRATION_KEY)
			return {
				status: 400,
				body: { status: 400, message: 'Unknown integration key', code: 'INVALID_KEY' },
			};
		return { status: 202, body: '' };
	}
	return { status: 404, body: { errors: ['no route'] } };
}

beforeAll(async () => {
	server = await startTestServer((req) =>
		(routes[`${req.method} ${req.path}`] ?? defaultRoute)(req),
	);
});
afterAll(async () => await server.close());
beforeEach(() => {
	routes = {};
	server.requests.length = 0;
	resetProcessState();
});

describe('ilert credentials', () => {
	it('API key credential: Bearer header, test OK and plain messages for bad keys', async () => {
		const ok = await testCredential('autotaskIlertIlertApi', {
			apiKey: API_KEY,
			baseUrl: server.url,
		});
		expect(ok.status).toBe('OK');
		expect(ok.requests[0].headers.Authorization).toBe(`Bearer ${API_KEY}`);
		const bad = await testCredential('autotaskIlertIlertApi', {
			apiKey: 'bad-key-example',
			baseUrl: server.url,
		});
		expect(bad).toMatchObject({ status: 'Error' });
		expect(bad.message).toMatch(/ilert rejected the API key \(HTTP 403\)/);
		const wrongUrl = await testCredential('autotaskIlertIlertApi', {
			apiKey: API_KEY,
			baseUrl: `${server.url}/nothing`,
		});
		expect(wrongUrl.message).toMatch(/Base URL does not point at the ilert API/);
	});

	it('defaults to https://api.ilert.com', () => {
		const type = loadCredentialType('autotaskIlertIlertApi');
		expect(type.properties.find((p) => p.name === 'baseUrl')?.default).toBe(
			'https://api.ilert.com',
		);
	});

	it('alert source credential: integration key goes into the event body; the test sends a harmless COMMENT', async () => {
		const ok = await testCredential('autotaskIlertIlertAlertSourceApi', {
			integrationApiKey: INTEGRATION_KEY,
			baseUrl: server.url,
		});
		expect(ok.status).toBe('OK');
		expect(ok.requests).toHaveLength(1);
		expect(ok.requests[0].method).toBe('POST');
		expect(ok.requests[0].body).toEqual({
			eventType: 'COMMENT',
			alertKey: 'n8n-cred-test',
			summary: 'n8n credential test (no alert is created)',
			integrationKey: INTEGRATION_KEY,
		});
		expect(ok.requests[0].headers.Authorization).toBeUndefined();
		const bad = await testCredential('autotaskIlertIlertAlertSourceApi', {
			integrationApiKey: 'il1api-wrong-example',
			baseUrl: server.url,
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/usually the integration key is not the key of an alert source/);
	});

	it('uses distinct light and dark icons that exist', () => {
		const fs = jest.requireActual('node:fs') as typeof import('node:fs');
		const path = jest.requireActual('node:path') as typeof import('node:path');
		for (const name of [
			'autotaskIlertAutotaskApi',
			'autotaskIlertIlertApi',
			'autotaskIlertIlertAlertSourceApi',
		]) {
			const icon = loadCredentialType(name).icon as { light: string; dark: string };
			const light = path.resolve(
				__dirname,
				'../../../credentials',
				icon.light.replace('file:', ''),
			);
			const dark = path.resolve(__dirname, '../../../credentials', icon.dark.replace('file:', ''));
			expect(fs.readFileSync(light, 'utf8')).toMatch(/^<svg/);
			expect(fs.readFileSync(dark, 'utf8')).not.toBe(fs.readFileSync(light, 'utf8'));
		}
	});
});
