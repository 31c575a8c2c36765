/**
 * The ticket lifecycle: which ilert action an Autotask ticket event calls for.
 *
 * The preset is ilert's documented Autotask inbound lifecycle, row for row. Tenants rename and
 * add statuses, so a status is first put into a class (preset by label, overridable by label or
 * picklist id) and the rows are written over classes, not labels.
 *
 * Pure module: plain data in, plain data out, no n8n types. The Ticket Lifecycle node, other
 * nodes and the README table generator (`scripts/generate-lifecycle-table.mjs`) all read the rules
 * from here.
 */
import type { AlertState, IlertPriority, TicketEvent } from './conventions';
import { findPicklistByLabel, picklistLabelOf, type PicklistLike } from './picklist';

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

/**
 * Status classes. ilert's table treats statuses in five distinct ways; every status, preset or
 * tenant-specific, falls into exactly one of them.
 */
export type StatusClass = 'new' | 'inProgress' | 'closed' | 'onHold' | 'other';

export interface StatusClassInfo {
	id: StatusClass;
	/** Short name used in rule sentences and the UI. */
	name: string;
	/** ilert's two groups: A = an alert may be created, R = no alert may be created (400). */
	group: 'A' | 'R' | 'other';
	/** The preset statuses (ilert's standard English labels) in this class. */
	presetLabels: readonly string[];
	/** One line for the UI option and the README. */
	description: string;
}

export const STATUS_CLASSES: Record<StatusClass, StatusClassInfo> = {
	new: {
		id: 'new',
		name: 'New',
		group: 'A',
		presetLabels: ['New'],
		description: 'Creates an alert; leaves an existing alert unchanged',
	},
	inProgress: {
		id: 'inProgress',
		name: 'In Progress',
		group: 'A',
		presetLabels: ['In Progress'],
		description: 'Creates an alert; accepts an existing alert',
	},
	closed: {
		id: 'closed',
		name: 'Complete or Denied',
		group: 'R',
		presetLabels: ['Complete', 'Denied'],
		description: 'Rejects when there is no alert; resolves an existing alert',
	},
	onHold: {
		id: 'onHold',
		name: 'Waiting, Scheduled, Escalate or Approved',
		group: 'R',
		presetLabels: [
			'Waiting Customer',
			'Waiting Materials',
			'Scheduled',
			'Escalate',
			'Waiting Vendor',
			'Waiting Approval',
			'Waiting Dispatch',
			'Approved',
		],
		description: 'Rejects when there is no alert; accepts an existing alert',
	},
	other: {
		id: 'other',
		name: 'Any Other Status',
		group: 'other',
		presetLabels: [],
		description: 'Creates an alert; leaves an existing alert unchanged',
	},
};

export const STATUS_CLASS_IDS = Object.keys(STATUS_CLASSES) as StatusClass[];

/** Trimmed, inner whitespace collapsed, lower case: how labels are compared. */
export function normalizeLabel(label: unknown): string {
	if (label === null || label === undefined) return '';
	return String(label).replace(/\s+/g, ' ').trim().toLowerCase();
}

const PRESET_CLASS_BY_LABEL: ReadonlyMap<string, StatusClass> = new Map(
	STATUS_CLASS_IDS.flatMap((cls) =>
		STATUS_CLASSES[cls].presetLabels.map((label) => [normalizeLabel(label), cls] as const),
	),
);

/** The preset class of a status label (`other` for anything ilert's table does not name). */
export function presetStatusClass(label: string | null | undefined): StatusClass {
	return PRESET_CLASS_BY_LABEL.get(normalizeLabel(label)) ?? 'other';
}

// ---------------------------------------------------------------------------------------------
// Input parsing (bad input is an error that names the field)

/** Thrown for input the lifecycle cannot decide on. `field` names what was missing or wrong. */
export class LifecycleInputError extends Error {
	constructor(
		readonly field: 'event' | 'status' | 'alertState' | 'ticketId',
		message: string,
	) {
		super(message);
		this.name = 'LifecycleInputError';
	}
}

