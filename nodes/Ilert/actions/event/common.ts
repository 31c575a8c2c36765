import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ticketIdFromAlertKey } from '../../../shared/domain/conventions';
import {
	defaultAlertKey,
	defaultCustomDetails,
	defaultDetails,
	defaultLinks,
	defaultPriority,
	defaultStatusSummary,
	defaultSummary,
	ticketFacts,
} from '../../helpers/eventDefaults';
import { forEachItem } from '../../../shared/nodeErrors';
import { alertSourceParameter } from '../../../shared/parameters';
import {
	findOpenAlertByKey,
	sendIlertEvent,
	type IlertEvent,
	type IlertEventResult,
} from '../../../shared/transport/ilert';

export type EventType = 'ALERT' | 'ACCEPT' | 'RESOLVE' | 'COMMENT';

const SUMMARY_HINTS: Record<string, string> = {
	create: 'Leave empty to use "[ticket number] title" of the incoming ticket',
	accept: 'Leave empty to use "[ticket number] title: accepted in Autotask (status)"',
	resolve: 'Leave empty to use "[ticket number] title: resolved in Autotask (status)"',
	comment: 'Leave empty to use "[ticket number] title: comment from Autotask"',
};

/**
 * The alert key and summary parameters every event operation has. Both fill themselves from the
 * incoming item; the `hint` shows that under the field, not only in the hover text.
 */
export function keyAndSummaryProperties(operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Alert Key',
			name: 'alertKey',
			type: 'string',
			default: '',
			placeholder: 'autotask-123456',
			description:
				'Key that ties the event to the alert. Leave empty to use the Ticket Lifecycle\'s key, or autotask-&lt;ticket ID&gt; for an Autotask Trigger or Autotask node item.',
			hint: 'Leave empty to use the key of the incoming ticket (autotask-&lt;ticket ID&gt;)',
			displayOptions: { show: { resource: ['event'], operation: [operation] } },
		},
		{
			displayName: 'Summary',
			name: 'summary',
			type: 'string',
			default: '',
			placeholder: '[T20261128.0042] Server down',
			description:
				'Alert summary. Leave empty for "[ticket number] title" from the incoming ticket. ilert requires a summary for every event type, so one is always sent.',
			hint: SUMMARY_HINTS[operation],
			displayOptions: { show: { resource: ['event'], operation: [operation] } },
		},
	];
}

/** "Comment" and "Comment Author": what a COMMENT event adds (Alert Event › Comment, Alert › Add Comment). */
export function commentProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Comment',
			name: 'comment',
			type: 'string',
			typeOptions: { rows: 3 },
			required: true,
			default: '',
			description: 'Text added to the alert\'s comments',
		},
		{
			displayName: 'Comment Author',
			name: 'commentCreator',
			type: 'string',
			default: 'Autotask',
			description: 'Name shown as the comment\'s creator',
		},
	];
}

/** The item's comment (fails when empty) and its author (default "Autotask"). */
export function commentFromParameters(ctx: IExecuteFunctions, itemIndex: number): { creator: string; content: string } {
	const content = stringParam(ctx, 'comment', itemIndex);
	if (content === '') {
		throw new NodeOperationError(ctx.getNode(), 'The comment is empty', { itemIndex });
	}
	return { creator: stringParam(ctx, 'commentCreator', itemIndex) || 'Autotask', content };
}

/** "Check Open Alert First" for accept/resolve/comment. */
export function checkOpenAlertProperty(operation: string): INodeProperties {
	return {
		displayName: 'Check Open Alert First',
		name: 'checkOpenAlert',
		type: 'boolean',
		default: true,
		description:
			'Whether to look the alert up with the ilert API first (needs the ilert API credential) and report a no-op, without sending the event, when there is no open alert. Without the check ilert answers 202 whether or not an alert was open.',
		displayOptions: { show: { resource: ['event'], operation: [operation] } },
	};
}

/** Alert source to search when checking for the open alert (alert keys are per source). */
export function alertSourceFilterProperty(operation: string): INodeProperties {
	return alertSourceParameter({
		name: 'alertSourceId',
		description:
			'Alert source the integration key belongs to, to search only its alerts. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { resource: ['event'], operation: [operation], checkOpenAlert: [true] } },
	});
}

