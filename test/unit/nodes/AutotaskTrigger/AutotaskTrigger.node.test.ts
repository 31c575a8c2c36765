/**
 * Webhook mode against the Autotask simulator: registration, re-creation, deletion, signed
 * deliveries end to end (simulator -> HTTP -> webhook()), signature variants, repeats and ordering,
 * enrichment failure and the Deactivated notice.
 */
import { createHmac } from 'node:crypto';

import { dotnetJson } from '../../../simulators';
import {
	API_USER_RESOURCE,
	FORMER_EMPLOYEE,
	JANE,
	startHarness,
	type TriggerHarness,
	WEBHOOK_PARAMS,
} from '../../support/autotaskTriggerHarness';

let h: TriggerHarness;

beforeAll(async () => {
	h = await startHarness();
}, 60000);

afterAll(async () => {
	await h.stop();
	await h.sim.close();
});

beforeEach(() => {
	h.sim.reset();
	h.reset(WEBHOOK_PARAMS);
});

function sign(body: string, secret: string): string {
	return 'sha1=' + createHmac('sha1', secret).update(Buffer.from(body, 'utf8')).digest('base64');
}

async function register(workflowName?: string) {
	const ctx = h.hook(workflowName);
	await expect(h.trigger.webhookMethods.default.checkExists.call(ctx)).resolves.toBe(false);
	await expect(h.trigger.webhookMethods.default.create.call(ctx)).resolves.toBe(true);
	return ctx;
}

function hookState() {
	const snap = h.sim.snapshot();
	expect(snap.webhooks).toHaveLength(1);
	const hook = snap.webhooks[0];
	return {
		hook,
		secret: h.sim.state.webhooks[0].secretKey as string,
		fields: snap.webhookFields.filter((f: { webhookID: number }) => f.webhookID === hook.id),
		excluded: snap.excludedResources.filter((x: { webhookID: number }) => x.webhookID === hook.id),
	};
}

async function settle() {
	await h.sim.waitForDeliveries();
}

