import type { INodeProperties } from 'n8n-workflow';

import * as addNote from './addNote.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getToReconcile from './getToReconcile.operation';
import * as update from './update.operation';

export { addNote, get, getMany, getToReconcile, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ticket'] } },
		options: [
			{
				name: 'Add Note',
				value: 'addNote',
				description: 'Add a note to a ticket',
				action: 'Add a note to a ticket',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a ticket by ID or number',
				action: 'Get a ticket',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Query tickets',
				action: 'Get many tickets',
			},
			{
				name: 'Get Tickets to Reconcile',
				value: 'getToReconcile',
				description:
					'The tickets of open ilert alerts and the recently changed tickets, with their alert state, for the Ticket Lifecycle (run on a schedule)',
				action: 'Get tickets to reconcile',
			},
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
	...getToReconcile.description,
	...update.description,
	...addNote.description,
];
