/**
 * "Look up in ilert": the state of a ticket's alert, found by alert key.
 *
 * ilert's REST API has no alertKey filter, so:
 * - open (PENDING/ACCEPTED): the shared transport's `findOpenAlertByKey` lists the source's open
 *   alerts page by page and matches the key (with its own short per-process cache);
 * - resolved: only asked when it changes the decision (the open lookup found nothing and the
 *   rows for "none" and "resolved" differ). The source's RESOLVED alerts reported within a
 *   look-back window are listed once per execution (pages of 100, capped) and shared by all items
 *   of the run. Not cached across executions: a stale "not resolved" could re-alert a ticket.
 * - a ticket created within RECENT_TICKET_MS: one listing of the source's alerts, open and
 *   resolved, reported since the ticket's creation answers both (`findReportedSince`): a short
 *   page instead of every open alert plus a resolved search.
 */
import type { IDataObject } from 'n8n-workflow';

import type { AlertState } from '../shared/domain/conventions';

export interface OpenAlert {
	id?: unknown;
	status?: unknown;
	alertKey?: unknown;
}

export interface ResolvedListing {
	alerts: IDataObject[];
	/** True when the cap was reached, so older resolved alerts were not searched. */
	truncated: boolean;
}

export interface AlertLookupSource {
	findOpen(alertKey: string, itemIndex?: number): Promise<OpenAlert | undefined>;
	/** Resolved alerts of the look-back window; reported at or after `reportedSince` when given. */
	listResolved(itemIndex?: number, reportedSince?: number): Promise<ResolvedListing>;
	/**
	 * The alerts with this key reported at or after `reportedSince`, open and resolved, newest
	 * first. Only a found open alert may come from an earlier listing; "resolved" and "none" are
	 * asked after the event arrived.
	 */
	findReportedSince(
		alertKey: string,
		reportedSince: number,
		itemIndex?: number,
	): Promise<OpenAlert[]>;
	/** e.g. "the last 30 days", for explanations. */
	windowText: string;
}

export interface FoundState {
	state: AlertState;
	/** One clause explaining where the state came from. */
	from: string;
}

function sameKey(a: unknown, b: string): boolean {
	return typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * A ticket's alert is reported after the ticket was created, so a resolved search for a known
 * ticket starts at its creation instead of the whole look-back window (for a new ticket: one
 * short page instead of up to five). The margin covers the two services' clocks, which NTP keeps
 * within seconds.
 */
export const CREATION_CLOCK_MARGIN_MS = 10 * 60 * 1000;

/**
 * A ticket created this recently is looked up by one listing bounded by its creation; an older
 * one by the open listing shared by all tickets of the source (a bounded listing would hold every
 * alert since, resolved ones too).
 */
export const RECENT_TICKET_MS = 60 * 60 * 1000;

function stateOfStatus(status: unknown): AlertState {
	const text = String(status ?? '').toUpperCase();
	return text === 'ACCEPTED' ? 'accepted' : text === 'RESOLVED' ? 'resolved' : 'pending';
}

export class AlertStateLookup {
	/** Resolved listings of this execution, by their lower bound ('' = the look-back window). */
	private readonly resolved = new Map<string, Promise<ResolvedListing>>();

	constructor(
		private readonly source: AlertLookupSource,
		private readonly now: () => number = () => Date.now(),
	) {}

	/** True when a ticket created at `ticketCreated` is looked up with `sinceCreation`. */
	isRecent(ticketCreated: number | undefined): ticketCreated is number {
		return ticketCreated !== undefined && this.now() - ticketCreated <= RECENT_TICKET_MS;
	}

	/** pending / accepted from the open alert, or none. */
	async open(alertKey: string, itemIndex?: number): Promise<FoundState> {
		const alert = await this.source.findOpen(alertKey, itemIndex);
		if (!alert) return { state: 'none', from: `ilert has no open alert with key ${alertKey}` };
		return foundAlert(alert, alertKey);
	}

	/** pending / accepted / resolved / none from the alerts reported since the ticket was created. */
	async sinceCreation(
		alertKey: string,
		ticketCreated: number,
		itemIndex?: number,
	): Promise<FoundState> {
		// A creation time ahead of this clock bounds at now: no alert can be younger than the look-up.
		const alerts = await this.source.findReportedSince(
			alertKey,
			Math.min(ticketCreated, this.now()) - CREATION_CLOCK_MARGIN_MS,
			itemIndex,
		);
		const open = alerts.find((a) => stateOfStatus(a.status) !== 'resolved');
		if (open) return foundAlert(open, alertKey);
		if (alerts[0]) return resolvedAlert(alerts[0], alertKey);
		return {
			state: 'none',
			from: `ilert has no alert with key ${alertKey} reported since the ticket was created`,
		};
	}

	/**
	 * resolved when the source has a resolved alert with this key in the window (since the
	 * ticket's creation when `ticketCreated` is known), else none.
	 */
	async resolvedOrNone(
		alertKey: string,
		itemIndex?: number,
		ticketCreated?: number,
	): Promise<FoundState> {
		const since =
			ticketCreated === undefined ? undefined : ticketCreated - CREATION_CLOCK_MARGIN_MS;
		const bound = since === undefined ? '' : String(since);
		// One listing per execution and bound, shared by its items; a failed one is forgotten (next item retries).
		let pending = this.resolved.get(bound);
		if (!pending) {
			pending = this.source.listResolved(itemIndex, since).catch(async (error: unknown) => {
				this.resolved.delete(bound);
				return await Promise.reject(error);
			});
			this.resolved.set(bound, pending);
		}
		const listing = await pending;
		const match = listing.alerts.find((a) => sameKey(a.alertKey, alertKey));
		if (match) return resolvedAlert(match, alertKey);
		const window =
			since === undefined
				? this.source.windowText
				: `${this.source.windowText}, reported since the ticket was created`;
		const scope = listing.truncated
			? `among the ${listing.alerts.length} resolved alerts listed of ${window} (the Resolved Alerts Searched cap; more exist)`
			: `among the resolved alerts of ${window}`;
		return {
			state: 'none',
			from: `ilert has no open alert with key ${alertKey} and none ${scope}`,
		};
	}
}

function foundAlert(alert: OpenAlert, alertKey: string): FoundState {
	const status = String(alert.status ?? '').toUpperCase();
	return {
		state: stateOfStatus(alert.status),
		from: `ilert alert ${String(alert.id ?? '?')} with key ${alertKey} is ${status || 'PENDING'}`,
	};
}

function resolvedAlert(alert: OpenAlert, alertKey: string): FoundState {
	return {
		state: 'resolved',
		from: `ilert has no open alert with key ${alertKey}; alert ${String(alert.id ?? '?')} with that key was resolved`,
	};
}
