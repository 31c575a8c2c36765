import type { INodeProperties } from 'n8n-workflow';

import * as accept from './accept.operation';
import * as addComment from './addComment.operation';
import * as assign from './assign.operation';
import * as findByKey from './findByKey.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as resolve from './resolve.operation';

export { accept, addComment, assign, findByKey, get, getMany, resolve };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['alert'] } },
		options: [
			{
				name: 'Accept',
				value: 'accept',
				description: 'Accept an alert by ID (no-op if already accepted or resolved)',
				action: 'Accept an alert',
			},
			{
				name: 'Add Comment',
				value: 'addComment',
				description: 'Comment on an alert by ID',
				action: 'Add a comment to an alert',
			},
			{
				name: 'Assign',
				value: 'assign',
				description: 'Assign an alert to a user, escalation policy or schedule',
				action: 'Assign an alert',
			},
			{
				name: 'Find by Alert Key',
				value: 'findByKey',
				description: 'Find the open alert with an alert key',
				action: 'Find an alert by alert key',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an alert by ID',
				action: 'Get an alert',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List alerts',
				action: 'Get many alerts',
			},
			{
				name: 'Resolve',
				value: 'resolve',
				description: 'Resolve an alert by ID (no-op if already resolved)',
				action: 'Resolve an alert',
			},
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
	...findByKey.description,
	...accept.description,
	...resolve.description,
	...assign.description,
	...addComment.description,
];
