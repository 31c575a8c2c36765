import type { INodeProperties } from 'n8n-workflow';

import * as accept from './accept.operation';
import * as comment from './comment.operation';
import * as create from './create.operation';
import * as resolve from './resolve.operation';

export { accept, comment, create, resolve };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Accept',
				value: 'accept',
				description: 'Accept the open alert with this key (ACCEPT event)',
				action: 'Accept an alert by key',
			},
			{
				name: 'Comment',
				value: 'comment',
				description: 'Add a comment to the open alert with this key (COMMENT event)',
				action: 'Comment on an alert by key',
			},
			{
				name: 'Create Alert',
				value: 'create',
				description: 'Open an alert, or add to the open alert with the same key (ALERT event)',
				action: 'Create an alert by key',
			},
			{
				name: 'Resolve',
				value: 'resolve',
				description: 'Resolve the open alert with this key (RESOLVE event)',
				action: 'Resolve an alert by key',
			},
		],
		default: 'create',
	},
	...create.description,
	...accept.description,
	...resolve.description,
	...comment.description,
];
