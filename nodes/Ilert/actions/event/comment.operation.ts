import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { alertSourceFilterProperty, checkOpenAlertProperty, executeEvent, keyAndSummaryProperties } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
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

const displayOptions = { show: { resource: ['event'], operation: ['comment'] } };

export const description: INodeProperties[] = [
	...keyAndSummaryProperties('comment'),
	...updateDisplayOptions(displayOptions, properties),
	checkOpenAlertProperty('comment'),
	alertSourceFilterProperty('comment'),
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeEvent.call(this, 'COMMENT', items);
}
