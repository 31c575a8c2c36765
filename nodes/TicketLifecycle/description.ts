/**
 * The Ticket Lifecycle node's parameters. The input parameters default to the Autotask
 * Trigger's output (see itemInputs.ts).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { STATUS_CLASSES, STATUS_CLASS_IDS } from '../shared/domain/statusClasses';
import { alertSourceParameter, statusClassesParameter } from '../shared/parameters';

const ILERT_PRIORITY_OPTIONS: INodePropertyOptions[] = [
	{ name: 'High', value: 'HIGH' },
	{ name: 'Low', value: 'LOW' },
];

const CLASS_OPTIONS: INodePropertyOptions[] = STATUS_CLASS_IDS.map((id) => ({
	name: STATUS_CLASSES[id].name,
	value: id,
	description: STATUS_CLASSES[id].description,
})).sort((a, b) => a.name.localeCompare(b.name));

/** The preset status classes, shown in the node so nobody needs the README to know them. */
const STATUS_CLASSES_NOTICE = `Preset status classes: ${STATUS_CLASS_IDS.map((id) => {
	const info = STATUS_CLASSES[id];
	const labels = info.presetLabels.length > 0 ? info.presetLabels.join(', ') : 'every other status';
	return `${info.name} (${labels}): ${info.description.toLowerCase()}`;
}).join('. ')}. Add your own statuses under Status Classes.`;

export const properties: INodeProperties[] = [
	{
		displayName:
			'Follows ilert\'s documented Autotask lifecycle. Connect Create, Accept and Resolve to ilert actions; Reject means "no alert may be created in this status" (ilert answers 400). Every output item starts with lifecycle.rule, one sentence saying why.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: STATUS_CLASSES_NOTICE,
		name: 'statusClassesNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Alert State',
		name: 'alertState',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Assume None',
				value: 'assumeNone',
				description:
					'Decide from event and status alone, as if the ticket had no alert: updates never accept or resolve',
			},
			{
				name: 'From Input',
				value: 'input',
				description: 'An expression gives none, pending, accepted or resolved',
			},
			{
				name: 'Look Up',
				value: 'lookup',
				description:
					"Find the ticket's alert in ilert by its alert key, in the chosen alert source",
			},
		],
		default: 'lookup',
		description: "How the node learns the state of the ticket's ilert alert",
	},
	alertSourceParameter({
		name: 'alertSourceId',
		required: true,
		displayOptions: { show: { alertState: ['lookup'] } },
		description:
			'The ilert alert source the alerts are sent to. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	}),
	{
		displayName: 'Alert State Value',
		name: 'alertStateValue',
		type: 'string',
		default: '={{ $json.alertState }}',
		required: true,
		displayOptions: { show: { alertState: ['input'] } },
		description:
			"The alert's state: none, pending, accepted or resolved (ilert's PENDING etc. work too).",
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'string',
		default: '={{ $json.event }}',
		description: 'Created, updated or deleted. Defaults to the Autotask Trigger output.',
	},
	{
		displayName: 'Ticket ID',
		name: 'ticketId',
		type: 'string',
		default: '={{ $json.ticket?.id }}',
		description: 'The Autotask ticket ID, which gives the ilert alert key autotask-&lt;ID&gt;',
	},
	{
		displayName: 'Status Label',
		name: 'statusLabel',
		type: 'string',
		default: '={{ $json.ticket?.status?.label }}',
		description: 'The ticket status as the tenant names it (trimmed, case-insensitive)',
	},
	{
		displayName: 'Status ID',
		name: 'statusId',
		type: 'string',
		default: '={{ $json.ticket?.status?.id }}',
		description:
			"The ticket status picklist ID; named through the tenant's picklist when no label is given",
	},
	{
		displayName: 'Priority Label',
		name: 'priorityLabel',
		type: 'string',
		default: '={{ $json.ticket?.priority?.label }}',
		description:
			'The ticket priority label: Low maps to LOW; High, Medium and Critical map to HIGH',
	},
	{
		displayName: 'Priority ID',
		name: 'priorityId',
		type: 'string',
		default: '={{ $json.ticket?.priority?.id }}',
		description:
			"The ticket priority picklist ID; named through the tenant's picklist when no label is given",
	},
	{
		displayName: 'Output Unchanged Items',
		name: 'outputUnchanged',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description:
			'Whether to add a fifth output, Unchanged, for items that need no ilert action. When off, they are not output and the node shows a hint with their count.',
	},
	statusClassesParameter({
		displayName: 'Status Classes',
		name: 'statusOverrides',
		description:
			"Assign the tenant's own or renamed statuses to a class; these win over the preset",
		statusMayBeLabel: true,
		classOptions: CLASS_OPTIONS,
		defaultClass: 'closed',
		classDescription: 'How tickets in this status are treated',
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Priority Mapping',
				name: 'priorityOverrides',
				type: 'fixedCollection',
				placeholder: 'Add Priority',
				typeOptions: { multipleValues: true },
				default: {},
				description:
					'Map tenant priorities (label or ID) to ilert priorities; these win over the preset',
				options: [
					{
						name: 'values',
						displayName: 'Priority',
						values: [
							{
								displayName: 'Autotask Priority Name or ID',
								name: 'priority',
								type: 'options',
								typeOptions: { loadOptionsMethod: 'getPriorities' },
								default: '',
								description:
									'A priority of the tenant; an expression may also give its label. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
							},
							{
								displayName: 'Alert Priority',
								description: 'The ilert alert priority',
								name: 'ilertPriority',
								type: 'options',
								options: ILERT_PRIORITY_OPTIONS,
								default: 'HIGH',
							},
						],
					},
				],
			},
			{
				displayName: 'Re-Alert Reopened Tickets',
				name: 'reAlertReopened',
				type: 'boolean',
				default: false,
				description:
					'Whether a ticket reopened after its alert was resolved creates a new alert. Off: a resolved alert counts as existing and nothing happens.',
			},
			{
				displayName: 'Resolved Alert Look-Back (Days)',
				name: 'resolvedLookbackDays',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description:
					'Look Up in ilert: how far back resolved alerts are searched, by report time, when a ticket has no open alert',
			},
			{
				displayName: 'Resolved Alerts Searched (Max)',
				name: 'maxResolvedAlerts',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 500,
				description:
					'Look Up in ilert: at most this many resolved alerts are listed per execution (100 per request)',
			},
			{
				displayName: 'Unknown Priority',
				name: 'unknownPriority',
				type: 'options',
				options: ILERT_PRIORITY_OPTIONS,
				default: 'HIGH',
				description:
					'Alert priority in ilert for a priority that is not Low, Medium, High or Critical and not mapped. High: waking someone is safer than missing an outage.',
			},
		],
	},
];
