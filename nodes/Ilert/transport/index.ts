/**
 * The ilert calls the ilert node and trigger make, on top of the shared transport
 * (`nodes/shared/transport/ilert.ts`: auth, retries, errors). Only paths, paging and
 * response shapes live here.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { findOpenAlertByKey, ilertRequest, listIlertAlerts, sendIlertEvent } from '../../shared/transport/ilert';

export type IlertContext = IExecuteFunctions | IHookFunctions | ILoadOptionsFunctions | IWebhookFunctions;

export interface IlertEventBody extends IDataObject {
	eventType: 'ALERT' | 'ACCEPT' | 'RESOLVE' | 'COMMENT';
	alertKey: string;
	summary: string;
	details?: string;
	priority?: 'HIGH' | 'LOW';
	links?: Array<{ href: string; text: string }>;
	customDetails?: IDataObject;
	routingKey?: string;
	severity?: number;
	comments?: Array<{ creator: string; content: string }>;
}

/** ilert caps alert sources at 50 per page. */
const SOURCES_PAGE = 50;

export interface EventResult {
	queued: boolean;
	noOp: boolean;
	statusCode?: number;
	code?: string;
	message?: string;
	alertUrl?: string;
}

/**
 * Sends one Events API event (integration key from the Alert Source credential). A 400 with a
 * "no open alert" / "already accepted" code comes back as `noOp`, not as an error.
 */
export async function sendEvent(ctx: IlertContext, body: IlertEventBody, itemIndex?: number): Promise<EventResult> {
	const result = await sendIlertEvent(ctx, body, { itemIndex });
	const out: EventResult = { queued: result.queued, noOp: result.noOp, statusCode: result.statusCode };
	if (result.code) out.code = result.code;
	if (result.message) out.message = result.message;
	if (result.alertUrl) out.alertUrl = result.alertUrl;
	return out;
}

export async function getAlert(ctx: IlertContext, id: string | number, include: string[]): Promise<IDataObject> {
	const qs: IDataObject = {};
	if (include.length > 0) qs.include = include;
	return (await ilertRequest(ctx, { method: 'GET', path: `/alerts/${encodeURIComponent(String(id))}`, qs })) as IDataObject;
}

export async function putAlertAction(
	ctx: IlertContext,
	id: string | number,
	action: 'accept' | 'resolve',
): Promise<IDataObject> {
	return (await ilertRequest(ctx, {
		method: 'PUT',
		path: `/alerts/${encodeURIComponent(String(id))}/${action}`,
		// PUT accept/resolve sets an absolute state: retrying it is safe.
		idempotent: true,
	})) as IDataObject;
}

export async function assignAlert(
	ctx: IlertContext,
	id: string | number,
	assignTo: 'user' | 'policy' | 'schedule',
	assigneeId: string,
): Promise<IDataObject> {
	return (await ilertRequest(ctx, {
		method: 'PUT',
		path: `/alerts/${encodeURIComponent(String(id))}/assign`,
		qs: { [assignTo]: assigneeId },
		idempotent: true,
	})) as IDataObject;
}

export interface AlertListFilter {
	states?: string[];
	sources?: string[];
	responders?: string[];
	from?: string;
	until?: string;
	/** Undefined = all. */
	limit?: number;
}

/** Lists alerts page by page (start-index/max-results 100) until a short page or the limit. */
export async function listAlerts(ctx: IlertContext, filter: AlertListFilter): Promise<IDataObject[]> {
	const qs: IDataObject = {};
	if (filter.responders && filter.responders.length > 0) qs.responders = filter.responders;
	if (filter.from) qs.from = filter.from;
	if (filter.until) qs.until = filter.until;
	return await listIlertAlerts(ctx, {
		states: (filter.states ?? []) as Array<'PENDING' | 'ACCEPTED' | 'RESOLVED'>,
		sources: filter.sources ?? [],
		qs,
		returnAll: filter.limit === undefined,
		limit: filter.limit,
	});
}

function sameKey(a: unknown, b: string): boolean {
	return typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function reportTime(alert: IDataObject): number {
	const t = Date.parse(String(alert.reportTime ?? ''));
	return Number.isNaN(t) ? 0 : t;
}

/**
 * Alerts with this key (ilert has no alertKey filter: list by state/source, match client side,
 * case-insensitively as ilert compares keys), newest first.
 */
export async function findAlertsByKey(
	ctx: IlertContext,
	alertKey: string,
	options: { states: string[]; alertSourceId?: string },
): Promise<IDataObject[]> {
	const alerts = await listAlerts(ctx, {
		states: options.states,
		sources: options.alertSourceId ? [options.alertSourceId] : [],
	});
	return alerts
		.filter((alert) => sameKey(alert.alertKey, alertKey))
		.sort((a, b) => reportTime(b) - reportTime(a));
}

/** The open (pending or accepted) alert with this key, asked fresh from ilert, or undefined. */
export async function findOpenAlert(
	ctx: IlertContext,
	alertKey: string,
	alertSourceId?: string,
): Promise<IDataObject | undefined> {
	return await findOpenAlertByKey(ctx, { alertKey, alertSourceId, useCache: false });
}

/** Alert sources, page by page (max 50 per page). */
export async function listAlertSources(ctx: IlertContext, limit: number | undefined): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	let startIndex = 0;
	for (;;) {
		const want = limit === undefined ? SOURCES_PAGE : Math.min(SOURCES_PAGE, limit - out.length);
		if (want <= 0) break;
		const page = (await ilertRequest(ctx, {
			method: 'GET',
			path: '/alert-sources',
			qs: { 'start-index': startIndex, 'max-results': SOURCES_PAGE },
		})) as unknown;
		const sources = Array.isArray(page) ? (page as IDataObject[]) : [];
		out.push(...sources.slice(0, want));
		if (sources.length < SOURCES_PAGE) break;
		startIndex += sources.length;
	}
	return out;
}

/* ------------------------------------------------------------------ alert actions (trigger) */

export async function createAlertAction(ctx: IlertContext, body: IDataObject): Promise<IDataObject> {
	return (await ilertRequest(ctx, { method: 'POST', path: '/alert-actions', body })) as IDataObject;
}

export async function getAlertAction(ctx: IlertContext, id: string): Promise<IDataObject> {
	return (await ilertRequest(ctx, {
		method: 'GET',
		path: `/alert-actions/${encodeURIComponent(id)}`,
	})) as IDataObject;
}

export async function deleteAlertAction(ctx: IlertContext, id: string): Promise<void> {
	await ilertRequest(ctx, {
		method: 'DELETE',
		path: `/alert-actions/${encodeURIComponent(id)}`,
		idempotent: true,
	});
}
