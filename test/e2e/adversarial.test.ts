/**
 * Adversarial requests against a real n8n with the package (issue 14.6), through the shipped
 * templates and the simulators:
 * - signed REST webhooks changed by one byte -> 401, no run, no alert;
 * - deep JSON and prototype keys -> a defined answer (400 / cleaned output), no broken execution,
 *   n8n's executions API keeps answering;
 * - concurrent large XML callouts, XML with a DTD or entities -> a defined answer, n8n keeps
 *   answering XML, JSON and form afterwards (except the n8n limit documented in the README);
 * - ilert alert-action deliveries with a wrong secret -> 401, no run, no ticket written.
 * Every case checks the status, that nothing ran or was written, and that n8n stays healthy.
 * Figures (requests sent, answers by status) are printed at the end.
 */
import type { N8nExecution, N8nInstance } from '../n8n';
import { dotnetJson } from '../simulators';
import {
	CALLOUT_SECRETS,
	eventually,
	preparedTemplate,
	simulatorCredentials,
	sleep,
	startN8n,
	startSimulators,
} from './support';
import type { Simulators } from './support';

jest.setTimeout(600000);

const T1 = 'e2eAdversarial01';
const T2 = 'e2eAdversarial02';
// Callouts as the README's steps set them up, plus the optional Basic factor on top.
const AUTH = `Basic ${Buffer.from(`${CALLOUT_SECRETS.username}:${CALLOUT_SECRETS.password}`).toString('base64')}`;
const ANSWER_TIMEOUT_MS = 60000;

/** No sweep during these cases: every execution counted here is one a request started. */
function prepared(file: string, id: string, alertSourceId: number) {
	return preparedTemplate(file, id, alertSourceId, {
		sweepEvery: { field: 'hours', interval: 24 },
	});
}

const webhookIdOf = (wf: Record<string, any>, type: string): string =>
	wf.nodes.find((n: any) => n.type.endsWith(type)).webhookId;

/** What was sent and what came back, for the figures. */
const tally = {
	sent: 0,
	byStatus: new Map<string, number>(),
	byCase: new Map<string, Map<string, number>>(),
};

type Answer = { status: number | 'no answer'; text: string };

async function send(
	kind: string,
	url: string,
	init: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
	timeoutMs = ANSWER_TIMEOUT_MS,
): Promise<Answer> {
	tally.sent++;
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	let answer: Answer;
	try {
		const res = await fetch(url, {
			method: init.method ?? 'POST',
			headers: init.headers,
			body: init.body,
			signal: controller.signal,
		});
		answer = { status: res.status, text: await res.text() };
	} catch {
		answer = { status: 'no answer', text: '' };
	} finally {
		clearTimeout(timer);
	}
	const key = String(answer.status);
	tally.byStatus.set(key, (tally.byStatus.get(key) ?? 0) + 1);
	const perCase = tally.byCase.get(kind) ?? new Map<string, number>();
	perCase.set(key, (perCase.get(key) ?? 0) + 1);
	tally.byCase.set(kind, perCase);
	return answer;
}

