/**
 * The shared open-alert look-up (transport/ilert/openAlerts.ts): look-ups of one source join the
 * running listing; a completed listing answers for 2 s with alerts it found, never with "not
 * found"; an event sent for a key stops older listings answering for it. A look-up bounded by a
 * report time lists open and resolved alerts since then, by the same rules.
 */
import {
	findAlertsReportedSince,
	findOpenAlertByKey,
	invalidateOpenAlert,
	LISTING_REUSE_MS,
	REPORTED_SINCE_STEP_MS,
	sendIlertEvent,
} from '../../../../../../nodes/shared/transport/ilert';
import { resetProcessState } from '../../../../../../nodes/shared/transport/processState';
import {
	createExecuteContext,
	startTestServer,
	type ScriptedResponse,
	type ServerRequest,
	type TestServer,
} from '../../../../../support';

type Route = (req: ServerRequest) => ScriptedResponse | Promise<ScriptedResponse>;
let routes: Record<string, Route> = {};
let server: TestServer;
/** The open alerts the scripted ilert lists. */
let open: Array<Record<string, unknown>> = [];

beforeAll(async () => {
	server = await startTestServer(async (req) => {
		const route = routes[`${req.method} ${req.path}`];
		if (route) return await route(req);
		return {
			status: 404,
			body: { status: 404, message: `No route ${req.method} ${req.path}`, code: 'NOT_FOUND' },
		};
	});
});
afterAll(async () => await server.close());
beforeEach(() => {
	server.requests.length = 0;
	open = [];
	routes = {
		'GET /api/alerts': (req) => {
			const start = Number(req.query.get('start-index'));
			return { body: open.slice(start, start + Number(req.query.get('max-results'))) };
		},
		'GET /api/alerts/count': () => ({ body: { count: open.length } }),
		'POST /api/events': () => ({ status: 202, body: '' }),
	};
	resetProcessState();
	jest.restoreAllMocks();
});

function ctx(apiKey = 'il-api-key-example-xxxx') {
	return createExecuteContext({
		credentials: {
			autotaskIlertIlertApi: { apiKey, baseUrl: server.url, maxRetryWaitSeconds: 0 },
			autotaskIlertIlertAlertSourceApi: {
				integrationApiKey: 'il1apiexamplekeyxxxx0001',
				baseUrl: server.url,
				maxRetryWaitSeconds: 0,
			},
		},
	});
}

function alert(id: number, alertKey: string, status = 'PENDING') {
	return { id, alertKey, status, summary: `alert ${id}`, reportTime: '2026-11-28T03:00:00Z' };
}

const listings = () => server.requests.filter((r) => r.path === '/api/alerts').length;
const lookUp = async (key: string, c = ctx()) =>
	await findOpenAlertByKey(c, { alertSourceId: 1001, alertKey: key });

/** A gate for the next listing: the scripted ilert answers it only when `open()` is called. */
function holdNextListing(): { opened: () => void; arrived: Promise<void> } {
	const list = routes['GET /api/alerts'];
	let release!: () => void;
	let arrivedResolve!: () => void;
	const gate = new Promise<void>((r) => (release = r));
	const arrived = new Promise<void>((r) => (arrivedResolve = r));
	let held = false;
	routes['GET /api/alerts'] = async (req) => {
		if (!held) {
			held = true;
			// The page is read now (before the change the test makes while it is held).
			const answer = await list(req);
			arrivedResolve();
			await gate;
			return answer;
		}
		return await list(req);
	};
	return { opened: release, arrived };
}

