/**
 * An Autotask internal location (InternalLocationWithBusinessHours) and the holidays of its
 * holiday set, read into a BusinessCalendar: its time zone, weekly and extended hours, what
 * holidays do, and the holiday dates, with a warning for anything it had to guess or ignore.
 *
 * Pure module: no n8n imports. luxon does the zone arithmetic (DST included).
 */
import { DateTime, IANAZone } from 'luxon';

import {
	isValidIanaZone,
	timeZoneFromAutotaskId,
	timeZoneFromLabel,
	type TimeZonePicklistEntry,
} from './autotaskTimeZones';
import {
	BusinessHoursError,
	formatClock,
	type BusinessCalendar,
	type Holiday,
	type HolidayMode,
	type TimeRange,
	type WeekHours,
	type Weekday,
} from './businessCalendar';

/** The location fields this module reads (camelCase, as the REST API returns them). */
export interface AutotaskLocation {
	id?: number;
	name?: string | null;
	timeZoneID?: number | string | null;
	holidaySetID?: number | null;
	holidayHoursType?: number | string | null;
	noHoursOnHolidays?: boolean | null;
	holidayHoursStartTime?: string | null;
	holidayHoursEndTime?: string | null;
	holidayExtendedHoursStartTime?: string | null;
	holidayExtendedHoursEndTime?: string | null;
	[field: string]: unknown;
}

export interface AutotaskHoliday {
	id?: number;
	holidayDate?: string | null;
	holidayName?: string | null;
	holidaySetID?: number | null;
}

export interface AutotaskLocationPicklists {
	/** `timeZoneID` picklist of InternalLocationWithBusinessHours. */
	timeZoneID?: TimeZonePicklistEntry[] | null;
	/** `holidayHoursType` picklist. */
	holidayHoursType?: TimeZonePicklistEntry[] | null;
}

/**
 * How the location's time fields and holiday dates are written:
 * - `detect` (default): a value with `Z` or an offset is a UTC instant, converted to the
 *   location's zone; a value without one is the local clock time / date as written;
 * - `local`: always the clock time / date as written, any `Z` or offset ignored;
 * - `utc`: always a UTC instant, also when written without an offset.
 */
export type LocationTimeEncoding = 'detect' | 'local' | 'utc';

export interface FromAutotaskOptions {
	/** IANA zone or Windows label that replaces the location's own time zone. */
	timeZoneOverride?: string;
	countExtendedHours?: boolean;
	/** Default `detect`. */
	timeEncoding?: LocationTimeEncoding;
	now?: Date;
}

const AUTOTASK_DAYS: Array<[Weekday, string]> = [
	['mon', 'monday'],
	['tue', 'tuesday'],
	['wed', 'wednesday'],
	['thu', 'thursday'],
	['fri', 'friday'],
	['sat', 'saturday'],
	['sun', 'sunday'],
];

/** How to read one time value: the location's zone and the encoding. */
export interface ClockTimeReading {
	zone: string;
	encoding: LocationTimeEncoding;
	now?: Date;
}

