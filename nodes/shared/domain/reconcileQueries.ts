/**
 * What a reconcile sweep asks Autotask: the look-back window, the query filters and fields, and
 * id batches of the size one query takes. Also the error for parameters a sweep cannot run with.
 *
 * Pure module: plain data in, plain data out, no n8n types.
 */

/** Autotask answers at most 500 records per query page and accepts up to 500 values in `in`. */
export const AUTOTASK_IDS_PER_QUERY = 500;

/** Default look-back of the changed-tickets query, in minutes (3x the template's 5-minute schedule). */
export const DEFAULT_CHANGED_WITHIN_MINUTES = 15;

/**
 * Ticket fields a sweep reads (`IncludeFields`): what `normalizeTicket` uses, nothing more.
 * Autotask requires `id` among them for results of more than 500 records.
 */
export const RECONCILE_TICKET_FIELDS: readonly string[] = [
	'id',
	'ticketNumber',
	'title',
	'description',
	'status',
	'priority',
	'queueID',
	'companyID',
	'contactID',
	'assignedResourceID',
	'assignedResourceRoleID',
	'createDate',
	'lastActivityDate',
	'dueDateTime',
	'completedDate',
];

/** Autotask query filter expression (`{ op, field, value }`). */
export interface QueryFilter {
	op: string;
	field: string;
	value: unknown;
}

/** Thrown for parameters a sweep cannot run with. */
export class ReconcileInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ReconcileInputError';
	}
}

/** The look-back window in minutes: a positive number (fractions allowed), at most 30 days. */
export function parseChangedWithinMinutes(value: unknown): number {
	const minutes =
		typeof value === 'number'
			? value
			: typeof value === 'string' && value.trim() !== ''
				? Number(value)
				: NaN;
	if (!Number.isFinite(minutes) || minutes <= 0) {
		throw new ReconcileInputError(
			`Changed Within (Minutes) must be a positive number, got "${String(value)}"`,
		);
	}
	if (minutes > 30 * 24 * 60) {
		throw new ReconcileInputError(
			`Changed Within (Minutes) may be at most 43200 (30 days), got ${minutes}`,
		);
	}
	return minutes;
}

/** The start of the window, as Autotask's UTC date-time (ISO 8601). */
export function changedSince(nowMs: number, windowMinutes: number): string {
	return new Date(nowMs - windowMinutes * 60 * 1000).toISOString();
}

/** `lastActivityDate gt <since>`: the tickets changed within the window. */
export function changedTicketsFilter(sinceIso: string): QueryFilter[] {
	if (Number.isNaN(Date.parse(sinceIso)))
		throw new ReconcileInputError(`"${sinceIso}" is not a date`);
	return [{ op: 'gt', field: 'lastActivityDate', value: sinceIso }];
}

/** `id in [...]`: one query for up to 500 tickets. */
export function ticketIdsFilter(ids: readonly number[]): QueryFilter[] {
	if (ids.length === 0) throw new ReconcileInputError('A ticket-id query needs at least one id');
	if (ids.length > AUTOTASK_IDS_PER_QUERY) {
		throw new ReconcileInputError(
			`A ticket-id query takes at most ${AUTOTASK_IDS_PER_QUERY} ids, got ${ids.length}`,
		);
	}
	if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0))
		throw new ReconcileInputError('Ticket ids must be positive whole numbers');
	return [{ op: 'in', field: 'id', value: [...ids] }];
}

/** Consecutive slices of at most `size` entries. */
export function batches<T>(list: readonly T[], size: number = AUTOTASK_IDS_PER_QUERY): T[][] {
	if (!Number.isInteger(size) || size < 1)
		throw new ReconcileInputError(`Batch size must be a positive whole number, got ${size}`);
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}
