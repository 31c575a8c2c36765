jest.mock('n8n-workflow', () =>
	jest.requireActual('../../../../support/recordedSleep').n8nWorkflowWithRecordedSleep(),
);

import { NodeApiError } from 'n8n-workflow';
import { getTicket, getZone } from '../../../../../../nodes/shared/transport/autotask';
import { AUTOTASK_USER as USER, useScriptedAutotask } from '../../../../support/scriptedAutotask';

const { routes, server, ctxWith, apiRequests } = useScriptedAutotask();

describe('Autotask transport: zones', () => {
	it('auto-detects the zone once per username and caches it', async () => {
		const ctx = ctxWith({ zone: 'auto', zoneLookupUrl: `${server.url}/atservicesrest` });
		const zone = await getZone(ctx);
		expect(zone).toEqual({
			apiBaseUrl: `${server.url}/atservicesrest/v1.0`,
			webUrl: 'https://ww99.example.com/',
			zoneName: 'Test Zone',
		});
		const lookups = () => server.requests.filter((r) => /zoneInformation/i.test(r.path));
		expect(lookups()[0].query.get('user')).toBe(USER);
		const before = lookups().length;
		await getZone(ctx);
		await getZone(ctxWith({ zone: 'auto', zoneLookupUrl: `${server.url}/atservicesrest` }));
		expect(lookups().length).toBe(before);
	});

	it('ignores a stored zone resolved for other settings (stale fingerprint)', async () => {
		const ctx = ctxWith({
			zone: 'auto',
			zoneLookupUrl: `${server.url}/atservicesrest`,
			zoneApiUrl: 'https://webservices5.autotask.net/atservicesrest/v1.0',
			zoneFingerprint:
				'v1|auto|someone-else@example.com|https://webservices.autotask.net/atservicesrest',
		});
		routes['GET /Tickets/7'] = () => ({ body: { item: { id: 7 } } });
		await expect(getTicket(ctx, 7)).resolves.toEqual({ id: 7 });
		expect(apiRequests('/Tickets/7')).toHaveLength(1);
	});

	it('re-detects an auto zone once when the stored zone answers 401 (tenant moved)', async () => {
		routes['GET /old/atservicesrest/v1.0/Tickets/8'] = () => ({
			status: 401,
			body: { errors: ['Unauthorized'] },
		});
		routes['GET /Tickets/8'] = () => ({ body: { item: { id: 8 } } });
		const lookupUrl = `${server.url}/atservicesrest`;
		const ctx = ctxWith({
			zone: 'auto',
			zoneLookupUrl: lookupUrl,
			zoneApiUrl: `${server.url}/old/atservicesrest/v1.0`,
			zoneWebUrl: '',
			zoneName: 'Old',
			zoneFingerprint: `v1|auto|${USER}|${lookupUrl}`,
		});
		await expect(getTicket(ctx, 8)).resolves.toEqual({ id: 8 });
		expect(server.requests.map((r) => r.path)).toEqual([
			'/old/atservicesrest/v1.0/Tickets/8',
			'/atservicesrest/v1.0/zoneInformation',
			'/atservicesrest/v1.0/Tickets/8',
		]);
		await expect(getZone(ctx)).resolves.toMatchObject({ zoneName: 'Test Zone' });
	});

	it('explains a username Autotask does not know', async () => {
		routes['GET /zoneInformation'] = () => ({
			status: 500,
			body: { errors: ['Zone information could not be determined'] },
		});
		const error = await getZone(
			ctxWith({
				zone: 'auto',
				username: 'nobody@example.com',
				zoneLookupUrl: `${server.url}/atservicesrest`,
			}),
		).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(
			/^Autotask could not find a zone for API user "nobody@example.com": Zone information could not be determined/,
		);
	});

	it('uses a fixed zone without any lookup', async () => {
		const zone = await getZone(ctxWith({ zone: 'webservices5' }));
		expect(zone).toEqual({
			apiBaseUrl: 'https://webservices5.autotask.net/atservicesrest/v1.0',
			webUrl: 'https://ww5.autotask.net/',
			zoneName: 'America West (webservices5)',
		});
		expect(server.requests).toHaveLength(0);
	});
});
