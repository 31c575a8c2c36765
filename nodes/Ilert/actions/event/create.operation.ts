import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { IlertEvent } from '../../../shared/transport/ilert';
import {
	defaultCustomDetails,
	defaultDetails,
	defaultLinks,
	defaultPriority,
	type TicketFacts,
} from '../../helpers/eventDefaults';
import { keyAndSummaryProperties, stringParam } from './eventParameters';
import { executeEvent } from './sendEvent';

const properties: INodeProperties[] = [
	{
		displayName: 'Details',
		name: 'details',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description:
			'Alert details (Markdown). Leave empty for the ticket description, company, queue, contact, status, priority and a link to the ticket.',
		hint: "Leave empty to use the ticket's description, company, queue, contact, status, priority and link",
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
			{
				name: 'From Ticket Lifecycle',
				value: 'lifecycle',
				description: "The lifecycle's ilertPriority, if the item has one",
			},
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
				description:
					"Whether to send the ticket's labelled fields as custom details when Custom Details is empty",
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
				description:
					'Selects the escalation policy with this routing key when the event opens a new alert',
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

function parseJsonParam(
	ctx: IExecuteFunctions,
	value: unknown,
	name: string,
	itemIndex: number,
): IDataObject | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	if (typeof value === 'string') {
		try {
			const parsed = JSON.parse(value) as unknown;
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
				return parsed as IDataObject;
		} catch {
			// reported below
		}
	}
	throw new NodeOperationError(ctx.getNode(), `"${name}" must be a JSON object`, { itemIndex });
}

function alertLinks(
	options: IDataObject,
	ticket: TicketFacts | undefined,
): Array<{ href: string; text: string }> {
	const links: Array<{ href: string; text: string }> =
		options.includeTicketLink === false ? [] : defaultLinks(ticket);
	const extraLinks =
		((options.links as IDataObject | undefined)?.link as IDataObject[] | undefined) ?? [];
	for (const link of extraLinks) {
		const href = String(link.href ?? '').trim();
		if (href) links.push({ href, text: String(link.text ?? '').trim() || href });
	}
	return links;
}

/** The ALERT body beyond key and summary: details, priority, links, custom details, routing key, severity. */
function addAlertFields(
	ctx: IExecuteFunctions,
	body: IlertEvent,
	item: IDataObject,
	ticket: TicketFacts | undefined,
	itemIndex: number,
): void {
	const details = stringParam(ctx, 'details', itemIndex);
	const chosenDetails = details !== '' ? details : defaultDetails(ticket);
	if (chosenDetails) body.details = chosenDetails;

	const priority = String(ctx.getNodeParameter('priority', itemIndex, 'lifecycle') ?? 'lifecycle');
	const chosenPriority =
		priority === 'HIGH' || priority === 'LOW'
			? priority
			: priority === 'lifecycle'
				? defaultPriority(item)
				: undefined;
	if (chosenPriority) body.priority = chosenPriority;

	const options = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const links = alertLinks(options, ticket);
	if (links.length > 0) body.links = links;

	const customDetails =
		parseJsonParam(ctx, options.customDetails, 'Custom Details', itemIndex) ??
		(options.includeTicketFields === false
			? undefined
			: (defaultCustomDetails(item, ticket) as IDataObject | undefined));
	if (customDetails) body.customDetails = customDetails;

	if (typeof options.routingKey === 'string' && options.routingKey.trim() !== '') {
		body.routingKey = options.routingKey.trim();
	}
	const severity = Number(options.severity ?? 0);
	if (Number.isInteger(severity) && severity >= 1 && severity <= 5) body.severity = severity;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeEvent.call(this, 'ALERT', items, addAlertFields);
}
