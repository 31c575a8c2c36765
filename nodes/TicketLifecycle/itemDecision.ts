/**
 * Deciding one Ticket Lifecycle item: read its inputs, learn its alert state, decide the
 * lifecycle row and map the priority; the output item starts with `lifecycle`, the explanation.
 * Errors name the parameter and the expression a bad value came from.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { alertKeyForTicket, OUTPUT_FIELDS, type AlertState } from '../shared/domain/conventions';
import { parseAutotaskTime } from '../shared/domain/ticket';
import { decideLifecycle, type LifecycleInput } from '../shared/domain/lifecycleDecision';
import {
	LifecycleInputError,
	parseAlertState,
	parsePicklistId,
	parseTicketEvent,
	parseTicketId,
	type StatusInput,
} from '../shared/domain/lifecycleInput';
import type { LifecycleAction } from '../shared/domain/lifecycleRules';
import { mapPriority, type PriorityDecision } from '../shared/domain/ticketPriority';
import type { AlertStateLookup, FoundState } from './alertStateLookup';
import { DISPLAY_NAMES, type InputParameter, type ItemInputs } from './itemInputs';
import type { AlertStateMode, LifecycleSettings } from './lifecycleSettings';

export type InputValues = Partial<Record<InputParameter, unknown>>;

export interface ItemDecision {
	action: LifecycleAction;
	alertKey: string;
	output: INodeExecutionData;
}

function hasText(value: unknown): boolean {
	return value !== null && value !== undefined && String(value).trim() !== '';
}

/**
 * A new ticket: one listing since its creation. Else the open alert first; the resolved listing
 * only when it changes the decision (the rows for "none" and "resolved" differ for this ticket),
 * which keeps the lookup cheap.
 */
async function findState(
	lookup: AlertStateLookup,
	alertKey: string,
	itemIndex: number,
	input: Omit<LifecycleInput, 'alertState'>,
	ticketCreated: number | undefined,
): Promise<FoundState> {
	if (lookup.isRecent(ticketCreated))
		return await lookup.sinceCreation(alertKey, ticketCreated, itemIndex);
	const open = await lookup.open(alertKey, itemIndex);
	if (open.state !== 'none') return open;
	const ifNone = decideLifecycle({ ...input, alertState: 'none' }).action;
	const ifResolved = decideLifecycle({ ...input, alertState: 'resolved' }).action;
	if (ifNone === ifResolved)
		return { state: 'none', from: `${open.from} (resolved alerts not searched: same decision)` };
	return await lookup.resolvedOrNone(alertKey, itemIndex, ticketCreated);
}

/** The ticket's creation time from the Autotask Trigger's output, when the item carries it. */
function ticketCreatedOf(item: INodeExecutionData): number | undefined {
	const ticket = item.json[OUTPUT_FIELDS.ticket] as { createDate?: unknown } | undefined;
	return parseAutotaskTime(ticket?.createDate);
}

/** The alert state by the chosen mode, and one clause saying where it came from. */
async function alertStateOf(
	settings: LifecycleSettings,
	inputs: ItemInputs,
	values: InputValues,
	itemIndex: number,
	alertKey: string,
	input: Omit<LifecycleInput, 'alertState'>,
	ticketCreated: number | undefined,
): Promise<{ state: AlertState; from: string }> {
	if (settings.mode === 'assumeNone')
		return { state: 'none', from: 'assumed none (Alert State: Assume None)' };
	if (settings.mode === 'input') {
		values.alertStateValue = inputs.read('alertStateValue', itemIndex);
		return {
			state: parseAlertState(values.alertStateValue),
			from: `from input ${inputs.source('alertStateValue', values.alertStateValue)}`,
		};
	}
	// Created events are looked up too: a callout's created/updated is a guess, and a
	// ticket that already has an alert is decided by the updated rows.
	return await findState(
		settings.lookup as AlertStateLookup,
		alertKey,
		itemIndex,
		input,
		ticketCreated,
	);
}

