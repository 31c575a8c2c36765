jest.mock('n8n-workflow', () =>
	jest.requireActual('../../../support/recordedSleep').n8nWorkflowWithRecordedSleep(),
);

import { sleepCalls } from '../../../support/recordedSleep';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import {
	autotaskQuery,
	getPicklist,
	getTicket,
	getZone,
} from '../../../../../nodes/shared/transport/autotask';
import { findOpenAlertByKey, sendIlertEvent } from '../../../../../nodes/shared/transport/ilert';
import {
	autotaskSimulatorCredential,
	createExecuteContext,
	testCredential,
} from '../../../../support';
import {
	startAutotaskSimulator,
	startIlertSimulator,
	type AutotaskSimulator,
	type IlertSimulator,
} from '../../../../simulators';
import { resetProcessState } from '../../../../../nodes/shared/transport/processState';
import { picklistIdOf, picklistLabelOf } from '../../../../../nodes/shared/domain/picklist';

beforeEach(() => {
	sleepCalls.length = 0;
	resetProcessState();
});

describe('Autotask transport against the Autotask simulator', () => {
	let sim: AutotaskSimulator;
	beforeAll(async () => {
		sim = await startAutotaskSimulator({ latencyMs: 30 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => {
		sim.reset();
		sim.setOptions({ latencyMs: 30 });
	});

	function credentials(
		overrides: ICredentialDataDecryptedObject = {},
	): ICredentialDataDecryptedObject {
		return { ...autotaskSimulatorCredential(sim, { zone: 'auto' }), ...overrides };
	}

	it('credential test detects the zone and reports a wrong secret plainly', async () => {
		const ok = await testCredential('autotaskIlertAutotaskApi', credentials());
		expect(ok.status).toBe('OK');
		expect(ok.credentials.zoneApiUrl).toBe(`${sim.url}/atservicesrest/v1.0`);
		const bad = await testCredential(
			'autotaskIlertAutotaskApi',
			credentials({ secret: 'wrong-example-secret' }),
		);
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(
			/rejected API user "api-user@example.com" \(HTTP 401\): the username or the secret is wrong/,
		);
		const code = await testCredential(
			'autotaskIlertAutotaskApi',
			credentials({ integrationCodeSecret: 'WRONGCODEEXAMPLE' }),
		);
		expect(code.message).toMatch(/rejected the API integration code/);
	});

	it('stays under the simulator’s thread limit of 3 per endpoint with 12 parallel reads', async () => {
		const ctx = createExecuteContext({ credentials: { autotaskIlertAutotaskApi: credentials() } });
		await getZone(ctx);
		// Twelve different tickets (identical reads waiting for a thread would share one request).
		const ids = Array.from(
			{ length: 12 },
			(_, i) =>
				sim.createTicket(
					{ companyID: 174, title: `Parallel ${i}`, status: 1, priority: 1, queueID: 8 },
					{ fire: false },
				).ticket?.id as number,
		);
		const reads = ids.map((id) => getTicket(ctx, id));
		const tickets = await Promise.all(reads);
		expect(tickets.every((t) => t && typeof t.id === 'number')).toBe(true);
		const ticketReads = sim.requests.filter((r) => /\/Tickets\/\d+$/.test(r.path));
		expect(ticketReads).toHaveLength(12);
		expect(ticketReads.every((r) => r.status === 200)).toBe(true);
		expect(sleepCalls).toHaveLength(0);
	});

	it('retries an injected thread-limit error and reads picklist labels from one cached request', async () => {
		const ctx = createExecuteContext({ credentials: { autotaskIlertAutotaskApi: credentials() } });
		const id = [...sim.state.tickets.keys()][0];
		sim.faults.add({
			method: 'GET',
			path: `/Tickets/${id}`,
			threadLimit: true,
			status: 500,
			times: 1,
		});
		await expect(getTicket(ctx, id)).resolves.toMatchObject({ id });
		expect(sleepCalls).toHaveLength(1);
		const status = await getPicklist(ctx, 'Tickets', 'status');
		expect(picklistLabelOf(status, 5)).toBe('Complete');
		expect(picklistIdOf(status, ' complete ')).toBe(5);
		expect(sim.requests.filter((r) => /entityInformation\/fields$/i.test(r.path))).toHaveLength(1);
	});

	it('pages through a query with a small page size', async () => {
		const ctx = createExecuteContext({ credentials: { autotaskIlertAutotaskApi: credentials() } });
		const all = await autotaskQuery(
			ctx,
			'Tickets',
			{ filter: [{ op: 'gt', field: 'id', value: 0 }], maxRecords: 2 },
			{ returnAll: true },
		);
		expect(all.map((t) => t.id).sort()).toEqual([...sim.state.tickets.keys()].sort());
		expect(sim.requests.filter((r) => /Tickets\/query/i.test(r.path)).length).toBeGreaterThan(1);
	});
});

describe('ilert transport against the ilert simulator', () => {
	let sim: IlertSimulator;
	beforeAll(async () => {
		sim = await startIlertSimulator();
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.reset());

	function ctx() {
		return createExecuteContext({
			credentials: {
				autotaskIlertIlertApi: { apiKey: 'il-api-key-example-xxxx', baseUrl: sim.url },
				autotaskIlertIlertAlertSourceApi: {
					integrationApiKey: 'il1apiexamplekeyxxxx0001',
					baseUrl: sim.url,
				},
			},
		});
	}

	it('creates, finds and resolves an alert by key; the lookup cache is invalidated by our events', async () => {
		const c = ctx();
		await expect(
			findOpenAlertByKey(c, { alertSourceId: 1001, alertKey: 'autotask-42' }),
		).resolves.toBeUndefined();
		await expect(
			sendIlertEvent(c, { eventType: 'ALERT', alertKey: 'autotask-42', summary: 'Server down' }),
		).resolves.toMatchObject({ queued: true, noOp: false });
		const open = await findOpenAlertByKey(c, { alertSourceId: 1001, alertKey: 'AUTOTASK-42' });
		expect(open).toMatchObject({ alertKey: 'autotask-42', status: 'PENDING' });
		await sendIlertEvent(c, {
			eventType: 'RESOLVE',
			alertKey: 'autotask-42',
			summary: 'Completed',
		});
		await expect(
			findOpenAlertByKey(c, { alertSourceId: 1001, alertKey: 'autotask-42' }),
		).resolves.toBeUndefined();
	});

	it('credential tests pass with the simulator keys', async () => {
		expect(
			(
				await testCredential('autotaskIlertIlertApi', {
					apiKey: 'il-api-key-example-xxxx',
					baseUrl: sim.url,
				})
			).status,
		).toBe('OK');
		expect(
			(
				await testCredential('autotaskIlertIlertAlertSourceApi', {
					integrationApiKey: 'il1apiexamplekeyxxxx0001',
					baseUrl: sim.url,
				})
			).status,
		).toBe('OK');
		expect(sim.snapshot()).toBeDefined();
	});

	it('retries a 429 on an event after a 10–30 s backoff', async () => {
		sim.faults.add({
			method: 'POST',
			path: '/api/events',
			status: 429,
			body: { status: 429, message: 'Too many requests', code: 'RATE_LIMIT' },
			times: 1,
		});
		await expect(
			sendIlertEvent(ctx(), { eventType: 'ALERT', alertKey: 'autotask-7', summary: 'x' }),
		).resolves.toMatchObject({ queued: true });
		expect(sleepCalls).toHaveLength(1);
		expect(sleepCalls[0]).toBeGreaterThanOrEqual(10000);
		expect(sleepCalls[0]).toBeLessThanOrEqual(30000);
	});
});

describe('ilert simulator, legacy “no open alert” answers', () => {
	it('treats 400 NO_OPEN_ALERT_WITH_KEY as a reported no-op', async () => {
		const sim = await startIlertSimulator({ legacyNoOpenAlert400: true });
		try {
			const c = createExecuteContext({
				credentials: {
					autotaskIlertIlertAlertSourceApi: {
						integrationApiKey: 'il1apiexamplekeyxxxx0001',
						baseUrl: sim.url,
					},
				},
			});
			const result = await sendIlertEvent(c, {
				eventType: 'RESOLVE',
				alertKey: 'autotask-404',
				summary: 'done',
			});
			expect(result).toMatchObject({ queued: false, noOp: true, statusCode: 400 });
			expect(result.code).toMatch(/NO(NE)?_OPEN/);
		} finally {
			await sim.close();
		}
	});
});
