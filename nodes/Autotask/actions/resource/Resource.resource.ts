import type { INodeProperties } from 'n8n-workflow';

import * as findByEmail from './findByEmail.operation';

export { findByEmail };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['resource'] } },
		options: [
			{
				name: 'Find by Email',
				value: 'findByEmail',
				description: 'Find the resource (technician) with an email address',
				action: 'Find a resource by email',
			},
		],
		default: 'findByEmail',
	},
	...findByEmail.description,
];
