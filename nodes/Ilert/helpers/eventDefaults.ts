/**
 * Defaults of the ilert event operations, computed from the incoming item when a parameter is
 * left empty. The item is what the Autotask Trigger / Ticket Lifecycle emit (see CONTRIBUTING.md:
 * `{ ticket: NormalizedTicket, lifecycle: {...} }`), or a raw Autotask ticket (Autotask node
 * output). Plain data in, plain data out: no n8n imports.
 */
import { alertKeyForTicket, ticketWebUrl } from '../../shared/domain/conventions';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string') {
		const trimmed = value.trim();
		return trimmed === '' ? undefined : trimmed;
	}
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

function num(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
	return undefined;
}

/** A label/id pair as the trigger emits it (`{ id, label }`), or a bare id. */
function ref(value: unknown): { id?: number; label?: string } {
	if (isObject(value)) return { id: num(value.id), label: text(value.label) ?? text(value.name) };
	return { id: num(value) };
}

/** The ticket facts the defaults are built from, whatever shape the item has. */
export interface TicketFacts {
	id?: number;
	number?: string;
	title?: string;
	description?: string;
	status: { id?: number; label?: string };
	priority: { id?: number; label?: string };
	queue: { id?: number; label?: string };
	company: { id?: number; label?: string };
	contact: { id?: number; label?: string };
	assignedResource: { id?: number; label?: string };
	dueDateTime?: string;
	createDate?: string;
	webUrl?: string;
}

/** Reads the ticket of an item: `json.ticket` (normalised) or the item itself (raw Autotask ticket). */
export function ticketFacts(item: Json, zoneWebUrl?: string): TicketFacts | undefined {
	const normalised = isObject(item.ticket) ? item.ticket : undefined;
	if (normalised) {
		const id = num(normalised.id);
		return {
			id,
			number: text(normalised.number) ?? text(normalised.ticketNumber),
			title: text(normalised.title),
			description: text(normalised.description),
			status: ref(normalised.status),
			priority: ref(normalised.priority),
			queue: ref(normalised.queue),
			company: ref(normalised.company),
			contact: ref(normalised.contact),
			assignedResource: ref(normalised.assignedResource),
			dueDateTime: text(normalised.dueDateTime),
			createDate: text(normalised.createDate),
			webUrl:
				text(normalised.webUrl) ??
				(zoneWebUrl && id !== undefined ? ticketWebUrl(zoneWebUrl, id) : undefined),
		};
	}
	// Raw Autotask ticket (e.g. output of the Autotask node's Get)
	if (
		num(item.id) !== undefined &&
		(text(item.ticketNumber) !== undefined || text(item.title) !== undefined)
	) {
		const id = num(item.id);
		return {
			id,
			number: text(item.ticketNumber),
			title: text(item.title),
			description: text(item.description),
			status: { id: num(item.status) },
			priority: { id: num(item.priority) },
			queue: { id: num(item.queueID) },
			company: { id: num(item.companyID) },
			contact: { id: num(item.contactID) },
			assignedResource: { id: num(item.assignedResourceID) },
			dueDateTime: text(item.dueDateTime),
			createDate: text(item.createDate),
			webUrl: zoneWebUrl && id !== undefined ? ticketWebUrl(zoneWebUrl, id) : undefined,
		};
	}
	return undefined;
}

function lifecycleOf(item: Json): Json | undefined {
	return isObject(item.lifecycle) ? item.lifecycle : undefined;
}

/**
 * The alert key of the item: the lifecycle's key, else the convention applied to the ticket id.
 * Undefined when the item carries neither.
 */
export function defaultAlertKey(item: Json): string | undefined {
	const lifecycle = lifecycleOf(item);
	const fromLifecycle = text(lifecycle?.alertKey);
	if (fromLifecycle) return fromLifecycle;
	const ticketId = num(lifecycle?.ticketId) ?? ticketFacts(item)?.id;
	return ticketId !== undefined ? alertKeyForTicket(ticketId) : undefined;
}

