/**
 * The changes a ticket Update asks for, read from its parameters: picklist labels resolved to
 * ids, dates checked, a resource assigned with its role, other fields by their API name.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolvePicklistValue } from '../../helpers/picklist';
import { getResource } from '../../../shared/transport/autotask';

export function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || String(value).trim() === '';
}

function coerce(value: string): string | number | boolean | null {
	const text = value.trim();
	if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
	if (text === 'true') return true;
	if (text === 'false') return false;
	if (text === 'null') return null;
	return value;
}

/** Status and priority, each given by label or id. */
async function statusAndPriorityChanges(
	ctx: IExecuteFunctions,
	itemIndex: number,
	changes: IDataObject,
): Promise<void> {
	const status = ctx.getNodeParameter('status', itemIndex, '');
	if (!isEmpty(status)) {
		changes.status = await resolvePicklistValue(
			ctx,
			'Tickets',
			'status',
			'status',
			status,
			itemIndex,
		);
	}
	const priority = ctx.getNodeParameter('priority', itemIndex, '');
	if (!isEmpty(priority)) {
		changes.priority = await resolvePicklistValue(
			ctx,
			'Tickets',
			'priority',
			'priority',
			priority,
			itemIndex,
		);
	}
}

function dueDateTime(ctx: IExecuteFunctions, itemIndex: number, value: unknown): string {
	const due = new Date(String(value));
	if (Number.isNaN(due.getTime())) {
		throw new NodeOperationError(ctx.getNode(), `Due Date Time "${String(value)}" is not a date`, {
			itemIndex,
		});
	}
	return due.toISOString();
}

/** The role to assign with the resource: the one given, else the resource's default role. */
async function assignedRole(
	ctx: IExecuteFunctions,
	itemIndex: number,
	resourceId: number,
	givenRoleId: unknown,
): Promise<number> {
	let roleId = Number(givenRoleId ?? 0);
	if (Number.isInteger(roleId) && roleId > 0) return roleId;
	const resource = await getResource(ctx, resourceId, itemIndex);
	if (!resource) {
		throw new NodeOperationError(ctx.getNode(), `Autotask has no resource ${resourceId}`, {
			itemIndex,
		});
	}
	roleId = Number(resource.defaultServiceDeskRoleID ?? 0);
	if (!Number.isInteger(roleId) || roleId <= 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Resource ${resourceId} has no default service desk role: set Assigned Resource Role ID`,
			{
				itemIndex,
				description:
					'Autotask requires both assignedResourceID and assignedResourceRoleID when a ticket is assigned to a resource',
			},
		);
	}
	return roleId;
}

/** Assigned Resource with its role (Autotask takes them only together). */
async function assignmentChanges(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
	changes: IDataObject,
): Promise<void> {
	if (!isEmpty(fields.assignedResourceID)) {
		const resourceId = Number(String(fields.assignedResourceID).trim());
		if (!Number.isInteger(resourceId) || resourceId <= 0) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Assigned Resource "${String(fields.assignedResourceID)}" is not a resource ID`,
				{ itemIndex },
			);
		}
		const roleId = await assignedRole(ctx, itemIndex, resourceId, fields.assignedResourceRoleID);
		changes.assignedResourceID = resourceId;
		changes.assignedResourceRoleID = roleId;
	} else if (Number(fields.assignedResourceRoleID ?? 0) > 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Assigned Resource Role ID needs an Assigned Resource',
			{
				itemIndex,
				description:
					'Autotask requires both assignedResourceID and assignedResourceRoleID together',
			},
		);
	}
}

/** Other Fields: any field by its API name, the value coerced to number, boolean or null. */
function otherFieldChanges(ctx: IExecuteFunctions, itemIndex: number, changes: IDataObject): void {
	const other = ((ctx.getNodeParameter('otherFields', itemIndex, {}) as IDataObject).field ??
		[]) as IDataObject[];
	for (const entry of other) {
		const name = String(entry.name ?? '').trim();
		if (name === '') continue;
		if (name.toLowerCase() === 'id') {
			throw new NodeOperationError(ctx.getNode(), 'The ticket ID cannot be changed', { itemIndex });
		}
		changes[name] = coerce(String(entry.value ?? ''));
	}
}

/** Other Fields can name one of resource and role without the other: refuse that. */
function requireResourceWithRole(
	ctx: IExecuteFunctions,
	itemIndex: number,
	changes: IDataObject,
): void {
	const hasResource = Object.keys(changes).some((k) => k.toLowerCase() === 'assignedresourceid');
	const hasRole = Object.keys(changes).some((k) => k.toLowerCase() === 'assignedresourceroleid');
	if (hasResource !== hasRole && changes.assignedResourceID !== null) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Autotask needs assignedResourceID and assignedResourceRoleID together',
			{
				itemIndex,
				description:
					'Set both (use Update Fields › Assigned Resource, which finds the default role)',
			},
		);
	}
}

/** Update Fields: queue (label or id), title, description, due date, assignment. */
async function updateFieldChanges(
	ctx: IExecuteFunctions,
	itemIndex: number,
	changes: IDataObject,
): Promise<void> {
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	if (!isEmpty(fields.queueID)) {
		changes.queueID = await resolvePicklistValue(
			ctx,
			'Tickets',
			'queueID',
			'queue',
			fields.queueID,
			itemIndex,
		);
	}
	for (const name of ['title', 'description'] as const) {
		if (!isEmpty(fields[name])) changes[name] = String(fields[name]);
	}
	if (!isEmpty(fields.dueDateTime)) {
		changes.dueDateTime = dueDateTime(ctx, itemIndex, fields.dueDateTime);
	}
	await assignmentChanges(ctx, itemIndex, fields, changes);
}

/** Every field the item asks to set, whether or not the ticket has that value already. */
export async function requestedChanges(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const changes: IDataObject = {};
	await statusAndPriorityChanges(ctx, itemIndex, changes);
	await updateFieldChanges(ctx, itemIndex, changes);
	otherFieldChanges(ctx, itemIndex, changes);
	requireResourceWithRole(ctx, itemIndex, changes);
	return changes;
}
