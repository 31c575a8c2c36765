jest.mock('n8n-workflow', () =>
	jest.requireActual('../../../../support/recordedSleep').n8nWorkflowWithRecordedSleep(),
);

import {
	autotaskQuery,
	getTicketByNumber,
} from '../../../../../../nodes/shared/transport/autotask';
import { apiPath, useScriptedAutotask } from '../../../../support/scriptedAutotask';

const { routes, server, ctxWith } = useScriptedAutotask();

describe('Autotask transport: paging', () => {
	it('follows nextPageUrl by re-POSTing the body, falls back to GET on 405, and honours limit', async () => {
		const pages: Record<string, number[]> = { '1': [1, 2], '2': [3, 4], '3': [5, 6] };
		const page = (p: string) => ({
			items: pages[p].map((id) => ({ id })),
			pageDetails: {
				count: 2,
				nextPageUrl:
					p === '3'
						? null
						: `${server.url}/atservicesrest/v1.0/Tickets/query/next?page=${Number(p) + 1}`,
			},
		});
		const bodies: unknown[] = [];
		routes['POST /Tickets/query'] = (req) => {
			bodies.push(req.body);
			return { body: page('1') };
		};
		routes['POST /Tickets/query/next'] = (req) =>
			req.query.get('page') === '3'
				? {
						status: 405,
						body: { errors: ['The requested resource does not support http method POST.'] },
					}
				: { body: page(req.query.get('page')!) };
		routes['GET /Tickets/query/next'] = (req) => ({ body: page(req.query.get('page')!) });
		const all = await autotaskQuery(
			ctxWith(),
			'Tickets',
			{ filter: [{ op: 'gt', field: 'id', value: 0 }] },
			{ returnAll: true },
		);
		expect(all.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6]);
		expect(bodies[0]).toEqual({ Filter: [{ op: 'gt', field: 'id', value: 0 }], MaxRecords: 500 });
		expect(
			server.requests
				.filter((r) => apiPath(r).startsWith('/Tickets/query'))
				.map((r) => `${r.method} ${r.query.get('page') ?? 1}`),
		).toEqual(['POST 1', 'POST 2', 'POST 3', 'GET 3']);
		server.requests.length = 0;
		const three = await autotaskQuery(
			ctxWith(),
			'Tickets',
			{ filter: [{ op: 'gt', field: 'id', value: 0 }] },
			{ limit: 3 },
		);
		expect(three.map((t) => t.id)).toEqual([1, 2, 3]);
		expect(bodies[1]).toEqual({ Filter: [{ op: 'gt', field: 'id', value: 0 }], MaxRecords: 3 });
	});

	it('refuses to send the credential to a next-page link on another host', async () => {
		routes['POST /Tickets/query'] = () => ({
			body: {
				items: [{ id: 1 }],
				pageDetails: {
					nextPageUrl: 'https://evil.example.com/atservicesrest/v1.0/Tickets/query/next',
				},
			},
		});
		await expect(
			autotaskQuery(ctxWith(), 'Tickets', { filter: [] }, { returnAll: true }),
		).rejects.toThrow(/another host/);
	});

	it('finds a ticket by number with a one-record query', async () => {
		routes['POST /Tickets/query'] = (req) => {
			expect(req.body).toEqual({
				Filter: [{ op: 'eq', field: 'ticketNumber', value: 'T20261128.0042' }],
				MaxRecords: 1,
			});
			return {
				body: {
					items: [{ id: 42, ticketNumber: 'T20261128.0042' }],
					pageDetails: { nextPageUrl: null },
				},
			};
		};
		await expect(getTicketByNumber(ctxWith(), ' T20261128.0042 ')).resolves.toEqual({
			id: 42,
			ticketNumber: 'T20261128.0042',
		});
	});
});
