/**
 * The trigger's `webhook()`: authenticate, parse, de-duplicate, enrich (bounded), emit.
 *
 * Every rejected request gets a 4xx with a message and starts no execution; nothing here
 * throws to n8n. Deduplication uses the workflow static data plus a per-process copy; both
 * are bounded, and correctness never depends on them: the ilert alert key
 * (`autotask-<ticketId>`) de-duplicates alerts downstream, so losing this memory (queue mode,
 * restarts) can at worst repeat an event, never duplicate an alert.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { parseWebhookEnvelope, type WebhookEnvelope } from '../shared/domain/autotaskWebhook';
import { DEFAULT_MAX_CALLOUT_BYTES, parseCallout } from '../shared/domain/callout';
import type { TicketEvent } from '../shared/domain/conventions';
import {
	calloutVerdict,
	DEFAULT_LIMITS,
	loadState,
	recordCallout,
	recordWebhook,
	webhookVerdict,
	type DedupLimits,
	type DedupState,
} from '../shared/domain/dedup';
import { parseJsonBody } from '../shared/domain/safeBody';
import { SIGNATURE_HEADER, verifySignature } from '../shared/domain/signature';
import { enrichTicket, ticketFingerprint, ticketFromReference, type EnrichOutcome } from './enrich';
import { DEACTIVATION_QUERY, getRemoteWebhook, reactivateWebhook, STATIC } from './registration';

export const SECRET_QUERY = 'secret';
const DEFAULT_BUDGET_MS = 1500;
const RESPOND_LATER_BUDGET_MS = 8000;
const REACTIVATION_BUDGET_MS = 5000;
const REMOTE_CHECK_INTERVAL_MS = 60 * 1000;
const MAX_PROCESS_STATES = 200;

/** Per-process copy of the dedup memory, keyed by workflow + node (bounded). */
const processStates = new Map<string, DedupState>();

function processState(ctx: IWebhookFunctions): DedupState {
	const key = `${ctx.getWorkflow().id ?? ''}|${ctx.getNode().id}`;
	let state = processStates.get(key);
	if (!state) {
		if (processStates.size >= MAX_PROCESS_STATES) processStates.delete(processStates.keys().next().value as string);
		state = loadState(undefined);
		processStates.set(key, state);
	}
	return state;
}

/** For tests: forget the per-process memory. */
export function clearProcessMemory(): void {
	processStates.clear();
}

function reject(ctx: IWebhookFunctions, status: number, message: string, headers: Record<string, string> = {}): IWebhookResponseData {
	const res = ctx.getResponseObject();
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	res.status(status).json({ message });
	return { noWebhookResponse: true };
}

function acknowledge(ctx: IWebhookFunctions, message: string): IWebhookResponseData {
	ctx.getResponseObject().status(200).json({ message });
	return { noWebhookResponse: true };
}

function headerText(value: unknown): string {
	if (Array.isArray(value)) return headerText(value[0]);
	return typeof value === 'string' ? value : '';
}

/** Equal-time comparison of two secrets of any length. */
function sameSecret(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b) && expected !== '';
}

function rawBodyOf(ctx: IWebhookFunctions): Buffer | undefined {
	const raw = (ctx.getRequestObject() as { rawBody?: unknown }).rawBody;
	return Buffer.isBuffer(raw) ? raw : undefined;
}

function sha1(data: Buffer | string): string {
	return createHash('sha1').update(data).digest('hex');
}

interface Options {
	/** A Respond to Webhook node answers Autotask once the run has ended (else: on receipt). */
	answersAfterRun: boolean;
	budgetMs: number;
	maxBodyBytes: number;
	limits: DedupLimits;
}

function readOptions(ctx: IWebhookFunctions): Options {
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	// When a Respond to Webhook node answers, Autotask waits for the whole workflow anyway, so a
	// short read budget would only hand the Lifecycle a ticket without status under load.
	const respondLater = ctx.getNodeParameter('respond', 'onReceived') === 'responseNode';
	const defaultMs = respondLater ? RESPOND_LATER_BUDGET_MS : DEFAULT_BUDGET_MS;
	const seconds = Number(options.enrichmentTimeout ?? defaultMs / 1000);
	const kb = Number(options.maxBodySize ?? DEFAULT_MAX_CALLOUT_BYTES / 1024);
	const createdWindow = Number(options.createdWindow ?? DEFAULT_LIMITS.createdWindowMs / 1000);
	return {
		answersAfterRun: respondLater,
		budgetMs: Number.isFinite(seconds) ? Math.min(8000, Math.max(0, seconds * 1000)) : defaultMs,
		maxBodyBytes: Number.isFinite(kb) && kb > 0 ? Math.floor(kb * 1024) : DEFAULT_MAX_CALLOUT_BYTES,
		limits: {
			...DEFAULT_LIMITS,
			createdWindowMs: Number.isFinite(createdWindow) && createdWindow >= 0 ? createdWindow * 1000 : DEFAULT_LIMITS.createdWindowMs,
		},
	};
}

