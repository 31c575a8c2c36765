/**
 * Reconciliation ("nothing lost"): which tickets a sweep reads and what it says about each.
 *
 * A sweep starts from what the services say now, never from memory:
 * - the alert source's OPEN alerts (PENDING, ACCEPTED) whose key is `autotask-<ticketId>`;
 * - the tickets whose `lastActivityDate` lies within a look-back window (longer than the
 *   schedule, so consecutive sweeps overlap and a late or failed sweep loses nothing).
 * Each ticket found either way becomes one entry; the Ticket Lifecycle decides what it needs.
 * Stateless: two sweeps, in one process or in two, give the same entries for the same data.
 * The window, filters and batches of its queries are in reconcileQueries.ts.
 *
 * Pure module: plain data in, plain data out, no n8n types.
 */
import { ticketIdFromAlertKey, type AlertState } from './conventions';
import { ReconcileInputError } from './reconcileQueries';

/** Why a sweep looked at a ticket. */
export type ReconcileReason =
	| 'open-alert'
	| 'changed'
	| 'open-alert-and-changed'
	| 'ticket-missing';

export interface AlertRef {
	id: number | string | null;
	status: 'PENDING' | 'ACCEPTED' | 'RESOLVED';
}

/** One ticket of a sweep: the ticket as read (undefined when Autotask no longer has it) and its alert. */
export interface ReconcileEntry {
	ticketId: number;
	event: 'updated' | 'deleted';
	/** The raw ticket as Autotask returned it; undefined for `deleted`. */
	ticket?: Record<string, unknown>;
	reason: ReconcileReason;
	/** `Reconcile: <why this ticket was checked>`. */
	eventReason: string;
	alertState: AlertState;
	alert: AlertRef | null;
}

/** The numeric id of a raw ticket (`id`, any casing), or undefined. */
export function ticketIdOf(raw: Record<string, unknown> | null | undefined): number | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const key = Object.keys(raw).find((k) => k.toLowerCase() === 'id');
	const value = key === undefined ? undefined : raw[key];
	const id =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\d+$/.test(value.trim())
				? Number(value)
				: NaN;
	return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function timeOf(value: unknown): number {
	const t = typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isNaN(t) ? 0 : t;
}

function alertStatus(value: unknown): AlertRef['status'] | undefined {
	const status = String(value ?? '')
		.trim()
		.toUpperCase();
	return status === 'PENDING' || status === 'ACCEPTED' || status === 'RESOLVED'
		? status
		: undefined;
}

/**
 * The alerts by ticket id, for alerts in `statuses` whose key is `autotask-<id>` (other keys
 * are another integration's). Several alerts for one ticket: the newest (by report time, then
 * the larger id) stands for it, as the Lifecycle's look-up does.
 */
export function alertsByTicket(
	alerts: ReadonlyArray<Record<string, unknown>>,
	statuses: ReadonlyArray<AlertRef['status']>,
): Map<number, AlertRef & { reportTime: number }> {
	const out = new Map<number, AlertRef & { reportTime: number }>();
	for (const alert of alerts) {
		if (!alert || typeof alert !== 'object') continue;
		const ticketId = ticketIdFromAlertKey(
			typeof alert.alertKey === 'string' ? alert.alertKey : undefined,
		);
		const status = alertStatus(alert.status);
		if (
			ticketId === undefined ||
			ticketId <= 0 ||
			status === undefined ||
			!statuses.includes(status)
		)
			continue;
		const id = typeof alert.id === 'number' || typeof alert.id === 'string' ? alert.id : null;
		const candidate = { id, status, reportTime: timeOf(alert.reportTime) };
		const known = out.get(ticketId);
		if (
			!known ||
			candidate.reportTime > known.reportTime ||
			(candidate.reportTime === known.reportTime && Number(id) > Number(known.id))
		) {
			out.set(ticketId, candidate);
		}
	}
	return out;
}

/** Open (PENDING, ACCEPTED) alerts by ticket id. */
export function openAlertsByTicket(
	alerts: ReadonlyArray<Record<string, unknown>>,
): Map<number, AlertRef & { reportTime: number }> {
	return alertsByTicket(alerts, ['PENDING', 'ACCEPTED']);
}

/** Resolved alerts by ticket id. */
export function resolvedAlertsByTicket(
	alerts: ReadonlyArray<Record<string, unknown>>,
): Map<number, AlertRef & { reportTime: number }> {
	return alertsByTicket(alerts, ['RESOLVED']);
}