export interface EventOutcome extends IDataObject {
	eventType: EventType;
	alertKey: string;
	summary: string;
	/** ilert accepted the event for processing (202/200). */
	queued: boolean;
	/** Nothing to do: no open alert (or already in the target state). */
	noOp: boolean;
	reason?: string;
	/** Autotask ticket id from the alert key, where it follows the autotask-<id> convention. */
	ticketId?: number;
	/** Accept/resolve/comment: whether the open alert was looked up before sending. */
	openAlertChecked?: boolean;
}

function stringParam(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === undefined || value === null) return '';
	return String(value).trim();
}

/** Alert key: parameter, else the item's lifecycle/ticket (through the shared convention). */
export function resolveAlertKey(ctx: IExecuteFunctions, item: IDataObject, itemIndex: number): string {
	const given = stringParam(ctx, 'alertKey', itemIndex);
	if (given !== '') return given;
	let fromItem: string | undefined;
	try {
		fromItem = defaultAlertKey(item);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
	}
	if (!fromItem) {
		throw new NodeOperationError(ctx.getNode(), 'No alert key', {
			itemIndex,
			description:
				'Set "Alert Key", or feed this node an item from the Autotask Trigger, the Ticket Lifecycle or the Autotask node (the key is then autotask-<ticket ID>).',
		});
	}
	return fromItem;
}

/** Reads the ilert error code/message out of whatever the transport threw. */
export function ilertErrorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	const visit = (value: unknown, depth: number): string | undefined => {
		if (value === null || typeof value !== 'object' || depth > 5 || seen.has(value)) return undefined;
		seen.add(value);
		const obj = value as Record<string, unknown>;
		if (typeof obj.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(obj.code) && !obj.code.startsWith('ERR_')) {
			return obj.code;
		}
		for (const key of ['context', 'cause', 'errorResponse', 'response', 'data', 'body', 'error']) {
			const found = visit(obj[key], depth + 1);
			if (found) return found;
		}
		return undefined;
	};
	const direct = visit(error, 0);
	if (direct) return direct;
	const texts = [
		(error as { message?: unknown })?.message,
		(error as { description?: unknown })?.description,
	].filter((t): t is string => typeof t === 'string');
	for (const t of texts) {
		const match = /\b(NO_?NE?_OPEN_[A-Z_]+|NO_OPEN_[A-Z_]+|[A-Z_]*ALREADY_(?:ACCEPTED|RESOLVED)[A-Z_]*)\b/.exec(t);
		if (match) return match[1];
	}
	return undefined;
}

/** The codes ilert (older behaviour) returns when there is nothing to accept/resolve. */
export function isNoOpenAlertCode(code: string | undefined): boolean {
	return code !== undefined && /^(NO_OPEN|NONE_OPEN|NO_OPEN_INCIDENT|.*ALREADY_(ACCEPTED|RESOLVED))/.test(code);
}

function parseJsonParam(ctx: IExecuteFunctions, value: unknown, name: string, itemIndex: number): IDataObject | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	if (typeof value === 'string') {
		try {
			const parsed = JSON.parse(value) as unknown;
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as IDataObject;
		} catch {
			// reported below
		}
	}
	throw new NodeOperationError(ctx.getNode(), `"${name}" must be a JSON object`, { itemIndex });
}

