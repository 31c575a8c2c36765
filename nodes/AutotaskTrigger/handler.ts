/**
 * The trigger's `webhook()`: authenticate, parse, read the ticket (bounded), emit.
 *
 * Every rejected request gets a 4xx with a message and starts no execution; nothing here
 * throws to n8n. Nothing here remembers earlier requests or writes workflow static data: n8n
 * does not save static data written in `webhook()`, and where it saves it the last writer wins.
 * A repeated, replayed or late delivery is emitted again with the ticket as it is now; the
 * Ticket Lifecycle's ilert look-up turns it into Unchanged and the alert key keeps one alert.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { parseWebhookEnvelope, type WebhookEnvelope } from '../shared/domain/autotaskWebhook';
import { DEFAULT_MAX_CALLOUT_BYTES } from '../shared/domain/callout';
import type { TicketEvent } from '../shared/domain/conventions';
import { parseJsonBody } from '../shared/domain/safeBody';
import { SIGNATURE_HEADER, verifySignature } from '../shared/domain/signature';
import { DEFAULT_CREATED_WINDOW_MS } from '../shared/domain/ticketEvent';
import { processState } from '../shared/transport/processState';
import { handleCallout } from './calloutRequest';
import { enrichTicket, ticketFromReference, type EnrichOutcome } from './enrich';
import { DEACTIVATION_QUERY, getRemoteWebhook, reactivateWebhook, STATIC } from './registration';
import {
	emit,
	headerText,
	outcomeFields,
	rawBodyOf,
	reject,
	type RequestOptions,
} from './webhookHttp';

const DEFAULT_BUDGET_MS = 1500;
const RESPOND_LATER_BUDGET_MS = 8000;
const REACTIVATION_BUDGET_MS = 5000;
const REMOTE_CHECK_INTERVAL_MS = 60 * 1000;

/**
 * When this process last asked Autotask to confirm an unsigned deactivation notice, per webhook.
 * A pure rate limit against forged notices: losing it (restart, another process) costs one more
 * GET to Autotask, never a wrong outcome.
 */
const lastDeactivationCheck = processState.deactivationChecks;
const MAX_CHECKS_REMEMBERED = 1000;

function readOptions(ctx: IWebhookFunctions): RequestOptions {
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	// When a Respond to Webhook node answers, Autotask waits for the whole workflow anyway, so a
	// short read budget would only hand the Lifecycle a ticket without status under load.
	const respondLater = ctx.getNodeParameter('respond', 'onReceived') === 'responseNode';
	const defaultMs = respondLater ? RESPOND_LATER_BUDGET_MS : DEFAULT_BUDGET_MS;
	const seconds = Number(options.enrichmentTimeout ?? defaultMs / 1000);
	const kb = Number(options.maxBodySize ?? DEFAULT_MAX_CALLOUT_BYTES / 1024);
	const createdWindow = Number(options.createdWindow ?? DEFAULT_CREATED_WINDOW_MS / 1000);
	return {
		budgetMs: Number.isFinite(seconds) ? Math.min(8000, Math.max(0, seconds * 1000)) : defaultMs,
		maxBodyBytes: Number.isFinite(kb) && kb > 0 ? Math.floor(kb * 1024) : DEFAULT_MAX_CALLOUT_BYTES,
		createdWindowMs:
			Number.isFinite(createdWindow) && createdWindow >= 0
				? createdWindow * 1000
				: DEFAULT_CREATED_WINDOW_MS,
	};
}

/* ------------------------------------------------------------------ webhooks */

const ACTION_EVENT: Record<string, TicketEvent> = {
	Create: 'created',
	Update: 'updated',
	Delete: 'deleted',
};

function isJsonContentType(value: string): boolean {
	const media = value.split(';')[0].trim().toLowerCase();
	return (
		media === '' ||
		media === 'application/json' ||
		media === 'text/json' ||
		media === 'text/plain' ||
		/\+json$/.test(media)
	);
}

function webhookInfo(envelope: WebhookEnvelope): IDataObject {
	return {
		action: envelope.action,
		guid: envelope.guid,
		sequenceNumber: envelope.sequenceNumber,
		personId: envelope.personId,
		eventTime: envelope.eventTime,
	};
}

