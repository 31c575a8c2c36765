import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import { getAlert } from '../../../shared/transport/ilert';
import { alertIdProperty, requireAlertId } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include',
				name: 'include',
				type: 'multiOptions',
				options: [
					{ name: 'Custom Details', value: 'customDetails' },
					{ name: 'Escalation Rules', value: 'escalationRules' },
					{ name: 'Next Escalation User', value: 'nextEscalationUser' },
				],
				default: ['customDetails'],
				description: 'Extra fields ilert returns only on request',
			},
		],
	},
];

export const description: INodeProperties[] = [
	alertIdProperty(['get']),
	...updateDisplayOptions({ show: { resource: ['alert'], operation: ['get'] } }, properties),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const id = requireAlertId(this, i);
		const options = this.getNodeParameter('options', i, {}) as { include?: string[] };
		const alert = await getAlert(this, id, options.include ?? ['customDetails'], i);
		return [{ json: alert, pairedItem: { item: i } }];
	});
}