async function priorityOf(
	settings: LifecycleSettings,
	values: InputValues,
): Promise<PriorityDecision> {
	const priority: StatusInput = {
		label: values.priorityLabel as string | null,
		id: values.priorityId as string | null,
	};
	const needsPicklist =
		(!hasText(priority.label) && hasText(priority.id)) ||
		(!hasText(priority.id) &&
			settings.priorityOverrides.some((o) => parsePicklistId(o.priority) !== null));
	return mapPriority(priority, {
		picklist: needsPicklist ? await settings.picklist('priority') : undefined,
		overrides: settings.priorityOverrides,
		unknown: settings.unknownPriority,
	});
}

/** Decides item `itemIndex`; `values` collects what was read, for an error message. */
export async function decideItem(
	settings: LifecycleSettings,
	inputs: ItemInputs,
	item: INodeExecutionData,
	itemIndex: number,
	values: InputValues,
): Promise<ItemDecision> {
	for (const name of [
		'event',
		'ticketId',
		'statusLabel',
		'statusId',
		'priorityLabel',
		'priorityId',
	] as const) {
		values[name] = inputs.read(name, itemIndex);
	}
	const event = parseTicketEvent(values.event);
	const ticketId = parseTicketId(values.ticketId);
	const alertKey = alertKeyForTicket(ticketId);
	const status = {
		label: values.statusLabel as string | null,
		id: values.statusId as string | null,
	};
	const needsStatusPicklist =
		(!hasText(status.label) && hasText(status.id)) ||
		(!hasText(status.id) &&
			settings.statusOverrides.some((o) => parsePicklistId(o.status) !== null));
	const input = {
		event,
		status,
		reAlertReopened: settings.reAlertReopened,
		overrides: settings.statusOverrides,
		picklist: needsStatusPicklist ? await settings.picklist('status') : undefined,
	};
	const alertState = await alertStateOf(
		settings,
		inputs,
		values,
		itemIndex,
		alertKey,
		input,
		ticketCreatedOf(item),
	);
	const decision = decideLifecycle({ ...input, alertState: alertState.state });
	const priority = await priorityOf(settings, values);

	// The explanation comes first, so it is what a user sees at the top of each item.
	const lifecycle: IDataObject = {
		rule: decision.rule,
		action: decision.action,
		ruleId: decision.ruleId,
		event: decision.event,
		status: decision.status,
		alertState: decision.alertState,
		alertStateFrom: alertState.from,
		ilertPriority: priority.ilertPriority,
		priority: { id: priority.id, label: priority.label, reason: priority.reason },
		alertKey,
		ticketId,
	};
	// An earlier Lifecycle's verdict on the item is replaced, and ours goes first.
	const rest = { ...item.json };
	delete rest[OUTPUT_FIELDS.lifecycle];
	const output: INodeExecutionData = {
		json: { [OUTPUT_FIELDS.lifecycle]: lifecycle, ...rest },
		pairedItem: { item: itemIndex },
	};
	if (item.binary) output.binary = item.binary;
	return { action: decision.action, alertKey, output };
}

/** The error for item `itemIndex`, naming the parameter and expression a bad value came from. */
export function toNodeError(
	ctx: IExecuteFunctions,
	caught: unknown,
	itemIndex: number,
	values: InputValues,
	mode: AlertStateMode,
	inputs: ItemInputs,
): NodeOperationError | NodeApiError {
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) {
		if (caught.context) caught.context.itemIndex = itemIndex;
		return caught;
	}
	if (caught instanceof LifecycleInputError) {
		const { source } = inputs;
		let where: string;
		if (caught.field === 'status') {
			where = `${source('statusLabel', values.statusLabel)} and ${source('statusId', values.statusId)}`;
		} else if (caught.field === 'alertState') {
			where =
				mode === 'input'
					? source('alertStateValue', values.alertStateValue)
					: 'the alert state lookup';
		} else {
			where = source(caught.field, values[caught.field]);
		}
		return new NodeOperationError(ctx.getNode(), `${caught.message}. Read from ${where}`, {
			itemIndex,
			description:
				caught.field === 'status'
					? 'Map the status label or ID to the ticket status, add the Autotask credential to name IDs, or add the status under Status Classes'
					: `Check the "${caught.field === 'alertState' ? DISPLAY_NAMES.alertStateValue : DISPLAY_NAMES[caught.field]}" parameter`,
		});
	}
	const message = caught instanceof Error ? caught.message : String(caught);
	return new NodeOperationError(ctx.getNode(), message, { itemIndex });
}
