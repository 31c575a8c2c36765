import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import { resourcesByEmail } from '../../../shared/transport/autotask';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description:
			"Email address to look up (e.g. the ilert responder's, from the ilert Trigger's alert.assignee.email)",
	},
	{
		displayName: 'Include Inactive',
		name: 'includeInactive',
		type: 'boolean',
		default: false,
		description: 'Whether to also return inactive resources',
	},
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['resource'], operation: ['findByEmail'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const email = String(this.getNodeParameter('email', i, '') ?? '').trim();
		if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
			throw new NodeOperationError(this.getNode(), `"${email}" is not an email address`, {
				itemIndex: i,
			});
		}
		const includeInactive = this.getNodeParameter('includeInactive', i, false) as boolean;
		const found = (await resourcesByEmail(this, email, i)).filter(
			(r) => includeInactive || (r.isActive !== false && r.isActive !== 0),
		);
		return found.map((resource) => ({ json: resource, pairedItem: { item: i } }));
	});
}
