/**
 * The business-hours calendar of one Business Hours item, with where it came from: the hours
 * entered in the node (Manual) or an Autotask internal location with its holidays.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UnknownTimeZoneError } from '../shared/domain/autotaskTimeZones';
import {
	fromAutotaskLocation,
	type LocationTimeEncoding,
} from '../shared/domain/autotaskLocationCalendar';
import {
	WEEKDAYS,
	type BusinessCalendar,
	type Holiday,
	type TimeRange,
	type Weekday,
} from '../shared/domain/businessCalendar';
import { DEFAULT_LOCATION, loadLocationData } from './autotaskCalendar';

const DAY_GROUPS: Record<string, Weekday[]> = {
	everyDay: [...WEEKDAYS],
	weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
	weekend: ['sat', 'sun'],
	mon: ['mon'],
	tue: ['tue'],
	wed: ['wed'],
	thu: ['thu'],
	fri: ['fri'],
	sat: ['sat'],
	sun: ['sun'],
};

interface ManualRange extends IDataObject {
	day?: string;
	start?: string;
	end?: string;
}

interface ManualHoliday extends IDataObject {
	date?: string;
	name?: string;
}

/** The node's Options collection. */
export interface NodeOptions {
	countExtendedHours?: boolean;
	timeZoneOverride?: string;
	timeWithoutOffset?: 'utc' | 'calendar';
	locationTimes?: LocationTimeEncoding;
	horizonDays?: number;
	cacheMinutes?: number;
}

export interface ItemCalendar {
	calendar: BusinessCalendar;
	/** Where the calendar came from, as the output's `source`. */
	sourceInfo: IDataObject;
}

/** `2026-12-25`, `2026-12-25T00:00:00` or an n8n date picker value -> `2026-12-25`. */
function holidayDate(value: unknown): string {
	const text = String(value ?? '').trim();
	const match = /^(\d{4}-\d{2}-\d{2})/.exec(text);
	return match ? match[1] : text;
}

function manualCalendar(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: NodeOptions,
): BusinessCalendar {
	const zoneParam = (ctx.getNodeParameter('timeZone', itemIndex, '') as string).trim();
	const zone = zoneParam === '' ? ctx.getTimezone() : zoneParam;
	const ranges = (ctx.getNodeParameter('hours.ranges', itemIndex, []) as ManualRange[]) ?? [];
	const week: Partial<Record<Weekday, TimeRange[]>> = {};
	for (const range of ranges) {
		const days = DAY_GROUPS[String(range.day ?? '')];
		if (!days) {
			throw new NodeOperationError(ctx.getNode(), `Unknown day "${String(range.day)}" in Hours`, {
				itemIndex,
			});
		}
		for (const day of days) {
			(week[day] ??= []).push({
				start: String(range.start ?? '').trim(),
				end: String(range.end ?? '').trim(),
			});
		}
	}
	const holidayRows =
		(ctx.getNodeParameter('holidays.holiday', itemIndex, []) as ManualHoliday[]) ?? [];
	const holidays: Holiday[] = holidayRows
		.filter((h) => String(h.date ?? '').trim() !== '')
		.map((h) => ({ date: holidayDate(h.date), name: String(h.name ?? '').trim() || 'holiday' }));
	return {
		zone,
		week,
		holidays,
		holidayMode: 'closed',
		countExtendedHours: options.countExtendedHours === true,
	};
}

async function locationCalendar(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: NodeOptions,
): Promise<ItemCalendar> {
	const locationId = String(ctx.getNodeParameter('location', itemIndex, DEFAULT_LOCATION));
	const ttl = options.cacheMinutes ?? 10;
	const data = await loadLocationData(ctx, locationId, ttl, itemIndex);
	let calendar: BusinessCalendar;
	try {
		calendar = fromAutotaskLocation(data.location, data.holidays, data.picklists, {
			timeZoneOverride: options.timeZoneOverride,
			countExtendedHours: options.countExtendedHours === true,
			timeEncoding: options.locationTimes ?? 'detect',
		});
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), error as Error, {
			itemIndex,
			description:
				error instanceof UnknownTimeZoneError
					? "Set Options > Time Zone Override to the IANA name of the location's time zone"
					: undefined,
		});
	}
	calendar.warnings = [...data.warnings, ...(calendar.warnings ?? [])];
	return {
		calendar,
		sourceInfo: {
			type: 'autotaskLocation',
			locationId: data.location.id ?? locationId,
			locationName: data.location.name ?? null,
			holidaySetId: data.location.holidaySetID ?? null,
			loadedAt: data.loadedAt,
		},
	};
}

/** The item's calendar from the chosen Schedule Source. */
export async function itemCalendar(
	ctx: IExecuteFunctions,
	source: string,
	itemIndex: number,
	options: NodeOptions,
): Promise<ItemCalendar> {
	if (source === 'manual')
		return { calendar: manualCalendar(ctx, itemIndex, options), sourceInfo: { type: 'manual' } };
	return await locationCalendar(ctx, itemIndex, options);
}
