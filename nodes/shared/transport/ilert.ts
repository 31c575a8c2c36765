/**
 * ilert transport: REST API (Bearer API key, `autotaskIlertIlertApi`) and Events API
 * (alert source integration key, `autotaskIlertIlertAlertSourceApi`). The only module that
 * talks to ilert; always through `httpRequestWithAuthentication`.
 *
 * Retries 429 (ilert sends no Retry-After: 10–30 s), 5xx and network errors for idempotent
 * calls, bounded by the credential's Max Retry Wait. Events with an alert key are idempotent:
 * ilert appends a repeated event to the open alert with that key instead of opening another.
 */
import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { TtlCache } from './cache';
import {
	credentialSecrets,
	sendWithCredential,
	serviceApiError,
	trimSlashes,
	type FailedCall,
	type TransportContext,
} from './common';
import { DEFAULT_ILERT_BASE_URL, ILERT_DEFAULT_MAX_RETRY_WAIT_SECONDS } from './credentialFields';
import {
	headerValue,
	maxRetryWaitMs,
	parseRetryAfter,
	runWithRetry,
	type AttemptResult,
	type RetryPolicy,
} from './retry';

export type { TransportContext } from './common';
export { DEFAULT_ILERT_BASE_URL } from './credentialFields';

export const ILERT_CREDENTIAL = 'autotaskIlertIlertApi';
export const ILERT_SOURCE_CREDENTIAL = 'autotaskIlertIlertAlertSourceApi';
/** ilert's cap for GET /alerts. */
export const ILERT_ALERTS_PAGE_SIZE = 100;
const OPEN_ALERT_TTL_MS = 10 * 1000;
const MAX_ALERT_PAGES = 100;

const openAlertCache = new TtlCache<IDataObject | null>(OPEN_ALERT_TTL_MS, 1000);

/** Empties the per-process open-alert cache. */
export function clearIlertCaches(): void {
	openAlertCache.clear();
}

/** Forgets cached open-alert lookups for an alert key (all sources), e.g. after sending an event for it. */
export function invalidateOpenAlert(alertKey: string): void {
	openAlertCache.deletePrefix(`${alertKey.trim().toLowerCase()}|`);
}

function policyFor(credentials: ICredentialDataDecryptedObject): RetryPolicy {
	return {
		maxTotalWaitMs: maxRetryWaitMs(credentials, ILERT_DEFAULT_MAX_RETRY_WAIT_SECONDS),
		maxAttempts: 6,
		baseDelayMs: 1000,
		maxDelayMs: 20000,
		// ilert's rate-limit windows are fixed minutes and it sends no Retry-After; it suggests 10–30 s.
		rateLimitDelayMs: { min: 10000, max: 30000 },
	};
}

function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const raw = typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() !== '' ? credentials.baseUrl : DEFAULT_ILERT_BASE_URL;
	return trimSlashes(raw).replace(/\/api$/i, '');
}

/** ilert's `{ status, message, code }` error body (any casing), or a plain text. */
export function ilertErrorInfo(body: unknown): { message: string; code: string } {
	if (body === undefined || body === null || body === '') return { message: '', code: '' };
	if (typeof body === 'string') {
		try {
			return ilertErrorInfo(JSON.parse(body));
		} catch {
			return { message: body.slice(0, 500), code: '' };
		}
	}
	if (typeof body !== 'object') return { message: String(body), code: '' };
	const record = body as Record<string, unknown>;
	const message = typeof record.message === 'string' ? record.message : typeof record.error === 'string' ? record.error : '';
	const code = typeof record.code === 'string' ? record.code : typeof record.detailedCode === 'string' ? record.detailedCode : '';
	return { message, code };
}

function statusHint(status: number, credentialType: string): string {
	if (status === 401) return 'ilert received no valid credential.';
	if (status === 403)
		return credentialType === ILERT_CREDENTIAL
			? 'ilert rejected the API key or it lacks permission for this (check the ilert API credential).'
			: 'ilert rejected the integration key.';
	if (status === 404) return 'Not found, or not visible to this API key.';
	if (status === 429) return 'ilert is rate limiting (about 120 REST calls per minute per API key, 50 events per minute per alert source); raise Max Retry Wait in the credential or send less often.';
	if (status >= 500) return 'ilert reports a server-side problem.';
	return '';
}

function ilertApiError(ctx: TransportContext, args: FailedCall & { credentialType: string }): NodeApiError {
	const { message: said, code } = ilertErrorInfo(args.body);
	const details: JsonObject = {};
	if (code) details.code = code;
	if (args.status !== undefined) details.status = args.status;
	return serviceApiError(ctx, {
		...args,
		service: 'ilert',
		message: said ? `ilert: ${said}${code ? ` (${code})` : ''}` : `ilert answered HTTP ${args.status}${code ? ` (${code})` : ''}`,
		hint: statusHint(args.status ?? 0, args.credentialType),
		details,
	});
}