async function handleDeactivated(
	ctx: IWebhookFunctions,
	envelope: WebhookEnvelope,
	body: unknown,
	receivedAt: string,
): Promise<IWebhookResponseData> {
	const work = reactivateWebhook(ctx);
	work.catch(() => undefined);
	const pending = Symbol('pending');
	const result = await Promise.race([work, sleep(REACTIVATION_BUDGET_MS).then(() => pending)]);
	const reactivation: IDataObject =
		result === pending
			? { result: 'pending', error: 'Re-activation is still running' }
			: { ...(result as IDataObject) };
	ctx.logger.warn(
		`Autotask Trigger: Autotask deactivated the webhook; re-activation: ${String(reactivation.result)}`,
	);
	return emit(ctx, {
		event: 'webhookDeactivated',
		eventReason:
			'Autotask deactivated the webhook (e.g. after 25 failed deliveries in a row) or the user who created it',
		ticket: null,
		source: 'webhook',
		receivedAt,
		enriched: false,
		enrichmentError: 'Not a ticket event',
		webhook: {
			...webhookInfo(envelope),
			webhookId: ctx.getWorkflowStaticData('node')[STATIC.webhookId] ?? null,
		},
		reactivation,
		raw: body as IDataObject,
	});
}

/** An unsigned Deactivated notice is believed only when Autotask confirms it (at most once a minute per process). */
async function confirmUnsignedDeactivation(ctx: IWebhookFunctions): Promise<boolean> {
	const id = Number(ctx.getWorkflowStaticData('node')[STATIC.webhookId]);
	if (!Number.isFinite(id) || id <= 0) return false;
	const now = Date.now();
	const last = lastDeactivationCheck.get(id);
	if (last !== undefined && now - last < REMOTE_CHECK_INTERVAL_MS) return false;
	if (lastDeactivationCheck.size >= MAX_CHECKS_REMEMBERED) lastDeactivationCheck.clear();
	lastDeactivationCheck.set(id, now);
	try {
		const check = getRemoteWebhook(ctx, id);
		check.catch(() => undefined);
		const remote = await Promise.race([
			check,
			sleep(DEFAULT_BUDGET_MS).then(() => 'timeout' as const),
		]);
		if (remote === 'timeout') return false;
		return remote === undefined || remote.isActive === false;
	} catch (error) {
		ctx.logger.debug(
			`Autotask Trigger: could not confirm the deactivation notice: ${(error as Error).message}`,
		);
		return false;
	}
}

/** Method, size and content type: what is checked before the body is read. */
function requestShapeError(
	ctx: IWebhookFunctions,
	raw: Buffer | undefined,
	options: RequestOptions,
): IWebhookResponseData | undefined {
	const req = ctx.getRequestObject();
	if (String(req.method ?? '').toUpperCase() !== 'POST') {
		return reject(ctx, 405, 'Autotask webhooks are delivered with POST', { Allow: 'POST' });
	}
	if (raw !== undefined && raw.length > options.maxBodyBytes) {
		return reject(ctx, 413, `Body is larger than ${options.maxBodyBytes} bytes`);
	}
	const contentType = headerText(ctx.getHeaderData()['content-type']);
	if (!isJsonContentType(contentType)) {
		return reject(
			ctx,
			415,
			`Content type "${contentType.slice(0, 60)}" is not accepted; Autotask webhooks send JSON`,
		);
	}
	return undefined;
}

/**
 * A delivery whose signature does not verify: rejected with 401, unless it is an unsigned
 * deactivation notice that Autotask confirms (Autotask may not sign that one).
 */
async function handleUnverified(
	ctx: IWebhookFunctions,
	reason: 'missing' | 'malformed' | 'mismatch' | 'noSecret',
	json: ReturnType<typeof parseJsonBody>,
	receivedAt: string,
): Promise<IWebhookResponseData> {
	const unsigned = reason === 'missing';
	const envelope = json.ok ? parseWebhookEnvelope(json.value) : undefined;
	if (
		unsigned &&
		envelope?.ok &&
		envelope.envelope.action === 'Deactivated' &&
		(await confirmUnsignedDeactivation(ctx))
	) {
		return await handleDeactivated(ctx, envelope.envelope, json.ok ? json.value : null, receivedAt);
	}
	const why =
		reason === 'noSecret'
			? 'No webhook is registered for this node (publish the workflow first)'
			: reason === 'missing'
				? 'Missing X-Hook-Signature header'
				: 'Invalid X-Hook-Signature';
	return reject(ctx, 401, why);
}

