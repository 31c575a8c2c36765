import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export function alertIdProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'Alert ID',
		name: 'alertId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '12797430',
		description: 'Numeric ID of the ilert alert (the ilert Trigger outputs it as alert.ID)',
		displayOptions: { show: { resource: ['alert'], operation: operations } },
	};
}

/** Reads a numeric id parameter and rejects anything else before a request is made. */
export function numericId(value: unknown): string | undefined {
	const text = String(value ?? '').trim();
	return /^\d+$/.test(text) ? text : undefined;
}

/** The item's Alert ID parameter, or a clear error when it is not a number. */
export function requireAlertId(ctx: IExecuteFunctions, itemIndex: number): string {
	const id = numericId(ctx.getNodeParameter('alertId', itemIndex));
	if (!id) throw new NodeOperationError(ctx.getNode(), 'Alert ID must be a number', { itemIndex });
	return id;
}
