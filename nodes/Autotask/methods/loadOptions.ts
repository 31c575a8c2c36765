import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { alertSourceOptions } from '../../shared/alertSourceOptions';
import { activePicklistValues } from '../../shared/domain/picklist';
import { activeResources, getPicklist } from '../../shared/transport/autotask';

async function picklistOptions(
	ctx: ILoadOptionsFunctions,
	entity: string,
	field: string,
): Promise<INodePropertyOptions[]> {
	const values = await getPicklist(ctx, entity, field);
	return activePicklistValues(values).map((v) => ({ name: v.label, value: String(v.value) }));
}

export async function getStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await picklistOptions(this, 'Tickets', 'status');
}

export async function getPriorities(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await picklistOptions(this, 'Tickets', 'priority');
}

export async function getQueues(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await picklistOptions(this, 'Tickets', 'queueID');
}

export async function getNoteTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await picklistOptions(this, 'TicketNotes', 'noteType');
}

export async function getNotePublish(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await picklistOptions(this, 'TicketNotes', 'publish');
}

/** Active resources, "First Last (email)", value = resource id. */
export async function getResources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const resources = await activeResources(this);
	return resources
		.map((r) => {
			const name = [r.firstName, r.lastName]
				.filter((p) => typeof p === 'string' && p !== '')
				.join(' ');
			return {
				name: `${name || String(r.userName ?? r.id)}${r.email ? ` (${String(r.email)})` : ''}`,
				value: String(r.id),
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** ilert alert sources (Get Tickets to Reconcile), as the other nodes list them. */
export async function getAlertSources(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await alertSourceOptions(this);
}