/** `Z`, `+01:00`, `-0500` after the time of a date-time: its offset in minutes, else undefined. */
function writtenOffsetMinutes(text: string): number | undefined {
	const match = /\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s?(Z|[+-]\d{2}(?::?\d{2})?)$/i.exec(text);
	if (!match) return undefined;
	if (match[1].toUpperCase() === 'Z') return 0;
	const sign = match[1].startsWith('-') ? -1 : 1;
	const digits = match[1].slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/**
 * The zone's standard (non-DST) offset in minutes: the smaller of its January and July offsets
 * in the year of `now`. A placeholder date such as 1900-01-01 is converted with it, as a .NET
 * server without historical rules does (no local mean time, no DST).
 */
function standardOffsetMinutes(zone: string, now: Date): number {
	const info = IANAZone.create(zone);
	const year = now.getUTCFullYear();
	return Math.min(info.offset(Date.UTC(year, 0, 1)), info.offset(Date.UTC(year, 6, 1)));
}

/** Year from which a date in a time field is a real date (below: a placeholder like 1900-01-01). */
const FIRST_REAL_YEAR = 1970;

/**
 * The clock time of an Autotask time field; only the time of day matters. Accepts
 * `1900-01-01T08:00:00`, `08:00:00`, `08:00`, ISO with `Z` or an offset. `23:59:59` ends the day
 * (`24:00`). Without `reading` (or with encoding `local`) the clock time is taken as written.
 * With a UTC instant (encoding `detect` and a written offset, or `utc`), the instant is
 * converted to `reading.zone`: with the zone's offset on that date, or with its standard offset
 * for a placeholder date before 1970 (`1900-01-01T07:00:00Z` is 08:00 in Europe/Berlin).
 * Returns undefined for empty values; throws `BusinessHoursError` for anything else.
 */
export function autotaskClockTime(
	value: unknown,
	field: string,
	reading?: ClockTimeReading,
): string | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	const text = String(value).trim();
	const match = /(?:^|[T\s])(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(text);
	if (!match || Number(match[1]) > 24 || Number(match[2]) > 59) {
		throw new BusinessHoursError(`Autotask field ${field} has an unreadable time "${text}"`);
	}
	const hours = Number(match[1]);
	const minutes = Number(match[2]);
	const seconds = match[3] ? Number(match[3]) : 0;
	let clock = hours * 60 + minutes;
	const written = writtenOffsetMinutes(text);
	const asInstant =
		reading !== undefined &&
		(reading.encoding === 'utc' || (reading.encoding === 'detect' && written !== undefined));
	if (asInstant && clock < 1440 && isValidIanaZone(reading.zone)) {
		const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
		const utcMinutes = clock - (written ?? 0);
		let offset: number;
		if (date && Number(date[1]) >= FIRST_REAL_YEAR) {
			const utcMs = Date.UTC(+date[1], +date[2] - 1, +date[3], 0, utcMinutes, seconds);
			offset = IANAZone.create(reading.zone).offset(utcMs);
		} else {
			offset = standardOffsetMinutes(reading.zone, reading.now ?? new Date());
		}
		clock = (((utcMinutes + offset) % 1440) + 1440) % 1440;
	}
	if (clock === 23 * 60 + 59 && seconds === 59) return '24:00';
	return formatClock(clock);
}

function pair(
	location: AutotaskLocation,
	startField: string,
	endField: string,
	warnings: string[],
	reading?: ClockTimeReading,
): TimeRange[] {
	const start = autotaskClockTime(location[startField], startField, reading);
	const end = autotaskClockTime(location[endField], endField, reading);
	if (start === undefined && end === undefined) return [];
	if (start === undefined || end === undefined) {
		warnings.push(
			`${startField}/${endField}: only one of start and end is set; the range is ignored`,
		);
		return [];
	}
	return [{ start, end }];
}

/** The holiday hours type as `none` / `normal` / `specified` from the picklist label. */
export function holidayHoursTypeOf(
	value: number | string | null | undefined,
	picklist: TimeZonePicklistEntry[] | null | undefined,
): 'none' | 'normal' | 'specified' | undefined {
	if (value === null || value === undefined || value === '') return 'none';
	const label = picklist?.find((p) => String(p.value) === String(value))?.label ?? String(value);
	const text = label.toLowerCase();
	if (/specif|custom/.test(text)) return 'specified';
	if (/normal|same|regular|business/.test(text)) return 'normal';
	if (/none|no /.test(text)) return 'none';
	return undefined;
}

/**
 * A holiday's local date. `2026-12-25T00:00:00` / `2026-12-25` -> `2026-12-25` (the date as
 * written). A UTC instant (see `LocationTimeEncoding`) is converted to the location's zone:
 * `2026-12-24T23:00:00Z` is 2026-12-25 in Europe/Berlin. Exactly midnight UTC keeps the date as
 * written: that is a plain date with a `Z`, and where local midnight really is 00:00 UTC both
 * readings give the same date.
 */
export function autotaskHolidayDate(
	value: unknown,
	reading?: ClockTimeReading,
): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
	if (!match) return undefined;
	const asWritten = `${match[1]}-${match[2]}-${match[3]}`;
	if (!reading || reading.encoding === 'local' || !isValidIanaZone(reading.zone)) return asWritten;
	const written = writtenOffsetMinutes(text);
	if (reading.encoding === 'detect' && written === undefined) return asWritten;
	const utcMs = Date.UTC(
		+match[1],
		+match[2] - 1,
		+match[3],
		Number(match[4] ?? 0),
		Number(match[5] ?? 0) - (written ?? 0),
		Number(match[6] ?? 0),
	);
	if (utcMs % 86400000 === 0) return asWritten;
	return DateTime.fromMillis(utcMs, { zone: reading.zone }).toISODate() ?? asWritten;
}

function locationZone(
	location: AutotaskLocation,
	picklists: AutotaskLocationPicklists,
	options: FromAutotaskOptions,
	warnings: string[],
): string {
	if (options.timeZoneOverride && options.timeZoneOverride.trim() !== '') {
		return timeZoneFromLabel(options.timeZoneOverride, options.now).zone;
	}
	const resolved = timeZoneFromAutotaskId(location.timeZoneID, picklists.timeZoneID, options.now);
	if (resolved.warning) warnings.push(resolved.warning);
	return resolved.zone;
}

