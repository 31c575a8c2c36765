/**
 * Business Hours reads an Autotask location whether the API writes its times and holiday dates as
 * local clock times or as UTC instants. (Reading times without offset in every season:
 * instantInput.test.ts.)
 */
import { DateTime } from 'luxon';

import {
	autotaskClockTime,
	autotaskHolidayDate,
	fromAutotaskLocation,
	type AutotaskHoliday,
	type AutotaskLocation,
	type ClockTimeReading,
} from '../../../../../nodes/shared/domain/autotaskLocationCalendar';
import type { BusinessCalendar } from '../../../../../nodes/shared/domain/businessCalendar';
import { evaluate } from '../../../../../nodes/shared/domain/businessHours';

const WINTER = new Date('2026-01-15T12:00:00Z');
const SUMMER = new Date('2026-07-15T12:00:00Z');

describe('Autotask time fields: local clock times or UTC instants', () => {
	const berlin = (encoding: ClockTimeReading['encoding']): ClockTimeReading => ({
		zone: 'Europe/Berlin',
		encoding,
		now: SUMMER,
	});

	it.each([
		// value, zone, detect, local, utc
		['1900-01-01T08:00:00', 'Europe/Berlin', '08:00', '08:00', '09:00'],
		['08:00', 'Europe/Berlin', '08:00', '08:00', '09:00'],
		['1900-01-01T07:00:00Z', 'Europe/Berlin', '08:00', '07:00', '08:00'],
		['1900-01-01T08:00:00+01:00', 'Europe/Berlin', '08:00', '08:00', '08:00'],
		['1900-01-01T16:00:00.000Z', 'Europe/Berlin', '17:00', '16:00', '17:00'],
		['1900-01-01T22:59:59Z', 'Europe/Berlin', '24:00', '22:59', '24:00'],
		['1899-12-31T23:30:00Z', 'Europe/Berlin', '00:30', '23:30', '00:30'],
		// A real date converts with that date's offset (summer time in Berlin).
		['2026-07-01T06:00:00Z', 'Europe/Berlin', '08:00', '06:00', '08:00'],
		['2026-01-05T07:00:00Z', 'Europe/Berlin', '08:00', '07:00', '08:00'],
		// A placeholder date converts with the standard offset, not 1900's local mean time.
		['1900-01-01T13:00:00Z', 'America/New_York', '08:00', '13:00', '08:00'],
		['1900-01-01T02:30:00Z', 'Asia/Kolkata', '08:00', '02:30', '08:00'],
		['1900-01-01T22:00:00Z', 'Australia/Sydney', '08:00', '22:00', '08:00'],
	])('%s in %s: detect %s, local %s, utc %s', (value, zone, detect, local, utc) => {
		expect(
			autotaskClockTime(value, 'mondayBusinessHoursStartTime', {
				zone,
				encoding: 'detect',
				now: SUMMER,
			}),
		).toBe(detect);
		expect(
			autotaskClockTime(value, 'mondayBusinessHoursStartTime', {
				zone,
				encoding: 'local',
				now: SUMMER,
			}),
		).toBe(local);
		expect(
			autotaskClockTime(value, 'mondayBusinessHoursStartTime', {
				zone,
				encoding: 'utc',
				now: SUMMER,
			}),
		).toBe(utc);
	});

	it('the standard offset of a placeholder date does not depend on the season the code runs in', () => {
		const winter = autotaskClockTime('1900-01-01T07:00:00Z', 'x', {
			...berlin('detect'),
			now: WINTER,
		});
		expect(winter).toBe(autotaskClockTime('1900-01-01T07:00:00Z', 'x', berlin('detect')));
	});

	it.each([
		// value, zone, detect, local, utc
		['2026-12-25T00:00:00', 'Europe/Berlin', '2026-12-25', '2026-12-25', '2026-12-25'],
		['2026-12-25', 'Europe/Berlin', '2026-12-25', '2026-12-25', '2026-12-25'],
		['2026-12-24T23:00:00Z', 'Europe/Berlin', '2026-12-25', '2026-12-24', '2026-12-25'],
		['2026-12-24T23:00:00', 'Europe/Berlin', '2026-12-24', '2026-12-24', '2026-12-25'],
		['2026-07-03T22:00:00.000Z', 'Europe/Berlin', '2026-07-04', '2026-07-03', '2026-07-04'],
		['2026-12-25T00:00:00Z', 'Europe/Berlin', '2026-12-25', '2026-12-25', '2026-12-25'],
		['2026-12-25T05:00:00Z', 'America/New_York', '2026-12-25', '2026-12-25', '2026-12-25'],
		['2026-12-25T00:00:00Z', 'America/New_York', '2026-12-25', '2026-12-25', '2026-12-25'],
		['2026-12-24T13:00:00Z', 'Australia/Sydney', '2026-12-25', '2026-12-24', '2026-12-25'],
		['2026-12-25T00:00:00+01:00', 'Europe/Berlin', '2026-12-25', '2026-12-25', '2026-12-25'],
	])('holiday %s in %s: detect %s, local %s, utc %s', (value, zone, detect, local, utc) => {
		expect(autotaskHolidayDate(value, { zone, encoding: 'detect' })).toBe(detect);
		expect(autotaskHolidayDate(value, { zone, encoding: 'local' })).toBe(local);
		expect(autotaskHolidayDate(value, { zone, encoding: 'utc' })).toBe(utc);
	});

	it('an unreadable holiday date is no date', () => {
		expect(
			autotaskHolidayDate('Christmas', { zone: 'Europe/Berlin', encoding: 'detect' }),
		).toBeUndefined();
		expect(
			autotaskHolidayDate(null, { zone: 'Europe/Berlin', encoding: 'detect' }),
		).toBeUndefined();
	});
});

