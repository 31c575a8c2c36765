/**
 * Builds the `NormalizedTicket` every node emits from a raw Autotask ticket (REST entity,
 * webhook `Fields`, or a parsed callout). Pure: plain data in, plain data out.
 *
 * Field access is case-insensitive (`queueID`, `QueueID`, `queueid` are the same field) and
 * accepts the few aliases the sources use; numbers arrive as numbers or strings and are coerced.
 */
import { ticketWebUrl, type NormalizedTicket, type PicklistRef } from './conventions';
import { picklistLabelOf, type PicklistLike } from './picklist';

/** Where a picklist label comes from: the label itself, a picklist, or an id -> label map. */
export type LabelSource =
	| string
	| null
	| undefined
	| readonly PicklistLike[]
	| Readonly<Record<string, string>>;

export interface TicketLabels {
	status?: LabelSource;
	priority?: LabelSource;
	queue?: LabelSource;
	/** The company's name (Autotask tickets carry only `companyID`). */
	companyName?: string | null;
}

type RawTicket = Record<string, unknown>;

/** The value of the first of `names` present in `raw`, compared case-insensitively. */
export function fieldValue(raw: RawTicket, ...names: string[]): unknown {
	const lowerKeys = new Map<string, string>();
	for (const key of Object.keys(raw)) lowerKeys.set(key.toLowerCase(), key);
	for (const name of names) {
		const key = lowerKeys.get(name.toLowerCase());
		if (key !== undefined) {
			const value = raw[key];
			if (value !== undefined) return value;
		}
	}
	return undefined;
}

/** A whole number from a number or numeric string; null otherwise. */
export function toInteger(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
	if (typeof value === 'string') {
		const text = value.trim();
		if (/^-?\d+(\.0+)?$/.test(text)) return Math.trunc(Number(text));
	}
	return null;
}

function toText(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') return value === '' ? null : value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return null;
}

function toDate(value: unknown): string | null {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
	const text = toText(value);
	return text === null ? null : text.trim() || null;
}

function labelFrom(source: LabelSource, id: number | null): string | null {
	if (source === undefined || source === null) return null;
	if (typeof source === 'string') return source.trim() === '' ? null : source;
	if (id === null) return null;
	if (Array.isArray(source)) return picklistLabelOf(source as readonly PicklistLike[], id);
	const map = source as Readonly<Record<string, string>>;
	const label = map[String(id)];
	return typeof label === 'string' ? label : null;
}

/** A picklist reference from a raw value (an id, or a label where a source sends text). */
function picklistRef(rawValue: unknown, source: LabelSource): PicklistRef {
	const id = toInteger(rawValue);
	let label = labelFrom(source, id);
	if (label === null && id === null && typeof rawValue === 'string' && rawValue.trim() !== '') {
		label = rawValue.trim();
	}
	if (label === null && rawValue && typeof rawValue === 'object' && !Array.isArray(rawValue)) {
		// `{ id, label }` / `{ value, label }` shapes (already normalised input).
		const o = rawValue as RawTicket;
		const nestedId = toInteger(fieldValue(o, 'id', 'value'));
		const nestedLabel = toText(fieldValue(o, 'label', 'name'));
		return { id: nestedId, label: nestedLabel ?? labelFrom(source, nestedId) };
	}
	return { id, label };
}

/**
 * The normalised ticket. `labels` supplies picklist labels (a label, a picklist or an id map);
 * `zoneWebUrl` (ZoneInformation `webUrl`) makes the `webUrl` link, null without it.
 * Throws when the raw ticket has no numeric id.
 */
export function normalizeTicket(
	raw: RawTicket,
	labels: TicketLabels = {},
	zoneWebUrl?: string | null,
): NormalizedTicket {
	if (!raw || typeof raw !== 'object') throw new Error('An Autotask ticket must be an object');
	const id = toInteger(fieldValue(raw, 'id', 'ticketId', 'ticket_id'));
	if (id === null || id <= 0) {
		throw new Error('The Autotask ticket has no numeric id');
	}
	const companyRaw = fieldValue(raw, 'companyID', 'companyId', 'accountID', 'accountId', 'company');
	const companyId = toInteger(companyRaw);
	const companyName =
		labels.companyName ??
		toText(fieldValue(raw, 'companyName', 'accountName')) ??
		(companyId === null && typeof companyRaw === 'string' && companyRaw.trim() !== ''
			? companyRaw.trim()
			: null);
	return {
		id,
		number: toText(fieldValue(raw, 'ticketNumber', 'number')),
		title: toText(fieldValue(raw, 'title')),
		description: toText(fieldValue(raw, 'description')),
		status: picklistRef(fieldValue(raw, 'status', 'statusId'), labels.status),
		priority: picklistRef(fieldValue(raw, 'priority', 'priorityId'), labels.priority),
		queue: picklistRef(fieldValue(raw, 'queueID', 'queueId', 'queue'), labels.queue),
		company: { id: companyId, name: companyName },
		contact: { id: toInteger(fieldValue(raw, 'contactID', 'contactId')) },
		assignedResource: {
			id: toInteger(fieldValue(raw, 'assignedResourceID', 'assignedResourceId')),
			roleId: toInteger(fieldValue(raw, 'assignedResourceRoleID', 'assignedResourceRoleId')),
		},
		createDate: toDate(fieldValue(raw, 'createDate', 'createDateTime')),
		lastActivityDate: toDate(fieldValue(raw, 'lastActivityDate', 'lastActivityDateTime')),
		dueDateTime: toDate(fieldValue(raw, 'dueDateTime', 'dueDate')),
		completedDate: toDate(fieldValue(raw, 'completedDate', 'completedDateTime')),
		webUrl: zoneWebUrl ? ticketWebUrl(zoneWebUrl, id) : null,
	};
}

/** Display names of the ticket fields people pick most; any other API name is spelled out. */
const TICKET_FIELD_NAMES: Readonly<Record<string, string>> = {
	assignedresourceid: 'Primary Resource',
	assignedresourceroleid: 'Primary Resource Role',
	companyid: 'Company',
	companylocationid: 'Company Location',
	contactid: 'Contact',
	contractid: 'Contract',
	duedatetime: 'Due Date',
	issuetype: 'Issue Type',
	queueid: 'Queue',
	subissuetype: 'Sub-Issue Type',
	ticketcategory: 'Ticket Category',
	ticketnumber: 'Ticket Number',
	tickettype: 'Ticket Type',
};

/** "queueID" -> "Queue", "lastActivityDate" -> "Last Activity Date": for pickers in the editor. */
export function ticketFieldDisplayName(apiName: string): string {
	const known = TICKET_FIELD_NAMES[apiName.toLowerCase()];
	if (known !== undefined) return known;
	const words = apiName
		.replace(/ID$/, '')
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.trim();
	return words === '' ? apiName : words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * An Autotask date-time as epoch milliseconds. Autotask's REST API returns every time in UTC,
 * sometimes without a zone designator, which `Date.parse` would read as the server's local time.
 */
export function parseAutotaskTime(value: unknown): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(text) || !/T\d/.test(text) ? text : `${text}Z`;
	const t = Date.parse(zoned);
	return Number.isFinite(t) ? t : undefined;
}
