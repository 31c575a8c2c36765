/**
 * What the lifecycle reads from a ticket event: the event, alert state and ticket id parsed (bad
 * input is an error that names the field) and the status put into its class (preset by label,
 * overridable by label or picklist id).
 *
 * Pure module: plain data in, plain data out, no n8n types. The rows that decide are in
 * lifecycleRules.ts, the decision in lifecycleDecision.ts, the priority in ticketPriority.ts.
 */
import type { AlertState, TicketEvent } from './conventions';
import { findPicklistByLabel, picklistLabelOf, type PicklistLike } from './picklist';
import { STATUS_CLASS_IDS, STATUS_CLASSES, type StatusClass } from './statusClasses';

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
			hasValue(value)
				? `Ticket ID "${String(value)}" is not a positive whole number`
				: 'No ticket ID: the value is empty',
		);
	}
	return id;
}

export function hasValue(value: unknown): boolean {
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

function picklistLabelFor(
	picklist: readonly PicklistEntry[] | undefined,
	id: number,
): string | null {
	return picklistLabelOf(picklist, id);
}

function picklistIdFor(
	picklist: readonly PicklistEntry[] | undefined,
	label: string,
): number | null {
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
		throw new LifecycleInputError(
			'status',
			'No ticket status: both the status label and the status id are empty',
		);
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

/** Like classifyStatus, or null when the status cannot be named (a deleted ticket's status is optional). */
export function classifyStatusOrNull(
	status: StatusInput,
	picklist: readonly PicklistEntry[] | undefined,
	overrides: readonly StatusOverride[] | undefined,
): ClassifiedStatus | null {
	const id = parsePicklistId(status.id);
	const label = hasValue(status.label) ? String(status.label).trim() : null;
	if (
		label === null &&
		(id === null ||
			(picklistLabelFor(picklist, id) === null &&
				!overrides?.some((o) => parsePicklistId(o.status) === id)))
	) {
		return null;
	}
	if (hasValue(status.id) && id === null) return null;
	return classifyStatus(status, { picklist, overrides });
}
