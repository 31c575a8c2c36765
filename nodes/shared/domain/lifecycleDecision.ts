/**
 * The lifecycle decision: which ilert action an Autotask ticket event calls for, as one rule
 * sentence a user can read. Pure: plain data in, plain data out, no n8n types.
 */
import type { AlertState, TicketEvent } from './conventions';
import {
	classifyStatus,
	classifyStatusOrNull,
	hasValue,
	parseAlertState,
	parsePicklistId,
	parseTicketEvent,
	type ClassifiedStatus,
	type PicklistEntry,
	type StatusInput,
	type StatusOverride,
} from './lifecycleInput';
import { findRule, type LifecycleAction, type LifecycleRule } from './lifecycleRules';
import { STATUS_CLASSES, type StatusClass } from './statusClasses';

export interface LifecycleInput {
	/** created / updated / deleted (synonyms and any casing accepted). */
	event: unknown;
	/** The ticket status: label and/or picklist id. Not needed for `deleted`. */
	status: StatusInput;
	/**
	 * The alert's state: none / pending / accepted / resolved. May be left `undefined` for a
	 * `created` event only (ilert's created rows do not depend on it; it is then not looked up).
	 */
	alertState?: unknown;
	/** Whether a ticket reopened after its alert was resolved creates a new alert. */
	reAlertReopened?: boolean;
	/** User assignments of tenant statuses to classes; they win over the preset. */
	overrides?: readonly StatusOverride[];
	/** The tenant's status picklist, to translate between ids and labels. */
	picklist?: readonly PicklistEntry[];
}

export interface LifecycleDecision {
	action: LifecycleAction;
	/** One sentence: the row, the inputs it matched and why. */
	rule: string;
	ruleId: string;
	event: TicketEvent;
	status: { id: number | null; label: string | null; class: StatusClass | null };
	/** null: not looked up (a created event does not depend on it). */
	alertState: AlertState | null;
}

const ALERT_PHRASE: Record<AlertState, string> = {
	none: 'it has no alert',
	pending: 'its alert is pending',
	accepted: 'its alert is accepted',
	resolved: 'its alert is resolved',
};

function statusPhrase(status: ClassifiedStatus): string {
	const name = status.label !== null ? `"${status.label}"` : `id ${status.id}`;
	const cls = STATUS_CLASSES[status.class].name;
	const how =
		status.classSource === 'override'
			? `class ${cls} by your status override`
			: status.classSource === 'preset'
				? `class ${cls}`
				: "a status ilert's table does not name";
	return `status ${name} (${how})`;
}

const ACTION_WORD: Record<LifecycleAction, string> = {
	create: 'Create',
	accept: 'Accept',
	resolve: 'Resolve',
	reject: 'Reject',
	unchanged: 'Unchanged',
};

const ORIGIN_PHRASE: Record<LifecycleRule['origin'], string> = {
	ilert: "ilert's Autotask lifecycle",
	option: 'the Re-Alert Reopened Tickets option',
	package: "this package's rule for deleted tickets",
};

/**
 * The rule sentence for a row and the inputs it matched, readable on its own: the action first,
 * then why, then where the row comes from (the table in the node's docs lists the rows by id).
 */
export function ruleSentence(
	rule: LifecycleRule,
	event: TicketEvent,
	status: ClassifiedStatus | null,
	alertState: AlertState | null,
	reportedAsCreated = false,
): string {
	const reported = reportedAsCreated
		? 'ticket reported as created, decided as an update because it already has an alert,'
		: `ticket ${event}`;
	const subject =
		event === 'deleted'
			? 'ticket deleted'
			: `${reported} with ${status ? statusPhrase(status) : 'no status'}`;
	const alert =
		(event === 'created' && !reportedAsCreated) || alertState === null
			? ''
			: ` and ${ALERT_PHRASE[alertState]}`;
	return `${ACTION_WORD[rule.action]}: ${subject}${alert}, so ${rule.because}. From ${ORIGIN_PHRASE[rule.origin]}, row ${rule.id}.`;
}

/**
 * Decides what to do with a ticket's alert. Pure; throws `LifecycleInputError` naming the field
 * for an empty or unknown event, a missing status (created/updated) or an unknown alert state.
 */
export function decideLifecycle(input: LifecycleInput): LifecycleDecision {
	const event = parseTicketEvent(input.event);
	const alertState: AlertState | null =
		event === 'created' && input.alertState === undefined
			? null
			: parseAlertState(input.alertState);
	const reAlert = input.reAlertReopened === true;

	let status: ClassifiedStatus | null = null;
	if (event !== 'deleted') {
		status = classifyStatus(input.status ?? {}, {
			picklist: input.picklist,
			overrides: input.overrides,
		});
	} else if (hasValue(input.status?.label) || hasValue(input.status?.id)) {
		// A deleted ticket's status does not matter; report it when it can be named.
		status = classifyStatusOrNull(input.status, input.picklist, input.overrides);
	}

	const cls: StatusClass = status?.class ?? 'other';
	// ilert's created rows ignore the alert state, and decide exactly as the updated rows do for
	// "no alert". A "created" ticket that already has an alert is a repeat of its creation or an
	// update that could not be told from one (callouts do not say which): the updated rows decide.
	const decidedAs: TicketEvent =
		event === 'created' && alertState !== null && alertState !== 'none' ? 'updated' : event;
	const rule = findRule(decidedAs, cls, alertState ?? 'none', reAlert);
	if (!rule) {
		// The rows cover every combination; reaching this is a bug in the table.
		throw new Error(`No lifecycle rule for ${event} / ${cls} / ${String(alertState)}`);
	}

	return {
		action: rule.action,
		rule: ruleSentence(rule, decidedAs, status, alertState, decidedAs !== event),
		ruleId: rule.id,
		event,
		status: {
			id: status ? status.id : parsePicklistId(input.status?.id),
			label: status
				? status.label
				: hasValue(input.status?.label)
					? String(input.status?.label).trim()
					: null,
			class: status ? status.class : null,
		},
		alertState,
	};
}
