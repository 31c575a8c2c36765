/**
 * The reads a reconcile sweep makes, on the shared Autotask and ilert transports (auth,
 * retries, the 3-thread limiter and error messages live there). Requests per sweep are bounded:
 * - ilert: the source's open alerts in overlapping pages of 100, plus one count to check the
 *   listing; resolved alerts only when a changed ticket has no open alert (pages of 100, capped);
 * - Autotask: one query per 500 ticket ids, the changed-tickets query (pages of 500), one query
 *   per 500 companies (names cached per process), the cached Tickets field information.
 * Requests run one after another: the thread limit is shared by every integration of the tenant.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	batches,
	changedTicketsFilter,
	RECONCILE_TICKET_FIELDS,
	ticketIdsFilter,
	AUTOTASK_IDS_PER_QUERY,
} from '../domain/reconcileQueries';
import { AUTOTASK_MAX_PAGE_SIZE, autotaskQuery, getTicket } from './autotask';
import type { TransportContext } from './http';
import { ILERT_ALERTS_PAGE_SIZE, ilertRequest, listIlertAlerts } from './ilert';

export { companyNamesByIds } from './autotask';

/** A full listing is repeated at most this often when ilert's count shows it missed alerts. */
const MAX_OPEN_LISTINGS = 2;

export interface OpenAlertListing {
	alerts: IDataObject[];
	/** How many full listings were read (a second one when the count disagreed with the first). */
	listings: number;
}

/**
 * The source's open (PENDING, ACCEPTED) alerts, every one once. ilert has no alert-key filter,
 * so all of the source's open alerts are listed (overlapping pages survive alerts closing while
 * paging); ilert's count afterwards tells whether alerts were missed, then the listing is read again.
 */
export async function listOpenAlerts(
	ctx: TransportContext,
	alertSourceId: string,
	itemIndex?: number,
): Promise<OpenAlertListing> {
	const filters = {
		states: ['PENDING', 'ACCEPTED'] as Array<'PENDING' | 'ACCEPTED'>,
		sources: [alertSourceId],
	};
	let alerts: IDataObject[] = [];
	for (let listing = 1; ; listing++) {
		alerts = await listIlertAlerts(ctx, { ...filters, returnAll: true, itemIndex });
		const answer = await ilertRequest<{ count?: unknown }>(ctx, {
			method: 'GET',
			path: '/alerts/count',
			qs: { states: filters.states, sources: filters.sources },
			itemIndex,
		});
		const count = Number(answer?.count);
		if (!Number.isFinite(count) || alerts.length >= count || listing >= MAX_OPEN_LISTINGS)
			return { alerts, listings: listing };
	}
}

export interface ResolvedAlertListing {
	alerts: IDataObject[];
	/** True when `limit` was reached, so older resolved alerts were not listed. */
	truncated: boolean;
}

/** The source's RESOLVED alerts reported since `fromIso`, at most `limit` (pages of 100). */
export async function listResolvedAlerts(
	ctx: TransportContext,
	options: { alertSourceId: string; fromIso: string; limit: number; itemIndex?: number },
): Promise<ResolvedAlertListing> {
	const limit = Math.max(ILERT_ALERTS_PAGE_SIZE, Math.floor(options.limit));
	const alerts = await listIlertAlerts(ctx, {
		states: ['RESOLVED'],
		sources: [options.alertSourceId],
		qs: { from: options.fromIso },
		limit,
		itemIndex: options.itemIndex,
	});
	return { alerts, truncated: alerts.length >= limit };
}

/**
 * The tickets with these ids, read with one `id in [...]` query per 500 ids. Ids Autotask
 * did not return are asked once more one by one (GET /Tickets/{id}), because "missing" makes
 * the Lifecycle resolve the ticket's alert: only a 404 there counts as deleted.
 */
export async function queryTicketsByIds(
	ctx: TransportContext,
	ids: readonly number[],
	itemIndex?: number,
): Promise<{ tickets: IDataObject[]; missing: number[] }> {
	const tickets: IDataObject[] = [];
	for (const batch of batches(ids, AUTOTASK_IDS_PER_QUERY)) {
		tickets.push(
			...(await autotaskQuery(
				ctx,
				'Tickets',
				{
					filter: ticketIdsFilter(batch) as unknown as IDataObject[],
					includeFields: [...RECONCILE_TICKET_FIELDS],
					maxRecords: AUTOTASK_MAX_PAGE_SIZE,
				},
				{ returnAll: true, itemIndex },
			)),
		);
	}
	const found = new Set(tickets.map((t) => Number(t.id)));
	const missing: number[] = [];
	for (const id of ids) {
		if (found.has(id)) continue;
		const ticket = await getTicket(ctx, id, itemIndex);
		if (ticket) tickets.push(ticket);
		else missing.push(id);
	}
	return { tickets, missing };
}

/** The tickets whose last activity is after `sinceIso` (every page of 500). */
export async function queryChangedTickets(
	ctx: TransportContext,
	sinceIso: string,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return await autotaskQuery(
		ctx,
		'Tickets',
		{
			filter: changedTicketsFilter(sinceIso) as unknown as IDataObject[],
			includeFields: [...RECONCILE_TICKET_FIELDS],
			maxRecords: AUTOTASK_MAX_PAGE_SIZE,
		},
		{ returnAll: true, itemIndex },
	);
}
