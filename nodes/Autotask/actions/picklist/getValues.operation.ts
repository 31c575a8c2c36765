import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import { getPicklist } from '../../../shared/transport/autotask';

const properties: INodeProperties[] = [
	{
		displayName: 'Entity',
		name: 'entity',
		type: 'string',
		required: true,
		default: 'Tickets',
		placeholder: 'Tickets',
		description: 'Autotask entity, as in the REST URL (Tickets, TicketNotes, Companies, …)',
	},
	{
		displayName: 'Field',
		name: 'field',
		type: 'string',
		required: true,
		default: 'status',
		placeholder: 'status',
		description: 'Picklist field of the entity (status, priority, queueID, noteType, …)',
	},
	{
		displayName: 'Include Inactive',
		name: 'includeInactive',
		type: 'boolean',
		default: false,
		description: 'Whether to include values that are no longer active',
	},
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['picklist'], operation: ['getValues'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const entity = String(this.getNodeParameter('entity', i, '') ?? '').trim();
		const field = String(this.getNodeParameter('field', i, '') ?? '').trim();
		if (!/^[A-Za-z]+$/.test(entity) || !/^[A-Za-z0-9]+$/.test(field)) {
			throw new NodeOperationError(this.getNode(), 'Entity and Field must be Autotask API names', {
				itemIndex: i,
			});
		}
		const includeInactive = this.getNodeParameter('includeInactive', i, false) as boolean;
		const values = await getPicklist(this, entity, field, { itemIndex: i });
		return values
			.filter((v) => includeInactive || v.isActive !== false)
			.map((v) => ({ json: { entity, field, ...v }, pairedItem: { item: i } }));
	});
}
