/**
 * The ilert webhook payload (default body of a `webhook` alert action) turned into the one
 * shape the ilert Trigger emits. Plain data in, plain data out.
 */
import { ALERT_KEY_PREFIX, ticketIdFromAlertKey } from '../shared/domain/conventions';
import {
	parseAlertStatus,
	wayBackEvent,
	wayBackTarget,
	type WayBackWrite,
} from '../shared/domain/wayBack';

type Json = Record<string, unknown>;

/** ilert Trigger output (one item per webhook call). */
export interface IlertTriggerOutput {
	/** Normalised event type (`alert-*`; legacy `incident-*` names are mapped). */
	eventType: string;
	alert: {
		id: number | string | null;
		alertKey: string | null;
		status: string | null;
		summary: string | null;
		details: string | null;
		priority: string | null;
		reportTime: string | null;
		source: { id: number | string | null; name: string | null };
		assignee: {
			email: string | null;
			firstName: string | null;
			lastName: string | null;
			username: string | null;
		} | null;
		url: string | null;
	};
	/** Autotask ticket id from the alert key, where it follows `autotask-<id>`; else null. */
	ticketId: number | null;
	receivedAt: string;
	/**
	 * What the event asks of the ticket, from the event and the alert's status as ilert has it
	 * now (verified deliveries only): `complete`, `setInProgress` or null, and why.
	 */
	wayBack?: { target: WayBackWrite | null; reason: string };
}

function isObject(value: unknown): value is Json {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function id(value: unknown): number | string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '') {
		return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value.trim();
	}
	return null;
}

/** `incident-acknowledged` → `alert-acknowledged`; lower case; other names unchanged. */
export function normaliseEventType(value: unknown): string | null {
	const text = str(value)?.trim().toLowerCase();
	if (!text) return null;
	return text.startsWith('incident-') ? `alert-${text.slice('incident-'.length)}` : text;
}

function assignee(body: Json): IlertTriggerOutput['alert']['assignee'] {
	const assigned = isObject(body.assignedTo) ? body.assignedTo : undefined;
	if (assigned) {
		return {
			email: str(assigned.email),
			firstName: str(assigned.firstName),
			lastName: str(assigned.lastName),
			username: str(assigned.username),
		};
	}
	// REST-like payloads list responders instead; take the one who accepted, else the first.
	const responders = Array.isArray(body.responders) ? body.responders.filter(isObject) : [];
	const responder =
		responders.find((r) => str(r.status)?.toUpperCase() === 'ACCEPTED') ?? responders[0];
	const user = responder && isObject(responder.user) ? responder.user : undefined;
	if (!user) return null;
	return {
		email: str(user.email),
		firstName: str(user.firstName),
		lastName: str(user.lastName),
		username: str(user.username),
	};
}

/**
 * The trigger output for a webhook body, or an error text when the body is not an ilert alert
 * event (then the trigger answers 400 and starts nothing).
 */
export function parseIlertWebhook(
	body: unknown,
	receivedAt: Date,
): IlertTriggerOutput | { error: string } {
	let data = body;
	if (typeof data === 'string') {
		try {
			data = JSON.parse(data) as unknown;
		} catch {
			return { error: 'The body is not JSON' };
		}
	}
	if (!isObject(data)) return { error: 'The body is not a JSON object' };
	const eventType = normaliseEventType(data.eventType);
	if (!eventType) return { error: 'The body has no eventType' };
	const alertId = id(data.id ?? data.alertId);
	if (alertId === null) return { error: 'The body has no alert id' };
	const source = isObject(data.alertSource) ? data.alertSource : {};
	const alertKey = str(data.alertKey);
	return {
		eventType,
		alert: {
			id: alertId,
			alertKey,
			status: str(data.status)?.toUpperCase() ?? null,
			summary: str(data.summary),
			details: str(data.details),
			priority: str(data.priority),
			reportTime: str(data.reportTime),
			source: {
				id: id(source.id ?? data.alertSourceId),
				name: str(source.name ?? data.alertSourceName),
			},
			assignee: assignee(data),
			url: str(data.alertUrl ?? data.url),
		},
		ticketId: ticketIdFromAlertKey(alertKey) ?? null,
		receivedAt: receivedAt.toISOString(),
	};
}

/* ------------------------------------------------------------------ verification (issue 14.1) */

/** A key that claims to follow the convention (prefix), whether or not its id is valid. */
function claimsTicketKey(alertKey: string | null): boolean {
	return typeof alertKey === 'string' && alertKey.trim().toLowerCase().startsWith(ALERT_KEY_PREFIX);
}

function sameKey(a: string | null, b: string | null): boolean {
	return (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
}

/** What the trigger does with a delivery: start the workflow, answer 200 and start nothing, or refuse. */
export type DeliveryVerdict =
	| { verdict: 'emit'; output: IlertTriggerOutput }
	| { verdict: 'ignore'; message: string }
	| { verdict: 'refuse'; status: number; message: string };

const UNSAFE_KEY = (key: string) =>
	`Alert key "${key.slice(0, 80)}" does not carry a valid Autotask ticket ID (a whole number up to ${Number.MAX_SAFE_INTEGER}); nothing was started`;

/**
 * Checks that need no ilert call: the alert id must be a positive whole number (it goes into
 * GET /alerts/{id}), and a key that claims to be `autotask-…` must carry a safe ticket id.
 * Returns a refusal, or undefined to go on.
 */
export function precheckDelivery(payload: IlertTriggerOutput): DeliveryVerdict | undefined {
	const id = payload.alert.id;
	if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
		return {
			verdict: 'refuse',
			status: 400,
			message: `"${String(id).slice(0, 40)}" is not an ilert alert ID`,
		};
	}
	if (claimsTicketKey(payload.alert.alertKey) && payload.ticketId === null) {
		return { verdict: 'refuse', status: 422, message: UNSAFE_KEY(String(payload.alert.alertKey)) };
	}
	return undefined;
}

