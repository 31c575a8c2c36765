import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import { requireTicket, ticketIdProperty } from './shared';

export const description: INodeProperties[] = [ticketIdProperty(['get'])];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => [
		{ json: await requireTicket(this, i), pairedItem: { item: i } },
	]);
}
