/**
 * Delivery memory of the Autotask Trigger: drops repeated deliveries and out-of-order webhook
 * events, and decides whether a callout reports a created or an updated ticket.
 *
 * The state is a plain, JSON-safe object so it can live in n8n's workflow static data (and in a
 * per-process copy). It is bounded: at most `maxTickets` tickets and `maxDeliveries` delivery
 * keys, oldest first out. It is only an optimisation: losing it can cause a repeated event,
 * never a duplicate alert, because the ilert alert key (`autotask-<ticketId>`) de-duplicates
 * open alerts downstream.
 *
 * Pure module: no n8n types, no clock (callers pass `now` in ms).
 */

export interface TicketMemory {
	/** Last webhook sequence number seen for the ticket, with the webhook GUID it came from. */
	seq?: number;
	guid?: string | null;
	/** Fingerprint of the ticket state last emitted from a callout (status, priority, last activity ...). */
	fp?: string;
	/** When the trigger last saw this ticket (ms). */
	at: number;
}

export interface DedupState {
	tickets: Record<string, TicketMemory>;
	/** Delivery key -> when it was first seen (ms). */
	deliveries: Record<string, number>;
}

export interface DedupLimits {
	maxTickets: number;
	maxDeliveries: number;
	/** How long a delivery key is remembered (ms). Autotask retries within ~2 minutes. */
	deliveryTtlMs: number;
	/** A callout whose ticket was created at most this long before its last activity is "created" (ms). */
	createdWindowMs: number;
	/** A callout whose ticket could not be read is a repeat when the same request came within this time (ms). */
	calloutRepeatMs: number;
}

export const DEFAULT_LIMITS: DedupLimits = {
	maxTickets: 500,
	maxDeliveries: 1000,
	deliveryTtlMs: 10 * 60 * 1000,
	createdWindowMs: 60 * 1000,
	calloutRepeatMs: 2 * 60 * 1000,
};

export type Verdict = 'new' | 'duplicate' | 'stale';

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A valid state from whatever is stored (missing, old or damaged data yields an empty state). */
export function loadState(stored: unknown): DedupState {
	const state: DedupState = { tickets: {}, deliveries: {} };
	if (!isRecord(stored)) return state;
	if (isRecord(stored.tickets)) {
		for (const [id, m] of Object.entries(stored.tickets)) {
			if (!isRecord(m) || typeof m.at !== 'number') continue;
			const memory: TicketMemory = { at: m.at };
			if (typeof m.seq === 'number') memory.seq = m.seq;
			if (typeof m.guid === 'string' || m.guid === null) memory.guid = m.guid as string | null;
			if (typeof m.fp === 'string') memory.fp = m.fp;
			state.tickets[id] = memory;
		}
	}
	if (isRecord(stored.deliveries)) {
		for (const [key, at] of Object.entries(stored.deliveries)) {
			if (typeof at === 'number') state.deliveries[key] = at;
		}
	}
	return state;
}

function evictOldest<T>(map: Record<string, T>, max: number, at: (v: T) => number): void {
	const keys = Object.keys(map);
	if (keys.length <= max) return;
	keys.sort((a, b) => at(map[a]) - at(map[b]));
	for (const key of keys.slice(0, keys.length - max)) delete map[key];
}

/** Drops expired delivery keys and enforces the size bounds. */
export function prune(state: DedupState, now: number, limits: DedupLimits = DEFAULT_LIMITS): void {
	for (const [key, at] of Object.entries(state.deliveries)) {
		if (now - at > limits.deliveryTtlMs || at > now + limits.deliveryTtlMs) delete state.deliveries[key];
	}
	evictOldest(state.deliveries, limits.maxDeliveries, (v) => v);
	evictOldest(state.tickets, limits.maxTickets, (v) => v.at);
}

/** Whether a delivery key was seen within the TTL. */
export function seenDelivery(state: DedupState, key: string, now: number, limits: DedupLimits = DEFAULT_LIMITS): boolean {
	const at = state.deliveries[key];
	return at !== undefined && now - at <= limits.deliveryTtlMs;
}

export interface WebhookDelivery {
	ticketId: number;
	guid: string | null;
	sequenceNumber: number | null;
	/** Identifies the delivery itself (e.g. guid + id + sequence number, or a body hash). */
	deliveryKey: string;
}

/**
 * A webhook event is a `duplicate` when its delivery key was seen, `stale` when its sequence
 * number is not newer than the last one seen for the ticket from the same webhook (a re-created
 * webhook has a new GUID and starts its own sequence), else `new`.
 */
