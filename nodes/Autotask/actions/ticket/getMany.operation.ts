import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import {
	commaSeparated,
	isoDateParameter,
	returnAllOrLimitProperties,
	resultLimit,
} from '../../../shared/parameters';
import { AUTOTASK_MAX_PAGE_SIZE, autotaskQuery } from '../../../shared/transport/autotask';

const properties: INodeProperties[] = [
	...returnAllOrLimitProperties(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Assigned Resource Name or ID',
				name: 'assignedResourceId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getResources' },
				default: '',
				description:
					'Only tickets assigned to this resource. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Company ID',
				name: 'companyId',
				type: 'number',
				default: 0,
				description: 'Only tickets of this company',
			},
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Custom Filter (JSON)',
				name: 'customFilter',
				type: 'json',
				default: '',
				placeholder: '[{"op":"contains","field":"title","value":"server"}]',
				description:
					'Extra Autotask query conditions (array of {op, field, value}), combined with the other filters',
			},
			{
				displayName: 'Last Activity After',
				name: 'lastActivityAfter',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Priority Names or IDs',
				name: 'priorities',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getPriorities' },
				default: [],
				description:
					'Only tickets with these priorities. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Queue Names or IDs',
				name: 'queues',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getQueues' },
				default: [],
				description:
					'Only tickets in these queues. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Status Names or IDs',
				name: 'statuses',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getStatuses' },
				default: [],
				description:
					'Only tickets with these statuses. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Fields',
				name: 'includeFields',
				type: 'string',
				default: '',
				placeholder: 'ticketNumber,title,status',
				description: 'Comma-separated fields to return (all fields if empty)',
			},
		],
	},
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['ticket'], operation: ['getMany'] } },
	properties,
);

function ids(value: unknown): number[] {
	const list = Array.isArray(value)
		? value
		: value === undefined || value === ''
			? []
			: String(value).split(',');
	return list.map((v) => Number(String(v).trim())).filter((n) => Number.isInteger(n));
}

/** Builds the Autotask query filter from the node's filters. */
export function buildTicketFilter(
	ctx: IExecuteFunctions,
	filters: IDataObject,
	itemIndex: number,
): IDataObject[] {
	const out: IDataObject[] = [];
	const inOrEq = (field: string, values: number[]) => {
		if (values.length === 1) out.push({ op: 'eq', field, value: values[0] });
		else if (values.length > 1) out.push({ op: 'in', field, value: values });
	};
	inOrEq('status', ids(filters.statuses));
	inOrEq('priority', ids(filters.priorities));
	inOrEq('queueID', ids(filters.queues));
	inOrEq('assignedResourceID', ids(filters.assignedResourceId));
	if (typeof filters.companyId === 'number' && filters.companyId > 0) {
		out.push({ op: 'eq', field: 'companyID', value: filters.companyId });
	}
	const created = isoDateParameter(filters.createdAfter);
	if (created) out.push({ op: 'gt', field: 'createDate', value: created });
	const activity = isoDateParameter(filters.lastActivityAfter);
	if (activity) out.push({ op: 'gt', field: 'lastActivityDate', value: activity });
	if (filters.customFilter !== undefined && filters.customFilter !== '') {
		let custom: unknown = filters.customFilter;
		if (typeof custom === 'string') {
			try {
				custom = JSON.parse(custom);
			} catch {
				custom = undefined;
			}
		}
		if (!Array.isArray(custom) || custom.some((c) => !c || typeof c !== 'object')) {
			throw new NodeOperationError(
				ctx.getNode(),
				'Custom Filter must be a JSON array of {op, field, value}',
				{
					itemIndex,
				},
			);
		}
		out.push(...(custom as IDataObject[]));
	}
	// Autotask requires a filter: "every ticket" is id >= 0.
	if (out.length === 0) out.push({ op: 'gte', field: 'id', value: 0 });
	return out;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const limit = resultLimit(this, i);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const includeFields = commaSeparated(options.includeFields);
		if (includeFields.length > 0 && !includeFields.some((f) => f.toLowerCase() === 'id'))
			includeFields.unshift('id');
		const tickets = await autotaskQuery(
			this,
			'Tickets',
			{
				filter: buildTicketFilter(this, filters, i),
				...(includeFields.length > 0 ? { includeFields } : {}),
				...(limit === undefined ? {} : { maxRecords: Math.min(AUTOTASK_MAX_PAGE_SIZE, limit) }),
			},
			limit === undefined
				? { returnAll: true, itemIndex: i }
				: { returnAll: false, limit, itemIndex: i },
		);
		const chosen = limit === undefined ? tickets : tickets.slice(0, limit);
		return chosen.map((ticket) => ({ json: ticket, pairedItem: { item: i } }));
	});
}
