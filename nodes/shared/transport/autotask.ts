/**
 * Autotask PSA REST transport. The only module that talks to Autotask; always through
 * `httpRequestWithAuthentication` with the `autotaskIlertAutotaskApi` credential.
 *
 * - Base URL: fixed zone, custom URL, or auto-detect (ZoneInformation), cached per username.
 * - Retries reads (GET, POST …/query) after 429, 500 (any text), 502/503/504, network errors and
 *   the thread-limit error (Itgenatr005, whatever its status); updates (PATCH) the same except a
 *   500 only with a transient text; creates never (retry.ts `isRetryableAutotaskFailure`). With
 *   backoff + jitter and Retry-After, bounded by the credential's Max Retry Wait.
 * - At most 3 concurrent requests per endpoint per process (Autotask's thread limit).
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	autotaskErrorText,
	staticZone,
	ZONE_AUTO,
	ZONE_CUSTOM,
	zoneFingerprint,
	zoneFromLookup,
	zoneLookupUrl,
	zoneSettingsFromCredentials,
	type ResolvedZone,
} from './autotaskZones';
import { TICKET_NUMBER_PATTERN } from '../domain/conventions';
import { TtlCache } from './cache';
import {
	credentialSecrets,
	originOf,
	scrub,
	sendWithCredential,
	serviceApiError,
	type FailedCall,
	type RawResponse,
	type TransportContext,
} from './common';
import { ConcurrencyLimiter } from './concurrency';
import { AUTOTASK_DEFAULT_MAX_RETRY_WAIT_SECONDS } from './credentialFields';
import {
	autotaskRequestKind,
	headerValue,
	isRetryableAutotaskFailure,
	maxRetryWaitMs,
	parseRetryAfter,
	runWithRetry,
	type AttemptResult,
	type RetryPolicy,
} from './retry';

export type { ResolvedZone } from './autotaskZones';
export type { TransportContext } from './common';

export const AUTOTASK_CREDENTIAL = 'autotaskIlertAutotaskApi';

/** Autotask's documented limit is 3 threads per endpoint and tracking identifier. */
export const AUTOTASK_MAX_CONCURRENT_PER_ENDPOINT = 3;
export const AUTOTASK_MAX_PAGE_SIZE = 500;
const ZONE_TTL_MS = 60 * 60 * 1000;
const FIELDS_TTL_MS = 15 * 60 * 1000;
const RESOURCES_TTL_MS = 5 * 60 * 1000;
const MAX_PAGES = 2000;
const SECRET_FIELDS = ['secret', 'integrationCodeSecret'];

const limiter = new ConcurrencyLimiter(AUTOTASK_MAX_CONCURRENT_PER_ENDPOINT);
const zoneCache = new TtlCache<ResolvedZone>(ZONE_TTL_MS, 200);
const fieldsCache = new TtlCache<AutotaskFieldInfo[]>(FIELDS_TTL_MS, 500);
/* Active resources for pickers (not a picklist): bounded, short TTL. */
const resourcesCache = new TtlCache<IDataObject[]>(RESOURCES_TTL_MS, 50);

/** Empties the per-process caches (zones, entity fields, active resources). For tests and after credential edits. */
export function clearAutotaskCaches(): void {
	zoneCache.clear();
	fieldsCache.clear();
	resourcesCache.clear();
}

/** The per-process concurrency limiter (exposed for tests). */
export function autotaskLimiter(): ConcurrencyLimiter {
	return limiter;
}

export interface AutotaskRequestOptions {
	method: IHttpRequestMethods;
	/** Relative to `.../atservicesrest/v1.0`, e.g. `/Tickets/123`. */
	path?: string;
	/** Absolute URL on the zone's host (e.g. `pageDetails.nextPageUrl`); overrides `path`. */
	url?: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	/** Whether the request may be repeated safely. Default: GET, PATCH, PUT, DELETE and POST `/query`. */
	idempotent?: boolean;
	itemIndex?: number;
}

