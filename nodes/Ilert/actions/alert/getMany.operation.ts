import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import {
	alertSourceParameter,
	commaSeparated,
	isoDateParameter,
	returnAllOrLimitProperties,
	resultLimit,
} from '../../../shared/parameters';
import { listIlertAlerts } from '../../../shared/transport/ilert';

export const ALERT_STATES = [
	{ name: 'Accepted', value: 'ACCEPTED' },
	{ name: 'Pending', value: 'PENDING' },
	{ name: 'Resolved', value: 'RESOLVED' },
];

const properties: INodeProperties[] = [
	...returnAllOrLimitProperties(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			alertSourceParameter({
				name: 'sources',
				multiple: true,
				description:
					'Only alerts of these alert sources. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			}),
			{
				displayName: 'From',
				name: 'from',
				type: 'dateTime',
				default: '',
				description: 'Only alerts reported at or after this time',
			},
			{
				displayName: 'Responder User IDs',
				name: 'responders',
				type: 'string',
				default: '',
				description: 'Only alerts with these responders (comma-separated ilert user IDs)',
			},
			{
				displayName: 'States',
				name: 'states',
				type: 'multiOptions',
				options: ALERT_STATES,
				default: [],
				description: 'Only alerts in these states',
			},
			{
				displayName: 'Until',
				name: 'until',
				type: 'dateTime',
				default: '',
				description: 'Only alerts reported before this time',
			},
		],
	},
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['alert'], operation: ['getMany'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const limit = resultLimit(this, i);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		const responders = commaSeparated(filters.responders);
		if (responders.length > 0) qs.responders = responders;
		const from = isoDateParameter(filters.from);
		if (from) qs.from = from;
		const until = isoDateParameter(filters.until);
		if (until) qs.until = until;
		const alerts = await listIlertAlerts(this, {
			states: (filters.states as Array<'PENDING' | 'ACCEPTED' | 'RESOLVED'> | undefined) ?? [],
			sources: ((filters.sources as Array<string | number> | undefined) ?? []).map(String),
			qs,
			returnAll: limit === undefined,
			limit,
			itemIndex: i,
		});
		return alerts.map((alert) => ({ json: alert, pairedItem: { item: i } }));
	});
}
