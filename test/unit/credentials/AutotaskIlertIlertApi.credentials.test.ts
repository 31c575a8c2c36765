import { loadCredentialType, testCredential } from '../../support';
import {
	ILERT_API_KEY as API_KEY,
	ILERT_INTEGRATION_KEY as INTEGRATION_KEY,
	useCredentialServices,
} from '../support/credentialServices';

const { server } = useCredentialServices();

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
