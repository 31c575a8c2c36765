/**
 * Business-hours calendar: is an instant inside a location's business hours, why, and when does
 * that change next.
 *
 * Model: a weekly schedule in one IANA zone (several ranges per day; a range whose end is not
 * after its start runs past midnight and belongs to the day it starts), optional extended hours,
 * holidays by local date and what holidays do (closed / normal hours / specified hours).
 * `fromAutotaskLocation` builds the model from Autotask's InternalLocationWithBusinessHours.
 *
 * Pure module: no n8n imports. luxon does the zone arithmetic (DST included).
 */
import { DateTime, IANAZone } from 'luxon';

import { isValidIanaZone, timeZoneFromAutotaskId, timeZoneFromLabel, type TimeZonePicklistEntry } from './autotaskTimeZones';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_NAMES: Record<Weekday, string> = {
	mon: 'Monday',
	tue: 'Tuesday',
	wed: 'Wednesday',
	thu: 'Thursday',
	fri: 'Friday',
	sat: 'Saturday',
	sun: 'Sunday',
};

/** Local clock times `HH:mm` (`24:00` allowed as an end). End <= start: the range runs past midnight. */
export interface TimeRange {
	start: string;
	end: string;
}

export interface Holiday {
	/** Local date `YYYY-MM-DD` in the calendar's zone. */
	date: string;
	name?: string | null;
}

/** What a holiday does: no hours, the weekday's normal hours, or the calendar's holiday hours. */
export type HolidayMode = 'closed' | 'normal' | 'specified';

export type WeekHours = Partial<Record<Weekday, TimeRange[]>>;

export interface BusinessCalendar {
	/** IANA time zone. */
	zone: string;
	/** Business hours per weekday. A missing or empty day is closed. */
	week: WeekHours;
	/** Extended hours per weekday (Autotask: outside business hours, still covered by some SLAs). */
	extended?: WeekHours;
	holidays?: Holiday[];
	/** Default `closed`. */
	holidayMode?: HolidayMode;
	/** Hours on holidays when `holidayMode` is `specified`. */
	holidayHours?: TimeRange[];
	/** Extended hours on holidays when `holidayMode` is `specified`. */
	holidayExtended?: TimeRange[];
	/** Whether extended hours count as business hours. Default false. */
	countExtendedHours?: boolean;
	/** Display name (e.g. the Autotask location). */
	name?: string;
	/** Problems found while building the calendar that did not stop it from working. */
	warnings?: string[];
}

export interface EvaluateOptions {
	/** How far ahead to look for the next change, in days (default 14, at most 400). */
	horizonDays?: number;
	/** Zone for instants written without offset (default UTC). */
	naiveZone?: string;
}

export interface BusinessHoursVerdict {
	inBusinessHours: boolean;
	/** Why, e.g. "Saturday", "holiday: Christmas Day", "after 17:00 Europe/Berlin". */
	reason: string;
	timeZone: string;
	/** The instant checked, ISO in UTC. */
	checkedAt: string;
	/** The instant checked, ISO in the calendar's zone. */
	localTime: string;
	/** Local date `YYYY-MM-DD`. */
	localDate: string;
	/** Local weekday name, e.g. `Saturday`. */
	weekday: string;
	/** The holiday of the local date, if any (also when it changes nothing, e.g. on a closed weekend). */
	holiday: { date: string; name: string } | null;
	/** Whether the instant is inside extended hours (whether or not they count). */
	inExtendedHours: boolean;
	/** Whether extended hours counted as business hours. */
	extendedHoursCounted: boolean;
	/** The next change: `opens` when now closed, `closes` when now open; null if none within the horizon. */
	nextChange: 'opens' | 'closes' | null;
	/** When the next change happens, ISO in the calendar's zone; null if none within the horizon. */
	nextChangeAt: string | null;
	/** Minutes until the next change (rounded up), null if none within the horizon. */
	minutesUntilChange: number | null;
	/** Set when no change was found within the horizon: `always open` / `always closed` for that long. */
	note?: string;
	/** The calendar's name, if any. */
	calendar?: string;
	warnings?: string[];
}

/** Thrown for invalid calendars and instants; the node wraps it in a NodeOperationError. */
export class BusinessHoursError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BusinessHoursError';
	}
}

const DEFAULT_HORIZON_DAYS = 14;
const MAX_HORIZON_DAYS = 400;