const EVENT_SYNONYMS: Record<string, TicketEvent> = {
	created: 'created',
	create: 'created',
	updated: 'updated',
	update: 'updated',
	edited: 'updated',
	edit: 'updated',
	deleted: 'deleted',
	delete: 'deleted',
};

/** `created` / `updated` / `deleted` (also `create`, `update`, `edited`, `delete`), any casing. */
export function parseTicketEvent(value: unknown): TicketEvent {
	const key = normalizeLabel(value);
	if (key === '') {
		throw new LifecycleInputError('event', 'No ticket event: the value is empty');
	}
	const event = EVENT_SYNONYMS[key];
	if (!event) {
		throw new LifecycleInputError(
			'event',
			`Unknown ticket event "${String(value)}": expected created, updated or deleted`,
		);
	}
	return event;
}

const ALERT_STATES: readonly AlertState[] = ['none', 'pending', 'accepted', 'resolved'];

/** `none` / `pending` / `accepted` / `resolved`, any casing (ilert's PENDING etc. included). */
export function parseAlertState(value: unknown): AlertState {
	const key = normalizeLabel(value);
	if (key === '') {
		throw new LifecycleInputError('alertState', 'No alert state: the value is empty');
	}
	const state = ALERT_STATES.find((s) => s === key);
	if (!state) {
		throw new LifecycleInputError(
			'alertState',
			`Unknown alert state "${String(value)}": expected none, pending, accepted or resolved`,
		);
	}
	return state;
}

/** A picklist id as a number, or null when absent. Accepts 5, "5", " 5 ". */
export function parsePicklistId(value: unknown): number | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return Number.isInteger(value) ? value : null;
	const text = String(value).trim();
	return /^\d+$/.test(text) ? Number(text) : null;
}

/** The Autotask ticket id as a number; throws `LifecycleInputError('ticketId')`. */
export function parseTicketId(value: unknown): number {
	const id = parsePicklistId(value);
	if (id === null || id <= 0) {
		throw new LifecycleInputError(
			'ticketId',
			hasValue(value) ? `Ticket ID "${String(value)}" is not a positive whole number` : 'No ticket ID: the value is empty',
		);
	}
	return id;
}

function hasValue(value: unknown): boolean {
	return value !== null && value !== undefined && String(value).trim() !== '';
}

// ---------------------------------------------------------------------------------------------
// Status classification

/** One entry of an Autotask picklist: the shared picklist model (picklist.ts). */
export type PicklistEntry = PicklistLike;

/** A user's assignment of a tenant status (label or picklist id) to a class. */
export interface StatusOverride {
	/** A label ("On Hold") or a picklist id ("17" or 17). */
	status: string | number;
	class: StatusClass;
}

export interface StatusInput {
	id?: number | string | null;
	label?: string | null;
}

export interface ClassifiedStatus {
	id: number | null;
	label: string | null;
	class: StatusClass;
	/** How the class was found. */
	classSource: 'override' | 'preset' | 'other';
	/** Where the label came from. */
	labelSource: 'input' | 'picklist' | 'none';
}

function picklistLabelFor(picklist: readonly PicklistEntry[] | undefined, id: number): string | null {
	return picklistLabelOf(picklist, id);
}

function picklistIdFor(picklist: readonly PicklistEntry[] | undefined, label: string): number | null {
	return parsePicklistId(findPicklistByLabel(picklist, label)?.value);
}

/**
 * Puts a ticket status into its class. Order: an override naming the status id, an override
 * naming its label, the preset by label, else `other`. A label missing from the input is taken
 * from the picklist (by id) and vice versa, so overrides match whichever the user typed.
 *
 * Throws `LifecycleInputError('status')` when there is no status at all, or only an id that
 * neither an override nor the picklist can name (guessing would risk alerting on a closed ticket).
 */