/** A verified ticket delivery (Create, Update, Delete): the ticket as read now, emitted. */
async function handleTicketDelivery(
	ctx: IWebhookFunctions,
	envelope: WebhookEnvelope,
	body: unknown,
	receivedAt: string,
	options: RequestOptions,
): Promise<IWebhookResponseData> {
	const ticketId = envelope.id as number;
	// No de-duplication by delivery or sequence number: Autotask does not document how the
	// counter runs across Create, Update and Delete, and the ticket is read fresh anyway, so a
	// repeated or late delivery re-applies the ticket's current state.
	const event = ACTION_EVENT[envelope.action];
	const ref = { ticketId, fallback: envelope.fields };
	const outcome: EnrichOutcome =
		envelope.action === 'Delete'
			? {
					enriched: false,
					ticket: ticketFromReference(ref),
					enrichmentError:
						'The ticket was deleted; only the fields in the webhook payload are known',
				}
			: await enrichTicket(ctx, ref, options.budgetMs);
	return emit(ctx, {
		event,
		eventReason: `Autotask webhook action ${envelope.action}`,
		ticket: outcome.ticket as unknown as IDataObject,
		source: 'webhook',
		receivedAt,
		...outcomeFields(outcome),
		webhook: webhookInfo(envelope),
		raw: body as IDataObject,
	});
}

async function handleWebhook(
	ctx: IWebhookFunctions,
	receivedAt: string,
	options: RequestOptions,
): Promise<IWebhookResponseData> {
	const raw = rawBodyOf(ctx);
	const shapeError = requestShapeError(ctx, raw, options);
	if (shapeError) return shapeError;
	const data = ctx.getWorkflowStaticData('node');
	const secret =
		typeof data[STATIC.secret] === 'string' ? (data[STATIC.secret] as string) : undefined;
	const signatureHeader = ctx.getHeaderData()[SIGNATURE_HEADER];
	// Only the raw bytes and their .NET-escaped form count as signed (never a re-serialised body).
	const check = verifySignature({ header: signatureHeader, rawBody: raw, secret });

	// Depth bound on the raw text, prototype keys dropped (shared/domain/safeBody).
	const json = parseJsonBody(raw, ctx.getBodyData());
	if (!check.ok) return await handleUnverified(ctx, check.reason, json, receivedAt);
	if (!json.ok) return reject(ctx, json.status, json.message);
	const parsed = parseWebhookEnvelope(json.value);
	if (!parsed.ok) return reject(ctx, parsed.status, parsed.message);
	const envelope = parsed.envelope;
	if (envelope.action === 'Deactivated')
		return await handleDeactivated(ctx, envelope, json.value, receivedAt);
	return await handleTicketDelivery(ctx, envelope, json.value, receivedAt, options);
}

/**
 * From node version 1.1 on, n8n reads the body only for JSON, form, XML and text/plain; the
 * trigger reads any other body itself (up to n8n's payload limit) so it can say what is wrong
 * with it. Multipart bodies are consumed by n8n's form parser and stay as parsed.
 */
async function readBodyIfUnread(
	ctx: IWebhookFunctions,
): Promise<{ status: number; message: string } | undefined> {
	const req = ctx.getRequestObject() as { rawBody?: unknown; readRawBody?: () => Promise<void> };
	if (Buffer.isBuffer(req.rawBody) || typeof req.readRawBody !== 'function') return undefined;
	if (/^multipart\//i.test(headerText(ctx.getHeaderData()['content-type']))) return undefined;
	try {
		await req.readRawBody();
		return undefined;
	} catch (error) {
		// raw-body reports a body over n8n's payload limit with status 413.
		if ((error as { status?: unknown }).status === 413)
			return { status: 413, message: 'Body is larger than n8n accepts' };
		return { status: 400, message: 'The request body could not be read' };
	}
}

/** Entry point from the node's `webhook()`. Never throws. */
export async function handleRequest(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const receivedAt = new Date().toISOString();
	try {
		const unreadable = await readBodyIfUnread(ctx);
		if (unreadable) return reject(ctx, unreadable.status, unreadable.message);
		const mode = ctx.getNodeParameter('mode', 'webhook') as string;
		const options = readOptions(ctx);
		if (mode === 'callout') return await handleCallout(ctx, receivedAt, options);
		const query = ctx.getQueryData() as IDataObject;
		if (query[DEACTIVATION_QUERY] !== undefined)
			ctx.logger.debug('Autotask Trigger: request on the deactivation URL');
		return await handleWebhook(ctx, receivedAt, options);
	} catch (error) {
		ctx.logger.error(
			`Autotask Trigger: could not handle the request: ${(error as Error).message ?? String(error)}`,
		);
		return reject(ctx, 500, 'The trigger could not handle the request');
	}
}
