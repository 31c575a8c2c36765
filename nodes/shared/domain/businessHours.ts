/**
 * Business hours: is an instant inside a calendar's business hours, why, and when does that
 * change next (`evaluate`). The calendar model is in businessCalendar.ts, its intervals in
 * businessIntervals.ts, the Autotask location reader in autotaskLocationCalendar.ts.
 *
 * Pure module: no n8n imports. luxon does the zone arithmetic (DST included).
 */
import { DateTime } from 'luxon';

import {
	BusinessHoursError,
	validateCalendar,
	WEEKDAY_NAMES,
	type BusinessCalendar,
	type BusinessHoursVerdict,
	type EvaluateOptions,
} from './businessCalendar';
import {
	buildIntervals,
	clockIn,
	describeRange,
	holidayIndex,
	localAt,
	localDay,
	merge,
	rulesFor,
	weekdayOf,
	type DayRules,
	type Interval,
	type LocalDay,
} from './businessIntervals';
import { parseInstant, type InstantInput } from './instantInput';

const DEFAULT_HORIZON_DAYS = 14;
const MAX_HORIZON_DAYS = 400;

type OpenSpan = { start: number; end: number };

interface OpenWindow {
	intervals: Interval[];
	/** The intervals that count as business hours (extended ones only when counted). */
	counted: Interval[];
	open: OpenSpan[];
	/** The open span `t` is in, if any. */
	current?: OpenSpan;
	nextChangeMs?: number;
}

/**
 * The intervals around `t` and the next change. Ranges of the previous two days can still be
 * running (past midnight); one more day than the horizon so a change exactly at the horizon is
 * seen. The next change is usually within a few days: a short window is built first and the
 * whole horizon only when the short one has no change.
 */
function openWindowAround(
	calendar: BusinessCalendar,
	holidays: Map<string, string>,
	firstDay: LocalDay,
	t: number,
	horizonDays: number,
	horizonEnd: number,
): OpenWindow {
	const countExtended = calendar.countExtendedHours === true;
	const totalDays = horizonDays + 4;
	let window: OpenWindow = { intervals: [], counted: [], open: [] };
	for (const days of totalDays > 6 ? [6, totalDays] : [totalDays]) {
		const intervals = buildIntervals(calendar, holidays, firstDay, days);
		const counted = intervals.filter((i) => i.kind === 'business' || countExtended);
		const open = merge(counted);
		const windowEnd = localAt(firstDay, days * 1440, calendar.zone);
		const current = open.find((m) => m.start <= t && t < m.end);
		let nextChangeMs: number | undefined;
		if (current) {
			// A merged interval that reaches the window's end may continue beyond it.
			if (current.end <= horizonEnd && current.end < windowEnd) nextChangeMs = current.end;
		} else {
			const next = open.find((m) => m.start > t);
			if (next && next.start <= horizonEnd) nextChangeMs = next.start;
		}
		window = { intervals, counted, open, current, nextChangeMs };
		if (nextChangeMs !== undefined) break;
	}
	return window;
}

/** Why it is open: the range running at `t` (business hours before extended, the latest first). */
function openReason(counted: Interval[], t: number, zone: string): string {
	const running = counted
		.filter((i) => i.start <= t && t < i.end)
		.sort((a, b) => (a.kind === b.kind ? b.start - a.start : a.kind === 'business' ? -1 : 1))[0];
	const dayName = WEEKDAY_NAMES[weekdayOf(running.day)];
	const what =
		running.kind === 'extended' ? 'extended hours (counted as business hours)' : 'business hours';
	if (running.holiday && running.holidayRule === 'specified') {
		return `holiday: ${running.holiday.name}, holiday ${what} ${describeRange(running, zone)}`;
	}
	if (running.holiday && running.holidayRule === 'normal') {
		return `holiday: ${running.holiday.name}, normal ${what} ${dayName} ${describeRange(running, zone)}`;
	}
	return `${what}: ${dayName} ${describeRange(running, zone)}`;
}

