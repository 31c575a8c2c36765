/**
 * Checking one Business Hours item: its calendar, the instant to check, the verdict, and the
 * output item (the input item with `businessHours` added).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isValidIanaZone } from '../shared/domain/autotaskTimeZones';
import {
	BusinessHoursError,
	type BusinessCalendar,
	type BusinessHoursVerdict,
} from '../shared/domain/businessCalendar';
import { evaluate } from '../shared/domain/businessHours';
import { OUTPUT_FIELDS } from '../shared/domain/conventions';
import { itemCalendar, type NodeOptions } from './itemCalendar';

/** The node-wide settings, read once per execution. */
export interface CheckSettings {
	source: string;
	timeToCheck: string;
}

export function readCheckSettings(ctx: IExecuteFunctions): CheckSettings {
	return {
		source: ctx.getNodeParameter('source', 0) as string,
		timeToCheck: ctx.getNodeParameter('timeToCheck', 0, 'now') as string,
	};
}

/** Now, or the item's Time (which must not be empty). */
function instantToCheck(
	ctx: IExecuteFunctions,
	settings: CheckSettings,
	itemIndex: number,
): unknown {
	if (settings.timeToCheck !== 'custom') return Date.now();
	const instant = ctx.getNodeParameter('time', itemIndex);
	if (instant === undefined || instant === null || instant === '') {
		throw new NodeOperationError(
			ctx.getNode(),
			'Time is empty: the expression gave no date and time',
			{
				itemIndex,
				description: 'Check the Time parameter, e.g. {{ $json.ticket.createDate }}',
			},
		);
	}
	return instant;
}

function verdictFor(
	ctx: IExecuteFunctions,
	calendar: BusinessCalendar,
	instant: unknown,
	options: NodeOptions,
	itemIndex: number,
): BusinessHoursVerdict {
	try {
		return evaluate(calendar, instant as string, {
			horizonDays: options.horizonDays,
			naiveZone: options.timeWithoutOffset === 'calendar' ? calendar.zone : 'UTC',
		});
	} catch (error) {
		if (error instanceof BusinessHoursError) {
			throw new NodeOperationError(ctx.getNode(), error.message, { itemIndex });
		}
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}

/** Checks item `itemIndex`: whether it is in business hours, and the output item that says why. */
export async function checkItem(
	ctx: IExecuteFunctions,
	settings: CheckSettings,
	item: INodeExecutionData,
	itemIndex: number,
): Promise<{ inBusinessHours: boolean; output: INodeExecutionData }> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as NodeOptions;
	const { calendar, sourceInfo } = await itemCalendar(ctx, settings.source, itemIndex, options);
	if (!isValidIanaZone(calendar.zone)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Time zone "${calendar.zone}" is not an IANA time zone (e.g. Europe/Berlin)`,
			{ itemIndex },
		);
	}
	const instant = instantToCheck(ctx, settings, itemIndex);
	const verdict = verdictFor(ctx, calendar, instant, options, itemIndex);
	const output: INodeExecutionData = {
		json: {
			...item.json,
			[OUTPUT_FIELDS.businessHours]: { ...verdict, source: sourceInfo } as unknown as IDataObject,
		},
		pairedItem: { item: itemIndex },
	};
	if (item.binary) output.binary = item.binary;
	return { inBusinessHours: verdict.inBusinessHours, output };
}
