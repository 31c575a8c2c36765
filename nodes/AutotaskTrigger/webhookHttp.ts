/**
 * The HTTP side both kinds of request share (callouts and webhooks): reading headers and the raw
 * body, the options a request is handled with, answering with a 4xx, emitting one item.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { EnrichOutcome } from './enrich';

export interface RequestOptions {
	budgetMs: number;
	maxBodyBytes: number;
	createdWindowMs: number;
}

export function reject(
	ctx: IWebhookFunctions,
	status: number,
	message: string,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const res = ctx.getResponseObject();
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	res.status(status).json({ message });
	return { noWebhookResponse: true };
}

export function headerText(value: unknown): string {
	if (Array.isArray(value)) return headerText(value[0]);
	return typeof value === 'string' ? value : '';
}

export function rawBodyOf(ctx: IWebhookFunctions): Buffer | undefined {
	const raw = (ctx.getRequestObject() as { rawBody?: unknown }).rawBody;
	return Buffer.isBuffer(raw) ? raw : undefined;
}

/** Raw request body for the output: parsed object where there is one, else text. */
export function rawForOutput(body: unknown): unknown {
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return body ?? null;
}

export function emit(ctx: IWebhookFunctions, json: IDataObject): IWebhookResponseData {
	return { workflowData: [ctx.helpers.returnJsonArray([json])] };
}

export function outcomeFields(outcome: EnrichOutcome): IDataObject {
	const out: IDataObject = { enriched: outcome.enriched };
	if (!outcome.enriched) out.enrichmentError = outcome.enrichmentError;
	return out;
}
