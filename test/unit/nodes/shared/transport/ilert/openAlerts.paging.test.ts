jest.mock('n8n-workflow', () =>
	jest.requireActual('../../../../support/recordedSleep').n8nWorkflowWithRecordedSleep(),
);

import {
	findOpenAlertByKey,
	invalidateOpenAlert,
	listIlertAlerts,
	sendIlertEvent,
} from '../../../../../../nodes/shared/transport/ilert';
import {
	ilertAlert as alert,
	type Route,
	useScriptedIlert,
} from '../../../../support/scriptedIlert';

const { routes, server, ctxWith } = useScriptedIlert();

/** A GET /api/alerts route that pages the given list by start-index / max-results, as ilert does. */
function pagesOf(list: (startIndex: number) => ReturnType<typeof alert>[]): Route {
	return (req) => {
		const start = Number(req.query.get('start-index') ?? 0);
		return { body: list(start).slice(start, start + Number(req.query.get('max-results') ?? 100)) };
	};
}

describe('open alert lookup', () => {
	it('pages through open alerts of the source (100 per page) and matches the key case-insensitively', async () => {
		const open = [...Array.from({ length: 205 }, (_, i) => alert(1000 + i, `other-${i}`))];
		open[203] = alert(5, 'AUTOTASK-42 ', 'ACCEPTED');
		routes['GET /api/alerts'] = (req) => {
			const start = Number(req.query.get('start-index'));
			const max = Number(req.query.get('max-results'));
			return { body: open.slice(start, start + max) };
		};
		const ctx = ctxWith();
		await expect(
			findOpenAlertByKey(ctx, { alertSourceId: 1001, alertKey: 'autotask-42' }),
		).resolves.toMatchObject({ id: 5, status: 'ACCEPTED' });
		// Pages overlap by 10 alerts (an alert resolved while paging must not hide another).
		expect(server.requests.map((r) => r.query.get('start-index'))).toEqual(['0', '90', '180']);
		const [first] = server.requests;
		expect(first.query.getAll('states')).toEqual(['PENDING', 'ACCEPTED']);
		expect(first.query.get('sources')).toBe('1001');
		expect(first.query.get('max-results')).toBe('100');

		// cached: no further request
		await findOpenAlertByKey(ctx, { alertSourceId: 1001, alertKey: 'Autotask-42' });
		expect(server.requests).toHaveLength(3);
		// invalidated explicitly (and by sendIlertEvent): asks again
		invalidateOpenAlert('autotask-42');
		await findOpenAlertByKey(ctx, { alertSourceId: 1001, alertKey: 'autotask-42' });
		expect(server.requests).toHaveLength(6);
		routes['POST /api/events'] = () => ({ status: 202, body: '' });
		await sendIlertEvent(ctx, { eventType: 'ACCEPT', alertKey: 'autotask-42', summary: 'x' });
		await findOpenAlertByKey(ctx, { alertSourceId: 1001, alertKey: 'autotask-42' });
		expect(server.requests.filter((r) => r.path === '/api/alerts')).toHaveLength(9);
	});

	it('returns undefined when no open alert has the key: one short page is one read, nothing to count', async () => {
		routes['GET /api/alerts'] = () => ({ body: [alert(1, 'autotask-1')] });
		routes['GET /api/alerts/count'] = () => ({ body: { count: 1 } });
		await expect(
			findOpenAlertByKey(ctxWith(), { alertKey: 'autotask-2' }),
		).resolves.toBeUndefined();
		expect(server.requests[0].query.get('sources')).toBeNull();
		expect(server.requests[0].query.getAll('states')).toEqual(['PENDING', 'ACCEPTED']);
		expect(server.requests.map((r) => r.path)).toEqual(['/api/alerts']);
	});

	it("checks a miss over several pages against ilert's count, with the same filters", async () => {
		const open = Array.from({ length: 100 }, (_, i) => alert(1000 + i, `other-${i}`));
		routes['GET /api/alerts'] = pagesOf(() => open);
		routes['GET /api/alerts/count'] = () => ({ body: { count: open.length } });
		await expect(
			findOpenAlertByKey(ctxWith(), { alertKey: 'autotask-2' }),
		).resolves.toBeUndefined();
		expect(server.requests.map((r) => r.path)).toEqual([
			'/api/alerts',
			'/api/alerts',
			'/api/alerts/count',
		]);
		expect(server.requests[2].query.getAll('states')).toEqual(['PENDING', 'ACCEPTED']);
	});

	it('finds an alert although others are resolved between page reads (they shift the rest left)', async () => {
		const open = Array.from({ length: 250 }, (_, i) => alert(1000 + i, `other-${i}`));
		open[100] = alert(7, 'autotask-77', 'PENDING');
		let reads = 0;
		routes['GET /api/alerts'] = (req) => {
			const start = Number(req.query.get('start-index'));
			const page = open.slice(start, start + Number(req.query.get('max-results')));
			// After each page read, three alerts near the top get resolved (leave the open list).
			if (++reads < 3) open.splice(5, 3);
			return { body: page };
		};
		routes['GET /api/alerts/count'] = () => ({ body: { count: open.length } });
		await expect(findOpenAlertByKey(ctxWith(), { alertKey: 'autotask-77' })).resolves.toMatchObject(
			{ id: 7 },
		);
	});

	it('searches again when ilert counts more open alerts than the listing returned', async () => {
		const others = Array.from({ length: 100 }, (_, i) => alert(1000 + i, `other-${i}`));
		let listings = 0;
		routes['GET /api/alerts'] = pagesOf((start) => {
			if (start === 0) listings++;
			// The first listing misses the alert (the list changed under it); the second sees it.
			return listings === 1 ? others : [...others, alert(9, 'autotask-9')];
		});
		routes['GET /api/alerts/count'] = () => ({ body: { count: 101 } });
		await expect(findOpenAlertByKey(ctxWith(), { alertKey: 'autotask-9' })).resolves.toMatchObject({
			id: 9,
		});
		expect(server.requests.map((r) => r.path)).toEqual([
			'/api/alerts',
			'/api/alerts',
			'/api/alerts/count',
			'/api/alerts',
			'/api/alerts',
		]);
	});

	it('gives up after three searches that keep changing, answering not found', async () => {
		const others = Array.from({ length: 100 }, (_, i) => alert(1000 + i, `other-${i}`));
		routes['GET /api/alerts'] = pagesOf(() => others);
		routes['GET /api/alerts/count'] = () => ({ body: { count: 105 } });
		await expect(
			findOpenAlertByKey(ctxWith(), { alertKey: 'autotask-3' }),
		).resolves.toBeUndefined();
		// Three listings of two pages each.
		expect(server.requests.filter((r) => r.path === '/api/alerts')).toHaveLength(6);
	});

	it('lists alerts with a limit across pages', async () => {
		const all = Array.from({ length: 150 }, (_, i) => alert(i + 1, `k-${i}`));
		routes['GET /api/alerts'] = (req) => {
			const start = Number(req.query.get('start-index'));
			return { body: all.slice(start, start + Number(req.query.get('max-results'))) };
		};
		const some = await listIlertAlerts(ctxWith(), { states: ['PENDING'], limit: 120 });
		expect(some).toHaveLength(120);
		expect(
			server.requests.map((r) => [r.query.get('start-index'), r.query.get('max-results')]),
		).toEqual([
			['0', '100'],
			['100', '20'],
		]);
		server.requests.length = 0;
		const every = await listIlertAlerts(ctxWith(), { returnAll: true });
		expect(every).toHaveLength(150);
		expect(new Set(every.map((a) => a.id)).size).toBe(150);
		// Overlapping pages: 0-99, 90-149.
		expect(server.requests.map((r) => r.query.get('start-index'))).toEqual(['0', '90']);
	});
});