describe('a location whose times come as UTC instants routes the same as one with local times', () => {
	const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
	const picklists = {
		timeZoneID: [
			{ value: '110', label: '(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna' },
			{ value: '7', label: '(GMT-05:00) Eastern Time (US & Canada)' },
		],
		holidayHoursType: [
			{ value: '1', label: 'None' },
			{ value: '2', label: 'Normal' },
			{ value: '3', label: 'Specified' },
		],
	};

	/** A location written as local clock times on 1900-01-01 (the simulator's encoding). */
	function localLocation(timeZoneID: number, specified: boolean): AutotaskLocation {
		const loc: AutotaskLocation = {
			id: 1,
			name: 'Office',
			timeZoneID,
			holidaySetID: 1,
			noHoursOnHolidays: false,
			holidayHoursType: specified ? 3 : 1,
			holidayHoursStartTime: specified ? '1900-01-01T10:00:00' : null,
			holidayHoursEndTime: specified ? '1900-01-01T14:00:00' : null,
			holidayExtendedHoursStartTime: null,
			holidayExtendedHoursEndTime: null,
		};
		for (const day of DAYS) {
			const weekday = !['saturday', 'sunday'].includes(day);
			loc[`${day}BusinessHoursStartTime`] = weekday
				? '1900-01-01T08:00:00'
				: day === 'saturday'
					? '1900-01-01T00:30:00'
					: null;
			loc[`${day}BusinessHoursEndTime`] = weekday
				? '1900-01-01T17:00:00'
				: day === 'saturday'
					? '1900-01-01T03:00:00'
					: null;
			loc[`${day}ExtendedHoursStartTime`] = weekday ? '1900-01-01T17:00:00' : null;
			loc[`${day}ExtendedHoursEndTime`] = weekday ? '1900-01-01T23:59:59' : null;
		}
		return loc;
	}

	/** The same location as a UTC API writes it: each clock time minus the standard offset, with Z. */
	function asUtcInstants(loc: AutotaskLocation, standardOffsetMinutes: number): AutotaskLocation {
		const out: AutotaskLocation = { ...loc };
		for (const [field, value] of Object.entries(loc)) {
			if (!/Time$/.test(field) || typeof value !== 'string') continue;
			const local = DateTime.fromISO(value, { zone: 'UTC' });
			out[field] = local
				.minus({ minutes: standardOffsetMinutes })
				.toISO({ suppressMilliseconds: true });
		}
		return out;
	}

	const localHolidays: AutotaskHoliday[] = [
		{ id: 1, holidayDate: '2026-12-25T00:00:00', holidayName: 'Christmas Day', holidaySetID: 1 },
		{ id: 2, holidayDate: '2026-07-04T00:00:00', holidayName: 'Summer Saturday', holidaySetID: 1 },
		{ id: 3, holidayDate: '2026-05-01T00:00:00', holidayName: 'Labour Day', holidaySetID: 1 },
	];
	/** Local midnight of each holiday as a UTC instant (Berlin: the previous day, 23:00 or 22:00). */
	const utcHolidays = (zone: string): AutotaskHoliday[] =>
		localHolidays.map((h) => ({
			...h,
			holidayDate: DateTime.fromISO(String(h.holidayDate), { zone }).toUTC().toISO(),
		}));

	// Every hour across a week in winter, one in summer, and the holidays.
	const instants: string[] = [];
	for (const start of [
		'2026-01-12T00:00:00Z',
		'2026-06-29T00:00:00Z',
		'2026-12-24T00:00:00Z',
		'2026-04-30T00:00:00Z',
	]) {
		for (let i = 0; i < 7 * 24; i++)
			instants.push(new Date(Date.parse(start) + i * 3600000).toISOString());
	}

	it.each([
		['Europe/Berlin', 110, 60, false],
		['Europe/Berlin', 110, 60, true],
		['America/New_York', 7, -300, true],
	])('%s (holiday hours Specified: %s)', (zone, timeZoneID, standardOffset, specified) => {
		const local = fromAutotaskLocation(
			localLocation(timeZoneID, specified),
			localHolidays,
			picklists,
			{ now: SUMMER },
		);
		const utcLocation = asUtcInstants(localLocation(timeZoneID, specified), standardOffset);
		expect(utcLocation.mondayBusinessHoursStartTime).toBe(
			standardOffset === 60 ? '1900-01-01T07:00:00Z' : '1900-01-01T13:00:00Z',
		);
		const utc = fromAutotaskLocation(utcLocation, utcHolidays(zone), picklists, { now: SUMMER });
		expect(local.zone).toBe(zone);
		expect(utc.week).toEqual(local.week);
		expect(utc.extended).toEqual(local.extended);
		expect(utc.holidays).toEqual(local.holidays);
		expect(utc.holidayHours).toEqual(local.holidayHours);
		const routed = (cal: BusinessCalendar) =>
			instants.map((t) => evaluate(cal, t, { horizonDays: 3 }));
		const fromLocal = routed(local);
		expect(routed(utc)).toEqual(fromLocal);
		// The check can fail: the same UTC location read as local clock times routes differently.
		const misread = fromAutotaskLocation(utcLocation, utcHolidays(zone), picklists, {
			now: SUMMER,
			timeEncoding: 'local',
		});
		expect(routed(misread).map((v) => v.inBusinessHours)).not.toEqual(
			fromLocal.map((v) => v.inBusinessHours),
		);
		// Sanity: the week contains both outcomes and a holiday.
		expect(new Set(fromLocal.map((v) => v.inBusinessHours))).toEqual(new Set([true, false]));
		expect(fromLocal.some((v) => v.holiday?.name === 'Christmas Day')).toBe(true);
	});
});
