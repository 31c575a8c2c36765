/**
 * Autotask REST webhook envelopes (`{ Action, Guid, EntityType, Id, Fields, EventTime,
 * SequenceNumber, PersonID }`). No official sample exists and public clients disagree on key
 * casing (`PersonID` / `PersonId`) and value types (numbers as strings), so keys are matched
 * case-insensitively and numbers are coerced.
 *
 * Pure module: no n8n types.
 */

export type WebhookAction = 'Create' | 'Update' | 'Delete' | 'Deactivated';

export interface WebhookEnvelope {
	action: WebhookAction;
	/** The webhook's GUID (identifies the webhook, not the event). */
	guid: string | null;
	entityType: string | null;
	/** Entity id; null only for `Deactivated` notices. */
	id: number | null;
	/** Changed and display-always fields, keys as sent. */
	fields: Record<string, unknown>;
	eventTime: string | null;
	sequenceNumber: number | null;
	personId: number | null;
}

export type EnvelopeResult =
	| { ok: true; envelope: WebhookEnvelope }
	| { ok: false; status: 400; message: string };

const ACTIONS: Record<string, WebhookAction> = {
	create: 'Create',
	created: 'Create',
	update: 'Update',
	updated: 'Update',
	delete: 'Delete',
	deleted: 'Delete',
	deactivated: 'Deactivated',
	deactivate: 'Deactivated',
};

/** Entity type names that mean a ticket (current and legacy spellings). */
const TICKET_ENTITY_TYPES = new Set(['ticket', 'tickets']);

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Value of the first key that matches one of `names` case-insensitively (ignoring `_`). */
export function getCaseInsensitive(obj: Record<string, unknown>, ...names: string[]): unknown {
	const wanted = new Set(names.map((n) => n.toLowerCase().replace(/_/g, '')));
	for (const key of Object.keys(obj)) {
		if (wanted.has(key.toLowerCase().replace(/_/g, ''))) return obj[key];
	}
	return undefined;
}

/** A whole, non-negative number from a number or numeric string; null otherwise. */
export function toWholeNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
	if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) return Number(value.trim());
	return null;
}

function toText(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** Parses a webhook body (already JSON-parsed). Never throws. */
export function parseWebhookEnvelope(body: unknown): EnvelopeResult {
	if (!isRecord(body)) {
		return { ok: false, status: 400, message: 'Webhook body must be a JSON object' };
	}
	const actionRaw = getCaseInsensitive(body, 'Action');
	const action =
		typeof actionRaw === 'string' ? ACTIONS[actionRaw.trim().toLowerCase()] : undefined;
	if (action === undefined) {
		return {
			ok: false,
			status: 400,
			message: `Webhook body has no valid "Action" (expected Create, Update, Delete or Deactivated)`,
		};
	}
	const entityType = toText(getCaseInsensitive(body, 'EntityType'));
	const id = toWholeNumber(getCaseInsensitive(body, 'Id', 'EntityId'));
	const fieldsRaw = getCaseInsensitive(body, 'Fields');
	const fields = isRecord(fieldsRaw) ? fieldsRaw : {};
	const envelope: WebhookEnvelope = {
		action,
		guid: toText(getCaseInsensitive(body, 'Guid', 'WebhookGuid')),
		entityType,
		id,
		fields,
		eventTime: toText(getCaseInsensitive(body, 'EventTime')),
		sequenceNumber: toWholeNumber(getCaseInsensitive(body, 'SequenceNumber')),
		personId: toWholeNumber(getCaseInsensitive(body, 'PersonID', 'PersonId')),
	};
	if (action === 'Deactivated') return { ok: true, envelope };
	if (entityType !== null && !TICKET_ENTITY_TYPES.has(entityType.trim().toLowerCase())) {
		return {
			ok: false,
			status: 400,
			message: `Webhook entity type "${entityType.slice(0, 40)}" is not a ticket`,
		};
	}
	if (id === null || id === 0) {
		return { ok: false, status: 400, message: 'Webhook body has no valid ticket "Id"' };
	}
	return { ok: true, envelope };
}
