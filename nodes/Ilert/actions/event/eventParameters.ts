/**
 * The parameters the ilert event operations share (alert key, summary, comment, the open-alert
 * check) and their readers.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { alertSourceParameter } from '../../../shared/parameters';
import { defaultAlertKey } from '../../helpers/eventDefaults';

const SUMMARY_HINTS: Record<string, string> = {
	create: 'Leave empty to use "[ticket number] title" of the incoming ticket',
	accept: 'Leave empty to use "[ticket number] title: accepted in Autotask (status)"',
	resolve: 'Leave empty to use "[ticket number] title: resolved in Autotask (status)"',
	comment: 'Leave empty to use "[ticket number] title: comment from Autotask"',
};

/**
 * The alert key and summary parameters every event operation has. Both fill themselves from the
 * incoming item; the `hint` shows that under the field, not only in the hover text.
 */
export function keyAndSummaryProperties(operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Alert Key',
			name: 'alertKey',
			type: 'string',
			default: '',
			placeholder: 'autotask-123456',
			description:
				"Key that ties the event to the alert. Leave empty to use the Ticket Lifecycle's key, or autotask-&lt;ticket ID&gt; for an Autotask Trigger or Autotask node item.",
			hint: 'Leave empty to use the key of the incoming ticket (autotask-&lt;ticket ID&gt;)',
			displayOptions: { show: { resource: ['event'], operation: [operation] } },
		},
		{
			displayName: 'Summary',
			name: 'summary',
			type: 'string',
			default: '',
			placeholder: '[T20261128.0042] Server down',
			description:
				'Alert summary. Leave empty for "[ticket number] title" from the incoming ticket. ilert requires a summary for every event type, so one is always sent.',
			hint: SUMMARY_HINTS[operation],
			displayOptions: { show: { resource: ['event'], operation: [operation] } },
		},
	];
}

/** "Comment" and "Comment Author": what a COMMENT event adds (Alert Event › Comment, Alert › Add Comment). */
export function commentProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Comment',
			name: 'comment',
			type: 'string',
			typeOptions: { rows: 3 },
			required: true,
			default: '',
			description: "Text added to the alert's comments",
		},
		{
			displayName: 'Comment Author',
			name: 'commentCreator',
			type: 'string',
			default: 'Autotask',
			description: "Name shown as the comment's creator",
		},
	];
}

/** The item's comment (fails when empty) and its author (default "Autotask"). */
export function commentFromParameters(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { creator: string; content: string } {
	const content = stringParam(ctx, 'comment', itemIndex);
	if (content === '') {
		throw new NodeOperationError(ctx.getNode(), 'The comment is empty', { itemIndex });
	}
	return { creator: stringParam(ctx, 'commentCreator', itemIndex) || 'Autotask', content };
}

/** "Check Open Alert First" for accept/resolve/comment. */
export function checkOpenAlertProperty(operation: string): INodeProperties {
	return {
		displayName: 'Check Open Alert First',
		name: 'checkOpenAlert',
		type: 'boolean',
		default: true,
		description:
			'Whether to look the alert up with the ilert API first (needs the ilert API credential) and report a no-op, without sending the event, when there is no open alert. Without the check ilert answers 202 whether or not an alert was open.',
		displayOptions: { show: { resource: ['event'], operation: [operation] } },
	};
}

/** Alert source to search when checking for the open alert (alert keys are per source). */
export function alertSourceFilterProperty(operation: string): INodeProperties {
	return alertSourceParameter({
		name: 'alertSourceId',
		description:
			'Alert source the integration key belongs to, to search only its alerts. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: {
			show: { resource: ['event'], operation: [operation], checkOpenAlert: [true] },
		},
	});
}

/** A string parameter, trimmed; '' when empty. */
export function stringParam(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === undefined || value === null) return '';
	return String(value).trim();
}

/** Alert key: parameter, else the item's lifecycle/ticket (through the shared convention). */
export function resolveAlertKey(
	ctx: IExecuteFunctions,
	item: IDataObject,
	itemIndex: number,
): string {
	const given = stringParam(ctx, 'alertKey', itemIndex);
	if (given !== '') return given;
	let fromItem: string | undefined;
	try {
		fromItem = defaultAlertKey(item);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
	}
	if (!fromItem) {
		throw new NodeOperationError(ctx.getNode(), 'No alert key', {
			itemIndex,
			description:
				'Set "Alert Key", or feed this node an item from the Autotask Trigger, the Ticket Lifecycle or the Autotask node (the key is then autotask-<ticket ID>).',
		});
	}
	return fromItem;
}
