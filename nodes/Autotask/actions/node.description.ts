import type { INodeProperties } from 'n8n-workflow';

import * as picklist from './picklist/Picklist.resource';
import * as resource from './resource/Resource.resource';
import * as ticket from './ticket/Ticket.resource';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Picklist', value: 'picklist' },
			{ name: 'Resource', value: 'resource', description: 'Technicians and other Autotask users' },
			{ name: 'Ticket', value: 'ticket' },
		],
		default: 'ticket',
	},
	...ticket.description,
	...picklist.description,
	...resource.description,
];