/** `HH:mm` or `H:mm[:ss]` -> minutes after midnight (0..1440), or undefined if malformed. */
export function parseClock(value: string): number | undefined {
	const match = /^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*$/.exec(value);
	if (!match) return undefined;
	const hours = Number(match[1]);
	const minutes = Number(match[2]);
	if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return undefined;
	return hours * 60 + minutes;
}

function formatClock(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	return day <= lengths[month - 1];
}

/**
 * Checks a calendar and returns the list of problems (empty when valid). `evaluate` throws a
 * `BusinessHoursError` listing them.
 */
export function validateCalendar(calendar: BusinessCalendar): string[] {
	const problems: string[] = [];
	if (!isValidIanaZone(calendar.zone)) {
		problems.push(`Time zone "${String(calendar.zone)}" is not an IANA time zone (e.g. Europe/Berlin)`);
	}
	const checkRanges = (ranges: TimeRange[] | undefined, where: string) => {
		for (const range of ranges ?? []) {
			const start = parseClock(String(range.start));
			const end = parseClock(String(range.end));
			if (start === undefined || start === 1440) {
				problems.push(`${where}: start "${String(range.start)}" is not a time of day (HH:mm)`);
			}
			if (end === undefined) problems.push(`${where}: end "${String(range.end)}" is not a time of day (HH:mm)`);
		}
	};
	for (const day of WEEKDAYS) {
		checkRanges(calendar.week?.[day], WEEKDAY_NAMES[day]);
		checkRanges(calendar.extended?.[day], `${WEEKDAY_NAMES[day]} extended hours`);
	}
	checkRanges(calendar.holidayHours, 'Holiday hours');
	checkRanges(calendar.holidayExtended, 'Holiday extended hours');
	if (calendar.holidayMode && !['closed', 'normal', 'specified'].includes(calendar.holidayMode)) {
		problems.push(`Holiday mode "${String(calendar.holidayMode)}" is not one of closed, normal, specified`);
	}
	for (const holiday of calendar.holidays ?? []) {
		const match = DATE_PATTERN.exec(String(holiday.date));
		const valid = match !== null && isCalendarDate(+match[1], +match[2], +match[3]);
		if (!valid) problems.push(`Holiday date "${String(holiday.date)}" is not a date (YYYY-MM-DD)`);
	}
	return problems;
}

/** Instants as the node may receive them: ISO/SQL/RFC 2822 strings, epoch ms, Date, luxon DateTime. */
export type InstantInput = string | number | Date | { toMillis(): number } | null | undefined;

/** Parses a date-time string in `zone` with luxon's ISO, SQL, RFC 2822 and HTTP parsers. */
function parseText(text: string, zone: string): DateTime | undefined {
	const options = { zone, setZone: false };
	const parsers = [
		(s: string) => DateTime.fromISO(s, options),
		(s: string) => DateTime.fromSQL(s, options),
		(s: string) => DateTime.fromRFC2822(s, options),
		(s: string) => DateTime.fromHTTP(s, options),
	];
	for (const attempt of parsers) {
		const candidate = attempt(text);
		if (candidate.isValid) return candidate;
	}
	return undefined;
}

/**
 * Parses an instant. Strings without an offset are read in `naiveZone` (default UTC, which is
 * how Autotask's REST API returns date-times); a time in the repeated hour of a DST change is
 * its first occurrence and a time in the skipped hour moves forward by the gap, whatever the
 * date the code runs on (luxon alone picks by today's offset).
 */
export function parseInstant(value: InstantInput, naiveZone = 'UTC'): DateTime {
	if (value === null || value === undefined || value === '') {
		throw new BusinessHoursError('No time to check: the value is empty');
	}
	let parsed: DateTime | undefined;
	if (value instanceof Date) {
		parsed = DateTime.fromJSDate(value);
	} else if (typeof value === 'number') {
		parsed = DateTime.fromMillis(value);
	} else if (typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		parsed = DateTime.fromMillis((value as { toMillis(): number }).toMillis());
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (/^-?\d{10,}$/.test(text)) {
			parsed = DateTime.fromMillis(Number(text));
		} else {
			// Read once as UTC and once at a fixed +07:00: the same instant both times means the
			// text carries its own offset; otherwise the UTC reading is the wall clock as written.
			const asUtc = parseText(text, 'UTC');
			const shifted = asUtc ? parseText(text, 'UTC+7') : undefined;
			if (asUtc && shifted && asUtc.toMillis() !== shifted.toMillis() && IANAZone.isValidZone(naiveZone)) {
				parsed = DateTime.fromMillis(wallClockToMillis(asUtc.toMillis(), naiveZone));
			} else {
				parsed = asUtc && shifted && asUtc.toMillis() !== shifted.toMillis() ? parseText(text, naiveZone) : asUtc;
			}
		}
	}
	if (!parsed || !parsed.isValid) {
		throw new BusinessHoursError(
			`"${typeof value === 'object' ? JSON.stringify(value) : String(value)}" is not a date and time (use ISO 8601, e.g. 2026-03-30T08:15:00Z)`,
		);
	}
	return parsed;
}

