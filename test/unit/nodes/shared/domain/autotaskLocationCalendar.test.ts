import {
	autotaskClockTime,
	fromAutotaskLocation,
	holidayHoursTypeOf,
	type AutotaskLocation,
} from '../../../../../nodes/shared/domain/autotaskLocationCalendar';
import { BusinessHoursError } from '../../../../../nodes/shared/domain/businessCalendar';
import { evaluate } from '../../../../../nodes/shared/domain/businessHours';

const NOW = new Date('2026-06-15T12:00:00Z');

describe('Autotask time fields', () => {
	it.each([
		['1900-01-01T08:00:00', '08:00'],
		['1900-01-01T08:30:00.000', '08:30'],
		['08:00:00', '08:00'],
		['8:15', '08:15'],
		['2021-03-04T17:00:00Z', '17:00'],
		['2021-03-04T17:00:00+01:00', '17:00'],
		['1900-01-01 22:00:00', '22:00'],
		['1900-01-01T23:59:59', '24:00'],
	])('%s -> %s (clock time as written)', (value, clock) => {
		expect(autotaskClockTime(value, 'mondayBusinessHoursStartTime')).toBe(clock);
	});

	it('empty is no time; garbage is an error naming the field', () => {
		expect(autotaskClockTime(null, 'x')).toBeUndefined();
		expect(autotaskClockTime('', 'x')).toBeUndefined();
		expect(() => autotaskClockTime('eight', 'mondayBusinessHoursEndTime')).toThrow(
			/mondayBusinessHoursEndTime/,
		);
		expect(() => autotaskClockTime('eight', 'x')).toThrow(BusinessHoursError);
	});

	it('reads the holiday hours type from the picklist label', () => {
		const picklist = [
			{ value: '1', label: 'None' },
			{ value: '2', label: 'Normal' },
			{ value: '3', label: 'Specified' },
		];
		expect(holidayHoursTypeOf(1, picklist)).toBe('none');
		expect(holidayHoursTypeOf(2, picklist)).toBe('normal');
		expect(holidayHoursTypeOf(3, picklist)).toBe('specified');
		expect(holidayHoursTypeOf(null, picklist)).toBe('none');
		expect(holidayHoursTypeOf(9, picklist)).toBeUndefined();
		expect(holidayHoursTypeOf(3, [{ value: 3, label: 'Same as normal business hours' }])).toBe(
			'normal',
		);
	});
});