export function classifyStatus(
	status: StatusInput,
	options: { picklist?: readonly PicklistEntry[]; overrides?: readonly StatusOverride[] } = {},
): ClassifiedStatus {
	const { picklist, overrides = [] } = options;
	const rawLabel = hasValue(status.label) ? String(status.label).trim() : null;
	const rawIdGiven = hasValue(status.id);
	let id = parsePicklistId(status.id);
	if (rawIdGiven && id === null) {
		throw new LifecycleInputError(
			'status',
			`Ticket status id "${String(status.id)}" is not a whole number`,
		);
	}
	if (rawLabel === null && id === null) {
		throw new LifecycleInputError('status', 'No ticket status: both the status label and the status id are empty');
	}

	let label = rawLabel;
	let labelSource: ClassifiedStatus['labelSource'] = rawLabel !== null ? 'input' : 'none';
	if (label === null && id !== null) {
		label = picklistLabelFor(picklist, id);
		if (label !== null) labelSource = 'picklist';
	}
	if (id === null && label !== null) id = picklistIdFor(picklist, label);

	// A label override matches the input label and, where the tenant renamed the status since,
	// the picklist's current label for the id.
	const labelKeys = new Set<string>();
	if (label !== null) labelKeys.add(normalizeLabel(label));
	const listed = id !== null ? picklistLabelFor(picklist, id) : null;
	if (listed !== null) labelKeys.add(normalizeLabel(listed));

	const byId = id === null ? undefined : overrides.find((o) => parsePicklistId(o.status) === id);
	const byLabel = overrides.find(
		(o) => parsePicklistId(o.status) === null && labelKeys.has(normalizeLabel(o.status)),
	);
	const override = byId ?? byLabel;
	if (override) {
		return { id, label, class: override.class, classSource: 'override', labelSource };
	}
	if (label === null) {
		throw new LifecycleInputError(
			'status',
			picklist
				? `Ticket status id ${id} has no label: it is not in the tenant's status picklist and no status override names it`
				: `Ticket status id ${id} has no label: pass the status label, or add a status override for id ${id}`,
		);
	}
	const cls = presetStatusClass(label);
	return { id, label, class: cls, classSource: cls === 'other' ? 'other' : 'preset', labelSource };
}