type IntervalKind = 'business' | 'extended';

interface Interval {
	start: number;
	end: number;
	kind: IntervalKind;
	/** Local date the range belongs to. */
	day: LocalDay;
	range: TimeRange;
	holiday?: { date: string; name: string };
	holidayRule?: 'normal' | 'specified';
}

/**
 * The instant of a local wall-clock time, deterministically across DST changes:
 * - a time inside a gap (clocks jump forward) moves forward by the gap (02:30 -> 03:30);
 * - a time that occurs twice (clocks go back) is its first occurrence.
 * (luxon's own resolution of the repeated hour depends on the current date, so it is not used.)
 * `naive` is the wall clock written as if it were UTC (Date.UTC of its fields).
 */
function wallClockToMillis(naive: number, zone: string): number {
	const info = IANAZone.create(zone);
	const before = info.offset(naive - 12 * 3600 * 1000);
	const after = info.offset(naive + 12 * 3600 * 1000);
	// No change of offset within 12 hours either side (nearly always): no gap, no repeat.
	if (before === after) return naive - before * 60000;
	const valid = [...new Set([before, after])]
		.map((offset) => naive - offset * 60000)
		.filter((ms) => naive - info.offset(ms) * 60000 === ms);
	if (valid.length > 0) return Math.min(...valid);
	return naive - before * 60000;
}

function localAt(day: LocalDay, minutes: number, zone: string): number {
	return wallClockToMillis(Date.UTC(day.year, day.month - 1, day.day, Math.floor(minutes / 60), minutes % 60), zone);
}

/** A calendar date of the calendar's zone (plain arithmetic, no zone needed). */
interface LocalDay {
	year: number;
	month: number;
	day: number;
	weekday: Weekday;
	iso: string;
}

const UTC_DAY_TO_WEEKDAY: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function localDay(year: number, month: number, day: number, plusDays = 0): LocalDay {
	const date = new Date(Date.UTC(year, month - 1, day + plusDays));
	const y = date.getUTCFullYear();
	const m = date.getUTCMonth() + 1;
	const d = date.getUTCDate();
	return {
		year: y,
		month: m,
		day: d,
		weekday: UTC_DAY_TO_WEEKDAY[date.getUTCDay()],
		iso: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
	};
}

function weekdayOf(day: LocalDay): Weekday {
	return day.weekday;
}

interface DayRules {
	business: TimeRange[];
	extended: TimeRange[];
	holiday?: { date: string; name: string };
	holidayRule?: 'closed' | 'normal' | 'specified';
}

function holidayIndex(calendar: BusinessCalendar): Map<string, string> {
	const byDate = new Map<string, string>();
	for (const h of calendar.holidays ?? []) {
		const name = (h.name ?? '').toString().trim() || 'holiday';
		const existing = byDate.get(h.date);
		byDate.set(h.date, existing && existing !== name ? `${existing} / ${name}` : name);
	}
	return byDate;
}

function rulesFor(calendar: BusinessCalendar, holidays: Map<string, string>, day: LocalDay): DayRules {
	const weekday = weekdayOf(day);
	const date = day.iso;
	const name = holidays.get(date);
	const normal = { business: calendar.week?.[weekday] ?? [], extended: calendar.extended?.[weekday] ?? [] };
	if (name === undefined) return normal;
	const holiday = { date, name };
	const mode = calendar.holidayMode ?? 'closed';
	if (mode === 'normal') return { ...normal, holiday, holidayRule: 'normal' };
	if (mode === 'specified') {
		return {
			business: calendar.holidayHours ?? [],
			extended: calendar.holidayExtended ?? [],
			holiday,
			holidayRule: 'specified',
		};
	}
	return { business: [], extended: [], holiday, holidayRule: 'closed' };
}

