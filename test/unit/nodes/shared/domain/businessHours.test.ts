import {
	BusinessHoursError,
	validateCalendar,
	type BusinessCalendar,
	type TimeRange,
} from '../../../../../nodes/shared/domain/businessCalendar';
import { evaluate } from '../../../../../nodes/shared/domain/businessHours';

const nineToFive: TimeRange[] = [{ start: '08:00', end: '17:00' }];

function weekdays(
	ranges: TimeRange[],
	zone: string,
	extra: Partial<BusinessCalendar> = {},
): BusinessCalendar {
	return {
		zone,
		week: { mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges },
		...extra,
	};
}

const berlin = weekdays(nineToFive, 'Europe/Berlin');
const newYork = weekdays([{ start: '09:00', end: '18:00' }], 'America/New_York');

describe('evaluate: plain weekdays', () => {
	it('is in hours on a Monday morning and closes at 17:00 local', () => {
		const v = evaluate(berlin, '2026-06-15T07:00:00Z'); // 09:00 CEST
		expect(v.inBusinessHours).toBe(true);
		expect(v.reason).toBe('business hours: Monday 08:00–17:00 Europe/Berlin');
		expect(v.timeZone).toBe('Europe/Berlin');
		expect(v.localTime).toBe('2026-06-15T09:00:00+02:00');
		expect(v.nextChange).toBe('closes');
		expect(v.nextChangeAt).toBe('2026-06-15T17:00:00+02:00');
		expect(v.minutesUntilChange).toBe(480);
	});

	it('says "after 17:00" in the evening and opens next morning', () => {
		const v = evaluate(berlin, '2026-06-15T16:30:00Z'); // 18:30 CEST
		expect(v.inBusinessHours).toBe(false);
		expect(v.reason).toBe('after 17:00 Europe/Berlin');
		expect(v.nextChange).toBe('opens');
		expect(v.nextChangeAt).toBe('2026-06-16T08:00:00+02:00');
	});

	it('says "before 08:00" early and names Saturday on the weekend (opening Monday)', () => {
		expect(evaluate(berlin, '2026-06-16T04:00:00Z').reason).toBe('before 08:00 Europe/Berlin');
		const sat = evaluate(berlin, '2026-06-13T10:00:00Z');
		expect(sat.inBusinessHours).toBe(false);
		expect(sat.reason).toBe('Saturday');
		expect(sat.weekday).toBe('Saturday');
		expect(sat.nextChangeAt).toBe('2026-06-15T08:00:00+02:00');
	});

	it('treats the end instant as closed and the start instant as open', () => {
		expect(evaluate(berlin, '2026-06-15T15:00:00Z').inBusinessHours).toBe(false); // 17:00 sharp
		expect(evaluate(berlin, '2026-06-15T06:00:00Z').inBusinessHours).toBe(true); // 08:00 sharp
	});

	it('reports a lunch break between two ranges of a day', () => {
		const cal = weekdays(
			[
				{ start: '08:00', end: '12:00' },
				{ start: '13:00', end: '17:00' },
			],
			'Europe/Berlin',
		);
		const v = evaluate(cal, '2026-06-15T10:30:00Z'); // 12:30
		expect(v.inBusinessHours).toBe(false);
		expect(v.reason).toBe('between 12:00 and 13:00 Europe/Berlin');
		expect(v.nextChangeAt).toBe('2026-06-15T13:00:00+02:00');
	});

	it('accepts Date, epoch ms and luxon-like objects for the instant', () => {
		const ms = Date.parse('2026-06-15T07:00:00Z');
		expect(evaluate(berlin, new Date(ms)).inBusinessHours).toBe(true);
		expect(evaluate(berlin, ms).inBusinessHours).toBe(true);
		expect(evaluate(berlin, { toMillis: () => ms }).inBusinessHours).toBe(true);
	});

	// How strings without offset are read: test/unit/nodes/shared/domain/instantInput.test.ts.
	it('rejects an instant that is no date', () => {
		expect(() => evaluate(berlin, 'not a date')).toThrow(BusinessHoursError);
		expect(() => evaluate(berlin, '')).toThrow(/empty/);
	});
});

