/**
 * Created or updated: what a ticket event reports, decided from the request and the ticket as
 * Autotask has it now, never from a memory of earlier requests.
 *
 * REST webhooks say it (`Action`). Extension Callouts do not, so, in this order:
 * 1. the callout URL says it: `?event=created` on the callout of a workflow rule that fires on
 *    "Created" only (or `updated` for "Edited" only);
 * 2. the ticket says it: a ticket whose last activity is within the created window of its
 *    creation has not changed since it was created, so it is `created`;
 * 3. otherwise `updated` (it has activity after its creation, or it could not be read).
 *
 * With the Ticket Lifecycle's "Look Up in ilert" the answer does not change any outcome: ilert's
 * table decides "created" exactly as "updated, no alert", and a created event whose ticket already
 * has an alert is decided by the updated rows. The guess matters only with "Assume None" or "From
 * Input"; that is what the URL parameter is for.
 *
 * Pure module: no n8n types, no clock.
 */
import type { TicketEvent } from './conventions';
import { parseAutotaskTime } from './ticket';

/** The callout URL's query parameter that declares the event. */
export const EVENT_QUERY = 'event';

/** Default created window: Autotask stamps lastActivityDate = createDate when it creates a ticket. */
export const DEFAULT_CREATED_WINDOW_MS = 10 * 1000;

export interface EventEvidence {
	/** The `event` query parameter of the callout URL, if any. */
	declared?: unknown;
	/** The ticket as read now (null when it could not be read). */
	createDate?: string | null;
	lastActivityDate?: string | null;
	createdWindowMs?: number;
}

export interface EventClassification {
	event: Exclude<TicketEvent, 'deleted'>;
	/** One sentence: why. */
	reason: string;
}

export type DeclaredEvent =
	| { ok: true; event: Exclude<TicketEvent, 'deleted'> }
	| { ok: false; message: string }
	| undefined;

/** The event a callout URL declares: undefined when absent, an error for anything but created/updated. */
export function parseDeclaredEvent(value: unknown): DeclaredEvent {
	const text = Array.isArray(value) ? value[0] : value;
	if (text === undefined || text === null || String(text).trim() === '') return undefined;
	const key = String(text).trim().toLowerCase();
	if (key === 'created' || key === 'create') return { ok: true, event: 'created' };
	if (key === 'updated' || key === 'update' || key === 'edited')
		return { ok: true, event: 'updated' };
	return {
		ok: false,
		message: `The URL parameter ${EVENT_QUERY}=${String(text).slice(0, 20)} is not "created" or "updated"`,
	};
}

/** Created or updated for a callout; see the module comment for the rule. */
export function classifyCalloutEvent(evidence: EventEvidence): EventClassification {
	const declared = parseDeclaredEvent(evidence.declared);
	if (declared?.ok) {
		return {
			event: declared.event,
			reason: `the callout URL says ${EVENT_QUERY}=${declared.event}`,
		};
	}
	const windowMs = evidence.createdWindowMs ?? DEFAULT_CREATED_WINDOW_MS;
	const created = parseAutotaskTime(evidence.createDate);
	const activity = parseAutotaskTime(evidence.lastActivityDate);
	if (created === undefined) {
		return {
			event: 'updated',
			reason: 'the ticket could not be read, so creation cannot be told from an update',
		};
	}
	const seconds = Math.round(windowMs / 1000);
	if (activity === undefined || Math.abs(activity - created) <= windowMs) {
		return {
			event: 'created',
			reason: `the ticket's last activity is within ${seconds} s of its creation`,
		};
	}
	return {
		event: 'updated',
		reason: `the ticket has activity more than ${seconds} s after its creation`,
	};
}
