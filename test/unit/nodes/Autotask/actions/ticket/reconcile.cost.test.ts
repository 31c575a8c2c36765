/**
 * Requests per reconcile sweep, counted by the simulators, for 10, 100 and 1,000 open alerts.
 *
 * Expected (n open alerts, c changed tickets of which k also have an open alert, m companies):
 * - ilert: the open listing in pages of 100 that overlap by 10 (1 page below 100 alerts, else
 *   floor((n-100)/90)+2), plus 1 count, plus the resolved listing (1 page here) only when a
 *   changed ticket has no open alert;
 * - Autotask: the changed-tickets query (ceil(c/500) pages, at least 1) plus ceil((n-k)/500)
 *   id queries; a cold process adds 1 field-information read (picklists) and ceil(m/500)
 *   company queries, both cached afterwards.
 * Set RECONCILE_COST_REPORT=1 to print the figures.
 */
import type { IDataObject } from 'n8n-workflow';

import { Autotask } from '../../../../../../nodes/Autotask/Autotask.node';
import { startAutotaskSimulator, startIlertSimulator } from '../../../../../simulators';
import { autotaskSimulatorCredential, createExecuteContext } from '../../../../../support';
import { resetProcessState } from '../../../../../../nodes/shared/transport/processState';

type AutotaskSim = Awaited<ReturnType<typeof startAutotaskSimulator>>;
type IlertSim = Awaited<ReturnType<typeof startIlertSimulator>>;

let at: AutotaskSim;
let il: IlertSim;

/** The credential's own login check (preAuthentication), once per credential, not per sweep. */
const PRE_AUTHENTICATION = /\/Tickets\/entityInformation$/;

function expectedIlertRequests(n: number, resolvedListing: boolean): number {
	const openPages = n < 100 ? 1 : Math.floor((n - 100) / 90) + 2;
	return openPages + 1 + (resolvedListing ? 1 : 0);
}

function expectedAutotaskRequests(
	n: number,
	changed: number,
	changedWithAlert: number,
	companies: number,
	cold: boolean,
): number {
	const changedPages = Math.max(1, Math.ceil(changed / 500));
	const idQueries = Math.ceil((n - changedWithAlert) / 500);
	return changedPages + idQueries + (cold ? 1 + Math.ceil(companies / 500) : 0);
}

async function sweep(credentials: ReturnType<typeof credentialsFor>): Promise<IDataObject[]> {
	const ctx = createExecuteContext({
		parameters: {
			resource: 'ticket',
			operation: 'getToReconcile',
			alertSourceId: String(il.credentials.alertSourceId),
			changedWithinMinutes: 15,
			// The tickets change just before the sweep here: count them all.
			options: { settleSeconds: 0 },
		},
		credentials,
		node: { name: 'Reconcile', type: 'n8n-nodes-autotask-ilert.autotask' },
	});
	const [out] = await new Autotask().execute.call(ctx);
	return out.map((i) => i.json);
}

function credentialsFor() {
	return {
		autotaskIlertAutotaskApi: autotaskSimulatorCredential(at, { maxRetryWaitSeconds: 1 }),
		autotaskIlertIlertApi: {
			apiKey: il.credentials.apiKey,
			baseUrl: il.url,
			maxRetryWaitSeconds: 1,
		},
	};
}

/** n tickets with an open alert each, last changed two hours ago (their callouts long gone). */
function seedOpenAlerts(n: number): number[] {
	const ids: number[] = [];
	for (let i = 0; i < n; i++) {
		const created = at.createTicket(
			{
				title: `Load ${i}`,
				status: i % 3 === 0 ? 5 : i % 3 === 1 ? 8 : 1,
				priority: 2,
				companyID: i % 2 === 0 ? 174 : 175,
				queueID: 8,
			},
			{ fire: false },
		);
		const id = Number(created.id);
		at.state.tickets.get(id)!.lastActivityDate = new Date(
			Date.now() - 2 * 60 * 60 * 1000,
		).toISOString();
		il.createAlert({
			summary: `Ticket ${id}`,
			alertKey: `autotask-${id}`,
			alertSourceId: il.credentials.alertSourceId,
		});
		ids.push(id);
	}
	return ids;
}

