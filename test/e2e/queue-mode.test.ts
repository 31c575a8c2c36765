/**
 * The queue-mode topology itself (E2E_MODE=queue; skipped in regular mode, where the other files
 * run the same stories in one n8n): callouts reach the webhook processors through the round-robin
 * proxy, workers run the executions, the Respond to Webhook answer travels back from the worker
 * through the webhook processor and the proxy, and main serves no production webhook.
 */
import { readFileSync } from 'node:fs';

import { BACKEND_HEADER } from '../n8n';
import type { N8nInstance } from '../n8n';
import {
	CALLOUT_SECRETS,
	E2E_MODE,
	post,
	preparedTemplate,
	simulatorCredentials,
	startN8n,
	startSimulators,
} from './support';
import type { Simulators } from './support';

jest.setTimeout(600000);

const T1 = 'e2eQueueTemplate1';
/** Template 1 as a user sets it up; the sweep runs once a day, as these cases count executions. */
function templateOne(alertSourceId: number): Record<string, any> {
	return preparedTemplate('autotask-to-ilert.json', T1, alertSourceId, {
		sweepEvery: { field: 'hours', interval: 24 },
	});
}

const describeQueue = E2E_MODE === 'queue' ? describe : describe.skip;

describeQueue('queue mode: main + 2 webhook processors + 2 workers behind the proxy', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let calloutPath: string;
	let executions = 0;

	beforeAll(async () => {
		sims = await startSimulators();
		const wf = templateOne(sims.ilert.credentials.alertSourceId);
		n8n = await startN8n({
			credentials: simulatorCredentials(sims),
			workflows: [wf],
			publish: [T1],
		});
		const trigger = wf.nodes.find((n: any) => n.type.endsWith('.autotaskTrigger'));
		calloutPath = `${trigger.webhookId}/webhook?secret=${CALLOUT_SECRETS.urlSecret}`;
	});

	afterAll(async () => {
		await n8n?.stop();
		await sims?.close();
	});

	const processorPorts = () =>
		n8n
			.cluster!.processes.filter((p) => p.role.startsWith('webhook-'))
			.map((p) => `127.0.0.1:${p.port}`);
	const workerLogs = () =>
		n8n
			.cluster!.processes.filter((p) => p.role.startsWith('worker-'))
			.map((p) => readFileSync(p.logFile, 'utf8'))
			.join('\n');
	const newTicket = (status: number) => {
		const res = sims.autotask.createTicket(
			{ companyID: 174, priority: 4, queueID: 8, title: 'Queue-mode ticket', status },
			{ fire: false },
		);
		if (!res.id) throw new Error(`simulator refused the ticket: ${JSON.stringify(res.errors)}`);
		return res.id as number;
	};

	async function callout(ticketId: number) {
		const res = await fetch(`${n8n.webhookBase}/${calloutPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `ticketId=${ticketId}`,
		});
		const text = await res.text();
		executions += 1;
		await n8n.api.waitForExecutions(T1, executions);
		return { status: res.status, text, processor: res.headers.get(BACKEND_HEADER) };
	}

	test('the public webhook URL is the proxy, not main', () => {
		expect(n8n.cluster).toBeDefined();
		expect(n8n.webhookBase).toBe(`${n8n.cluster!.proxyUrl}/webhook`);
		expect(n8n.webhookBase.startsWith(n8n.url)).toBe(false);
		expect(processorPorts()).toHaveLength(2);
		expect(n8n.cluster!.processes.filter((p) => p.role.startsWith('worker-'))).toHaveLength(2);
	});

	let first: { id: number; status: number; text: string; processor: string | null };

	test('the first callout is answered through the proxy by a webhook processor and run by a worker', async () => {
		const id = newTicket(1);
		first = { id, ...(await callout(id)) };
		expect(first.status).toBe(200);
		expect(processorPorts()).toContain(first.processor);
		expect(sims.ilert.findAlertsByKey(`autotask-${id}`).map((a) => a.status)).toEqual(['PENDING']);

		const [execution] = await n8n.api.executions({ workflowId: T1 });
		expect(execution.status).toBe('success');
		expect(workerLogs()).toContain(`Worker finished execution ${execution.id} `);
	});

	test("the first callout's answer is the Respond to Webhook node's JSON", () => {
		// Issue 11: n8n 2.41 ended the response before Respond to Webhook answered while the trigger
		// wrote static data in webhook() ("Cannot set headers after they are sent" in the log).
		expect(first).toBeDefined();
		expect(first.text).not.toBe('');
		expect(JSON.parse(first.text)).toMatchObject({
			created: {
				eventType: 'ALERT',
				queued: true,
				ticketId: first.id,
				alertKey: `autotask-${first.id}`,
			},
		});
	});

	test('callouts are spread over both webhook processors, each answered with its own result', async () => {
		const ids = [newTicket(1), newTicket(5), newTicket(1), newTicket(5)];
		const answers = [];
		for (const id of ids) answers.push(await callout(id));
		expect(answers.map((a) => a.status)).toEqual([200, 400, 200, 400]);
		answers.forEach((a, i) =>
			expect(JSON.parse(a.text)).toMatchObject(
				i % 2
					? { rejected: { lifecycle: { action: 'reject', ticketId: ids[i] } } }
					: { created: { eventType: 'ALERT', ticketId: ids[i] } },
			),
		);
		expect(new Set(answers.map((a) => a.processor))).toEqual(new Set(processorPorts()));
		const runs = await n8n.api.executions({ workflowId: T1 });
		expect(runs).toHaveLength(executions);
		for (const run of runs) expect(workerLogs()).toContain(`Worker finished execution ${run.id} `);
	});

	test('main serves no production webhook (N8N_DISABLE_PRODUCTION_MAIN_PROCESS)', async () => {
		const id = newTicket(1);
		const answer = await post(`${n8n.url}/webhook/${calloutPath}`, `ticketId=${id}`);
		expect(answer.status).toBe(404);
		expect(await n8n.api.executions({ workflowId: T1 })).toHaveLength(executions);
		expect(sims.ilert.findAlertsByKey(`autotask-${id}`)).toEqual([]);
	});
});
