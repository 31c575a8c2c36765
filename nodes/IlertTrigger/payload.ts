/**
 * The ilert webhook payload (default body of a `webhook` alert action) turned into the one
 * shape the ilert Trigger emits. Plain data in, plain data out.
 */
import { ticketIdFromAlertKey } from '../shared/domain/conventions';

type Json = Record<string, unknown>;

/** ilert's outbound trigger types (alert action `triggerTypes`), with display names. */
export const ILERT_TRIGGER_TYPES: Array<{ name: string; value: string; description: string }> = [
	{ name: 'Alert Accepted', value: 'alert-acknowledged', description: 'A responder accepted the alert' },
	{ name: 'Alert Assigned', value: 'alert-assigned', description: 'The alert was assigned to a responder' },
	{ name: 'Alert Auto-Escalated', value: 'alert-auto-escalated', description: 'The alert escalated to the next level' },
	{ name: 'Alert Channel Attached', value: 'alert-channel-attached', description: 'A chat channel was attached' },
	{ name: 'Alert Channel Detached', value: 'alert-channel-detached', description: 'A chat channel was detached' },
	{ name: 'Alert Comment Added', value: 'alert-comment-added', description: 'A comment was added to the alert' },
	{ name: 'Alert Created', value: 'alert-created', description: 'A new alert was opened' },
	{ name: 'Alert Escalation Ended', value: 'alert-escalation-ended', description: 'The escalation policy ran out' },
	{ name: 'Alert Not Resolved', value: 'v-alert-not-resolved', description: 'The alert is still open after a delay' },
	{ name: 'Alert Raised', value: 'alert-raised', description: 'The alert priority was raised' },
	{ name: 'Alert Resolved', value: 'alert-resolved', description: 'The alert was resolved' },
	{ name: 'Alert Responder Added', value: 'alert-responder-added', description: 'A responder was added' },
	{ name: 'Alert Responder Removed', value: 'alert-responder-removed', description: 'A responder was removed' },
];

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
		assignee: { email: string | null; firstName: string | null; lastName: string | null; username: string | null } | null;
		url: string | null;
	};
	/** Autotask ticket id from the alert key, where it follows `autotask-<id>`; else null. */
	ticketId: number | null;
	receivedAt: string;
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
	const responder = responders.find((r) => str(r.status)?.toUpperCase() === 'ACCEPTED') ?? responders[0];
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
export function parseIlertWebhook(body: unknown, receivedAt: Date): IlertTriggerOutput | { error: string } {
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
			source: { id: id(source.id ?? data.alertSourceId), name: str(source.name ?? data.alertSourceName) },
			assignee: assignee(data),
			url: str(data.alertUrl ?? data.url),
		},
		ticketId: ticketIdFromAlertKey(alertKey) ?? null,
		receivedAt: receivedAt.toISOString(),
	};
}