/** `[T20261128.0042] Title`, or what is known of it. */
export function defaultSummary(ticket: TicketFacts | undefined): string | undefined {
	if (!ticket) return undefined;
	const number = ticket.number ?? (ticket.id !== undefined ? `Ticket ${ticket.id}` : undefined);
	const title = ticket.title ?? '(no title)';
	return number ? `[${number}] ${title}` : title;
}

function labelled(value: { id?: number; label?: string }): string | undefined {
	if (value.label && value.id !== undefined) return `${value.label} (${value.id})`;
	return value.label ?? (value.id !== undefined ? String(value.id) : undefined);
}

/** Markdown details: description, then company, queue, contact, status, priority, link. */
export function defaultDetails(ticket: TicketFacts | undefined): string | undefined {
	if (!ticket) return undefined;
	const lines: string[] = [];
	if (ticket.description) lines.push(ticket.description, '');
	const facts: Array<[string, string | undefined]> = [
		['Company', labelled(ticket.company)],
		['Queue', labelled(ticket.queue)],
		['Contact', labelled(ticket.contact)],
		['Status', labelled(ticket.status)],
		['Priority', labelled(ticket.priority)],
		['Due', ticket.dueDateTime],
	];
	for (const [name, value] of facts) {
		if (value !== undefined) lines.push(`**${name}:** ${value}`);
	}
	if (ticket.webUrl)
		lines.push(
			`**Ticket:** [${ticket.number ?? ticket.id ?? 'Open in Autotask'}](${ticket.webUrl})`,
		);
	const out = lines.join('\n').trim();
	return out === '' ? undefined : out;
}

/** The link to the ticket, as an ilert event link. */
export function defaultLinks(
	ticket: TicketFacts | undefined,
): Array<{ href: string; text: string }> {
	return ticket?.webUrl ? [{ href: ticket.webUrl, text: 'Autotask ticket' }] : [];
}

/** The lifecycle's ilert priority (`HIGH`/`LOW`), if any. */
export function defaultPriority(item: Json): 'HIGH' | 'LOW' | undefined {
	const value = text(lifecycleOf(item)?.ilertPriority)?.toUpperCase();
	return value === 'HIGH' || value === 'LOW' ? value : undefined;
}

/** The ticket's labelled fields, for ilert's custom details (usable in ilert templates/conditions). */
export function defaultCustomDetails(
	item: Json,
	ticket: TicketFacts | undefined,
): Json | undefined {
	if (!ticket) return undefined;
	const autotask: Json = {
		ticketId: ticket.id,
		ticketNumber: ticket.number,
		title: ticket.title,
		status: ticket.status.label,
		statusId: ticket.status.id,
		priority: ticket.priority.label,
		priorityId: ticket.priority.id,
		queue: ticket.queue.label,
		queueId: ticket.queue.id,
		company: ticket.company.label,
		companyId: ticket.company.id,
		contactId: ticket.contact.id,
		assignedResourceId: ticket.assignedResource.id,
		dueDateTime: ticket.dueDateTime,
		createDate: ticket.createDate,
		url: ticket.webUrl,
	};
	const lifecycle = lifecycleOf(item);
	if (lifecycle && text(lifecycle.rule)) autotask.lifecycleRule = text(lifecycle.rule);
	const event = text(item.event);
	if (event) autotask.event = event;
	for (const key of Object.keys(autotask)) {
		if (autotask[key] === undefined || autotask[key] === null) delete autotask[key];
	}
	return { autotask };
}

/** Summary for accept/resolve/comment events when none is given (ilert's schema requires one). */
export function defaultStatusSummary(
	eventType: 'ACCEPT' | 'RESOLVE' | 'COMMENT',
	ticket: TicketFacts | undefined,
	alertKey: string,
): string {
	const base = defaultSummary(ticket) ?? alertKey;
	const status = ticket?.status.label;
	if (eventType === 'ACCEPT') return `${base}: accepted in Autotask${status ? ` (${status})` : ''}`;
	if (eventType === 'RESOLVE')
		return `${base}: resolved in Autotask${status ? ` (${status})` : ''}`;
	return `${base}: comment from Autotask`;
}