function counts() {
	return {
		ilert: il.requests.filter((r) => r.path.startsWith('/api/')).length,
		autotask: at.requests.filter(
			(r) => r.path.startsWith('/atservicesrest/') && !PRE_AUTHENTICATION.test(r.path),
		).length,
	};
}

const figures: Array<Record<string, number | string>> = [];

beforeAll(async () => {
	[at, il] = await Promise.all([startAutotaskSimulator(), startIlertSimulator()]);
});

afterAll(async () => {
	await Promise.all([at?.close(), il?.close()]);
	if (process.env.RECONCILE_COST_REPORT) console.log(JSON.stringify(figures, null, 1));
});

beforeEach(() => {
	at.reset();
	il.reset();
	resetProcessState();
});

describe.each([10, 100, 1000])('a sweep over %i open alerts', (n) => {
	it('without changed tickets: ilert pages of the listing + count, Autotask 1 changed query + ceil(n/500) id queries', async () => {
		seedOpenAlerts(n);
		const credentials = credentialsFor();
		at.clearRequests();
		il.clearRequests();
		const cold = await sweep(credentials);
		const coldCounts = counts();
		at.clearRequests();
		il.clearRequests();
		const warm = await sweep(credentials);
		const warmCounts = counts();

		expect(cold).toHaveLength(n);
		expect(warm).toHaveLength(n);
		expect(coldCounts.ilert).toBe(expectedIlertRequests(n, false));
		expect(warmCounts.ilert).toBe(expectedIlertRequests(n, false));
		expect(coldCounts.autotask).toBe(expectedAutotaskRequests(n, 0, 0, 2, true));
		expect(warmCounts.autotask).toBe(expectedAutotaskRequests(n, 0, 0, 2, false));
		figures.push({
			openAlerts: n,
			changed: 0,
			ilert: warmCounts.ilert,
			autotaskCold: coldCounts.autotask,
			autotaskWarm: warmCounts.autotask,
		});
	}, 120000);

	it('with 5 changed tickets (3 without alert): the resolved listing is added once, changed ones are not read twice', async () => {
		const ids = seedOpenAlerts(n);
		at.updateTicket(ids[0], { priority: 1 }, { fire: false });
		at.updateTicket(ids[1], { priority: 1 }, { fire: false });
		for (let i = 0; i < 3; i++)
			at.createTicket(
				{ title: `Lost ${i}`, status: 1, priority: 2, companyID: 174 },
				{ fire: false },
			);
		const credentials = credentialsFor();
		at.clearRequests();
		il.clearRequests();
		const cold = await sweep(credentials);
		const coldCounts = counts();
		at.clearRequests();
		il.clearRequests();
		const warm = await sweep(credentials);
		const warmCounts = counts();

		expect(cold).toHaveLength(n + 3);
		expect(warm.map((j) => j.alertState).filter((s) => s === 'none')).toHaveLength(3);
		expect(coldCounts.ilert).toBe(expectedIlertRequests(n, true));
		expect(warmCounts.ilert).toBe(expectedIlertRequests(n, true));
		expect(coldCounts.autotask).toBe(expectedAutotaskRequests(n, 5, 2, 2, true));
		expect(warmCounts.autotask).toBe(expectedAutotaskRequests(n, 5, 2, 2, false));
		// No request outside the sweep's reads (e.g. one GET per ticket).
		expect(
			at.requests.filter((r) => r.method === 'GET' && /\/Tickets\/\d+$/.test(r.path)),
		).toHaveLength(0);
		figures.push({
			openAlerts: n,
			changed: 5,
			ilert: warmCounts.ilert,
			autotaskCold: coldCounts.autotask,
			autotaskWarm: warmCounts.autotask,
		});
	}, 120000);
});