describe('evaluate: daylight-saving changes', () => {
	// Europe/Berlin: spring forward 2026-03-29 02:00 -> 03:00; fall back 2026-10-25 03:00 -> 02:00.
	it('Berlin spring forward: Monday 08:00 is 06:00Z after the change, 07:00Z before', () => {
		expect(evaluate(berlin, '2026-03-27T06:30:00Z').inBusinessHours).toBe(false); // Fri 07:30 CET
		expect(evaluate(berlin, '2026-03-27T07:00:00Z').inBusinessHours).toBe(true); // Fri 08:00 CET
		const weekend = evaluate(berlin, '2026-03-28T12:00:00Z');
		expect(weekend.nextChangeAt).toBe('2026-03-30T08:00:00+02:00');
		expect(weekend.minutesUntilChange).toBe(42 * 60); // 43 clock hours, one lost on Sunday
		expect(evaluate(berlin, '2026-03-30T06:00:00Z').inBusinessHours).toBe(true); // Mon 08:00 CEST
		expect(evaluate(berlin, '2026-03-30T05:59:00Z').inBusinessHours).toBe(false);
	});

	it('Berlin fall back: the same local hours map to one hour later in UTC', () => {
		expect(evaluate(berlin, '2026-10-23T14:59:00Z').inBusinessHours).toBe(true); // Fri 16:59 CEST
		expect(evaluate(berlin, '2026-10-26T07:00:00Z').inBusinessHours).toBe(true); // Mon 08:00 CET
		expect(evaluate(berlin, '2026-10-26T06:59:00Z').inBusinessHours).toBe(false);
		const sat = evaluate(berlin, '2026-10-24T12:00:00Z');
		expect(sat.nextChangeAt).toBe('2026-10-26T08:00:00+01:00');
		expect(sat.minutesUntilChange).toBe(43 * 60); // 42 clock hours, one gained on Sunday
	});

	// America/New_York: spring forward 2026-03-08 02:00 -> 03:00; fall back 2026-11-01 02:00 -> 01:00.
	it('New York spring forward and fall back', () => {
		expect(evaluate(newYork, '2026-03-06T14:00:00Z').inBusinessHours).toBe(true); // Fri 09:00 EST
		expect(evaluate(newYork, '2026-03-09T13:00:00Z').inBusinessHours).toBe(true); // Mon 09:00 EDT
		expect(evaluate(newYork, '2026-03-09T12:59:00Z').inBusinessHours).toBe(false);
		expect(evaluate(newYork, '2026-03-07T15:00:00Z').nextChangeAt).toBe(
			'2026-03-09T09:00:00-04:00',
		);
		expect(evaluate(newYork, '2026-11-02T14:00:00Z').inBusinessHours).toBe(true); // Mon 09:00 EST
		expect(evaluate(newYork, '2026-11-02T13:30:00Z').inBusinessHours).toBe(false); // 08:30 EST
		expect(evaluate(newYork, '2026-10-31T15:00:00Z').nextChangeAt).toBe(
			'2026-11-02T09:00:00-05:00',
		);
	});

	it('a range across the spring-forward gap in Berlin keeps its local ends', () => {
		const nightShift: BusinessCalendar = {
			zone: 'Europe/Berlin',
			week: { sat: [{ start: '22:00', end: '06:00' }] },
		};
		// Sat 2026-03-28 22:00 CET (21:00Z) .. Sun 06:00 CEST (04:00Z): 7 real hours.
		const v = evaluate(nightShift, '2026-03-28T21:00:00Z');
		expect(v.inBusinessHours).toBe(true);
		expect(v.nextChangeAt).toBe('2026-03-29T06:00:00+02:00');
		expect(v.minutesUntilChange).toBe(7 * 60);
		expect(evaluate(nightShift, '2026-03-29T04:00:00Z').inBusinessHours).toBe(false);
	});

	// Australia/Sydney (southern hemisphere): back to AEST 2026-04-05 03:00 -> 02:00; AEDT from 2026-10-04 02:00 -> 03:00.
	it('Sydney in both directions', () => {
		const sydney = weekdays(nineToFive, 'Australia/Sydney');
		expect(evaluate(sydney, '2026-04-02T21:00:00Z').inBusinessHours).toBe(true); // Fri 08:00 AEDT
		expect(evaluate(sydney, '2026-04-05T22:00:00Z').inBusinessHours).toBe(true); // Mon 08:00 AEST
		expect(evaluate(sydney, '2026-04-05T21:30:00Z').inBusinessHours).toBe(false);
		expect(evaluate(sydney, '2026-04-04T02:00:00Z').nextChangeAt).toBe('2026-04-06T08:00:00+10:00');
		expect(evaluate(sydney, '2026-10-04T21:00:00Z').inBusinessHours).toBe(true); // Mon 08:00 AEDT
		expect(evaluate(sydney, '2026-10-04T20:59:00Z').inBusinessHours).toBe(false);
		expect(evaluate(sydney, '2026-10-03T02:00:00Z').nextChangeAt).toBe('2026-10-05T08:00:00+11:00');
	});

	it('a start inside the skipped hour moves forward by the gap; a repeated time is its first occurrence', () => {
		const gap: BusinessCalendar = {
			zone: 'America/New_York',
			week: { sun: [{ start: '02:30', end: '04:00' }] },
		};
		const g = evaluate(gap, '2026-03-08T06:00:00Z'); // Sun 01:00 EST
		expect(g.nextChangeAt).toBe('2026-03-08T03:30:00-04:00');
		expect(evaluate(gap, '2026-03-08T07:30:00Z').inBusinessHours).toBe(true);
		expect(evaluate(gap, '2026-03-08T07:29:00Z').inBusinessHours).toBe(false);

		for (const [zone, date, firstUtc] of [
			['America/New_York', '2026-11-01', '2026-11-01T05:30:00Z'], // 01:30 EDT, not EST
			['Europe/Berlin', '2026-10-25', '2026-10-25T00:30:00Z'], // 02:30 CEST, not CET
			['Australia/Sydney', '2026-04-05', '2026-04-04T15:30:00Z'], // 02:30 AEDT, not AEST
		]) {
			const start = zone === 'America/New_York' ? '01:30' : '02:30';
			const cal: BusinessCalendar = { zone, week: { sun: [{ start, end: '12:00' }] } };
			const before = evaluate(cal, new Date(Date.parse(firstUtc) - 60000));
			expect(before.inBusinessHours).toBe(false);
			expect(new Date(before.nextChangeAt as string).toISOString()).toBe(
				firstUtc.replace('Z', '.000Z'),
			);
			expect(evaluate(cal, firstUtc).inBusinessHours).toBe(true);
			expect(evaluate(cal, firstUtc).localDate).toBe(date);
		}
	});

	it('a night range on the fall-back night lasts one hour longer in real time', () => {
		const cal: BusinessCalendar = {
			zone: 'Europe/Berlin',
			week: { sat: [{ start: '22:00', end: '06:00' }] },
		};
		const v = evaluate(cal, '2026-10-24T20:00:00Z'); // Sat 22:00 CEST
		expect(v.inBusinessHours).toBe(true);
		expect(v.minutesUntilChange).toBe(9 * 60);
		expect(v.nextChangeAt).toBe('2026-10-25T06:00:00+01:00');
	});
});

