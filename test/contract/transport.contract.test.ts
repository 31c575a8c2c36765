/**
 * Contract test of what the package SENDS: the real nodes (Autotask, Autotask Trigger, Business
 * Hours, ilert, ilert Trigger) and the credential tests run against the simulators through the
 * mocked n8n contexts (real HTTP, real credential classes); afterwards every request in the
 * simulators' logs must validate against the API descriptions extracted from the official specs.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Autotask } from '../../nodes/Autotask/Autotask.node';
import { BusinessHours } from '../../nodes/BusinessHours/BusinessHours.node';
import { Ilert } from '../../nodes/Ilert/Ilert.node';
import { IlertTrigger } from '../../nodes/IlertTrigger/IlertTrigger.node';
import { autotaskRequest, getZone } from '../../nodes/shared/transport/autotask';
import { sendIlertEvent, type IlertEvent } from '../../nodes/shared/transport/ilert';
import {
	startIlertSimulator,
	type AutotaskSimulator,
	type IlertSimulator,
	type LoggedRequest,
} from '../simulators';
import {
	autotaskSimulatorCredential,
	createExecuteContext,
	createHookContext,
	testCredential,
	type ParameterValue,
} from '../support';
import {
	startHarness,
	WEBHOOK_PARAMS,
	JANE,
	type TriggerHarness,
} from '../unit/support/autotaskTriggerHarness';
import { findOperation, validateRequestLog, type Service } from './validate';
import { resetProcessState } from '../../nodes/shared/transport/processState';

let h: TriggerHarness;
let at: AutotaskSimulator;
let il: IlertSimulator;

function autotaskCredentials(zone: 'custom' | 'auto' = 'custom') {
	return {
		autotaskIlertAutotaskApi: autotaskSimulatorCredential(at, { zone, maxRetryWaitSeconds: 5 }),
	};
}

function ilertCredentials() {
	return {
		autotaskIlertIlertApi: {
			apiKey: il.credentials.apiKey,
			baseUrl: il.url,
			maxRetryWaitSeconds: 5,
		},
		autotaskIlertIlertAlertSourceApi: {
			integrationApiKey: il.credentials.integrationKey,
			baseUrl: il.url,
			maxRetryWaitSeconds: 5,
		},
	};
}

async function runAutotask(
	parameters: Record<string, ParameterValue>,
	zone: 'custom' | 'auto' = 'custom',
): Promise<IDataObject[]> {
	const ctx = createExecuteContext({
		parameters,
		credentials: autotaskCredentials(zone),
		node: { name: 'Autotask', type: 'n8n-nodes-autotask-ilert.autotask' },
	});
	const [out] = await new Autotask().execute.call(ctx);
	return out.map((i) => i.json);
}

async function runIlert(
	parameters: Record<string, ParameterValue>,
	items: INodeExecutionData[] = [{ json: {} }],
): Promise<IDataObject[]> {
	const ctx = createExecuteContext({
		parameters,
		items,
		credentials: ilertCredentials(),
		node: { name: 'ilert', type: 'n8n-nodes-autotask-ilert.ilert' },
	});
	const [out] = await new Ilert().execute.call(ctx);
	return out.map((i) => i.json);
}

async function runBusinessHours(location: string): Promise<INodeExecutionData[][]> {
	const ctx = createExecuteContext({
		parameters: {
			source: 'autotaskLocation',
			location,
			timeToCheck: 'custom',
			time: '2026-12-25T16:00:00Z',
			options: { cacheMinutes: 0 },
		},
		credentials: autotaskCredentials(),
		node: {
			name: 'Business Hours',
			type: 'n8n-nodes-autotask-ilert.businessHours',
			credentials: { autotaskIlertAutotaskApi: { id: '1', name: 'Autotask' } },
		},
	});
	return await new BusinessHours().execute.call(ctx);
}

/** An item as Autotask Trigger + Ticket Lifecycle emit it, for the ilert node's event operations. */
function lifecycleItem(ticketId: number): INodeExecutionData {
	return {
		json: {
			event: 'created',
			source: 'webhook',
			ticket: {
				id: ticketId,
				number: `T20261128.${String(ticketId).slice(-4)}`,
				title: 'Server down',
				description: 'The mail server does not answer.',
				status: { id: 1, label: 'New' },
				priority: { id: 4, label: 'Critical' },
				company: { id: 174, name: 'Acme Corp' },
				webUrl: `https://ww5.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=${ticketId}`,
			},
			lifecycle: {
				action: 'create',
				event: 'created',
				status: { id: 1, label: 'New', class: 'open' },
				alertState: 'none',
				ilertPriority: 'HIGH',
				alertKey: `autotask-${ticketId}`,
				ticketId,
			},
		},
	};
}

