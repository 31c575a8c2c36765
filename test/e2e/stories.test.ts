/**
 * Ticket stories through the shipped templates in a real n8n, against the Autotask and ilert
 * simulators over real HTTP:
 * - template 1 (workflows/autotask-to-ilert.json): Extension Callouts with Basic auth, answered
 *   through Respond to Webhook (400 for tickets ilert would reject);
 * - template 2 (workflows/two-way-sync.json): the REST webhook registered on publish, signed
 *   deliveries, and the ilert Trigger writing accept/resolve back to the ticket.
 */
import type { N8nInstance } from '../n8n';
import {
	basicAuth,
	CREDENTIAL_IDS,
	eventually,
	loadTemplate,
	post,
	simulatorCredentials,
	sleep,
	startN8n,
	startSimulators,
} from './support';
import type { Simulators } from './support';

jest.setTimeout(600000);

const T1 = 'e2eTemplateOne01';
const T2 = 'e2eTemplateTwo01';
const CALLOUT_USER = 'autotask';
const CALLOUT_PASSWORD = 'example-callout-password-xxxx';

const CREDENTIAL_PLACEHOLDERS: Record<string, string> = {
	REPLACE_WITH_AUTOTASK_CREDENTIAL_ID: CREDENTIAL_IDS.autotask,
	REPLACE_WITH_ILERT_API_CREDENTIAL_ID: CREDENTIAL_IDS.ilertApi,
	REPLACE_WITH_ILERT_ALERT_SOURCE_CREDENTIAL_ID: CREDENTIAL_IDS.ilertSource,
};

/** The template as a user would set it up: credentials selected, alert source picked, callout password set. */
function prepared(file: string, id: string, alertSourceId: number) {
	const wf = loadTemplate(file);
	// Templates reference credentials, they never embed them.
	expect(JSON.stringify(wf)).not.toMatch(/apiKey|integrationApiKey|"secret"/);
	for (const node of wf.nodes) {
		for (const cred of Object.values<Record<string, string>>(node.credentials ?? {})) {
			expect(CREDENTIAL_PLACEHOLDERS[cred.id]).toBeDefined();
			cred.id = CREDENTIAL_PLACEHOLDERS[cred.id];
		}
		if (node.type.endsWith('.ticketLifecycle')) node.parameters.alertSourceId = String(alertSourceId);
		if (node.type.endsWith('.ilert') && node.parameters.checkOpenAlert) node.parameters.alertSourceId = String(alertSourceId);
		if (node.type.endsWith('.ilertTrigger')) node.parameters.alertSources = [String(alertSourceId)];
		if (node.type.endsWith('.autotaskTrigger') && node.parameters.mode === 'callout') {
			node.parameters.calloutUsername = CALLOUT_USER;
			node.parameters.calloutPassword = CALLOUT_PASSWORD;
		}
	}
	return { ...wf, id, active: false };
}

function webhookIdOf(wf: Record<string, any>, type: string): string {
	return wf.nodes.find((n: any) => n.type.endsWith(type)).webhookId;
}