/** Raw request body for the output: parsed object where there is one, else text. */
function rawForOutput(body: unknown): unknown {
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return body ?? null;
}

function emit(ctx: IWebhookFunctions, json: IDataObject): IWebhookResponseData {
	return { workflowData: [ctx.helpers.returnJsonArray([json])] };
}

function outcomeFields(outcome: EnrichOutcome): IDataObject {
	const out: IDataObject = { enriched: outcome.enriched };
	if (!outcome.enriched) out.enrichmentError = outcome.enrichmentError;
	return out;
}

/* ------------------------------------------------------------------ callouts */

function checkCalloutAuth(ctx: IWebhookFunctions): string | undefined {
	const method = ctx.getNodeParameter('calloutAuthentication', 'basicAuth') as string;
	if (method === 'basicAuth' || method === 'basicAuthAndSecret') {
		const user = String(ctx.getNodeParameter('calloutUsername', '') ?? '');
		const password = String(ctx.getNodeParameter('calloutPassword', '') ?? '');
		if (user === '' && password === '') return 'The trigger has no callout username and password configured';
		const header = headerText(ctx.getHeaderData().authorization);
		const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
		if (!match) return 'Basic authentication required';
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const givenUser = colon >= 0 ? decoded.slice(0, colon) : decoded;
		const givenPassword = colon >= 0 ? decoded.slice(colon + 1) : '';
		// Evaluate both comparisons so timing does not reveal which one failed.
		const userOk = sameSecret(givenUser, user);
		const passwordOk = sameSecret(givenPassword, password);
		if (!userOk || !passwordOk) return 'Invalid username or password';
	}
	if (method === 'urlSecret' || method === 'basicAuthAndSecret') {
		const secret = String(ctx.getNodeParameter('calloutSecret', '') ?? '');
		if (secret === '') return 'The trigger has no URL secret configured';
		const given = headerText((ctx.getQueryData() as IDataObject)[SECRET_QUERY]);
		if (given === '' || !sameSecret(given, secret)) return 'Missing or wrong secret in the URL';
	}
	return undefined;
}

async function handleCallout(ctx: IWebhookFunctions, receivedAt: string, options: Options): Promise<IWebhookResponseData> {
	const authError = checkCalloutAuth(ctx);
	if (authError !== undefined) {
		return reject(ctx, 401, authError, { 'WWW-Authenticate': 'Basic realm="Autotask Trigger", charset="UTF-8"' });
	}
	const req = ctx.getRequestObject();
	const raw = rawBodyOf(ctx);
	const parsed = parseCallout({
		method: req.method ?? 'POST',
		contentType: headerText(ctx.getHeaderData()['content-type']),
		query: ctx.getQueryData() as Record<string, unknown>,
		parsedBody: ctx.getBodyData(),
		rawBody: raw,
		maxBodyBytes: options.maxBodyBytes,
		hiddenKeys: [SECRET_QUERY],
	});
	if (!parsed.ok) return reject(ctx, parsed.status, parsed.message);

	const outcome = await enrichTicket(ctx, { ticketId: parsed.ticketId, ticketNumber: parsed.ticketNumber }, options.budgetMs);
	const ticketId = typeof outcome.ticket.id === 'number' ? outcome.ticket.id : (parsed.ticketId ?? null);
	const delivery = {
		ticketId,
		fingerprint: outcome.enriched ? ticketFingerprint(outcome.ticket) : undefined,
		deliveryKey: `c:${ticketId ?? parsed.ticketNumber}:${sha1(raw ?? JSON.stringify(parsed.body ?? null))}`,
		createDate: outcome.ticket.createDate,
		lastActivityDate: outcome.ticket.lastActivityDate,
	};
	const now = Date.now();
	const staticData = ctx.getWorkflowStaticData('node');
	const stored = loadState(staticData[STATIC.dedup]);
	const local = processState(ctx);
	const a = calloutVerdict(stored, delivery, now, options.limits);
	const b = calloutVerdict(local, delivery, now, options.limits);
	const repeatOf = a.verdict === 'duplicate' ? a.reason : b.verdict === 'duplicate' ? b.reason : undefined;
	if (repeatOf !== undefined && !options.answersAfterRun) {
		ctx.logger.debug(`Autotask Trigger: callout for ticket ${ticketId ?? parsed.ticketNumber} ignored: ${repeatOf}`);
		return acknowledge(ctx, `Duplicate callout ignored: ${repeatOf}`);
	}
	// When Autotask is answered after the run, a repeat may be its re-send after a failed run, and
	// dropping it would lose the change. Running it again is safe: the ticket was just read, so the
	// Lifecycle applies its current status, and the alert key keeps one alert per ticket.
	// The persisted memory knows more (other processes, restarts): its classification wins.
	const verdict = a;
	const eventReason =
		repeatOf === undefined
			? `Extension callout: ${verdict.reason}`
			: `Extension callout: repeated (${repeatOf}); processed again because Autotask is answered after the run and re-sends after a failure`;
	// Only a delivery whose ticket could be read is remembered: a not-enriched event carries no
	// status, so the Lifecycle cannot act on it, and Autotask's re-send must get its chance.
	if (outcome.enriched) {
		recordCallout(stored, delivery, now, options.limits);
		recordCallout(local, delivery, now, options.limits);
		staticData[STATIC.dedup] = stored as unknown as IDataObject;
	}

	return emit(ctx, {
		event: verdict.event,
		eventReason,
		ticket: outcome.ticket as unknown as IDataObject,
		source: 'callout',
		receivedAt,
		...outcomeFields(outcome),
		callout: { format: parsed.format, foundBy: parsed.foundBy, fieldsSeen: parsed.fieldsSeen },
		raw: rawForOutput(parsed.body) as IDataObject,
	});
}

