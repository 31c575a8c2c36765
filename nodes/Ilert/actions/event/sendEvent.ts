/**
 * Sending one ilert event for one item: the alert key and summary, the fields the operation adds,
 * for accept/resolve/comment the open-alert check first, then the event and ilert's answer as
 * the output item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ticketIdFromAlertKey } from '../../../shared/domain/conventions';
import { forEachItem } from '../../../shared/nodeErrors';
import {
	findOpenAlertByKey,
	sendIlertEvent,
	type IlertEvent,
	type IlertEventResult,
} from '../../../shared/transport/ilert';
import {
	defaultStatusSummary,
	defaultSummary,
	ticketFacts,
	type TicketFacts,
} from '../../helpers/eventDefaults';
import { resolveAlertKey, stringParam } from './eventParameters';
import { ilertErrorCode, isNoOpenAlertCode } from './ilertErrorCodes';

export type EventType = 'ALERT' | 'ACCEPT' | 'RESOLVE' | 'COMMENT';

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

/** What an operation adds to the event body (create: details, priority, links; comment: the comment). */
export type EventFields = (
	ctx: IExecuteFunctions,
	body: IlertEvent,
	item: IDataObject,
	ticket: TicketFacts | undefined,
	itemIndex: number,
) => void;

type EventResponse = Omit<IlertEventResult, 'statusCode' | 'alertKey'> & { statusCode?: number };

function outputItem(outcome: EventOutcome, itemIndex: number): INodeExecutionData {
	return { json: outcome, pairedItem: { item: itemIndex } };
}

/** The Summary parameter, else one made from the ticket (ilert requires a summary for every event). */
function summaryFor(
	ctx: IExecuteFunctions,
	eventType: EventType,
	ticket: TicketFacts | undefined,
	alertKey: string,
	itemIndex: number,
): string {
	const givenSummary = stringParam(ctx, 'summary', itemIndex);
	if (givenSummary !== '') return givenSummary;
	return eventType === 'ALERT'
		? (defaultSummary(ticket) ?? alertKey)
		: defaultStatusSummary(eventType, ticket, alertKey);
}

/**
 * Accept/resolve/comment with Check Open Alert First: the open alert by key, recorded in the
 * outcome. Returns the output item when there is nothing to do (no open alert, already accepted).
 */
async function checkOpenAlert(
	ctx: IExecuteFunctions,
	eventType: EventType,
	outcome: EventOutcome,
	itemIndex: number,
): Promise<INodeExecutionData | undefined> {
	const check =
		eventType !== 'ALERT' && ctx.getNodeParameter('checkOpenAlert', itemIndex, true) !== false;
	if (eventType !== 'ALERT') outcome.openAlertChecked = check;
	if (!check) return undefined;
	const { alertKey } = outcome;
	const alertSourceId = String(ctx.getNodeParameter('alertSourceId', itemIndex, '') ?? '').trim();
	const open = await findOpenAlertByKey(ctx, {
		alertKey,
		alertSourceId: alertSourceId === '' ? undefined : alertSourceId,
		itemIndex,
	});
	if (!open) {
		outcome.noOp = true;
		outcome.reason = `No open ilert alert has the key "${alertKey}"`;
		return outputItem(outcome, itemIndex);
	}
	outcome.alertId = open.id as IDataObject['alertId'];
	outcome.alertStatusBefore = open.status as IDataObject['alertStatusBefore'];
	if (eventType === 'ACCEPT' && String(open.status).toUpperCase() === 'ACCEPTED') {
		outcome.noOp = true;
		outcome.reason = `The ilert alert ${String(open.id)} with the key "${alertKey}" is already accepted`;
		return outputItem(outcome, itemIndex);
	}
	return undefined;
}

async function send(
	ctx: IExecuteFunctions,
	body: IlertEvent,
	itemIndex: number,
): Promise<EventResponse> {
	try {
		return await sendIlertEvent(ctx, body, { itemIndex });
	} catch (error) {
		// Older ilert behaviour: some no-op codes arrive as errors other than 400.
		const code = ilertErrorCode(error);
		if (body.eventType === 'ALERT' || !isNoOpenAlertCode(code)) {
			throw new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex });
		}
		return { queued: false, noOp: true, code };
	}
}

/** ilert's answer as the output item: queued, a no-op it reported, or an error. */
function reportResponse(
	ctx: IExecuteFunctions,
	response: EventResponse,
	outcome: EventOutcome,
	itemIndex: number,
): INodeExecutionData {
	const { eventType, alertKey } = outcome;
	if (response.noOp && eventType !== 'ALERT') {
		outcome.noOp = true;
		const already = /ALREADY_(ACCEPTED|RESOLVED)/i.exec(response.code ?? '');
		outcome.reason = already
			? `ilert reports ${response.code}: the alert with the key "${alertKey}" is already ${already[1].toLowerCase()}`
			: `ilert reports ${response.code ?? 'nothing to do'}: no open alert with the key "${alertKey}" to ${eventType.toLowerCase()}`;
		if (response.code) outcome.ilertCode = response.code;
		return outputItem(outcome, itemIndex);
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
	return outputItem(outcome, itemIndex);
}

/** Builds and sends one event for one item; returns the output item. */
export async function runEvent(
	ctx: IExecuteFunctions,
	eventType: EventType,
	itemIndex: number,
	addFields?: EventFields,
): Promise<INodeExecutionData> {
	const item = (ctx.getInputData()[itemIndex]?.json ?? {}) as IDataObject;
	const ticket = ticketFacts(item);
	const alertKey = resolveAlertKey(ctx, item, itemIndex);
	const summary = summaryFor(ctx, eventType, ticket, alertKey, itemIndex);
	const body: IlertEvent = { eventType, alertKey, summary };
	const outcome: EventOutcome = { eventType, alertKey, summary, queued: false, noOp: false };
	const ticketId = ticketIdFromAlertKey(alertKey);
	if (ticketId !== undefined) outcome.ticketId = ticketId;
	addFields?.(ctx, body, item, ticket, itemIndex);

	const nothingToDo = await checkOpenAlert(ctx, eventType, outcome, itemIndex);
	if (nothingToDo) return nothingToDo;
	return reportResponse(ctx, await send(ctx, body, itemIndex), outcome, itemIndex);
}

/** Runs an event operation over all items (continue-on-fail per item). */
export async function executeEvent(
	this: IExecuteFunctions,
	eventType: EventType,
	items: INodeExecutionData[],
	addFields?: EventFields,
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => [
		await runEvent(this, eventType, i, addFields),
	]);
}
