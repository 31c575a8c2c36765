/**
 * A calendar laid out in time: the local days around an instant, the rules of each day (weekly
 * hours, holidays) and the business and extended intervals they open, as epoch milliseconds;
 * wall-clock arithmetic that stays deterministic across DST changes. Pure module: no n8n imports.
 */
import { DateTime, IANAZone } from 'luxon';

import {
	formatClock,
	parseClock,
	type BusinessCalendar,
	type TimeRange,
	type Weekday,
} from './businessCalendar';

export type IntervalKind = 'business' | 'extended';

export interface Interval {
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
export function wallClockToMillis(naive: number, zone: string): number {
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

export function localAt(day: LocalDay, minutes: number, zone: string): number {
	return wallClockToMillis(
		Date.UTC(day.year, day.month - 1, day.day, Math.floor(minutes / 60), minutes % 60),
		zone,
	);
}

/** A calendar date of the calendar's zone (plain arithmetic, no zone needed). */
export interface LocalDay {
	year: number;
	month: number;
	day: number;
	weekday: Weekday;
	iso: string;
}

const UTC_DAY_TO_WEEKDAY: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function localDay(year: number, month: number, day: number, plusDays = 0): LocalDay {
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

export function weekdayOf(day: LocalDay): Weekday {
	return day.weekday;
}

export interface DayRules {
	business: TimeRange[];
	extended: TimeRange[];
	holiday?: { date: string; name: string };
	holidayRule?: 'closed' | 'normal' | 'specified';
}

export function holidayIndex(calendar: BusinessCalendar): Map<string, string> {
	const byDate = new Map<string, string>();
	for (const h of calendar.holidays ?? []) {
		const name = (h.name ?? '').toString().trim() || 'holiday';
		const existing = byDate.get(h.date);
		byDate.set(h.date, existing && existing !== name ? `${existing} / ${name}` : name);
	}
	return byDate;
}

export function rulesFor(
	calendar: BusinessCalendar,
	holidays: Map<string, string>,
	day: LocalDay,
): DayRules {
	const weekday = weekdayOf(day);
	const date = day.iso;
	const name = holidays.get(date);
	const normal = {
		business: calendar.week?.[weekday] ?? [],
		extended: calendar.extended?.[weekday] ?? [],
	};
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

export function buildIntervals(
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
				const end =
					endMin > startMin ? localAt(day, endMin, zone) : localAt(day, endMin + 1440, zone);
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

export function merge(intervals: Interval[]): Array<{ start: number; end: number }> {
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

export function clockIn(ms: number, zone: string): string {
	return DateTime.fromMillis(ms, { zone }).toFormat('HH:mm');
}

export function describeRange(interval: Interval, zone: string): string {
	const start = formatClock(parseClock(interval.range.start) as number);
	const end = formatClock(parseClock(interval.range.end) as number);
	return `${start}–${end} ${zone}`;
}