describe('fromAutotaskLocation', () => {
	// As the REST API returns it (camelCase), with the simulator's 1900-01-01 time encoding.
	const t = (hhmm: string | null) => (hhmm ? `1900-01-01T${hhmm}:00` : null);
	function location(over: Partial<AutotaskLocation> = {}): AutotaskLocation {
		const loc: AutotaskLocation = {
			id: 7,
			name: 'Sydney Office',
			isDefault: false,
			timeZoneID: 255,
			holidaySetID: 3,
			noHoursOnHolidays: false,
			holidayHoursType: 1,
			holidayHoursStartTime: null,
			holidayHoursEndTime: null,
			holidayExtendedHoursStartTime: null,
			holidayExtendedHoursEndTime: null,
		};
		for (const day of [
			'monday',
			'tuesday',
			'wednesday',
			'thursday',
			'friday',
			'saturday',
			'sunday',
		]) {
			const weekday = !['saturday', 'sunday'].includes(day);
			loc[`${day}BusinessHoursStartTime`] = t(weekday ? '08:30' : null);
			loc[`${day}BusinessHoursEndTime`] = t(weekday ? '17:30' : null);
			loc[`${day}ExtendedHoursStartTime`] = t(weekday ? '07:00' : null);
			loc[`${day}ExtendedHoursEndTime`] = t(weekday ? '19:00' : null);
		}
		return { ...loc, ...over };
	}
	const picklists = {
		timeZoneID: [{ value: '255', label: '(GMT+10:00) Canberra, Melbourne, Sydney' }],
		holidayHoursType: [
			{ value: '1', label: 'None' },
			{ value: '2', label: 'Normal' },
			{ value: '3', label: 'Specified' },
		],
	};
	const holidays = [
		{ id: 1, holidayDate: '2026-12-25T00:00:00', holidayName: 'Christmas Day', holidaySetID: 3 },
		{
			id: 2,
			holidayDate: '2026-12-28T00:00:00',
			holidayName: 'Boxing Day (observed)',
			holidaySetID: 3,
		},
		{ id: 3, holidayDate: '2026-12-24T00:00:00', holidayName: 'Other set', holidaySetID: 4 },
	];

	it('builds the week, extended hours, zone and the holidays of its own set', () => {
		const cal = fromAutotaskLocation(location(), holidays, picklists, { now: NOW });
		expect(cal.zone).toBe('Australia/Sydney');
		expect(cal.week.mon).toEqual([{ start: '08:30', end: '17:30' }]);
		expect(cal.week.sat).toEqual([]);
		expect(cal.extended?.fri).toEqual([{ start: '07:00', end: '19:00' }]);
		expect(cal.holidays).toEqual([
			{ date: '2026-12-25', name: 'Christmas Day' },
			{ date: '2026-12-28', name: 'Boxing Day (observed)' },
		]);
		expect(cal.holidayMode).toBe('closed');
		expect(cal.name).toBe('Sydney Office');
		expect(cal.warnings).toEqual([]);
	});

	it('None closes holidays; the verdict names the holiday on a Monday', () => {
		const cal = fromAutotaskLocation(location(), holidays, picklists, { now: NOW });
		const v = evaluate(cal, '2026-12-27T23:00:00Z'); // Mon 28 Dec 10:00 AEDT
		expect(v.inBusinessHours).toBe(false);
		expect(v.reason).toBe('holiday: Boxing Day (observed)');
		expect(v.nextChangeAt).toBe('2026-12-29T08:30:00+11:00');
	});

	it('Normal keeps the weekday hours on holidays', () => {
		const cal = fromAutotaskLocation(location({ holidayHoursType: 2 }), holidays, picklists, {
			now: NOW,
		});
		expect(cal.holidayMode).toBe('normal');
		expect(evaluate(cal, '2026-12-27T23:00:00Z').inBusinessHours).toBe(true);
	});

	it('Specified uses the holiday hours and holiday extended hours', () => {
		const cal = fromAutotaskLocation(
			location({
				holidayHoursType: 3,
				holidayHoursStartTime: '1900-01-01T10:00:00',
				holidayHoursEndTime: '1900-01-01T13:00:00',
				holidayExtendedHoursStartTime: '1900-01-01T09:00:00',
				holidayExtendedHoursEndTime: '1900-01-01T15:00:00',
			}),
			holidays,
			picklists,
			{ now: NOW, countExtendedHours: true },
		);
		expect(cal.holidayMode).toBe('specified');
		expect(cal.holidayHours).toEqual([{ start: '10:00', end: '13:00' }]);
		const v = evaluate(cal, '2026-12-28T03:00:00Z'); // Mon 28 Dec 14:00 AEDT, holiday extended hours
		expect(v.inBusinessHours).toBe(true);
		expect(v.nextChangeAt).toBe('2026-12-28T15:00:00+11:00');
	});

	it('Specified without hours warns and closes', () => {
		const cal = fromAutotaskLocation(location({ holidayHoursType: 3 }), holidays, picklists, {
			now: NOW,
		});
		expect(cal.holidayHours).toEqual([]);
		expect(cal.warnings?.join(' ')).toMatch(/Specified but no holiday hours/);
	});

	it('noHoursOnHolidays wins over Normal', () => {
		const cal = fromAutotaskLocation(
			location({ holidayHoursType: 2, noHoursOnHolidays: true }),
			holidays,
			picklists,
			{
				now: NOW,
			},
		);
		expect(cal.holidayMode).toBe('closed');
	});

	it('unknown holiday hours type: closed with a warning; half a range: ignored with a warning', () => {
		const cal = fromAutotaskLocation(
			location({ holidayHoursType: 42, mondayBusinessHoursEndTime: null }),
			holidays,
			picklists,
			{ now: NOW },
		);
		expect(cal.holidayMode).toBe('closed');
		expect(cal.week.mon).toEqual([]);
		expect(cal.warnings).toHaveLength(2);
	});

	it('a time zone override replaces the location zone (IANA or Windows label)', () => {
		expect(
			fromAutotaskLocation(location(), [], picklists, { timeZoneOverride: 'Australia/Melbourne' })
				.zone,
		).toBe('Australia/Melbourne');
		expect(
			fromAutotaskLocation(location(), [], picklists, {
				timeZoneOverride: '(UTC+09:30) Adelaide',
				now: NOW,
			}).zone,
		).toBe('Australia/Adelaide');
	});

	it('times with Z are UTC instants by default, the clock time as written with Local Clock Times', () => {
		const withZ = location({
			mondayBusinessHoursStartTime: '2020-01-01T08:30:00Z',
			mondayBusinessHoursEndTime: '2020-01-01T17:30:00Z',
		});
		const local = fromAutotaskLocation(withZ, [], picklists, { now: NOW, timeEncoding: 'local' });
		expect(local.week.mon).toEqual([{ start: '08:30', end: '17:30' }]);
		expect(evaluate(local, '2026-06-14T22:30:00Z').inBusinessHours).toBe(true); // Mon 08:30 AEST
		// 2020-01-01 is summer in Sydney (+11:00): 08:30Z is 19:30 local, 17:30Z is 04:30 next day.
		const detected = fromAutotaskLocation(withZ, [], picklists, { now: NOW });
		expect(detected.week.mon).toEqual([{ start: '19:30', end: '04:30' }]);
		expect(
			fromAutotaskLocation(withZ, [], picklists, { now: NOW, timeEncoding: 'utc' }).week.mon,
		).toEqual(detected.week.mon);
		// Without Z nothing changes by default.
		expect(fromAutotaskLocation(location(), [], picklists, { now: NOW }).week.mon).toEqual([
			{ start: '08:30', end: '17:30' },
		]);
	});
});