function weeklyHours(
	location: AutotaskLocation,
	warnings: string[],
	reading: ClockTimeReading,
): { week: WeekHours; extended: WeekHours } {
	const week: WeekHours = {};
	const extended: WeekHours = {};
	for (const [day, prefix] of AUTOTASK_DAYS) {
		week[day] = pair(
			location,
			`${prefix}BusinessHoursStartTime`,
			`${prefix}BusinessHoursEndTime`,
			warnings,
			reading,
		);
		extended[day] = pair(
			location,
			`${prefix}ExtendedHoursStartTime`,
			`${prefix}ExtendedHoursEndTime`,
			warnings,
			reading,
		);
	}
	return { week, extended };
}

function holidayModeOf(
	location: AutotaskLocation,
	picklists: AutotaskLocationPicklists,
	warnings: string[],
): HolidayMode {
	const type = holidayHoursTypeOf(location.holidayHoursType, picklists.holidayHoursType);
	if (location.noHoursOnHolidays === true) return 'closed';
	if (type === 'normal') return 'normal';
	if (type === 'specified') return 'specified';
	if (type === undefined) {
		warnings.push(
			`Unknown holiday hours type ${String(location.holidayHoursType)}; holidays are treated as closed`,
		);
	}
	return 'closed';
}

/** The location's holiday (extended) hours, used only when holidays have Specified hours. */
function specifiedHolidayHours(
	location: AutotaskLocation,
	holidayMode: HolidayMode,
	warnings: string[],
	reading: ClockTimeReading,
): { holidayHours: TimeRange[]; holidayExtended: TimeRange[] } {
	if (holidayMode !== 'specified') return { holidayHours: [], holidayExtended: [] };
	const holidayHours = pair(
		location,
		'holidayHoursStartTime',
		'holidayHoursEndTime',
		warnings,
		reading,
	);
	const holidayExtended = pair(
		location,
		'holidayExtendedHoursStartTime',
		'holidayExtendedHoursEndTime',
		warnings,
		reading,
	);
	if (holidayHours.length === 0) {
		warnings.push(
			'Holiday hours type is Specified but no holiday hours are set; holidays are closed',
		);
	}
	return { holidayHours, holidayExtended };
}

/** The holidays of the location's holiday set, by local date. */
function holidaysOfLocation(
	location: AutotaskLocation,
	holidays: AutotaskHoliday[],
	warnings: string[],
	reading: ClockTimeReading,
): Holiday[] {
	const calendarHolidays: Holiday[] = [];
	for (const h of holidays) {
		if (
			location.holidaySetID !== null &&
			location.holidaySetID !== undefined &&
			h.holidaySetID !== null &&
			h.holidaySetID !== undefined &&
			Number(h.holidaySetID) !== Number(location.holidaySetID)
		) {
			continue;
		}
		const date = autotaskHolidayDate(h.holidayDate, reading);
		if (!date) {
			warnings.push(`Holiday ${String(h.holidayName ?? h.id)} has no readable date; ignored`);
			continue;
		}
		calendarHolidays.push({ date, name: h.holidayName ?? 'holiday' });
	}
	return calendarHolidays;
}

/**
 * Builds a calendar from an Autotask location and the holidays of its holiday set.
 *
 * - Zone: `timeZoneOverride`, else the `timeZoneID` picklist label mapped to IANA, else the id
 *   read as a Microsoft Time Zone Index (reported in `warnings`).
 * - Holidays: `noHoursOnHolidays` or holiday hours type None -> closed; Normal -> the weekday's
 *   hours; Specified -> the location's holiday (extended) hours, on any weekday.
 * - Times and holiday dates: local clock times or UTC instants, see `LocationTimeEncoding`.
 */ export function fromAutotaskLocation(
	location: AutotaskLocation,
	holidays: AutotaskHoliday[],
	picklists: AutotaskLocationPicklists = {},
	options: FromAutotaskOptions = {},
): BusinessCalendar {
	// Warnings are collected in the order the fields are read.
	const warnings: string[] = [];
	const zone = locationZone(location, picklists, options, warnings);
	const reading: ClockTimeReading = {
		zone,
		encoding: options.timeEncoding ?? 'detect',
		now: options.now,
	};
	const { week, extended } = weeklyHours(location, warnings, reading);
	const holidayMode = holidayModeOf(location, picklists, warnings);
	const { holidayHours, holidayExtended } = specifiedHolidayHours(
		location,
		holidayMode,
		warnings,
		reading,
	);
	return {
		zone,
		week,
		extended,
		holidays: holidaysOfLocation(location, holidays, warnings, reading),
		holidayMode,
		holidayHours,
		holidayExtended,
		countExtendedHours: options.countExtendedHours === true,
		name: location.name ?? (location.id !== undefined ? `location ${location.id}` : undefined),
		warnings,
	};
}
