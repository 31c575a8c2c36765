/**
 * The way back (ilert -> Autotask): which ticket write an alert event may cause, decided from
 * the ticket's status class as Autotask has it now. Two rules, one order:
 *
 * - `decideForwardMove`: may a write move a ticket from its current status class to a target
 *   class? Only forward: New -> In Progress / On Hold, anything open -> Complete or Denied.
 *   A closed ticket is never written; sideways moves (In Progress <-> On Hold), moves back to
 *   New and moves into or out of a custom status ("Any Other Status", whose place in the order
 *   is unknown) are skipped, except that any open ticket may be closed.
 * - `decideWayBack`: the alert event (and the alert's status as ilert has it now) picks the
 *   target (accept -> In Progress + assign, resolve / auto-resolve -> Complete), then the
 *   forward rule decides.
 *
 * Why: the package's own Accept/Resolve (caused by the ticket) comes back as an ilert webhook.
 * Such an echo always finds the ticket already past the target (it was the ticket's move that
 * caused it), so it is skipped; and an old accept delivered after a newer Complete cannot
 * reopen the ticket.
 *
 * Pure module: no n8n types.
 */
import type { StatusClass } from './statusClasses';

/** The alert events the way back knows. */
export type WayBackEvent = 'accepted' | 'resolved' | 'autoResolved' | 'other';

/** ilert's webhook `eventType` (legacy `incident-*` names too) as a way-back event. */
export function wayBackEvent(eventType: string | null | undefined): WayBackEvent {
	const text = String(eventType ?? '')
		.trim()
		.toLowerCase()
		.replace(/^incident-/, 'alert-');
	if (text === 'alert-acknowledged' || text === 'alert-accepted') return 'accepted';
	if (text === 'alert-resolved') return 'resolved';
	if (text === 'alert-auto-resolved') return 'autoResolved';
	return 'other';
}

/** The ilert alert status (`PENDING` / `ACCEPTED` / `RESOLVED`), any casing; else null. */
export type AlertStatus = 'PENDING' | 'ACCEPTED' | 'RESOLVED';

export function parseAlertStatus(value: unknown): AlertStatus | null {
	const text = String(value ?? '')
		.trim()
		.toUpperCase();
	return text === 'PENDING' || text === 'ACCEPTED' || text === 'RESOLVED' ? text : null;
}

const CLASS_NAMES: Record<StatusClass, string> = {
	new: 'New',
	inProgress: 'In Progress',
	onHold: 'Waiting, Scheduled, Escalate or Approved',
	closed: 'Complete or Denied',
	other: 'a custom status (Any Other Status)',
};

export interface ForwardMoveInput {
	/** The ticket's status class as Autotask has it now. */
	from: StatusClass;
	/** The class of the status the write sets; null when the write sets no status. */
	to: StatusClass | null;
}

export interface ForwardMoveDecision {
	allowed: boolean;
	/** One sentence for the item output (why written, or why skipped). */
	reason: string;
}

/**
 * Whether a write may move a ticket from `from` to `to` when only forward moves are allowed.
 * A closed ticket is never written (not even fields without a status change): the way back
 * must not touch a completed ticket.
 */
export function decideForwardMove(input: ForwardMoveInput): ForwardMoveDecision {
	const { from, to } = input;
	if (from === 'closed') {
		return {
			allowed: false,
			reason:
				'The ticket is already Complete or Denied; Only Move Forward never changes a closed ticket',
		};
	}
	if (to === null) {
		return { allowed: true, reason: 'The write sets no status and the ticket is open' };
	}
	if (to === 'closed') {
		return {
			allowed: true,
			reason: `Closing a ticket that is ${CLASS_NAMES[from]} moves it forward`,
		};
	}
	if (from === 'new' && (to === 'inProgress' || to === 'onHold')) {
		return { allowed: true, reason: `New -> ${CLASS_NAMES[to]} moves the ticket forward` };
	}
	if (from === 'other' || to === 'other') {
		return {
			allowed: false,
			reason: `The ticket is ${CLASS_NAMES[from]} and the write sets ${CLASS_NAMES[to]}; Only Move Forward moves a custom status only to Complete (its place in the order is unknown)`,
		};
	}
	return {
		allowed: false,
		reason: `The ticket is already ${CLASS_NAMES[from]}, past or level with ${CLASS_NAMES[to]}; Only Move Forward skips the write`,
	};
}

