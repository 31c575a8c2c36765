import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import { returnAllOrLimitProperties, resultLimit } from '../../../shared/parameters';
import { listAlertSources } from '../../../shared/transport/ilert';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['alertSource'], operation: ['getMany'] } },
	returnAllOrLimitProperties(),
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const sources = await listAlertSources(this, resultLimit(this, i), i);
		return sources.map((source) => ({ json: source, pairedItem: { item: i } }));
	});
}
