import type { IDataObject } from 'n8n-workflow';

import { getAlertSources } from '../../../../nodes/Ilert/methods/loadOptions';
import { Ilert } from '../../../../nodes/Ilert/Ilert.node';
import { startIlertSimulator } from '../../../simulators';
import { createLoadOptionsContext } from '../../../support';
import { ilertCredentials, lifecycleItem, requestsTo, runIlert } from './helpers';

type Sim = Awaited<ReturnType<typeof startIlertSimulator>>;

let sim: Sim;

beforeAll(async () => {
	sim = await startIlertSimulator();
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => {
	sim.reset();
	sim.setOptions({ legacyNoOpenAlert400: false });
});

describe('ilert node description', () => {
	it('is usable as a tool, versioned 1, with the package names', () => {
		const { description } = new Ilert();
		expect(description.name).toBe('ilert');
		expect(description.displayName).toBe('ilert');
		expect(description.usableAsTool).toBe(true);
		expect(description.version).toBe(1);
	});
});

describe('Alert Event: Create Alert', () => {
	it('builds summary, details, link, priority, key and custom details from a lifecycle item', async () => {
		const { out, ctx } = await runIlert(sim, { resource: 'event', operation: 'create' }, [
			lifecycleItem(),
		]);
		expect(out).toEqual([
			expect.objectContaining({
				eventType: 'ALERT',
				alertKey: 'autotask-123456',
				summary: '[T20261128.0042] Server down',
				queued: true,
				noOp: false,
				ticketId: 123456,
			}),
		]);
		const [alert] = sim.findAlertsByKey('autotask-123456');
		expect(alert.summary).toBe('[T20261128.0042] Server down');
		expect(alert.details).toContain('The mail server does not answer.');
		expect(alert.details).toContain('**Company:** Acme Corp (174)');
		expect(alert.details).toContain('**Queue:** Level I Support (8)');
		expect(alert.details).toContain('**Contact:** 30682887');
		expect(alert.links).toEqual([
			{ href: expect.stringContaining('TicketID=123456'), text: 'Autotask ticket' },
		]);
		expect(alert.priority).toBe('HIGH');
		expect(alert.customDetails).toEqual({
			autotask: expect.objectContaining({
				ticketId: 123456,
				ticketNumber: 'T20261128.0042',
				status: 'New',
				priority: 'Critical',
				queue: 'Level I Support',
				company: 'Acme Corp',
			}),
		});
		// The integration key travels in the body, never as a header, and is not in the output.
		const [event] = requestsTo(ctx, 'POST', /\/api\/events$/);
		expect((event.body as IDataObject).integrationKey).toBe(sim.credentials.integrationKey);
		expect(JSON.stringify(out)).not.toContain(sim.credentials.integrationKey);
		expect(ctx.mock.loggedText()).not.toContain(sim.credentials.integrationKey);
	});

	it('handles several items, one alert per ticket, each output paired with its item', async () => {
		const second = lifecycleItem();
		const json = second.json as IDataObject;
		json.ticket = {
			...(json.ticket as IDataObject),
			id: 777,
			number: 'T20261128.0043',
			title: 'Disk full',
		};
		json.lifecycle = {
			...(json.lifecycle as IDataObject),
			alertKey: 'autotask-777',
			ticketId: 777,
		};
		const { out, raw } = await runIlert(sim, { resource: 'event', operation: 'create' }, [
			lifecycleItem(),
			second,
		]);
		expect(out.map((o) => o.alertKey)).toEqual(['autotask-123456', 'autotask-777']);
		expect(raw.map((r) => r.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sim.findAlertsByKey('autotask-777')[0].summary).toBe('[T20261128.0043] Disk full');
	});

	it('uses the key convention when the item has a ticket but no lifecycle', async () => {
		const item = lifecycleItem();
		delete (item.json as IDataObject).lifecycle;
		const { out } = await runIlert(sim, { resource: 'event', operation: 'create' }, [item]);
		expect(out[0].alertKey).toBe('autotask-123456');
	});

	it('reads a raw Autotask ticket (Autotask node output)', async () => {
		const { out } = await runIlert(sim, { resource: 'event', operation: 'create' }, [
			{
				json: {
					id: 555,
					ticketNumber: 'T20261128.0001',
					title: 'Printer',
					status: 1,
					companyID: 174,
				},
			},
		]);
		expect(out[0]).toMatchObject({ alertKey: 'autotask-555', summary: '[T20261128.0001] Printer' });
	});

	it('lets every field be overridden', async () => {
		const { out } = await runIlert(
			sim,
			{
				resource: 'event',
				operation: 'create',
				alertKey: 'Custom-Key-1',
				summary: 'My summary',
				details: 'My details',
				priority: 'LOW',
				additionalFields: {
					customDetails: '{"team":"network"}',
					includeTicketLink: false,
					links: { link: [{ href: 'https://example.com/runbook', text: 'Runbook' }] },
					severity: 2,
				},
			},
			[lifecycleItem()],
		);
		expect(out[0]).toMatchObject({ alertKey: 'Custom-Key-1', summary: 'My summary' });
		expect(out[0].ticketId).toBeUndefined();
		const [alert] = sim.findAlertsByKey('custom-key-1');
		expect(alert).toMatchObject({
			summary: 'My summary',
			details: 'My details',
			priority: 'LOW',
			severity: 2,
			links: [{ href: 'https://example.com/runbook', text: 'Runbook' }],
			customDetails: { team: 'network' },
		});
	});

	it('sends no priority when the source decides', async () => {
		const { ctx } = await runIlert(
			sim,
			{ resource: 'event', operation: 'create', priority: 'sourceDefault' },
			[lifecycleItem()],
		);
		const [event] = requestsTo(ctx, 'POST', /\/api\/events$/);
		expect((event.body as IDataObject).priority).toBeUndefined();
	});

	it('fails clearly without an alert key', async () => {
		await expect(
			runIlert(sim, { resource: 'event', operation: 'create' }, [{ json: { foo: 1 } }]),
		).rejects.toThrow('No alert key');
	});

	it('is idempotent: a second ALERT with the same key appends to the open alert', async () => {
		await runIlert(sim, { resource: 'event', operation: 'create' }, [lifecycleItem()]);
		await runIlert(sim, { resource: 'event', operation: 'create' }, [lifecycleItem()]);
		expect(sim.findAlertsByKey('autotask-123456')).toHaveLength(1);
	});

	it("carries ilert's message on a real error (unknown integration key)", async () => {
		const error = await runIlert(
			sim,
			{ resource: 'event', operation: 'create' },
			[lifecycleItem()],
			{
				integrationKey: 'il1api-unknown-example-xxxx',
			},
		).then(
			() => ({}) as IDataObject,
			(e: unknown) => e as IDataObject,
		);
		expect(String(error.message) + String(error.description)).toContain(
			'No alert source found for the given integration key',
		);
		expect(String(error.httpCode)).toBe('404');
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain(
			'il1api-unknown-example-xxxx',
		);
		expect(JSON.stringify(error.context ?? {})).toContain('"itemIndex":0');
	});

	it('continues on fail with one error item per failed item', async () => {
		const { out, raw } = await runIlert(
			sim,
			{ resource: 'event', operation: 'create' },
			[lifecycleItem(), { json: {} }],
			{ continueOnFail: true },
		);
		expect(out[0].queued).toBe(true);
		expect(out[1].error).toContain('No alert key');
		expect(raw[1].pairedItem).toEqual({ item: 1 });
	});

	it('retries 429 from the Events API and then succeeds', async () => {
		sim.faults.add({
			method: 'POST',
			path: /\/api\/events$/,
			status: 429,
			times: 1,
			body: { message: 'Too many requests', code: 'RATE_LIMIT' },
		});
		// ilert sends no Retry-After and suggests 10-30 s; a 2 s budget shortens the wait for the test.
		const { out, ctx } = await runIlert(
			sim,
			{ resource: 'event', operation: 'create' },
			[lifecycleItem()],
			{
				retryWaitSeconds: 2,
			},
		);
		expect(out[0].queued).toBe(true);
		expect(requestsTo(ctx, 'POST', /\/api\/events$/).map((r) => r.statusCode)).toEqual([429, 202]);
		expect(sim.findAlertsByKey('autotask-123456')).toHaveLength(1);
	}, 60000);
});

describe('Alert Event: Accept, Resolve, Comment', () => {
	async function openAlert() {
		await runIlert(sim, { resource: 'event', operation: 'create' }, [lifecycleItem()]);
		return sim.findAlertsByKey('autotask-123456')[0];
	}

	it('accepts and resolves by key, always sending a summary', async () => {
		const alert = await openAlert();
		const accepted = await runIlert(sim, { resource: 'event', operation: 'accept' }, [
			lifecycleItem(),
		]);
		expect(accepted.out[0]).toMatchObject({ eventType: 'ACCEPT', queued: true, noOp: false });
		const [acceptEvent] = requestsTo(accepted.ctx, 'POST', /\/api\/events$/);
		expect((acceptEvent.body as IDataObject).summary).toContain('[T20261128.0042] Server down');
		expect(sim.getAlert(alert.id)?.status).toBe('ACCEPTED');

		const resolved = await runIlert(sim, { resource: 'event', operation: 'resolve' }, [
			lifecycleItem(),
		]);
		expect(resolved.out[0]).toMatchObject({ eventType: 'RESOLVE', queued: true, noOp: false });
		expect(sim.getAlert(alert.id)?.status).toBe('RESOLVED');
	});

	it('reports a no-op when ilert answers 400 NO_OPEN_ALERT_WITH_KEY (older behaviour)', async () => {
		sim.setOptions({ legacyNoOpenAlert400: true });
		const { out, ctx } = await runIlert(
			sim,
			{ resource: 'event', operation: 'resolve', checkOpenAlert: false },
			[lifecycleItem()],
		);
		expect(out[0]).toMatchObject({
			eventType: 'RESOLVE',
			noOp: true,
			queued: false,
			ilertCode: 'NO_OPEN_ALERT_WITH_KEY',
			openAlertChecked: false,
		});
		expect(requestsTo(ctx, 'POST', /\/api\/events$/)).toHaveLength(1);
		expect(out[0].reason).toContain('no open alert');
	});

	it('without the check, a 202 is reported as queued (ilert cannot tell), never as an error', async () => {
		const { out } = await runIlert(
			sim,
			{ resource: 'event', operation: 'accept', checkOpenAlert: false },
			[lifecycleItem()],
		);
		expect(out[0]).toMatchObject({
			queued: true,
			noOp: false,
			openAlertChecked: false,
			httpStatus: 202,
		});
	});

	it('by default checks the open alert first and reports a no-op without sending anything', async () => {
		const { out, ctx } = await runIlert(
			sim,
			{ resource: 'event', operation: 'accept', alertSourceId: '1001' },
			[lifecycleItem()],
		);
		expect(out[0]).toMatchObject({ noOp: true, queued: false, openAlertChecked: true });
		expect(out[0].reason).toContain('No open ilert alert');
		expect(requestsTo(ctx, 'POST', /\/api\/events$/)).toHaveLength(0);
		expect(requestsTo(ctx, 'GET', /\/api\/alerts$/).length).toBeGreaterThan(0);
	});

	it('with Check Open Alert First, an already accepted alert is a no-op', async () => {
		const alert = await openAlert();
		sim.acceptAlert(alert.id, { userEmail: 'ann.lee@example.com' });
		const { out, ctx } = await runIlert(
			sim,
			{ resource: 'event', operation: 'accept', checkOpenAlert: true },
			[lifecycleItem()],
		);
		expect(out[0]).toMatchObject({ noOp: true, alertId: alert.id, alertStatusBefore: 'ACCEPTED' });
		expect(requestsTo(ctx, 'POST', /\/api\/events$/)).toHaveLength(0);
	});

	it('comments on the open alert by key', async () => {
		const alert = await openAlert();
		const { out } = await runIlert(
			sim,
			{
				resource: 'event',
				operation: 'comment',
				comment: 'Customer called back',
				commentCreator: 'Jane',
			},
			[lifecycleItem()],
		);
		expect(out[0]).toMatchObject({ eventType: 'COMMENT', queued: true });
		const log = (sim.getAlert(alert.id)?.log ?? []) as IDataObject[];
		expect(log).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ text: 'Customer called back', creator: 'Jane' }),
			]),
		);
	});
});

