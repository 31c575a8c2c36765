/**
 * A ticket's Autotask priority mapped to ilert's HIGH/LOW, as ilert's Autotask integration does,
 * with the user's overrides and one sentence saying how. Pure module: no n8n types.
 */
import type { IlertPriority } from './conventions';
import {
	hasValue,
	normalizeLabel,
	parsePicklistId,
	type PicklistEntry,
	type StatusInput,
} from './lifecycleInput';
import { findPicklistByLabel, picklistLabelOf } from './picklist';

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
			label = picklistLabelOf(picklist, id);
			labelFrom = "the tenant's priority picklist";
		} else {
			label = AUTOTASK_DEFAULT_PRIORITY_LABELS[id] ?? null;
			labelFrom = "Autotask's default priority ids (no picklist was available)";
		}
	}
	const idForOverride =
		id ?? (label !== null ? parsePicklistId(findPicklistByLabel(picklist, label)?.value) : null);
	const byId =
		idForOverride === null
			? undefined
			: overrides.find((o) => parsePicklistId(o.priority) === idForOverride);
	const byLabel =
		label === null
			? undefined
			: overrides.find(
					(o) =>
						parsePicklistId(o.priority) === null &&
						normalizeLabel(o.priority) === normalizeLabel(label),
				);
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
