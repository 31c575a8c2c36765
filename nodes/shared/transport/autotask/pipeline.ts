/**
 * The Autotask request pipeline: every Autotask call goes through `sendAutotask`, always with
 * `httpRequestWithAuthentication` and the `autotaskIlertAutotaskApi` credential.
 *
 * - Base URL: the credential's zone (zoneResolution.ts), resolved once per call.
 * - Retries reads (GET, POST …/query) after 429, 500 (any text), 502/503/504, network errors and
 *   the thread-limit error (Itgenatr005, whatever its status); updates (PATCH) the same except a
 *   500 only with a transient text; creates never (retry.ts `isRetryableAutotaskFailure`). With
 *   backoff + jitter and Retry-After, bounded by the credential's Max Retry Wait.
 * - At most 3 concurrent requests per endpoint per process (Autotask's thread limit).
 * - The credential is read once per call by the caller and passed down (`AutotaskCredentials`).
 */
import { createHash } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	originOf,
	sendWithCredential,
	type RawResponse,
	type SendResult,
	type TransportContext,
} from '../http';
import { processState } from '../processState';
import {
	autotaskRequestKind,
	headerValue,
	isRetryableAutotaskFailure,
	parseRetryAfter,
	runWithRetry,
	type AttemptResult,
} from '../retry';
import { autotaskApiError, autotaskSecrets, isThreadLimit, policyFor } from './errors';
import { resolveZone } from './zoneResolution';
import {
	autotaskErrorText,
	ZONE_AUTO,
	zoneSettingsFromCredentials,
	type ResolvedZone,
} from './zones';

export type { TransportContext } from '../http';
export type { ResolvedZone } from './zones';

export const AUTOTASK_CREDENTIAL = 'autotaskIlertAutotaskApi';
export const AUTOTASK_MAX_PAGE_SIZE = 500;
export { AUTOTASK_MAX_CONCURRENT_PER_ENDPOINT } from '../processState';

/** The decrypted Autotask credential, read once per call and passed down the pipeline. */
export type AutotaskCredentials = ICredentialDataDecryptedObject;

export async function readAutotaskCredentials(ctx: TransportContext): Promise<AutotaskCredentials> {
	return await ctx.getCredentials<ICredentialDataDecryptedObject>(AUTOTASK_CREDENTIAL);
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
	/** Statuses returned to the caller instead of thrown. */
	allowStatuses?: number[];
}