interface CallOptions {
	credentialType: string;
	secretFields: string[];
	method: IHttpRequestMethods;
	/** Relative to `<base>/api`, e.g. `/alerts`. */
	path: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	idempotent: boolean;
	itemIndex?: number;
	/** Statuses returned instead of thrown. */
	allowStatuses?: number[];
	/** Further values that must never appear in errors (e.g. an integration key read over REST). */
	extraSecrets?: string[];
}

function apiPath(path: string): string {
	const p = path.startsWith('/') ? path : `/${path}`;
	return /^\/api(\/|$)/i.test(p) ? p : `/api${p}`;
}

async function call(ctx: TransportContext, opts: CallOptions): Promise<{ statusCode: number; body: unknown; headers: Record<string, unknown> }> {
	const credentials = await ctx.getCredentials<ICredentialDataDecryptedObject>(opts.credentialType);
	const secrets = [...credentialSecrets(credentials, opts.secretFields), ...(opts.extraSecrets ?? [])];
	const target = apiPath(opts.path);
	const url = `${baseUrlOf(credentials)}${target}`;
	const method = opts.method.toUpperCase() as IHttpRequestMethods;
	const attempt = async (): Promise<AttemptResult<{ statusCode: number; body: unknown; headers: Record<string, unknown> }>> => {
		const sent = await sendWithCredential(
			ctx,
			opts.credentialType,
			{
				method,
				url,
				qs: opts.qs,
				body: opts.body,
				json: true,
				arrayFormat: 'repeat',
				headers: { Accept: 'application/json' },
			},
			secrets,
			opts.itemIndex,
		);
		if (sent.networkCode !== undefined) {
			const networkCode = sent.networkCode;
			return {
				ok: false,
				retryable: opts.idempotent,
				reason: networkCode,
				error: (summary) =>
					ilertApiError(ctx, { credentialType: opts.credentialType, networkCode, method, target, itemIndex: opts.itemIndex, summary, secrets }),
			};
		}
		const { statusCode, body, headers } = sent.response;
		if (statusCode < 400 || opts.allowStatuses?.includes(statusCode)) return { ok: true, value: { statusCode, body, headers } };
		const retryable = opts.idempotent && (statusCode === 429 || statusCode >= 500);
		return {
			ok: false,
			retryable,
			reason: `HTTP ${statusCode}`,
			rateLimited: statusCode === 429,
			retryAfterMs: parseRetryAfter(headerValue(headers, 'retry-after')),
			error: (summary) =>
				ilertApiError(ctx, {
					credentialType: opts.credentialType,
					status: statusCode,
					body,
					method,
					target,
					itemIndex: opts.itemIndex,
					summary,
					secrets,
				}),
		};
	};
	return await runWithRetry(attempt, policyFor(credentials), Math.random, (info) =>
		ctx.logger.debug(`ilert ${method} ${target}: ${info.reason}, retrying in ${info.delayMs} ms`, { attempt: info.attempt }),
	);
}

export interface IlertRequestOptions {
	method: IHttpRequestMethods;
	/** Relative to `<base URL>/api`, e.g. `/alerts/123/accept` (a leading `/api` is accepted too). */
	path: string;
	body?: IDataObject | IDataObject[];
	/** Arrays are sent as repeated parameters (`states=PENDING&states=ACCEPTED`). */
	qs?: IDataObject;
	/** Whether the call may be repeated safely. Default: GET, HEAD, PUT, DELETE. */
	idempotent?: boolean;
	itemIndex?: number;
}

/** One ilert REST call with the API key credential; returns the parsed JSON body. */
export async function ilertRequest<T = unknown>(ctx: TransportContext, opts: IlertRequestOptions): Promise<T> {
	const method = opts.method.toUpperCase();
	const { body } = await call(ctx, {
		credentialType: ILERT_CREDENTIAL,
		secretFields: ['apiKey'],
		method: opts.method,
		path: opts.path,
		body: opts.body,
		qs: opts.qs,
		idempotent: opts.idempotent ?? ['GET', 'HEAD', 'PUT', 'DELETE'].includes(method),
		itemIndex: opts.itemIndex,
	});
	return body as T;
}

export interface IlertEvent extends IDataObject {
	eventType: 'ALERT' | 'ACCEPT' | 'RESOLVE' | 'COMMENT';
	summary: string;
	alertKey?: string;
	details?: string;
	priority?: 'HIGH' | 'LOW';
	links?: Array<{ href: string; text: string }>;
	customDetails?: IDataObject;
	routingKey?: string;
	severity?: number;
	comments?: Array<{ creator: string; content: string }>;
}