describe('evaluate: ranges across midnight', () => {
	const night: BusinessCalendar = {
		zone: 'Europe/Berlin',
		week: { fri: [{ start: '22:00', end: '06:00' }], mon: nineToFive },
	};

	it('belongs to the day it starts: Friday 22:00 to Saturday 06:00', () => {
		const v = evaluate(night, '2026-06-13T01:00:00Z'); // Sat 03:00 CEST
		expect(v.inBusinessHours).toBe(true);
		expect(v.weekday).toBe('Saturday');
		expect(v.reason).toBe('business hours: Friday 22:00–06:00 Europe/Berlin');
		expect(v.nextChangeAt).toBe('2026-06-13T06:00:00+02:00');
		const later = evaluate(night, '2026-06-13T05:00:00Z'); // Sat 07:00
		expect(later.inBusinessHours).toBe(false);
		expect(later.reason).toBe('Saturday');
		expect(later.nextChangeAt).toBe('2026-06-15T08:00:00+02:00');
	});

	it('a range ending at 24:00 and one starting at 00:00 the next day join', () => {
		const cal: BusinessCalendar = {
			zone: 'America/New_York',
			week: { mon: [{ start: '18:00', end: '24:00' }], tue: [{ start: '00:00', end: '08:00' }] },
		};
		const v = evaluate(cal, '2026-06-15T23:00:00Z'); // Mon 19:00 EDT
		expect(v.inBusinessHours).toBe(true);
		expect(v.nextChangeAt).toBe('2026-06-16T08:00:00-04:00');
	});

	it('equal start and end means 24 hours from the start', () => {
		const cal: BusinessCalendar = {
			zone: 'Europe/Berlin',
			week: { wed: [{ start: '00:00', end: '00:00' }] },
		};
		expect(evaluate(cal, '2026-06-17T21:59:00Z').inBusinessHours).toBe(true); // Wed 23:59
		expect(evaluate(cal, '2026-06-17T22:00:00Z').inBusinessHours).toBe(false); // Thu 00:00
	});

	it('a holiday on the start day removes the night range, on the next day it does not', () => {
		const withHolidayFri = { ...night, holidays: [{ date: '2026-06-12', name: 'Company Day' }] };
		expect(evaluate(withHolidayFri, '2026-06-13T01:00:00Z').inBusinessHours).toBe(false);
		const withHolidaySat = { ...night, holidays: [{ date: '2026-06-13', name: 'Company Day' }] };
		const v = evaluate(withHolidaySat, '2026-06-13T01:00:00Z');
		expect(v.inBusinessHours).toBe(true);
		expect(v.holiday).toEqual({ date: '2026-06-13', name: 'Company Day' });
	});
});

