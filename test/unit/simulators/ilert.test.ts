import { startIlertSimulator, type IlertSimulator } from '../../simulators';
import { call, startReceiver, type Receiver } from './receiver';

const KEY = 'il1apiexamplekeyxxxx0001';
const KEY2 = 'il1apiexamplekeyxxxx0002';
const BEARER = { Authorization: 'Bearer il-api-key-example-xxxx' };

describe('ilert simulator', () => {
	let sim: IlertSimulator;
	let rx: Receiver;
	const event = (body: Record<string, unknown>) =>
		call(`${sim.apiUrl}/events`, 'POST', { integrationKey: KEY, ...body });
	const rest = (
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = BEARER,
	) => call(`${sim.apiUrl}${path}`, method, body, headers);

	beforeAll(async () => {
		sim = await startIlertSimulator();
		rx = await startReceiver();
	});
	afterAll(async () => {
		await sim.close();
		await rx.close();
	});
	beforeEach(() => {
		sim.reset();
		rx.received.length = 0;
		rx.status = 200;
		rx.statuses = [];
	});

	describe('events API', () => {
		it('appends ALERT events to the open alert of the same source (key trimmed, case-insensitive)', async () => {
			expect(
				(await event({ eventType: 'ALERT', alertKey: 'autotask-10001', summary: 'first' })).status,
			).toBe(202);
			expect(
				(await event({ eventType: 'ALERT', alertKey: '  AUTOTASK-10001 ', summary: 'second' }))
					.status,
			).toBe(202);
			expect(
				(
					await event({
						integrationKey: KEY2,
						eventType: 'ALERT',
						alertKey: 'autotask-10001',
						summary: 'other source',
					})
				).status,
			).toBe(202);
			const alerts = sim.findAlertsByKey('autotask-10001');
			expect(alerts).toHaveLength(2);
			const mine = alerts.find((a) => a.alertSource!.id === 1001)!;
			expect(mine.summary).toBe('first');
			expect(mine.log!.map((l) => l.text)).toEqual(['first', 'Event appended: second']);
		});

		it('appends to an ACCEPTED alert, accepts and resolves by key; a resolved alert never reopens', async () => {
			await event({ eventType: 'ALERT', alertKey: 'autotask-1', summary: 's' });
			await event({ eventType: 'ACCEPT', alertKey: 'autotask-1', summary: 'accepted' });
			await event({ eventType: 'ALERT', alertKey: 'autotask-1', summary: 'update' });
			expect(sim.alerts().map((a) => a.status)).toEqual(['ACCEPTED']);
			await event({ eventType: 'RESOLVE', alertKey: 'autotask-1', summary: 'done' });
			expect(sim.alerts()[0].status).toBe('RESOLVED');
			expect(sim.alerts()[0].resolvedOn).toEqual(expect.any(String));
			const late = await event({ eventType: 'ACCEPT', alertKey: 'autotask-1', summary: 'late' });
			expect(late.status).toBe(400);
			expect(late.body.code).toBe('NO_OPEN_ALERT_WITH_KEY');
			await event({ eventType: 'ALERT', alertKey: 'autotask-1', summary: 'again' });
			const all = sim.alerts();
			expect(all.map((a) => a.status)).toEqual(['RESOLVED', 'PENDING']);
			expect(all[1].id).not.toBe(all[0].id);
		});

		it('answers ACCEPT/RESOLVE without an open alert with 400 {status, message, code: NO_OPEN_ALERT_WITH_KEY}', async () => {
			for (const eventType of ['ACCEPT', 'RESOLVE']) {
				const r = await event({ eventType, alertKey: 'autotask-404', summary: 'x' });
				expect(r.status).toBe(400);
				expect(r.body).toEqual({
					status: 400,
					message: expect.stringContaining('autotask-404'),
					code: 'NO_OPEN_ALERT_WITH_KEY',
				});
			}
			// a key of another source's open alert is no open alert of this source
			await event({
				integrationKey: KEY2,
				eventType: 'ALERT',
				alertKey: 'autotask-7',
				summary: 's',
			});
			expect(
				(await event({ eventType: 'RESOLVE', alertKey: 'autotask-7', summary: 'x' })).body.code,
			).toBe('NO_OPEN_ALERT_WITH_KEY');
			// without alertKey there is no open alert either
			expect((await event({ eventType: 'ACCEPT', summary: 'x' })).status).toBe(400);
			// COMMENT: no evidence, dropped with 202 unless configured
			expect(
				(await event({ eventType: 'COMMENT', alertKey: 'autotask-404', summary: 'x' })).status,
			).toBe(202);
			sim.setOptions({ noOpenAlertEventTypes: ['ACCEPT', 'RESOLVE', 'COMMENT'] });
			expect(
				(await event({ eventType: 'COMMENT', alertKey: 'autotask-404', summary: 'x' })).status,
			).toBe(400);
			sim.setOptions({ noOpenAlertStatus: 202 });
			expect(
				(await event({ eventType: 'ACCEPT', alertKey: 'autotask-404', summary: 'x' })).status,
			).toBe(202);
			expect(sim.alerts().map((a) => a.alertKey)).toEqual(['autotask-7']);
			const legacy = await startIlertSimulator({ legacyNoOpenAlert400: false });
			try {
				expect(legacy.options.noOpenAlertStatus).toBe(202);
			} finally {
				await legacy.close();
			}
		});

		it('validates events', async () => {
			const missingSummary = await event({ eventType: 'ALERT', alertKey: 'k' });
			expect(missingSummary.status).toBe(400);
			expect(missingSummary.body).toMatchObject({
				status: 400,
				code: expect.any(String),
				message: expect.stringMatching(/summary/),
			});
			expect((await event({ eventType: 'OPEN', summary: 's' })).status).toBe(400);
			expect((await event({ eventType: 'ALERT', summary: 's', priority: 'URGENT' })).status).toBe(
				400,
			);
			expect((await event({ eventType: 'ALERT', summary: 's', severity: 'SEV1' })).status).toBe(
				400,
			);
			expect(
				(
					await call(`${sim.apiUrl}/events`, 'POST', {
						integrationKey: 'il1apiunknownxxxx',
						eventType: 'ALERT',
						summary: 's',
					})
				).status,
			).toBe(404);
			const legacyAlias = await call(`${sim.apiUrl}/events`, 'POST', {
				apiKey: KEY,
				eventType: 'ALERT',
				summary: 'via apiKey',
			});
			expect(legacyAlias.status).toBe(202);
			expect(sim.alerts().map((a) => a.summary)).toEqual(['via apiKey']);
		});

		it('honours the event priority only where the source allows it', async () => {
			await event({ eventType: 'ALERT', alertKey: 'a', summary: 's', priority: 'LOW' });
			await event({
				integrationKey: KEY2,
				eventType: 'ALERT',
				alertKey: 'b',
				summary: 's',
				priority: 'HIGH',
			});
			expect(sim.alerts().map((a) => a.priority)).toEqual(['LOW', 'LOW']);
		});

		it('rate-limits events per integration key when configured', async () => {
			sim.setOptions({ eventsPerMinute: 3 });
			const statuses: number[] = [];
			for (let i = 0; i < 5; i++)
				statuses.push((await event({ eventType: 'ALERT', alertKey: 'k', summary: 's' })).status);
			expect(statuses).toEqual([202, 202, 202, 429, 429]);
			expect((await event({ integrationKey: KEY2, eventType: 'ALERT', summary: 's' })).status).toBe(
				202,
			);
		});
	});

	describe('REST API', () => {
		it('authenticates with a Bearer key: 401 without, 403 KEY_ERROR with a bad key', async () => {
			const none = await rest('GET', '/users/current', undefined, {});
			expect(none.status).toBe(401);
			const bad = await rest('GET', '/users/current', undefined, {
				Authorization: 'Bearer wrong-xxxx',
			});
			expect(bad.status).toBe(403);
			expect(bad.body.code).toBe('KEY_ERROR');
			const me = await rest('GET', '/users/current');
			expect(me.body).toMatchObject({ id: 7, email: 'ann.lee@example.com', firstName: 'Ann' });
			expect(sim.requests[sim.requests.length - 1].headers.authorization).not.toContain(
				'il-api-key-example',
			);
		});

		it('lists alerts by states and sources with paging limits, counts them', async () => {
			for (let i = 0; i < 3; i++)
				await event({ eventType: 'ALERT', alertKey: `autotask-${i}`, summary: `s${i}` });
			await event({
				integrationKey: KEY2,
				eventType: 'ALERT',
				alertKey: 'autotask-9',
				summary: 'other',
			});
			await event({ eventType: 'RESOLVE', alertKey: 'autotask-0', summary: 'r' });
			const open = await rest(
				'GET',
				'/alerts?states=PENDING&states=ACCEPTED&sources=1001&start-index=0&max-results=100',
			);
			expect(open.status).toBe(200);
			expect(open.body.map((a: any) => a.alertKey).sort()).toEqual(['autotask-1', 'autotask-2']);
			expect(open.body[0].customDetails).toBeUndefined();
			const page = await rest('GET', '/alerts?start-index=1&max-results=2');
			expect(page.body).toHaveLength(2);
			expect((await rest('GET', '/alerts?max-results=101')).status).toBe(400);
			expect((await rest('GET', '/alerts?states=OPEN')).status).toBe(400);
			expect((await rest('GET', '/alerts/count?states=RESOLVED')).body).toEqual({ count: 1 });
			expect((await rest('GET', '/alert-sources?max-results=51')).status).toBe(400);
		});

		it('backdates an admin-created alert (reportedAt): listings sort and bound by it; events cannot', async () => {
			const old = sim.createAlert({
				summary: 'older',
				alertKey: 'autotask-1',
				reportedAt: Date.parse('2026-11-01T08:00:00Z'),
			});
			expect(old.reportTime).toBe('2026-11-01T08:00:00.000Z');
			await event({ eventType: 'ALERT', alertKey: 'autotask-2', summary: 'new', reportedAt: 0 });
			const since = await rest('GET', '/alerts?from=2026-11-02T00:00:00Z');
			expect(since.body.map((a: any) => a.alertKey)).toEqual(['autotask-2']);
			const all = await rest('GET', '/alerts');
			expect(all.body.map((a: any) => a.alertKey)).toEqual(['autotask-2', 'autotask-1']);
			expect(() => sim.createAlert({ summary: 'x', reportedAt: 'soon' })).toThrow(
				'reportedAt soon is not a date',
			);
		});

		it('accepts, assigns and resolves alerts by id', async () => {
			await event({
				eventType: 'ALERT',
				alertKey: 'k',
				summary: 's',
				customDetails: { ticketId: 10001 },
			});
			const id = sim.alerts()[0].id;
			const one = await rest('GET', `/alerts/${id}?include=customDetails`);
			expect(one.body.customDetails).toEqual({ ticketId: 10001 });
			const accepted = await rest('PUT', `/alerts/${id}/accept`);
			expect(accepted.body.status).toBe('ACCEPTED');
			expect(
				accepted.body.responders.some((r: any) => r.user.id === 7 && r.status === 'ACCEPTED'),
			).toBe(true);
			const assigned = await rest('PUT', `/alerts/${id}/assign?user=8`);
			expect(assigned.body.assignedTo).toEqual({ id: 8 });
			const resolved = await rest('PUT', `/alerts/${id}/resolve`);
			expect(resolved.body.status).toBe('RESOLVED');
			expect((await rest('PUT', `/alerts/${id}/accept`)).status).toBe(400);
			expect((await rest('GET', '/alerts/999')).status).toBe(404);
			const log = await rest('GET', `/alerts/${id}/log-entries`);
			expect(log.body.map((e: any) => e.logEntryType)).toEqual([
				'AlertReceivedLogEntry',
				'UserResponseLogEntry',
				'AlertAssignedByUserLogEntry',
				'UserResponseLogEntry',
			]);
			expect(log.body.map((e: any) => e.text)).toEqual([
				's',
				'Accepted by ann.lee@example.com',
				'Assigned to bob.ops@example.com',
				'Resolved by ann.lee@example.com',
			]);
			expect(sim.getAlert(id)!.log!.map((e) => e.logEntryType)).toEqual([
				'AlertReceivedLogEntry',
				'AlertAcceptedLogEntry',
				'AlertAssignedByUserLogEntry',
				'AlertResolvedLogEntry',
			]);
		});

		it('finds alert sources by id or integration key', async () => {
			expect((await rest('GET', `/alert-sources/${KEY}`)).body).toMatchObject({
				id: 1001,
				name: 'Autotask via n8n',
				integrationKey: KEY,
			});
			expect((await rest('GET', '/alert-sources/1002')).body.integrationKey).toBe(KEY2);
			expect((await rest('GET', '/alert-sources/nope')).status).toBe(404);
			expect((await rest('GET', '/users')).body.map((u: any) => u.email)).toContain(
				'bob.ops@example.com',
			);
		});
	});

	describe('alert actions', () => {
		async function register(triggerTypes: string[], sources = [{ id: 1001 }]) {
			const res = await rest('POST', '/alert-actions', {
				name: 'n8n Autotask sync',
				connectorType: 'webhook',
				alertSources: sources,
				triggerMode: 'AUTOMATIC',
				triggerTypes,
				params: {
					webhookUrl: `${rx.url}/ilert`,
					headers: [{ key: 'X-N8N-Secret', value: 'dummy-header-value' }],
				},
			});
			expect(res.status).toBe(200);
			return res.body.id as string;
		}

		it('posts the default payload with custom headers for matching trigger types, in order', async () => {
			await register(['alert-created', 'alert-acknowledged', 'alert-resolved']);
			await event({
				eventType: 'ALERT',
				alertKey: 'autotask-10001',
				summary: 'Server down',
				details: 'd',
			});
			const id = sim.alerts()[0].id;
			sim.commentAlert(id, { content: 'not subscribed' });
			sim.acceptAlert(id, { userEmail: 'bob.ops@example.com' });
			await rest('PUT', `/alerts/${id}/resolve`);
			await event({ integrationKey: KEY2, eventType: 'ALERT', summary: 'other source' });
			await sim.waitForDeliveries();
			expect(rx.received.map((r) => r.json.eventType)).toEqual([
				'alert-created',
				'alert-acknowledged',
				'alert-resolved',
			]);
			expect(rx.received.every((r) => r.headers['x-n8n-secret'] === 'dummy-header-value')).toBe(
				true,
			);
			expect(rx.received[1].json).toEqual({
				id: String(id),
				status: 'ACCEPTED',
				summary: 'Server down',
				details: 'd',
				reportTime: expect.any(String),
				eventType: 'alert-acknowledged',
				priority: 'HIGH',
				alertKey: 'autotask-10001',
				alertSource: { id: 1001, name: 'Autotask via n8n' },
				assignedTo: {
					username: 'bob.ops',
					email: 'bob.ops@example.com',
					firstName: 'Bob',
					lastName: 'Ops',
				},
			});
		});

		it('supports CRUD and rejects unknown trigger types', async () => {
			const id = await register(['alert-resolved']);
			expect((await rest('GET', `/alert-actions/${id}`)).body.triggerTypes).toEqual([
				'alert-resolved',
			]);
			expect((await rest('GET', '/alert-actions?source=1001')).body).toHaveLength(1);
			const put = await rest('PUT', `/alert-actions/${id}`, {
				name: 'renamed',
				connectorType: 'webhook',
				alertSources: [{ id: 1001 }],
				triggerTypes: ['alert-created'],
				params: { webhookUrl: `${rx.url}/x` },
			});
			expect(put.body.name).toBe('renamed');
			expect(
				(
					await rest('POST', '/alert-actions', {
						name: 'x',
						connectorType: 'webhook',
						triggerTypes: ['alert-exploded'],
						params: { webhookUrl: 'http://x' },
					})
				).status,
			).toBe(400);
			expect((await rest('DELETE', `/alert-actions/${id}`)).status).toBe(204);
			expect((await rest('GET', `/alert-actions/${id}`)).status).toBe(404);
		});

		it('drives alerts through the admin HTTP API', async () => {
			await register(['alert-acknowledged', 'alert-comment-added']);
			const created = await call(`${sim.url}/__sim/alerts`, 'POST', {
				summary: 'UI alert',
				alertKey: 'autotask-5',
			});
			const acc = await call(`${sim.url}/__sim/alerts/${created.body.id}/accept`, 'POST', {
				userEmail: 'jane.tech@example.com',
			});
			expect(acc.body.status).toBe('ACCEPTED');
			await call(`${sim.url}/__sim/alerts/${created.body.id}/comment`, 'POST', {
				content: 'hello',
			});
			await call(`${sim.url}/__sim/wait-deliveries`, 'POST');
			expect(rx.received.map((r) => [r.json.eventType, r.json.assignedTo.email])).toEqual([
				['alert-acknowledged', 'jane.tech@example.com'],
				['alert-comment-added', 'jane.tech@example.com'],
			]);
			const state = await call(`${sim.url}/__sim/state`, 'GET');
			expect(state.body.alerts[0].log.map((l: any) => l.logEntryType)).toContain(
				'AlertCommentAddedLogEntry',
			);
		});
	});

	describe('faults', () => {
		it('mixes 429 and 500 probabilistically with a reproducible seeded RNG', async () => {
			const run = async (s: IlertSimulator) => {
				s.faults.add({ path: '/api/events', status: 429, probability: 0.2 });
				s.faults.add({ path: '/api/events', status: 500, probability: 0.05 });
				const out: number[] = [];
				for (let i = 0; i < 600; i++)
					out.push(
						(
							await call(`${s.apiUrl}/events`, 'POST', {
								integrationKey: KEY,
								eventType: 'ALERT',
								alertKey: 'k',
								summary: 's',
							})
						).status,
					);
				return out;
			};
			const a = await startIlertSimulator({ seed: 99 });
			const b = await startIlertSimulator({ seed: 99 });
			try {
				const [ra, rb] = await Promise.all([run(a), run(b)]);
				expect(ra).toEqual(rb);
				const n429 = ra.filter((s) => s === 429).length;
				const n500 = ra.filter((s) => s === 500).length;
				// 20 % and 5 % of 600 (binomial sd ~10 and ~5)
				expect(n429).toBeGreaterThan(85);
				expect(n429).toBeLessThan(155);
				expect(n500).toBeGreaterThan(12);
				expect(n500).toBeLessThan(50);
				expect(a.alerts()).toHaveLength(1);
			} finally {
				await a.close();
				await b.close();
			}
		}, 60000);

		it('delays responses', async () => {
			sim.faults.add({ path: '/api/users/current', delayMs: 150, times: 1 });
			const t0 = Date.now();
			expect((await rest('GET', '/users/current')).status).toBe(200);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
		});
	});

	describe('documented webhook event types and REST listing', () => {
		async function registerAll(triggerTypes?: string[]) {
			const res = await rest('POST', '/alert-actions', {
				name: 'n8n all events',
				connectorType: 'webhook',
				alertSources: [{ id: 1001 }],
				triggerMode: 'AUTOMATIC',
				...(triggerTypes ? { triggerTypes } : {}),
				params: { webhookUrl: `${rx.url}/ilert` },
			});
			expect(res.status).toBe(200);
		}

		it('delivers every eventType iLert documents for webhooks, each payload with only the documented fields', async () => {
			await registerAll();
			await event({ eventType: 'ALERT', alertKey: 'autotask-1', summary: 'one' });
			const id = sim.alerts()[0].id;
			sim.assignAlert(id, { userEmail: 'jane.tech@example.com' });
			sim.escalateAlert(id);
			sim.rejectAlert(id, { userEmail: 'bob.ops@example.com' });
			await event({
				integrationKey: KEY,
				eventType: 'ALERT',
				alertKey: 'autotask-2',
				summary: 'two',
			});
			const second = sim.findAlertsByKey('autotask-2')[0].id;
			sim.commentAlert(id, { content: 'c' });
			sim.acceptAlert(id, { userEmail: 'ann.lee@example.com' });
			sim.resolveAlert(id);
			sim.autoResolveAlert(second);
			await sim.waitForDeliveries();
			const types = rx.received.map((r) => r.json.eventType);
			expect(types).toEqual([
				'alert-created',
				'alert-assigned',
				'alert-auto-escalated',
				'alert-rejected',
				'alert-created',
				'alert-comment-added',
				'alert-acknowledged',
				'alert-resolved',
				'alert-auto-resolved',
			]);
			const documented = [
				'id',
				'status',
				'summary',
				'details',
				'reportTime',
				'eventType',
				'priority',
				'alertKey',
				'alertSource',
				'assignedTo',
			];
			for (const r of rx.received)
				expect(Object.keys(r.json).sort()).toEqual([...documented].sort());
			expect(rx.received.some((r) => 'alertUrl' in r.json)).toBe(false);
			expect(rx.received[8].json).toMatchObject({
				id: String(second),
				status: 'RESOLVED',
				alertKey: 'autotask-2',
			});
		});

		it('raises a LOW alert to HIGH (alert-raised) and refuses escalation past the last rule', async () => {
			await registerAll(['alert-raised', 'alert-auto-escalated']);
			await event({ integrationKey: KEY2, eventType: 'ALERT', alertKey: 'k', summary: 's' });
			const a = sim.alerts()[0];
			expect(a.priority).toBe('LOW');
			// source 1002 is not subscribed: nothing is delivered
			sim.raiseAlert(a.id);
			await sim.waitForDeliveries();
			expect(rx.received).toHaveLength(0);
			expect(sim.getAlert(a.id)!.priority).toBe('HIGH');
			await event({ eventType: 'ALERT', alertKey: 'low', summary: 's', priority: 'LOW' });
			const mine = sim.findAlertsByKey('low')[0];
			sim.raiseAlert(mine.id);
			sim.escalateAlert(mine.id);
			expect(() => sim.escalateAlert(mine.id)).toThrow(/no further escalation/);
			await sim.waitForDeliveries();
			expect(rx.received.map((r) => [r.json.eventType, r.json.priority])).toEqual([
				['alert-raised', 'HIGH'],
				['alert-auto-escalated', 'HIGH'],
			]);
		});

		it('auto-resolves an alert over the admin API: alert-auto-resolved, and alert-resolved only when configured', async () => {
			await registerAll(['alert-resolved', 'alert-auto-resolved']);
			await event({ eventType: 'ALERT', alertKey: 'autotask-3', summary: 's' });
			await event({ eventType: 'ALERT', alertKey: 'autotask-4', summary: 's' });
			const [a, b] = sim.alerts();
			const r = await call(`${sim.url}/__sim/alerts/${a.id}/auto-resolve`, 'POST');
			expect(r.body.status).toBe('RESOLVED');
			await call(`${sim.url}/__sim/alerts/${a.id}/auto-resolve`, 'POST'); // already resolved: nothing more
			sim.setOptions({ autoResolveAlsoFiresResolved: true });
			sim.autoResolveAlert(b.id);
			await sim.waitForDeliveries();
			expect(rx.received.map((x) => [x.json.id, x.json.eventType])).toEqual([
				[String(a.id), 'alert-auto-resolved'],
				[String(b.id), 'alert-auto-resolved'],
				[String(b.id), 'alert-resolved'],
			]);
			// the event API then finds no open alert for the key
			expect(
				(await event({ eventType: 'RESOLVE', alertKey: 'autotask-3', summary: 'x' })).body.code,
			).toBe('NO_OPEN_ALERT_WITH_KEY');
		});

		it('GET /alerts, /alerts/count and /alerts/{id} follow the OpenAPI parameters', async () => {
			for (let i = 0; i < 105; i++)
				await event({ eventType: 'ALERT', alertKey: `autotask-${i}`, summary: `s${i}` });
			await event({
				integrationKey: KEY2,
				eventType: 'ALERT',
				alertKey: 'other',
				summary: 'other',
			});
			// default max-results 50, max 100, start-index pages
			expect((await rest('GET', '/alerts')).body).toHaveLength(50);
			const p1 = await rest(
				'GET',
				'/alerts?sources=1001&states=PENDING&start-index=0&max-results=100',
			);
			const p2 = await rest(
				'GET',
				'/alerts?sources=1001&states=PENDING&start-index=100&max-results=100',
			);
			expect(p1.body).toHaveLength(100);
			expect(p2.body).toHaveLength(5);
			expect(new Set([...p1.body, ...p2.body].map((a: any) => a.id)).size).toBe(105);
			expect((await rest('GET', '/alerts?max-results=101')).status).toBe(400);
			expect(
				(await rest('GET', '/alerts?sources=1001&sources=1002&max-results=100&start-index=100'))
					.body,
			).toHaveLength(6);
			expect((await rest('GET', '/alerts?sources=abc')).status).toBe(400);
			expect((await rest('GET', '/alerts?from=yesterday')).status).toBe(400);
			expect(
				(
					await rest(
						'GET',
						`/alerts?from=${encodeURIComponent(new Date(Date.now() + 60000).toISOString())}`,
					)
				).body,
			).toEqual([]);
			// count: states, sources, responders, from, until (no policies in the spec: ignored)
			expect((await rest('GET', '/alerts/count?sources=1001')).body).toEqual({ count: 105 });
			expect((await rest('GET', '/alerts/count?policies=56')).body).toEqual({ count: 106 });
			expect((await rest('GET', '/alerts?policies=56')).body).toHaveLength(1);
			expect((await rest('GET', '/alerts/count?responders=ann.lee')).body).toEqual({ count: 105 });
			expect((await rest('GET', '/alerts/count?responders=7&states=ACCEPTED')).body).toEqual({
				count: 0,
			});
			const one = await rest('GET', `/alerts/${p1.body[0].id}`);
			expect(one.body.customDetails).toBeUndefined();
			expect(one.body).toMatchObject({
				id: p1.body[0].id,
				status: 'PENDING',
				alertSource: { id: 1001 },
			});
			expect((await rest('GET', '/alerts/123')).status).toBe(404);
		}, 30000);
	});
});