describe('Alert (REST)', () => {
	function seedAlerts(count: number, sourceId = 1001) {
		const created = [];
		for (let i = 0; i < count; i++) {
			created.push(
				sim.createAlert({ summary: `Alert ${i}`, alertKey: `k-${i}`, alertSourceId: sourceId }),
			);
		}
		return created;
	}

	it('gets an alert with custom details', async () => {
		const [alert] = seedAlerts(1);
		const { out } = await runIlert(sim, {
			resource: 'alert',
			operation: 'get',
			alertId: String(alert.id),
		});
		expect(out[0]).toMatchObject({ id: alert.id, summary: 'Alert 0', status: 'PENDING' });
		expect(out[0].customDetails).toBeDefined();
	});

	it("carries ilert's message for an unknown alert", async () => {
		await expect(
			runIlert(sim, { resource: 'alert', operation: 'get', alertId: '999' }),
		).rejects.toMatchObject({
			httpCode: '404',
		});
	});

	it('pages through Get Many with Return All (start-index / max-results 100, pages overlapping by 10)', async () => {
		seedAlerts(230);
		const { out, ctx } = await runIlert(sim, {
			resource: 'alert',
			operation: 'getMany',
			returnAll: true,
		});
		expect(out).toHaveLength(230);
		const starts = requestsTo(ctx, 'GET', /\/api\/alerts$/).map((r) =>
			new URL(r.url).searchParams.get('start-index'),
		);
		expect(starts).toEqual(['0', '90', '180']);
		expect(new Set(out.map((a) => a.id)).size).toBe(230);
	});

	it('applies the limit and the filters', async () => {
		seedAlerts(120);
		seedAlerts(3, 1002);
		const limited = await runIlert(sim, {
			resource: 'alert',
			operation: 'getMany',
			returnAll: false,
			limit: 105,
		});
		expect(limited.out).toHaveLength(105);
		const filtered = await runIlert(sim, {
			resource: 'alert',
			operation: 'getMany',
			returnAll: true,
			filters: { sources: ['1002'], states: ['PENDING'] },
		});
		expect(filtered.out).toHaveLength(3);
		expect(filtered.out.every((a) => (a.alertSource as IDataObject).id === 1002)).toBe(true);
	});

	it('finds the open alert by key, case-insensitively, or returns nothing', async () => {
		seedAlerts(150);
		const found = await runIlert(sim, {
			resource: 'alert',
			operation: 'findByKey',
			alertKey: 'K-140',
		});
		expect(found.out).toEqual([expect.objectContaining({ alertKey: 'k-140' })]);
		const none = await runIlert(sim, {
			resource: 'alert',
			operation: 'findByKey',
			alertKey: 'nope',
		});
		expect(none.out).toEqual([]);
	});

	it('accepts and resolves by id, reporting repeats as no-ops', async () => {
		const [alert] = seedAlerts(1);
		const first = await runIlert(sim, {
			resource: 'alert',
			operation: 'accept',
			alertId: String(alert.id),
		});
		expect(first.out[0]).toMatchObject({
			action: 'accept',
			noOp: false,
			alert: { status: 'ACCEPTED' },
		});
		const again = await runIlert(sim, {
			resource: 'alert',
			operation: 'accept',
			alertId: String(alert.id),
		});
		expect(again.out[0]).toMatchObject({
			noOp: true,
			reason: `Alert ${alert.id} is already accepted`,
		});
		expect(requestsTo(again.ctx, 'PUT', /\/accept$/)).toHaveLength(0);
		const resolved = await runIlert(sim, {
			resource: 'alert',
			operation: 'resolve',
			alertId: String(alert.id),
		});
		expect(resolved.out[0]).toMatchObject({ noOp: false, alert: { status: 'RESOLVED' } });
		const acceptResolved = await runIlert(sim, {
			resource: 'alert',
			operation: 'accept',
			alertId: String(alert.id),
		});
		expect(acceptResolved.out[0]).toMatchObject({
			noOp: true,
			reason: `Alert ${alert.id} is already resolved`,
		});
	});

	it('retries a 5xx on the REST API', async () => {
		const [alert] = seedAlerts(1);
		sim.faults.add({
			method: 'GET',
			path: new RegExp(`/api/alerts/${alert.id}$`),
			status: 503,
			times: 1,
			body: { message: 'down' },
		});
		const { out, ctx } = await runIlert(sim, {
			resource: 'alert',
			operation: 'get',
			alertId: String(alert.id),
		});
		expect(out[0].id).toBe(alert.id);
		expect(
			requestsTo(ctx, 'GET', new RegExp(`/api/alerts/${alert.id}$`)).map((r) => r.statusCode),
		).toEqual([503, 200]);
	}, 60000);

	it('assigns an alert to a user', async () => {
		const [alert] = seedAlerts(1);
		const { out } = await runIlert(sim, {
			resource: 'alert',
			operation: 'assign',
			alertId: String(alert.id),
			assignTo: 'user',
			assigneeId: '8',
		});
		expect(out[0]).toMatchObject({ id: alert.id, assignedTo: { id: 8 } });
	});

	it('adds a comment through a COMMENT event with the alert key', async () => {
		const [alert] = seedAlerts(1);
		const { out } = await runIlert(
			sim,
			{
				resource: 'alert',
				operation: 'addComment',
				alertId: String(alert.id),
				comment: 'Looking into it',
			},
			undefined,
			{ integrationKey: 'il1api-unrelated-key-xxxx' },
		);
		expect(out[0]).toMatchObject({ alertKey: 'k-0', queued: true, noOp: false });
		// The event carries the alert source's own key, read over REST, not a configured one.
		const sent = sim.requests.filter((r) => r.method === 'POST' && r.path === '/api/events');
		expect(sent.at(-1)?.body).toMatchObject({ eventType: 'COMMENT', alertKey: 'k-0' });
		expect(sim.getAlert(alert.id)?.log).toEqual(
			expect.arrayContaining([expect.objectContaining({ text: 'Looking into it' })]),
		);
	});
});

describe('Alert Source', () => {
	it('lists alert sources and offers them as load options', async () => {
		const { out } = await runIlert(sim, {
			resource: 'alertSource',
			operation: 'getMany',
			returnAll: true,
		});
		expect(out.map((s) => s.id)).toEqual([1001, 1002]);
		const ctx = createLoadOptionsContext({ credentials: ilertCredentials(sim) });
		const options = await getAlertSources.call(ctx);
		expect(options).toEqual([
			{ name: 'Autotask low priority (API)', value: '1002' },
			{ name: 'Autotask via n8n (API)', value: '1001' },
		]);
	});
});

describe('credential declarations', () => {
	it('lists each credential type once, because n8n honours only the first entry of a type', () => {
		const names = (new Ilert().description.credentials ?? []).map((c) => c.name);
		expect(new Set(names).size).toBe(names.length);
	});
});
