import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['alertSource'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List alert sources',
				action: 'Get many alert sources',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
