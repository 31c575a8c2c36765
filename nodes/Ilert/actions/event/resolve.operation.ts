import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	alertSourceFilterProperty,
	checkOpenAlertProperty,
	keyAndSummaryProperties,
} from './eventParameters';
import { executeEvent } from './sendEvent';

export const description: INodeProperties[] = [
	...keyAndSummaryProperties('resolve'),
	checkOpenAlertProperty('resolve'),
	alertSourceFilterProperty('resolve'),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeEvent.call(this, 'RESOLVE', items);
}
