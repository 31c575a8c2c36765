import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem } from '../../../shared/nodeErrors';
import { defaultPicklistValue } from '../../../shared/domain/picklist';
import { resolvePicklistValue } from '../../helpers/picklist';
import { createTicketNote, getPicklist } from '../../../shared/transport/autotask';
import { requireTicket, ticketIdProperty } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: 'ilert',
		description: 'Note title (some ticket categories require one)',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: "Note text (plain text: Autotask's API does not take rich text)",
	},
	{
		displayName: 'Note Type Name or ID',
		name: 'noteType',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getNoteTypes' },
		default: '',
		description:
			'Leave empty for the tenant\'s default note type. A label also works. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Publish Name or ID',
		name: 'publish',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getNotePublish' },
		default: '',
		description:
			'Who can see the note. Leave empty for the tenant\'s default. A label also works. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

export const description: INodeProperties[] = [
	ticketIdProperty(['addNote']),
	...updateDisplayOptions({ show: { resource: ['ticket'], operation: ['addNote'] } }, properties),
];

async function noteField(
	ctx: IExecuteFunctions,
	field: 'noteType' | 'publish',
	label: string,
	itemIndex: number,
): Promise<number> {
	const given = ctx.getNodeParameter(field, itemIndex, '');
	if (given !== undefined && given !== null && String(given).trim() !== '') {
		return await resolvePicklistValue(ctx, 'TicketNotes', field, label, given, itemIndex);
	}
	const values = await getPicklist(ctx, 'TicketNotes', field, { itemIndex });
	const chosen = defaultPicklistValue(values);
	if (!chosen) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Autotask lists no ${label} values for ticket notes`,
			{ itemIndex },
		);
	}
	return Number(chosen.value);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => {
		const description = String(this.getNodeParameter('description', i, '') ?? '');
		if (description.trim() === '') {
			throw new NodeOperationError(this.getNode(), 'The note description is empty', {
				itemIndex: i,
			});
		}
		const ticket = await requireTicket(this, i);
		const ticketID = Number(ticket.id);
		const body: IDataObject = {
			ticketID,
			title: String(this.getNodeParameter('title', i, '') ?? ''),
			description,
			noteType: await noteField(this, 'noteType', 'note type', i),
			publish: await noteField(this, 'publish', 'publish setting', i),
		};
		const response = await createTicketNote(this, ticketID, body, i);
		return [
			{
				json: { id: response.itemId ?? null, ...body, ticketNumber: ticket.ticketNumber },
				pairedItem: { item: i },
			},
		];
	});
}