describe('registration', () => {
	it('registers the webhook, its fields one at a time and the excluded resources', async () => {
		const ctx = await register(
			'A workflow with a rather long name that goes past fifty characters',
		);
		const { hook, secret, fields, excluded } = hookState();
		expect(hook).toMatchObject({
			webhookUrl: h.webhookUrl,
			deactivationUrl: `${h.webhookUrl}?deactivation=1`,
			isActive: true,
			isReady: true,
			isSubscribedToCreateEvents: true,
			isSubscribedToUpdateEvents: true,
			isSubscribedToDeleteEvents: false,
		});
		expect(hook.name.length).toBeLessThanOrEqual(50);
		// The secret is random, kept in static data, and long.
		expect(secret).toMatch(/^[0-9a-f]{48}$/);
		expect(h.staticData.webhookSecret).toBe(secret);
		expect(h.staticData.webhookId).toBe(hook.id);
		// status (19) and priority (17) subscribed; ticketNumber (26) shown only.
		expect(
			fields.map((f: IDataObjectLike) => [f.fieldID, f.isSubscribedField, f.isDisplayAlwaysField]),
		).toEqual([
			[19, true, true],
			[17, true, true],
			[26, false, true],
		]);
		expect(excluded.map((x: IDataObjectLike) => x.resourceID).sort()).toEqual(
			[API_USER_RESOURCE, FORMER_EMPLOYEE].sort(),
		);
		// One field per request, never in parallel.
		const fieldPosts = ctx.mock.requests.filter(
			(r) => r.method === 'POST' && /\/Fields$/.test(new URL(r.url).pathname),
		);
		expect(fieldPosts).toHaveLength(3);
		for (let i = 1; i < fieldPosts.length; i++) {
			expect(fieldPosts[i].startedAt).toBeGreaterThanOrEqual(fieldPosts[i - 1].endedAt!);
		}
		// The secret never reaches the logs.
		expect(ctx.mock.loggedText()).not.toContain(secret);
		await expect(h.trigger.webhookMethods.default.checkExists.call(h.hook())).resolves.toBe(true);
	});

	it('subscribes to the fields and events the user picks', async () => {
		h.parameters.webhookFields = ['status', 'queueID', 'assignedResourceID'];
		h.parameters.events = ['created', 'updated', 'deleted'];
		await register();
		const { hook, fields } = hookState();
		expect(hook.isSubscribedToDeleteEvents).toBe(true);
		expect(
			fields
				.filter((f: IDataObjectLike) => f.isSubscribedField)
				.map((f: IDataObjectLike) => f.fieldID),
		).toEqual([19, 36, 2]);
	});

	it('refuses a field Autotask does not offer, and leaves nothing behind', async () => {
		h.parameters.webhookFields = ['status', 'noSuchField'];
		await expect(h.trigger.webhookMethods.default.create.call(h.hook())).rejects.toThrow(
			/noSuchField/,
		);
		expect(h.sim.snapshot().webhooks).toHaveLength(0);
	});

	it('rolls back a half-registered webhook when a field fails', async () => {
		h.sim.faults.add({
			method: 'POST',
			path: /\/Fields$/,
			status: 500,
			body: { errors: ['boom'] },
			times: 1,
		});
		await expect(h.trigger.webhookMethods.default.create.call(h.hook())).rejects.toThrow();
		expect(h.sim.snapshot().webhooks).toHaveLength(0);
		expect(h.staticData.webhookId).toBeUndefined();
	});

	it('re-creates a webhook that was deleted in Autotask', async () => {
		await register();
		const first = h.staticData.webhookId;
		h.sim.state.webhooks.length = 0;
		const ctx = h.hook();
		await expect(h.trigger.webhookMethods.default.checkExists.call(ctx)).resolves.toBe(false);
		expect(ctx.mock.loggedText()).toContain('no longer exists');
		await expect(h.trigger.webhookMethods.default.create.call(ctx)).resolves.toBe(true);
		expect(h.staticData.webhookId).not.toBe(first);
		expect(hookState().hook.isActive).toBe(true);
	});

	it('re-creates a deactivated webhook (replacing the old one, one per URL)', async () => {
		await register();
		const first = h.staticData.webhookId as number;
		h.sim.state.webhooks[0].isActive = false;
		const ctx = h.hook();
		await expect(h.trigger.webhookMethods.default.checkExists.call(ctx)).resolves.toBe(false);
		expect(ctx.mock.loggedText()).toContain('deactivated');
		await h.trigger.webhookMethods.default.create.call(ctx);
		const { hook } = hookState();
		expect(hook.id).not.toBe(first);
		expect(hook.isActive).toBe(true);
	});

	it('adopts nothing stale: a webhook left on this URL without static data is replaced', async () => {
		await register();
		h.staticData = {};
		const ctx = h.hook();
		await expect(h.trigger.webhookMethods.default.checkExists.call(ctx)).resolves.toBe(false);
		await h.trigger.webhookMethods.default.create.call(ctx);
		expect(h.sim.snapshot().webhooks).toHaveLength(1);
	});

	it('re-creates when the configured fields changed', async () => {
		await register();
		h.parameters.webhookFields = ['status'];
		await expect(h.trigger.webhookMethods.default.checkExists.call(h.hook())).resolves.toBe(false);
	});

	it('deletes the webhook on unpublish', async () => {
		await register();
		await expect(h.trigger.webhookMethods.default.delete.call(h.hook())).resolves.toBe(true);
		expect(h.sim.snapshot().webhooks).toHaveLength(0);
		expect(h.staticData.webhookId).toBeUndefined();
		expect(h.staticData.webhookSecret).toBeUndefined();
		// Deleting again (already gone) is fine.
		await expect(h.trigger.webhookMethods.default.delete.call(h.hook())).resolves.toBe(true);
	});
});

