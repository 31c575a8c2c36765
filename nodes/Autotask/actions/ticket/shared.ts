import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TICKET_NUMBER_PATTERN } from '../../../shared/domain/conventions';
import { findTicket } from '../../../shared/transport/autotask';

export function ticketIdProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'Ticket ID or Number',
		name: 'ticketId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '12345 or T20261128.0042',
		description: 'Numeric ticket ID, or the ticket number',
		displayOptions: { show: { resource: ['ticket'], operation: operations } },
	};
}

/** Reads and validates the ticket parameter; returns the ticket or fails with a clear error. */
export async function requireTicket(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const raw = String(ctx.getNodeParameter('ticketId', itemIndex, '') ?? '').trim();
	if (!/^\d+$/.test(raw) && !TICKET_NUMBER_PATTERN.test(raw)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"${raw}" is neither a ticket ID nor a ticket number`,
			{
				itemIndex,
				description:
					'Use the numeric ticket ID (e.g. 12345) or the ticket number (e.g. T20261128.0042)',
			},
		);
	}
	const ticket = await findTicket(ctx, raw, itemIndex);
	if (!ticket) {
		throw new NodeOperationError(ctx.getNode(), `Autotask has no ticket "${raw}"`, { itemIndex });
	}
	return ticket;
}
