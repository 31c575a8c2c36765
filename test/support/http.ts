/**
 * Real HTTP for mocked n8n contexts.
 *
 * Requests go through n8n's own outbound client (`OutboundHttp` from `@n8n/backend-network`,
 * the exact code `helpers.httpRequest` / `httpRequestWithAuthentication` call inside n8n 2.41),
 * so `json`, `qs`, `arrayFormat`, `body`, `returnFullResponse`, `ignoreHttpStatusErrors` and the
 * error shape (an AxiosError, wrapped in `NodeApiError` by `httpRequestWithAuthentication`)
 * behave as in a running n8n.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

/** One request as it left the mocked context. */
export interface RecordedRequest {
	/** Upper-case method. */
	method: string;
	/** Full URL including the serialised query string. */
	url: string;
	/** Request headers after the credential was applied (names as sent). */
	headers: Record<string, string>;
	/** Request body after the credential was applied. */
	body: unknown;
	/** Query parameters after the credential was applied. */
	qs: Record<string, unknown> | undefined;
	/** Credential type used, undefined for `helpers.httpRequest`. */
	credentialType?: string;
	/** HTTP status of the response, undefined for network errors. */
	statusCode?: number;
	/** Wall clock start (ms), for concurrency assertions. */
	startedAt: number;
	/** Wall clock end (ms). */
	endedAt?: number;
}

interface OutboundClient {
	request(options: IHttpRequestOptions): Promise<unknown>;
}

let client: OutboundClient | undefined;

function outboundClient(): OutboundClient {
	if (!client) {
		const { Container } = require('@n8n/di') as { Container: { get(t: unknown): unknown } };
		const { OutboundHttp } = require('@n8n/backend-network') as { OutboundHttp: unknown };
		const outbound = Container.get(OutboundHttp) as { requests(): OutboundClient };
		client = outbound.requests();
	}
	return client;
}

/** Builds the URL as sent, for the record (the client serialises `qs` itself). */
function describeUrl(options: IHttpRequestOptions): string {
	const base = options.baseURL
		? options.baseURL.replace(/\/+$/, '') + '/' + options.url.replace(/^\/+/, '')
		: options.url;
	const qs = options.qs ?? {};
	const parts: string[] = [];
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined) continue;
		const values = Array.isArray(value) ? value : [value];
		for (const v of values)
			parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
	}
	if (parts.length === 0) return base;
	return base + (base.includes('?') ? '&' : '?') + parts.join('&');
}

function plainHeaders(headers: IHttpRequestOptions['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers ?? {})) {
		if (v !== undefined) out[k] = String(v);
	}
	return out;
}

/**
 * Performs one request with n8n's client and records it. Throws what n8n's
 * `helpers.httpRequest` throws (an AxiosError on non-2xx unless `ignoreHttpStatusErrors`).
 */
export async function performRequest(
	options: IHttpRequestOptions,
	log: RecordedRequest[],
	credentialType?: string,
): Promise<unknown> {
	const record: RecordedRequest = {
		method: (options.method ?? 'GET').toUpperCase(),
		url: describeUrl(options),
		headers: plainHeaders(options.headers),
		body: options.body,
		qs: options.qs as Record<string, unknown> | undefined,
		credentialType,
		startedAt: Date.now(),
	};
	log.push(record);
	try {
		// Always ask for the full response so the record has the real status; hand the caller
		// the shape it asked for (n8n returns `response.data` unless returnFullResponse).
		const full = (await outboundClient().request({ ...options, returnFullResponse: true })) as {
			body: unknown;
			statusCode: number;
		};
		record.statusCode = full.statusCode;
		return options.returnFullResponse ? full : full.body;
	} catch (error) {
		const status = (error as { response?: { status?: number } }).response?.status;
		if (status !== undefined) record.statusCode = status;
		throw error;
	} finally {
		record.endedAt = Date.now();
	}
}
