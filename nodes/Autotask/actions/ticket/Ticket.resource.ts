import type { INodeProperties } from 'n8n-workflow';

import * as addNote from './addNote.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { addNote, get, getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ticket'] } },
		options: [
			{ name: 'Add Note', value: 'addNote', description: 'Add a note to a ticket', action: 'Add a note to a ticket' },
			{ name: 'Get', value: 'get', description: 'Get a ticket by ID or number', action: 'Get a ticket' },
			{ name: 'Get Many', value: 'getMany', description: 'Query tickets', action: 'Get many tickets' },
			{
				name: 'Update',
				value: 'update',
				description: 'Change status, priority, assignment or any other field',
				action: 'Update a ticket',
			},
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
	...update.description,
	...addNote.description,
];
