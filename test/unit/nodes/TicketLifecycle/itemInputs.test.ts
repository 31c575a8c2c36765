/**
 * What the Ticket Lifecycle reads once per execution (lifecycleSettings.ts) and how it reads an
 * item's inputs (itemInputs.ts). The services are scripted: only what the settings ask of them
 * is recorded.
 */
import type { INodeParameters } from 'n8n-workflow';

import { createExecuteContext } from '../../../support';

const lookups: Array<{ alertSourceId: string; lookbackDays: number; maxResolved: number }> = [];
const picklistLoads: string[] = [];
let failNextPicklist = false;

jest.mock('../../../../nodes/TicketLifecycle/serviceReads', () => ({
	ilertLookupSource: (
		_ctx: unknown,
		options: { alertSourceId: string; lookbackDays: number; maxResolved: number },
	) => {
		lookups.push(options);
		return {
			windowText: 'w',
			findOpen: async () => undefined,
			listResolved: async () => ({ alerts: [], truncated: false }),
		};
	},
	ticketPicklist: async (_ctx: unknown, field: string) => {
		picklistLoads.push(field);
		if (failNextPicklist) {
			failNextPicklist = false;
			throw new Error('picklist down');
		}
		return [{ value: '1', label: field === 'status' ? 'New' : 'High' }];
	},
	alertSourceOptions: async () => [],
	picklistOptions: async () => [],
}));

// eslint-disable-next-line import/first
import { itemInputs } from '../../../../nodes/TicketLifecycle/itemInputs';
// eslint-disable-next-line import/first

function context(
	parameters: Record<string, unknown>,
	options: { autotask?: boolean; stored?: INodeParameters } = {},
) {
	return createExecuteContext({
		items: [{ json: { event: 'updated', ticket: { id: 7, status: { label: 'New' } } } }],
		node: {
			name: 'Ticket Lifecycle',
			type: 'n8n-nodes-autotask-ilert.ticketLifecycle',
			parameters: options.stored ?? {},
			credentials: options.autotask
				? { autotaskIlertAutotaskApi: { id: '1', name: 'Autotask' } }
				: undefined,
		},
		parameters,
	});
}

beforeEach(() => {
	lookups.length = 0;
	picklistLoads.length = 0;
});

describe('itemInputs', () => {
	it('reads a default $json path from the item itself, without the expression engine', () => {
		const ctx = context({ ticketId: () => 'from the expression engine' });
		const inputs = itemInputs(ctx, ctx.getInputData());
		expect(inputs.read('ticketId', 0)).toBe(7);
		expect(inputs.read('statusLabel', 0)).toBe('New');
	});

	it('asks n8n for any other expression, and says where a value came from', () => {
		const ctx = context(
			{ ticketId: () => 'T-7' },
			{ stored: { ticketId: '={{ $("Webhook").item.json.id }}' } },
		);
		const inputs = itemInputs(ctx, ctx.getInputData());
		expect(inputs.read('ticketId', 0)).toBe('T-7');
		expect(inputs.source('ticketId', 'T-7')).toBe(
			'"Ticket ID" ({{ $("Webhook").item.json.id }} gave "T-7")',
		);
		expect(inputs.source('event', undefined)).toBe('"Event" ({{ $json.event }} gave undefined)');
		expect(inputs.source('statusLabel', 'x'.repeat(80))).toBe(
			`"Status Label" ({{ $json.ticket?.status?.label }} gave "${'x'.repeat(56)}...)`,
		);
	});
});