/** The alert source id of an alert as ilert's REST API returns it, as text (or ''). */
export function alertSourceIdOf(alert: Json): string {
	const source = isObject(alert.alertSource) ? alert.alertSource : {};
	return String(source.id ?? alert.alertSourceId ?? '').trim();
}

/** The user who holds the alert now: the responder who accepted it, else `assignedTo`, else the first responder. */
export function currentAssigneeOf(alert: Json): {
	userId: string | null;
	user: IlertTriggerOutput['alert']['assignee'];
} {
	const responders = Array.isArray(alert.responders) ? alert.responders.filter(isObject) : [];
	const accepted = responders
		.filter((r) => str(r.status)?.toUpperCase() === 'ACCEPTED' && isObject(r.user))
		.sort((a, b) => String(b.acceptedAt ?? '').localeCompare(String(a.acceptedAt ?? '')))[0];
	const assigned = isObject(alert.assignedTo) ? alert.assignedTo : undefined;
	const chosen =
		(accepted?.user as Json | undefined) ?? assigned ?? (responders[0]?.user as Json | undefined);
	if (!isObject(chosen)) return { userId: null, user: null };
	// `assignedTo` is a full User in ilert (deprecated field); use its email when it is the same user.
	const full =
		assigned && (assigned.id === undefined || String(assigned.id) === String(chosen.id))
			? assigned
			: chosen;
	return {
		userId: chosen.id === undefined || chosen.id === null ? null : String(chosen.id),
		user: {
			email: str(full.email ?? chosen.email),
			firstName: str(chosen.firstName ?? full.firstName),
			lastName: str(chosen.lastName ?? full.lastName),
			username: str(full.username ?? chosen.username),
		},
	};
}

export interface VerifyInput {
	/** The parsed delivery (the payload's copy). */
	payload: IlertTriggerOutput;
	/** The alert as ilert has it now (GET /alerts/{id}). */
	alert: Json;
	/** Whether the alert's source is one the trigger listens to (selected, or of its alert action). */
	sourceAllowed: boolean;
	/** The holder of the alert now, with the email looked up where ilert's alert had none. */
	assignee: IlertTriggerOutput['alert']['assignee'];
	onlyAutotaskAlerts: boolean;
}

/**
 * The verdict on a delivery from ilert's current copy of the alert: it must belong to a source
 * the trigger listens to, carry the key the delivery claims (and, for a ticket key, a safe id),
 * and its status must not contradict the event. The output is ilert's copy (status, assignee,
 * key), not the payload's; the ticket id comes from ilert's key.
 */
export function verifyDelivery(input: VerifyInput): DeliveryVerdict {
	const { payload, alert } = input;
	const alertId = payload.alert.id;
	const sourceId = alertSourceIdOf(alert);
	if (!input.sourceAllowed) {
		return {
			verdict: 'refuse',
			status: 403,
			message: `ilert alert ${String(alertId)} belongs to alert source ${sourceId || '(none)'}, which this trigger does not listen to; nothing was started`,
		};
	}
	const ilertKey = str(alert.alertKey);
	if (payload.alert.alertKey !== null && !sameKey(payload.alert.alertKey, ilertKey)) {
		return {
			verdict: 'refuse',
			status: 403,
			message: `The delivery's alert key "${payload.alert.alertKey.slice(0, 80)}" is not the key ilert has for alert ${String(alertId)}; nothing was started`,
		};
	}
	const ticketId = ticketIdFromAlertKey(ilertKey) ?? null;
	if (claimsTicketKey(ilertKey) && ticketId === null) {
		return { verdict: 'refuse', status: 422, message: UNSAFE_KEY(String(ilertKey)) };
	}
	if (ticketId === null && input.onlyAutotaskAlerts) {
		return { verdict: 'ignore', message: 'Ignored: not an Autotask alert' };
	}
	const status = str(alert.status)?.toUpperCase() ?? null;
	const resolvedEvent =
		payload.eventType === 'alert-resolved' || payload.eventType === 'alert-auto-resolved';
	if (
		(resolvedEvent && status !== 'RESOLVED') ||
		(payload.eventType === 'alert-acknowledged' && status === 'PENDING')
	) {
		return {
			verdict: 'refuse',
			status: 409,
			message: `The delivery says ${payload.eventType}, but ilert says alert ${String(alertId)} is ${status ?? 'of unknown status'}; nothing was started`,
		};
	}
	const source = isObject(alert.alertSource) ? alert.alertSource : {};
	return {
		verdict: 'emit',
		output: {
			eventType: payload.eventType,
			alert: {
				id: alertId,
				alertKey: ilertKey,
				status,
				summary: str(alert.summary),
				details: str(alert.details),
				priority: str(alert.priority),
				reportTime: str(alert.reportTime),
				source: { id: id(source.id), name: str(source.name) },
				assignee: input.assignee,
				url: payload.alert.url,
			},
			ticketId,
			receivedAt: payload.receivedAt,
			wayBack: wayBackOf(payload.eventType, status, ticketId),
		},
	};
}

function wayBackOf(
	eventType: string,
	status: string | null,
	ticketId: number | null,
): IlertTriggerOutput['wayBack'] {
	if (ticketId === null)
		return { target: null, reason: 'not an Autotask alert: no ticket to change' };
	const { target, why } = wayBackTarget(wayBackEvent(eventType), parseAlertStatus(status));
	return { target, reason: why };
}