describe('adversarial requests against a real n8n', () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let calloutUrl: string;
	let autotaskWebhookUrl: string;

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
		calloutUrl = `${n8n.webhookBase}/${webhookIdOf(t1, '.autotaskTrigger')}/webhook?secret=${CALLOUT_SECRETS.urlSecret}`;
		autotaskWebhookUrl = `${n8n.webhookBase}/${webhookIdOf(t2, '.autotaskTrigger')}/webhook`;
	});

	afterAll(async () => {
		const cases = [...tally.byCase.entries()].map(
			([k, m]) => `${k}: ${[...m.entries()].map(([s, n]) => `${s}×${n}`).join(' ')}`,
		);
		console.log(
			`[adversarial] requests sent: ${tally.sent}; answers by status: ${[...tally.byStatus.entries()].map(([s, n]) => `${s}×${n}`).join(', ')}\n  ${cases.join('\n  ')}`,
		);
		await n8n?.stop();
		await sims?.close();
	});

	const newTicket = (fields: Record<string, unknown>) => {
		const res = sims.autotask.createTicket(
			{ companyID: 174, priority: 4, queueID: 8, title: 'Adversarial ticket', ...fields },
			{ fire: false },
		);
		if (!res.id) throw new Error(`simulator refused the ticket: ${JSON.stringify(res.errors)}`);
		return res.id;
	};
	const alertsFor = (ticketId: number) => sims.ilert.findAlertsByKey(`autotask-${ticketId}`);
	const t1Runs = async () => await n8n.api.executions({ workflowId: T1 });
	/** T2 runs started by one of its triggers (T2 has two). */
	const t2RunsOf = async (trigger: 'Autotask Trigger' | 'ilert Trigger') =>
		(await n8n.api.executions({ workflowId: T2, includeData: true })).filter(
			(e) => e.data?.resultData.runData[trigger],
		).length;
	/** T2's run count once every run it has started is finished (in queue mode a worker may still be on one). */
	const settledT2RunsOf = async (trigger: 'Autotask Trigger' | 'ilert Trigger') => {
		await eventually(
			async () =>
				(await n8n.api.executions({ workflowId: T2 })).every(
					(e) => e.finished || ['success', 'error', 'crashed', 'canceled'].includes(e.status),
				),
			'template 2 runs finished',
		);
		return await t2RunsOf(trigger);
	};
	const calloutHeaders = (type: string) => ({ authorization: AUTH, 'content-type': type });

	/** n8n answers its health check and its executions API, with data, for every run so far. */
	async function expectHealthy() {
		const health = await fetch(`${n8n.url}/healthz`);
		expect(health.status).toBe(200);
		for (const workflowId of [T1, T2]) {
			const runs = await n8n.api.executions({ workflowId, includeData: true });
			expect(Array.isArray(runs)).toBe(true);
			for (const run of runs.slice(0, 20)) {
				const one: N8nExecution = await n8n.api.execution(run.id, true);
				expect(String(one.id)).toBe(String(run.id));
			}
		}
	}

	/** Valid callouts in all three formats are still answered and run (each for a new ticket). */
	async function expectCalloutsStillWork(formats: Array<'xml' | 'json' | 'form'>) {
		for (const format of formats) {
			const id = newTicket({ status: 1, title: `Still works (${format})` });
			const before = (await t1Runs()).length;
			const [type, body] =
				format === 'xml'
					? ['application/xml', `<?xml version="1.0"?><Ticket><TicketID>${id}</TicketID></Ticket>`]
					: format === 'json'
						? ['application/json', JSON.stringify({ TicketID: id })]
						: ['application/x-www-form-urlencoded', `TicketID=${id}`];
			const answer = await send(
				`after: valid ${format}`,
				calloutUrl,
				{ headers: calloutHeaders(type), body },
				30000,
			);
			expect([format, answer.status]).toEqual([format, 200]);
			await n8n.api.waitForExecutions(T1, before + 1);
			expect(alertsFor(id)).toHaveLength(1);
		}
	}

	describe('REST webhook signatures bind the exact bytes', () => {
		let secret: string;
		const envelope = (id: number, o: Record<string, unknown> = {}) => ({
			Action: 'Create',
			Guid: 'e2e-adversarial',
			EntityType: 'Ticket',
			Id: id,
			Fields: { Status: '1', Title: 'Café & <Bar> + "q"' },
			EventTime: new Date().toISOString(),
			SequenceNumber: 1,
			PersonID: 29682886,
			...o,
		});

		beforeAll(() => {
			const hook = sims.autotask.state.webhooks.find((w) => w.isActive);
			expect(hook?.secretKey).toEqual(expect.any(String));
			secret = hook!.secretKey as string;
		});

		test('one-byte changes to a signed body get 401; nothing runs, no alert', async () => {
			const id = newTicket({ status: 1, title: 'Signed, then changed' });
			const body = JSON.stringify(envelope(id));
			const signature = sims.autotask.signBody(secret, body);
			// 401 from the trigger; a body that is no longer JSON is refused by n8n's own JSON parser
			// (422) before the trigger runs.
			const changes: Array<[string, string, number]> = [
				['trailing space', `${body} `, 401],
				['trailing newline', `${body}\n`, 401],
				['leading space', ` ${body}`, 401],
				['space after a colon', body.replace('":', '": '), 401],
				[
					'reordered keys',
					JSON.stringify({ Id: id, ...(JSON.parse(body) as Record<string, unknown>) }),
					401,
				],
				['changed value', body.replace('"Status":"1"', '"Status":"5"'), 401],
				['changed id', body.replace(`"Id":${id}`, `"Id":${id + 1}`), 401],
				['one letter removed from the title', body.replace('Bar', 'Ba'), 401],
				[
					'"&" spelled as \\u0026 and one letter changed',
					body.replace('&', '\\u0026').replace('Bar', 'Baz'),
					401,
				],
				['last byte removed', body.slice(0, -1), 422],
			];
			const before = await settledT2RunsOf('Autotask Trigger');
			for (const [name, changed, expected] of changes) {
				expect(changed).not.toBe(body);
				const answer = await send(`webhook: ${name}`, autotaskWebhookUrl, {
					headers: { 'content-type': 'application/json', 'x-hook-signature': signature },
					body: changed,
				});
				expect([name, answer.status]).toEqual([name, expected]);
			}
			await sleep(1000);
			expect(await t2RunsOf('Autotask Trigger')).toBe(before);
			expect(alertsFor(id)).toEqual([]);
			expect(alertsFor(id + 1)).toEqual([]);
			await expectHealthy();
		});

		test('the exact bytes are accepted, signed raw or in the .NET-escaped form (the same test would see a run)', async () => {
			const raw = newTicket({ status: 1, title: 'Signed raw' });
			const rawBody = JSON.stringify(envelope(raw));
			const a = await send('webhook: exact bytes (raw)', autotaskWebhookUrl, {
				headers: {
					'content-type': 'application/json',
					'x-hook-signature': sims.autotask.signBody(secret, rawBody),
				},
				body: rawBody,
			});
			expect(a.status).toBe(200);
			const escaped = newTicket({ status: 1, title: 'Signed escaped' });
			const plain = JSON.stringify(envelope(escaped));
			const b = await send('webhook: exact bytes (.NET-escaped signature)', autotaskWebhookUrl, {
				headers: {
					'content-type': 'application/json',
					'x-hook-signature': sims.autotask.signBody(secret, dotnetJson(JSON.parse(plain))),
				},
				body: plain,
			});
			expect(b.status).toBe(200);
			await eventually(
				() => alertsFor(raw).length === 1 && alertsFor(escaped).length === 1,
				'alerts for both signed deliveries',
			);
		});

		test('a replayed signed delivery runs again with the ticket as it is now and changes nothing (no memory to lose on a restart)', async () => {
			const id = newTicket({ status: 1, title: 'Replayed' });
			const body = JSON.stringify(envelope(id));
			const signature = sims.autotask.signBody(secret, body);
			const first = await send('webhook: original delivery', autotaskWebhookUrl, {
				headers: { 'content-type': 'application/json', 'x-hook-signature': signature },
				body,
			});
			expect(first.status).toBe(200);
			await eventually(() => alertsFor(id).length === 1, 'alert for the original delivery');
			const events = () =>
				sims.ilert.requests.filter((r) => r.method === 'POST' && r.path === '/api/events').length;
			await sleep(1000);
			const eventsBefore = events();
			const runsBefore = await settledT2RunsOf('Autotask Trigger');
			// The trigger keeps nothing between requests, so a replay after a restart or on another
			// process is this same request: it runs, reads the ticket, and the Lifecycle finds nothing to do.
			for (let i = 0; i < 3; i++) {
				const replay = await send('webhook: replayed delivery', autotaskWebhookUrl, {
					headers: { 'content-type': 'application/json', 'x-hook-signature': signature },
					body,
				});
				expect(replay.status).toBe(200);
			}
			await eventually(
				async () => (await t2RunsOf('Autotask Trigger')) === runsBefore + 3,
				'three replay runs',
			);
			await sleep(1000);
			expect(events()).toBe(eventsBefore);
			expect(alertsFor(id).map((a) => a.status)).toEqual(['PENDING']);
		});

		test('a signed body nested 30,000 deep gets 400; nothing runs', async () => {
			const id = newTicket({ status: 1 });
			const body = `{"Action":"Create","EntityType":"Ticket","Id":${id},"Deep":${'['.repeat(30000)}${']'.repeat(30000)}}`;
			const before = await settledT2RunsOf('Autotask Trigger');
			const answer = await send('webhook: deep JSON (signed)', autotaskWebhookUrl, {
				headers: {
					'content-type': 'application/json',
					'x-hook-signature': sims.autotask.signBody(secret, body),
				},
				body,
			});
			expect(answer.status).toBe(400);
			expect(answer.text).toMatch(/nested deeper than 32 levels/);
			await sleep(500);
			expect(await t2RunsOf('Autotask Trigger')).toBe(before);
			expect(alertsFor(id)).toEqual([]);
		});
	});

	describe('deep JSON and prototype keys in callouts', () => {
		test('deep JSON next to a valid TicketID gets 400 (or 413 over Max Body Size); nothing runs; the executions API answers', async () => {
			const id = newTicket({ status: 1, title: 'Deep JSON' });
			const before = (await t1Runs()).length;
			const deep = (levels: number) =>
				`{"TicketID":${id},"x":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
			const a = await send('callout: JSON 100,000 levels', calloutUrl, {
				headers: calloutHeaders('application/json'),
				body: deep(100000),
			});
			expect(a.status).toBe(413); // 600 KB: over the trigger's Max Body Size (256 KB), refused before parsing
			const b = await send('callout: JSON 30,000 levels', calloutUrl, {
				headers: calloutHeaders('application/json'),
				body: deep(30000),
			});
			expect(b.status).toBe(400);
			expect(b.text).toMatch(/nested deeper than 32 levels/);
			const c = await send('callout: JSON 40 levels', calloutUrl, {
				headers: calloutHeaders('application/json'),
				body: deep(40),
			});
			expect(c.status).toBe(400);
			const d = await send('callout: JSON 30,000 levels as text/plain', calloutUrl, {
				headers: calloutHeaders('text/plain'),
				body: deep(30000),
			});
			expect(d.status).toBe(400);
			await sleep(500);
			expect((await t1Runs()).length).toBe(before);
			expect(alertsFor(id)).toEqual([]);
			await expectHealthy();
		});

		test('prototype keys are dropped from the trigger output; the run succeeds and its data can be read', async () => {
			const jsonId = newTicket({ status: 1, title: 'Prototype keys (JSON)' });
			const formId = newTicket({ status: 1, title: 'Prototype keys (form)' });
			const before = (await t1Runs()).length;
			const json = `{"TicketID":${jsonId},"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"note":{"prototype":1,"kept":2}}`;
			const a = await send('callout: prototype keys (JSON)', calloutUrl, {
				headers: calloutHeaders('application/json'),
				body: json,
			});
			expect(a.status).toBe(200);
			const b = await send('callout: prototype keys (form)', calloutUrl, {
				headers: calloutHeaders('application/x-www-form-urlencoded'),
				body: `__proto__=x&TicketID=${formId}&constructor=y&prototype=z&__proto__=w`,
			});
			expect(b.status).toBe(200);
			const runs = await n8n.api.waitForExecutions(T1, before + 2, { includeData: true });
			const raws = runs
				.map((r) => r.data?.resultData.runData['Autotask Trigger']?.[0]?.data?.main[0]?.[0]?.json)
				.filter((j) => j && [jsonId, formId].includes(j.ticket?.id))
				.map((j) => j!.raw);
			expect(raws).toEqual(
				expect.arrayContaining([
					{ TicketID: jsonId, note: { kept: 2 } },
					{ TicketID: String(formId) },
				]),
			);
			expect(raws).toHaveLength(2);
			for (const raw of raws)
				expect(JSON.stringify(raw)).not.toMatch(/__proto__|constructor|prototype|polluted/);
			expect(runs.filter((r) => r.status !== 'success')).toEqual([]);
			expect(alertsFor(jsonId)).toHaveLength(1);
			expect(alertsFor(formId)).toHaveLength(1);
			await expectHealthy();
		});
	});

	describe('ilert alert-action deliveries that are not genuine', () => {
		test('get 401, start nothing and write no ticket; the right secret would have written it', async () => {
			const id = newTicket({ status: 1, title: 'Forged ilert delivery' });
			const created = await send('callout: setup for ilert deliveries', calloutUrl, {
				headers: calloutHeaders('application/x-www-form-urlencoded'),
				body: `TicketID=${id}`,
			});
			expect(created.status).toBe(200);
			const alert = await eventually(() => alertsFor(id)[0], `alert for ticket ${id}`);
			const actions = (
				sims.ilert.state as {
					actions: Array<{
						params: { webhookUrl: string; headers: Array<{ key: string; value: string }> };
					}>;
				}
			).actions;
			expect(actions).toHaveLength(1);
			const { webhookUrl, headers } = actions[0].params;
			const [{ key: secretHeader, value: secret }] = headers;
			const body = JSON.stringify({
				id: String(alert.id),
				status: 'RESOLVED',
				eventType: 'alert-resolved',
				summary: alert.summary,
				alertKey: `autotask-${id}`,
				alertSource: { id: sims.ilert.credentials.alertSourceId, name: 'Autotask' },
				priority: 'HIGH',
				reportTime: new Date().toISOString(),
				assignedTo: null,
			});
			const wrong: Array<[string, Record<string, string>]> = [
				['no secret', {}],
				['wrong secret', { [secretHeader]: 'example-wrong-secret' }],
				[
					'secret with one character changed',
					{ [secretHeader]: secret.slice(0, -1) + (secret.endsWith('0') ? '1' : '0') },
				],
				['secret upper-cased', { [secretHeader]: secret.toUpperCase() }],
				// (Trailing spaces are not a different secret: HTTP strips them from header values.)
				['secret with one character more', { [secretHeader]: `${secret}0` }],
				['secret prefix', { [secretHeader]: secret.slice(0, 16) }],
				['secret in the query string', {}],
			];
			const before = await settledT2RunsOf('ilert Trigger');
			for (const [name, extra] of wrong) {
				const url =
					name === 'secret in the query string' ? `${webhookUrl}?secret=${secret}` : webhookUrl;
				const answer = await send(`ilert: ${name}`, url, {
					headers: { 'content-type': 'application/json', ...extra },
					body,
				});
				expect([name, answer.status]).toEqual([name, 401]);
			}
			await sleep(1000);
			expect(await t2RunsOf('ilert Trigger')).toBe(before);
			expect(sims.autotask.getTicket(id)?.status).toBe(1);
			expect(sims.autotask.state.notes.filter((n) => n.ticketID === id)).toEqual([]);
			await expectHealthy();

			// The right secret is not enough either: the trigger asks ilert, and ilert says the alert is
			// still open, so a "resolved" delivery is not believed (409) and nothing is written.
			const right = await send('ilert: right secret, alert still open in ilert', webhookUrl, {
				headers: { 'content-type': 'application/json', [secretHeader]: secret },
				body,
			});
			expect(right.status).toBe(409);
			await sleep(500);
			expect(sims.autotask.getTicket(id)?.status).toBe(1);
			// Control: resolving the alert in ilert sends the genuine delivery, which completes the ticket.
			sims.ilert.resolveAlert(alert.id);
			await eventually(
				() => sims.autotask.getTicket(id)?.status === 5,
				'ticket completed by the genuine delivery',
			);
		});
		test('a forged alert key or an unknown alert id changes no ticket, even with the right secret', async () => {
			const victim = newTicket({ status: 1, title: 'Victim of a forged alert key' });
			const actions = (
				sims.ilert.state as {
					actions: Array<{
						params: { webhookUrl: string; headers: Array<{ key: string; value: string }> };
					}>;
				}
			).actions;
			const { webhookUrl, headers } = actions[0].params;
			const [{ key: secretHeader, value: secret }] = headers;
			// Someone with another source's integration key raises an alert with the victim's key and resolves it.
			const forged = sims.ilert.createAlert({
				summary: 'forged',
				alertKey: `autotask-${victim}`,
				alertSourceId: 1002,
			});
			const deliver = async (
				name: string,
				alertId: number | string,
				alertKey: string,
				sourceId: number,
			) =>
				await send(name, webhookUrl, {
					headers: { 'content-type': 'application/json', [secretHeader]: secret },
					body: JSON.stringify({
						id: String(alertId),
						status: 'RESOLVED',
						eventType: 'alert-resolved',
						summary: 'forged',
						alertKey,
						alertSource: { id: sourceId, name: 'Other' },
						priority: 'HIGH',
						reportTime: new Date().toISOString(),
						assignedTo: null,
					}),
				});
			sims.ilert.resolveAlert(forged.id);
			const before = await settledT2RunsOf('ilert Trigger');
			expect(
				(await deliver('ilert: alert of another source', forged.id, `autotask-${victim}`, 1002))
					.status,
			).toBe(403);
			expect(
				(
					await deliver(
						'ilert: unknown alert id',
						987654321,
						`autotask-${victim}`,
						sims.ilert.credentials.alertSourceId,
					)
				).status,
			).toBe(404);
			expect(
				(
					await deliver(
						'ilert: unsafe ticket id in the key',
						forged.id,
						'AUTOTASK-99999999999999999999',
						1002,
					)
				).status,
			).toBeGreaterThanOrEqual(400);
			await sleep(1000);
			// No run for any of them (other runs of template 2 may still come in from earlier cases).
			const forgedRuns = (await n8n.api.executions({ workflowId: T2, includeData: true })).filter(
				(e) =>
					(e.data?.resultData.runData['ilert Trigger'] ?? []).some((run) =>
						(run.data?.main?.[0] ?? []).some(
							(item) => item.json.ticketId === victim || item.json.alert?.id === forged.id,
						),
					),
			);
			expect(forgedRuns).toEqual([]);
			expect(await t2RunsOf('ilert Trigger')).toBeGreaterThanOrEqual(before);
			expect(sims.autotask.getTicket(victim)?.status).toBe(1);
			expect(sims.autotask.state.notes.filter((n) => n.ticketID === victim)).toEqual([]);
			await expectHealthy();
		});
	});

	describe('XML callouts', () => {
		test('8 concurrent 150 KB XML callouts each get a defined answer; nothing breaks; XML, JSON and form still work', async () => {
			const ids = Array.from({ length: 8 }, (_, i) =>
				newTicket({ status: 1, title: `Large XML ${i}` }),
			);
			const before = (await t1Runs()).length;
			const padding = 'x'.repeat(150 * 1024);
			const answers = await Promise.all(
				ids.map(async (id, i) => {
					await sleep(i * 5);
					return await send('callout: 150 KB XML, 8 concurrent', calloutUrl, {
						headers: calloutHeaders('application/xml'),
						body: `<?xml version="1.0"?><Ticket><TicketID>${id}</TicketID><Description>${padding}</Description></Ticket>`,
					});
				}),
			);
			// 200: the run answered; 422: n8n's shared XML parser mixed the concurrent bodies and refused them.
			for (const a of answers) expect([200, 422]).toContain(a.status);
			const ok = answers.filter((a) => a.status === 200).length;
			console.log(
				`[adversarial] 8 concurrent 150 KB XML callouts: ${answers.map((a) => a.status).join(', ')}`,
			);
			await sleep(1000);
			const runs = await n8n.api.waitForExecutions(T1, before + ok);
			expect(runs.length - before).toBe(ok);
			expect(runs.filter((r) => r.status !== 'success')).toEqual([]);
			ids.forEach((id, i) => expect(alertsFor(id)).toHaveLength(answers[i].status === 200 ? 1 : 0));
			await expectCalloutsStillWork(['xml', 'json', 'form']);
			await expectHealthy();
		});

		test('XML with a DTD or entities gets 400 (or 422 from n8n’s parser); nothing runs; XML, JSON and form still work', async () => {
			const id = newTicket({ status: 1, title: 'XML with DTD' });
			const before = (await t1Runs()).length;
			const doctypeOnly = `<?xml version="1.0"?><!DOCTYPE Ticket [<!ELEMENT Ticket ANY>]><Ticket><TicketID>${id}</TicketID></Ticket>`;
			const external = `<?xml version="1.0"?><!DOCTYPE Ticket SYSTEM "http://127.0.0.1:9/evil.dtd"><Ticket><TicketID>${id}</TicketID></Ticket>`;
			const entities = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r><TicketID>${id}</TicketID><x>${'&b;'.repeat(1000)}</x></r>`;
			const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><TicketID>${id}</TicketID><x>&x;</x></r>`;
			// n8n parses application/xml itself before the node runs; a DTD without entity references
			// gets through its parser and the trigger refuses it.
			for (const [name, body] of [
				['DOCTYPE only', doctypeOnly],
				['external DTD', external],
			]) {
				const a = await send(`callout: XML ${name}`, calloutUrl, {
					headers: calloutHeaders('application/xml'),
					body,
				});
				expect([name, a.status]).toEqual([name, 400]);
				expect(a.text).toMatch(/document type declaration.*Name Value Pair/);
			}
			// Entity references: n8n's parser (sax, strict) refuses undeclared entities with 422 — until
			// one body has made its shared parser stop reporting errors (README, known limits); from then
			// on these bodies reach the trigger, which refuses the DTD with 400.
			for (const [name, body] of [
				['entity expansion', entities],
				['external entity', xxe],
			]) {
				const a = await send(`callout: XML ${name}`, calloutUrl, {
					headers: calloutHeaders('application/xml'),
					body,
				});
				expect([
					name,
					a.status === 422 || (a.status === 400 && /document type declaration/.test(a.text)),
				]).toEqual([name, true]);
			}
			// Where n8n leaves the body to the node (text/plain), the trigger refuses every DTD itself.
			for (const [name, body] of [
				['DOCTYPE only', doctypeOnly],
				['entity expansion', entities],
				['external entity', xxe],
			]) {
				const a = await send(`callout: XML ${name} as text/plain`, calloutUrl, {
					headers: calloutHeaders('text/plain'),
					body,
				});
				expect([name, a.status]).toEqual([name, 400]);
				expect(a.text).toMatch(/document type declaration/);
			}
			await sleep(500);
			expect((await t1Runs()).length).toBe(before);
			expect(alertsFor(id)).toEqual([]);
			await expectCalloutsStillWork(['xml', 'json', 'form']);
			await expectHealthy();
		});

		test('concurrent XML with 10,000 entity references: defined answers; JSON and form keep working (XML: n8n limit, see README)', async () => {
			const id = newTicket({ status: 1, title: 'Entity flood' });
			const before = (await t1Runs()).length;
			const body = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r><TicketID>${id}</TicketID><x>${'&a;'.repeat(10000)}</x></r>`;
			const answers = await Promise.all(
				Array.from({ length: 5 }, async (_, i) => {
					await sleep(i * 5);
					return await send(
						'callout: XML 10,000 entity refs, 5 concurrent',
						calloutUrl,
						{ headers: calloutHeaders('application/xml'), body },
						15000,
					);
				}),
			);
			console.log(
				`[adversarial] 5 concurrent XML bodies with 10,000 entity references: ${answers.map((a) => a.status).join(', ')}`,
			);
			for (const a of answers) expect([400, 422, 'no answer']).toContain(a.status);
			await sleep(500);
			expect((await t1Runs()).length).toBe(before);
			expect(alertsFor(id)).toEqual([]);
			await expectCalloutsStillWork(['json', 'form']);
			await expectHealthy();
			// n8n 2.41 parses XML with one shared xml2js parser; after interleaved parse errors it can
			// stop answering XML until restarted (README, known limits). Recorded, not asserted:
			// whether the wedge happens depends on how the requests interleave inside n8n.
			const xmlId = newTicket({ status: 1, title: 'XML after the flood' });
			const xml = await send(
				'after: valid xml after the entity flood',
				calloutUrl,
				{
					headers: calloutHeaders('application/xml'),
					body: `<Ticket><TicketID>${xmlId}</TicketID></Ticket>`,
				},
				10000,
			);
			console.log(`[adversarial] a valid XML callout after the flood: ${xml.status}`);
			expect([200, 'no answer']).toContain(xml.status);
			// Form (Name Value Pair) is unaffected either way.
			await expectCalloutsStillWork(['form']);
		});
	});
});
