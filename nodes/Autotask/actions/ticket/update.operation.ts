import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	STATUS_CLASS_IDS,
	STATUS_CLASSES,
	type StatusClass,
} from '../../../shared/domain/statusClasses';
import { forEachItem } from '../../../shared/nodeErrors';
import { statusClassesParameter } from '../../../shared/parameters';
import { requireAllowedScope, statusMove, type StatusMove } from '../../helpers/wayBackGuards';
import { getTicket, patchTicket } from '../../../shared/transport/autotask';
import { requireTicket, ticketIdProperty } from './shared';
import { isEmpty, requestedChanges } from './updateChanges';

/** Status classes as Only Move Forward orders them (New, then In Progress / Waiting, then Complete). */
const FORWARD_ORDER: Record<StatusClass, string> = {
	new: 'First: may move to In Progress, a Waiting status or Complete',
	inProgress: 'Second: may only be completed',
	onHold: 'Second (level with In Progress): may only be completed',
	closed: 'Last: never changed',
	other: 'Unknown place: may only be completed',
};

const FORWARD_CLASS_OPTIONS = STATUS_CLASS_IDS.map((id) => ({
	name: STATUS_CLASSES[id].name,
	value: id,
	description: FORWARD_ORDER[id],
})).sort((a, b) => a.name.localeCompare(b.name));

const properties: INodeProperties[] = [
	{
		displayName: 'Status Name or ID',
		name: 'status',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getStatuses' },
		default: '',
		description:
			'New status; leave empty to keep it. A label such as "In Progress" also works. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Priority Name or ID',
		name: 'priority',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPriorities' },
		default: '',
		description:
			'New priority; leave empty to keep it. A label also works. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Assigned Resource Name or ID',
				name: 'assignedResourceID',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getResources' },
				default: '',
				description:
					'Technician to assign. Autotask also needs a role: the Assigned Resource Role, or else the resource\'s default service desk role. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Assigned Resource Role ID',
				name: 'assignedResourceRoleID',
				type: 'number',
				default: 0,
				description:
					"Role of the assigned resource. 0 uses the resource's default service desk role.",
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
			{
				displayName: 'Due Date Time',
				name: 'dueDateTime',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Queue Name or ID',
				name: 'queueID',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getQueues' },
				default: '',
				description:
					'A label also works. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
			},
		],
	},
	{
		displayName: 'Other Fields',
		name: 'otherFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		description: 'Any other ticket field, by its API name (e.g. issueType, resolution)',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'resolution',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Numbers, true/false and null are sent as such; anything else as text',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Only Companies',
				name: 'onlyCompanies',
				type: 'string',
				default: '',
				placeholder: '174, 175',
				description:
					'Comma-separated company IDs. A ticket of any other company is not written: the item fails with a clear error. Empty: any company.',
			},
			{
				displayName: 'Only Move Forward',
				name: 'onlyMoveForward',
				type: 'boolean',
				default: false,
				description:
					"Whether to skip (no write, item with skipped: true and the reason) any write that would move the ticket backwards, as read from Autotask just before: a Complete or Denied ticket is never changed, New may go to In Progress or a Waiting/On Hold status, any open ticket may be completed. For the way back from ilert, where the package's own accepts and resolves come back as alert events.",
			},
			statusClassesParameter({
				displayName: 'Only Move Forward: Status Classes',
				name: 'forwardStatusClasses',
				description:
					"Where the tenant's own or renamed statuses stand in the order Only Move Forward uses (as in Ticket Lifecycle's Status Classes). Without an entry a status is placed by its standard label; any other status may only be completed.",
				classOptions: FORWARD_CLASS_OPTIONS,
				defaultClass: 'other',
			}),
			{
				displayName: 'Only Queue Names or IDs',
				name: 'onlyQueues',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getQueues' },
				default: [],
				description:
					'A ticket in any other queue is not written: the item fails with a clear error. Empty: any queue. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Skip Unchanged Fields',
				name: 'skipUnchanged',
				type: 'boolean',
				default: true,
				description:
					"Whether to send only fields whose value differs from the ticket's current value (and nothing at all if none does). Avoids needless updates and webhook echoes.",
			},
		],
	},
];