export function webhookVerdict(
	state: DedupState,
	d: WebhookDelivery,
	now: number,
	limits: DedupLimits = DEFAULT_LIMITS,
): { verdict: Verdict; reason: string } {
	if (seenDelivery(state, d.deliveryKey, now, limits)) {
		return { verdict: 'duplicate', reason: 'same delivery already received' };
	}
	const memory = state.tickets[String(d.ticketId)];
	if (d.sequenceNumber !== null && memory?.seq !== undefined && (memory.guid ?? null) === d.guid) {
		if (d.sequenceNumber === memory.seq) {
			return { verdict: 'duplicate', reason: `sequence number ${d.sequenceNumber} already received` };
		}
		if (d.sequenceNumber < memory.seq) {
			return {
				verdict: 'stale',
				reason: `sequence number ${d.sequenceNumber} is older than ${memory.seq}, the last one seen for ticket ${d.ticketId}`,
			};
		}
	}
	return { verdict: 'new', reason: 'not seen before' };
}

export function recordWebhook(state: DedupState, d: WebhookDelivery, now: number, limits: DedupLimits = DEFAULT_LIMITS): void {
	const key = String(d.ticketId);
	const memory: TicketMemory = { ...(state.tickets[key] ?? {}), at: now };
	if (d.sequenceNumber !== null) {
		const sameHook = (memory.guid ?? null) === d.guid;
		if (!sameHook || memory.seq === undefined || d.sequenceNumber > memory.seq) memory.seq = d.sequenceNumber;
		memory.guid = d.guid;
	}
	delete state.tickets[key];
	state.tickets[key] = memory;
	state.deliveries[d.deliveryKey] = now;
	prune(state, now, limits);
}

export interface CalloutDelivery {
	ticketId: number | null;
	/** Ticket state fingerprint after enrichment (status, priority, last activity ...); undefined when not enriched. */
	fingerprint?: string;
	/** Key for a not-enriched callout (ticket reference + body hash), remembered for the delivery TTL. */
	deliveryKey: string;
	createDate?: string | null;
	lastActivityDate?: string | null;
}

export interface CalloutVerdict {
	verdict: 'new' | 'duplicate';
	event: 'created' | 'updated';
	/** One sentence: why created/updated (or why dropped). */
	reason: string;
}

function parseTime(value: string | null | undefined): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const t = Date.parse(value);
	return Number.isFinite(t) ? t : undefined;
}

/**
 * Created or updated, for callouts (which do not say):
 * 1. a ticket this trigger has already emitted is `updated`;
 * 2. otherwise, a ticket whose last activity is within `createdWindowMs` of its creation
 *    (nothing happened since it was created) is `created`;
 * 3. otherwise `updated` (the ticket has activity after its creation, or could not be read).
 * A callout is a `duplicate` when the ticket's state fingerprint equals the last one emitted
 * for the ticket (an Autotask retry or a rule firing again without a change), or, when the
 * ticket could not be read, when the same request was received within `calloutRepeatMs`.
 */
export function calloutVerdict(
	state: DedupState,
	d: CalloutDelivery,
	now: number,
	limits: DedupLimits = DEFAULT_LIMITS,
): CalloutVerdict {
	const memory = d.ticketId === null ? undefined : state.tickets[String(d.ticketId)];
	let event: 'created' | 'updated';
	let reason: string;
	if (memory !== undefined) {
		event = 'updated';
		reason = 'the trigger has already seen this ticket';
	} else {
		const created = parseTime(d.createDate);
		const activity = parseTime(d.lastActivityDate);
		if (created !== undefined && (activity === undefined || Math.abs(activity - created) <= limits.createdWindowMs)) {
			event = 'created';
			reason = `first callout for this ticket and its last activity is within ${Math.round(limits.createdWindowMs / 1000)} s of its creation`;
		} else if (created !== undefined) {
			event = 'updated';
			reason = 'first callout for this ticket but it has activity after its creation';
		} else {
			event = 'updated';
			reason = 'the ticket could not be read, so creation cannot be told apart from an update';
		}
	}
	if (d.fingerprint !== undefined && memory?.fp === d.fingerprint) {
		return { verdict: 'duplicate', event, reason: 'ticket unchanged since the last callout for it' };
	}
	const seenAt = state.deliveries[d.deliveryKey];
	if (d.fingerprint === undefined && seenAt !== undefined && now - seenAt <= limits.calloutRepeatMs) {
		return { verdict: 'duplicate', event, reason: 'same callout request already received and the ticket could not be read' };
	}
	return { verdict: 'new', event, reason };
}

export function recordCallout(state: DedupState, d: CalloutDelivery, now: number, limits: DedupLimits = DEFAULT_LIMITS): void {
	if (d.ticketId !== null) {
		const key = String(d.ticketId);
		const memory: TicketMemory = { ...(state.tickets[key] ?? {}), at: now };
		if (d.fingerprint !== undefined) memory.fp = d.fingerprint;
		delete state.tickets[key];
		state.tickets[key] = memory;
	}
	if (d.fingerprint === undefined) state.deliveries[d.deliveryKey] = now;
	prune(state, now, limits);
}

/** Forgets webhook sequence numbers (after the webhook was re-created it starts a new sequence). */
export function forgetSequences(state: DedupState): void {
	for (const memory of Object.values(state.tickets)) {
		delete memory.seq;
		delete memory.guid;
	}
}
