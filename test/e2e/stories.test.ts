/**
 * Ticket stories through the shipped templates in a real n8n, against the Autotask and ilert
 * simulators over real HTTP:
 * - template 1 (workflows/autotask-to-ilert.json): Extension Callouts with the URL secret (and Basic
 *   auth on top where the callout has it), answered through Respond to Webhook (400 for tickets ilert
 *   would reject); tickets are created when the story creates them and edited seconds apart;
 * - template 2 (workflows/two-way-sync.json): the REST webhook registered on publish, signed
 *   deliveries, and the ilert Trigger writing accept/resolve back to the ticket.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nInstance } from '../n8n';
import { postgresBinDir } from '../n8n/services';
import {
	basicAuth,
	CALLOUT_SECRETS,
	eventually,
	post,
	preparedTemplate,
	simulatorCredentials,
	sleep,
	startN8n,
	startSimulators,
} from './support';
import type { Simulators } from './support';

jest.setTimeout(600000);

const T1 = 'e2eTemplateOne01';
const T2 = 'e2eTemplateTwo01';
const CALLOUT_USER = CALLOUT_SECRETS.username;
const CALLOUT_PASSWORD = CALLOUT_SECRETS.password;

/** The template as a user would set it up; the sweep (its own test in convergence.test.ts) runs once a day here, as these stories count the executions each callout starts. */
function prepared(file: string, id: string, alertSourceId: number) {
	return preparedTemplate(file, id, alertSourceId, {
		sweepEvery: { field: 'hours', interval: 24 },
	});
}

