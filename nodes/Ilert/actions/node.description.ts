import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import * as alert from './alert/Alert.resource';
import * as alertSource from './alertSource/AlertSource.resource';
import * as event from './event/Event.resource';

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Alert',
				value: 'alert',
				description: 'Alerts by ID through the REST API (ilert API credential)',
			},
			{
				name: 'Alert Event',
				value: 'event',
				description:
					'Create, accept, resolve or comment on alerts by alert key (Alert Source credential)',
			},
			{
				name: 'Alert Source',
				value: 'alertSource',
			},
		],
		default: 'event',
	},
	...event.description,
	...alert.description,
	...alertSource.description,
];

/**
 * Credentials. n8n matches a node's credential by type and honours only the first entry of a type,
 * so each type is listed once: the Events API key for alert events; the REST API key for alerts,
 * alert sources and the open-alert check of Accept/Resolve/Comment events.
 */
export const credentials: INodeTypeDescription['credentials'] = [
	{
		name: 'autotaskIlertIlertAlertSourceApi',
		required: true,
		displayOptions: { show: { resource: ['event'] } },
	},
	{
		name: 'autotaskIlertIlertApi',
		required: true,
		displayOptions: {
			show: { resource: ['alert', 'alertSource', 'event'] },
			hide: { operation: ['create'], checkOpenAlert: [false] },
		},
	},
];
