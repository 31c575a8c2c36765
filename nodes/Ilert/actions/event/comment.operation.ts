import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	alertSourceFilterProperty,
	checkOpenAlertProperty,
	commentFromParameters,
	commentProperties,
	keyAndSummaryProperties,
} from './eventParameters';
import { executeEvent, type EventFields } from './sendEvent';

const displayOptions = { show: { resource: ['event'], operation: ['comment'] } };

export const description: INodeProperties[] = [
	...keyAndSummaryProperties('comment'),
	...updateDisplayOptions(displayOptions, commentProperties()),
	checkOpenAlertProperty('comment'),
	alertSourceFilterProperty('comment'),
];

const addComment: EventFields = (ctx, body, _item, _ticket, itemIndex) => {
	body.comments = [commentFromParameters(ctx, itemIndex)];
};

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeEvent.call(this, 'COMMENT', items, addComment);
}
