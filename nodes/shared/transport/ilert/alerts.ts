/** ilert alerts: listings (paged), counts, and alerts by id. */
import type { IDataObject } from 'n8n-workflow';

import type { TransportContext } from '../http';
import { ilertRequest, readIlertCall, type IlertCall } from './pipeline';

/** ilert's cap for GET /alerts. */
export const ILERT_ALERTS_PAGE_SIZE = 100;
const MAX_ALERT_PAGES = 100;

export interface ListIlertAlertsOptions {
	states?: Array<'PENDING' | 'ACCEPTED' | 'RESOLVED'>;
	/** Alert source ids. */
	sources?: Array<string | number>;
	/** Further query parameters (e.g. `from`, `until`, `policies`). */
	qs?: IDataObject;
	returnAll?: boolean;
	/** Most alerts to return when not `returnAll` (default 100). */
	limit?: number;
	itemIndex?: number;
	/** The credential, when the caller has read it already. */
	call?: IlertCall;
}

/**
 * Pages of a full listing overlap by this many alerts: an alert resolved before the cursor
 * between two page reads shifts the rest left, which would skip one alert per change.
 */
const PAGE_OVERLAP = 10;

/**
 * `GET /api/alerts`, paging with start-index / max-results (100) until a short page. A full
 * listing (`returnAll`) reads overlapping pages and returns each alert once (by id).
 */
export async function listIlertAlerts(
	ctx: TransportContext,
	options: ListIlertAlertsOptions = {},
): Promise<IDataObject[]> {
	const call = options.call ?? (await readIlertCall(ctx));
	const limit = options.returnAll
		? Number.POSITIVE_INFINITY
		: Math.max(1, Math.floor(options.limit ?? ILERT_ALERTS_PAGE_SIZE));
	const overlap = options.returnAll ? PAGE_OVERLAP : 0;
	const alerts: IDataObject[] = [];
	const seen = new Set<unknown>();
	for (let page = 0, startIndex = 0; page < MAX_ALERT_PAGES; page++) {
		const pageSize = Math.min(ILERT_ALERTS_PAGE_SIZE, limit - alerts.length);
		const qs: IDataObject = {
			...(options.qs ?? {}),
			...alertFilters(options),
			'start-index': startIndex,
			'max-results': pageSize,
		};
		const list = await ilertRequest<unknown>(
			ctx,
			{ method: 'GET', path: '/alerts', qs, itemIndex: options.itemIndex },
			call,
		);
		const items = Array.isArray(list) ? (list as IDataObject[]) : [];
		for (const alert of items) {
			if (alerts.length >= limit) break;
			const id = alert?.id;
			if (id !== undefined && id !== null) {
				if (seen.has(id)) continue;
				seen.add(id);
			}
			alerts.push(alert);
		}
		if (items.length < pageSize || alerts.length >= limit) break;
		startIndex += Math.max(1, items.length - overlap);
	}
	return alerts;
}

/** The state and source filters of a listing, as query parameters. */
function alertFilters(options: ListIlertAlertsOptions): IDataObject {
	const qs: IDataObject = {};
	if (options.states?.length) qs.states = options.states;
	if (options.sources?.length) qs.sources = options.sources.map(String);
	return qs;
}

/** `GET /api/alerts/count` with the same filters as a listing (its report-time bounds included). */
export async function countIlertAlerts(
	ctx: TransportContext,
	options: ListIlertAlertsOptions,
): Promise<number | undefined> {
	const qs = alertFilters(options);
	for (const bound of ['from', 'until'])
		if (options.qs?.[bound] !== undefined) qs[bound] = options.qs[bound];
	const body = await ilertRequest<{ count?: unknown }>(
		ctx,
		{ method: 'GET', path: '/alerts/count', qs, itemIndex: options.itemIndex },
		options.call,
	);
	const count = Number(body?.count);
	return Number.isFinite(count) ? count : undefined;
}

function reportTimeOf(alert: IDataObject): number {
	const t = Date.parse(String(alert.reportTime ?? alert.createdAt ?? ''));
	return Number.isNaN(t) ? 0 : t;
}

/** The alerts with this key (trimmed, case-insensitive, as ilert compares keys), newest first. Pure. */
export function alertsWithKey(alerts: readonly IDataObject[], alertKey: string): IDataObject[] {
	const wanted = alertKey.trim().toLowerCase();
	return alerts
		.filter((a) => typeof a.alertKey === 'string' && a.alertKey.trim().toLowerCase() === wanted)
		.sort((a, b) => reportTimeOf(b) - reportTimeOf(a));
}

/**
 * Alerts with this key in the given states (and alert source, if given), newest first; asked
 * fresh from ilert (no cache). ilert has no alert-key filter: lists by state/source, matches here.
 */
export async function findAlertsByKey(
	ctx: TransportContext,
	alertKey: string,
	options: { states: string[]; alertSourceId?: string; itemIndex?: number },
): Promise<IDataObject[]> {
	const alerts = await listIlertAlerts(ctx, {
		states: options.states as Array<'PENDING' | 'ACCEPTED' | 'RESOLVED'>,
		sources: options.alertSourceId ? [options.alertSourceId] : [],
		returnAll: true,
		itemIndex: options.itemIndex,
	});
	return alertsWithKey(alerts, alertKey);
}

function alertPath(id: string | number, action?: string): string {
	return `/alerts/${encodeURIComponent(String(id))}${action ? `/${action}` : ''}`;
}

/** `GET /api/alerts/{id}`, with the optional `include` fields (customDetails, escalationRules, …). */
export async function getAlert(
	ctx: TransportContext,
	id: string | number,
	include: string[] = [],
	itemIndex?: number,
): Promise<IDataObject> {
	const qs: IDataObject = {};
	if (include.length > 0) qs.include = include;
	return await ilertRequest<IDataObject>(ctx, {
		method: 'GET',
		path: alertPath(id),
		qs,
		itemIndex,
	});
}

/** `PUT /api/alerts/{id}/accept|resolve`: sets an absolute state, so retrying it is safe. */
export async function putAlertAction(
	ctx: TransportContext,
	id: string | number,
	action: 'accept' | 'resolve',
	itemIndex?: number,
): Promise<IDataObject> {
	return await ilertRequest<IDataObject>(ctx, {
		method: 'PUT',
		path: alertPath(id, action),
		idempotent: true,
		itemIndex,
	});
}

/** `PUT /api/alerts/{id}/assign?user|policy|schedule=<id>`. */
export async function assignAlert(
	ctx: TransportContext,
	id: string | number,
	assignTo: 'user' | 'policy' | 'schedule',
	assigneeId: string,
	itemIndex?: number,
): Promise<IDataObject> {
	return await ilertRequest<IDataObject>(ctx, {
		method: 'PUT',
		path: alertPath(id, 'assign'),
		qs: { [assignTo]: assigneeId },
		idempotent: true,
		itemIndex,
	});
}
