/**
 * What the Autotask and ilert pipelines share: the context type, one authenticated HTTP call
 * that reports status instead of throwing, the per-request credential memo, and error scrubbing.
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { processState } from './processState';
import { networkErrorCode, type RetrySummary } from './retry';

/** Any n8n context the transport can run in. */
export type TransportContext =
	| IExecuteFunctions
	| IHookFunctions
	| IWebhookFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| ITriggerFunctions;

export { CREDENTIAL_REUSE_MS } from './processState';

const recentCredentials = processState.recentCredentials;

function reuseKey(ctx: TransportContext, type: string): string | undefined {
	const id = ctx.getNode().credentials?.[type]?.id;
	return id ? `${type}|${id}` : undefined;
}

/**
 * The context with one credential read per credential type for its lifetime (one webhook
 * request), shared by the requests of this process for `CREDENTIAL_REUSE_MS` (when the node names
 * the credential by id, as saved workflows do). Outside an execution, n8n 2.x decrypts a credential in a fresh
 * expression isolate on every `getCredentials` call (~50 ms of CPU with the default `vm`
 * engine), and reading one ticket asks for the credential several times (zone, cache keys, each
 * request). The authenticated helpers take the credential from `this`, so they use it too.
 * Sharing is short so an edited credential applies within seconds; a 401 ends it at once
 * (`sendWithCredential`).
 */
export function withCredentialMemo<T extends TransportContext>(ctx: T): T {
	const memo = new Map<string, Promise<ICredentialDataDecryptedObject>>();
	const memoized = Object.create(ctx) as T;
	const getCredentials = async (type: string) => {
		let read = memo.get(type);
		if (read === undefined) {
			const key = reuseKey(ctx, type);
			const load = async () => await ctx.getCredentials<ICredentialDataDecryptedObject>(type);
			read = key === undefined ? load() : recentCredentials.getOrLoad(key, load);
			memo.set(type, read);
			// A failed read is not remembered: the next caller gets the error from a fresh try.
			read.catch(() => memo.delete(type));
		}
		return await read;
	};
	Object.defineProperty(memoized, 'getCredentials', { value: getCredentials });
	return memoized;
}

/** Ends the sharing of a credential (e.g. Autotask or ilert refused it: it may have been edited). */
export function forgetSharedCredential(ctx: TransportContext, type: string): void {
	const key = reuseKey(ctx, type);
	if (key !== undefined) recentCredentials.delete(key);
}

export interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export type SendResult =
	| { response: RawResponse; networkCode?: undefined }
	| { response?: undefined; networkCode: string };

/** Replaces every secret value (at least 4 characters) in a text by `***`. */
export function scrub(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('***');
	}
	return out;
}

/** The secret values of a credential (fields that must never appear in output). */
export function credentialSecrets(
	credentials: ICredentialDataDecryptedObject,
	fields: readonly string[],
): string[] {
	return fields
		.map((f) => credentials[f])
		.filter((v): v is string => typeof v === 'string' && v.trim().length > 0)
		.map((v) => v.trim());
}

/**
 * One authenticated request that returns the status, headers and body for every HTTP status,
 * and a network error code for transport failures. Anything else (missing credential, failed
 * preAuthentication) becomes a clean n8n error with secrets removed.
 */
export async function sendWithCredential(
	ctx: TransportContext,
	credentialType: string,
	options: IHttpRequestOptions,
	secrets: readonly string[],
	itemIndex?: number,
): Promise<SendResult> {
	try {
		const full = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
			...options,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
		if (Number(full.statusCode) === 401) forgetSharedCredential(ctx, credentialType);
		return {
			response: {
				statusCode: Number(full.statusCode),
				headers: (full.headers ?? {}) as Record<string, unknown>,
				body: full.body,
			},
		};
	} catch (error) {
		const code = networkErrorCode(error);
		if (code) return { networkCode: code };
		const message = scrub(String((error as Error)?.message ?? error), secrets);
		const description = (error as { description?: unknown })?.description;
		if (error instanceof NodeOperationError) {
			throw new NodeOperationError(ctx.getNode(), message, { itemIndex });
		}
		throw new NodeApiError(
			ctx.getNode(),
			{ message },
			{
				message,
				description: typeof description === 'string' ? scrub(description, secrets) : undefined,
				itemIndex,
			},
		);
	}
}

/** A call that failed: the request, the answer (or the network error) and why retrying stopped. */
export interface FailedCall {
	method: string;
	/** Path (or URL) of the request, for the description. */
	target: string;
	status?: number;
	body?: unknown;
	/** Set when the connection failed before an answer. */
	networkCode?: string;
	itemIndex?: number;
	summary?: RetrySummary;
	secrets: readonly string[];
}

export interface ServiceErrorArgs extends FailedCall {
	/** Service name as shown to the user: `Autotask`, `ilert`. */
	service: string;
	/** Message for an HTTP answer (before scrubbing); not used for network errors. */
	message: string;
	/** What the status means and what to do; may be empty; not used for network errors. */
	hint: string;
	/** Error body fields besides `message`, already free of secrets. */
	details?: JsonObject;
}

/**
 * The `NodeApiError` of a failed service call: the service's message, a description with the
 * request, the hint and why retrying stopped, the HTTP code, and no secret anywhere.
 */
export function serviceApiError(ctx: TransportContext, args: ServiceErrorArgs): NodeApiError {
	const clean = (text: string) => scrub(text, args.secrets);
	const message = args.networkCode
		? `Could not reach ${args.service}: the connection failed before it answered`
		: args.message;
	const hint = args.networkCode
		? `Network error ${args.networkCode.toLowerCase()} (retried where safe).`
		: args.hint;
	const parts = [
		`${args.method} ${args.target}${args.status !== undefined ? ` answered HTTP ${args.status}` : ''}.`,
		hint,
	];
	if (args.summary?.gaveUp) parts.push(`Stopped retrying: ${args.summary.gaveUp}.`);
	const errorBody: JsonObject = { message: clean(message), ...(args.details ?? {}) };
	return new NodeApiError(ctx.getNode(), errorBody, {
		message: clean(message),
		description: clean(parts.filter((p) => p !== '').join(' ')),
		httpCode: args.status !== undefined ? String(args.status) : undefined,
		itemIndex: args.itemIndex,
	});
}

export function trimSlashes(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/** `scheme://host[:port]` of an absolute URL, lower-cased; undefined for relative URLs. */
export function originOf(url: string): string | undefined {
	const match = /^(https?:\/\/[^/?#]+)/i.exec(url.trim());
	return match ? match[1].toLowerCase() : undefined;
}
