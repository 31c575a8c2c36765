import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeEvent, keyAndSummaryProperties } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Details',
		name: 'details',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description:
			'Alert details (Markdown). Leave empty for the ticket description, company, queue, contact, status, priority and a link to the ticket.',
		hint: 'Leave empty to use the ticket\'s description, company, queue, contact, status, priority and link',
	},
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'options',
		options: [
			{
				name: 'Alert Source Default',
				value: 'sourceDefault',
				description: 'Send no priority: the alert source decides',
			},
			{ name: 'From Ticket Lifecycle', value: 'lifecycle', description: 'The lifecycle\'s ilertPriority, if the item has one' },
			{ name: 'High', value: 'HIGH' },
			{ name: 'Low', value: 'LOW' },
		],
		default: 'lifecycle',
		description:
			'Alert priority. ilert applies it only where the alert source allows event priorities (source priority High, or a priority template).',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Custom Details (JSON)',
				name: 'customDetails',
				type: 'json',
				default: '',
				description:
					'Free-form object shown in ilert and usable in its templates and conditions. Leave empty for the ticket\'s labelled fields under "autotask".',
				hint: 'Leave empty to send the ticket\'s labelled fields under "autotask"',
			},
			{
				displayName: 'Include Ticket Fields',
				name: 'includeTicketFields',
				type: 'boolean',
				default: true,
				description: 'Whether to send the ticket\'s labelled fields as custom details when Custom Details is empty',
			},
			{
				displayName: 'Include Ticket Link',
				name: 'includeTicketLink',
				type: 'boolean',
				default: true,
				description: 'Whether to add a link to the ticket in the Autotask web UI',
			},
			{
				displayName: 'Links',
				name: 'links',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Link',
				options: [
					{
						displayName: 'Link',
						name: 'link',
						values: [
							{ displayName: 'URL', name: 'href', type: 'string', default: '' },
							{ displayName: 'Text', name: 'text', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Routing Key',
				name: 'routingKey',
				type: 'string',
				default: '',
				description: 'Selects the escalation policy with this routing key when the event opens a new alert',
			},
			{
				displayName: 'Severity',
				name: 'severity',
				type: 'options',
				options: [
					{ name: '1 (Highest)', value: 1 },
					{ name: '2', value: 2 },
					{ name: '3', value: 3 },
					{ name: '4', value: 4 },
					{ name: '5 (Lowest)', value: 5 },
				],
				default: 3,
				description: 'Overrides the severity ilert evaluates for the alert',
			},
		],
	},
];

const displayOptions = { show: { resource: ['event'], operation: ['create'] } };

export const description: INodeProperties[] = [
	...keyAndSummaryProperties('create'),
	...updateDisplayOptions(displayOptions, properties),
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeEvent.call(this, 'ALERT', items);
}
