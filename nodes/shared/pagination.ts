/**
 * The "Return All" / "Limit" parameters of every Get Many operation, defined once, and how an
 * operation reads them.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

const DEFAULT_LIMIT = 50;

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
			default: DEFAULT_LIMIT,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** The item's limit, or undefined when Return All is on. */
export function resultLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, DEFAULT_LIMIT) as number);
}
