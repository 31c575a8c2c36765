/** Autotask resources (technicians). */
import type { IDataObject } from 'n8n-workflow';

import type { TransportContext } from '../http';
import { processState } from '../processState';
import { autotaskRequest, readAutotaskCredentials } from './pipeline';
import { autotaskQuery } from './query';

/** The raw resource (`GET /Resources/{id}`), or undefined. */
export async function getResource(
	ctx: TransportContext,
	id: number,
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	const response = await autotaskRequest(ctx, {
		method: 'GET',
		path: `/Resources/${id}`,
		itemIndex,
	});
	return (response?.item as IDataObject | undefined) ?? undefined;
}

/** Active resources (technicians), cached for a few minutes per credential and zone settings. */
export async function activeResources(ctx: TransportContext): Promise<IDataObject[]> {
	const credentials = await readAutotaskCredentials(ctx);
	const key = `resources:${String(credentials.username ?? '')}:${String(credentials.zone ?? '')}:${String(credentials.customBaseUrl ?? '')}`;
	return await processState.autotaskActiveResources.getOrLoad(
		key,
		async () =>
			await autotaskQuery(
				ctx,
				'Resources',
				{
					filter: [{ op: 'eq', field: 'isActive', value: true }],
					includeFields: [
						'id',
						'firstName',
						'lastName',
						'email',
						'userName',
						'defaultServiceDeskRoleID',
						'isActive',
					],
				},
				{ returnAll: true, credentials },
			),
	);
}

/** Resources whose email address is this one (compared case-insensitively, as Autotask does). */
export async function resourcesByEmail(
	ctx: TransportContext,
	email: string,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const address = email.trim();
	const items = await autotaskQuery(
		ctx,
		'Resources',
		{ filter: [{ op: 'eq', field: 'email', value: address }] },
		{ returnAll: true, itemIndex },
	);
	const lower = address.toLowerCase();
	// Keep exact matches only, in case a tenant compares differently.
	return items.filter((r) => typeof r.email === 'string' && r.email.trim().toLowerCase() === lower);
}