/* ------------------------------------------------------------------ webhooks */

const ACTION_EVENT: Record<string, TicketEvent> = { Create: 'created', Update: 'updated', Delete: 'deleted' };

function isJsonContentType(value: string): boolean {
	const media = value.split(';')[0].trim().toLowerCase();
	return media === '' || media === 'application/json' || media === 'text/json' || media === 'text/plain' || /\+json$/.test(media);
}

// [h-inbound] Depth bound on the raw text and prototype keys dropped: see shared/domain/safeBody.
function parseJson(raw: Buffer | undefined, parsedBody: unknown): ReturnType<typeof parseJsonBody> {
	return parseJsonBody(raw, parsedBody);
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
		result === pending ? { result: 'pending', error: 'Re-activation is still running' } : { ...(result as IDataObject) };
	ctx.logger.warn(`Autotask Trigger: Autotask deactivated the webhook; re-activation: ${String(reactivation.result)}`);
	return emit(ctx, {
		event: 'webhookDeactivated',
		eventReason: 'Autotask deactivated the webhook (e.g. after 25 failed deliveries in a row) or the user who created it',
		ticket: null,
		source: 'webhook',
		receivedAt,
		enriched: false,
		enrichmentError: 'Not a ticket event',
		webhook: { ...webhookInfo(envelope), webhookId: ctx.getWorkflowStaticData('node')[STATIC.webhookId] ?? null },
		reactivation,
		raw: body as IDataObject,
	});
}

/** An unsigned Deactivated notice is believed only when Autotask confirms it (at most once a minute). */
async function confirmUnsignedDeactivation(ctx: IWebhookFunctions): Promise<boolean> {
	const data = ctx.getWorkflowStaticData('node');
	const last = Number(data[STATIC.lastRemoteCheck] ?? 0);
	const now = Date.now();
	if (Number.isFinite(last) && now - last < REMOTE_CHECK_INTERVAL_MS) return false;
	data[STATIC.lastRemoteCheck] = now;
	const id = Number(data[STATIC.webhookId]);
	if (!Number.isFinite(id) || id <= 0) return false;
	try {
		const check = getRemoteWebhook(ctx, id);
		check.catch(() => undefined);
		const remote = await Promise.race([check, sleep(DEFAULT_BUDGET_MS).then(() => 'timeout' as const)]);
		if (remote === 'timeout') return false;
		return remote === undefined || remote.isActive === false;
	} catch (error) {
		ctx.logger.debug(`Autotask Trigger: could not confirm the deactivation notice: ${(error as Error).message}`);
		return false;
	}
}

