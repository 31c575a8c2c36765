/**
 * The Ticket Lifecycle's service reads scripted (only what the settings ask of them is recorded)
 * and an execute context for one ticket-updated item. jest.mock is hoisted per file, so each test
 * file keeps its own call:
 *
 *   jest.mock('<path>/nodes/TicketLifecycle/serviceReads', () =>
 *     jest.requireActual<LifecycleContextModule>('<path>/support/lifecycleContext').scriptedServiceReads(),
 *   );
 */
import type { INodeParameters } from 'n8n-workflow';

import { createExecuteContext } from '../../support';

interface LookupOptions {
	alertSourceId: string;
	lookbackDays: number;
	maxResolved: number;
}

/** What the scripted service reads were asked; emptied before each test. */
export const serviceReads = {
	lookups: [] as LookupOptions[],
	picklistLoads: [] as string[],
	/** Makes the next picklist load fail once. */
	failNextPicklist: false,
};

beforeEach(() => {
	serviceReads.lookups.length = 0;
	serviceReads.picklistLoads.length = 0;
});

export function scriptedServiceReads() {
	return {
		ilertLookupSource: (_ctx: unknown, options: LookupOptions) => {
			serviceReads.lookups.push(options);
			return {
				windowText: 'w',
				findOpen: async () => undefined,
				listResolved: async () => ({ alerts: [], truncated: false }),
				findReportedSince: async () => [],
			};
		},
		ticketPicklist: async (_ctx: unknown, field: string) => {
			serviceReads.picklistLoads.push(field);
			if (serviceReads.failNextPicklist) {
				serviceReads.failNextPicklist = false;
				throw new Error('picklist down');
			}
			return [{ value: '1', label: field === 'status' ? 'New' : 'High' }];
		},
		alertSourceOptions: async () => [],
		picklistOptions: async () => [],
	};
}

/** An execute context for one ticket-updated item with the given node parameters. */
export function lifecycleContext(
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

export type LifecycleContextModule = typeof import('./lifecycleContext');
