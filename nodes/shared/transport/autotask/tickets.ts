/** Autotask tickets and their notes. */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TICKET_NUMBER_PATTERN } from '../../domain/conventions';
import type { TransportContext } from '../http';
import { autotaskRequest, readAutotaskCredentials, sendAutotask } from './pipeline';
import { autotaskQuery } from './query';

function ticketIdText(ctx: TransportContext, id: number | string, itemIndex?: number): string {
	const text = String(id).trim();
	if (!/^\d+$/.test(text)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Autotask ticket ID must be a whole number, got "${String(id)}"`,
			{ itemIndex },
		);
	}
	return String(Number(text));
}

/** The raw ticket (`GET /Tickets/{id}`), or undefined when Autotask has none with that id. */
export async function getTicket(
	ctx: TransportContext,
	id: number | string,
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	const path = `/Tickets/${ticketIdText(ctx, id, itemIndex)}`;
	const credentials = await readAutotaskCredentials(ctx);
	const { statusCode, body } = await sendAutotask(ctx, credentials, {
		method: 'GET',
		path,
		itemIndex,
		allowStatuses: [404],
	});
	if (statusCode === 404) return undefined;
	const item = (body as IDataObject | undefined)?.item;
	return item && typeof item === 'object' ? (item as IDataObject) : undefined;
}

/** The raw ticket with this number (T20250915.0001), or undefined. */
export async function getTicketByNumber(
	ctx: TransportContext,
	ticketNumber: string,
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	const number = String(ticketNumber).trim();
	if (!number) return undefined;
	const found = await autotaskQuery(
		ctx,
		'Tickets',
		{ filter: [{ op: 'eq', field: 'ticketNumber', value: number }], maxRecords: 1 },
		{ limit: 1, itemIndex },
	);
	return found[0];
}

/** A ticket by numeric id or by ticket number (T20261128.0042); undefined if there is none. */
export async function findTicket(
	ctx: TransportContext,
	idOrNumber: string,
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	const value = idOrNumber.trim();
	if (TICKET_NUMBER_PATTERN.test(value)) return await getTicketByNumber(ctx, value, itemIndex);
	return await getTicket(ctx, Number(value), itemIndex);
}

/** `PATCH /Tickets` with `{ id, ...changes }`. */
export async function patchTicket(
	ctx: TransportContext,
	body: IDataObject,
	itemIndex?: number,
): Promise<IDataObject> {
	return await autotaskRequest(ctx, { method: 'PATCH', path: '/Tickets', body, itemIndex });
}

/** `POST /Tickets/{id}/Notes` (not idempotent: a repeat would add a second note). */
export async function createTicketNote(
	ctx: TransportContext,
	ticketId: number,
	body: IDataObject,
	itemIndex?: number,
): Promise<IDataObject> {
	return await autotaskRequest(ctx, {
		method: 'POST',
		path: `/Tickets/${ticketId}/Notes`,
		body,
		itemIndex,
	});
}
