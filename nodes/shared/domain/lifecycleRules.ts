/**
 * The lifecycle table: ilert's documented Autotask inbound lifecycle, row for row, written over
 * status classes (not labels), plus the package's rows for deleted tickets. Plain data, no n8n
 * types; the decision (lifecycleDecision.ts) and the README table (lifecycleTableMarkdown.ts)
 * read the rows from here.
 */
import type { AlertState, TicketEvent } from './conventions';
import { STATUS_CLASS_IDS, type StatusClass } from './statusClasses';

/** What the lifecycle asks ilert to do with the ticket's alert. */
export type LifecycleAction = 'create' | 'accept' | 'resolve' | 'reject' | 'unchanged';

/** Output order of the Ticket Lifecycle node (Unchanged is the optional fifth output). */
export const LIFECYCLE_ACTIONS: readonly LifecycleAction[] = [
	'create',
	'accept',
	'resolve',
	'reject',
	'unchanged',
];

export interface LifecycleRule {
	/** Stable row id, e.g. `U6`. */
	id: string;
	event: TicketEvent;
	/** Status classes this row covers; every class for `deleted`. */
	classes: readonly StatusClass[];
	/** Alert states this row covers. */
	alertStates: readonly AlertState[];
	/** `true`: only when Re-Alert Reopened Tickets is on. Undefined: either way. */
	reAlertReopened?: true;
	action: LifecycleAction;
	/** The reason, completing "…, so" in the rule sentence. */
	because: string;
	/** Where the row comes from. */
	origin: 'ilert' | 'option' | 'package';
}

const ALL_CLASSES = STATUS_CLASS_IDS;
const EXISTS: readonly AlertState[] = ['pending', 'accepted', 'resolved'];
const OPEN: readonly AlertState[] = ['pending', 'accepted'];
const ANY_STATE: readonly AlertState[] = ['none', 'pending', 'accepted', 'resolved'];

/**
 * The rows, first match wins. Created ignores the alert state, as ilert's table does (an ALERT
 * event for a key with an open alert is de-duplicated by ilert).
 */
const RULES: readonly LifecycleRule[] = [
	{
		id: 'C1',
		event: 'created',
		classes: ['new', 'inProgress'],
		alertStates: ANY_STATE,
		action: 'create',
		origin: 'ilert',
		because: 'an alert is created',
	},
	{
		id: 'C2',
		event: 'created',
		classes: ['closed', 'onHold'],
		alertStates: ANY_STATE,
		action: 'reject',
		origin: 'ilert',
		because:
			'no alert may be created in this status and the ticket is rejected, as ilert answers 400 Bad Request',
	},
	{
		id: 'C3',
		event: 'created',
		classes: ['other'],
		alertStates: ANY_STATE,
		action: 'create',
		origin: 'ilert',
		because: 'any other status creates an alert',
	},
	{
		id: 'U1',
		event: 'updated',
		classes: ['new', 'inProgress'],
		alertStates: ['none'],
		action: 'create',
		origin: 'ilert',
		because: 'an alert is created',
	},
	{
		id: 'U2',
		event: 'updated',
		classes: ['closed', 'onHold'],
		alertStates: ['none'],
		action: 'reject',
		origin: 'ilert',
		because:
			'no alert may be created in this status and the ticket is rejected, as ilert answers 400 Bad Request',
	},
	{
		id: 'U3',
		event: 'updated',
		classes: ['other'],
		alertStates: ['none'],
		action: 'create',
		origin: 'ilert',
		because: 'any other status creates an alert',
	},
	{
		id: 'U4',
		event: 'updated',
		classes: ['new', 'inProgress', 'other'],
		alertStates: ['resolved'],
		reAlertReopened: true,
		action: 'create',
		origin: 'option',
		because: 'the reopened ticket gets a new alert because Re-Alert Reopened Tickets is on',
	},
	{
		id: 'U5',
		event: 'updated',
		classes: ['new'],
		alertStates: EXISTS,
		action: 'unchanged',
		origin: 'ilert',
		because:
			'a New ticket leaves an existing alert unchanged (a resolved alert counts as existing)',
	},
	{
		id: 'U6',
		event: 'updated',
		classes: ['closed'],
		alertStates: OPEN,
		action: 'resolve',
		origin: 'ilert',
		because: 'the alert is resolved',
	},
	{
		id: 'U7',
		event: 'updated',
		classes: ['closed'],
		alertStates: ['resolved'],
		action: 'unchanged',
		origin: 'ilert',
		because: 'it stays unchanged, being already resolved',
	},
	{
		id: 'U8',
		event: 'updated',
		classes: ['inProgress', 'onHold'],
		alertStates: ['pending'],
		action: 'accept',
		origin: 'ilert',
		because: 'the alert is accepted',
	},
	{
		id: 'U9',
		event: 'updated',
		classes: ['inProgress', 'onHold'],
		alertStates: ['accepted'],
		action: 'unchanged',
		origin: 'ilert',
		because: 'it stays unchanged, being already accepted',
	},
	{
		id: 'U10',
		event: 'updated',
		classes: ['inProgress', 'onHold'],
		alertStates: ['resolved'],
		action: 'unchanged',
		origin: 'ilert',
		because: 'it stays unchanged: a resolved alert counts as existing and is not accepted again',
	},
	{
		id: 'U11',
		event: 'updated',
		classes: ['other'],
		alertStates: EXISTS,
		action: 'unchanged',
		origin: 'ilert',
		because:
			'any other status leaves an existing alert unchanged (a resolved alert counts as existing)',
	},
	{
		id: 'D1',
		event: 'deleted',
		classes: ALL_CLASSES,
		alertStates: OPEN,
		action: 'resolve',
		origin: 'package',
		because: "its open alert is resolved instead of paging on (ilert's table has no delete row)",
	},
	{
		id: 'D2',
		event: 'deleted',
		classes: ALL_CLASSES,
		alertStates: ['none', 'resolved'],
		action: 'unchanged',
		origin: 'package',
		because: 'nothing changes, as there is no open alert to resolve',
	},
];

/** The rules as data, in match order (for the README table and for other nodes). */
export function lifecycleTable(): LifecycleRule[] {
	return RULES.map((r) => ({ ...r, classes: [...r.classes], alertStates: [...r.alertStates] }));
}

/** The row that decides, or undefined (cannot happen for valid input: the rows are exhaustive). */
export function findRule(
	event: TicketEvent,
	statusClass: StatusClass,
	alertState: AlertState,
	reAlertReopened = false,
): LifecycleRule | undefined {
	return RULES.find(
		(r) =>
			r.event === event &&
			r.classes.includes(statusClass) &&
			r.alertStates.includes(alertState) &&
			(r.reAlertReopened === undefined || reAlertReopened),
	);
}