describe('ticket stories through the templates in a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let calloutUrl: string;
	let autotaskWebhookUrl: string;
	let t1Executions = 0;

	beforeAll(async () => {
		sims = await startSimulators();
		const sourceId = sims.ilert.credentials.alertSourceId;
		const t1 = prepared('autotask-to-ilert.json', T1, sourceId);
		const t2 = prepared('two-way-sync.json', T2, sourceId);
		n8n = await startN8n({ credentials: simulatorCredentials(sims), workflows: [t1, t2], publish: [T1, T2] });
		calloutUrl = `${n8n.webhookBase}/${webhookIdOf(t1, '.autotaskTrigger')}/webhook`;
		autotaskWebhookUrl = `${n8n.webhookBase}/${webhookIdOf(t2, '.autotaskTrigger')}/webhook`;
	});

	afterAll(async () => {
		await n8n?.stop();
		await sims?.close();
	});

	const alertsFor = (ticketId: number) => sims.ilert.findAlertsByKey(`autotask-${ticketId}`);
	const newTicket = (fields: Record<string, unknown>, fire: boolean) => {
		const res = sims.autotask.createTicket({ companyID: 174, priority: 4, queueID: 8, title: 'Story ticket', ...fields }, { fire });
		if (!res.id) throw new Error(`simulator refused the ticket: ${JSON.stringify(res.errors)}`);
		return res.id;
	};

	const errorText = (e: any) => `${e?.message} | ${e?.description ?? ''} | ${JSON.stringify(e?.context ?? {}).slice(0, 300)}`;

	/** What went wrong in a workflow's executions, for failure messages. */
	async function diagnose(workflowId: string): Promise<string> {
		const list = await n8n.api.executions({ workflowId, includeData: true });
		return list
			.map((e) => {
				const rd = e.data?.resultData;
				const ran = Object.entries(rd?.runData ?? {})
					.map(([name, runs]) => `${name}[${runs.map((r) => (r.data?.main ?? []).map((o) => (o ?? []).length).join('/')).join(',')}]${runs.some((r) => r.error) ? ` ERROR ${errorText(runs.find((r) => r.error)?.error)}` : ''}`)
					.join(' -> ');
				return `#${e.id} ${e.status}: ${ran}${rd?.error ? ` | ${errorText(rd.error)}` : ''}`;
			})
			.join('\n');
	}

	async function callout(ticketId: number, auth = basicAuth(CALLOUT_USER, CALLOUT_PASSWORD), expectExecution = true) {
		const answer = await post(calloutUrl, `ticketId=${ticketId}`, { authorization: auth });
		if (expectExecution) {
			t1Executions += 1;
			await n8n.api.waitForExecutions(T1, t1Executions);
		}
		if (answer.status >= 500) {
			throw new Error(`callout answered ${answer.status} ${JSON.stringify(answer.text)}\n${await diagnose(T1)}`);
		}
		return answer;
	}

	/** `eventually` for template 2, with its executions in the failure message. */
	async function t2Eventually<T>(check: () => T, what: string): Promise<T> {
		try {
			return await eventually(check, what);
		} catch (error) {
			throw new Error(`${(error as Error).message}\n${await diagnose(T2)}`);
		}
	}

	test('publishing before start registered the Autotask REST webhook and the ilert alert action', async () => {
		const hooks = sims.autotask.state.webhooks.filter((w) => w.isActive);
		expect(hooks).toHaveLength(1);
		expect(hooks[0].webhookUrl).toBe(autotaskWebhookUrl);
		expect(hooks[0].secretKey).toEqual(expect.any(String));
		expect(hooks[0].isSubscribedToCreateEvents).toBe(true);
		expect(hooks[0].isSubscribedToUpdateEvents).toBe(true);
		const actionPosts = sims.ilert.requests.filter((r) => r.method === 'POST' && /alert-actions/.test(r.path));
		expect(actionPosts.length).toBeGreaterThanOrEqual(1);
	});

	test('template 1: callouts create, accept and resolve alerts; ilert-rejected statuses get 400; bad Basic auth gets 401', async () => {
		const newId = newTicket({ status: 1 }, false);
		const completeId = newTicket({ status: 5 }, false);
		const waitingId = newTicket({ status: 7 }, false);
		const customId = newTicket({ status: 10, priority: 3 }, false);

		let a = await callout(newId);
		expect(a.status).toBe(200);
		a = await callout(completeId);
		expect(a.status).toBe(400);
		a = await callout(waitingId);
		expect(a.status).toBe(400);
		a = await callout(customId);
		expect(a.status).toBe(200);

		expect(alertsFor(newId).map((x) => x.status)).toEqual(['PENDING']);
		expect(alertsFor(customId).map((x) => [x.status, x.priority])).toEqual([['PENDING', 'LOW']]);
		expect(alertsFor(completeId)).toEqual([]);
		expect(alertsFor(waitingId)).toEqual([]);

		// Failed Basic auth: 401, and no execution.
		const before = (await n8n.api.executions({ workflowId: T1 })).length;
		a = await callout(newId, basicAuth(CALLOUT_USER, 'wrong-password-example'), false);
		expect(a.status).toBe(401);
		a = await callout(newId, '', false);
		expect(a.status).toBe(401);
		await sleep(500);
		expect((await n8n.api.executions({ workflowId: T1 })).length).toBe(before);

		// Edited to In Progress: accepted.
		sims.autotask.updateTicket(newId, { status: 8 }, { fire: false });
		a = await callout(newId);
		expect(a.status).toBe(200);
		expect(alertsFor(newId).map((x) => x.status)).toEqual(['ACCEPTED']);

		// The same callout delivered again (Autotask re-sends when the run failed or took too long):
		// with the answer given after the run, it runs again, finds the alert accepted already and
		// changes nothing in ilert.
		const eventsBefore = sims.ilert.requests.filter((r) => r.method === 'POST' && r.path === '/api/events').length;
		a = await callout(newId);
		expect(a.status).toBe(200);
		expect(JSON.parse(a.text)).toMatchObject({ result: 'unchanged', ticketId: newId });
		expect(sims.ilert.requests.filter((r) => r.method === 'POST' && r.path === '/api/events')).toHaveLength(eventsBefore);
		expect(alertsFor(newId).map((x) => x.status)).toEqual(['ACCEPTED']);

		// Complete: resolved. A waiting ticket that was rejected stays without an alert when edited on.
		sims.autotask.updateTicket(newId, { status: 5 }, { fire: false });
		a = await callout(newId);
		expect(a.status).toBe(200);
		expect(alertsFor(newId).map((x) => x.status)).toEqual(['RESOLVED']);
		sims.autotask.updateTicket(waitingId, { status: 8 }, { fire: false });
		a = await callout(waitingId);
		expect(a.status).toBe(200);

		// Every execution succeeded, and the Lifecycle kept pairedItem through the Respond nodes.
		const runs = await n8n.api.executions({ workflowId: T1 });
		expect(runs.map((r) => r.status)).toEqual(runs.map(() => 'success'));
		for (const id of [newId, customId, waitingId]) expect(alertsFor(id)).toHaveLength(1);
	});

	test('template 1: callouts n8n does not parse itself (GET, no content type) are read; a binary body gets 415', async () => {
		const auth = basicAuth(CALLOUT_USER, CALLOUT_PASSWORD);
		const viaGet = newTicket({ status: 1, title: 'GET callout' }, false);
		const got = await fetch(`${calloutUrl}?TicketID=${viaGet}`, { headers: { authorization: auth } });
		expect(got.status).toBe(200);
		t1Executions += 1;
		await n8n.api.waitForExecutions(T1, t1Executions);
		expect(alertsFor(viaGet).map((x) => x.status)).toEqual(['PENDING']);

		const untyped = newTicket({ status: 1, title: 'No content type' }, false);
		const plain = await fetch(calloutUrl, { method: 'POST', headers: { authorization: auth, 'content-type': '' }, body: `TicketID=${untyped}` });
		expect(plain.status).toBe(200);
		t1Executions += 1;
		await n8n.api.waitForExecutions(T1, t1Executions);
		expect(alertsFor(untyped).map((x) => x.status)).toEqual(['PENDING']);

		const binary = await fetch(calloutUrl, {
			method: 'POST',
			headers: { authorization: auth, 'content-type': 'application/octet-stream' },
			body: Buffer.from([0, 159, 146, 150, 255]),
		});
		expect(binary.status).toBe(415);
		expect(await binary.text()).toMatch(/not accepted/);
		await sleep(300);
		expect((await n8n.api.executions({ workflowId: T1 })).length).toBe(t1Executions);
	});

	test('template 2: signed REST webhook deliveries drive the lifecycle; forged signatures are refused', async () => {
		const id = newTicket({ status: 1, title: 'Webhook story' }, true);
		await t2Eventually(() => alertsFor(id).length === 1, `alert for ticket ${id}`);
		expect(alertsFor(id)[0].status).toBe('PENDING');

		sims.autotask.updateTicket(id, { status: 11 });
		await t2Eventually(() => alertsFor(id)[0].status === 'ACCEPTED', 'alert accepted after Escalate');

		// A forged delivery: signed with the wrong secret.
		const forged = JSON.stringify({ Action: 'Update', Guid: 'example', EntityType: 'Ticket', Id: id, Fields: { status: '5' }, EventTime: new Date().toISOString(), SequenceNumber: 999, PersonID: 29682886 });
		// T2 also runs for ilert's alert-action calls: count only runs the Autotask Trigger started.
		const autotaskRuns = async () =>
			(await n8n.api.executions({ workflowId: T2, includeData: true })).filter((e) => e.data?.resultData.runData['Autotask Trigger']).length;
		await sims.autotask.waitForDeliveries();
		await sleep(500);
		const before = await autotaskRuns();
		const answer = await post(autotaskWebhookUrl, forged, {
			'content-type': 'application/json',
			'x-hook-signature': sims.autotask.signBody('example-wrong-secret', forged),
		});
		expect(answer.status).toBe(401);
		await sleep(500);
		expect(await autotaskRuns()).toBe(before);
		expect(alertsFor(id)[0].status).toBe('ACCEPTED');

		sims.autotask.updateTicket(id, { status: 5 });
		await t2Eventually(() => alertsFor(id)[0].status === 'RESOLVED', 'alert resolved after Complete');
		expect(alertsFor(id)).toHaveLength(1);
		await sims.autotask.waitForDeliveries();
		expect(sims.autotask.deliveries.filter((d) => d.ticketId === id && d.kind === 'webhook').every((d) => d.ok)).toBe(true);
	});

	test('template 2: a responder accepting in ilert puts the ticket In Progress and assigns them; resolving completes it with a note', async () => {
		const id = newTicket({ status: 1, title: 'Two-way story', assignedResourceID: null }, true);
		const alert = await eventually(() => alertsFor(id)[0], `alert for ticket ${id}`);
		sims.ilert.acceptAlert(alert.id, { userEmail: 'jane.tech@example.com' });
		await eventually(() => sims.autotask.getTicket(id)?.status === 8, 'ticket In Progress');
		await eventually(() => sims.autotask.getTicket(id)?.assignedResourceID === 29682886, 'ticket assigned to Jane Tech');

		sims.ilert.resolveAlert(alert.id, { userEmail: 'jane.tech@example.com' });
		await eventually(() => sims.autotask.getTicket(id)?.status === 5, 'ticket Complete');
		await eventually(() => sims.autotask.state.notes.some((n) => n.ticketID === id), 'resolution note');
		const note = sims.autotask.state.notes.find((n) => n.ticketID === id)!;
		expect(note.description).toContain(`${alert.id}`);
		// Our own write-back is not echoed into a second alert (the API user is excluded from the webhook).
		await sleep(1000);
		expect(alertsFor(id)).toHaveLength(1);
	});

	test('unpublishing template 2 removes the Autotask webhook', async () => {
		const hookId = sims.autotask.state.webhooks[0].id;
		await n8n.api.unpublish(T2);
		await eventually(
			() => sims.autotask.requests.some((r) => r.method === 'DELETE' && r.path.includes(`${hookId}`)),
			'DELETE of the Autotask webhook',
		);
		await eventually(() => !sims.autotask.state.webhooks.some((w) => w.id === hookId), 'webhook gone');
	});
});