/** The changed tickets by id (the first of duplicates, as a paged listing can repeat one). */
export function ticketsById(
	tickets: ReadonlyArray<Record<string, unknown>>,
): Map<number, Record<string, unknown>> {
	const out = new Map<number, Record<string, unknown>>();
	for (const ticket of tickets) {
		const id = ticketIdOf(ticket);
		if (id !== undefined && !out.has(id)) out.set(id, ticket);
	}
	return out;
}

/**
 * The tickets to read by id: those of open alerts that the changed-tickets query did not
 * already return (its records are just as fresh), ascending.
 */
export function ticketIdsToRead(
	openAlertTicketIds: Iterable<number>,
	changedTicketIds: Iterable<number>,
): number[] {
	const changed = new Set(changedTicketIds);
	return [...new Set(openAlertTicketIds)].filter((id) => !changed.has(id)).sort((a, b) => a - b);
}

/** Changed tickets without an open alert: only for these does "resolved or none" matter. */
export function ticketsNeedingResolvedCheck(
	changed: ReadonlyMap<number, Record<string, unknown>>,
	openAlerts: ReadonlyMap<number, unknown>,
): number[] {
	return [...changed.keys()].filter((id) => !openAlerts.has(id)).sort((a, b) => a - b);
}

/** Margin for clocks of Autotask and ilert that disagree. */
export const RESOLVED_WINDOW_SKEW_MS = 60 * 60 * 1000;

/**
 * The `from` of the resolved-alerts listing (ilert filters on report time): no alert of a ticket
 * can be older than the ticket, so the oldest creation date among the tickets to check (less a
 * clock margin) bounds the window; never further back than `maxLookbackDays`.
 */
export function resolvedListingFrom(
	createDates: ReadonlyArray<unknown>,
	nowMs: number,
	maxLookbackDays: number,
	skewMs: number = RESOLVED_WINDOW_SKEW_MS,
): string {
	if (!Number.isFinite(maxLookbackDays) || maxLookbackDays <= 0) {
		throw new ReconcileInputError(
			`The resolved-alert look-back must be a positive number of days, got ${maxLookbackDays}`,
		);
	}
	const floor = nowMs - maxLookbackDays * 24 * 60 * 60 * 1000;
	let oldest = Number.POSITIVE_INFINITY;
	for (const value of createDates) {
		const t = typeof value === 'string' ? Date.parse(value) : NaN;
		// A ticket without a readable creation date could be of any age.
		if (Number.isNaN(t)) return new Date(floor).toISOString();
		oldest = Math.min(oldest, t);
	}
	if (!Number.isFinite(oldest)) return new Date(floor).toISOString();
	return new Date(Math.max(floor, Math.min(nowMs, oldest - skewMs))).toISOString();
}

function fieldOf(raw: Record<string, unknown> | undefined, name: string): unknown {
	if (!raw) return undefined;
	const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : raw[key];
}

/** Default settle time: a ticket changed this recently may still have its callout in flight. */
export const DEFAULT_SETTLE_SECONDS = 60;

/**
 * The changed tickets the sweep decides on now: all those with an open alert (accept, resolve and
 * leave-alone are safe from any snapshot), and those without one only when their last activity is
 * older than `settledBeforeMs`. A Create decided from a snapshot that a live callout has overtaken
 * (the alert created and resolved meanwhile) would open a second alert; the next sweep covers the
 * skipped tickets, as its window is longer than the schedule plus the settle time.
 */
export function settledChanges(
	changed: ReadonlyMap<number, Record<string, unknown>>,
	openAlerts: ReadonlyMap<number, unknown>,
	settledBeforeMs: number,
): { settled: Map<number, Record<string, unknown>>; unsettled: number[] } {
	const settled = new Map<number, Record<string, unknown>>();
	const unsettled: number[] = [];
	for (const [id, ticket] of changed) {
		const activity = Date.parse(String(fieldOf(ticket, 'lastActivityDate') ?? ''));
		if (openAlerts.has(id) || !Number.isFinite(activity) || activity <= settledBeforeMs)
			settled.set(id, ticket);
		else unsettled.push(id);
	}
	return { settled, unsettled: unsettled.sort((a, b) => a - b) };
}