describe('evaluate: holidays', () => {
	const holidays = [
		{ date: '2026-12-25', name: 'Christmas Day' }, // Friday
		{ date: '2026-12-26', name: 'Second Day of Christmas' }, // Saturday
	];

	it('closed holiday on a weekday: reason names the holiday, next opening skips it', () => {
		const cal = { ...berlin, holidays };
		const v = evaluate(cal, '2026-12-25T10:00:00Z');
		expect(v.inBusinessHours).toBe(false);
		expect(v.reason).toBe('holiday: Christmas Day');
		expect(v.holiday).toEqual({ date: '2026-12-25', name: 'Christmas Day' });
		expect(v.nextChangeAt).toBe('2026-12-28T08:00:00+01:00');
	});

	it('a holiday on a closed weekend changes nothing but is still reported', () => {
		const cal = { ...berlin, holidays };
		const v = evaluate(cal, '2026-12-26T10:00:00Z');
		expect(v.inBusinessHours).toBe(false);
		expect(v.reason).toBe('holiday: Second Day of Christmas');
		expect(v.weekday).toBe('Saturday');
		expect(v.nextChangeAt).toBe('2026-12-28T08:00:00+01:00');
		const withoutHoliday = evaluate(berlin, '2026-12-26T10:00:00Z');
		expect(withoutHoliday.nextChangeAt).toBe(v.nextChangeAt);
		expect(withoutHoliday.holiday).toBeNull();
	});

	it('holidays are matched by local date, not UTC date', () => {
		const cal: BusinessCalendar = {
			zone: 'Australia/Sydney',
			week: { fri: [{ start: '00:00', end: '24:00' }] },
			holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
		};
		// 2026-12-24T14:00Z is Friday 01:00 AEDT on the 25th (the UTC date is still the 24th).
		const v = evaluate(cal, '2026-12-24T14:00:00Z');
		expect(v.localDate).toBe('2026-12-25');
		expect(v.inBusinessHours).toBe(false);
		expect(v.reason).toBe('holiday: Christmas Day');
	});

	it('holiday mode "normal" keeps the weekday hours and says so', () => {
		const cal: BusinessCalendar = { ...berlin, holidays, holidayMode: 'normal' };
		const v = evaluate(cal, '2026-12-25T10:00:00Z');
		expect(v.inBusinessHours).toBe(true);
		expect(v.reason).toBe(
			'holiday: Christmas Day, normal business hours Friday 08:00–17:00 Europe/Berlin',
		);
		const after = evaluate(cal, '2026-12-25T17:00:00Z');
		expect(after.reason).toBe('holiday: Christmas Day, after 17:00 Europe/Berlin (normal hours)');
		const weekend = evaluate(cal, '2026-12-26T10:00:00Z');
		expect(weekend.reason).toBe('holiday: Second Day of Christmas, no normal hours on Saturday');
	});

	it('holiday mode "specified" uses the holiday hours, also on a weekend', () => {
		const cal: BusinessCalendar = {
			...berlin,
			holidays,
			holidayMode: 'specified',
			holidayHours: [{ start: '10:00', end: '14:00' }],
		};
		const morning = evaluate(cal, '2026-12-25T08:30:00Z'); // 09:30 CET
		expect(morning.inBusinessHours).toBe(false);
		expect(morning.reason).toBe(
			'holiday: Christmas Day, before 10:00 Europe/Berlin (holiday hours)',
		);
		expect(morning.nextChangeAt).toBe('2026-12-25T10:00:00+01:00');
		const noon = evaluate(cal, '2026-12-26T11:00:00Z'); // Saturday 12:00, a holiday with hours
		expect(noon.inBusinessHours).toBe(true);
		expect(noon.reason).toBe(
			'holiday: Second Day of Christmas, holiday business hours 10:00–14:00 Europe/Berlin',
		);
		expect(noon.nextChangeAt).toBe('2026-12-26T14:00:00+01:00');
	});

	it('several names on one date are joined', () => {
		const cal = {
			...berlin,
			holidays: [
				{ date: '2026-05-14', name: 'Ascension Day' },
				{ date: '2026-05-14', name: 'Company Day' },
			],
		};
		expect(evaluate(cal, '2026-05-14T10:00:00Z').reason).toBe(
			'holiday: Ascension Day / Company Day',
		);
	});
});