/**
 * What kind of request a log entry is: the contract operation (`METHOD /template`), refined where
 * one operation serves several purposes (picklists per entity, nextPageUrl, event types).
 */
function kindOf(service: Service, r: LoggedRequest): string {
	const op = findOperation(service, r.method, r.path);
	const base = op ? `${op.method} ${op.template}` : `UNMATCHED ${r.method} ${r.path}`;
	if (service === 'autotask' && /\/query\/next\/?$/i.test(r.path)) return `${base} (nextPageUrl)`;
	if (service === 'ilert' && op?.template === '/events')
		return `${base} ${String((r.body as IDataObject | undefined)?.eventType)}`;
	return base;
}

function kinds(service: Service, log: readonly LoggedRequest[]): Set<string> {
	return new Set(log.map((r) => kindOf(service, r)));
}

beforeAll(async () => {
	resetProcessState();
	h = await startHarness();
	at = h.sim;
	il = await startIlertSimulator();
}, 60000);

afterAll(async () => {
	await h?.stop();
	await at?.close();
	await il?.close();
});

describe('requests the package sends (through the real nodes) validate against the API contracts', () => {
	it('Autotask: zone auto-detection (credential test and transport lookup)', async () => {
		const result = await testCredential(
			'autotaskIlertAutotaskApi',
			autotaskCredentials('auto').autotaskIlertAutotaskApi,
		);
		expect(result.status).toBe('OK');
		const ctx = createExecuteContext({ credentials: autotaskCredentials('auto') });
		const zone = await getZone(ctx, { refresh: true });
		expect(zone.apiBaseUrl.toLowerCase()).toBe(at.apiUrl.toLowerCase());
		// A node run on an auto-detected zone.
		const [ticket] = await runAutotask(
			{ resource: 'ticket', operation: 'get', ticketId: '10001' },
			'auto',
		);
		expect(ticket.id).toBe(10001);
	}, 60000);

	it('Autotask node: ticket get, get by number, query with paging, update, add note, resource by email, picklist', async () => {
		const [byId] = await runAutotask({ resource: 'ticket', operation: 'get', ticketId: '10001' });
		expect(byId.id).toBe(10001);
		const [byNumber] = await runAutotask({
			resource: 'ticket',
			operation: 'get',
			ticketId: String(byId.ticketNumber),
		});
		expect(byNumber.id).toBe(10001);

		for (let i = 0; i < 510; i++) {
			at.createTicket(
				{ title: `Bulk ${i}`, status: 1, priority: 2, companyID: 174, queueID: 8 },
				{ fire: false },
			);
		}
		const many = await runAutotask({
			resource: 'ticket',
			operation: 'getMany',
			returnAll: true,
			filters: { queues: ['8'] },
		});
		expect(many.length).toBeGreaterThan(500);
		const some = await runAutotask({
			resource: 'ticket',
			operation: 'getMany',
			returnAll: false,
			limit: 3,
			filters: { statuses: ['1'] },
		});
		expect(some).toHaveLength(3);

		const [updated] = await runAutotask({
			resource: 'ticket',
			operation: 'update',
			ticketId: '10001',
			status: 'In Progress',
			priority: '1',
		});
		expect(updated).toMatchObject({ id: 10001, noOp: false });
		const [note] = await runAutotask({
			resource: 'ticket',
			operation: 'addNote',
			ticketId: '10001',
			title: 'ilert',
			description: 'Alert accepted in ilert by Ann Lee',
		});
		expect(note).toMatchObject({ ticketID: 10001, title: 'ilert' });

		const resources = await runAutotask({
			resource: 'resource',
			operation: 'findByEmail',
			email: 'Jane.Tech@example.com',
		});
		expect(resources.length).toBeGreaterThan(0);
		const values = await runAutotask({
			resource: 'picklist',
			operation: 'getValues',
			entity: 'Tickets',
			field: 'priority',
		});
		expect(values.length).toBeGreaterThan(0);
	}, 120000);

	it('Autotask Trigger: webhook registration (create, checkExists, delete) and a delivery with enrichment', async () => {
		h.reset(WEBHOOK_PARAMS);
		const methods = h.trigger.webhookMethods.default;
		await expect(methods.checkExists.call(h.hook())).resolves.toBe(false);
		await expect(methods.create.call(h.hook())).resolves.toBe(true);
		await expect(methods.checkExists.call(h.hook())).resolves.toBe(true);
		expect(at.state.webhookFields.length).toBeGreaterThan(0);
		expect(at.state.excludedResources.length).toBeGreaterThan(0);

		at.updateTicket(10002, { priority: 1 }, { resourceId: JANE });
		await at.waitForDeliveries();
		expect(h.executions.length).toBeGreaterThan(0);

		await expect(methods.delete.call(h.hook())).resolves.toBe(true);
		expect(at.state.webhooks).toHaveLength(0);
	}, 60000);

	it('Business Hours node: Autotask location (by id and the default one) with holidays', async () => {
		const [inHours, outside] = await runBusinessHours('2');
		expect(inHours.length + outside.length).toBe(1);
		const [inDefault, outsideDefault] = await runBusinessHours('default');
		expect(inDefault.length + outsideDefault.length).toBe(1);
	}, 60000);

	it('ilert node: events ALERT, COMMENT, ACCEPT, RESOLVE', async () => {
		const item = lifecycleItem(123456);
		expect(await runIlert({ resource: 'event', operation: 'create' }, [item])).toEqual([
			expect.objectContaining({ eventType: 'ALERT', queued: true }),
		]);
		expect(
			await runIlert(
				{
					resource: 'event',
					operation: 'comment',
					comment: 'Customer called back',
					commentCreator: 'Jane',
				},
				[item],
			),
		).toEqual([expect.objectContaining({ eventType: 'COMMENT', queued: true })]);
		expect(await runIlert({ resource: 'event', operation: 'accept' }, [item])).toEqual([
			expect.objectContaining({ eventType: 'ACCEPT', queued: true }),
		]);
		expect(await runIlert({ resource: 'event', operation: 'resolve' }, [item])).toEqual([
			expect.objectContaining({ eventType: 'RESOLVE', queued: true }),
		]);
		expect(il.findAlertsByKey('autotask-123456')[0]?.status).toBe('RESOLVED');
	}, 60000);

	it('ilert node: alerts list/get/find/accept/resolve/assign/comment and alert sources', async () => {
		const alerts = [0, 1, 2].map((i) =>
			il.createAlert({
				summary: `Alert ${i}`,
				alertKey: `k-${i}`,
				alertSourceId: il.credentials.alertSourceId,
			}),
		);
		const listed = await runIlert({
			resource: 'alert',
			operation: 'getMany',
			returnAll: true,
			filters: { sources: [String(il.credentials.alertSourceId)], states: ['PENDING'] },
		});
		expect(listed.length).toBeGreaterThanOrEqual(3);
		const [got] = await runIlert({
			resource: 'alert',
			operation: 'get',
			alertId: String(alerts[0].id),
		});
		expect(got.id).toBe(alerts[0].id);
		expect(
			await runIlert({ resource: 'alert', operation: 'findByKey', alertKey: 'k-1' }),
		).toHaveLength(1);
		expect(
			(
				await runIlert({ resource: 'alert', operation: 'accept', alertId: String(alerts[0].id) })
			)[0],
		).toMatchObject({ noOp: false });
		expect(
			(
				await runIlert({ resource: 'alert', operation: 'resolve', alertId: String(alerts[1].id) })
			)[0],
		).toMatchObject({ noOp: false });
		expect(
			(
				await runIlert({
					resource: 'alert',
					operation: 'assign',
					alertId: String(alerts[2].id),
					assignTo: 'user',
					assigneeId: '8',
				})
			)[0],
		).toMatchObject({
			assignedTo: { id: 8 },
		});
		expect(
			(
				await runIlert({
					resource: 'alert',
					operation: 'addComment',
					alertId: String(alerts[2].id),
					comment: 'Looking into it',
				})
			)[0],
		).toMatchObject({
			queued: true,
		});
		const sources = await runIlert({
			resource: 'alertSource',
			operation: 'getMany',
			returnAll: true,
		});
		expect(sources.length).toBeGreaterThan(0);
	}, 60000);

	it('ilert Trigger: alert action registration (create, checkExists, delete)', async () => {
		const node = new IlertTrigger();
		const staticData: IDataObject = {};
		const hook = () =>
			createHookContext({
				parameters: {
					alertSources: [String(il.credentials.alertSourceId)],
					events: ['alert-acknowledged', 'alert-resolved'],
				},
				credentials: ilertCredentials(),
				staticData,
				webhookUrl: 'https://n8n.example.com/webhook/abc/webhook',
			});
		await expect(node.webhookMethods.default.checkExists.call(hook())).resolves.toBe(false);
		await expect(node.webhookMethods.default.create.call(hook())).resolves.toBe(true);
		await expect(node.webhookMethods.default.checkExists.call(hook())).resolves.toBe(true);
		await expect(node.webhookMethods.default.delete.call(hook())).resolves.toBe(true);
		expect(il.snapshot().alertActions).toHaveLength(0);
	}, 60000);

	it('ilert credential test: users/current', async () => {
		const result = await testCredential(
			'autotaskIlertIlertApi',
			ilertCredentials().autotaskIlertIlertApi,
		);
		expect(result.status).toBe('OK');
	}, 60000);

	it('every logged request conforms, and every request kind was exercised', () => {
		expect(validateRequestLog('autotask', at.requests)).toEqual([]);
		expect(validateRequestLog('ilert', il.requests)).toEqual([]);

		const atKinds = kinds('autotask', at.requests);
		const ilKinds = kinds('ilert', il.requests);
		expect([...atKinds].filter((k) => k.startsWith('UNMATCHED'))).toEqual([]);
		expect([...ilKinds].filter((k) => k.startsWith('UNMATCHED'))).toEqual([]);
		const expectedAutotask = [
			'GET /V1.0/ZoneInformation',
			'GET /V1.0/Tickets/entityInformation',
			'GET /V1.0/Tickets/{id}',
			'POST /V1.0/Tickets/query',
			'POST /V1.0/Tickets/query (nextPageUrl)',
			'PATCH /V1.0/Tickets',
			'POST /V1.0/Tickets/{parentId}/Notes',
			'POST /V1.0/Resources/query',
			'GET /V1.0/Companies/{id}',
			'GET /V1.0/Tickets/entityInformation/fields',
			'GET /V1.0/TicketNotes/entityInformation/fields',
			'GET /V1.0/TicketWebhookFields/entityInformation/fields',
			'GET /V1.0/InternalLocationWithBusinessHours/entityInformation/fields',
			'POST /V1.0/TicketWebhooks',
			'POST /V1.0/TicketWebhooks/query',
			'POST /V1.0/TicketWebhooks/{parentId}/Fields',
			'POST /V1.0/TicketWebhooks/{parentId}/ExcludedResources',
			'GET /V1.0/TicketWebhooks/{id}',
			'DELETE /V1.0/TicketWebhooks/{id}',
			'GET /V1.0/InternalLocationWithBusinessHours/{id}',
			'POST /V1.0/InternalLocationWithBusinessHours/query',
			'POST /V1.0/Holidays/query',
		];
		const expectedIlert = [
			'POST /events ALERT',
			'POST /events ACCEPT',
			'POST /events RESOLVE',
			'POST /events COMMENT',
			'GET /alerts',
			'GET /alerts/{id}',
			'PUT /alerts/{id}/accept',
			'PUT /alerts/{id}/resolve',
			'PUT /alerts/{id}/assign',
			'GET /alert-sources',
			'POST /alert-actions',
			'GET /alert-actions/{id}',
			'DELETE /alert-actions/{id}',
			'GET /users/current',
		];
		expect(expectedAutotask.filter((k) => !atKinds.has(k))).toEqual([]);
		expect(expectedIlert.filter((k) => !ilKinds.has(k))).toEqual([]);
		// Alert > Add Comment reads GET /alert-sources/{id} only when the alert does not embed its
		// source's integration key (the simulator embeds it for this API key): optional, not required.
		// Picklists and the holidays query are real reads of those entities, not another entity's.
		const picklistEntities = new Set(
			at.requests
				.map((r) => /\/([A-Za-z]+)\/entityInformation\/fields$/i.exec(r.path)?.[1])
				.filter((e): e is string => e !== undefined),
		);
		expect([...picklistEntities].sort()).toEqual(
			expect.arrayContaining([
				'InternalLocationWithBusinessHours',
				'TicketNotes',
				'TicketWebhookFields',
				'Tickets',
			]),
		);
	});

	it('reports a malformed request the transport sends (the check can fail)', async () => {
		const atBefore = at.requests.length;
		const ilBefore = il.requests.length;
		const atCtx = createExecuteContext({ credentials: autotaskCredentials() });
		// A status label where Autotask expects the picklist id, and a misspelt field.
		await autotaskRequest(atCtx, {
			method: 'PATCH',
			path: '/Tickets',
			body: { id: 10001, status: 'In Progress', staus: 5 },
		}).catch(() => undefined);
		const ilCtx = createExecuteContext({ credentials: ilertCredentials() });
		// An event without eventType.
		await sendIlertEvent(ilCtx, {
			summary: 'No type',
			alertKey: 'autotask-1',
		} as unknown as IlertEvent).catch(() => undefined);

		const atErrors = validateRequestLog('autotask', at.requests.slice(atBefore));
		expect(atErrors).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^PATCH \/V1.0\/Tickets body\.status: expected integer, got string$/),
				expect.stringMatching(/^PATCH \/V1.0\/Tickets body\.staus: property not in the contract$/),
			]),
		);
		const ilErrors = validateRequestLog('ilert', il.requests.slice(ilBefore));
		expect(ilErrors).toContain('POST /events body.eventType: required property missing');
	}, 60000);
});
