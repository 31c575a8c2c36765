/**
 * Loads an Autotask location's business hours, its holidays and the picklists needed to read
 * them, through the shared Autotask transport; caches them per process.
 *
 * The cache is per process with a short TTL (default 10 minutes, set by the node): n8n may run
 * several workers, each with its own copy. A cached calendar can only be as stale as the TTL;
 * nothing else depends on it.
 */
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import type {
	AutotaskHoliday,
	AutotaskLocation,
	AutotaskLocationPicklists,
} from '../shared/domain/autotaskLocationCalendar';
import type { PicklistValue } from '../shared/domain/picklist';
import { autotaskQuery, autotaskRequest, getPicklist } from '../shared/transport/autotask';
import type { TtlCache } from '../shared/transport/cache';
import { processState } from '../shared/transport/processState';

export const LOCATION_ENTITY = 'InternalLocationWithBusinessHours';
export const CREDENTIAL_NAME = 'autotaskIlertAutotaskApi';
/** Location picker value meaning "the location marked as default". */
export const DEFAULT_LOCATION = 'default';

export interface LocationData {
	location: AutotaskLocation;
	holidays: AutotaskHoliday[];
	picklists: AutotaskLocationPicklists;
	/** Problems reading optional data (picklists), reported in the output's warnings. */
	warnings: string[];
	loadedAt: string;
}

type Context = IExecuteFunctions | ILoadOptionsFunctions;

const cache = processState.businessHoursLocations as unknown as TtlCache<LocationData>;

async function credentialKey(ctx: Context): Promise<string> {
	const credentials = await ctx.getCredentials(CREDENTIAL_NAME);
	return [
		credentials.username,
		credentials.userName,
		credentials.zone,
		credentials.customBaseUrl,
		credentials.baseUrl,
	]
		.map((v) => (v === undefined || v === null ? '' : String(v)))
		.join('|');
}

async function picklist(
	ctx: Context,
	field: string,
	warnings: string[],
): Promise<PicklistValue[] | null> {
	try {
		return await getPicklist(ctx, LOCATION_ENTITY, field);
	} catch (error) {
		warnings.push(`Could not read the ${field} picklist: ${(error as Error).message}`);
		return null;
	}
}

async function readLocation(
	ctx: Context,
	locationId: string,
	itemIndex?: number,
): Promise<AutotaskLocation> {
	if (locationId === DEFAULT_LOCATION) {
		const found = (await autotaskQuery(
			ctx,
			LOCATION_ENTITY,
			{ filter: [{ op: 'eq', field: 'isDefault', value: true }] },
			{ limit: 1, itemIndex },
		)) as IDataObject[];
		if (found.length === 0) throw new Error('Autotask has no internal location marked as default');
		return found[0] as AutotaskLocation;
	}
	const response = (await autotaskRequest(ctx, {
		method: 'GET',
		path: `/${LOCATION_ENTITY}/${encodeURIComponent(locationId)}`,
		itemIndex,
	})) as IDataObject | undefined;
	const item = response?.item as AutotaskLocation | null | undefined;
	if (!item) throw new Error(`Autotask internal location ${locationId} does not exist`);
	return item;
}

/**
 * The location, its holiday set's holidays and the time zone / holiday hours type picklists,
 * from the cache or Autotask. `ttlMinutes` 0 skips the cache.
 */
export async function loadLocationData(
	ctx: Context,
	locationId: string,
	ttlMinutes: number,
	itemIndex?: number,
): Promise<LocationData> {
	const id = String(locationId).trim();
	if (id === '') throw new Error('No Autotask location selected');
	const key = `${await credentialKey(ctx)}|${id}`;
	const load = async (): Promise<LocationData> => {
		const warnings: string[] = [];
		const location = await readLocation(ctx, id, itemIndex);
		let holidays: AutotaskHoliday[] = [];
		if (location.holidaySetID !== null && location.holidaySetID !== undefined) {
			holidays = (await autotaskQuery(
				ctx,
				'Holidays',
				{ filter: [{ op: 'eq', field: 'holidaySetID', value: Number(location.holidaySetID) }] },
				{ returnAll: true, itemIndex },
			)) as AutotaskHoliday[];
		}
		const [timeZoneID, holidayHoursType] = [
			await picklist(ctx, 'timeZoneID', warnings),
			await picklist(ctx, 'holidayHoursType', warnings),
		];
		return {
			location,
			holidays,
			picklists: { timeZoneID, holidayHoursType },
			warnings,
			loadedAt: new Date().toISOString(),
		};
	};
	if (ttlMinutes <= 0) return await load();
	const hit = cache.get(key);
	if (hit) return hit;
	const value = await load();
	cache.set(key, value, ttlMinutes * 60 * 1000);
	return value;
}

/** Locations for the picker: name, default flag, city. */
export async function listLocations(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	return (await autotaskQuery(
		ctx,
		LOCATION_ENTITY,
		{
			filter: [{ op: 'gte', field: 'id', value: 0 }],
			includeFields: ['id', 'name', 'isDefault', 'city', 'timeZoneID', 'holidaySetID'],
		},
		{ returnAll: true },
	)) as IDataObject[];
}
