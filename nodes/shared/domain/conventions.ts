/**
 * The names every node of this package shares. Defined once here; nodes, templates,
 * tests and the README all refer to these, never to their own copies.
 *
 * Pure module: no n8n types.
 */

/** Prefix of the ilert alert key that ties an Autotask ticket to its alert. */
export const ALERT_KEY_PREFIX = 'autotask-';

/**
 * The ilert alert key for a ticket: `autotask-<ticketId>`.
 * Lower case ASCII, because ilert compares alert keys case-insensitively and trims them.
 * The ticket id (not the ticket number) is used: it never changes and every Autotask
 * event carries it.
 */
export function alertKeyForTicket(ticketId: number | string): string {
	const id = String(ticketId).trim();
	if (!/^\d+$/.test(id)) {
		throw new Error(
			`Autotask ticket id must be a positive whole number, got "${String(ticketId)}"`,
		);
	}
	return `${ALERT_KEY_PREFIX}${Number(id)}`;
}

/**
 * The ticket id in an alert key that follows our convention, or undefined for any other key.
 * Only safe integers count: `autotask-99999999999999999999` would otherwise become 1e20, a
 * number that names no ticket and that Autotask would round to some other id.
 */
export function ticketIdFromAlertKey(alertKey: string | undefined | null): number | undefined {
	if (typeof alertKey !== 'string') return undefined;
	const match = /^autotask-(\d+)$/i.exec(alertKey.trim());
	if (!match) return undefined;
	const id = Number(match[1]);
	return Number.isSafeInteger(id) ? id : undefined;
}

/** Autotask ticket numbers look like T20250915.0001. */
export const TICKET_NUMBER_PATTERN = /^T\d{8}\.\d{4,}$/;

/**
 * The link that opens a ticket in the Autotask web UI, from the zone's web URL
 * (ZoneInformation `webUrl`, e.g. `https://ww5.autotask.net/`). Uses Autotask's documented
 * AutotaskExtend ExecuteCommand entry point, which works for every zone.
 */
export function ticketWebUrl(zoneWebUrl: string, ticketId: number | string): string {
	const base = zoneWebUrl.endsWith('/') ? zoneWebUrl : `${zoneWebUrl}/`;
	return `${base}Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=${encodeURIComponent(String(ticketId))}`;
}

/** Field names of items this package emits. */
export const OUTPUT_FIELDS = {
	/** Autotask Trigger: the ticket event (`created` / `updated` / `deleted`). */
	event: 'event',
	/** Autotask Trigger: the normalised ticket, see `NormalizedTicket`. */
	ticket: 'ticket',
	/** Ticket Lifecycle: the decision, see `LifecycleDecision`. */
	lifecycle: 'lifecycle',
	/** Business Hours: the calendar verdict. */
	businessHours: 'businessHours',
	/** ilert Trigger: the alert, see `IlertTriggerOutput`. */
	alert: 'alert',
} as const;

export type TicketEvent = 'created' | 'updated' | 'deleted';

export interface PicklistRef {
	id: number | null;
	label: string | null;
}

/**
 * The ticket as the Autotask Trigger emits it and as the other nodes read it by default.
 * Ids are numbers; labels come from the tenant's picklists (null where unknown).
 */
export interface NormalizedTicket {
	id: number;
	number: string | null;
	title: string | null;
	description: string | null;
	status: PicklistRef;
	priority: PicklistRef;
	queue: PicklistRef;
	company: { id: number | null; name: string | null };
	contact: { id: number | null };
	assignedResource: { id: number | null; roleId: number | null };
	createDate: string | null;
	lastActivityDate: string | null;
	dueDateTime: string | null;
	completedDate: string | null;
	/** Link to the ticket in the Autotask web UI (see `ticketWebUrl`), null where the zone is unknown. */
	webUrl: string | null;
}

/** ilert alert priorities. */
export type IlertPriority = 'HIGH' | 'LOW';

/** The state of a ticket's alert in ilert, as the lifecycle sees it. */
export type AlertState = 'none' | 'pending' | 'accepted' | 'resolved';
