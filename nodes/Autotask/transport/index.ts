/**
 * The Autotask calls of the Autotask node, on top of the shared transport
 * (`nodes/shared/transport/autotask.ts`: zone, auth, retries, paging, picklist cache).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import {
	autotaskQuery,
	autotaskRequest,
	getPicklist,
	getTicket,
	getTicketByNumber,
} from '../../shared/transport/autotask';
import { TICKET_NUMBER_PATTERN } from '../../shared/domain/conventions';
import { TtlCache } from '../../shared/transport/cache';

export type AutotaskContext = IExecuteFunctions | IHookFunctions | ILoadOptionsFunctions | IWebhookFunctions;

export interface PicklistValue {
	value: string | number;
	label: string;
	isActive?: boolean;
	isDefaultValue?: boolean;
	sortOrder?: number;
}

export type QueryFilter = IDataObject;

export { autotaskQuery, autotaskRequest, getPicklist };

/** A ticket by numeric id or by ticket number (T20261128.0042); undefined if there is none. */
export async function findTicket(ctx: AutotaskContext, idOrNumber: string): Promise<IDataObject | undefined> {
	const value = idOrNumber.trim();
	if (TICKET_NUMBER_PATTERN.test(value)) {
		return (await getTicketByNumber(ctx, value)) as IDataObject | undefined;
	}
	return (await getTicket(ctx, Number(value))) as IDataObject | undefined;
}

/** Picklist values of an entity field, as the shared transport returns them (cached). */
export async function picklistValues(ctx: AutotaskContext, entity: string, field: string): Promise<PicklistValue[]> {
	return (await getPicklist(ctx, entity, field)) as unknown as PicklistValue[];
}

/* Per-process cache for load options that are not picklists (resources): bounded, short TTL. */
const resourceCache = new TtlCache<IDataObject[]>(5 * 60 * 1000, 50);

async function cacheKey(ctx: AutotaskContext, what: string): Promise<string> {
	const credentials = await ctx.getCredentials('autotaskIlertAutotaskApi');
	return `${what}:${String(credentials.username ?? '')}:${String(credentials.zone ?? '')}:${String(credentials.customBaseUrl ?? '')}`;
}

/** Active resources (technicians), cached for a few minutes per credential and zone. */
export async function activeResources(ctx: AutotaskContext): Promise<IDataObject[]> {
	return await resourceCache.getOrLoad(await cacheKey(ctx, 'resources'), async () =>
		(await autotaskQuery(
			ctx,
			'Resources',
			{
				filter: [{ op: 'eq', field: 'isActive', value: true }],
				includeFields: ['id', 'firstName', 'lastName', 'email', 'userName', 'defaultServiceDeskRoleID', 'isActive'],
			},
			{ returnAll: true },
		)) as IDataObject[],
	);
}

/** Resources whose email address is this one (compared case-insensitively, as Autotask does). */
export async function resourcesByEmail(ctx: AutotaskContext, email: string): Promise<IDataObject[]> {
	const address = email.trim();
	const items = (await autotaskQuery(
		ctx,
		'Resources',
		{ filter: [{ op: 'eq', field: 'email', value: address }] },
		{ returnAll: true },
	)) as IDataObject[];
	const lower = address.toLowerCase();
	// Keep exact matches only, in case a tenant compares differently.
	return items.filter((r) => typeof r.email === 'string' && r.email.trim().toLowerCase() === lower);
}

export async function getResource(ctx: AutotaskContext, id: number): Promise<IDataObject | undefined> {
	const response = (await autotaskRequest(ctx, { method: 'GET', path: `/Resources/${id}` })) as IDataObject;
	return (response?.item as IDataObject | undefined) ?? undefined;
}

export async function patchTicket(ctx: AutotaskContext, body: IDataObject): Promise<IDataObject> {
	return (await autotaskRequest(ctx, { method: 'PATCH', path: '/Tickets', body })) as IDataObject;
}

export async function createTicketNote(ctx: AutotaskContext, ticketId: number, body: IDataObject): Promise<IDataObject> {
	return (await autotaskRequest(ctx, {
		method: 'POST',
		path: `/Tickets/${ticketId}/Notes`,
		body,
	})) as IDataObject;
}

export async function getTicketById(ctx: AutotaskContext, id: number): Promise<IDataObject | undefined> {
	return (await getTicket(ctx, id)) as IDataObject | undefined;
}
