/**
 * The way back as template 2 should wire it: ilert Trigger (verified, ilert's current state)
 * -> route on `wayBack.target` -> Ticket › Update with Only Move Forward. Both simulators;
 * ilert's deliveries are captured by a local receiver and handed to the trigger.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Autotask } from '../../../../../../nodes/Autotask/Autotask.node';
import { IlertTrigger } from '../../../../../../nodes/IlertTrigger/IlertTrigger.node';
import { startAutotaskSimulator, startIlertSimulator } from '../../../../../simulators';
import {
	autotaskSimulatorCredential,
	createExecuteContext,
	createHookContext,
	createWebhookContext,
} from '../../../../../support';

type AutotaskSim = Awaited<ReturnType<typeof startAutotaskSimulator>>;
type IlertSim = Awaited<ReturnType<typeof startIlertSimulator>>;

let autotask: AutotaskSim;
let ilert: IlertSim;
let receiver: {
	url: string;
	received: Array<{ headers: http.IncomingHttpHeaders; body: string }>;
	close(): Promise<void>;
};
const staticData: IDataObject = {};
const TECHNICIAN = 29682887;
const parameters = {
	alertSources: ['1001'],
	events: ['alert-acknowledged', 'alert-resolved', 'alert-auto-resolved'],
	options: { onlyAutotaskAlerts: true },
};

function ilertCredentials() {
	return {
		autotaskIlertIlertApi: {
			apiKey: ilert.credentials.apiKey,
			baseUrl: ilert.url,
			maxRetryWaitSeconds: 20,
		},
	};
}

async function startReceiver(): Promise<typeof receiver> {
	const received: typeof receiver.received = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(200).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/way-back/webhook`,
		received,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Hands the captured deliveries to the trigger; returns its items (refused/ignored ones give none). */
async function triggerItems(): Promise<INodeExecutionData[]> {
	await ilert.waitForDeliveries();
	const items: INodeExecutionData[] = [];
	for (const delivery of receiver.received.splice(0)) {
		const ctx = createWebhookContext({
			parameters,
			staticData,
			credentials: ilertCredentials(),
			request: {
				headers: delivery.headers as Record<string, string>,
				body: JSON.parse(delivery.body),
			},
		});
		const result = await new IlertTrigger().webhook.call(ctx);
		items.push(...(result.workflowData?.[0] ?? []));
	}
	return items;
}

/** Template 2's way back: route on wayBack.target, update with Only Move Forward. */
async function wayBack(item: INodeExecutionData): Promise<IDataObject | null> {
	const json = item.json as IDataObject;
	const target = (json.wayBack as IDataObject).target;
	if (target === null) return null;
	const ctx = createExecuteContext({
		parameters: {
			resource: 'ticket',
			operation: 'update',
			ticketId: String(json.ticketId),
			status: target === 'complete' ? 'Complete' : 'In Progress',
			updateFields: target === 'complete' ? {} : { assignedResourceID: String(TECHNICIAN) },
			options: { onlyMoveForward: true },
		},
		items: [item],
		credentials: { autotaskIlertAutotaskApi: autotaskSimulatorCredential(autotask) },
	});
	const [out] = await new Autotask().execute.call(ctx);
	expect(out[0].pairedItem).toEqual({ item: 0 });
	return out[0].json;
}

function alertFor(ticketId: number) {
	return ilert.createAlert({
		summary: `Ticket ${ticketId}`,
		alertKey: `autotask-${ticketId}`,
		alertSourceId: 1001,
	});
}

beforeAll(async () => {
	autotask = await startAutotaskSimulator();
	ilert = await startIlertSimulator();
	receiver = await startReceiver();
});

afterAll(async () => {
	await receiver.close();
	await autotask.close();
	await ilert.close();
});

beforeEach(async () => {
	autotask.reset();
	ilert.reset();
	receiver.received.length = 0;
	for (const key of Object.keys(staticData)) delete staticData[key];
	await new IlertTrigger().webhookMethods.default.create.call(
		createHookContext({
			parameters,
			credentials: ilertCredentials(),
			staticData,
			webhookUrl: receiver.url,
		}),
	);
});

it('a responder accepts the alert of a New ticket: In Progress and assigned', async () => {
	const alert = alertFor(10001);
	ilert.acceptAlert(alert.id, { userEmail: 'jane.tech@example.com' });
	const [item] = await triggerItems();
	const out = await wayBack(item);
	expect(out).toMatchObject({ noOp: false, ticket: { status: 8, assignedResourceID: TECHNICIAN } });
});

it("the package's own accept comes back: the ticket (already In Progress) is not written again", async () => {
	const before = autotask.getTicket(10002);
	const alert = alertFor(10002);
	// What the Lifecycle's Accept does when the ticket went In Progress in Autotask.
	ilert.acceptAlert(alert.id);
	const [item] = await triggerItems();
	const out = await wayBack(item);
	expect(out).toMatchObject({
		skipped: true,
		reason: expect.stringMatching(/already In Progress/),
	});
	expect(autotask.getTicket(10002)).toEqual(before);
});

it('a Complete that overtakes an accept stays Complete (accept delivered late, alert resolved meanwhile or not)', async () => {
	const first = alertFor(10001);
	ilert.acceptAlert(first.id, { userEmail: 'jane.tech@example.com' });
	// The ticket is completed in Autotask before the accept is processed.
	autotask.updateTicket(10001, { status: 5 }, { fire: false });
	const [lateAccept] = await triggerItems();
	expect(lateAccept.json).toMatchObject({
		eventType: 'alert-acknowledged',
		wayBack: { target: 'setInProgress' },
	});
	expect(await wayBack(lateAccept)).toMatchObject({
		skipped: true,
		statusMove: { from: { class: 'closed' } },
	});

	// Same story, but ilert resolved the alert before the accept was delivered: ilert's state wins.
	const second = alertFor(10003);
	ilert.acceptAlert(second.id);
	ilert.resolveAlert(second.id);
	const items = await triggerItems();
	expect(items.map((i) => (i.json as IDataObject).wayBack)).toEqual([
		{ target: 'complete', reason: 'ilert says the alert is RESOLVED now' },
		{ target: 'complete', reason: 'the alert was resolved' },
	]);
	for (const item of items) expect(await wayBack(item)).toMatchObject({ skipped: true });
	expect(autotask.getTicket(10001)).toMatchObject({ status: 5 });
	expect(autotask.getTicket(10003)).toMatchObject({ status: 5 });
});

it('alert-auto-resolved completes the ticket', async () => {
	const alert = alertFor(10002);
	ilert.autoResolveAlert(alert.id);
	const [item] = await triggerItems();
	expect(item.json).toMatchObject({
		eventType: 'alert-auto-resolved',
		wayBack: { target: 'complete' },
	});
	expect(await wayBack(item)).toMatchObject({ noOp: false, ticket: { status: 5 } });
});

it('a delivery with the right secret for an alert ilert does not know starts nothing and changes no ticket', async () => {
	const alert = alertFor(10001);
	ilert.resolveAlert(alert.id);
	await ilert.waitForDeliveries();
	const [real] = receiver.received.splice(0);
	const forged = { ...JSON.parse(real.body), id: '777777' };
	receiver.received.push({ headers: real.headers, body: JSON.stringify(forged) });
	expect(await triggerItems()).toEqual([]);
	expect(autotask.getTicket(10001)).toMatchObject({ status: 1 });
});