/** Everything n8n stored, as bytes: its SQLite files, or in queue mode a plain dump of Postgres. */
function storedDatabase(n8n: N8nInstance): Buffer {
	if (n8n.mode === 'queue' && n8n.cluster) {
		const env = n8n.cluster.cliEnv;
		const bin = postgresBinDir();
		if (!bin) throw new Error('PostgreSQL binaries not found');
		const dump = spawnSync(
			path.join(bin, 'pg_dump'),
			[
				'-h',
				env.DB_POSTGRESDB_HOST,
				'-p',
				env.DB_POSTGRESDB_PORT,
				'-U',
				env.DB_POSTGRESDB_USER,
				env.DB_POSTGRESDB_DATABASE,
			].map(String),
			{ env: { ...process.env, PGPASSWORD: env.DB_POSTGRESDB_PASSWORD }, maxBuffer: 1 << 30 },
		);
		if (dump.status !== 0) throw new Error(`pg_dump failed: ${dump.stderr.toString()}`);
		return dump.stdout;
	}
	const dir = path.join(n8n.userFolder, '.n8n');
	const files = readdirSync(dir).filter((f) => /^database\.sqlite/.test(f));
	if (files.length === 0) throw new Error(`no SQLite database in ${dir}`);
	return Buffer.concat(files.map((f) => readFileSync(path.join(dir, f))));
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
		n8n = await startN8n({
			credentials: simulatorCredentials(sims),
			workflows: [t1, t2],
			publish: [T1, T2],
		});
		// As the README's Autotask steps say: the Production URL followed by ?secret=<URL Secret>.
		calloutUrl = `${n8n.webhookBase}/${webhookIdOf(t1, '.autotaskTrigger')}/webhook?secret=${CALLOUT_SECRETS.urlSecret}`;
		autotaskWebhookUrl = `${n8n.webhookBase}/${webhookIdOf(t2, '.autotaskTrigger')}/webhook`;
	});

	afterAll(async () => {
		await n8n?.stop();
		await sims?.close();
	});

	const alertsFor = (ticketId: number) => sims.ilert.findAlertsByKey(`autotask-${ticketId}`);
	const newTicket = (fields: Record<string, unknown>, fire: boolean) => {
		const res = sims.autotask.createTicket(
			{ companyID: 174, priority: 4, queueID: 8, title: 'Story ticket', ...fields },
			{ fire },
		);
		if (!res.id) throw new Error(`simulator refused the ticket: ${JSON.stringify(res.errors)}`);
		return res.id;
	};

	const errorText = (e: any) =>
		`${e?.message} | ${e?.description ?? ''} | ${JSON.stringify(e?.context ?? {}).slice(0, 300)}`;

	/** What went wrong in a workflow's executions, for failure messages. */
	async function diagnose(workflowId: string): Promise<string> {
		const list = await n8n.api.executions({ workflowId, includeData: true });
		return list
			.map((e) => {
				const rd = e.data?.resultData;
				const ran = Object.entries(rd?.runData ?? {})
					.map(
						([name, runs]) =>
							`${name}[${runs.map((r) => (r.data?.main ?? []).map((o) => (o ?? []).length).join('/')).join(',')}]${runs.some((r) => r.error) ? ` ERROR ${errorText(runs.find((r) => r.error)?.error)}` : ''}`,
					)
					.join(' -> ');
				return `#${e.id} ${e.status}: ${ran}${rd?.error ? ` | ${errorText(rd.error)}` : ''}`;
			})
			.join('\n');
	}

	/** A callout as Autotask sends it: the URL secret, and Basic only where the callout has a Username and Password. */
	async function callout(ticketId: number, auth = '', expectExecution = true, url = calloutUrl) {
		const answer = await post(url, `ticketId=${ticketId}`, auth ? { authorization: auth } : {});
		if (expectExecution) {
			t1Executions += 1;
			await n8n.api.waitForExecutions(T1, t1Executions);
		}
		if (answer.status >= 500) {
			throw new Error(
				`callout answered ${answer.status} ${JSON.stringify(answer.text)}\n${await diagnose(T1)}`,
			);
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
		const actionPosts = sims.ilert.requests.filter(
			(r) => r.method === 'POST' && /alert-actions/.test(r.path),
		);
		expect(actionPosts.length).toBeGreaterThanOrEqual(1);
	});

	test('template 1: callouts create, accept and resolve alerts; ilert-rejected statuses get 400; a wrong or missing secret gets 401', async () => {
		const newId = newTicket({ status: 1 }, false);
		const completeId = newTicket({ status: 5 }, false);
		const waitingId = newTicket({ status: 7 }, false);
		const customId = newTicket({ status: 10, priority: 3 }, false);

		// The first callout after n8n started gets the Respond to Webhook node's JSON, like every other.
		let a = await callout(newId);
		expect(a.status).toBe(200);
		expect(a.json).toMatchObject({
			created: { eventType: 'ALERT', queued: true, ticketId: newId, alertKey: `autotask-${newId}` },
		});
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

		// The URL secret with the right Basic credentials on top also works.
		a = await callout(customId, basicAuth(CALLOUT_USER, CALLOUT_PASSWORD));
		expect(a.status).toBe(200);
		// A wrong Basic password, no secret, or a wrong secret: 401, and no execution.
		const before = (await n8n.api.executions({ workflowId: T1 })).length;
		const bare = calloutUrl.replace(/\?secret=.*$/, '');
		a = await callout(newId, basicAuth(CALLOUT_USER, 'wrong-password-example'), false);
		expect(a.status).toBe(401);
		a = await callout(newId, '', false, bare);
		expect(a.status).toBe(401);
		a = await callout(newId, basicAuth(CALLOUT_USER, CALLOUT_PASSWORD), false, bare);
		expect(a.status).toBe(401);
		a = await callout(newId, '', false, `${bare}?secret=wrong-${CALLOUT_SECRETS.urlSecret}`);
		expect(a.status).toBe(401);
		await sleep(500);
		expect((await n8n.api.executions({ workflowId: T1 })).length).toBe(before);

		// Edited to In Progress: accepted.
		sims.autotask.updateTicket(newId, { status: 8 }, { fire: false });
		a = await callout(newId);
		expect(a.status).toBe(200);
		expect(alertsFor(newId).map((x) => x.status)).toEqual(['ACCEPTED']);

		// The same callout delivered again (Autotask re-sends, a rule fires twice): it runs again,
		// finds the alert accepted already and changes nothing in ilert.
		const eventsBefore = sims.ilert.requests.filter(
			(r) => r.method === 'POST' && r.path === '/api/events',
		).length;
		a = await callout(newId);
		expect(a.status).toBe(200);
		expect(JSON.parse(a.text)).toMatchObject({
			unchanged: { lifecycle: { action: 'unchanged', ticketId: newId } },
		});
		expect(
			sims.ilert.requests.filter((r) => r.method === 'POST' && r.path === '/api/events'),
		).toHaveLength(eventsBefore);
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

	test("template 1 at a user's pace: New, In Progress, Waiting Customer, Complete seconds apart end in one RESOLVED alert", async () => {
		// The ticket is created when the story creates it, and the callout for each edit follows it.
		const id = newTicket({ status: 1, title: 'Printer on fire' }, false);
		const steps: Array<[number | undefined, number, string, string]> = [
			[undefined, 200, 'created', 'PENDING'],
			[8, 200, 'accepted', 'ACCEPTED'], // In Progress, 3 s later: still within a minute of creation
			[7, 200, 'unchanged', 'ACCEPTED'], // Waiting Customer
			[5, 200, 'resolved', 'RESOLVED'], // Complete
		];
		for (const [status, code, result, alertStatus] of steps) {
			if (status !== undefined) {
				await sleep(3000);
				sims.autotask.updateTicket(id, { status }, { fire: false });
			}
			const answer = await callout(id);
			// The answer names its result as its only key (Respond to Webhook: First Incoming Item, Put Response in Field).
			expect({ status, code: answer.status, result: Object.keys(answer.json ?? {}) }).toEqual({
				status,
				code,
				result: [result],
			});
			expect(alertsFor(id).map((x) => x.status)).toEqual([alertStatus]);
		}
		// Autotask fires the last callout again: nothing changes.
		const again = await callout(id);
		expect(again.json).toMatchObject({
			unchanged: { lifecycle: { action: 'unchanged', ticketId: id } },
		});
		expect(alertsFor(id).map((x) => x.status)).toEqual(['RESOLVED']);
	});

	test('template 1: a ticket created in Complete is rejected (400), reopened as New it gets one PENDING alert', async () => {
		const id = newTicket({ status: 5, title: 'Closed on arrival' }, false);
		expect((await callout(id)).status).toBe(400);
		expect(alertsFor(id)).toEqual([]);
		await sleep(2000);
		sims.autotask.updateTicket(id, { status: 1 }, { fire: false });
		const reopened = await callout(id);
		expect(reopened.json).toMatchObject({
			created: { eventType: 'ALERT', queued: true, ticketId: id },
		});
		expect(alertsFor(id).map((x) => x.status)).toEqual(['PENDING']);
		expect((await callout(id)).json).toMatchObject({
			unchanged: { lifecycle: { action: 'unchanged', ticketId: id } },
		});
		expect(alertsFor(id)).toHaveLength(1);
	});

	test('template 1: callouts n8n does not parse itself (GET, no content type) are read; a binary body gets 415', async () => {
		const auth = basicAuth(CALLOUT_USER, CALLOUT_PASSWORD);
		const viaGet = newTicket({ status: 1, title: 'GET callout' }, false);
		const got = await fetch(`${calloutUrl}&TicketID=${viaGet}`, {
			headers: { authorization: auth },
		});
		expect(got.status).toBe(200);
		t1Executions += 1;
		await n8n.api.waitForExecutions(T1, t1Executions);
		expect(alertsFor(viaGet).map((x) => x.status)).toEqual(['PENDING']);

		const untyped = newTicket({ status: 1, title: 'No content type' }, false);
		const plain = await fetch(calloutUrl, {
			method: 'POST',
			headers: { authorization: auth, 'content-type': '' },
			body: `TicketID=${untyped}`,
		});
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

	test('template 1: no callout secret reaches what n8n stores (workflow, executions, history)', async () => {
		// The executions above ran with the URL secret and Basic credentials; search what n8n stored
		// for them in clear: the SQLite files (and write-ahead log), or in queue mode a dump of Postgres.
		const stored = storedDatabase(n8n);
		expect((await n8n.api.executions({ workflowId: T1 })).length).toBeGreaterThan(3);
		for (const secret of [
			CALLOUT_SECRETS.urlSecret,
			CALLOUT_SECRETS.password,
			encodeURIComponent(CALLOUT_SECRETS.urlSecret),
		]) {
			expect({ secret, found: stored.includes(Buffer.from(secret, 'utf8')) }).toEqual({
				secret,
				found: false,
			});
		}
		// The check can fail: a value that is stored in clear (the workflow's name) is found.
		expect(stored.includes(Buffer.from('Autotask to ilert', 'utf8'))).toBe(true);
	});

	test('template 2: signed REST webhook deliveries drive the lifecycle; forged signatures are refused', async () => {
		const id = newTicket({ status: 1, title: 'Webhook story' }, true);
		await t2Eventually(() => alertsFor(id).length === 1, `alert for ticket ${id}`);
		expect(alertsFor(id)[0].status).toBe('PENDING');

		sims.autotask.updateTicket(id, { status: 11 });
		await t2Eventually(
			() => alertsFor(id)[0].status === 'ACCEPTED',
			'alert accepted after Escalate',
		);

		// A forged delivery: signed with the wrong secret.
		const forged = JSON.stringify({
			Action: 'Update',
			Guid: 'example',
			EntityType: 'Ticket',
			Id: id,
			Fields: { status: '5' },
			EventTime: new Date().toISOString(),
			SequenceNumber: 999,
			PersonID: 29682886,
		});
		// T2 also runs for ilert's alert-action calls: count only runs the Autotask Trigger started.
		const autotaskRuns = async () =>
			(await n8n.api.executions({ workflowId: T2, includeData: true })).filter(
				(e) => e.data?.resultData.runData['Autotask Trigger'],
			).length;
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
		await t2Eventually(
			() => alertsFor(id)[0].status === 'RESOLVED',
			'alert resolved after Complete',
		);
		expect(alertsFor(id)).toHaveLength(1);
		await sims.autotask.waitForDeliveries();
		expect(
			sims.autotask.deliveries
				.filter((d) => d.ticketId === id && d.kind === 'webhook')
				.every((d) => d.ok),
		).toBe(true);
	});

	test('template 2: a responder accepting in ilert puts the ticket In Progress and assigns them; resolving completes it with a note', async () => {
		const id = newTicket({ status: 1, title: 'Two-way story', assignedResourceID: null }, true);
		const alert = await eventually(() => alertsFor(id)[0], `alert for ticket ${id}`);
		sims.ilert.acceptAlert(alert.id, { userEmail: 'jane.tech@example.com' });
		await eventually(() => sims.autotask.getTicket(id)?.status === 8, 'ticket In Progress');
		await eventually(
			() => sims.autotask.getTicket(id)?.assignedResourceID === 29682886,
			'ticket assigned to Jane Tech',
		);

		sims.ilert.resolveAlert(alert.id, { userEmail: 'jane.tech@example.com' });
		await eventually(() => sims.autotask.getTicket(id)?.status === 5, 'ticket Complete');
		await eventually(
			() => sims.autotask.state.notes.some((n) => n.ticketID === id),
			'resolution note',
		);
		const note = sims.autotask.state.notes.find((n) => n.ticketID === id)!;
		expect(note.description).toContain(`${alert.id}`);
		// Our own write-back is not echoed into a second alert (the API user is excluded from the webhook).
		await sleep(1000);
		expect(alertsFor(id)).toHaveLength(1);
	});

	test('template 2: an alert ilert resolves by itself (alert-auto-resolved) completes the ticket', async () => {
		const id = newTicket({ status: 1, title: 'Auto-resolved story' }, true);
		const alert = await t2Eventually(() => alertsFor(id)[0], `alert for ticket ${id}`);
		sims.ilert.autoResolveAlert(alert.id);
		await t2Eventually(
			() => sims.autotask.getTicket(id)?.status === 5,
			'ticket Complete after alert-auto-resolved',
		);
		await eventually(
			() => sims.autotask.state.notes.some((n) => n.ticketID === id),
			'resolution note',
		);
	});

	test("template 2: a Complete that overtakes the accept it caused stays Complete; the package's own accept changes nothing", async () => {
		const id = newTicket({ status: 1, title: 'Race story' }, true);
		await t2Eventually(() => alertsFor(id).length === 1, `alert for ticket ${id}`);
		// In Progress and Complete a moment apart: the Lifecycle accepts, then resolves; ilert reports
		// both back, and the accept may arrive after Complete was written.
		sims.autotask.updateTicket(id, { status: 8 });
		await sleep(300);
		sims.autotask.updateTicket(id, { status: 5 });
		await t2Eventually(() => alertsFor(id)[0]?.status === 'RESOLVED', 'alert resolved');
		await sims.autotask.waitForDeliveries();
		await sleep(3000);
		expect(sims.autotask.getTicket(id)?.status).toBe(5);
		expect(alertsFor(id)).toHaveLength(1);
		// The way back wrote nothing for this ticket: both reports were about moves the ticket had made.
		const patches = sims.autotask.requests.filter(
			(r) =>
				r.method === 'PATCH' &&
				/\/Tickets$/i.test(r.path) &&
				JSON.stringify(r.body ?? '').includes(`${id}`),
		);
		expect(patches).toEqual([]);
	});

	test('unpublishing template 2 removes the Autotask webhook', async () => {
		const hookId = sims.autotask.state.webhooks[0].id;
		await n8n.api.unpublish(T2);
		await eventually(
			() =>
				sims.autotask.requests.some((r) => r.method === 'DELETE' && r.path.includes(`${hookId}`)),
			'DELETE of the Autotask webhook',
		);
		await eventually(
			() => !sims.autotask.state.webhooks.some((w) => w.id === hookId),
			'webhook gone',
		);
	});
});