/** When today it is closed: between, after or before today's own openings, else the weekday. */
function closedWhen(
	open: OpenSpan[],
	t: number,
	today: LocalDay,
	ownRanges: number,
	zone: string,
): string {
	const weekday = WEEKDAY_NAMES[weekdayOf(today)];
	if (ownRanges === 0) return weekday;
	const todayStart = localAt(today, 0, zone);
	const tomorrowStart = localAt(today, 1440, zone);
	// Inside today's local date, midnight itself excluded.
	const isTodayMidnight = (ms: number) => ms > todayStart && ms < tomorrowStart;
	const endedToday = open.filter((m) => m.end <= t && isTodayMidnight(m.end)).map((m) => m.end);
	const startsToday = open
		.filter((m) => m.start > t && isTodayMidnight(m.start))
		.map((m) => m.start);
	const prev = endedToday.length > 0 ? Math.max(...endedToday) : undefined;
	const next = startsToday.length > 0 ? Math.min(...startsToday) : undefined;
	if (prev !== undefined && next !== undefined)
		return `between ${clockIn(prev, zone)} and ${clockIn(next, zone)} ${zone}`;
	if (prev !== undefined) return `after ${clockIn(prev, zone)} ${zone}`;
	if (next !== undefined) return `before ${clockIn(next, zone)} ${zone}`;
	return weekday;
}

/** Why it is closed: the holiday, or when today's hours are. */
function closedReason(
	window: OpenWindow,
	t: number,
	today: LocalDay,
	todayRules: DayRules,
	countExtended: boolean,
	inExtendedHours: boolean,
	zone: string,
): string {
	const weekday = WEEKDAY_NAMES[weekdayOf(today)];
	const ownRanges = todayRules.business.length + (countExtended ? todayRules.extended.length : 0);
	const when = closedWhen(window.open, t, today, ownRanges, zone);
	let reason: string;
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
	return inExtendedHours ? `${reason} (in extended hours, not counted as business hours)` : reason;
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
	if (problems.length > 0)
		throw new BusinessHoursError(`Invalid business hours: ${problems.join('; ')}`);
	const horizonDays = Math.min(
		Math.max(Math.ceil(options.horizonDays ?? DEFAULT_HORIZON_DAYS), 1),
		MAX_HORIZON_DAYS,
	);
	const zone = calendar.zone;
	const now = parseInstant(instant, options.naiveZone ?? 'UTC').setZone(zone);
	const t = now.toMillis();
	const today = localDay(now.year, now.month, now.day);
	const holidays = holidayIndex(calendar);
	const countExtended = calendar.countExtendedHours === true;
	const firstDay = localDay(today.year, today.month, today.day, -2);
	const window = openWindowAround(
		calendar,
		holidays,
		firstDay,
		t,
		horizonDays,
		now.plus({ days: horizonDays }).toMillis(),
	);
	const { intervals, nextChangeMs } = window;

	const inBusinessHours = window.current !== undefined;
	const inExtendedHours =
		intervals.some((i) => i.kind === 'extended' && i.start <= t && t < i.end) &&
		!intervals.some((i) => i.kind === 'business' && i.start <= t && t < i.end);
	const todayRules = rulesFor(calendar, holidays, today);
	const reason = inBusinessHours
		? openReason(window.counted, t, zone)
		: closedReason(window, t, today, todayRules, countExtended, inExtendedHours, zone);

	const verdict: BusinessHoursVerdict = {
		inBusinessHours,
		reason,
		timeZone: zone,
		checkedAt: now.toUTC().toISO({ suppressMilliseconds: true }) as string,
		localTime: now.toISO({ suppressMilliseconds: true }) as string,
		localDate: today.iso,
		weekday: WEEKDAY_NAMES[weekdayOf(today)],
		holiday: todayRules.holiday ?? null,
		inExtendedHours,
		extendedHoursCounted: countExtended,
		nextChange: nextChangeMs === undefined ? null : inBusinessHours ? 'closes' : 'opens',
		nextChangeAt:
			nextChangeMs === undefined
				? null
				: (DateTime.fromMillis(nextChangeMs, { zone }).toISO({
						suppressMilliseconds: true,
					}) as string),
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