function buildIntervals(
	calendar: BusinessCalendar,
	holidays: Map<string, string>,
	firstDay: LocalDay,
	days: number,
): Interval[] {
	const zone = calendar.zone;
	const out: Interval[] = [];
	for (let i = 0; i < days; i++) {
		const day = localDay(firstDay.year, firstDay.month, firstDay.day, i);
		const rules = rulesFor(calendar, holidays, day);
		const add = (ranges: TimeRange[], kind: IntervalKind) => {
			for (const range of ranges) {
				const startMin = parseClock(range.start) as number;
				const endMin = parseClock(range.end) as number;
				const start = localAt(day, startMin, zone);
				// End not after start: the range runs into the next day (equal = 24 hours).
				const end = endMin > startMin ? localAt(day, endMin, zone) : localAt(day, endMin + 1440, zone);
				if (end <= start) continue;
				out.push({
					start,
					end,
					kind,
					day,
					range,
					holiday: rules.holiday,
					holidayRule: rules.holidayRule === 'closed' ? undefined : rules.holidayRule,
				});
			}
		};
		add(rules.business, 'business');
		add(rules.extended, 'extended');
	}
	return out;
}

function merge(intervals: Interval[]): Array<{ start: number; end: number }> {
	const sorted = [...intervals].sort((a, b) => a.start - b.start);
	const merged: Array<{ start: number; end: number }> = [];
	for (const i of sorted) {
		const last = merged[merged.length - 1];
		if (last && i.start <= last.end) {
			last.end = Math.max(last.end, i.end);
		} else {
			merged.push({ start: i.start, end: i.end });
		}
	}
	return merged;
}

function clockIn(ms: number, zone: string): string {
	return DateTime.fromMillis(ms, { zone }).toFormat('HH:mm');
}

function describeRange(interval: Interval, zone: string): string {
	const start = formatClock(parseClock(interval.range.start) as number);
	const end = formatClock(parseClock(interval.range.end) as number);
	return `${start}–${end} ${zone}`;
}

/**
 * Whether `instant` is inside the calendar's business hours, why, and the next change (searched
 * up to `horizonDays` ahead). Throws `BusinessHoursError` for an invalid calendar or instant.
 */
