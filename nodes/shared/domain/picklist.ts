/**
 * The one picklist model: an Autotask picklist value (`entityInformation/fields`) and every
 * match by id or by label. Used by the Autotask node, the Ticket Lifecycle, Business Hours and
 * the Autotask Trigger. Pure; no n8n types.
 */

/** One value of an Autotask picklist. */
export interface PicklistValue {
	/** Numeric for numeric picklists (Autotask sends strings on the wire). */
	value: number | string;
	label: string;
	isActive: boolean;
	isDefaultValue: boolean;
	sortOrder: number;
	parentValue?: string;
}

/** What the matching functions need: any `{ value, label }` (a full PicklistValue, or a test's short list). */
export type PicklistLike = Pick<PicklistValue, 'value' | 'label'> &
	Partial<Omit<PicklistValue, 'value' | 'label'>>;

type PicklistList<V> = readonly V[] | null | undefined;

/** A picklist value from Autotask's raw `picklistValues[]` entry. */
export function toPicklistValue(raw: Record<string, unknown>): PicklistValue {
	const rawValue = raw.value;
	const text =
		rawValue === undefined || rawValue === null ? '' : String(rawValue as string | number).trim();
	const value = /^-?\d+$/.test(text) ? Number(text) : text;
	const result: PicklistValue = {
		value,
		label:
			typeof raw.label === 'string' ? raw.label : String((raw.label as string | undefined) ?? ''),
		isActive: raw.isActive !== false,
		isDefaultValue: raw.isDefaultValue === true,
		sortOrder: typeof raw.sortOrder === 'number' ? raw.sortOrder : Number(raw.sortOrder ?? 0) || 0,
	};
	if (typeof raw.parentValue === 'string' && raw.parentValue !== '')
		result.parentValue = raw.parentValue;
	return result;
}

/** A field's picklist (`picklistValues`, possibly null or absent) as PicklistValues. */
export function picklistFromField(picklistValues: unknown): PicklistValue[] {
	if (!Array.isArray(picklistValues)) return [];
	return (picklistValues as Array<Record<string, unknown>>).map(toPicklistValue);
}

/** How ids compare: trimmed text, integers without leading zeros ("05" is 5). Null when empty. */
export function picklistIdKey(id: unknown): string | null {
	if (id === null || id === undefined) return null;
	const text = String(id as string | number).trim();
	if (text === '') return null;
	return /^-?\d+$/.test(text) ? String(Number(text)) : text;
}

/** How labels compare: whitespace runs as one space, trimmed, case-insensitive. */
export function normalizePicklistLabel(label: unknown): string {
	if (label === null || label === undefined) return '';
	return String(label as string)
		.replace(/\s+/g, ' ')
		.trim()
		.toLowerCase();
}

/** The entry with this id, or undefined. */
export function findPicklistById<V extends PicklistLike>(
	values: PicklistList<V>,
	id: unknown,
): V | undefined {
	const key = picklistIdKey(id);
	if (key === null || !values) return undefined;
	return values.find((v) => picklistIdKey(v.value) === key);
}

/** The entry with this label; an active one first when several carry it. Undefined if none. */
export function findPicklistByLabel<V extends PicklistLike>(
	values: PicklistList<V>,
	label: unknown,
): V | undefined {
	if (typeof label !== 'string' || !values) return undefined;
	const key = normalizePicklistLabel(label);
	if (!key) return undefined;
	const matches = values.filter((v) => normalizePicklistLabel(v.label) === key);
	return matches.find((v) => v.isActive !== false) ?? matches[0];
}

/** An entry given by id (what pickers produce) or by label (typed, or from an expression). */
export function findPicklistValue<V extends PicklistLike>(
	values: PicklistList<V>,
	idOrLabel: unknown,
): V | undefined {
	return (
		findPicklistById(values, idOrLabel) ??
		findPicklistByLabel(values, typeof idOrLabel === 'string' ? idOrLabel : undefined)
	);
}

/** The label of an id, or null. */
export function picklistLabelOf(values: PicklistList<PicklistLike>, id: unknown): string | null {
	return findPicklistById(values, id)?.label ?? null;
}

/** The id of a label, or null. */
export function picklistIdOf(
	values: PicklistList<PicklistLike>,
	label: unknown,
): number | string | null {
	return findPicklistByLabel(values, label)?.value ?? null;
}

/** Active entries in picker order: sortOrder, then label. */
export function activePicklistValues<V extends PicklistLike>(values: readonly V[]): V[] {
	return values
		.filter((v) => v.isActive !== false)
		.sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || a.label.localeCompare(b.label));
}

/** "Label (id), …" of the active entries, for an error that lists the valid values. */
export function describePicklist(values: readonly PicklistLike[]): string {
	return values
		.filter((v) => v.isActive !== false)
		.map((v) => `${v.label} (${String(v.value)})`)
		.join(', ');
}

/** The entry to use when none is given: the active default, else the first active, else the first. */
export function defaultPicklistValue<V extends PicklistLike>(values: readonly V[]): V | undefined {
	return (
		values.find((v) => v.isDefaultValue === true && v.isActive !== false) ??
		values.find((v) => v.isActive !== false) ??
		values[0]
	);
}
