/**
 * The business-hours calendar model: a weekly schedule in one IANA zone (several ranges per day;
 * a range whose end is not after its start runs past midnight and belongs to the day it starts),
 * optional extended hours, holidays by local date and what holidays do (closed / normal hours /
 * specified hours); the verdict `evaluate` (businessHours.ts) gives; clock times and the
 * calendar's validation. Pure module: no n8n imports.
 */
import { isValidIanaZone } from './autotaskTimeZones';

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

/** `HH:mm` or `H:mm[:ss]` -> minutes after midnight (0..1440), or undefined if malformed. */
export function parseClock(value: string): number | undefined {
	const match = /^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*$/.exec(value);
	if (!match) return undefined;
	const hours = Number(match[1]);
	const minutes = Number(match[2]);
	if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return undefined;
	return hours * 60 + minutes;
}

export function formatClock(minutes: number): string {
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
		problems.push(
			`Time zone "${String(calendar.zone)}" is not an IANA time zone (e.g. Europe/Berlin)`,
		);
	}
	const checkRanges = (ranges: TimeRange[] | undefined, where: string) => {
		for (const range of ranges ?? []) {
			const start = parseClock(String(range.start));
			const end = parseClock(String(range.end));
			if (start === undefined || start === 1440) {
				problems.push(`${where}: start "${String(range.start)}" is not a time of day (HH:mm)`);
			}
			if (end === undefined)
				problems.push(`${where}: end "${String(range.end)}" is not a time of day (HH:mm)`);
		}
	};
	for (const day of WEEKDAYS) {
		checkRanges(calendar.week?.[day], WEEKDAY_NAMES[day]);
		checkRanges(calendar.extended?.[day], `${WEEKDAY_NAMES[day]} extended hours`);
	}
	checkRanges(calendar.holidayHours, 'Holiday hours');
	checkRanges(calendar.holidayExtended, 'Holiday extended hours');
	if (calendar.holidayMode && !['closed', 'normal', 'specified'].includes(calendar.holidayMode)) {
		problems.push(
			`Holiday mode "${String(calendar.holidayMode)}" is not one of closed, normal, specified`,
		);
	}
	for (const holiday of calendar.holidays ?? []) {
		const match = DATE_PATTERN.exec(String(holiday.date));
		const valid = match !== null && isCalendarDate(+match[1], +match[2], +match[3]);
		if (!valid) problems.push(`Holiday date "${String(holiday.date)}" is not a date (YYYY-MM-DD)`);
	}
	return problems;
}
