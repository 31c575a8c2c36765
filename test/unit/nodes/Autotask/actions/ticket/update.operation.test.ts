/**
 * Ticket › Update with Only Move Forward (the way back, issue 11.4) and the company / queue
 * restriction (issue 14.1), against the Autotask simulator.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Autotask } from '../../../../../../nodes/Autotask/Autotask.node';
import { startAutotaskSimulator } from '../../../../../simulators';
import {
	autotaskSimulatorCredential,
	createExecuteContext,
	type MockExecuteFunctions,
	type ParameterValue,
} from '../../../../../support';

type Sim = Awaited<ReturnType<typeof startAutotaskSimulator>>;

let sim: Sim;

// Seeded tickets: 10001 New (company 174, queue 8), 10002 In Progress (175, 29682833), 10003 Complete (174).
const NEW = '10001';
const IN_PROGRESS = '10002';
const COMPLETE = '10003';
const TECHNICIAN = '29682887';

async function run(
	parameters: Record<string, ParameterValue>,
	items: INodeExecutionData[] = [{ json: {} }],
	continueOnFail = false,
): Promise<{ out: INodeExecutionData[]; ctx: MockExecuteFunctions }> {
	const ctx = createExecuteContext({
		parameters: { resource: 'ticket', operation: 'update', ...parameters },
		items,
		credentials: { autotaskIlertAutotaskApi: autotaskSimulatorCredential(sim) },
		continueOnFail,
		node: { name: 'Autotask', type: 'n8n-nodes-autotask-ilert.autotask' },
	});
	const [out] = await new Autotask().execute.call(ctx);
	return { out, ctx };
}

function patches(ctx: MockExecuteFunctions) {
	return ctx.mock.requests.filter(
		(r) =>
			r.credentialType !== undefined &&
			r.method === 'PATCH' &&
			/\/Tickets$/.test(new URL(r.url).pathname),
	);
}

const forward = { onlyMoveForward: true };

beforeAll(async () => {
	sim = await startAutotaskSimulator();
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => sim.reset());

describe('Ticket › Update › Only Move Forward', () => {
	it('does not reopen a Complete ticket because of an accept: skipped with the reason and pairedItem, no PATCH', async () => {
		const { out, ctx } = await run({
			ticketId: COMPLETE,
			status: 'In Progress',
			updateFields: { assignedResourceID: TECHNICIAN },
			options: forward,
		});
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].json).toMatchObject({
			id: 10003,
			skipped: true,
			noOp: true,
			reason: expect.stringMatching(/Complete or Denied.*never changes a closed ticket/),
			statusMove: {
				from: { id: 5, label: 'Complete', class: 'closed' },
				to: { id: 8, label: 'In Progress', class: 'inProgress' },
			},
			ticket: { id: 10003, status: 5 },
		});
		expect(patches(ctx)).toHaveLength(0);
		expect(sim.getTicket(10003)).toMatchObject({ status: 5 });
	});

	it('leaves a Complete ticket alone even for a write without a status (e.g. the assignment)', async () => {
		const { out, ctx } = await run({
			ticketId: COMPLETE,
			updateFields: { assignedResourceID: TECHNICIAN },
			options: forward,
		});
		expect(out[0].json).toMatchObject({ skipped: true, statusMove: { to: null } });
		expect(patches(ctx)).toHaveLength(0);
	});

	it('writes forward moves: New -> In Progress with the assignment in one PATCH', async () => {
		const { out, ctx } = await run({
			ticketId: NEW,
			status: 'In Progress',
			updateFields: { assignedResourceID: TECHNICIAN },
			options: forward,
		});
		expect(out[0].json).toMatchObject({
			noOp: false,
			statusMove: {
				from: { class: 'new' },
				to: { class: 'inProgress' },
				reason: expect.stringMatching(/forward/),
			},
			ticket: { status: 8, assignedResourceID: 29682887 },
		});
		expect(out[0].json.skipped).toBeUndefined();
		expect(patches(ctx).map((p) => p.body)).toEqual([
			{ id: 10001, status: 8, assignedResourceID: 29682887, assignedResourceRoleID: 29683462 },
		]);
	});

	it('writes forward moves: In Progress -> Complete', async () => {
		const { out, ctx } = await run({ ticketId: IN_PROGRESS, status: 'Complete', options: forward });
		expect(out[0].json).toMatchObject({ noOp: false, ticket: { status: 5 } });
		expect(patches(ctx)).toHaveLength(1);
		expect(sim.getTicket(10002)).toMatchObject({ status: 5 });
	});

	it("skips the package's own accept coming back: an In Progress ticket is not re-assigned", async () => {
		const before = sim.getTicket(10002);
		const { out, ctx } = await run({
			ticketId: IN_PROGRESS,
			status: '8',
			updateFields: { assignedResourceID: '29682886' },
			options: forward,
		});
		expect(out[0].json).toMatchObject({
			skipped: true,
			reason: expect.stringMatching(/already In Progress/),
		});
		expect(patches(ctx)).toHaveLength(0);
		expect(sim.getTicket(10002)).toMatchObject({ assignedResourceID: before?.assignedResourceID });
	});

	it('skips sideways and backward moves: Waiting Customer -> In Progress, In Progress -> New', async () => {
		sim.updateTicket(10001, { status: 7 }, { fire: false });
		const waiting = await run({ ticketId: NEW, status: 'In Progress', options: forward });
		expect(waiting.out[0].json).toMatchObject({
			skipped: true,
			statusMove: { from: { class: 'onHold' } },
		});
		const back = await run({ ticketId: IN_PROGRESS, status: 'New', options: forward });
		expect(back.out[0].json).toMatchObject({ skipped: true, statusMove: { to: { class: 'new' } } });
		expect([...patches(waiting.ctx), ...patches(back.ctx)]).toHaveLength(0);
	});

	it('a custom status ("Dispatched", Any Other Status) may be completed but is not set In Progress', async () => {
		sim.updateTicket(10001, { status: 10 }, { fire: false });
		const accept = await run({ ticketId: NEW, status: 'In Progress', options: forward });
		expect(accept.out[0].json).toMatchObject({
			skipped: true,
			reason: expect.stringMatching(/custom status/),
		});
		const resolve = await run({ ticketId: NEW, status: 'Complete', options: forward });
		expect(resolve.out[0].json).toMatchObject({ noOp: false, ticket: { status: 5 } });
	});

	it("places the tenant's own statuses where Status Classes says (by id or label)", async () => {
		sim.updateTicket(10001, { status: 10 }, { fire: false });
		const asNew = await run({
			ticketId: NEW,
			status: 'In Progress',
			options: { ...forward, forwardStatusClasses: { values: [{ status: '10', class: 'new' }] } },
		});
		expect(asNew.out[0].json).toMatchObject({
			noOp: false,
			statusMove: { from: { id: 10, label: 'Dispatched', class: 'new' } },
		});
		sim.updateTicket(10001, { status: 18 }, { fire: false });
		const asClosed = await run({
			ticketId: NEW,
			status: 'Complete',
			options: {
				...forward,
				forwardStatusClasses: { values: [{ status: 'customer note added', class: 'closed' }] },
			},
		});
		expect(asClosed.out[0].json).toMatchObject({
			skipped: true,
			statusMove: { from: { class: 'closed' } },
		});
		await expect(
			run({
				ticketId: NEW,
				status: 'Complete',
				options: {
					...forward,
					forwardStatusClasses: { values: [{ status: '18', class: 'done' }] },
				},
			}),
		).rejects.toThrow('Unknown status class "done"');
	});

	it("decides on the ticket as Autotask has it now, not on the item's copy", async () => {
		// The workflow's item still says New; the ticket was completed in Autotask meanwhile.
		sim.updateTicket(10001, { status: 5 }, { fire: false });
		const { out, ctx } = await run({ ticketId: NEW, status: 'In Progress', options: forward }, [
			{ json: { ticket: { id: 10001, status: { id: 1, label: 'New' } } } },
		]);
		expect(out[0].json).toMatchObject({ skipped: true, statusMove: { from: { class: 'closed' } } });
		expect(patches(ctx)).toHaveLength(0);
	});

	it('skipped and written items keep their pairedItem in a batch', async () => {
		const ids = [NEW, COMPLETE, IN_PROGRESS];
		const { out, ctx } = await run(
			{ ticketId: (i: number) => ids[i], status: 'In Progress', options: forward },
			ids.map(() => ({ json: {} })),
		);
		expect(out.map((o) => [o.pairedItem, o.json.id, o.json.skipped === true])).toEqual([
			[{ item: 0 }, 10001, false],
			[{ item: 1 }, 10003, true],
			[{ item: 2 }, 10002, true],
		]);
		expect(patches(ctx)).toHaveLength(1);
	});

	it('is off by default: without it a Complete ticket can still be reopened (ordinary update)', async () => {
		const { out, ctx } = await run({ ticketId: COMPLETE, status: 'In Progress' });
		expect(out[0].json).toMatchObject({ noOp: false, ticket: { status: 8 } });
		expect(out[0].json.statusMove).toBeUndefined();
		expect(patches(ctx)).toHaveLength(1);
	});
});

describe('Ticket › Update › Only Companies / Only Queues', () => {
	it('refuses a ticket of another company with a clear item error and writes nothing', async () => {
		const error = (await run({
			ticketId: IN_PROGRESS,
			status: 'Complete',
			options: { onlyCompanies: '174, 176' },
		}).then(
			() => undefined,
			(e: unknown) => e,
		)) as { message: string; description?: string; context?: IDataObject } | undefined;
		expect(error?.message).toBe(
			'Ticket 10002 belongs to company 175, which this node may not write; nothing was written',
		);
		expect(error?.description).toBe('Only Companies allows: 174, 176');
		expect(sim.getTicket(10002)).toMatchObject({ status: 8 });
	});

	it('writes tickets of an allowed company; with Continue On Fail the refused item is an error item with its pairedItem', async () => {
		const ids = [NEW, IN_PROGRESS];
		const { out, ctx } = await run(
			{ ticketId: (i: number) => ids[i], status: 'Complete', options: { onlyCompanies: '174' } },
			ids.map(() => ({ json: {} })),
			true,
		);
		expect(out[0].json).toMatchObject({ id: 10001, noOp: false });
		expect(out[1]).toEqual({
			json: expect.objectContaining({ error: expect.stringContaining('company 175') }),
			pairedItem: { item: 1 },
		});
		expect(patches(ctx).map((p) => (p.body as IDataObject).id)).toEqual([10001]);
	});

	it('refuses a ticket outside the chosen queues, and a company list that is not IDs', async () => {
		await expect(
			run({ ticketId: IN_PROGRESS, status: 'Complete', options: { onlyQueues: ['8'] } }),
		).rejects.toThrow(
			'Ticket 10002 is in queue 29682833, which this node may not write; nothing was written',
		);
		const { out } = await run({
			ticketId: NEW,
			status: 'In Progress',
			options: { onlyQueues: ['8', '5'] },
		});
		expect(out[0].json).toMatchObject({ noOp: false });
		await expect(
			run({ ticketId: NEW, status: 'Complete', options: { onlyCompanies: 'Acme' } }),
		).rejects.toThrow('Only Companies: "Acme" is not an ID');
	});

	it('refuses before Only Move Forward looks at the status (a skip never hides a refused ticket)', async () => {
		await expect(
			run({
				ticketId: COMPLETE,
				status: 'In Progress',
				options: { onlyMoveForward: true, onlyCompanies: '175' },
			}),
		).rejects.toThrow(/company 174/);
	});
});
