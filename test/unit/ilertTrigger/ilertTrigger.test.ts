import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { IlertTrigger, SECRET_HEADER, secretsMatch } from '../../../nodes/IlertTrigger/IlertTrigger.node';
import { parseIlertWebhook } from '../../../nodes/IlertTrigger/payload';
import { startIlertSimulator } from '../../simulators';
import { createHookContext, createWebhookContext } from '../../support';

type Sim = Awaited<ReturnType<typeof startIlertSimulator>>;

let sim: Sim;

interface Received {
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** Local receiver standing in for n8n's webhook endpoint. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"message":"Workflow was started"}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/ilert-test/webhook`,
		received,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

function credentials() {
	return { autotaskIlertIlertApi: { apiKey: sim.credentials.apiKey, baseUrl: sim.url, maxRetryWaitSeconds: 20 } };
}

beforeAll(async () => {
	sim = await startIlertSimulator();
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => sim.reset());

describe('ilert Trigger description', () => {
	it('is a trigger with full webhook lifecycle and is not a tool', () => {
		const node = new IlertTrigger();
		expect(node.description).toMatchObject({ name: 'ilertTrigger', displayName: 'ilert Trigger', inputs: [] });
		expect(node.description.usableAsTool).toBeUndefined();
		expect(Object.keys(node.webhookMethods.default).sort()).toEqual(['checkExists', 'create', 'delete']);
	});
});

describe('ilert Trigger registration', () => {
	it('creates an alert action on publish, finds it, re-creates it when settings change, deletes it on unpublish', async () => {
		const node = new IlertTrigger();
		const staticData: IDataObject = {};
		const parameters = { alertSources: ['1001'], events: ['alert-acknowledged', 'alert-resolved'] };
		const hook = (params = parameters, webhookUrl = 'https://n8n.example.com/webhook/abc/webhook') =>
			createHookContext({ parameters: params, credentials: credentials(), staticData, webhookUrl });

		expect(await node.webhookMethods.default.checkExists.call(hook())).toBe(false);
		expect(await node.webhookMethods.default.create.call(hook())).toBe(true);
		const [action] = sim.snapshot().alertActions as IDataObject[];
		expect(action).toMatchObject({
			connectorType: 'webhook',
			alertSources: [{ id: 1001 }],
			triggerMode: 'AUTOMATIC',
			triggerTypes: ['alert-acknowledged', 'alert-resolved'],
			params: expect.objectContaining({
				webhookUrl: 'https://n8n.example.com/webhook/abc/webhook',
				headers: [{ key: SECRET_HEADER, value: staticData.webhookSecret }],
			}),
		});
		expect(String(staticData.webhookSecret)).toMatch(/^[0-9a-f]{64}$/);
		expect(staticData.alertActionId).toBe(String(action.id));
		expect(await node.webhookMethods.default.checkExists.call(hook())).toBe(true);

		// Changed events: checkExists says no; create replaces the old action.
		const changed = { ...parameters, events: ['alert-created'] };
		expect(await node.webhookMethods.default.checkExists.call(hook(changed))).toBe(false);
		expect(await node.webhookMethods.default.create.call(hook(changed))).toBe(true);
		expect(sim.snapshot().alertActions).toHaveLength(1);

		// Changed webhook URL.
		expect(await node.webhookMethods.default.checkExists.call(hook(changed, 'https://other.example.com/w'))).toBe(false);

		expect(await node.webhookMethods.default.delete.call(hook(changed))).toBe(true);
		expect(sim.snapshot().alertActions).toHaveLength(0);
		expect(staticData.alertActionId).toBeUndefined();
		expect(staticData.webhookSecret).toBeUndefined();
	});

	it('checkExists asks ilert: an action deleted in ilert is reported missing', async () => {
		const node = new IlertTrigger();
		const staticData: IDataObject = {};
		const ctx = () =>
			createHookContext({
				parameters: { alertSources: ['1001'], events: ['alert-resolved'] },
				credentials: credentials(),
				staticData,
			});
		await node.webhookMethods.default.create.call(ctx());
		(sim.state as { actions: unknown[] }).actions.length = 0;
		expect(await node.webhookMethods.default.checkExists.call(ctx())).toBe(false);
		expect(staticData.alertActionId).toBeUndefined();
	});

	it('fails with ilert\'s message when registration is refused', async () => {
		const node = new IlertTrigger();
		const ctx = createHookContext({
			parameters: { alertSources: ['1001'], events: ['alert-resolved'] },
			credentials: { autotaskIlertIlertApi: { apiKey: 'wrong-key-example', baseUrl: sim.url } },
			staticData: {},
		});
		await expect(node.webhookMethods.default.create.call(ctx)).rejects.toMatchObject({ httpCode: '403' });
	});
});

describe('ilert Trigger webhook', () => {
	const secret = 'dummy-secret-example-0123456789abcdef';
	const body = {
		id: '12797430',
		status: 'ACCEPTED',
		summary: '[T20261128.0042] Server down',
		details: 'x',
		reportTime: '2026-11-28T09:15:02.118Z',
		eventType: 'incident-acknowledged',
		priority: 'HIGH',
		alertKey: 'autotask-123456',
		alertUrl: 'https://example.ilert.com/alert/12797430',
		alertSource: { id: 1001, name: 'Autotask via n8n' },
		assignedTo: { username: 'ann.lee', email: 'ann.lee@example.com', firstName: 'Ann', lastName: 'Lee' },
	};

	function call(headers: Record<string, string>, payload: unknown = body, events = ['alert-acknowledged']) {
		return createWebhookContext({
			parameters: { alertSources: ['1001'], events, options: {} },
			staticData: { alertActionId: '1', webhookSecret: secret },
			request: { headers, body: payload },
		});
	}

	it('emits the documented shape (legacy incident-* names normalised)', async () => {
		const ctx = call({ [SECRET_HEADER]: secret });
		const result = await new IlertTrigger().webhook.call(ctx);
		const json = result.workflowData?.[0][0].json;
		expect(json).toEqual({
			eventType: 'alert-acknowledged',
			alert: {
				id: 12797430,
				alertKey: 'autotask-123456',
				status: 'ACCEPTED',
				summary: '[T20261128.0042] Server down',
				details: 'x',
				priority: 'HIGH',
				reportTime: '2026-11-28T09:15:02.118Z',
				source: { id: 1001, name: 'Autotask via n8n' },
				assignee: { email: 'ann.lee@example.com', firstName: 'Ann', lastName: 'Lee', username: 'ann.lee' },
				url: 'https://example.ilert.com/alert/12797430',
			},
			ticketId: 123456,
			receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
	});

	it('answers 401 and starts nothing without the right secret', async () => {
		for (const headers of [{}, { [SECRET_HEADER]: 'wrong' }, { [SECRET_HEADER]: secret.slice(0, -1) }] as Array<Record<string, string>>) {
			const ctx = call(headers);
			const result = await new IlertTrigger().webhook.call(ctx);
			expect(result).toEqual({ noWebhookResponse: true });
			expect(ctx.mock.response.statusCode).toBe(401);
		}
	});

	it('answers 400 for a body that is not an ilert alert event', async () => {
		const ctx = call({ [SECRET_HEADER]: secret }, { hello: 'world' });
		expect(await new IlertTrigger().webhook.call(ctx)).toEqual({ noWebhookResponse: true });
		expect(ctx.mock.response.statusCode).toBe(400);
	});

	it('ignores events that were not chosen', async () => {
		const ctx = call({ [SECRET_HEADER]: secret }, { ...body, eventType: 'alert-created' }, ['alert-resolved']);
		const result = await new IlertTrigger().webhook.call(ctx);
		expect(result.workflowData).toBeUndefined();
	});

	it('compares secrets in constant time over digests', () => {
		expect(secretsMatch('abc', 'abc')).toBe(true);
		expect(secretsMatch('abc', 'abcd')).toBe(false);
		expect(secretsMatch('', '')).toBe(false);
	});

	it('leaves ticketId null for alerts that do not follow the convention', () => {
		const parsed = parseIlertWebhook({ ...body, alertKey: 'zabbix-1' }, new Date());
		expect(parsed).toMatchObject({ ticketId: null });
	});

	it('receives a real delivery from the simulator after registration', async () => {
		const receiver = await startReceiver();
		try {
			const node = new IlertTrigger();
			const staticData: IDataObject = {};
			const parameters = { alertSources: ['1001'], events: ['alert-acknowledged', 'alert-resolved'], options: {} };
			await node.webhookMethods.default.create.call(
				createHookContext({ parameters, credentials: credentials(), staticData, webhookUrl: receiver.url }),
			);
			const alert = sim.createAlert({ summary: 'Disk full', alertKey: 'autotask-10001', alertSourceId: 1001 });
			sim.acceptAlert(alert.id, { userEmail: 'jane.tech@example.com' });
			await sim.waitForDeliveries();
			expect(receiver.received).toHaveLength(1);
			const [delivery] = receiver.received;
			const ctx = createWebhookContext({
				parameters,
				staticData,
				request: { headers: delivery.headers as Record<string, string>, body: JSON.parse(delivery.body) },
			});
			const result = await node.webhook.call(ctx);
			expect(result.workflowData?.[0][0].json).toMatchObject({
				eventType: 'alert-acknowledged',
				alert: { id: alert.id, status: 'ACCEPTED', assignee: { email: 'jane.tech@example.com' } },
				ticketId: 10001,
			});
		} finally {
			await receiver.close();
		}
	});
});
