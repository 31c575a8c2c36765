import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import { assignAlert } from '../../../shared/transport/ilert';
import { alertIdProperty, numericId, requireAlertId } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Assign To',
		name: 'assignTo',
		type: 'options',
		options: [
			{ name: 'Escalation Policy', value: 'policy' },
			{ name: 'On-Call Schedule', value: 'schedule' },
			{ name: 'User', value: 'user' },
		],
		default: 'user',
		description: 'What the alert is assigned to',
	},
	{
		displayName: 'Assignee ID',
		name: 'assigneeId',
		type: 'string',
		required: true,
		default: '',
		description: 'Numeric ID of the ilert user, escalation policy or schedule',
	},
];

export const description: INodeProperties[] = [
	alertIdProperty(['assign']),
	...updateDisplayOptions({ show: { resource: ['alert'], operation: ['assign'] } }, properties),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const id = requireAlertId(this, i);
		const assignTo = this.getNodeParameter('assignTo', i, 'user') as 'user' | 'policy' | 'schedule';
		const assignee = numericId(this.getNodeParameter('assigneeId', i, ''));
		if (!assignee)
			throw new NodeOperationError(this.getNode(), 'Assignee ID must be a number', {
				itemIndex: i,
			});
		const alert = await assignAlert(this, id, assignTo, assignee, i);
		return [{ json: alert, pairedItem: { item: i } }];
	});
}
