import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import {
	IlertTrigger,
	SECRET_HEADER,
	secretsMatch,
} from '../../../../nodes/IlertTrigger/IlertTrigger.node';
import { ILERT_TRIGGER_TYPES } from '../../../../nodes/IlertTrigger/triggerTypes';
import { startIlertSimulator, type IlertAlertView } from '../../../simulators';
import { createHookContext, createWebhookContext } from '../../../support';

type Sim = Awaited<ReturnType<typeof startIlertSimulator>>;

let sim: Sim;

interface Received {
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** Local receiver standing in for n8n's webhook endpoint. */
async function startReceiver(): Promise<{
	url: string;
	received: Received[];
	close(): Promise<void>;
}> {
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
	return {
		autotaskIlertIlertApi: {
			apiKey: sim.credentials.apiKey,
			baseUrl: sim.url,
			maxRetryWaitSeconds: 20,
		},
	};
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
		expect(node.description).toMatchObject({
			name: 'ilertTrigger',
			displayName: 'ilert Trigger',
			inputs: [],
		});
		expect(node.description.usableAsTool).toBeUndefined();
		expect(Object.keys(node.webhookMethods.default).sort()).toEqual([
			'checkExists',
			'create',
			'delete',
		]);
	});
});

describe('ilert Trigger registration', () => {
	it('creates an alert action on publish, finds it, re-creates it when settings change, deletes it on unpublish', async () => {
		const node = new IlertTrigger();
		const staticData: IDataObject = {};
		const parameters = { alertSources: ['1001'], events: ['alert-acknowledged', 'alert-resolved'] };
		const hook = (
			params = parameters,
			webhookUrl = 'https://n8n.example.com/webhook/abc/webhook',
		) =>
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
		expect(
			await node.webhookMethods.default.checkExists.call(
				hook(changed, 'https://other.example.com/w'),
			),
		).toBe(false);

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

	it("fails with ilert's message when registration is refused", async () => {
		const node = new IlertTrigger();
		const ctx = createHookContext({
			parameters: { alertSources: ['1001'], events: ['alert-resolved'] },
			credentials: { autotaskIlertIlertApi: { apiKey: 'wrong-key-example', baseUrl: sim.url } },
			staticData: {},
		});
		await expect(node.webhookMethods.default.create.call(ctx)).rejects.toMatchObject({
			httpCode: '403',
		});
	});
});

describe('ilert Trigger events and subtitle', () => {
	const node = new IlertTrigger();
	const events = node.description.properties.find((p) => p.name === 'events');

	it('offers the 13 OpenAPI trigger types plus alert-auto-resolved, and defaults to accept + both resolves', () => {
		const values = (events?.options as Array<{ value: string }>).map((o) => o.value);
		expect(values).toHaveLength(14);
		expect(values).toEqual(
			expect.arrayContaining([
				'alert-auto-resolved',
				'alert-acknowledged',
				'alert-resolved',
				'v-alert-not-resolved',
			]),
		);
		expect(events?.default).toEqual([
			'alert-acknowledged',
			'alert-resolved',
			'alert-auto-resolved',
		]);
		// What the editor shows: no helper fields leak into the options.
		for (const option of (events?.options ?? []) as unknown as Array<Record<string, unknown>>) {
			expect(Object.keys(option).sort()).toEqual(['description', 'name', 'value']);
		}
	});

	it('shows readable event names on the canvas', () => {
		const subtitle = String(node.description.subtitle);
		expect(subtitle.startsWith('={{') && subtitle.endsWith('}}')).toBe(true);
		// n8n evaluates the expression with $parameter; so does this test.
		const evaluate = new Function('$parameter', `return ${subtitle.slice(3, -2)}`) as (
			p: IDataObject,
		) => string;
		expect(
			evaluate({ events: ['alert-acknowledged', 'alert-resolved', 'alert-auto-resolved'] }),
		).toBe('Accepted, Resolved, Auto-Resolved');
		expect(evaluate({ events: ['alert-created', 'something-new'] })).toBe('Created, something-new');
		expect(evaluate({ events: [] })).toBe('');
		for (const t of ILERT_TRIGGER_TYPES) expect(evaluate({ events: [t.value] })).not.toBe(t.value);
	});

	it("n8n's own expression engine renders the subtitle the same way", () => {
		const trigger = new IlertTrigger();
		const workflowNode = {
			id: '1',
			name: 'ilert Trigger',
			type: 'n8n-nodes-autotask-ilert.ilertTrigger',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: { events: ['alert-acknowledged', 'alert-auto-resolved'] },
		};
		const nodeTypes = {
			getByName: () => trigger,
			getByNameAndVersion: () => trigger,
			getKnownTypes: () => ({}),
		};
		const workflow = new Workflow({
			nodes: [workflowNode],
			connections: {},
			active: false,
			nodeTypes: nodeTypes as never,
		});
		const value = workflow.expression.getSimpleParameterValue(
			workflowNode,
			String(trigger.description.subtitle),
			'internal',
			{},
		);
		expect(value).toBe('Accepted, Auto-Resolved');
	});

	it('registers alert-auto-resolved with ilert', async () => {
		const staticData: IDataObject = {};
		await node.webhookMethods.default.create.call(
			createHookContext({
				parameters: { alertSources: ['1001'], events: ['alert-resolved', 'alert-auto-resolved'] },
				credentials: credentials(),
				staticData,
			}),
		);
		expect((sim.snapshot().alertActions as IDataObject[])[0].triggerTypes).toEqual([
			'alert-auto-resolved',
			'alert-resolved',
		]);
	});
});

describe('ilert Trigger webhook', () => {
	const secret = 'dummy-secret-example-0123456789abcdef';

	/** ilert's documented default payload for an alert of the simulator (what ilert would send). */
	function payloadFor(
		alert: IlertAlertView,
		eventType: string,
		extra: IDataObject = {},
	): IDataObject {
		return {
			id: String(alert.id),
			status: alert.status,
			summary: alert.summary,
			details: alert.details,
			reportTime: alert.reportTime,
			eventType,
			priority: alert.priority,
			alertKey: alert.alertKey,
			alertSource: { id: 1001, name: 'Autotask via n8n' },
			assignedTo: {
				username: 'ann.lee',
				email: 'ann.lee@example.com',
				firstName: 'Ann',
				lastName: 'Lee',
			},
			...extra,
		};
	}

	function call(
		headers: Record<string, string>,
		payload: unknown,
		{
			events = ['alert-acknowledged', 'alert-resolved', 'alert-auto-resolved'],
			alertSources = ['1001'],
			options = {},
			staticData = {} as IDataObject,
		} = {},
	) {
		return createWebhookContext({
			parameters: { alertSources, events, options },
			credentials: credentials(),
			staticData: { alertActionId: '1', webhookSecret: secret, ...staticData },
			request: { headers, body: payload },
		});
	}

	const ok = { [SECRET_HEADER]: secret };
	const alertReads = () =>
		sim.requests.filter((r) => r.method === 'GET' && /^\/api\/alerts\/\d+$/.test(r.path));

	async function refused(ctx: ReturnType<typeof call>) {
		const result = await new IlertTrigger().webhook.call(ctx);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(result.workflowData).toBeUndefined();
		return ctx.mock.response;
	}

	it("emits the alert as ilert has it now (status, assignee, key), with the ticket id from ilert's key", async () => {
		const alert = sim.createAlert({
			summary: '[T20261128.0042] Server down',
			alertKey: 'autotask-123456',
			alertSourceId: 1001,
		});
		sim.acceptAlert(alert.id as number, { userEmail: 'jane.tech@example.com' });
		// The delivery is older than ilert's state: it still says PENDING and Ann.
		const ctx = call(
			ok,
			payloadFor(alert, 'incident-acknowledged', {
				status: 'PENDING',
				alertUrl: 'https://example.ilert.com/alert/1',
			}),
		);
		const result = await new IlertTrigger().webhook.call(ctx);
		expect(result.workflowData?.[0][0].json).toEqual({
			eventType: 'alert-acknowledged',
			alert: {
				id: alert.id,
				alertKey: 'autotask-123456',
				status: 'ACCEPTED',
				summary: '[T20261128.0042] Server down',
				details: '',
				priority: 'HIGH',
				reportTime: alert.reportTime,
				source: { id: 1001, name: 'Autotask via n8n' },
				assignee: {
					email: 'jane.tech@example.com',
					firstName: 'Jane',
					lastName: 'Tech',
					username: null,
				},
				url: 'https://example.ilert.com/alert/1',
			},
			ticketId: 123456,
			receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			wayBack: { target: 'setInProgress', reason: 'the alert was accepted' },
		});
		expect(alertReads()).toHaveLength(1);
	});

	it('answers 401, starts nothing and asks ilert nothing without the right secret', async () => {
		const alert = sim.createAlert({
			summary: 'x',
			alertKey: 'autotask-10001',
			alertSourceId: 1001,
		});
		sim.clearRequests();
		for (const headers of [
			{},
			{ [SECRET_HEADER]: 'wrong' },
			{ [SECRET_HEADER]: secret.slice(0, -1) },
		] as Array<Record<string, string>>) {
			const response = await refused(
				call(headers, payloadFor(alert, 'alert-created'), { events: ['alert-created'] }),
			);
			expect(response.statusCode).toBe(401);
		}
		expect(sim.requests).toHaveLength(0);
	});

	it('answers 400 for a body that is not an ilert alert event, and for an alert id that is not one', async () => {
		expect((await refused(call(ok, { hello: 'world' }))).statusCode).toBe(400);
		for (const id of ['abc', '0', '99999999999999999999', '1/../../alert-actions']) {
			const response = await refused(
				call(ok, { id, eventType: 'alert-acknowledged', alertKey: 'autotask-10001' }),
			);
			expect(response.statusCode).toBe(400);
		}
		expect(alertReads()).toHaveLength(0);
	});

	it('ignores events that were not chosen (200, nothing started, nothing asked)', async () => {
		const alert = sim.createAlert({
			summary: 'x',
			alertKey: 'autotask-10001',
			alertSourceId: 1001,
		});
		sim.clearRequests();
		const result = await new IlertTrigger().webhook.call(
			call(ok, payloadFor(alert, 'alert-created'), { events: ['alert-resolved'] }),
		);
		expect(result).toEqual({ webhookResponse: 'Ignored: event not selected' });
		expect(sim.requests).toHaveLength(0);
	});

	it('refuses an alert id ilert does not know (404): a right secret alone completes no ticket', async () => {
		const response = await refused(
			call(ok, {
				id: '424242',
				eventType: 'alert-resolved',
				status: 'RESOLVED',
				alertKey: 'autotask-10001',
				alertSource: { id: 1001 },
			}),
		);
		expect(response.statusCode).toBe(404);
		expect(String(response.body)).toMatch(/ilert has no alert 424242/);
		expect(alertReads()).toHaveLength(1);
	});

	it("refuses a forged key: the delivery names another ticket than ilert's alert carries (403)", async () => {
		const alert = sim.createAlert({
			summary: 'x',
			alertKey: 'autotask-10001',
			alertSourceId: 1001,
		});
		sim.resolveAlert(alert.id as number);
		const response = await refused(
			call(
				ok,
				payloadFor(alert, 'alert-resolved', { alertKey: 'autotask-10003', status: 'RESOLVED' }),
			),
		);
		expect(response.statusCode).toBe(403);
		expect(String(response.body)).toMatch(/not the key ilert has/);
		// ... and a delivery claiming an Autotask key for an alert whose key in ilert is something else.
		const other = sim.createAlert({ summary: 'y', alertKey: 'zabbix-1', alertSourceId: 1001 });
		sim.acceptAlert(other.id as number);
		const response2 = await refused(
			call(ok, payloadFor(other, 'alert-acknowledged', { alertKey: 'autotask-10001' })),
		);
		expect(response2.statusCode).toBe(403);
	});

	it('refuses an unsafe ticket id in the key (AUTOTASK-99999999999999999999 is not 1e20), before or after reading ilert', async () => {
		const response = await refused(
			call(ok, {
				id: '5',
				eventType: 'alert-resolved',
				status: 'RESOLVED',
				alertKey: 'AUTOTASK-99999999999999999999',
			}),
		);
		expect(response.statusCode).toBe(422);
		expect(alertReads()).toHaveLength(0);
		// The delivery carries no key, ilert's alert has the unsafe one.
		const alert = sim.createAlert({
			summary: 'x',
			alertKey: 'AUTOTASK-99999999999999999999',
			alertSourceId: 1001,
		});
		sim.resolveAlert(alert.id as number);
		const response2 = await refused(
			call(ok, payloadFor(alert, 'alert-resolved', { alertKey: null })),
		);
		expect(response2.statusCode).toBe(422);
	});

	it('refuses an alert of another alert source (403), unless the registered alert action covers that source', async () => {
		const alert = sim.createAlert({
			summary: 'x',
			alertKey: 'autotask-10001',
			alertSourceId: 1002,
		});
		sim.acceptAlert(alert.id as number, { userEmail: 'bob.ops@example.com' });
		const payload = payloadFor(alert, 'alert-acknowledged', {
			alertSource: { id: 1001, name: 'lie' },
		});
		const response = await refused(call(ok, payload));
		expect(response.statusCode).toBe(403);
		expect(String(response.body)).toMatch(/alert source 1002/);

		// The trigger's own alert action (as ilert has it) listens to 1002 too: accepted.
		const staticData: IDataObject = {};
		await new IlertTrigger().webhookMethods.default.create.call(
			createHookContext({
				parameters: { alertSources: ['1001', '1002'], events: ['alert-acknowledged'] },
				credentials: credentials(),
				staticData,
			}),
		);
		const result = await new IlertTrigger().webhook.call(
			call(ok, payload, { staticData: { alertActionId: staticData.alertActionId as string } }),
		);
		expect(result.workflowData?.[0][0].json).toMatchObject({
			alert: { source: { id: 1002 } },
			ticketId: 10001,
		});
	});

	it('refuses an event that contradicts the alert as ilert has it now (409)', async () => {
		const alert = sim.createAlert({
			summary: 'x',
			alertKey: 'autotask-10001',
			alertSourceId: 1001,
		});
		// A "resolved" for an alert that is still pending, an "accepted" for one nobody accepted.
		expect(
			(await refused(call(ok, payloadFor(alert, 'alert-resolved', { status: 'RESOLVED' }))))
				.statusCode,
		).toBe(409);
		expect(
			(await refused(call(ok, payloadFor(alert, 'alert-auto-resolved', { status: 'RESOLVED' }))))
				.statusCode,
		).toBe(409);
		expect(
			(await refused(call(ok, payloadFor(alert, 'alert-acknowledged', { status: 'ACCEPTED' }))))
				.statusCode,
		).toBe(409);
	});

	it('answers 503 and starts nothing when ilert cannot be asked', async () => {
		const alert = sim.createAlert({
			summary: 'x',
			alertKey: 'autotask-10001',
			alertSourceId: 1001,
		});
		sim.resolveAlert(alert.id as number);
		sim.faults.add({
			method: 'GET',
			path: `/api/alerts/${String(alert.id)}`,
			status: 403,
			body: { status: 403, message: 'no', code: 'KEY_ERROR' },
		});
		const response = await refused(
			call(ok, payloadFor(alert, 'alert-resolved', { status: 'RESOLVED' })),
		);
		expect(response.statusCode).toBe(503);
		expect(String(response.body)).not.toContain(sim.credentials.apiKey);
	});

	it('Only Autotask Alerts: other keys are ignored with 200; without it they pass with ticketId null', async () => {
		const alert = sim.createAlert({ summary: 'x', alertKey: 'zabbix-1', alertSourceId: 1001 });
		sim.acceptAlert(alert.id as number);
		const payload = payloadFor(alert, 'alert-acknowledged');
		expect(
			await new IlertTrigger().webhook.call(
				call(ok, payload, { options: { onlyAutotaskAlerts: true } }),
			),
		).toEqual({
			webhookResponse: 'Ignored: not an Autotask alert',
		});
		const result = await new IlertTrigger().webhook.call(call(ok, payload));
		expect(result.workflowData?.[0][0].json).toMatchObject({
			ticketId: null,
			alert: { alertKey: 'zabbix-1' },
		});
	});

	it('compares secrets in constant time over digests', () => {
		expect(secretsMatch('abc', 'abc')).toBe(true);
		expect(secretsMatch('abc', 'abcd')).toBe(false);
		expect(secretsMatch('', '')).toBe(false);
	});

	async function deliverFromSimulator(events: string[], act: (alertId: number) => void) {
		const receiver = await startReceiver();
		try {
			const node = new IlertTrigger();
			const staticData: IDataObject = {};
			const parameters = { alertSources: ['1001'], events, options: {} };
			await node.webhookMethods.default.create.call(
				createHookContext({
					parameters,
					credentials: credentials(),
					staticData,
					webhookUrl: receiver.url,
				}),
			);
			const alert = sim.createAlert({
				summary: 'Disk full',
				alertKey: 'autotask-10001',
				alertSourceId: 1001,
			});
			act(alert.id as number);
			await sim.waitForDeliveries();
			expect(receiver.received).toHaveLength(1);
			const [delivery] = receiver.received;
			const ctx = createWebhookContext({
				parameters,
				staticData,
				credentials: credentials(),
				request: {
					headers: delivery.headers as Record<string, string>,
					body: JSON.parse(delivery.body),
				},
			});
			return { alert, result: await node.webhook.call(ctx) };
		} finally {
			await receiver.close();
		}
	}

	it('receives a real accept delivery from the simulator after registration', async () => {
		const { alert, result } = await deliverFromSimulator(
			['alert-acknowledged', 'alert-resolved'],
			(id) => sim.acceptAlert(id, { userEmail: 'jane.tech@example.com' }),
		);
		expect(result.workflowData?.[0][0].json).toMatchObject({
			eventType: 'alert-acknowledged',
			alert: { id: alert.id, status: 'ACCEPTED', assignee: { email: 'jane.tech@example.com' } },
			ticketId: 10001,
		});
	});

	it('receives and accepts an alert-auto-resolved delivery (ilert resolved the alert by itself)', async () => {
		const { alert, result } = await deliverFromSimulator(
			['alert-acknowledged', 'alert-resolved', 'alert-auto-resolved'],
			(id) => sim.autoResolveAlert(id),
		);
		expect(result.workflowData?.[0][0].json).toMatchObject({
			eventType: 'alert-auto-resolved',
			alert: { id: alert.id, status: 'RESOLVED' },
			ticketId: 10001,
			wayBack: { target: 'complete', reason: 'ilert resolved the alert by itself' },
		});
	});
});