describe('evaluate: extended hours', () => {
	const cal: BusinessCalendar = {
		...berlin,
		extended: { mon: [{ start: '17:00', end: '20:00' }], tue: [{ start: '06:00', end: '20:00' }] },
	};

	it('by default extended hours are outside business hours, and reported', () => {
		const v = evaluate(cal, '2026-06-15T16:00:00Z'); // Mon 18:00
		expect(v.inBusinessHours).toBe(false);
		expect(v.inExtendedHours).toBe(true);
		expect(v.extendedHoursCounted).toBe(false);
		expect(v.reason).toBe(
			'after 17:00 Europe/Berlin (in extended hours, not counted as business hours)',
		);
	});

	it('counted, they extend the open window (enclosing ranges merge)', () => {
		const counted = { ...cal, countExtendedHours: true };
		const v = evaluate(counted, '2026-06-15T16:00:00Z');
		expect(v.inBusinessHours).toBe(true);
		expect(v.reason).toBe(
			'extended hours (counted as business hours): Monday 17:00–20:00 Europe/Berlin',
		);
		expect(v.nextChangeAt).toBe('2026-06-15T20:00:00+02:00');
		const tue = evaluate(counted, '2026-06-16T04:30:00Z'); // 06:30, extended 06:00–20:00 encloses 08–17
		expect(tue.inBusinessHours).toBe(true);
		expect(tue.nextChangeAt).toBe('2026-06-16T20:00:00+02:00');
		const tueMidday = evaluate(counted, '2026-06-16T10:00:00Z');
		expect(tueMidday.reason).toBe('business hours: Tuesday 08:00–17:00 Europe/Berlin');
		expect(evaluate(counted, '2026-06-15T05:00:00Z').nextChangeAt).toBe(
			'2026-06-15T08:00:00+02:00',
		);
	});

	it('holiday extended hours apply only in "specified" mode', () => {
		const holidayCal: BusinessCalendar = {
			...cal,
			countExtendedHours: true,
			holidays: [{ date: '2026-06-16', name: 'Company Day' }],
			holidayMode: 'specified',
			holidayHours: [{ start: '10:00', end: '12:00' }],
			holidayExtended: [{ start: '12:00', end: '15:00' }],
		};
		const v = evaluate(holidayCal, '2026-06-16T11:00:00Z'); // 13:00
		expect(v.inBusinessHours).toBe(true);
		expect(v.nextChangeAt).toBe('2026-06-16T15:00:00+02:00');
		expect(
			evaluate({ ...holidayCal, holidayMode: 'closed' }, '2026-06-16T11:00:00Z').inBusinessHours,
		).toBe(false);
	});
});