export function evaluate(
	calendar: BusinessCalendar,
	instant: InstantInput,
	options: EvaluateOptions = {},
): BusinessHoursVerdict {
	const problems = validateCalendar(calendar);
	if (problems.length > 0) throw new BusinessHoursError(`Invalid business hours: ${problems.join('; ')}`);
	const horizonDays = Math.min(Math.max(Math.ceil(options.horizonDays ?? DEFAULT_HORIZON_DAYS), 1), MAX_HORIZON_DAYS);
	const zone = calendar.zone;
	const now = parseInstant(instant, options.naiveZone ?? 'UTC').setZone(zone);
	const t = now.toMillis();
	const today = localDay(now.year, now.month, now.day);
	const holidays = holidayIndex(calendar);

	// Ranges of the previous two days can still be running (past midnight); one more day than the
	// horizon so a change exactly at the horizon is seen.
	// The next change is usually within a few days: build a short window first and the whole
	// horizon only when the short one has no change.
	const firstDay = localDay(today.year, today.month, today.day, -2);
	const countExtended = calendar.countExtendedHours === true;
	const horizonEnd = now.plus({ days: horizonDays }).toMillis();
	const totalDays = horizonDays + 4;
	let intervals: Interval[] = [];
	let counted: Interval[] = [];
	let open: Array<{ start: number; end: number }> = [];
	let current: { start: number; end: number } | undefined;
	let nextChangeMs: number | undefined;
	for (const days of totalDays > 6 ? [6, totalDays] : [totalDays]) {
		intervals = buildIntervals(calendar, holidays, firstDay, days);
		counted = intervals.filter((i) => i.kind === 'business' || countExtended);
		open = merge(counted);
		const windowEnd = localAt(firstDay, days * 1440, zone);
		current = open.find((m) => m.start <= t && t < m.end);
		nextChangeMs = undefined;
		if (current) {
			// A merged interval that reaches the window's end may continue beyond it.
			if (current.end <= horizonEnd && current.end < windowEnd) nextChangeMs = current.end;
		} else {
			const next = open.find((m) => m.start > t);
			if (next && next.start <= horizonEnd) nextChangeMs = next.start;
		}
		if (nextChangeMs !== undefined) break;
	}
	const inBusinessHours = current !== undefined;
	const inExtendedHours =
		intervals.some((i) => i.kind === 'extended' && i.start <= t && t < i.end) &&
		!intervals.some((i) => i.kind === 'business' && i.start <= t && t < i.end);

	const todayRules = rulesFor(calendar, holidays, today);
	const todayDate = today.iso;
	const weekday = WEEKDAY_NAMES[weekdayOf(today)];
	let reason: string;
	if (current) {
		const running = counted
			.filter((i) => i.start <= t && t < i.end)
			.sort((a, b) => (a.kind === b.kind ? b.start - a.start : a.kind === 'business' ? -1 : 1))[0];
		const dayName = WEEKDAY_NAMES[weekdayOf(running.day)];
		const what = running.kind === 'extended' ? 'extended hours (counted as business hours)' : 'business hours';
		if (running.holiday && running.holidayRule === 'specified') {
			reason = `holiday: ${running.holiday.name}, holiday ${what} ${describeRange(running, zone)}`;
		} else if (running.holiday && running.holidayRule === 'normal') {
			reason = `holiday: ${running.holiday.name}, normal ${what} ${dayName} ${describeRange(running, zone)}`;
		} else {
			reason = `${what}: ${dayName} ${describeRange(running, zone)}`;
		}
	} else {
		const todayStart = localAt(today, 0, zone);
		const tomorrowStart = localAt(today, 1440, zone);
		// Inside today's local date, midnight itself excluded.
		const isTodayMidnight = (ms: number) => ms > todayStart && ms < tomorrowStart;
		const endedToday = open.filter((m) => m.end <= t && isTodayMidnight(m.end)).map((m) => m.end);
		const startsToday = open.filter((m) => m.start > t && isTodayMidnight(m.start)).map((m) => m.start);
		const prev = endedToday.length > 0 ? Math.max(...endedToday) : undefined;
		const next = startsToday.length > 0 ? Math.min(...startsToday) : undefined;
		const ownRanges = todayRules.business.length + (countExtended ? todayRules.extended.length : 0);
		let when: string;
		if (ownRanges === 0) {
			when = weekday;
		} else if (prev !== undefined && next !== undefined) {
			when = `between ${clockIn(prev, zone)} and ${clockIn(next, zone)} ${zone}`;
		} else if (prev !== undefined) {
			when = `after ${clockIn(prev, zone)} ${zone}`;
		} else if (next !== undefined) {
			when = `before ${clockIn(next, zone)} ${zone}`;
		} else {
			when = weekday;
		}
		if (todayRules.holiday && todayRules.holidayRule === 'closed') {
			reason = `holiday: ${todayRules.holiday.name}`;
		} else if (todayRules.holiday) {
			const rule = todayRules.holidayRule === 'specified' ? 'holiday hours' : 'normal hours';
			reason =
				ownRanges === 0
					? `holiday: ${todayRules.holiday.name}, no ${rule} on ${weekday}`
					: `holiday: ${todayRules.holiday.name}, ${when} (${rule})`;
		} else {
			reason = when;
		}
		if (inExtendedHours) reason += ' (in extended hours, not counted as business hours)';
	}

	const verdict: BusinessHoursVerdict = {
		inBusinessHours,
		reason,
		timeZone: zone,
		checkedAt: now.toUTC().toISO({ suppressMilliseconds: true }) as string,
		localTime: now.toISO({ suppressMilliseconds: true }) as string,
		localDate: todayDate,
		weekday,
		holiday: todayRules.holiday ?? null,
		inExtendedHours,
		extendedHoursCounted: countExtended,
		nextChange: nextChangeMs === undefined ? null : inBusinessHours ? 'closes' : 'opens',
		nextChangeAt:
			nextChangeMs === undefined
				? null
				: (DateTime.fromMillis(nextChangeMs, { zone }).toISO({ suppressMilliseconds: true }) as string),
		minutesUntilChange: nextChangeMs === undefined ? null : Math.ceil((nextChangeMs - t) / 60000),
	};
	if (nextChangeMs === undefined) {
		verdict.note = inBusinessHours
			? `open for at least the next ${horizonDays} days`
			: `closed for at least the next ${horizonDays} days`;
	}
	if (calendar.name) verdict.calendar = calendar.name;
	if (calendar.warnings && calendar.warnings.length > 0) verdict.warnings = [...calendar.warnings];
	return verdict;
}