describe('signed deliveries (simulator -> HTTP -> webhook())', () => {
	it('emits one enriched, labelled event per ticket change and answers fast', async () => {
		await register();
		h.sim.updateTicket(10001, { status: 8 }, { resourceId: JANE });
		await settle();
		expect(h.answers).toEqual([{ status: 200, path: '/webhook/test-webhook-id/webhook' }]);
		expect(h.executions).toHaveLength(1);
		const item = h.executions[0] as Record<string, any>;
		expect(item).toMatchObject({
			event: 'updated',
			eventReason: 'Autotask webhook action Update',
			source: 'webhook',
			enriched: true,
			webhook: { action: 'Update', sequenceNumber: 1, personId: JANE },
			ticket: {
				id: 10001,
				status: { id: 8, label: expect.any(String) },
				priority: { id: 4, label: expect.any(String) },
				company: { id: 174, name: 'Acme Corp' },
				webUrl: expect.stringContaining('ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=10001'),
			},
			raw: { Action: 'Update', Id: 10001 },
		});
		expect(item.ticket.status.label).not.toBe('');
		expect(Date.parse(item.receivedAt)).not.toBeNaN();
		expect(JSON.stringify(item)).not.toContain(h.staticData.webhookSecret as string);
	});

	it('emits created for a new ticket', async () => {
		await register();
		const created = h.sim.createTicket(
			{ title: 'Disk full', status: 1, priority: 1, companyID: 174, queueID: 8 },
			{ resourceId: JANE },
		);
		await settle();
		expect(h.executions).toHaveLength(1);
		expect(h.executions[0]).toMatchObject({
			event: 'created',
			ticket: { id: created.id, title: 'Disk full' },
		});
	});

	it('does not hear its own updates (API user excluded: loop guard)', async () => {
		await register();
		h.sim.updateTicket(10001, { status: 8 }, { resourceId: API_USER_RESOURCE });
		h.sim.updateTicket(10001, { priority: 1 }, { resourceId: FORMER_EMPLOYEE });
		await settle();
		expect(h.executions).toHaveLength(0);
		expect(h.sim.deliveries.filter((d: { kind: string }) => d.kind === 'skipped')).toHaveLength(2);
	});

	it('accepts the .NET-escaped body Autotask may send (raw variant)', async () => {
		h.sim.setOptions({ bodyStyle: 'dotnet' });
		h.parameters.webhookFields = ['status', 'title'];
		await register();
		h.sim.updateTicket(10001, { status: 8, title: 'Café & <Bar> + "x"' }, { resourceId: JANE });
		await settle();
		expect(h.executions).toHaveLength(1);
		expect(h.sim.deliveries[0].body).toContain('\\u0026');
		expect(h.executions[0]).toMatchObject({ raw: { Fields: { Title: 'Café & <Bar> + "x"' } } });
		h.sim.setOptions({ bodyStyle: 'plain' });
	});
});