export interface IlertEventResult {
	/** ilert accepted the event for processing (202/200). */
	queued: boolean;
	/** ilert reported there was nothing to do (no open alert for the key / already accepted). */
	noOp: boolean;
	statusCode: number;
	code?: string;
	message?: string;
	/** Present only if ilert's answer carried them (the current API answers 202 with no body). */
	alertKey?: string;
	alertUrl?: string;
}

const NO_OP_CODE = /NO(NE)?_OPEN|ALREADY_ACCEPTED/i;

/**
 * Sends one Events API event with the alert source credential (it adds `integrationKey`), or,
 * with `options.integrationKey`, with that key through the REST credential (for operations that
 * start from an alert id and read its source's key over REST; the Events API ignores the Bearer
 * header).
 * 202/200 -> `{ queued: true }`; 400 with a "no open alert" / "already accepted" code ->
 * `{ queued: false, noOp: true, code, message }`. Retried only where idempotent (default: when
 * the event has an alert key).
 */
export async function sendIlertEvent(
	ctx: TransportContext,
	event: IlertEvent,
	options: { idempotent?: boolean; itemIndex?: number; integrationKey?: string } = {},
): Promise<IlertEventResult> {
	const alertKey = typeof event.alertKey === 'string' ? event.alertKey.trim() : '';
	const body: IDataObject = { ...event };
	delete body.integrationKey;
	if (options.integrationKey) body.integrationKey = options.integrationKey;
	if (alertKey) body.alertKey = alertKey;
	const credentialType = options.integrationKey ? ILERT_CREDENTIAL : ILERT_SOURCE_CREDENTIAL;
	const secretFields = options.integrationKey ? ['apiKey'] : ['integrationApiKey'];
	const extraSecrets = options.integrationKey ? [options.integrationKey] : [];
	const { statusCode, body: answer } = await call(ctx, {
		credentialType,
		secretFields,
		extraSecrets,
		method: 'POST',
		path: '/events',
		body,
		idempotent: options.idempotent ?? alertKey !== '',
		itemIndex: options.itemIndex,
		allowStatuses: [400],
	});
	if (alertKey) invalidateOpenAlert(alertKey);
	if (statusCode === 400) {
		const info = ilertErrorInfo(answer);
		if (NO_OP_CODE.test(info.code)) {
			return { queued: false, noOp: true, statusCode, code: info.code, message: info.message };
		}
		const credentials = await ctx.getCredentials<ICredentialDataDecryptedObject>(credentialType);
		throw ilertApiError(ctx, {
			credentialType,
			status: statusCode,
			body: answer,
			method: 'POST',
			target: '/api/events',
			itemIndex: options.itemIndex,
			secrets: [...credentialSecrets(credentials, secretFields), ...extraSecrets],
		});
	}
	const result: IlertEventResult = { queued: true, noOp: false, statusCode };
	if (answer && typeof answer === 'object') {
		const a = answer as IDataObject;
		if (typeof a.alertKey === 'string') result.alertKey = a.alertKey;
		if (typeof a.alertUrl === 'string') result.alertUrl = a.alertUrl;
	}
	return result;
}

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
export async function listIlertAlerts(ctx: TransportContext, options: ListIlertAlertsOptions = {}): Promise<IDataObject[]> {
	const limit = options.returnAll ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(options.limit ?? ILERT_ALERTS_PAGE_SIZE));
	const overlap = options.returnAll ? PAGE_OVERLAP : 0;
	const alerts: IDataObject[] = [];
	const seen = new Set<unknown>();
	for (let page = 0, startIndex = 0; page < MAX_ALERT_PAGES; page++) {
		const pageSize = Math.min(ILERT_ALERTS_PAGE_SIZE, limit - alerts.length);
		const qs: IDataObject = { ...(options.qs ?? {}), ...alertFilters(options), 'start-index': startIndex, 'max-results': pageSize };
		const list = await ilertRequest<unknown>(ctx, { method: 'GET', path: '/alerts', qs, itemIndex: options.itemIndex });
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

/** `GET /api/alerts/count` with the same filters as a listing. */
async function countIlertAlerts(ctx: TransportContext, options: ListIlertAlertsOptions): Promise<number | undefined> {
	const qs = alertFilters(options);
	const body = await ilertRequest<{ count?: unknown }>(ctx, { method: 'GET', path: '/alerts/count', qs, itemIndex: options.itemIndex });
	const count = Number(body?.count);
	return Number.isFinite(count) ? count : undefined;
}

/** Searches for an open alert at most this often when listings keep changing under the search. */
const MAX_OPEN_ALERT_SCANS = 3;

function credentialMarker(credentials: ICredentialDataDecryptedObject): string {
	// Keys the cache by API key without keeping the key itself in memory as a map key.
	return createHash('sha256').update(String(credentials.apiKey ?? '')).digest('hex').slice(0, 16);
}

function reportTimeOf(alert: IDataObject): number {
	const t = Date.parse(String(alert.reportTime ?? alert.createdAt ?? ''));
	return Number.isNaN(t) ? 0 : t;
}

/**
 * The open (PENDING or ACCEPTED) alert with this alert key (trimmed, case-insensitive), in one
 * alert source if given, or undefined. ilert has no alert-key filter, so this lists open alerts
 * page by page (overlapping pages; a miss is checked against ilert's count). Cached for 10 s per
 * process; `sendIlertEvent` invalidates the key.
 */
export async function findOpenAlertByKey(
	ctx: TransportContext,
	options: { alertKey: string; alertSourceId?: string | number; itemIndex?: number; useCache?: boolean },
): Promise<IDataObject | undefined> {
	const wanted = String(options.alertKey ?? '').trim().toLowerCase();
	if (!wanted) {
		throw new NodeOperationError(ctx.getNode(), 'An alert key is needed to look up the open alert', { itemIndex: options.itemIndex });
	}
	const credentials = await ctx.getCredentials<ICredentialDataDecryptedObject>(ILERT_CREDENTIAL);
	const source = options.alertSourceId === undefined || options.alertSourceId === null ? '' : String(options.alertSourceId).trim();
	const cacheKey = `${wanted}|${source}|${baseUrlOf(credentials).toLowerCase()}|${credentialMarker(credentials)}`;
	if (options.useCache === false) openAlertCache.delete(cacheKey);
	const listing: ListIlertAlertsOptions = {
		states: ['PENDING', 'ACCEPTED'],
		sources: source ? [source] : undefined,
		returnAll: true,
		itemIndex: options.itemIndex,
	};
	const found = await openAlertCache.getOrLoad(cacheKey, async () => {
		// "Not found" decides a Create, so it is checked: a search that saw fewer open alerts than
		// ilert counts afterwards (alerts changed while paging) searches again.
		for (let scan = 1; ; scan++) {
			const alerts = await listIlertAlerts(ctx, listing);
			const match = alertsWithKey(alerts, wanted)[0];
			if (match) return match;
			const count = await countIlertAlerts(ctx, listing);
			if (count === undefined || alerts.length >= count || scan >= MAX_OPEN_ALERT_SCANS) return null;
		}
	});
	return found ?? undefined;
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

/* ------------------------------------------------------------- alerts and alert sources by id */

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
	return await ilertRequest<IDataObject>(ctx, { method: 'GET', path: alertPath(id), qs, itemIndex });
}

/** `PUT /api/alerts/{id}/accept|resolve`: sets an absolute state, so retrying it is safe. */
export async function putAlertAction(
	ctx: TransportContext,
	id: string | number,
	action: 'accept' | 'resolve',
	itemIndex?: number,
): Promise<IDataObject> {
	return await ilertRequest<IDataObject>(ctx, { method: 'PUT', path: alertPath(id, action), idempotent: true, itemIndex });
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

/** ilert's cap for GET /alert-sources. */
export const ILERT_ALERT_SOURCES_PAGE_SIZE = 50;

/** Alert sources, page by page; all of them when `limit` is undefined. */
export async function listAlertSources(ctx: TransportContext, limit?: number, itemIndex?: number): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	for (let startIndex = 0; ; ) {
		const want = limit === undefined ? ILERT_ALERT_SOURCES_PAGE_SIZE : Math.min(ILERT_ALERT_SOURCES_PAGE_SIZE, limit - out.length);
		if (want <= 0) break;
		const page = await ilertRequest<unknown>(ctx, {
			method: 'GET',
			path: '/alert-sources',
			qs: { 'start-index': startIndex, 'max-results': ILERT_ALERT_SOURCES_PAGE_SIZE },
			itemIndex,
		});
		const sources = Array.isArray(page) ? (page as IDataObject[]) : [];
		out.push(...sources.slice(0, want));
		if (sources.length < ILERT_ALERT_SOURCES_PAGE_SIZE) break;
		startIndex += sources.length;
	}
	return out;
}

/* ------------------------------------------------- alert actions (the ilert Trigger's webhook) */

function alertActionPath(id: string): string {
	return `/alert-actions/${encodeURIComponent(id)}`;
}

export async function createAlertAction(ctx: TransportContext, body: IDataObject): Promise<IDataObject> {
	return await ilertRequest<IDataObject>(ctx, { method: 'POST', path: '/alert-actions', body });
}

export async function getAlertAction(ctx: TransportContext, id: string): Promise<IDataObject> {
	return await ilertRequest<IDataObject>(ctx, { method: 'GET', path: alertActionPath(id) });
}

export async function deleteAlertAction(ctx: TransportContext, id: string): Promise<void> {
	await ilertRequest(ctx, { method: 'DELETE', path: alertActionPath(id), idempotent: true });
}