export interface ReconcileInput {
	/** Open alerts by ticket id (`openAlertsByTicket`). */
	openAlerts: ReadonlyMap<number, AlertRef>;
	/** Tickets the changed-tickets query returned, by id. */
	changed: ReadonlyMap<number, Record<string, unknown>>;
	/** Tickets read by id (open alerts not among the changed ones), by id. */
	read: ReadonlyMap<number, Record<string, unknown>>;
	/** Resolved alerts by ticket id; undefined when they were not listed (nothing needed it). */
	resolved?: ReadonlyMap<number, AlertRef>;
	/** True when the resolved listing stopped at its cap, so an older resolved alert may exist. */
	resolvedTruncated?: boolean;
	/** Length of the changed window, in minutes (named in the explanations; stable across sweeps). */
	windowMinutes: number;
	/** Alert source id, for the explanations. */
	alertSourceId: string;
}

function alertText(ticketId: number, alert: AlertRef): string {
	return `ilert alert ${String(alert.id ?? '?')} with key autotask-${ticketId} is ${alert.status}`;
}

function stateOf(alert: AlertRef | null | undefined): AlertState {
	if (!alert) return 'none';
	return alert.status === 'ACCEPTED'
		? 'accepted'
		: alert.status === 'RESOLVED'
			? 'resolved'
			: 'pending';
}

/**
 * One entry per ticket (ascending ticket id): every open alert's ticket (`updated` as read now,
 * or `deleted` when Autotask has it no more) and every changed ticket, with its alert state.
 * Throws when a changed ticket without open alert has no resolved listing to decide on.
 */
export function reconcileEntries(input: ReconcileInput): ReconcileEntry[] {
	const ids = new Set<number>([...input.openAlerts.keys(), ...input.changed.keys()]);
	const entries: ReconcileEntry[] = [];
	for (const ticketId of [...ids].sort((a, b) => a - b)) {
		const open = input.openAlerts.get(ticketId);
		const changed = input.changed.get(ticketId);
		const ticket = changed ?? input.read.get(ticketId);
		const activity = fieldOf(changed, 'lastActivityDate');
		const changedText = `ticket changed in the last ${input.windowMinutes} minutes${typeof activity === 'string' && activity !== '' ? ` (last activity ${activity})` : ''}`;
		if (open) {
			const alert: AlertRef = { id: open.id, status: open.status };
			if (!ticket) {
				entries.push({
					ticketId,
					event: 'deleted',
					reason: 'ticket-missing',
					eventReason: `Reconcile: ${alertText(ticketId, alert)}, but Autotask has no ticket ${ticketId} (deleted, or not visible to the API user)`,
					alertState: stateOf(alert),
					alert,
				});
				continue;
			}
			entries.push({
				ticketId,
				event: 'updated',
				ticket,
				reason: changed ? 'open-alert-and-changed' : 'open-alert',
				eventReason: `Reconcile: ${alertText(ticketId, alert)}${changed ? `; ${changedText}` : ''}`,
				alertState: stateOf(alert),
				alert,
			});
			continue;
		}
		// Only changed tickets reach here (every other id came from an open alert).
		if (!input.resolved) {
			throw new ReconcileInputError(
				`Ticket ${ticketId} changed and has no open alert, but resolved alerts were not listed`,
			);
		}
		const resolved = input.resolved.get(ticketId);
		const alert: AlertRef | null = resolved ? { id: resolved.id, status: 'RESOLVED' } : null;
		const scope = input.resolvedTruncated
			? 'among the resolved alerts listed (the cap was reached; older ones were not searched)'
			: 'among its resolved alerts in the window';
		const alertClause = alert
			? `no open alert in source ${input.alertSourceId}; alert ${String(alert.id ?? '?')} with key autotask-${ticketId} was resolved`
			: `no alert with key autotask-${ticketId} open in source ${input.alertSourceId}, nor ${scope}`;
		entries.push({
			ticketId,
			event: 'updated',
			ticket,
			reason: 'changed',
			eventReason: `Reconcile: ${changedText}; ${alertClause}`,
			alertState: stateOf(alert),
			alert,
		});
	}
	return entries;
}

/** Distinct company ids of the tickets (to name them in one query), ascending. */
export function companyIdsOf(tickets: Iterable<Record<string, unknown> | undefined>): number[] {
	const ids = new Set<number>();
	for (const ticket of tickets) {
		const value = fieldOf(ticket, 'companyID');
		const id =
			typeof value === 'number'
				? value
				: typeof value === 'string' && /^\d+$/.test(value.trim())
					? Number(value)
					: NaN;
		if (Number.isSafeInteger(id) && id >= 0) ids.add(id);
	}
	return [...ids].sort((a, b) => a - b);
}