describe('signature check in webhook()', () => {
	const payload = (o: Record<string, unknown> = {}) =>
		JSON.stringify({
			Action: 'Update',
			Guid: 'g-1',
			EntityType: 'Ticket',
			Id: 10001,
			Fields: { Status: '8', Title: 'Café & <Bar>' },
			EventTime: '2026-11-28T04:00:00Z',
			SequenceNumber: 5,
			PersonID: JANE,
			...o,
		});

	async function post(body: string, signature: string | undefined) {
		return await h.deliver({
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				...(signature ? { 'x-hook-signature': signature } : {}),
			},
			body: JSON.parse(body),
			rawBody: Buffer.from(body, 'utf8'),
		});
	}

	beforeEach(async () => {
		await register();
	});

	it('accepts a signature over the raw body', async () => {
		const body = payload();
		const out = await post(body, sign(body, h.staticData.webhookSecret as string));
		expect(out.json).toMatchObject({ event: 'updated', enriched: true });
	});

	it('accepts a signature over the .NET-escaped form of an unescaped body', async () => {
		const body = payload();
		const escapedForm = dotnetJson(JSON.parse(body));
		expect(escapedForm).not.toBe(body);
		const out = await post(body, sign(escapedForm, h.staticData.webhookSecret as string));
		expect(out.json).toMatchObject({ event: 'updated' });
	});

	it.each([
		['a tampered body', (b: string, s: string) => [b.replace('"8"', '"5"'), sign(b, s)]],
		['a wrong secret', (b: string) => [b, sign(b, 'other-example-secret')]],
		['no signature', (b: string) => [b, undefined]],
		['a malformed signature', (b: string) => [b, 'sha1=not base64!']],
		['another algorithm', (b: string, s: string) => [b, sign(b, s).replace('sha1=', 'sha256=')]],
	])('answers 401 and starts nothing for %s', async (_name, make) => {
		const [body, signature] = make(payload(), h.staticData.webhookSecret as string) as [
			string,
			string | undefined,
		];
		const out = await post(body, signature);
		expect(out.status).toBe(401);
		expect(out.result.workflowData).toBeUndefined();
		expect(JSON.stringify(out.body)).not.toContain(h.staticData.webhookSecret as string);
	});

	it('emits a repeated, replayed or out-of-order delivery again, with the ticket as it is now, and writes no static data', async () => {
		const secret = h.staticData.webhookSecret as string;
		const registration = structuredClone(h.staticData);
		const b5 = payload();
		const first = await post(b5, sign(b5, secret));
		expect(first.json).toMatchObject({ event: 'updated', ticket: { id: 10001 } });
		// Autotask re-sends, an attacker replays, or an older event arrives late: the ticket is read
		// fresh each time (the Lifecycle then finds nothing to do and the alert key keeps one alert).
		const again = await post(b5, sign(b5, secret));
		expect(again.json).toMatchObject({ event: 'updated', ticket: { id: 10001 } });
		const b4 = payload({ SequenceNumber: 4, EventTime: '2026-11-28T03:59:00Z' });
		const late = await post(b4, sign(b4, secret));
		expect(late.json).toMatchObject({
			event: 'updated',
			ticket: { id: 10001 },
			webhook: { sequenceNumber: 4 },
		});
		expect(late.json!.ticket).toEqual(first.json!.ticket);
		// Only the registration lives in static data; the request path changed nothing there.
		expect(h.staticData).toEqual(registration);
	});

	it('costs one API request per event in the steady state (labels and company from caches)', async () => {
		const secret = h.staticData.webhookSecret as string;
		const b1 = payload({ SequenceNumber: 10 });
		await post(b1, sign(b1, secret));
		const b2 = payload({ SequenceNumber: 11 });
		const out = await post(b2, sign(b2, secret));
		expect(out.json).toMatchObject({
			enriched: true,
			ticket: { status: { label: expect.any(String) }, company: { name: 'Acme Corp' } },
		});
		expect(out.ctx.mock.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
			'GET /atservicesrest/v1.0/Tickets/10001',
		]);
	});

	it('still emits, not enriched, when the REST API is slow, and answers within 2 s', async () => {
		h.sim.faults.add({ method: 'GET', path: /\/Tickets\/10001$/, delayMs: 4000, times: 1 });
		const body = payload();
		const out = await post(body, sign(body, h.staticData.webhookSecret as string));
		expect(out.ms).toBeLessThan(2000);
		expect(out.json).toMatchObject({
			event: 'updated',
			enriched: false,
			enrichmentError: expect.stringContaining('longer than 1500 ms'),
			ticket: { id: 10001, status: { id: 8 } },
		});
	});

	it('still emits, not enriched, with the reason when the ticket cannot be read', async () => {
		h.sim.faults.add({
			method: 'GET',
			path: /\/Tickets\/10001$/,
			status: 403,
			body: { errors: ['No permission'] },
			times: 1,
		});
		const body = payload();
		const out = await post(body, sign(body, h.staticData.webhookSecret as string));
		expect(out.json).toMatchObject({
			enriched: false,
			enrichmentError: expect.stringContaining('No permission'),
		});
	});

	it('emits deleted without reading the ticket', async () => {
		const body = payload({ Action: 'Delete', Fields: { TicketNumber: 'T20261128.0001' } });
		const out = await post(body, sign(body, h.staticData.webhookSecret as string));
		expect(out.json).toMatchObject({
			event: 'deleted',
			enriched: false,
			ticket: { id: 10001, number: 'T20261128.0001' },
		});
	});

	it.each([
		['GET', { method: 'GET' }, 405],
		['XML', { headers: { 'content-type': 'application/xml' }, rawBody: Buffer.from('<a/>') }, 415],
		['oversized', { rawBody: Buffer.alloc(300 * 1024, 0x20) }, 413],
	])('refuses %s before anything else', async (_n, req, status) => {
		const out = await h.deliver({
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			...(req as object),
		});
		expect(out.status).toBe(status);
		expect(out.result.workflowData).toBeUndefined();
	});

	it('answers 400 for a signed body that is not a ticket event', async () => {
		const secret = h.staticData.webhookSecret as string;
		for (const body of [
			'{"Action":"Update","EntityType":"Ticket"}',
			'{"Action":"Update","Id":1',
			'[]',
		]) {
			const out = await h.deliver({
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-hook-signature': sign(body, secret) },
				rawBody: Buffer.from(body),
			});
			expect(out.status).toBe(400);
			expect(out.result.workflowData).toBeUndefined();
		}
	});
});

