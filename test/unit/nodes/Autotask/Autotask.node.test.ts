import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Autotask } from '../../../../nodes/Autotask/Autotask.node';
import { startAutotaskSimulator } from '../../../simulators';
import {
	autotaskSimulatorCredential,
	createExecuteContext,
	type MockExecuteFunctions,
	type ParameterValue,
} from '../../../support';

type Sim = Awaited<ReturnType<typeof startAutotaskSimulator>>;

let sim: Sim;

function autotaskCredentials(maxRetryWaitSeconds?: number) {
	return { autotaskIlertAutotaskApi: autotaskSimulatorCredential(sim, { maxRetryWaitSeconds }) };
}

async function run(
	parameters: Record<string, ParameterValue>,
	items: INodeExecutionData[] = [{ json: {} }],
	continueOnFail = false,
	maxRetryWaitSeconds?: number,
): Promise<{ out: IDataObject[]; ctx: MockExecuteFunctions }> {
	const ctx = createExecuteContext({
		parameters,
		items,
		credentials: autotaskCredentials(maxRetryWaitSeconds),
		continueOnFail,
		node: { name: 'Autotask', type: 'n8n-nodes-autotask-ilert.autotask' },
	});
	const [out] = await new Autotask().execute.call(ctx);
	return { out: out.map((i) => i.json), ctx };
}

function nodeRequests(ctx: MockExecuteFunctions, method: string, path: RegExp) {
	return ctx.mock.requests.filter(
		(r) =>
			r.credentialType !== undefined && r.method === method && path.test(new URL(r.url).pathname),
	);
}

