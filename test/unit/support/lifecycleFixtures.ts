/**
 * ilert's documented Autotask lifecycle, written out independently of the code under test
 * (from ilert's "Autotask Alert Lifecycle" tables), plus a tenant picklist fixture.
 */
import type { AlertState, TicketEvent } from '../../../nodes/shared/domain/conventions';
import type { PicklistEntry } from '../../../nodes/shared/domain/lifecycleInput';
import type { LifecycleAction } from '../../../nodes/shared/domain/lifecycleRules';

/** Statuses in which an alert is created on "created" / "updated, no alert". */
export const CLASS_A = ['New', 'In Progress'];
/** Statuses in which no alert may be created (ilert answers 400). */
export const CLASS_R = [
	'Complete',
	'Denied',
	'Waiting Customer',
	'Waiting Materials',
	'Scheduled',
	'Escalate',
	'Waiting Vendor',
	'Waiting Approval',
	'Waiting Dispatch',
	'Approved',
];
/** Updated with an existing alert: resolve. */
export const RESOLVE_LIST = ['Complete', 'Denied'];
/** Updated with an existing alert: accept. */
export const ACCEPT_LIST = [
	'Waiting Customer',
	'In Progress',
	'Waiting Materials',
	'Scheduled',
	'Escalate',
	'Waiting Vendor',
	'Waiting Approval',
	'Waiting Dispatch',
	'Approved',
];
/** A tenant status ilert's table does not name. */
export const CUSTOM_STATUS = 'Customer Review';

export const ALL_NAMED = [...CLASS_A, ...CLASS_R];
export const EVENTS: TicketEvent[] = ['created', 'updated', 'deleted'];
export const ALERT_STATES: AlertState[] = ['none', 'pending', 'accepted', 'resolved'];

/**
 * The expected action, straight from ilert's tables, plus the two documented additions of this
 * package: Re-Alert Reopened Tickets, and the deleted event.
 */
export function expectedAction(
	event: TicketEvent,
	label: string,
	alert: AlertState,
	reAlertReopened: boolean,
): LifecycleAction {
	if (event === 'deleted')
		return alert === 'pending' || alert === 'accepted' ? 'resolve' : 'unchanged';
	const inA = CLASS_A.includes(label);
	const inR = CLASS_R.includes(label);
	// A created event with a known alert is decided as an update (ilert's created rows equal the
	// updated rows for "no alert"; an existing alert means a repeat or an update).
	if (alert === 'none') {
		if (inA) return 'create';
		if (inR) return 'reject';
		return 'create';
	}
	// updated, alert exists (a resolved alert counts as existing)
	if (alert === 'resolved' && reAlertReopened && !inR) return 'create';
	if (label === 'New') return 'unchanged';
	if (RESOLVE_LIST.includes(label)) return alert === 'resolved' ? 'unchanged' : 'resolve';
	if (ACCEPT_LIST.includes(label)) return alert === 'pending' ? 'accept' : 'unchanged';
	return 'unchanged';
}

/** A tenant's status picklist: standard ids where known, others tenant-specific. */
export const STATUS_PICKLIST: PicklistEntry[] = [
	{ value: '1', label: 'New', isActive: true },
	{ value: '5', label: 'Complete', isActive: true },
	{ value: '7', label: 'Waiting Customer', isActive: true },
	{ value: '8', label: 'In Progress', isActive: true },
	{ value: '9', label: 'Waiting Materials', isActive: true },
	{ value: '10', label: 'Scheduled', isActive: true },
	{ value: '11', label: 'Escalate', isActive: true },
	{ value: '12', label: 'Waiting Vendor', isActive: true },
	{ value: '13', label: 'Waiting Approval', isActive: true },
	{ value: '21', label: 'Denied', isActive: true },
	{ value: '22', label: 'Waiting Dispatch', isActive: true },
	{ value: '23', label: 'Approved', isActive: true },
	{ value: '30', label: CUSTOM_STATUS, isActive: true },
];

export function statusId(label: string): number {
	const entry = STATUS_PICKLIST.find((e) => e.label === label);
	if (!entry) throw new Error(`fixture has no id for ${label}`);
	return Number(entry.value);
}

/** The same label with odd casing and spacing. */
export function oddForms(label: string): string[] {
	return [
		label.toUpperCase(),
		label.toLowerCase(),
		`  ${label}  `,
		`\t${label.replace(/ /g, '   ')}\n`,
		label
			.split('')
			.map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase()))
			.join(''),
	];
}
