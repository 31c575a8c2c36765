import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import { alertSourceParameter } from '../../../shared/parameters';
import { findAlertsByKey } from '../../../shared/transport/ilert';
import { ALERT_STATES } from './getMany.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Alert Key',
		name: 'alertKey',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'autotask-123456',
		description: 'The key to look for (compared case-insensitively, as ilert does)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			alertSourceParameter({
				name: 'alertSourceId',
				description:
					'Search only this alert source (alert keys are unique per source). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			}),
			{
				displayName: 'States',
				name: 'states',
				type: 'multiOptions',
				options: ALERT_STATES,
				default: ['PENDING', 'ACCEPTED'],
				description: 'States to search; by default only open alerts',
			},
			{
				displayName: 'Return All Matches',
				name: 'allMatches',
				type: 'boolean',
				default: false,
				description: 'Whether to return every matching alert instead of only the newest',
			},
		],
	},
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['alert'], operation: ['findByKey'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const alertKey = String(this.getNodeParameter('alertKey', i, '') ?? '').trim();
		if (alertKey === '')
			throw new NodeOperationError(this.getNode(), 'Alert Key is empty', { itemIndex: i });
		const options = this.getNodeParameter('options', i, {}) as {
			alertSourceId?: string | number;
			states?: string[];
			allMatches?: boolean;
		};
		const states =
			options.states && options.states.length > 0 ? options.states : ['PENDING', 'ACCEPTED'];
		const source = String(options.alertSourceId ?? '').trim();
		const found = await findAlertsByKey(this, alertKey, {
			states,
			alertSourceId: source === '' ? undefined : source,
			itemIndex: i,
		});
		const chosen = options.allMatches ? found : found.slice(0, 1);
		return chosen.map((alert) => ({ json: alert, pairedItem: { item: i } }));
	});
}