describe('Deactivated notice', () => {
	it('re-activates the webhook and emits an event to alert on', async () => {
		await register();
		const id = h.staticData.webhookId as number;
		h.sim.deactivateWebhook(id);
		await settle();
		expect(h.answers[0]).toEqual({
			status: 200,
			path: '/webhook/test-webhook-id/webhook?deactivation=1',
		});
		expect(h.executions).toHaveLength(1);
		expect(h.executions[0]).toMatchObject({
			event: 'webhookDeactivated',
			source: 'webhook',
			reactivation: { result: 'reactivated' },
			webhook: { action: 'Deactivated', webhookId: id },
		});
		expect(hookState().hook.isActive).toBe(true);
		// Deliveries work again.
		h.sim.updateTicket(10001, { status: 8 }, { resourceId: JANE });
		await settle();
		expect(h.executions).toHaveLength(2);
	});

	it('does not re-create a webhook that is gone (static data is not saved from webhook()), and says what to do', async () => {
		await register();
		const id = h.staticData.webhookId as number;
		const body = JSON.stringify({
			Action: 'Deactivated',
			Guid: 'g',
			EntityType: 'Ticket',
			Id: id,
			Fields: {},
		});
		h.sim.state.webhooks.length = 0;
		const out = await h.deliver({
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-hook-signature': sign(body, h.staticData.webhookSecret as string),
			},
			query: { deactivation: '1' },
			rawBody: Buffer.from(body),
		});
		expect(out.json).toMatchObject({
			event: 'webhookDeactivated',
			reactivation: {
				result: 'gone',
				error: expect.stringContaining('publish the workflow again'),
			},
		});
		expect(h.sim.snapshot().webhooks).toHaveLength(0);
		expect(h.staticData.webhookId).toBe(id);
	});

	it('believes an unsigned notice only when Autotask confirms it, at most once a minute', async () => {
		await register();
		const body = JSON.stringify({ Action: 'Deactivated', Id: h.staticData.webhookId });
		const send = async () =>
			await h.deliver({
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				rawBody: Buffer.from(body),
			});
		const forged = await send();
		expect(forged.status).toBe(401);
		expect(forged.result.workflowData).toBeUndefined();
		expect(hookState().hook.isActive).toBe(true);
		// Even when it is really deactivated, a second unsigned notice within a minute is not checked.
		h.sim.state.webhooks[0].isActive = false;
		expect((await send()).status).toBe(401);
		const { resetProcessState: reset } = await import(
			'../../../../nodes/shared/transport/processState'
		);
		reset();
		expect((await send()).json).toMatchObject({
			event: 'webhookDeactivated',
			reactivation: { result: 'reactivated' },
		});
	});
});

type IDataObjectLike = Record<string, any>;

describe('listening for a test event', () => {
	it('registers a separate test webhook and leaves the production one alone', async () => {
		await register();
		const production = h.staticData.webhookId;
		const { createHookContext } = await import('../../../support');
		const testCtx = createHookContext({
			parameters: h.parameters,
			credentials: h.credentials(),
			staticData: structuredClone(h.staticData),
			webhookUrl: `${h.bridgeUrl}/webhook-test/test-webhook-id/webhook`,
			node: {
				id: 'trigger-node',
				name: 'Autotask Trigger',
				type: 'n8n-nodes-autotask-ilert.autotaskTrigger',
			},
			mode: 'manual',
		});
		await expect(h.trigger.webhookMethods.default.checkExists.call(testCtx)).resolves.toBe(false);
		await h.trigger.webhookMethods.default.create.call(testCtx);
		expect(h.sim.snapshot().webhooks.map((w: { id: number }) => w.id)).toEqual(
			expect.arrayContaining([production]),
		);
		expect(h.sim.snapshot().webhooks).toHaveLength(2);
		await h.trigger.webhookMethods.default.delete.call(testCtx);
		expect(h.sim.snapshot().webhooks.map((w: { id: number }) => w.id)).toEqual([production]);
	});
});