// ---------------------------------------------------------------------------------------------
// Autotask: InternalLocationWithBusinessHours + Holidays -> BusinessCalendar

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
export function autotaskClockTime(value: unknown, field: string, reading?: ClockTimeReading): string | undefined {
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
	const asInstant = reading !== undefined && (reading.encoding === 'utc' || (reading.encoding === 'detect' && written !== undefined));
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
		warnings.push(`${startField}/${endField}: only one of start and end is set; the range is ignored`);
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
export function autotaskHolidayDate(value: unknown, reading?: ClockTimeReading): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
	if (!match) return undefined;
	const asWritten = `${match[1]}-${match[2]}-${match[3]}`;
	if (!reading || reading.encoding === 'local' || !isValidIanaZone(reading.zone)) return asWritten;
	const written = writtenOffsetMinutes(text);
	if (reading.encoding === 'detect' && written === undefined) return asWritten;
	const utcMs = Date.UTC(+match[1], +match[2] - 1, +match[3], Number(match[4] ?? 0), Number(match[5] ?? 0) - (written ?? 0), Number(match[6] ?? 0));
	if (utcMs % 86400000 === 0) return asWritten;
	return DateTime.fromMillis(utcMs, { zone: reading.zone }).toISODate() ?? asWritten;
}

/**
 * Builds a calendar from an Autotask location and the holidays of its holiday set.
 *
 * - Zone: `timeZoneOverride`, else the `timeZoneID` picklist label mapped to IANA, else the id
 *   read as a Microsoft Time Zone Index (reported in `warnings`).
 * - Holidays: `noHoursOnHolidays` or holiday hours type None -> closed; Normal -> the weekday's
 *   hours; Specified -> the location's holiday (extended) hours, on any weekday.
 * - Times and holiday dates: local clock times or UTC instants, see `LocationTimeEncoding`.
 */
export function fromAutotaskLocation(
	location: AutotaskLocation,
	holidays: AutotaskHoliday[],
	picklists: AutotaskLocationPicklists = {},
	options: FromAutotaskOptions = {},
): BusinessCalendar {
	const warnings: string[] = [];
	let zone: string;
	if (options.timeZoneOverride && options.timeZoneOverride.trim() !== '') {
		zone = timeZoneFromLabel(options.timeZoneOverride, options.now).zone;
	} else {
		const resolved = timeZoneFromAutotaskId(location.timeZoneID, picklists.timeZoneID, options.now);
		zone = resolved.zone;
		if (resolved.warning) warnings.push(resolved.warning);
	}

	const reading: ClockTimeReading = { zone, encoding: options.timeEncoding ?? 'detect', now: options.now };
	const week: WeekHours = {};
	const extended: WeekHours = {};
	for (const [day, prefix] of AUTOTASK_DAYS) {
		week[day] = pair(location, `${prefix}BusinessHoursStartTime`, `${prefix}BusinessHoursEndTime`, warnings, reading);
		extended[day] = pair(location, `${prefix}ExtendedHoursStartTime`, `${prefix}ExtendedHoursEndTime`, warnings, reading);
	}

	let holidayMode: HolidayMode;
	const type = holidayHoursTypeOf(location.holidayHoursType, picklists.holidayHoursType);
	if (location.noHoursOnHolidays === true) {
		holidayMode = 'closed';
	} else if (type === 'normal') {
		holidayMode = 'normal';
	} else if (type === 'specified') {
		holidayMode = 'specified';
	} else {
		holidayMode = 'closed';
		if (type === undefined) {
			warnings.push(
				`Unknown holiday hours type ${String(location.holidayHoursType)}; holidays are treated as closed`,
			);
		}
	}
	const holidayHours =
		holidayMode === 'specified'
			? pair(location, 'holidayHoursStartTime', 'holidayHoursEndTime', warnings, reading)
			: [];
	const holidayExtended =
		holidayMode === 'specified'
			? pair(location, 'holidayExtendedHoursStartTime', 'holidayExtendedHoursEndTime', warnings, reading)
			: [];
	if (holidayMode === 'specified' && holidayHours.length === 0) {
		warnings.push('Holiday hours type is Specified but no holiday hours are set; holidays are closed');
	}

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

	return {
		zone,
		week,
		extended,
		holidays: calendarHolidays,
		holidayMode,
		holidayHours,
		holidayExtended,
		countExtendedHours: options.countExtendedHours === true,
		name: location.name ?? (location.id !== undefined ? `location ${location.id}` : undefined),
		warnings,
	};
}
