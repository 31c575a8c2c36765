import { startIlertSimulator, type IlertSimulator } from '../../simulators';
import { call, startReceiver, type Receiver } from './receiver';

const KEY = 'il1apiexamplekeyxxxx0001';
const KEY2 = 'il1apiexamplekeyxxxx0002';
const BEARER = { Authorization: 'Bearer il-api-key-example-xxxx' };

describe('ilert simulator', () => {
	let sim: IlertSimulator;
	let rx: Receiver;
	const event = (body: Record<string, unknown>) => call(`${sim.apiUrl}/events`, 'POST', { integrationKey: KEY, ...body });
	const rest = (method: string, path: string, body?: unknown, headers: Record<string, string> = BEARER) =>
		call(`${sim.apiUrl}${path}`, method, body, headers);

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
	});

	describe('events API', () => {
		it('appends ALERT events to the open alert of the same source (key trimmed, case-insensitive)', async () => {
			expect((await event({ eventType: 'ALERT', alertKey: 'autotask-10001', summary: 'first' })).status).toBe(202);
			expect((await event({ eventType: 'ALERT', alertKey: '  AUTOTASK-10001 ', summary: 'second' })).status).toBe(202);
			expect((await event({ integrationKey: KEY2, eventType: 'ALERT', alertKey: 'autotask-10001', summary: 'other source' })).status).toBe(202);
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
			expect((await event({ eventType: 'ACCEPT', alertKey: 'autotask-1', summary: 'late' })).status).toBe(202);
			await event({ eventType: 'ALERT', alertKey: 'autotask-1', summary: 'again' });
			const all = sim.alerts();
			expect(all.map((a) => a.status)).toEqual(['RESOLVED', 'PENDING']);
			expect(all[1].id).not.toBe(all[0].id);
		});

		it('answers 202 without open alert, or 400 NO_OPEN_ALERT_WITH_KEY in legacy mode', async () => {
			expect((await event({ eventType: 'RESOLVE', alertKey: 'autotask-404', summary: 'x' })).status).toBe(202);
			sim.setOptions({ legacyNoOpenAlert400: true });
			const legacy = await event({ eventType: 'ACCEPT', alertKey: 'autotask-404', summary: 'x' });
			expect(legacy.status).toBe(400);
			expect(legacy.body).toEqual({ status: 400, message: expect.any(String), code: 'NO_OPEN_ALERT_WITH_KEY' });
			expect(sim.alerts()).toHaveLength(0);
		});

		it('validates events', async () => {
			const missingSummary = await event({ eventType: 'ALERT', alertKey: 'k' });
			expect(missingSummary.status).toBe(400);
			expect(missingSummary.body).toMatchObject({ status: 400, code: expect.any(String), message: expect.stringMatching(/summary/) });
			expect((await event({ eventType: 'OPEN', summary: 's' })).status).toBe(400);
			expect((await event({ eventType: 'ALERT', summary: 's', priority: 'URGENT' })).status).toBe(400);
			expect((await event({ eventType: 'ALERT', summary: 's', severity: 'SEV1' })).status).toBe(400);
			expect((await call(`${sim.apiUrl}/events`, 'POST', { integrationKey: 'il1apiunknownxxxx', eventType: 'ALERT', summary: 's' })).status).toBe(404);
			const legacyAlias = await call(`${sim.apiUrl}/events`, 'POST', { apiKey: KEY, eventType: 'ALERT', summary: 'via apiKey' });
			expect(legacyAlias.status).toBe(202);
			expect(sim.alerts().map((a) => a.summary)).toEqual(['via apiKey']);
		});

		it('honours the event priority only where the source allows it', async () => {
			await event({ eventType: 'ALERT', alertKey: 'a', summary: 's', priority: 'LOW' });
			await event({ integrationKey: KEY2, eventType: 'ALERT', alertKey: 'b', summary: 's', priority: 'HIGH' });
			expect(sim.alerts().map((a) => a.priority)).toEqual(['LOW', 'LOW']);
		});

		it('rate-limits events per integration key when configured', async () => {
			sim.setOptions({ eventsPerMinute: 3 });
			const statuses: number[] = [];
			for (let i = 0; i < 5; i++) statuses.push((await event({ eventType: 'ALERT', alertKey: 'k', summary: 's' })).status);
			expect(statuses).toEqual([202, 202, 202, 429, 429]);
			expect((await event({ integrationKey: KEY2, eventType: 'ALERT', summary: 's' })).status).toBe(202);
		});
	});

	describe('REST API', () => {
		it('authenticates with a Bearer key: 401 without, 403 KEY_ERROR with a bad key', async () => {
			const none = await rest('GET', '/users/current', undefined, {});
			expect(none.status).toBe(401);
			const bad = await rest('GET', '/users/current', undefined, { Authorization: 'Bearer wrong-xxxx' });
			expect(bad.status).toBe(403);
			expect(bad.body.code).toBe('KEY_ERROR');
			const me = await rest('GET', '/users/current');
			expect(me.body).toMatchObject({ id: 7, email: 'ann.lee@example.com', firstName: 'Ann' });
			expect(sim.requests[sim.requests.length - 1].headers.authorization).not.toContain('il-api-key-example');
		});

		it('lists alerts by states and sources with paging limits, counts them', async () => {
			for (let i = 0; i < 3; i++) await event({ eventType: 'ALERT', alertKey: `autotask-${i}`, summary: `s${i}` });
			await event({ integrationKey: KEY2, eventType: 'ALERT', alertKey: 'autotask-9', summary: 'other' });
			await event({ eventType: 'RESOLVE', alertKey: 'autotask-0', summary: 'r' });
			const open = await rest('GET', '/alerts?states=PENDING&states=ACCEPTED&sources=1001&start-index=0&max-results=100');
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

		it('accepts, assigns and resolves alerts by id', async () => {
			await event({ eventType: 'ALERT', alertKey: 'k', summary: 's', customDetails: { ticketId: 10001 } });
			const id = sim.alerts()[0].id;
			const one = await rest('GET', `/alerts/${id}?include=customDetails`);
			expect(one.body.customDetails).toEqual({ ticketId: 10001 });
			const accepted = await rest('PUT', `/alerts/${id}/accept`);
			expect(accepted.body.status).toBe('ACCEPTED');
			expect(accepted.body.responders.some((r: any) => r.user.id === 7 && r.status === 'ACCEPTED')).toBe(true);
			const assigned = await rest('PUT', `/alerts/${id}/assign?user=8`);
			expect(assigned.body.assignedTo).toEqual({ id: 8 });
			const resolved = await rest('PUT', `/alerts/${id}/resolve`);
			expect(resolved.body.status).toBe('RESOLVED');
			expect((await rest('PUT', `/alerts/${id}/accept`)).status).toBe(400);
			expect((await rest('GET', '/alerts/999')).status).toBe(404);
			const log = await rest('GET', `/alerts/${id}/log-entries`);
			expect(log.body.map((e: any) => e.logEntryType)).toEqual(['AlertReceivedLogEntry', 'UserResponseLogEntry', 'AlertAssignedByUserLogEntry', 'UserResponseLogEntry']);
			expect(log.body.map((e: any) => e.text)).toEqual(['s', 'Accepted by ann.lee@example.com', 'Assigned to bob.ops@example.com', 'Resolved by ann.lee@example.com']);
			expect(sim.getAlert(id)!.log!.map((e) => e.logEntryType)).toEqual(['AlertReceivedLogEntry', 'AlertAcceptedLogEntry', 'AlertAssignedByUserLogEntry', 'AlertResolvedLogEntry']);
		});

		it('finds alert sources by id or integration key', async () => {
			expect((await rest('GET', `/alert-sources/${KEY}`)).body).toMatchObject({ id: 1001, name: 'Autotask via n8n', integrationKey: KEY });
			expect((await rest('GET', '/alert-sources/1002')).body.integrationKey).toBe(KEY2);
			expect((await rest('GET', '/alert-sources/nope')).status).toBe(404);
			expect((await rest('GET', '/users')).body.map((u: any) => u.email)).toContain('bob.ops@example.com');
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
				params: { webhookUrl: `${rx.url}/ilert`, headers: [{ key: 'X-N8N-Secret', value: 'dummy-header-value' }] },
			});
			expect(res.status).toBe(200);
			return res.body.id as string;
		}

		it('posts the default payload with custom headers for matching trigger types, in order', async () => {
			await register(['alert-created', 'alert-acknowledged', 'alert-resolved']);
			await event({ eventType: 'ALERT', alertKey: 'autotask-10001', summary: 'Server down', details: 'd' });
			const id = sim.alerts()[0].id;
			sim.commentAlert(id, { content: 'not subscribed' });
			sim.acceptAlert(id, { userEmail: 'bob.ops@example.com' });
			await rest('PUT', `/alerts/${id}/resolve`);
			await event({ integrationKey: KEY2, eventType: 'ALERT', summary: 'other source' });
			await sim.waitForDeliveries();
			expect(rx.received.map((r) => r.json.eventType)).toEqual(['alert-created', 'alert-acknowledged', 'alert-resolved']);
			expect(rx.received.every((r) => r.headers['x-n8n-secret'] === 'dummy-header-value')).toBe(true);
			expect(rx.received[1].json).toEqual({
				id: String(id),
				status: 'ACCEPTED',
				summary: 'Server down',
				details: 'd',
				reportTime: expect.any(String),
				eventType: 'alert-acknowledged',
				priority: 'HIGH',
				alertKey: 'autotask-10001',
				alertUrl: expect.stringContaining(String(id)),
				alertSource: { id: 1001, name: 'Autotask via n8n' },
				assignedTo: { username: 'bob.ops', email: 'bob.ops@example.com', firstName: 'Bob', lastName: 'Ops' },
			});
		});

		it('supports CRUD and rejects unknown trigger types', async () => {
			const id = await register(['alert-resolved']);
			expect((await rest('GET', `/alert-actions/${id}`)).body.triggerTypes).toEqual(['alert-resolved']);
			expect((await rest('GET', '/alert-actions?source=1001')).body).toHaveLength(1);
			const put = await rest('PUT', `/alert-actions/${id}`, { name: 'renamed', connectorType: 'webhook', alertSources: [{ id: 1001 }], triggerTypes: ['alert-created'], params: { webhookUrl: `${rx.url}/x` } });
			expect(put.body.name).toBe('renamed');
			expect((await rest('POST', '/alert-actions', { name: 'x', connectorType: 'webhook', triggerTypes: ['alert-exploded'], params: { webhookUrl: 'http://x' } })).status).toBe(400);
			expect((await rest('DELETE', `/alert-actions/${id}`)).status).toBe(204);
			expect((await rest('GET', `/alert-actions/${id}`)).status).toBe(404);
		});

		it('drives alerts through the admin HTTP API', async () => {
			await register(['alert-acknowledged', 'alert-comment-added']);
			const created = await call(`${sim.url}/__sim/alerts`, 'POST', { summary: 'UI alert', alertKey: 'autotask-5' });
			const acc = await call(`${sim.url}/__sim/alerts/${created.body.id}/accept`, 'POST', { userEmail: 'jane.tech@example.com' });
			expect(acc.body.status).toBe('ACCEPTED');
			await call(`${sim.url}/__sim/alerts/${created.body.id}/comment`, 'POST', { content: 'hello' });
			await call(`${sim.url}/__sim/wait-deliveries`, 'POST');
			expect(rx.received.map((r) => [r.json.eventType, r.json.assignedTo.email])).toEqual([
				['alert-acknowledged', 'jane.tech@example.com'],
				['alert-comment-added', 'jane.tech@example.com'],
			]);
			const state = await call(`${sim.url}/__sim/state`, 'GET');
			expect(state.body.alerts[0].log.map((l: any) => l.logEntryType)).toContain('AlertCommentAddedLogEntry');
		});
	});

	describe('faults', () => {
		it('mixes 429 and 500 probabilistically with a reproducible seeded RNG', async () => {
			const run = async (s: IlertSimulator) => {
				s.faults.add({ path: '/api/events', status: 429, probability: 0.2 });
				s.faults.add({ path: '/api/events', status: 500, probability: 0.05 });
				const out: number[] = [];
				for (let i = 0; i < 600; i++) out.push((await call(`${s.apiUrl}/events`, 'POST', { integrationKey: KEY, eventType: 'ALERT', alertKey: 'k', summary: 's' })).status);
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
});