beforeAll(async () => {
	sim = await startAutotaskSimulator();
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => {
	sim.reset();
});

describe('Autotask node description', () => {
	it('is usable as a tool', () => {
		const { description } = new Autotask();
		expect(description).toMatchObject({
			name: 'autotask',
			displayName: 'Autotask',
			usableAsTool: true,
			version: 1,
		});
	});
});

describe('Ticket: Get', () => {
	it('gets a ticket by id and by ticket number', async () => {
		const byId = await run({ resource: 'ticket', operation: 'get', ticketId: '10001' });
		expect(byId.out[0]).toMatchObject({ id: 10001, title: 'Server SRV-01 is down' });
		const number = String(byId.out[0].ticketNumber);
		const byNumber = await run({ resource: 'ticket', operation: 'get', ticketId: number });
		expect(byNumber.out[0].id).toBe(10001);
	});

	it('fails clearly for a missing ticket and for garbage', async () => {
		await expect(run({ resource: 'ticket', operation: 'get', ticketId: '99999' })).rejects.toThrow(
			'Autotask has no ticket "99999"',
		);
		await expect(run({ resource: 'ticket', operation: 'get', ticketId: 'abc' })).rejects.toThrow(
			'neither a ticket ID nor a ticket number',
		);
	});

	it('retries a 429 and a 5xx', async () => {
		sim.faults.add({ method: 'GET', path: /\/Tickets\/10001$/, status: 429, times: 1 });
		sim.faults.add({ method: 'GET', path: /\/Tickets\/10001$/, status: 503, times: 1 });
		const { out, ctx } = await run({ resource: 'ticket', operation: 'get', ticketId: '10001' });
		expect(out[0].id).toBe(10001);
		expect(nodeRequests(ctx, 'GET', /\/Tickets\/10001$/).map((r) => r.statusCode)).toEqual([
			429, 503, 200,
		]);
	}, 60000);
});

describe('Ticket: Get Many', () => {
	it('filters by status label picker values', async () => {
		const { out } = await run({
			resource: 'ticket',
			operation: 'getMany',
			returnAll: true,
			filters: { statuses: ['8'] },
		});
		expect(out.map((t) => t.id)).toEqual([10002]);
	});

	it('follows pageDetails.nextPageUrl with Return All', async () => {
		for (let i = 0; i < 620; i++) {
			sim.createTicket(
				{ title: `Bulk ${i}`, status: 1, priority: 2, companyID: 174, queueID: 8 },
				{ fire: false },
			);
		}
		const { out, ctx } = await run({
			resource: 'ticket',
			operation: 'getMany',
			returnAll: true,
			filters: { queues: ['8'] },
		});
		expect(out.length).toBe(621);
		expect(new Set(out.map((t) => t.id)).size).toBe(621);
		const queries = ctx.mock.requests.filter(
			(r) => r.credentialType !== undefined && /Tickets\/query/i.test(r.url),
		);
		expect(queries.length).toBeGreaterThanOrEqual(2);
		const limited = await run({
			resource: 'ticket',
			operation: 'getMany',
			returnAll: false,
			limit: 7,
		});
		expect(limited.out).toHaveLength(7);
	}, 60000);

	it('passes a custom filter through and rejects a malformed one', async () => {
		const { out } = await run({
			resource: 'ticket',
			operation: 'getMany',
			returnAll: true,
			filters: { customFilter: '[{"op":"contains","field":"title","value":"printer"}]' },
		});
		expect(out.map((t) => t.id)).toEqual([10003]);
		await expect(
			run({
				resource: 'ticket',
				operation: 'getMany',
				returnAll: true,
				filters: { customFilter: '{"op":1}' },
			}),
		).rejects.toThrow('Custom Filter must be a JSON array');
	});

	it("carries Autotask's error text (a query is a read: its 500 is retried within the budget, here none)", async () => {
		await expect(
			run(
				{
					resource: 'ticket',
					operation: 'getMany',
					returnAll: true,
					filters: { customFilter: '[{"op":"eq","field":"noSuchField","value":1}]' },
				},
				undefined,
				false,
				0,
			),
		).rejects.toThrow(/noSuchField/i);
	});
});

describe('Ticket: Update', () => {
	it('sets status and priority by picker id or typed label, and reports what changed', async () => {
		const { out, ctx } = await run({
			resource: 'ticket',
			operation: 'update',
			ticketId: '10001',
			status: 'In Progress',
			priority: '1',
		});
		expect(out[0]).toMatchObject({
			id: 10001,
			noOp: false,
			changed: { status: { from: 1, to: 8 }, priority: { from: 4, to: 1 } },
			ticket: { id: 10001, status: 8, priority: 1 },
		});
		const [patch] = nodeRequests(ctx, 'PATCH', /\/Tickets$/);
		expect(patch.body).toEqual({ id: 10001, status: 8, priority: 1 });
		expect(sim.getTicket(10001)).toMatchObject({ status: 8, priority: 1 });
	});

	it('does nothing when the ticket already has the values (no PATCH, no echo)', async () => {
		const { out, ctx } = await run({
			resource: 'ticket',
			operation: 'update',
			ticketId: '10002',
			status: '8',
		});
		expect(out[0]).toMatchObject({ noOp: true, reason: 'The ticket already has these values' });
		expect(nodeRequests(ctx, 'PATCH', /\/Tickets$/)).toHaveLength(0);
	});

	it('rejects an unknown status label listing the valid ones', async () => {
		const error = (await run({
			resource: 'ticket',
			operation: 'update',
			ticketId: '10001',
			status: 'Almost Done',
		}).then(
			() => ({ message: 'no error', description: '' }),
			(e: unknown) => e as { message: string; description: string },
		)) as { message: string; description: string };
		expect(error.message).toBe('Unknown status "Almost Done"');
		expect(error.description).toContain('In Progress (8)');
		expect(error.description).toContain('Complete (5)');
	});

	it('assigns a resource with its default role, or with the given role', async () => {
		const { out, ctx } = await run({
			resource: 'ticket',
			operation: 'update',
			ticketId: '10001',
			updateFields: { assignedResourceID: '29682887' },
		});
		expect(nodeRequests(ctx, 'PATCH', /\/Tickets$/)[0].body).toEqual({
			id: 10001,
			assignedResourceID: 29682887,
			assignedResourceRoleID: 29683462,
		});
		expect(out[0].ticket).toMatchObject({
			assignedResourceID: 29682887,
			assignedResourceRoleID: 29683462,
		});
	});

	it('refuses a role without a resource (Autotask needs both)', async () => {
		await expect(
			run({
				resource: 'ticket',
				operation: 'update',
				ticketId: '10001',
				updateFields: { assignedResourceRoleID: 5 },
			}),
		).rejects.toThrow('Assigned Resource Role ID needs an Assigned Resource');
	});

	it('updates any other field by name and queue by label', async () => {
		const { ctx } = await run({
			resource: 'ticket',
			operation: 'update',
			ticketId: '10001',
			updateFields: { queueID: 'Level II Support', title: 'Server SRV-01 is down (again)' },
			otherFields: {
				field: [
					{ name: 'issueType', value: '7' },
					{ name: 'resolution', value: 'Rebooted' },
				],
			},
		});
		expect(nodeRequests(ctx, 'PATCH', /\/Tickets$/)[0].body).toEqual({
			id: 10001,
			queueID: 29682969,
			title: 'Server SRV-01 is down (again)',
			issueType: 7,
			resolution: 'Rebooted',
		});
	});

	it('continues on fail per item', async () => {
		const ctx = createExecuteContext({
			parameters: {
				resource: 'ticket',
				operation: 'update',
				ticketId: (i: number) => (i === 0 ? '10001' : '424242'),
				status: '8',
			},
			items: [{ json: {} }, { json: {} }],
			credentials: autotaskCredentials(),
			continueOnFail: true,
		});
		const [out] = await new Autotask().execute.call(ctx);
		expect(out[0].json).toMatchObject({ noOp: false });
		expect(out[1].json.error).toContain('424242');
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Ticket: Add Note', () => {
	it('posts a note with the tenant defaults for type and publish', async () => {
		const { out, ctx } = await run({
			resource: 'ticket',
			operation: 'addNote',
			ticketId: '10001',
			title: 'ilert',
			description: 'Alert resolved in ilert by Ann Lee',
		});
		expect(out[0]).toMatchObject({ ticketID: 10001, noteType: 1, publish: 1, title: 'ilert' });
		expect(typeof out[0].id).toBe('number');
		expect(nodeRequests(ctx, 'POST', /\/Tickets\/10001\/Notes$/)).toHaveLength(1);
		expect(sim.state.notes).toEqual([
			expect.objectContaining({
				ticketID: 10001,
				description: 'Alert resolved in ilert by Ann Lee',
			}),
		]);
	});

	it('accepts labels for note type and publish', async () => {
		const { out } = await run({
			resource: 'ticket',
			operation: 'addNote',
			ticketId: '10001',
			description: 'x',
			noteType: 'Task Detail',
			publish: 'Internal Users Only',
		});
		expect(out[0]).toMatchObject({ noteType: 2, publish: 2 });
	});
});

describe('Picklist and Resource', () => {
	it('gets the values of a picklist', async () => {
		const { out } = await run({
			resource: 'picklist',
			operation: 'getValues',
			entity: 'Tickets',
			field: 'priority',
		});
		expect(out.map((v) => v.label)).toEqual(
			expect.arrayContaining(['Critical', 'High', 'Medium', 'Low']),
		);
		expect(out).toHaveLength(4);
	});

	it('finds a resource by email, case-insensitively, skipping inactive ones', async () => {
		const { out } = await run({
			resource: 'resource',
			operation: 'findByEmail',
			email: 'Jane.Tech@example.com',
		});
		expect(out).toEqual([
			expect.objectContaining({ id: 29682886, defaultServiceDeskRoleID: 29683461 }),
		]);
		const inactive = await run({
			resource: 'resource',
			operation: 'findByEmail',
			email: 'former.employee@example.com',
		});
		expect(inactive.out).toEqual([]);
		const none = await run({
			resource: 'resource',
			operation: 'findByEmail',
			email: 'nobody@example.com',
		});
		expect(none.out).toEqual([]);
	});
});
