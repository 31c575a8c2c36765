import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { alertIdProperty } from './shared';
import { transition } from './transition';

export const description: INodeProperties[] = [alertIdProperty(['accept'])];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await transition.call(this, 'accept', items);
}