export interface AutotaskAnswer {
	statusCode: number;
	body: unknown;
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

/** One call's fixed facts, worked out once before the first attempt. */
interface CallPlan {
	ctx: TransportContext;
	credentials: AutotaskCredentials;
	opts: AutotaskRequestOptions;
	method: IHttpRequestMethods;
	kind: ReturnType<typeof autotaskRequestKind>;
	secrets: string[];
	username: string;
	zone: ResolvedZone;
	zoneRefreshed: boolean;
}

/** Identical GETs: same URL and query, same credential (a hash, so no secret is a map key). */
function readKey(plan: CallPlan, threadKey: string, url: string): string {
	const credential = createHash('sha256')
		.update(JSON.stringify(plan.credentials))
		.digest('hex')
		.slice(0, 16);
	return `${threadKey}|${url}|${JSON.stringify(plan.opts.qs ?? {})}|${credential}`;
}

/**
 * One request through Autotask's thread limit. A GET still waiting for a thread is shared by
 * identical GETs that arrive before it is sent: it is sent after each of them arrived, so its
 * answer is as fresh as their own would be, and a burst of duplicate callouts reads each ticket
 * once instead of queuing every copy behind the 3 threads. Joiners get a copy of the answer.
 */
async function sendOnce(plan: CallPlan, url: string): Promise<SendResult> {
	const { ctx, opts } = plan;
	const threadKey = `${originOf(plan.zone.apiBaseUrl)}|${plan.username}|${endpointKey(url)}`;
	const waiting = processState.autotaskReadsWaiting;
	const shareKey = plan.method === 'GET' ? readKey(plan, threadKey, url) : undefined;
	const queued = shareKey === undefined ? undefined : waiting.get(shareKey);
	if (queued) return structuredClone(await queued);
	const sent = processState.autotaskThreads.run(threadKey, async () => {
		// Sent now: a GET that arrives from here on needs a request of its own.
		if (shareKey !== undefined && waiting.get(shareKey) === sent) waiting.delete(shareKey);
		return await sendWithCredential(
			ctx,
			AUTOTASK_CREDENTIAL,
			{
				method: plan.method,
				url,
				qs: opts.qs,
				body: opts.body,
				json: true,
				headers: { Accept: 'application/json' },
			},
			plan.secrets,
			opts.itemIndex,
		);
	});
	if (shareKey !== undefined) waiting.set(shareKey, sent);
	return await sent;
}

/** A wrong or moved auto-detected zone shows as 401: look the zone up once more. True when it moved. */
async function zoneMoved(plan: CallPlan): Promise<boolean> {
	if (plan.zoneRefreshed || zoneSettingsFromCredentials(plan.credentials).zone !== ZONE_AUTO)
		return false;
	plan.zoneRefreshed = true;
	const fresh = await resolveZone(plan.ctx, plan.credentials, true, plan.opts.itemIndex);
	if (fresh.apiBaseUrl === plan.zone.apiBaseUrl) return false;
	plan.zone = fresh;
	return true;
}

async function attempt(plan: CallPlan): Promise<AttemptResult<AutotaskAnswer>> {
	const { ctx, opts, method, kind, secrets } = plan;
	const url = joinUrl(plan.zone, opts, ctx);
	const target = url.startsWith(plan.zone.apiBaseUrl)
		? url.slice(plan.zone.apiBaseUrl.length) || '/'
		: url;
	const sent = await sendOnce(plan, url);
	if (sent.networkCode !== undefined) {
		const networkCode = sent.networkCode;
		return {
			ok: false,
			retryable: isRetryableAutotaskFailure({ kind, networkCode }),
			reason: networkCode,
			error: (summary) =>
				autotaskApiError(ctx, {
					networkCode,
					method,
					target,
					itemIndex: opts.itemIndex,
					summary,
					secrets,
				}),
		};
	}
	const response: RawResponse = sent.response;
	const { statusCode, body } = response;
	const threadLimit = isThreadLimit(body);
	if (!threadLimit && (statusCode < 400 || opts.allowStatuses?.includes(statusCode))) {
		return { ok: true, value: { statusCode, body } };
	}
	if (statusCode === 401 && (await zoneMoved(plan))) return await attempt(plan);
	const said = autotaskErrorText(body);
	return {
		ok: false,
		retryable: isRetryableAutotaskFailure({
			kind,
			status: statusCode,
			threadLimit,
			errorText: said,
		}),
		reason: threadLimit ? 'thread limit' : `HTTP ${statusCode}`,
		retryAfterMs: parseRetryAfter(headerValue(response.headers, 'retry-after')),
		rateLimited: threadLimit || statusCode === 429,
		error: (summary) =>
			autotaskApiError(ctx, {
				status: statusCode,
				body,
				method,
				target,
				itemIndex: opts.itemIndex,
				summary,
				secrets,
			}),
	};
}

/**
 * One Autotask call through the whole pipeline (zone, thread limit, retry, error mapping), with
 * the credential the caller read. Returns the status and parsed body; throws NodeApiError with
 * Autotask's `errors[]` text for statuses not in `allowStatuses`.
 */
export async function sendAutotask(
	ctx: TransportContext,
	credentials: AutotaskCredentials,
	opts: AutotaskRequestOptions,
): Promise<AutotaskAnswer> {
	const method = opts.method.toUpperCase() as IHttpRequestMethods;
	const plan: CallPlan = {
		ctx,
		credentials,
		opts,
		method,
		// Read / update / create decides what is retried (retry.ts).
		kind: autotaskRequestKind(opts.method, opts.url ?? opts.path ?? '', opts.idempotent),
		secrets: autotaskSecrets(credentials),
		username: String(credentials.username ?? '').toLowerCase(),
		zone: await resolveZone(ctx, credentials, false, opts.itemIndex),
		zoneRefreshed: false,
	};
	return await runWithRetry(
		async () => await attempt(plan),
		policyFor(credentials),
		Math.random,
		(info) =>
			ctx.logger.debug(
				`Autotask ${method} ${opts.path ?? 'next page'}: ${info.reason}, retrying in ${info.delayMs} ms`,
				{
					attempt: info.attempt,
				},
			),
	);
}

/** One Autotask REST call; returns the parsed JSON body. Throws NodeApiError with Autotask's `errors[]` text. */
export async function autotaskRequest<T = IDataObject>(
	ctx: TransportContext,
	opts: AutotaskRequestOptions,
): Promise<T> {
	const { body } = await sendAutotask(ctx, await readAutotaskCredentials(ctx), opts);
	return body as T;
}

/** The zone of the credential: `{ apiBaseUrl (…/atservicesrest/v1.0), webUrl, zoneName }`. */
export async function getZone(
	ctx: TransportContext,
	options: { refresh?: boolean; itemIndex?: number } = {},
): Promise<ResolvedZone> {
	return await resolveZone(
		ctx,
		await readAutotaskCredentials(ctx),
		options.refresh === true,
		options.itemIndex,
	);
}