interface InternalOptions {
	/** Statuses returned to the caller instead of thrown. */
	allowStatuses?: number[];
}


/** `Tickets` for `/Tickets/123`, `tickets/notes` for `/Tickets/123/Notes`: one thread pool each. */
export function endpointKey(pathOrUrl: string): string {
	let path = pathOrUrl.split('?')[0];
	const at = /\/v1\.0(\/.*)$/i.exec(path);
	if (at) path = at[1];
	const segments = path.split('/').filter((s) => s !== '');
	if (segments.length === 0) return '';
	const entity = segments[0].toLowerCase();
	if (segments.length >= 3 && /^\d+$/.test(segments[1]) && /^[a-z]+$/i.test(segments[2])) {
		return `${entity}/${segments[2].toLowerCase()}`;
	}
	return entity;
}

function isThreadLimit(body: unknown): boolean {
	return /Itgenatr005|thread threshold/i.test(autotaskErrorText(body));
}

function policyFor(credentials: ICredentialDataDecryptedObject): RetryPolicy {
	return {
		maxTotalWaitMs: maxRetryWaitMs(credentials, AUTOTASK_DEFAULT_MAX_RETRY_WAIT_SECONDS),
		maxAttempts: 8,
		baseDelayMs: 1000,
		maxDelayMs: 30000,
	};
}

function statusHint(status: number): string {
	if (status === 401) return 'Autotask did not accept the login: check the credential (username, secret, integration code) and run its test.';
	if (status === 403) return 'The API user is not allowed to do this: check its security level.';
	if (status === 404) return 'The record does not exist or the API user cannot see it.';
	if (status === 405) return 'Autotask does not support this method here.';
	if (status === 429) return 'Autotask is rate limiting the tenant (10,000 requests per hour across all integrations); raise Max Retry Wait in the credential or try later.';
	if (status >= 500) return 'Autotask reports a server-side problem or refused the data.';
	return '';
}

function autotaskApiError(ctx: TransportContext, args: FailedCall): NodeApiError {
	const said = autotaskErrorText(args.body);
	return serviceApiError(ctx, {
		...args,
		service: 'Autotask',
		message: said ? `Autotask: ${said}` : `Autotask answered HTTP ${args.status}`,
		hint: isThreadLimit(args.body)
			? 'Autotask allows 3 concurrent requests per endpoint for each integration code; other integrations using the same code compete for them.'
			: statusHint(args.status ?? 0),
		details: said ? { errors: scrub(said, args.secrets).split('; ') } : {},
	});
}

async function getAutotaskCredentials(ctx: TransportContext): Promise<ICredentialDataDecryptedObject> {
	return await ctx.getCredentials<ICredentialDataDecryptedObject>(AUTOTASK_CREDENTIAL);
}

/**
 * The zone of the credential: `{ apiBaseUrl (…/atservicesrest/v1.0), webUrl, zoneName }`.
 * Auto-detect results are cached per username (and lookup URL) for an hour; a zone stored in
 * the credential by preAuthentication is used only if it was resolved for the current settings.
 */
export async function getZone(ctx: TransportContext, options: { refresh?: boolean; itemIndex?: number } = {}): Promise<ResolvedZone> {
	const credentials = await getAutotaskCredentials(ctx);
	return await resolveZone(ctx, credentials, options.refresh === true, options.itemIndex);
}

