import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	alertSourceFilterProperty,
	checkOpenAlertProperty,
	commentProperties,
	executeEvent,
	keyAndSummaryProperties,
} from './common';

const displayOptions = { show: { resource: ['event'], operation: ['comment'] } };

export const description: INodeProperties[] = [
	...keyAndSummaryProperties('comment'),
	...updateDisplayOptions(displayOptions, commentProperties()),
	checkOpenAlertProperty('comment'),
	alertSourceFilterProperty('comment'),
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeEvent.call(this, 'COMMENT', items);
}
