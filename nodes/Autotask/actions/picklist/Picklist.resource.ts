import type { INodeProperties } from 'n8n-workflow';

import * as getValues from './getValues.operation';

export { getValues };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['picklist'] } },
		options: [
			{
				name: 'Get Values',
				value: 'getValues',
				description: "Get the values (ID and label) of an entity field's picklist",
				action: 'Get picklist values',
			},
		],
		default: 'getValues',
	},
	...getValues.description,
];