// ---------------------------------------------------------------------------------------------
// The rules (ilert's table, over classes)

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
	{ id: 'C1', event: 'created', classes: ['new', 'inProgress'], alertStates: ANY_STATE, action: 'create', origin: 'ilert',
		because: 'an alert is created' },
	{ id: 'C2', event: 'created', classes: ['closed', 'onHold'], alertStates: ANY_STATE, action: 'reject', origin: 'ilert',
		because: 'no alert may be created in this status and the ticket is rejected, as ilert answers 400 Bad Request' },
	{ id: 'C3', event: 'created', classes: ['other'], alertStates: ANY_STATE, action: 'create', origin: 'ilert',
		because: 'any other status creates an alert' },
	{ id: 'U1', event: 'updated', classes: ['new', 'inProgress'], alertStates: ['none'], action: 'create', origin: 'ilert',
		because: 'an alert is created' },
	{ id: 'U2', event: 'updated', classes: ['closed', 'onHold'], alertStates: ['none'], action: 'reject', origin: 'ilert',
		because: 'no alert may be created in this status and the ticket is rejected, as ilert answers 400 Bad Request' },
	{ id: 'U3', event: 'updated', classes: ['other'], alertStates: ['none'], action: 'create', origin: 'ilert',
		because: 'any other status creates an alert' },
	{ id: 'U4', event: 'updated', classes: ['new', 'inProgress', 'other'], alertStates: ['resolved'], reAlertReopened: true,
		action: 'create', origin: 'option',
		because: 'the reopened ticket gets a new alert because Re-Alert Reopened Tickets is on' },
	{ id: 'U5', event: 'updated', classes: ['new'], alertStates: EXISTS, action: 'unchanged', origin: 'ilert',
		because: 'a New ticket leaves an existing alert unchanged (a resolved alert counts as existing)' },
	{ id: 'U6', event: 'updated', classes: ['closed'], alertStates: OPEN, action: 'resolve', origin: 'ilert',
		because: 'the alert is resolved' },
	{ id: 'U7', event: 'updated', classes: ['closed'], alertStates: ['resolved'], action: 'unchanged', origin: 'ilert',
		because: 'it stays unchanged, being already resolved' },
	{ id: 'U8', event: 'updated', classes: ['inProgress', 'onHold'], alertStates: ['pending'], action: 'accept', origin: 'ilert',
		because: 'the alert is accepted' },
	{ id: 'U9', event: 'updated', classes: ['inProgress', 'onHold'], alertStates: ['accepted'], action: 'unchanged', origin: 'ilert',
		because: 'it stays unchanged, being already accepted' },
	{ id: 'U10', event: 'updated', classes: ['inProgress', 'onHold'], alertStates: ['resolved'], action: 'unchanged', origin: 'ilert',
		because: 'it stays unchanged: a resolved alert counts as existing and is not accepted again' },
	{ id: 'U11', event: 'updated', classes: ['other'], alertStates: EXISTS, action: 'unchanged', origin: 'ilert',
		because: 'any other status leaves an existing alert unchanged (a resolved alert counts as existing)' },
	{ id: 'D1', event: 'deleted', classes: ALL_CLASSES, alertStates: OPEN, action: 'resolve', origin: 'package',
		because: 'its open alert is resolved instead of paging on (ilert\'s table has no delete row)' },
	{ id: 'D2', event: 'deleted', classes: ALL_CLASSES, alertStates: ['none', 'resolved'], action: 'unchanged', origin: 'package',
		because: 'nothing changes, as there is no open alert to resolve' },
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

// ---------------------------------------------------------------------------------------------
// The decision

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
	const reported = reportedAsCreated ? 'ticket reported as created, decided as an update because it already has an alert,' : `ticket ${event}`;
	const subject = event === 'deleted' ? 'ticket deleted' : `${reported} with ${status ? statusPhrase(status) : 'no status'}`;
	const alert = (event === 'created' && !reportedAsCreated) || alertState === null ? '' : ` and ${ALERT_PHRASE[alertState]}`;
	return `${ACTION_WORD[rule.action]}: ${subject}${alert}, so ${rule.because}. From ${ORIGIN_PHRASE[rule.origin]}, row ${rule.id}.`;
}

/**
 * Decides what to do with a ticket's alert. Pure; throws `LifecycleInputError` naming the field
 * for an empty or unknown event, a missing status (created/updated) or an unknown alert state.
 */
export function decideLifecycle(input: LifecycleInput): LifecycleDecision {
	const event = parseTicketEvent(input.event);
	const alertState: AlertState | null =
		event === 'created' && input.alertState === undefined ? null : parseAlertState(input.alertState);
	const reAlert = input.reAlertReopened === true;

	let status: ClassifiedStatus | null = null;
	if (event !== 'deleted') {
		status = classifyStatus(input.status ?? {}, { picklist: input.picklist, overrides: input.overrides });
	} else if (hasValue(input.status?.label) || hasValue(input.status?.id)) {
		// A deleted ticket's status does not matter; report it when it can be named.
		status = classifyStatusOrNull(input.status, input.picklist, input.overrides);
	}

	const cls: StatusClass = status?.class ?? 'other';
	// ilert's created rows ignore the alert state, and decide exactly as the updated rows do for
	// "no alert". A "created" ticket that already has an alert is a repeat of its creation or an
	// update that could not be told from one (callouts do not say which): the updated rows decide.
	const decidedAs: TicketEvent = event === 'created' && alertState !== null && alertState !== 'none' ? 'updated' : event;
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
			label: status ? status.label : hasValue(input.status?.label) ? String(input.status?.label).trim() : null,
			class: status ? status.class : null,
		},
		alertState,
	};
}

