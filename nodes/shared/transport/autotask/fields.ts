/** Autotask entity information: field definitions and the picklists they carry, cached (processState). */
import { NodeOperationError } from 'n8n-workflow';

import { picklistFromField, type PicklistValue } from '../../domain/picklist';
import type { TransportContext } from '../http';
import { processState } from '../processState';
import { readAutotaskCredentials, sendAutotask } from './pipeline';
import { assertEntity } from './query';
import { resolveZone } from './zoneResolution';

export type { PicklistValue } from '../../domain/picklist';

export interface AutotaskFieldInfo {
	name: string;
	dataType?: string;
	isPickList?: boolean;
	isRequired?: boolean;
	isReadOnly?: boolean;
	picklistValues?: Array<Record<string, unknown>> | null;
	[key: string]: unknown;
}

/** `GET /<Entity>/entityInformation/fields`, cached per username + base URL + entity. */
async function getEntityFields(
	ctx: TransportContext,
	entity: string,
	options: { refresh?: boolean; itemIndex?: number } = {},
): Promise<AutotaskFieldInfo[]> {
	assertEntity(ctx, entity, options.itemIndex);
	const credentials = await readAutotaskCredentials(ctx);
	const zone = await resolveZone(ctx, credentials, false, options.itemIndex);
	const key = `${String(credentials.username ?? '').toLowerCase()}|${zone.apiBaseUrl.toLowerCase()}|${entity.toLowerCase()}`;
	const cache = processState.autotaskEntityFields;
	if (options.refresh) cache.delete(key);
	const fields = await cache.getOrLoad(key, async () => {
		const { body } = await sendAutotask(ctx, credentials, {
			method: 'GET',
			path: `/${entity}/entityInformation/fields`,
			itemIndex: options.itemIndex,
		});
		const list = (body as { fields?: unknown } | undefined)?.fields;
		return Array.isArray(list) ? list : [];
	});
	return fields as AutotaskFieldInfo[];
}

/**
 * A picklist's values (`{ value, label, isActive, isDefaultValue, sortOrder }`), from the cached
 * entity fields. Field names match case-insensitively. Throws when the entity has no such field.
 */
export async function getPicklist(
	ctx: TransportContext,
	entity: string,
	field: string,
	options: { refresh?: boolean; itemIndex?: number } = {},
): Promise<PicklistValue[]> {
	const fields = await getEntityFields(ctx, entity, options);
	const wanted = field.trim().toLowerCase();
	const info = fields.find((f) => typeof f.name === 'string' && f.name.toLowerCase() === wanted);
	if (!info) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Autotask entity ${entity} has no field "${field}"`,
			{ itemIndex: options.itemIndex },
		);
	}
	return picklistFromField(info.picklistValues);
}