/** Builds and sends one event for one item; returns the output item. */
export async function runEvent(
	ctx: IExecuteFunctions,
	eventType: EventType,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const item = (ctx.getInputData()[itemIndex]?.json ?? {}) as IDataObject;
	const ticket = ticketFacts(item);
	const alertKey = resolveAlertKey(ctx, item, itemIndex);
	const givenSummary = stringParam(ctx, 'summary', itemIndex);
	const summary =
		givenSummary !== ''
			? givenSummary
			: eventType === 'ALERT'
				? (defaultSummary(ticket) ?? alertKey)
				: defaultStatusSummary(eventType, ticket, alertKey);

	const body: IlertEvent = { eventType, alertKey, summary };
	const outcome: EventOutcome = {
		eventType,
		alertKey,
		summary,
		queued: false,
		noOp: false,
	};
	const ticketId = ticketIdFromAlertKey(alertKey);
	if (ticketId !== undefined) outcome.ticketId = ticketId;

	if (eventType === 'ALERT') {
		const details = stringParam(ctx, 'details', itemIndex);
		const chosenDetails = details !== '' ? details : defaultDetails(ticket);
		if (chosenDetails) body.details = chosenDetails;

		const priority = String(ctx.getNodeParameter('priority', itemIndex, 'lifecycle') ?? 'lifecycle');
		const chosenPriority =
			priority === 'HIGH' || priority === 'LOW'
				? priority
				: priority === 'lifecycle'
					? defaultPriority(item)
					: undefined;
		if (chosenPriority) body.priority = chosenPriority;

		const options = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const links: Array<{ href: string; text: string }> =
			options.includeTicketLink === false ? [] : defaultLinks(ticket);
		const extraLinks = ((options.links as IDataObject | undefined)?.link as IDataObject[] | undefined) ?? [];
		for (const link of extraLinks) {
			const href = String(link.href ?? '').trim();
			if (href) links.push({ href, text: String(link.text ?? '').trim() || href });
		}
		if (links.length > 0) body.links = links;

		const customDetails =
			parseJsonParam(ctx, options.customDetails, 'Custom Details', itemIndex) ??
			(options.includeTicketFields === false ? undefined : (defaultCustomDetails(item, ticket) as IDataObject | undefined));
		if (customDetails) body.customDetails = customDetails;

		if (typeof options.routingKey === 'string' && options.routingKey.trim() !== '') {
			body.routingKey = options.routingKey.trim();
		}
		const severity = Number(options.severity ?? 0);
		if (Number.isInteger(severity) && severity >= 1 && severity <= 5) body.severity = severity;
	}

	if (eventType === 'COMMENT') body.comments = [commentFromParameters(ctx, itemIndex)];

	const check = eventType !== 'ALERT' && ctx.getNodeParameter('checkOpenAlert', itemIndex, true) !== false;
	if (eventType !== 'ALERT') outcome.openAlertChecked = check;
	if (check) {
		const alertSourceId = String(ctx.getNodeParameter('alertSourceId', itemIndex, '') ?? '').trim();
		const open = await findOpenAlertByKey(ctx, {
			alertKey,
			alertSourceId: alertSourceId === '' ? undefined : alertSourceId,
			itemIndex,
		});
		if (!open) {
			outcome.noOp = true;
			outcome.reason = `No open ilert alert has the key "${alertKey}"`;
			return { json: outcome, pairedItem: { item: itemIndex } };
		}
		outcome.alertId = open.id as IDataObject['alertId'];
		outcome.alertStatusBefore = open.status as IDataObject['alertStatusBefore'];
		if (eventType === 'ACCEPT' && String(open.status).toUpperCase() === 'ACCEPTED') {
			outcome.noOp = true;
			outcome.reason = `The ilert alert ${String(open.id)} with the key "${alertKey}" is already accepted`;
			return { json: outcome, pairedItem: { item: itemIndex } };
		}
	}

	let response: Omit<IlertEventResult, 'statusCode' | 'alertKey'> & { statusCode?: number };
	try {
		response = await sendIlertEvent(ctx, body, { itemIndex });
	} catch (error) {
		// Older ilert behaviour: some no-op codes arrive as errors other than 400.
		const code = ilertErrorCode(error);
		if (eventType === 'ALERT' || !isNoOpenAlertCode(code)) {
			throw new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex });
		}
		response = { queued: false, noOp: true, code };
	}
	if (response.noOp && eventType !== 'ALERT') {
		outcome.noOp = true;
		const already = /ALREADY_(ACCEPTED|RESOLVED)/i.exec(response.code ?? '');
		outcome.reason = already
			? `ilert reports ${response.code}: the alert with the key "${alertKey}" is already ${already[1].toLowerCase()}`
			: `ilert reports ${response.code ?? 'nothing to do'}: no open alert with the key "${alertKey}" to ${eventType.toLowerCase()}`;
		if (response.code) outcome.ilertCode = response.code;
		return { json: outcome, pairedItem: { item: itemIndex } };
	}
	if (!response.queued) {
		throw new NodeOperationError(ctx.getNode(), `ilert did not accept the ${eventType} event`, {
			itemIndex,
			description: response.message ?? response.code,
		});
	}
	outcome.queued = true;
	if (response.alertUrl) outcome.alertUrl = response.alertUrl;
	if (response.statusCode !== undefined) outcome.httpStatus = response.statusCode;
	return { json: outcome, pairedItem: { item: itemIndex } };
}

/** Runs an event operation over all items (continue-on-fail per item). */
export async function executeEvent(
	this: IExecuteFunctions,
	eventType: EventType,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => [await runEvent(this, eventType, i)]);
}
