/**
 * What the Ticket Lifecycle reads once per execution (lifecycleSettings.ts) and how it reads an
 * item's inputs (itemInputs.ts). The services are scripted: only what the settings ask of them
 * is recorded.
 */
jest.mock('../../../../nodes/TicketLifecycle/serviceReads', () =>
	jest
		.requireActual<LifecycleContextModule>('../../support/lifecycleContext')
		.scriptedServiceReads(),
);

import { itemInputs } from '../../../../nodes/TicketLifecycle/itemInputs';
import {
	lifecycleContext as context,
	type LifecycleContextModule,
} from '../../support/lifecycleContext';

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