async function resolveZone(
	ctx: TransportContext,
	credentials: ICredentialDataDecryptedObject,
	refresh: boolean,
	itemIndex?: number,
): Promise<ResolvedZone> {
	const settings = zoneSettingsFromCredentials(credentials);
	const fixed = staticZone(settings);
	if (fixed) return fixed;
	if (settings.zone === ZONE_CUSTOM) {
		throw new NodeOperationError(ctx.getNode(), 'The Autotask credential uses a custom zone but has no Custom Base URL', { itemIndex });
	}
	if (!settings.username) {
		throw new NodeOperationError(ctx.getNode(), 'The Autotask credential has no API Username', { itemIndex });
	}
	const fingerprint = zoneFingerprint(settings);
	if (refresh) {
		zoneCache.delete(fingerprint);
	} else {
		const cached = zoneCache.get(fingerprint);
		if (cached) return cached;
		const storedUrl = typeof credentials.zoneApiUrl === 'string' ? credentials.zoneApiUrl : '';
		if (storedUrl && credentials.zoneFingerprint === fingerprint) {
			const stored: ResolvedZone = {
				apiBaseUrl: storedUrl,
				webUrl: typeof credentials.zoneWebUrl === 'string' ? credentials.zoneWebUrl : '',
				zoneName: typeof credentials.zoneName === 'string' ? credentials.zoneName : '',
			};
			zoneCache.set(fingerprint, stored);
			return stored;
		}
	}
	return await zoneCache.getOrLoad(fingerprint, async () => {
		const secrets = credentialSecrets(credentials, SECRET_FIELDS);
		const url = zoneLookupUrl(settings);
		return await runWithRetry<ResolvedZone>(async () => {
			const sent = await sendWithCredential(
				ctx,
				AUTOTASK_CREDENTIAL,
				{ method: 'GET', url, json: true, headers: { Accept: 'application/json' } },
				secrets,
				itemIndex,
			);
			if (sent.networkCode !== undefined) {
				const networkCode = sent.networkCode;
				return {
					ok: false,
					retryable: true,
					reason: networkCode,
					error: (summary) =>
						autotaskApiError(ctx, { networkCode, method: 'GET', target: 'zoneInformation', itemIndex, summary, secrets }),
				};
			}
			const { statusCode, body } = sent.response;
			const zone = statusCode < 400 ? zoneFromLookup(body) : undefined;
			if (zone) return { ok: true, value: zone };
			const said = autotaskErrorText(body) || (statusCode < 400 ? 'the answer carried no zone URL' : `HTTP ${statusCode}`);
			const retryable = statusCode === 429 || statusCode === 502 || statusCode === 503 || statusCode === 504;
			return {
				ok: false,
				retryable,
				reason: `HTTP ${statusCode}`,
				retryAfterMs: parseRetryAfter(headerValue(sent.response.headers, 'retry-after')),
				error: (summary) =>
					new NodeApiError(
						ctx.getNode(),
						{ message: said },
						{
							message: `Autotask could not find a zone for API user "${settings.username}": ${said}`,
							description: `GET ${url} answered HTTP ${statusCode}. Check the API Username, or choose the zone in the credential.${summary.gaveUp ? ` Stopped retrying: ${summary.gaveUp}.` : ''}`,
							httpCode: String(statusCode),
							itemIndex,
						},
					),
			};
		}, policyFor(credentials));
	});
}

