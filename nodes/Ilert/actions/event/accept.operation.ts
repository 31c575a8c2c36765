import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	alertSourceFilterProperty,
	checkOpenAlertProperty,
	keyAndSummaryProperties,
} from './eventParameters';
import { executeEvent } from './sendEvent';

export const description: INodeProperties[] = [
	...keyAndSummaryProperties('accept'),
	checkOpenAlertProperty('accept'),
	alertSourceFilterProperty('accept'),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeEvent.call(this, 'ACCEPT', items);
}