export const description: INodeProperties[] = [
	ticketIdProperty(['update']),
	...updateDisplayOptions({ show: { resource: ['ticket'], operation: ['update'] } }, properties),
];

function same(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
	if (typeof a === 'number' || typeof b === 'number')
		return Number(a) === Number(b) && !isEmpty(a) && !isEmpty(b);
	if (typeof a === 'string' && typeof b === 'string') {
		const da = Date.parse(a);
		const db = Date.parse(b);
		if (/^\d{4}-\d\d-\d\d/.test(a) && /^\d{4}-\d\d-\d\d/.test(b) && !Number.isNaN(da))
			return da === db;
	}
	return false;
}

/**
 * What to send: the requested fields whose value differs from the ticket's (all of them when
 * Skip Unchanged is off). Resource and role travel together.
 */
function changesToSend(
	ticket: IDataObject,
	requested: IDataObject,
	skipUnchanged: boolean,
): IDataObject {
	const changes: IDataObject = {};
	for (const [field, value] of Object.entries(requested)) {
		if (!skipUnchanged || !same(ticket[field], value)) changes[field] = value;
	}
	if (changes.assignedResourceID !== undefined || changes.assignedResourceRoleID !== undefined) {
		if (requested.assignedResourceID !== undefined)
			changes.assignedResourceID = requested.assignedResourceID;
		if (requested.assignedResourceRoleID !== undefined)
			changes.assignedResourceRoleID = requested.assignedResourceRoleID;
	}
	return changes;
}

/** Each field sent, with the ticket's value before (null when it had none) and the new one. */
function changedFromTo(ticket: IDataObject, changes: IDataObject): IDataObject {
	const changed: IDataObject = {};
	for (const [field, value] of Object.entries(changes))
		changed[field] = { from: ticket[field] ?? null, to: value };
	return changed;
}

function skippedBackwardsMove(ticket: IDataObject, move: StatusMove): IDataObject {
	return {
		id: Number(ticket.id),
		ticketNumber: ticket.ticketNumber,
		noOp: true,
		skipped: true,
		reason: move.decision.reason,
		statusMove: { from: move.from, to: move.to },
		ticket,
	};
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		// Read fresh: every decision below is taken on the ticket as Autotask has it now.
		const ticket = await requireTicket(this, i);
		const id = Number(ticket.id);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		requireAllowedScope(this, ticket, options, i);
		const requested = await requestedChanges(this, i);
		let move: StatusMove | undefined;
		if (options.onlyMoveForward === true && Object.keys(requested).length > 0) {
			move = await statusMove(this, ticket, requested, options, i);
			if (!move.decision.allowed) {
				return [{ json: skippedBackwardsMove(ticket, move), pairedItem: { item: i } }];
			}
		}
		const changes = changesToSend(ticket, requested, options.skipUnchanged !== false);
		const changed = changedFromTo(ticket, changes);
		const moved = move
			? { statusMove: { from: move.from, to: move.to, reason: move.decision.reason } }
			: {};
		if (Object.keys(changes).length === 0) {
			return [
				{
					json: {
						id,
						ticketNumber: ticket.ticketNumber,
						noOp: true,
						reason:
							Object.keys(requested).length === 0
								? 'Nothing to update'
								: 'The ticket already has these values',
						changed,
						...moved,
						ticket,
					},
					pairedItem: { item: i },
				},
			];
		}
		await patchTicket(this, { id, ...changes }, i);
		const after = (await getTicket(this, id, i)) ?? { ...ticket, ...changes };
		return [
			{
				json: {
					id,
					ticketNumber: ticket.ticketNumber,
					noOp: false,
					changed,
					...moved,
					ticket: after,
				},
				pairedItem: { item: i },
			},
		];
	});
}