function classifyStatusOrNull(
	status: StatusInput,
	picklist: readonly PicklistEntry[] | undefined,
	overrides: readonly StatusOverride[] | undefined,
): ClassifiedStatus | null {
	const id = parsePicklistId(status.id);
	const label = hasValue(status.label) ? String(status.label).trim() : null;
	if (label === null && (id === null || (picklistLabelFor(picklist, id) === null && !overrides?.some((o) => parsePicklistId(o.status) === id)))) {
		return null;
	}
	if (hasValue(status.id) && id === null) return null;
	return classifyStatus(status, { picklist, overrides });
}

// ---------------------------------------------------------------------------------------------
// Priority

/** Autotask's out-of-the-box priority ids. Tenants differ: used only when no picklist is known. */
export const AUTOTASK_DEFAULT_PRIORITY_LABELS: Readonly<Record<number, string>> = {
	1: 'High',
	2: 'Medium',
	3: 'Low',
	4: 'Critical',
};

const PRESET_PRIORITY: ReadonlyMap<string, IlertPriority> = new Map([
	['low', 'LOW'],
	['medium', 'HIGH'],
	['high', 'HIGH'],
	['critical', 'HIGH'],
]);

export interface PriorityOverride {
	/** A label ("P1") or a picklist id ("4" or 4). */
	priority: string | number;
	ilertPriority: IlertPriority;
}

export interface PriorityDecision {
	ilertPriority: IlertPriority;
	/** The Autotask label the mapping used, if any. */
	label: string | null;
	id: number | null;
	/** One sentence: how the priority was chosen. */
	reason: string;
}

/**
 * Maps an Autotask ticket priority to ilert's HIGH/LOW, as ilert does: Low -> LOW; High, Medium,
 * Critical -> HIGH. By label; an id alone is named through the tenant's picklist (or, without a
 * picklist, Autotask's default ids). Overrides (label or id) win. Anything else gets `unknown`
 * (default HIGH: paging someone for a minor ticket is cheaper than missing an outage).
 */
export function mapPriority(
	priority: StatusInput,
	options: {
		picklist?: readonly PicklistEntry[];
		overrides?: readonly PriorityOverride[];
		unknown?: IlertPriority;
	} = {},
): PriorityDecision {
	const { picklist, overrides = [], unknown = 'HIGH' } = options;
	const id = parsePicklistId(priority.id);
	let label = hasValue(priority.label) ? String(priority.label).trim() : null;
	let labelFrom = 'the input';
	if (label === null && id !== null) {
		if (picklist) {
			label = picklistLabelFor(picklist, id);
			labelFrom = "the tenant's priority picklist";
		} else {
			label = AUTOTASK_DEFAULT_PRIORITY_LABELS[id] ?? null;
			labelFrom = "Autotask's default priority ids (no picklist was available)";
		}
	}
	const idForOverride = id ?? (label !== null ? picklistIdFor(picklist, label) : null);
	const byId = idForOverride === null ? undefined : overrides.find((o) => parsePicklistId(o.priority) === idForOverride);
	const byLabel =
		label === null
			? undefined
			: overrides.find((o) => parsePicklistId(o.priority) === null && normalizeLabel(o.priority) === normalizeLabel(label));
	const override = byId ?? byLabel;
	const named = label !== null ? `"${label}"` : id !== null ? `id ${id}` : 'none';
	if (override) {
		return {
			ilertPriority: override.ilertPriority,
			label,
			id,
			reason: `Priority ${named} maps to ${override.ilertPriority} by your priority override`,
		};
	}
	const preset = label !== null ? PRESET_PRIORITY.get(normalizeLabel(label)) : undefined;
	if (preset) {
		return {
			ilertPriority: preset,
			label,
			id,
			reason: `Priority ${named} (label from ${labelFrom}) maps to ${preset} as in ilert's Autotask integration`,
		};
	}
	const what =
		label === null && id === null
			? 'No ticket priority was given'
			: label === null
				? `Priority id ${id} has no known label`
				: `Priority ${named} is not Low, Medium, High or Critical`;
	return {
		ilertPriority: unknown,
		label,
		id,
		reason: `${what}, so it maps to ${unknown} (the Unknown Priority setting)`,
	};
}

