/**
 * The ilert request pipeline: REST API (Bearer API key, `autotaskIlertIlertApi`) and Events API
 * (alert source integration key, `autotaskIlertIlertAlertSourceApi`), always through
 * `httpRequestWithAuthentication`.
 *
 * Retries 429 (ilert sends no Retry-After: 10–30 s), 5xx and network errors for idempotent
 * calls, bounded by the credential's Max Retry Wait. The credential is read once per call by the
 * caller and passed down (`IlertCall`).
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	JsonObject,
	NodeApiError,
} from 'n8n-workflow';

import { DEFAULT_ILERT_BASE_URL, ILERT_DEFAULT_MAX_RETRY_WAIT_SECONDS } from '../credentialFields';
import {
	credentialSecrets,
	sendWithCredential,
	serviceApiError,
	trimSlashes,
	type FailedCall,
	type TransportContext,
} from '../http';
import {
	headerValue,
	maxRetryWaitMs,
	parseRetryAfter,
	runWithRetry,
	type AttemptResult,
	type RetryPolicy,
} from '../retry';

export type { TransportContext } from '../http';
export { DEFAULT_ILERT_BASE_URL } from '../credentialFields';

export const ILERT_CREDENTIAL = 'autotaskIlertIlertApi';
export const ILERT_SOURCE_CREDENTIAL = 'autotaskIlertIlertAlertSourceApi';

/** A credential read once for a call, with the values that must never appear in its errors. */
export interface IlertCall {
	credentialType: string;
	credentials: ICredentialDataDecryptedObject;
	secrets: string[];
}

/** Reads the credential once; `extraSecrets` are further values to keep out of errors. */
export async function readIlertCall(
	ctx: TransportContext,
	credentialType: string = ILERT_CREDENTIAL,
	extraSecrets: string[] = [],
): Promise<IlertCall> {
	const credentials = await ctx.getCredentials<ICredentialDataDecryptedObject>(credentialType);
	const secretFields = credentialType === ILERT_CREDENTIAL ? ['apiKey'] : ['integrationApiKey'];
	return {
		credentialType,
		credentials,
		secrets: [...credentialSecrets(credentials, secretFields), ...extraSecrets],
	};
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

export function ilertBaseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const raw =
		typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() !== ''
			? credentials.baseUrl
			: DEFAULT_ILERT_BASE_URL;
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
	const message =
		typeof record.message === 'string'
			? record.message
			: typeof record.error === 'string'
				? record.error
				: '';
	const code =
		typeof record.code === 'string'
			? record.code
			: typeof record.detailedCode === 'string'
				? record.detailedCode
				: '';
	return { message, code };
}

function statusHint(status: number, credentialType: string): string {
	if (status === 401) return 'ilert received no valid credential.';
	if (status === 403)
		return credentialType === ILERT_CREDENTIAL
			? 'ilert rejected the API key or it lacks permission for this (check the ilert API credential).'
			: 'ilert rejected the integration key.';
	if (status === 404) return 'Not found, or not visible to this API key.';
	if (status === 429)
		return 'ilert is rate limiting (about 120 REST calls per minute per API key, 50 events per minute per alert source); raise Max Retry Wait in the credential or send less often.';
	if (status >= 500) return 'ilert reports a server-side problem.';
	return '';
}

export function ilertApiError(
	ctx: TransportContext,
	args: FailedCall & { credentialType: string },
): NodeApiError {
	const { message: said, code } = ilertErrorInfo(args.body);
	const details: JsonObject = {};
	if (code) details.code = code;
	if (args.status !== undefined) details.status = args.status;
	return serviceApiError(ctx, {
		...args,
		service: 'ilert',
		message: said
			? `ilert: ${said}${code ? ` (${code})` : ''}`
			: `ilert answered HTTP ${args.status}${code ? ` (${code})` : ''}`,
		hint: statusHint(args.status ?? 0, args.credentialType),
		details,
	});
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
	/** Statuses returned instead of thrown. */
	allowStatuses?: number[];
}

export interface IlertAnswer {
	statusCode: number;
	body: unknown;
	headers: Record<string, unknown>;
}

function apiPath(path: string): string {
	const p = path.startsWith('/') ? path : `/${path}`;
	return /^\/api(\/|$)/i.test(p) ? p : `/api${p}`;
}

function isIdempotent(opts: IlertRequestOptions): boolean {
	return opts.idempotent ?? ['GET', 'HEAD', 'PUT', 'DELETE'].includes(opts.method.toUpperCase());
}

async function attempt(
	ctx: TransportContext,
	call: IlertCall,
	opts: IlertRequestOptions,
	url: string,
): Promise<AttemptResult<IlertAnswer>> {
	const method = opts.method.toUpperCase() as IHttpRequestMethods;
	const target = apiPath(opts.path);
	const { credentialType, secrets } = call;
	const idempotent = isIdempotent(opts);
	const request = {
		method,
		url,
		qs: opts.qs,
		body: opts.body,
		json: true,
		arrayFormat: 'repeat' as const,
		headers: { Accept: 'application/json' },
	};
	const sent = await sendWithCredential(ctx, credentialType, request, secrets, opts.itemIndex);
	if (sent.networkCode !== undefined) {
		const networkCode = sent.networkCode;
		return {
			ok: false,
			retryable: idempotent,
			reason: networkCode,
			error: (summary) =>
				ilertApiError(ctx, {
					credentialType,
					networkCode,
					method,
					target,
					itemIndex: opts.itemIndex,
					summary,
					secrets,
				}),
		};
	}
	const { statusCode, body, headers } = sent.response;
	if (statusCode < 400 || opts.allowStatuses?.includes(statusCode))
		return { ok: true, value: { statusCode, body, headers } };
	return {
		ok: false,
		retryable: idempotent && (statusCode === 429 || statusCode >= 500),
		reason: `HTTP ${statusCode}`,
		rateLimited: statusCode === 429,
		retryAfterMs: parseRetryAfter(headerValue(headers, 'retry-after')),
		error: (summary) =>
			ilertApiError(ctx, {
				credentialType,
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

/** One ilert call through the pipeline (retry, error mapping) with the credential the caller read. */
export async function sendIlert(
	ctx: TransportContext,
	call: IlertCall,
	opts: IlertRequestOptions,
): Promise<IlertAnswer> {
	const url = `${ilertBaseUrlOf(call.credentials)}${apiPath(opts.path)}`;
	const method = opts.method.toUpperCase();
	return await runWithRetry(
		async () => await attempt(ctx, call, opts, url),
		policyFor(call.credentials),
		Math.random,
		(info) =>
			ctx.logger.debug(
				`ilert ${method} ${apiPath(opts.path)}: ${info.reason}, retrying in ${info.delayMs} ms`,
				{ attempt: info.attempt },
			),
	);
}

/** One ilert REST call with the API key credential; returns the parsed JSON body. */
export async function ilertRequest<T = unknown>(
	ctx: TransportContext,
	opts: IlertRequestOptions,
	call?: IlertCall,
): Promise<T> {
	const { body } = await sendIlert(ctx, call ?? (await readIlertCall(ctx)), opts);
	return body as T;
}