function joinUrl(zone: ResolvedZone, opts: AutotaskRequestOptions, ctx: TransportContext): string {
	if (opts.url) {
		const url = opts.url.trim();
		if (url.startsWith('/')) return `${originOf(zone.apiBaseUrl) ?? ''}${url}`;
		const origin = originOf(url);
		if (origin !== originOf(zone.apiBaseUrl)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Autotask returned a link to another host (${origin ?? url}); it was not followed so the credential is not sent there`,
				{ itemIndex: opts.itemIndex },
			);
		}
		return url;
	}
	const path = opts.path ?? '';
	return `${zone.apiBaseUrl}${path.startsWith('/') ? path : `/${path}`}`;
}

async function requestInternal(
	ctx: TransportContext,
	opts: AutotaskRequestOptions,
	internal: InternalOptions = {},
): Promise<{ statusCode: number; body: unknown }> {
	const credentials = await getAutotaskCredentials(ctx);
	const secrets = credentialSecrets(credentials, SECRET_FIELDS);
	// Read / update / create decides what is retried (retry.ts).
	const kind = autotaskRequestKind(opts.method, opts.url ?? opts.path ?? '', opts.idempotent);
	const method = opts.method.toUpperCase() as IHttpRequestMethods;
	let zone = await resolveZone(ctx, credentials, false, opts.itemIndex);
	let zoneRefreshed = false;
	const username = String(credentials.username ?? '').toLowerCase();

	const attempt = async (): Promise<AttemptResult<{ statusCode: number; body: unknown }>> => {
		const url = joinUrl(zone, opts, ctx);
		const target = url.startsWith(zone.apiBaseUrl) ? url.slice(zone.apiBaseUrl.length) || '/' : url;
		const key = `${originOf(zone.apiBaseUrl)}|${username}|${endpointKey(url)}`;
		const sent = await limiter.run(key, async () =>
			await sendWithCredential(
				ctx,
				AUTOTASK_CREDENTIAL,
				{
					method,
					url,
					qs: opts.qs,
					body: opts.body,
					json: true,
					headers: { Accept: 'application/json' },
				},
				secrets,
				opts.itemIndex,
			),
		);
		if (sent.networkCode !== undefined) {
			const networkCode = sent.networkCode;
			return {
				ok: false,
				retryable: isRetryableAutotaskFailure({ kind, networkCode }),
				reason: networkCode,
				error: (summary) =>
					autotaskApiError(ctx, { networkCode, method, target, itemIndex: opts.itemIndex, summary, secrets }),
			};
		}
		const response: RawResponse = sent.response;
		const { statusCode, body } = response;
		const threadLimit = isThreadLimit(body);
		if (!threadLimit && (statusCode < 400 || internal.allowStatuses?.includes(statusCode))) {
			return { ok: true, value: { statusCode, body } };
		}
		// A wrong or moved auto-detected zone shows as 401: look the zone up once more.
		if (statusCode === 401 && !zoneRefreshed && zoneSettingsFromCredentials(credentials).zone === ZONE_AUTO) {
			zoneRefreshed = true;
			const fresh = await resolveZone(ctx, credentials, true, opts.itemIndex);
			if (fresh.apiBaseUrl !== zone.apiBaseUrl) {
				zone = fresh;
				return await attempt();
			}
		}
		const said = autotaskErrorText(body);
		const retryable = isRetryableAutotaskFailure({ kind, status: statusCode, threadLimit, errorText: said });
		return {
			ok: false,
			retryable,
			reason: threadLimit ? 'thread limit' : `HTTP ${statusCode}`,
			retryAfterMs: parseRetryAfter(headerValue(response.headers, 'retry-after')),
			rateLimited: threadLimit || statusCode === 429,
			error: (summary) =>
				autotaskApiError(ctx, { status: statusCode, body, method, target, itemIndex: opts.itemIndex, summary, secrets }),
		};
	};

	return await runWithRetry(attempt, policyFor(credentials), Math.random, (info) =>
		ctx.logger.debug(`Autotask ${method} ${opts.path ?? 'next page'}: ${info.reason}, retrying in ${info.delayMs} ms`, {
			attempt: info.attempt,
		}),
	);
}

/** One Autotask REST call; returns the parsed JSON body. Throws NodeApiError with Autotask's `errors[]` text. */
export async function autotaskRequest<T = IDataObject>(ctx: TransportContext, opts: AutotaskRequestOptions): Promise<T> {
	const { body } = await requestInternal(ctx, opts);
	return body as T;
}

/** What to query; `autotaskQuery` sends it as Autotask's QueryModel (`Filter`, `MaxRecords`, `IncludeFields`). */
export interface AutotaskQuery {
	filter: IDataObject[];
	includeFields?: string[];
	/** Page size (1–500). */
	maxRecords?: number;
}

export interface AutotaskQueryOptions {
	returnAll?: boolean;
	/** Most items to return when not `returnAll` (default: maxRecords or 500). */
	limit?: number;
	itemIndex?: number;
}

interface QueryPage {
	items?: IDataObject[];
	pageDetails?: { nextPageUrl?: string | null };
}

function assertEntity(ctx: TransportContext, entity: string, itemIndex?: number): void {
	if (!/^[A-Za-z]+$/.test(entity)) {
		throw new NodeOperationError(ctx.getNode(), `"${entity}" is not an Autotask entity name`, { itemIndex });
	}
}

/**
 * `POST /<Entity>/query`, following `pageDetails.nextPageUrl` by re-POSTing the body (and
 * with GET where a zone answers 405), until `limit` items or the last page.
 */
export async function autotaskQuery<T = IDataObject>(
	ctx: TransportContext,
	entity: string,
	query: AutotaskQuery,
	options: AutotaskQueryOptions = {},
): Promise<T[]> {
	assertEntity(ctx, entity, options.itemIndex);
	const limit = options.returnAll ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(options.limit ?? query.maxRecords ?? AUTOTASK_MAX_PAGE_SIZE));
	const pageSize = Math.max(1, Math.min(AUTOTASK_MAX_PAGE_SIZE, query.maxRecords ?? AUTOTASK_MAX_PAGE_SIZE, limit));
	// Spelled as the Swagger's QueryModel example and every public client spell them.
	const body: IDataObject = { Filter: query.filter, MaxRecords: pageSize };
	if (query.includeFields && query.includeFields.length > 0) body.IncludeFields = query.includeFields;

	const items: T[] = [];
	const seen = new Set<string>();
	let page = await autotaskRequest<QueryPage>(ctx, { method: 'POST', path: `/${entity}/query`, body, idempotent: true, itemIndex: options.itemIndex });
	for (let pages = 1; ; pages++) {
		for (const item of page?.items ?? []) {
			if (items.length >= limit) break;
			items.push(item as T);
		}
		const next = page?.pageDetails?.nextPageUrl;
		if (items.length >= limit || !next || seen.has(next) || pages >= MAX_PAGES) break;
		seen.add(next);
		const posted = await requestInternal(
			ctx,
			{ method: 'POST', url: next, body, idempotent: true, itemIndex: options.itemIndex },
			{ allowStatuses: [405] },
		);
		page =
			posted.statusCode === 405
				? await autotaskRequest<QueryPage>(ctx, { method: 'GET', url: next, idempotent: true, itemIndex: options.itemIndex })
				: (posted.body as QueryPage);
	}
	return items;
}

function ticketIdText(ctx: TransportContext, id: number | string, itemIndex?: number): string {
	const text = String(id).trim();
	if (!/^\d+$/.test(text)) {
		throw new NodeOperationError(ctx.getNode(), `Autotask ticket ID must be a whole number, got "${String(id)}"`, { itemIndex });
	}
	return String(Number(text));
}

/** The raw ticket (`GET /Tickets/{id}`), or undefined when Autotask has none with that id. */
export async function getTicket(ctx: TransportContext, id: number | string, itemIndex?: number): Promise<IDataObject | undefined> {
	const { statusCode, body } = await requestInternal(
		ctx,
		{ method: 'GET', path: `/Tickets/${ticketIdText(ctx, id, itemIndex)}`, itemIndex },
		{ allowStatuses: [404] },
	);
	if (statusCode === 404) return undefined;
	const item = (body as IDataObject | undefined)?.item;
	return item && typeof item === 'object' ? (item as IDataObject) : undefined;
}

/** The raw ticket with this number (T20250915.0001), or undefined. */
export async function getTicketByNumber(ctx: TransportContext, ticketNumber: string, itemIndex?: number): Promise<IDataObject | undefined> {
	const number = String(ticketNumber).trim();
	if (!number) return undefined;
	const found = await autotaskQuery(ctx, 'Tickets', { filter: [{ op: 'eq', field: 'ticketNumber', value: number }], maxRecords: 1 }, { limit: 1, itemIndex });
	return found[0];
}

/** A ticket by numeric id or by ticket number (T20261128.0042); undefined if there is none. */
export async function findTicket(ctx: TransportContext, idOrNumber: string, itemIndex?: number): Promise<IDataObject | undefined> {
	const value = idOrNumber.trim();
	if (TICKET_NUMBER_PATTERN.test(value)) return await getTicketByNumber(ctx, value, itemIndex);
	return await getTicket(ctx, Number(value), itemIndex);
}

/** `PATCH /Tickets` with `{ id, ...changes }`. */
export async function patchTicket(ctx: TransportContext, body: IDataObject, itemIndex?: number): Promise<IDataObject> {
	return await autotaskRequest(ctx, { method: 'PATCH', path: '/Tickets', body, itemIndex });
}

/** `POST /Tickets/{id}/Notes` (not idempotent: a repeat would add a second note). */
export async function createTicketNote(
	ctx: TransportContext,
	ticketId: number,
	body: IDataObject,
	itemIndex?: number,
): Promise<IDataObject> {
	return await autotaskRequest(ctx, { method: 'POST', path: `/Tickets/${ticketId}/Notes`, body, itemIndex });
}

/** The raw resource (`GET /Resources/{id}`), or undefined. */
export async function getResource(ctx: TransportContext, id: number, itemIndex?: number): Promise<IDataObject | undefined> {
	const response = await autotaskRequest(ctx, { method: 'GET', path: `/Resources/${id}`, itemIndex });
	return (response?.item as IDataObject | undefined) ?? undefined;
}

/** Active resources (technicians), cached for a few minutes per credential and zone settings. */
export async function activeResources(ctx: TransportContext): Promise<IDataObject[]> {
	const credentials = await getAutotaskCredentials(ctx);
	const key = `resources:${String(credentials.username ?? '')}:${String(credentials.zone ?? '')}:${String(credentials.customBaseUrl ?? '')}`;
	return await resourcesCache.getOrLoad(key, async () =>
		await autotaskQuery(
			ctx,
			'Resources',
			{
				filter: [{ op: 'eq', field: 'isActive', value: true }],
				includeFields: ['id', 'firstName', 'lastName', 'email', 'userName', 'defaultServiceDeskRoleID', 'isActive'],
			},
			{ returnAll: true },
		),
	);
}

/** Resources whose email address is this one (compared case-insensitively, as Autotask does). */
export async function resourcesByEmail(ctx: TransportContext, email: string, itemIndex?: number): Promise<IDataObject[]> {
	const address = email.trim();
	const items = await autotaskQuery(ctx, 'Resources', { filter: [{ op: 'eq', field: 'email', value: address }] }, { returnAll: true, itemIndex });
	const lower = address.toLowerCase();
	// Keep exact matches only, in case a tenant compares differently.
	return items.filter((r) => typeof r.email === 'string' && r.email.trim().toLowerCase() === lower);
}

export interface PicklistValue {
	/** Numeric for numeric picklists (Autotask sends strings). */
	value: number | string;
	label: string;
	isActive: boolean;
	isDefaultValue: boolean;
	sortOrder: number;
	parentValue?: string;
}

export interface AutotaskFieldInfo {
	name: string;
	dataType?: string;
	isPickList?: boolean;
	isRequired?: boolean;
	isReadOnly?: boolean;
	picklistValues?: IDataObject[] | null;
	[key: string]: unknown;
}

/** `GET /<Entity>/entityInformation/fields`, cached per username + base URL + entity. */
export async function getEntityFields(
	ctx: TransportContext,
	entity: string,
	options: { refresh?: boolean; itemIndex?: number } = {},
): Promise<AutotaskFieldInfo[]> {
	assertEntity(ctx, entity, options.itemIndex);
	const credentials = await getAutotaskCredentials(ctx);
	const zone = await resolveZone(ctx, credentials, false, options.itemIndex);
	const key = `${String(credentials.username ?? '').toLowerCase()}|${zone.apiBaseUrl.toLowerCase()}|${entity.toLowerCase()}`;
	if (options.refresh) fieldsCache.delete(key);
	return await fieldsCache.getOrLoad(key, async () => {
		const body = await autotaskRequest<{ fields?: AutotaskFieldInfo[] }>(ctx, {
			method: 'GET',
			path: `/${entity}/entityInformation/fields`,
			itemIndex: options.itemIndex,
		});
		return Array.isArray(body?.fields) ? body.fields : [];
	});
}

function toPicklistValue(raw: IDataObject): PicklistValue {
	const rawValue = raw.value;
	const text = rawValue === undefined || rawValue === null ? '' : String(rawValue).trim();
	const value = /^-?\d+$/.test(text) ? Number(text) : text;
	const result: PicklistValue = {
		value,
		label: typeof raw.label === 'string' ? raw.label : String(raw.label ?? ''),
		isActive: raw.isActive !== false,
		isDefaultValue: raw.isDefaultValue === true,
		sortOrder: typeof raw.sortOrder === 'number' ? raw.sortOrder : Number(raw.sortOrder ?? 0) || 0,
	};
	if (typeof raw.parentValue === 'string' && raw.parentValue !== '') result.parentValue = raw.parentValue;
	return result;
}

/**
 * A picklist's values (`{ value, label, isActive, isDefaultValue, sortOrder }`), from the cached
 * entity fields. Field names match case-insensitively. Throws when the entity has no such field.
 */
export async function getPicklist(
	ctx: TransportContext,
	entity: string,
	field: string,
	options: { refresh?: boolean; itemIndex?: number } = {},
): Promise<PicklistValue[]> {
	const fields = await getEntityFields(ctx, entity, options);
	const wanted = field.trim().toLowerCase();
	const info = fields.find((f) => typeof f.name === 'string' && f.name.toLowerCase() === wanted);
	if (!info) {
		throw new NodeOperationError(ctx.getNode(), `Autotask entity ${entity} has no field "${field}"`, { itemIndex: options.itemIndex });
	}
	const values = Array.isArray(info.picklistValues) ? info.picklistValues : [];
	return values.map(toPicklistValue);
}

/** Label of a picklist value in a list, or null. Pure. */
export function labelInPicklist(values: readonly PicklistValue[], id: number | string | null | undefined): string | null {
	if (id === null || id === undefined || String(id).trim() === '') return null;
	const key = String(id).trim();
	const found = values.find((v) => String(v.value) === key);
	return found ? found.label : null;
}

/** Value of the picklist entry with this label (trimmed, case-insensitive), or null. Pure. */
export function idInPicklist(values: readonly PicklistValue[], label: string | null | undefined): number | string | null {
	if (typeof label !== 'string') return null;
	const key = label.trim().toLowerCase();
	if (!key) return null;
	const found = values.find((v) => v.label.trim().toLowerCase() === key);
	return found ? found.value : null;
}

/** The label of a picklist id (e.g. Tickets.status 5 -> "Complete"), or null when unknown. */
export async function picklistLabel(
	ctx: TransportContext,
	entity: string,
	field: string,
	id: number | string | null | undefined,
	itemIndex?: number,
): Promise<string | null> {
	return labelInPicklist(await getPicklist(ctx, entity, field, { itemIndex }), id);
}

/** The id of a picklist label (trimmed, case-insensitive), or null when no entry has it. */
export async function picklistId(
	ctx: TransportContext,
	entity: string,
	field: string,
	label: string,
	itemIndex?: number,
): Promise<number | string | null> {
	return idInPicklist(await getPicklist(ctx, entity, field, { itemIndex }), label);
}