/** What the way back writes to the ticket. */
export type WayBackWrite = 'setInProgress' | 'complete';

export interface WayBackInput {
	event: WayBackEvent;
	/** The alert's status as ilert has it now (from GET /alerts/{id}); null if unknown. */
	alertStatus?: AlertStatus | null;
	/** The ticket's status class as Autotask has it now. */
	ticketClass: StatusClass;
}

export interface WayBackDecision {
	/** The write to make, or null (skip). */
	write: WayBackWrite | null;
	/** Whether to assign the ticket to the alert's responder (only with setInProgress). */
	assign: boolean;
	/** The target the event asked for before the ticket was looked at (null: none). */
	target: WayBackWrite | null;
	reason: string;
}

/**
 * What an alert event asks of its ticket, before the ticket is looked at: `complete`,
 * `setInProgress` or nothing, with the reason in words. The ilert Trigger emits this (as
 * `wayBack`) so a workflow can route on it; the ticket update's Only Move Forward then applies
 * the forward rule to the ticket as Autotask has it.
 */
export function wayBackTarget(
	event: WayBackEvent,
	alertStatus: AlertStatus | null,
): { target: WayBackWrite | null; why: string } {
	// ilert's current status wins over the event: an accept delivered after the alert was
	// resolved must not act as an accept (resolved alerts never reopen in ilert).
	if (alertStatus === 'RESOLVED') {
		const why =
			event === 'autoResolved'
				? 'ilert resolved the alert by itself'
				: event === 'resolved'
					? 'the alert was resolved'
					: 'ilert says the alert is RESOLVED now';
		return { target: 'complete', why };
	}
	if (event === 'resolved' || event === 'autoResolved') {
		if (alertStatus === null) {
			return {
				target: 'complete',
				why:
					event === 'autoResolved'
						? 'ilert resolved the alert by itself'
						: 'the alert was resolved',
			};
		}
		return {
			target: null,
			why: `the event says resolved but ilert says the alert is ${alertStatus} now`,
		};
	}
	if (event === 'accepted') {
		if (alertStatus === 'PENDING')
			return {
				target: null,
				why: 'the event says accepted but ilert says the alert is PENDING now',
			};
		return { target: 'setInProgress', why: 'the alert was accepted' };
	}
	return { target: null, why: 'this alert event changes no ticket' };
}

/** The way back's write for one alert event on a ticket in `ticketClass`. */
export function decideWayBack(input: WayBackInput): WayBackDecision {
	const { target, why } = wayBackTarget(input.event, input.alertStatus ?? null);
	if (target === null) {
		return { write: null, assign: false, target, reason: `Skipped: ${why}` };
	}
	const move = decideForwardMove({
		from: input.ticketClass,
		to: target === 'complete' ? 'closed' : 'inProgress',
	});
	if (move.allowed) {
		return {
			write: target,
			assign: target === 'setInProgress',
			target,
			reason:
				target === 'complete'
					? `Complete the ticket: ${why}`
					: `Set the ticket In Progress and assign it: ${why}`,
		};
	}
	const echo =
		target === 'complete'
			? input.ticketClass === 'closed'
				? "; this resolve is probably the package's own, caused by the ticket"
				: ''
			: input.ticketClass === 'inProgress' ||
				  input.ticketClass === 'onHold' ||
				  input.ticketClass === 'closed'
				? "; the ticket is already past New, so this accept is probably the package's own, caused by the ticket"
				: '';
	return { write: null, assign: false, target, reason: `Skipped (${why}): ${move.reason}${echo}` };
}
