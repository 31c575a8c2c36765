import {
	authenticateRequest,
	createExecuteContext,
	loadCredentialType,
	testCredential,
} from '../../support';
import { autotaskRequest } from '../../../nodes/shared/transport/autotask';
import { AUTOTASK_ZONES } from '../../../nodes/shared/transport/autotask/zones';
import {
	AUTOTASK_USER as USER,
	AUTOTASK_SECRET as SECRET,
	AUTOTASK_CODE as CODE,
	ILERT_API_KEY as API_KEY,
	ILERT_INTEGRATION_KEY as INTEGRATION_KEY,
	checkingCredentials,
	useCredentialServices,
} from '../support/credentialServices';

const { routes, server } = useCredentialServices();

function autotaskData(overrides: Record<string, unknown> = {}) {
	return {
		username: USER,
		secret: SECRET,
		integrationCodeSecret: CODE,
		zone: 'auto',
		zoneLookupUrl: `${server.url}/atservicesrest`,
		...overrides,
	};
}

function expectNoSecretIn(text: string) {
	for (const s of [SECRET, CODE, API_KEY, INTEGRATION_KEY]) expect(text).not.toContain(s);
}

describe('Autotask credential', () => {
	it('is named with the package prefix and lists every zone plus auto and custom', () => {
		const type = loadCredentialType('autotaskIlertAutotaskApi');
		expect(type.displayName).toBe('Autotask-Ilert: Autotask API');
		const zone = type.properties.find((p) => p.name === 'zone');
		const values = (zone?.options ?? []).map((o) => (o as { value: string }).value);
		expect(values[0]).toBe('auto');
		expect(values).toContain('custom');
		for (const n of [1, 2, 3, 4, 5, 6, 11, 12, 14, 15, 16, 17, 18, 19, 22, 24, 25, 26, 28, 29])
			expect(values).toContain(`webservices${n}`);
		expect(values).toEqual(expect.arrayContaining(['prde', 'pres']));
		expect(AUTOTASK_ZONES).toHaveLength(22);
		for (const name of ['secret', 'integrationCodeSecret']) {
			expect(type.properties.find((p) => p.name === name)?.typeOptions?.password).toBe(true);
		}
	});

	it('authenticate adds UserName, Secret, ApiIntegrationCode and ImpersonationResourceId only when set', async () => {
		const base = {
			method: 'GET' as const,
			url: 'https://x.example.com/v1.0/Tickets/1',
			headers: { Accept: 'application/json' },
		};
		const plain = await authenticateRequest('autotaskIlertAutotaskApi', autotaskData(), base);
		expect(plain.headers).toEqual({
			Accept: 'application/json',
			UserName: USER,
			Secret: SECRET,
			ApiIntegrationCode: CODE,
		});
		const impersonating = await authenticateRequest(
			'autotaskIlertAutotaskApi',
			autotaskData({ impersonationResourceId: ' 29682885 ' }),
			base,
		);
		expect(impersonating.headers).toMatchObject({ ImpersonationResourceId: '29682885' });
	});

	it('test passes with valid details and stores the detected zone with its fingerprint', async () => {
		const result = await testCredential('autotaskIlertAutotaskApi', autotaskData());
		expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
		expect(result.credentials).toMatchObject({
			zoneApiUrl: `${server.url}/atservicesrest/v1.0`,
			zoneWebUrl: 'https://ww99.example.com/',
			zoneName: 'Test Zone',
			zoneFingerprint: `v1|auto|${USER}|${server.url}/atservicesrest`,
		});
		expect(result.requests.map((r) => new URL(r.url).pathname)).toEqual([
			'/atservicesrest/v1.0/zoneInformation',
			'/atservicesrest/v1.0/Tickets/entityInformation',
			'/atservicesrest/v1.0/Tickets/entityInformation',
		]);
		// zone lookup needs no secret
		expect(result.requests[0].headers.Secret).toBeUndefined();
	});

	it('test uses the freshly detected zone even when a stale one is stored (n8n resolves baseURL before preAuthentication)', async () => {
		const stale = {
			zoneApiUrl: 'http://127.0.0.1:1/atservicesrest/v1.0',
			zoneFingerprint: 'v1|webservices5',
			zoneName: 'Old',
		};
		const result = await testCredential('autotaskIlertAutotaskApi', autotaskData(stale));
		expect(result.status).toBe('OK');
		expect(result.requests.every((r) => r.url.startsWith(server.url))).toBe(true);
		expect(result.credentials.zoneApiUrl).toBe(`${server.url}/atservicesrest/v1.0`);
	});

	it('test names the unknown username', async () => {
		const result = await testCredential(
			'autotaskIlertAutotaskApi',
			autotaskData({ username: 'nobody@example.com' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			'Autotask could not find a zone for API user "nobody@example.com": Zone information could not be determined. Check the API Username.',
		);
	});

	it('test says the secret (or username) is wrong and which zone answered, without the secret', async () => {
		const result = await testCredential(
			'autotaskIlertAutotaskApi',
			autotaskData({ secret: 'wrong-secret-example' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(
			`Autotask zone Test Zone (${server.url}/atservicesrest/v1.0) rejected API user "${USER}" (HTTP 401): the username or the secret is wrong.`,
		);
		expect(result.message).not.toContain('wrong-secret-example');
	});

	it('test says the integration code is wrong', async () => {
		const result = await testCredential(
			'autotaskIlertAutotaskApi',
			autotaskData({ integrationCodeSecret: 'WRONG-CODE-EXAMPLE' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/rejected the API integration code for API user "api-user@example.com" \(HTTP 500\).*IntegrationCode is invalid\./,
		);
		expect(result.message).not.toContain('WRONG-CODE-EXAMPLE');
		expectNoSecretIn(result.message);
	});

	it('test works for a custom base URL without a zone lookup', async () => {
		const result = await testCredential(
			'autotaskIlertAutotaskApi',
			autotaskData({ zone: 'custom', customBaseUrl: `${server.url}/atservicesrest/` }),
		);
		expect(result.status).toBe('OK');
		expect(result.requests.some((r) => /zoneInformation/i.test(r.url))).toBe(false);
		expect(result.credentials.zoneName).toBe('Custom');
	});

	it('test rule turns a 401 on the test request into a plain message', async () => {
		let n = 0;
		routes['GET /atservicesrest/v1.0/Tickets/entityInformation'] = (req) =>
			++n === 1
				? checkingCredentials(req, server)
				: { status: 401, body: { errors: ['Unauthorized'] } };
		const result = await testCredential('autotaskIlertAutotaskApi', autotaskData());
		expect(result).toMatchObject({
			status: 'Error',
			message: 'Autotask rejected the API username or secret (HTTP 401)',
		});
	});

	it('in a node, preAuthentication runs once and its result is reused', async () => {
		const ctx = createExecuteContext({ credentials: { autotaskIlertAutotaskApi: autotaskData() } });
		routes['GET /atservicesrest/v1.0/Tickets/1'] = () => ({ body: { item: { id: 1 } } });
		await autotaskRequest(ctx, { method: 'GET', path: '/Tickets/1' });
		await autotaskRequest(ctx, { method: 'GET', path: '/Tickets/1' });
		expect(ctx.mock.preAuthenticationRuns.autotaskIlertAutotaskApi).toBe(1);
		expect(ctx.mock.credentials.autotaskIlertAutotaskApi.zoneApiUrl).toBe(
			`${server.url}/atservicesrest/v1.0`,
		);
		expectNoSecretIn(ctx.mock.loggedText());
	});
});
