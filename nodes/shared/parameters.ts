/**
 * Parameters the action nodes share: the "Return All" / "Limit" pair of every Get Many
 * operation, and readers for date and comma-separated list parameters.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Return All + Limit (Limit shown only while Return All is off). */
export function returnAllOrLimitProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** The item's limit, or undefined when Return All is on. */
export function resultLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
}

/** A date parameter as ISO 8601 (UTC), or undefined when empty or not a date. */
export function isoDateParameter(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const date = new Date(String(value));
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The non-empty, trimmed entries of a comma-separated parameter. */
export function commaSeparated(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}
