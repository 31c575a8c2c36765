import type { INodeProperties } from 'n8n-workflow';

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