// ---------------------------------------------------------------------------------------------
// The README table, generated from the rules above (scripts/generate-lifecycle-table.mjs)

const ACTION_TEXT: Record<LifecycleAction, string> = {
	create: 'Create',
	accept: 'Accept',
	resolve: 'Resolve',
	reject: 'Reject (ilert: 400, no alert)',
	unchanged: 'Unchanged',
};

const ORIGIN_TEXT: Record<LifecycleRule['origin'], string> = {
	ilert: "ilert's table",
	option: 'option',
	package: 'this package',
};

function classesText(classes: readonly StatusClass[]): string {
	if (classes.length === STATUS_CLASS_IDS.length) return 'any (not needed)';
	return classes
		.map((cls) => (cls === 'other' ? 'any other status' : STATUS_CLASSES[cls].presetLabels.join(', ')))
		.join('; ');
}

function alertText(rule: LifecycleRule): string {
	const states = [...rule.alertStates].sort().join(',');
	let text: string;
	if (rule.event === 'created') text = 'any (does not matter)';
	else if (states === 'none') text = 'does not exist';
	else if (states === 'accepted,pending') text = 'pending or accepted';
	else if (states === 'accepted,pending,resolved') text = 'exists (pending, accepted or resolved)';
	else if (states === 'none,resolved') text = 'does not exist, or resolved';
	else text = rule.alertStates.join(' or ');
	return rule.reAlertReopened ? `${text}, and Re-Alert Reopened Tickets is on` : text;
}

function cell(text: string): string {
	return text.replace(/\|/g, '\\|');
}

/** The lifecycle as Markdown: the status classes, then the rows in match order. */
export function renderLifecycleTableMarkdown(): string {
	const lines: string[] = [];
	lines.push('Status classes (labels compared trimmed and case-insensitively; overrides by label or id win):', '');
	lines.push('| Class | `lifecycle.status.class` | Preset statuses | Behaviour |', '|---|---|---|---|');
	for (const cls of STATUS_CLASS_IDS) {
		const info = STATUS_CLASSES[cls];
		const labels = info.presetLabels.length ? info.presetLabels.join(', ') : 'every status not listed above';
		lines.push(`| ${cell(info.name)} | \`${cls}\` | ${cell(labels)} | ${cell(info.description)} |`);
	}
	lines.push('', 'Rules (first match wins):', '');
	lines.push('| Row | Event | Ticket status | ilert alert | Action | Why | Source |', '|---|---|---|---|---|---|---|');
	for (const rule of RULES) {
		lines.push(
			`| ${rule.id} | ${rule.event} | ${cell(classesText(rule.classes))} | ${cell(alertText(rule))} | ${cell(
				ACTION_TEXT[rule.action],
			)} | ${cell(rule.because)} | ${ORIGIN_TEXT[rule.origin]} |`,
		);
	}
	lines.push(
		'',
		'Priority: Autotask Low maps to ilert LOW; High, Medium and Critical map to HIGH (by label; an id is named through the tenant\'s priority picklist, or Autotask\'s default ids 1 High, 2 Medium, 3 Low, 4 Critical when no picklist is available). Any other priority maps to the Unknown Priority setting (default HIGH).',
	);
	return lines.join('\n') + '\n';
}
