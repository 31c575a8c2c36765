/**
 * The two-way sync, end to end against both simulators, wired the way docs/two-way-sync.md's workflow
 * wires the nodes:
 *
 *   ticket created -> Ticket Lifecycle (create) -> ilert: Create Alert
 *   ilert: alert accepted -> ilert Trigger -> Autotask: Find Resource by Email -> Autotask: Update
 *     (status In Progress + technician) -> the echo changes nothing
 *   ticket Complete -> Ticket Lifecycle (resolve) -> ilert: Resolve
 *   ilert: alert resolved -> ilert Trigger -> Autotask: Update (already Complete: no-op) + Add Note
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Autotask } from '../../../../nodes/Autotask/Autotask.node';
import { Ilert } from '../../../../nodes/Ilert/Ilert.node';
import { IlertTrigger } from '../../../../nodes/IlertTrigger/IlertTrigger.node';
import { normalizeTicket } from '../../../../nodes/shared/domain/ticket';
import { TicketLifecycle } from '../../../../nodes/TicketLifecycle/TicketLifecycle.node';
import { startAutotaskSimulator, startIlertSimulator } from '../../../simulators';
import { validateRequestLog } from '../../../contract/validate';
import {
	autotaskSimulatorCredential,
	createExecuteContext,
	createHookContext,
	createWebhookContext,
	type ParameterValue,
} from '../../../support';

type AutotaskSim = Awaited<ReturnType<typeof startAutotaskSimulator>>;
type IlertSim = Awaited<ReturnType<typeof startIlertSimulator>>;

let autotask: AutotaskSim;
let ilert: IlertSim;

interface Received {
	headers: Record<string, string>;
	body: unknown;
}

/** Stands in for n8n's webhook endpoints: records what the simulators deliver. */
async function startReceiver() {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: unknown = text;
			try {
				body = JSON.parse(text);
			} catch {
				// keep text
			}
			received.push({ headers: req.headers as Record<string, string>, body });
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const base = `http://127.0.0.1:${port}`;
	return {
		base,
		received,
		take(path: string): Received[] {
			return received.filter((r) => (r.headers['x-test-path'] ?? '') === path);
		},
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

function credentials() {
	return {
		autotaskIlertAutotaskApi: autotaskSimulatorCredential(autotask),
		autotaskIlertIlertApi: {
			apiKey: ilert.credentials.apiKey,
			baseUrl: ilert.url,
			maxRetryWaitSeconds: 20,
		},
		autotaskIlertIlertAlertSourceApi: {
			integrationApiKey: ilert.credentials.integrationKey,
			baseUrl: ilert.url,
			maxRetryWaitSeconds: 20,
		},
	};
}

async function runNode(
	node: { execute(this: never): Promise<INodeExecutionData[][]> },
	parameters: Record<string, ParameterValue>,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[][]> {
	const ctx = createExecuteContext({ parameters, items, credentials: credentials() });
	return await (node.execute as unknown as (this: unknown) => Promise<INodeExecutionData[][]>).call(
		ctx,
	);
}

/** What the Autotask Trigger emits for a ticket event (ticket normalised with the tenant's labels). */
async function ticketEvent(
	event: 'created' | 'updated',
	ticketId: number,
): Promise<INodeExecutionData> {
	const [[got]] = await runNode(
		new Autotask(),
		{ resource: 'ticket', operation: 'get', ticketId: String(ticketId) },
		[{ json: {} }],
	);
	const statuses = await runNode(
		new Autotask(),
		{ resource: 'picklist', operation: 'getValues', entity: 'Tickets', field: 'status' },
		[{ json: {} }],
	);
	const priorities = await runNode(
		new Autotask(),
		{ resource: 'picklist', operation: 'getValues', entity: 'Tickets', field: 'priority' },
		[{ json: {} }],
	);
	const queues = await runNode(
		new Autotask(),
		{ resource: 'picklist', operation: 'getValues', entity: 'Tickets', field: 'queueID' },
		[{ json: {} }],
	);
	const asList = (out: INodeExecutionData[][]) =>
		out[0].map((i) => ({ value: i.json.value as string, label: i.json.label as string }));
	const ticket = normalizeTicket(
		got.json,
		{
			status: asList(statuses),
			priority: asList(priorities),
			queue: asList(queues),
			companyName: 'Acme Corp',
		},
		'https://ww5.autotask.net/',
	);
	return {
		json: {
			event,
			ticket,
			source: 'webhook',
			receivedAt: new Date().toISOString(),
		} as unknown as IDataObject,
	};
}

/** Ticket Lifecycle with the alert state looked up in ilert; returns [action, items]. */
async function lifecycle(
	item: INodeExecutionData,
): Promise<{ action: string; items: INodeExecutionData[] }> {
	const t = (item.json as IDataObject).ticket as IDataObject;
	const outputs = await runNode(
		new TicketLifecycle(),
		{
			alertState: 'lookup',
			alertSourceId: String(ilert.credentials.alertSourceId),
			event: (item.json as IDataObject).event as string,
			ticketId: t.id as number,
			statusLabel: (t.status as IDataObject).label as string,
			statusId: (t.status as IDataObject).id as number,
			priorityLabel: (t.priority as IDataObject).label as string,
			priorityId: (t.priority as IDataObject).id as number,
			outputUnchanged: true,
			statusOverrides: {},
			options: {},
		},
		[item],
	);
	const names = ['create', 'accept', 'resolve', 'reject', 'unchanged'];
	const index = outputs.findIndex((o) => o.length > 0);
	return { action: names[index], items: outputs[index] ?? [] };
}

/** The ilert side of the sync: trigger item -> Autotask update (+ note on resolve). */
async function onIlertEvent(trigger: IDataObject, staticData: IDataObject, delivery: Received) {
	const ctx = createWebhookContext({
		parameters: {
			alertSources: ['1001'],
			events: ['alert-acknowledged', 'alert-resolved'],
			options: {},
		},
		staticData,
		// The trigger reads the alert from ilert (GET /alerts/{id}) before it starts the workflow.
		credentials: credentials(),
		request: { headers: delivery.headers, body: delivery.body },
	});
	const result = await new IlertTrigger().webhook.call(ctx);
	const [[item]] = result.workflowData ?? [[]];
	expect(item).toBeDefined();
	const json = item.json as IDataObject;
	const alert = json.alert as IDataObject;
	const ticketId = String(json.ticketId);
	if (json.eventType === 'alert-acknowledged') {
		const email = ((alert.assignee as IDataObject | null)?.email as string) ?? '';
		const [resources] = await runNode(
			new Autotask(),
			{ resource: 'resource', operation: 'findByEmail', email },
			[item],
		);
		const technician = resources[0]?.json.id;
		const [updated] = await runNode(
			new Autotask(),
			{
				resource: 'ticket',
				operation: 'update',
				ticketId,
				status: 'In Progress',
				updateFields: technician ? { assignedResourceID: String(technician) } : {},
			},
			[item],
		);
		trigger.accepted = updated[0].json;
	} else if (json.eventType === 'alert-resolved') {
		const [updated] = await runNode(
			new Autotask(),
			{ resource: 'ticket', operation: 'update', ticketId, status: 'Complete' },
			[item],
		);
		const [note] = await runNode(
			new Autotask(),
			{
				resource: 'ticket',
				operation: 'addNote',
				ticketId,
				title: 'ilert',
				description: `Alert ${String(alert.id)} resolved in ilert`,
			},
			[item],
		);
		trigger.resolved = { update: updated[0].json, note: note[0].json };
	}
}

beforeAll(async () => {
	autotask = await startAutotaskSimulator();
	ilert = await startIlertSimulator();
});

afterAll(async () => {
	await autotask.close();
	await ilert.close();
});

it('round trip: ticket -> alert; accepted in ilert -> ticket In Progress, echo changes nothing; ticket Complete -> alert resolved', async () => {
	const receiver = await startReceiver();
	try {
		// Autotask webhook for ticket changes, excluding the API user (what the Autotask Trigger
		// registers in webhook mode), delivering to the local receiver.
		const headers = {
			'Content-Type': 'application/json',
			UserName: autotask.credentials.username,
			Secret: autotask.credentials.secret,
			ApiIntegrationCode: autotask.credentials.integrationCode,
		};
		const api = `${autotask.url}/atservicesrest/v1.0`;
		const hookRes = (await (
			await fetch(`${api}/TicketWebhooks`, {
				method: 'POST',
				headers,
				body: JSON.stringify({
					name: 'roundtrip',
					webhookUrl: `${receiver.base}/autotask`,
					deactivationUrl: `${receiver.base}/autotask-deactivated`,
					isActive: true,
					isSubscribedToCreateEvents: true,
					isSubscribedToUpdateEvents: true,
				}),
			})
		).json()) as { itemId: number };
		for (const fieldID of [19, 2]) {
			await fetch(`${api}/TicketWebhooks/${hookRes.itemId}/Fields`, {
				method: 'POST',
				headers,
				body: JSON.stringify({ webhookID: hookRes.itemId, fieldID, isSubscribedField: true }),
			});
		}
		await fetch(`${api}/TicketWebhooks/${hookRes.itemId}/ExcludedResources`, {
			method: 'POST',
			headers,
			body: JSON.stringify({
				webhookID: hookRes.itemId,
				resourceID: autotask.credentials.resourceId,
			}),
		});

		// ilert Trigger published: alert action on the source, delivering to the receiver.
		const triggerStatic: IDataObject = {};
		await new IlertTrigger().webhookMethods.default.create.call(
			createHookContext({
				parameters: {
					alertSources: ['1001'],
					events: ['alert-acknowledged', 'alert-resolved'],
					options: {},
				},
				credentials: credentials(),
				staticData: triggerStatic,
				webhookUrl: `${receiver.base}/ilert`,
			}),
		);

		// 1. Ticket created (by a technician) -> Lifecycle says create -> ilert alert.
		const created = autotask.createTicket(
			{
				title: 'VPN gateway down',
				description: 'Site B offline',
				status: 1,
				priority: 4,
				companyID: 174,
				queueID: 8,
			},
			{ resourceId: 29682886 },
		) as IDataObject;
		const ticketId = Number(created.id);
		const alertKey = `autotask-${ticketId}`;
		const createdItem = await ticketEvent('created', ticketId);
		const decision1 = await lifecycle(createdItem);
		expect(decision1.action).toBe('create');
		const [createOut] = await runNode(
			new Ilert(),
			{ resource: 'event', operation: 'create' },
			decision1.items,
		);
		expect(createOut[0].json).toMatchObject({
			eventType: 'ALERT',
			alertKey,
			queued: true,
			ticketId,
		});
		const [alert] = ilert.findAlertsByKey(alertKey);
		expect(alert).toMatchObject({
			status: 'PENDING',
			summary: `[${String((autotask.getTicket(ticketId) as IDataObject).ticketNumber)}] VPN gateway down`,
		});

		// 2. Alert accepted in ilert by Jane -> trigger -> ticket In Progress, assigned to Jane.
		ilert.acceptAlert(alert.id, { userEmail: 'jane.tech@example.com' });
		await ilert.waitForDeliveries();
		const ilertCalls = () =>
			receiver.received.filter((r) => (r.body as IDataObject)?.eventType !== undefined);
		expect(ilertCalls()).toHaveLength(1);
		const sync: IDataObject = {};
		await onIlertEvent(sync, triggerStatic, ilertCalls()[0]);
		expect(sync.accepted).toMatchObject({
			noOp: false,
			ticket: { status: 8, assignedResourceID: 29682886 },
		});
		expect(autotask.getTicket(ticketId)).toMatchObject({
			status: 8,
			assignedResourceID: 29682886,
			assignedResourceRoleID: 29683461,
		});

		// The sync's own PATCH is not echoed: Autotask skips the excluded API user.
		await autotask.waitForDeliveries();
		const autotaskCalls = () =>
			receiver.received.filter((r) => (r.body as IDataObject)?.Action !== undefined);
		const echoes = autotaskCalls().filter((r) => (r.body as IDataObject).Action === 'Update');
		expect(echoes).toHaveLength(0);
		expect(autotask.snapshot().deliveries).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ kind: 'skipped', reason: 'excluded-resource', ticketId }),
			]),
		);
		// Even if an echo did arrive (callout mode has no exclusion), the Lifecycle sees the alert
		// already accepted and changes nothing in ilert.
		const eventsBefore = (ilert.snapshot().events as unknown[]).length;
		const echo = await lifecycle(await ticketEvent('updated', ticketId));
		expect(echo.action).toBe('unchanged');
		expect((ilert.snapshot().events as unknown[]).length).toBe(eventsBefore);

		// 3. Technician completes the ticket -> Autotask webhook -> Lifecycle resolve -> ilert resolve.
		autotask.updateTicket(ticketId, { status: 5 }, { resourceId: 29682886 });
		await autotask.waitForDeliveries();
		const completeEvents = autotaskCalls().filter(
			(r) => (r.body as IDataObject).Action === 'Update',
		);
		expect(completeEvents).toHaveLength(1);
		expect((completeEvents[0].body as IDataObject).PersonID).toBe(29682886);
		const decision3 = await lifecycle(await ticketEvent('updated', ticketId));
		expect(decision3.action).toBe('resolve');
		const [resolveOut] = await runNode(
			new Ilert(),
			{ resource: 'event', operation: 'resolve' },
			decision3.items,
		);
		expect(resolveOut[0].json).toMatchObject({ eventType: 'RESOLVE', queued: true, noOp: false });
		expect(ilert.getAlert(alert.id)?.status).toBe('RESOLVED');

		// 4. ilert reports the resolve -> trigger -> ticket already Complete (no PATCH) + a note.
		await ilert.waitForDeliveries();
		expect(ilertCalls()).toHaveLength(2);
		await onIlertEvent(sync, triggerStatic, ilertCalls()[1]);
		expect(sync.resolved).toMatchObject({ update: { noOp: true }, note: { ticketID: ticketId } });
		await autotask.waitForDeliveries();
		expect(autotaskCalls().filter((r) => (r.body as IDataObject).Action === 'Update')).toHaveLength(
			1,
		);

		// Exactly one alert, accepted once, resolved once; one note on the ticket.
		const alerts = ilert.findAlertsByKey(alertKey);
		expect(alerts).toHaveLength(1);
		const actionEvents = (ilert.snapshot().events as unknown as IDataObject[]).filter(
			(e) => e.alertId === alert.id,
		);
		expect(actionEvents.map((e) => e.eventType)).toEqual([
			'alert-created',
			'alert-acknowledged',
			'alert-resolved',
		]);
		const log = (alerts[0].log ?? []) as IDataObject[];
		expect(log.filter((l) => l.logEntryType === 'AlertAcceptedLogEntry')).toHaveLength(1);
		expect(log.filter((l) => l.logEntryType === 'AlertResolvedLogEntry')).toHaveLength(1);
		expect(
			(autotask.state as { notes: IDataObject[] }).notes.filter((n) => n.ticketID === ticketId),
		).toHaveLength(1);
		expect(autotask.getTicket(ticketId)).toMatchObject({ status: 5 });
	} finally {
		await receiver.close();
	}
}, 120000);

it('every request the package sent in the round trip matches the official API descriptions', () => {
	// Runs after the round trip above: the simulators' logs hold what the transport built.
	const autotaskKinds = new Set(
		autotask.requests.map((r) => `${r.method} ${r.path.replace(/\d+/g, '{id}')}`),
	);
	const ilertKinds = new Set(
		ilert.requests.map((r) => `${r.method} ${r.path.replace(/\d+/g, '{id}')}`),
	);
	expect(autotaskKinds.size).toBeGreaterThan(3);
	expect([...ilertKinds].sort()).toEqual(
		expect.arrayContaining(['GET /api/alerts', 'POST /api/events']),
	);
	expect(
		validateRequestLog(
			'autotask',
			autotask.requests.filter((r) => !r.path.startsWith('/__sim')),
		),
	).toEqual([]);
	expect(
		validateRequestLog(
			'ilert',
			ilert.requests.filter((r) => !r.path.startsWith('/__sim')),
		),
	).toEqual([]);
});