describe('shared open-alert look-up', () => {
	it('concurrent look-ups of one source share one listing, for different keys', async () => {
		open = Array.from({ length: 8 }, (_, i) => alert(i + 1, `autotask-${i + 1}`));
		const found = await Promise.all(open.map(async (a) => await lookUp(String(a.alertKey))));
		expect(found.map((a) => a?.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(server.requests.map((r) => r.path)).toEqual(['/api/alerts']);
	});

	it('a completed listing answers "found" for 2 s, then a look-up lists again', async () => {
		open = [alert(1, 'autotask-1'), alert(2, 'autotask-2')];
		let now = 1_000_000;
		jest.spyOn(Date, 'now').mockImplementation(() => now);
		await expect(lookUp('autotask-1')).resolves.toMatchObject({ id: 1 });
		now += LISTING_REUSE_MS;
		await expect(lookUp('AUTOTASK-2')).resolves.toMatchObject({ id: 2 });
		expect(listings()).toBe(1);
		now += 1;
		await expect(lookUp('autotask-2')).resolves.toMatchObject({ id: 2 });
		expect(listings()).toBe(2);
	});

	it('never answers "not found" from a completed listing: the alert created since is found', async () => {
		open = [alert(1, 'autotask-1')];
		await expect(lookUp('autotask-9')).resolves.toBeUndefined();
		// One short page is one read: nothing shifted under it, so no count.
		expect(server.requests.map((r) => r.path)).toEqual(['/api/alerts']);
		// Another process creates the alert right after; the next look-up must see it.
		open.push(alert(9, 'autotask-9'));
		await expect(lookUp('autotask-9')).resolves.toMatchObject({ id: 9 });
		expect(listings()).toBe(2);
	});

	it('never answers "not found" from a listing that started before the look-up arrived', async () => {
		open = [alert(1, 'autotask-1')];
		const hold = holdNextListing();
		const first = lookUp('autotask-1');
		await hold.arrived;
		// The first listing has read its page; now the alert is created and its look-up arrives.
		open.push(alert(9, 'autotask-9'));
		const late = lookUp('autotask-9');
		hold.opened();
		await expect(first).resolves.toMatchObject({ id: 1 });
		await expect(late).resolves.toMatchObject({ id: 9 });
		expect(listings()).toBe(2);
	});

	it('look-ups that arrive together share a "not found": one listing and one count', async () => {
		open = Array.from({ length: 100 }, (_, i) => alert(1000 + i, `other-${i}`));
		const [first, second] = await Promise.all([lookUp('autotask-5'), lookUp('autotask-6')]);
		expect(first).toBeUndefined();
		expect(second).toBeUndefined();
		// Two overlapping pages (100 open alerts), then one shared count.
		expect(server.requests.map((r) => r.path)).toEqual([
			'/api/alerts',
			'/api/alerts',
			'/api/alerts/count',
		]);
	});

	it('a look-up that arrives while a listing runs lists again for its "not found"', async () => {
		open = [alert(1, 'autotask-1')];
		const hold = holdNextListing();
		const first = lookUp('autotask-5');
		await hold.arrived;
		const second = lookUp('autotask-6');
		hold.opened();
		await expect(first).resolves.toBeUndefined();
		await expect(second).resolves.toBeUndefined();
		expect(listings()).toBe(2);
	});

	it('an event sent for a key stops older listings answering for it (other keys still reuse)', async () => {
		open = [alert(1, 'autotask-1'), alert(2, 'autotask-2')];
		await lookUp('autotask-1');
		await sendIlertEvent(ctx(), { eventType: 'RESOLVE', alertKey: 'autotask-1', summary: 'done' });
		open = [alert(2, 'autotask-2')];
		await expect(lookUp('autotask-2')).resolves.toMatchObject({ id: 2 });
		expect(listings()).toBe(1);
		await expect(lookUp('autotask-1')).resolves.toBeUndefined();
		expect(listings()).toBe(2);
		invalidateOpenAlert('AUTOTASK-2 ');
		await lookUp('autotask-2');
		expect(listings()).toBe(3);
	});

	it('keeps listings apart per source and per API key', async () => {
		open = [alert(1, 'autotask-1')];
		await lookUp('autotask-1', ctx('il-api-key-one-xxxx'));
		await lookUp('autotask-1', ctx('il-api-key-two-xxxx'));
		await findOpenAlertByKey(ctx('il-api-key-one-xxxx'), {
			alertSourceId: 1002,
			alertKey: 'autotask-1',
		});
		expect(listings()).toBe(3);
	});

	it('a failed listing is not shared afterwards', async () => {
		open = [alert(1, 'autotask-1')];
		const list = routes['GET /api/alerts'];
		routes['GET /api/alerts'] = () => ({ status: 400, body: { message: 'bad', code: 'BAD' } });
		await expect(lookUp('autotask-1')).rejects.toThrow('ilert: bad (BAD)');
		routes['GET /api/alerts'] = list;
		await expect(lookUp('autotask-1')).resolves.toMatchObject({ id: 1 });
	});
});

describe('look-up bounded by report time (a ticket created minutes ago)', () => {
	const T = Date.parse('2026-12-02T10:00:00Z');
	/** The scripted ilert's alerts, filtered by states and from as ilert filters them. */
	let all: Array<Record<string, unknown>> = [];
	const at = (minutesAfterT: number) => new Date(T + minutesAfterT * 60_000).toISOString();
	const dated = (id: number, key: string, status: string, minutes: number) => ({
		...alert(id, key, status),
		reportTime: at(minutes),
	});
	const since = async (key: string, minutes: number) =>
		await findAlertsReportedSince(ctx(), {
			alertSourceId: 1001,
			alertKey: key,
			reportedSince: T + minutes * 60_000,
		});
	const alertQueries = () =>
		server.requests.filter((r) => r.path === '/api/alerts').map((r) => r.query);

	beforeEach(() => {
		all = [];
		const filtered = (req: ServerRequest) => {
			const states = req.query.getAll('states');
			const from = req.query.get('from');
			return all
				.filter((a) => !states.length || states.includes(String(a.status)))
				.filter((a) => !from || Date.parse(String(a.reportTime)) >= Date.parse(from))
				.sort((a, b) => Date.parse(String(b.reportTime)) - Date.parse(String(a.reportTime)));
		};
		routes['GET /api/alerts'] = (req) => {
			const start = Number(req.query.get('start-index'));
			return { body: filtered(req).slice(start, start + Number(req.query.get('max-results'))) };
		};
		routes['GET /api/alerts/count'] = (req) => ({ body: { count: filtered(req).length } });
	});

	it('lists open and resolved alerts since the bound, in 10-minute steps: one short page', async () => {
		all = [
			...Array.from({ length: 150 }, (_, i) => dated(100 + i, `older-${i}`, 'PENDING', -120)),
			dated(1, 'autotask-7', 'RESOLVED', 2),
			dated(2, 'autotask-7', 'PENDING', 4),
		];
		const found = await since('autotask-7', 7);
		expect(found.map((a) => [a.id, a.status])).toEqual([
			[2, 'PENDING'],
			[1, 'RESOLVED'],
		]);
		const [query] = alertQueries();
		expect(alertQueries()).toHaveLength(1);
		expect(query.getAll('states')).toEqual(['PENDING', 'ACCEPTED', 'RESOLVED']);
		expect(query.get('from')).toBe(new Date(T).toISOString());
		expect(REPORTED_SINCE_STEP_MS).toBe(10 * 60_000);
		await expect(since('autotask-8', 7)).resolves.toEqual([]);
	});

	it('look-ups bounded within the same step share a running listing; other steps list apart', async () => {
		all = [dated(1, 'autotask-1', 'PENDING', 1), dated(2, 'autotask-2', 'RESOLVED', 3)];
		const found = await Promise.all([
			since('autotask-1', 1),
			since('autotask-2', 9),
			since('autotask-3', 11),
		]);
		expect(found.map((f) => f.map((a) => a.id))).toEqual([[1], [2], []]);
		expect(alertQueries().map((q) => q.get('from'))).toEqual([new Date(T).toISOString(), at(10)]);
	});

	it('a completed listing answers only with an open alert; "resolved" and "none" are asked again', async () => {
		all = [dated(1, 'autotask-1', 'ACCEPTED', 1), dated(2, 'autotask-2', 'RESOLVED', 1)];
		await since('autotask-1', 0);
		await expect(since('autotask-1', 0)).resolves.toMatchObject([{ id: 1 }]);
		expect(alertQueries()).toHaveLength(1);
		// Reopened by another process since: a stale "resolved" would leave a Complete ticket's alert open.
		all.push(dated(3, 'autotask-2', 'PENDING', 2));
		const again = await since('autotask-2', 0);
		expect(again.map((a) => a.id)).toEqual([3, 2]);
		expect(alertQueries()).toHaveLength(2);
	});

	it('a miss over a full page is counted with the same bound', async () => {
		all = Array.from({ length: 100 }, (_, i) => dated(100 + i, `other-${i}`, 'RESOLVED', 1));
		await expect(since('autotask-1', 0)).resolves.toEqual([]);
		const count = server.requests.find((r) => r.path === '/api/alerts/count');
		expect(count?.query.get('from')).toBe(new Date(T).toISOString());
		expect(count?.query.getAll('states')).toEqual(['PENDING', 'ACCEPTED', 'RESOLVED']);
	});

	it('keeps bounded and open-only listings apart', async () => {
		all = [dated(1, 'autotask-1', 'PENDING', 1)];
		await since('autotask-1', 0);
		await expect(lookUp('autotask-1')).resolves.toMatchObject({ id: 1 });
		expect(alertQueries().map((q) => q.get('from'))).toEqual([new Date(T).toISOString(), null]);
	});
});