async function handleWebhook(ctx: IWebhookFunctions, receivedAt: string, options: Options): Promise<IWebhookResponseData> {
	const req = ctx.getRequestObject();
	if (String(req.method ?? '').toUpperCase() !== 'POST') {
		return reject(ctx, 405, 'Autotask webhooks are delivered with POST', { Allow: 'POST' });
	}
	const raw = rawBodyOf(ctx);
	if (raw !== undefined && raw.length > options.maxBodyBytes) {
		return reject(ctx, 413, `Body is larger than ${options.maxBodyBytes} bytes`);
	}
	const contentType = headerText(ctx.getHeaderData()['content-type']);
	if (!isJsonContentType(contentType)) {
		return reject(ctx, 415, `Content type "${contentType.slice(0, 60)}" is not accepted; Autotask webhooks send JSON`);
	}
	const data = ctx.getWorkflowStaticData('node');
	const secret = typeof data[STATIC.secret] === 'string' ? (data[STATIC.secret] as string) : undefined;
	const signatureHeader = ctx.getHeaderData()[SIGNATURE_HEADER];
	// [h-inbound] Only the raw bytes and their .NET-escaped form are signed forms (no parsed body).
	const check = verifySignature({ header: signatureHeader, rawBody: raw, secret });

	const json = parseJson(raw, ctx.getBodyData());
	if (!check.ok) {
		// Autotask may not sign the deactivation notice: believe it only if Autotask confirms.
		const unsigned = check.reason === 'missing';
		const envelope = json.ok ? parseWebhookEnvelope(json.value) : undefined;
		if (unsigned && envelope?.ok && envelope.envelope.action === 'Deactivated' && (await confirmUnsignedDeactivation(ctx))) {
			return await handleDeactivated(ctx, envelope.envelope, json.ok ? json.value : null, receivedAt);
		}
		const why =
			check.reason === 'noSecret'
				? 'No webhook is registered for this node (publish the workflow first)'
				: check.reason === 'missing'
					? 'Missing X-Hook-Signature header'
					: 'Invalid X-Hook-Signature';
		return reject(ctx, 401, why);
	}
	if (!json.ok) return reject(ctx, 400, json.message);
	const parsed = parseWebhookEnvelope(json.value);
	if (!parsed.ok) return reject(ctx, parsed.status, parsed.message);
	const envelope = parsed.envelope;
	if (envelope.action === 'Deactivated') return await handleDeactivated(ctx, envelope, json.value, receivedAt);
	const ticketId = envelope.id as number;

	const delivery = {
		ticketId,
		guid: envelope.guid,
		sequenceNumber: envelope.sequenceNumber,
		deliveryKey:
			envelope.sequenceNumber !== null
				? `w:${envelope.guid ?? ''}:${ticketId}:${envelope.sequenceNumber}`
				: `w:${ticketId}:${sha1(raw ?? JSON.stringify(json.value))}`,
	};
	const now = Date.now();
	const stored = loadState(data[STATIC.dedup]);
	const local = processState(ctx);
	for (const verdict of [webhookVerdict(stored, delivery, now, options.limits), webhookVerdict(local, delivery, now, options.limits)]) {
		if (verdict.verdict !== 'new') {
			ctx.logger.debug(`Autotask Trigger: webhook event for ticket ${ticketId} dropped: ${verdict.reason}`);
			return acknowledge(ctx, `${verdict.verdict === 'stale' ? 'Out-of-order' : 'Duplicate'} event ignored: ${verdict.reason}`);
		}
	}
	// Claim the delivery before the first await, so a concurrent retry in this process is dropped.
	recordWebhook(stored, delivery, now, options.limits);
	recordWebhook(local, delivery, now, options.limits);
	data[STATIC.dedup] = stored as unknown as IDataObject;

	const event = ACTION_EVENT[envelope.action];
	const ref = { ticketId, fallback: envelope.fields };
	const outcome: EnrichOutcome =
		envelope.action === 'Delete'
			? {
					enriched: false,
					ticket: ticketFromReference(ref),
					enrichmentError: 'The ticket was deleted; only the fields in the webhook payload are known',
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
		raw: json.value as IDataObject,
	});
}

/**
 * From node version 1.1 on, n8n reads the body only for JSON, form, XML and text/plain; the
 * trigger reads any other body itself (up to n8n's payload limit) so it can say what is wrong
 * with it. Multipart bodies are consumed by n8n's form parser and stay as parsed.
 */
async function readBodyIfUnread(ctx: IWebhookFunctions): Promise<{ status: number; message: string } | undefined> {
	const req = ctx.getRequestObject() as { rawBody?: unknown; readRawBody?: () => Promise<void> };
	if (Buffer.isBuffer(req.rawBody) || typeof req.readRawBody !== 'function') return undefined;
	if (/^multipart\//i.test(headerText(ctx.getHeaderData()['content-type']))) return undefined;
	try {
		await req.readRawBody();
		return undefined;
	} catch (error) {
		// raw-body reports a body over n8n's payload limit with status 413.
		if ((error as { status?: unknown }).status === 413) return { status: 413, message: 'Body is larger than n8n accepts' };
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
		if (query[DEACTIVATION_QUERY] !== undefined) ctx.logger.debug('Autotask Trigger: request on the deactivation URL');
		return await handleWebhook(ctx, receivedAt, options);
	} catch (error) {
		ctx.logger.error(`Autotask Trigger: could not handle the request: ${(error as Error).message ?? String(error)}`);
		return reject(ctx, 500, 'The trigger could not handle the request');
	}
}