describe('evaluate: next change bounds and validation', () => {
	it('always closed: no next change, says so', () => {
		const v = evaluate({ zone: 'Europe/Berlin', week: {} }, '2026-06-15T10:00:00Z');
		expect(v.inBusinessHours).toBe(false);
		expect(v.nextChange).toBeNull();
		expect(v.nextChangeAt).toBeNull();
		expect(v.note).toBe('closed for at least the next 14 days');
	});

	it('always open: no next change within the horizon', () => {
		const allDay = [{ start: '00:00', end: '24:00' }];
		const cal: BusinessCalendar = {
			zone: 'UTC',
			week: {
				mon: allDay,
				tue: allDay,
				wed: allDay,
				thu: allDay,
				fri: allDay,
				sat: allDay,
				sun: allDay,
			},
		};
		const v = evaluate(cal, '2026-06-15T10:00:00Z', { horizonDays: 3 });
		expect(v.inBusinessHours).toBe(true);
		expect(v.nextChangeAt).toBeNull();
		expect(v.note).toBe('open for at least the next 3 days');
	});

	it('finds an opening beyond a long holiday block only within the horizon', () => {
		const holidays = Array.from({ length: 20 }, (_, i) => ({
			date: `2026-07-${String(i + 1).padStart(2, '0')}`,
			name: 'Summer closure',
		}));
		const cal = { ...berlin, holidays };
		expect(evaluate(cal, '2026-07-01T10:00:00Z').nextChangeAt).toBeNull();
		expect(evaluate(cal, '2026-07-01T10:00:00Z', { horizonDays: 30 }).nextChangeAt).toBe(
			'2026-07-21T08:00:00+02:00',
		);
	});

	it('rejects invalid zones, times and dates with one message listing them', () => {
		const bad: BusinessCalendar = {
			zone: 'Mars/Olympus',
			week: { mon: [{ start: '8am', end: '17:00' }], tue: [{ start: '09:00', end: '25:00' }] },
			holidays: [{ date: '2026-02-30', name: 'x' }],
		};
		expect(validateCalendar(bad)).toHaveLength(4);
		expect(() => evaluate(bad, '2026-06-15T10:00:00Z')).toThrow(
			/Mars\/Olympus.*8am.*25:00.*2026-02-30/,
		);
	});
});
