/**
 * A time without offset is read the same in every season the code runs in (Business Hours gives
 * the same answer in winter and in summer), and strings without zone are UTC (Autotask REST).
 */
import { DateTime } from 'luxon';

import type { BusinessCalendar } from '../../../../../nodes/shared/domain/businessCalendar';
import { evaluate } from '../../../../../nodes/shared/domain/businessHours';
import { parseInstant } from '../../../../../nodes/shared/domain/instantInput';

const WINTER = new Date('2026-01-15T12:00:00Z');
const SUMMER = new Date('2026-07-15T12:00:00Z');

/** Runs `fn` with the process clock (Date, luxon's now) set to `now`. */
function at<T>(now: Date, fn: () => T): T {
	jest.useFakeTimers({ now, doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
	try {
		return fn();
	} finally {
		jest.useRealTimers();
	}
}

describe('a time without offset in the repeated hour, read in the calendar zone', () => {
	const cases: Array<[zone: string, local: string, firstUtc: string]> = [
		['Europe/Berlin', '2026-10-25T02:30:00', '2026-10-25T00:30:00Z'], // 02:30 CEST, not CET
		['America/New_York', '2026-11-01T01:30:00', '2026-11-01T05:30:00Z'], // 01:30 EDT, not EST
		['Australia/Sydney', '2026-04-05T02:30:00', '2026-04-04T15:30:00Z'], // 02:30 AEDT, not AEST
	];

	it('luxon alone reads it by the offset of the day the code runs (why this needs a rule)', () => {
		const [zone, local] = cases[0];
		const winter = at(WINTER, () => DateTime.fromISO(local, { zone }).toUTC().toISO());
		const summer = at(SUMMER, () => DateTime.fromISO(local, { zone }).toUTC().toISO());
		expect(winter).not.toBe(summer);
	});

	it.each(cases)(
		'%s %s is its first occurrence with the clock in winter and in summer',
		(zone, local, firstUtc) => {
			const calendar: BusinessCalendar = {
				zone,
				week: { sun: [{ start: '00:00', end: '24:00' }] },
			};
			const check = () => evaluate(calendar, local, { naiveZone: zone });
			const winter = at(WINTER, check);
			const summer = at(SUMMER, check);
			expect(winter.checkedAt).toBe(firstUtc);
			expect(summer).toEqual(winter);
			for (const sql of [local.replace('T', ' ')]) {
				expect(
					at(WINTER, () => parseInstant(sql, zone).toUTC().toISO({ suppressMilliseconds: true })),
				).toBe(firstUtc);
				expect(
					at(SUMMER, () => parseInstant(sql, zone).toUTC().toISO({ suppressMilliseconds: true })),
				).toBe(firstUtc);
			}
		},
	);

	it('a time in the skipped hour moves forward by the gap in every season', () => {
		for (const now of [WINTER, SUMMER]) {
			expect(
				at(now, () => parseInstant('2026-03-29T02:30:00', 'Europe/Berlin').toUTC().toISO()),
			).toBe('2026-03-29T01:30:00.000Z');
		}
	});

	it('times with an offset and ordinary times are unchanged', () => {
		for (const now of [WINTER, SUMMER]) {
			expect(
				at(now, () => parseInstant('2026-10-25T02:30:00+01:00', 'Europe/Berlin').toUTC().toISO()),
			).toBe('2026-10-25T01:30:00.000Z');
			expect(
				at(now, () => parseInstant('2026-10-25T02:30:00Z', 'Europe/Berlin').toUTC().toISO()),
			).toBe('2026-10-25T02:30:00.000Z');
			expect(
				at(now, () => parseInstant('2026-06-15 09:00:00', 'Europe/Berlin').toUTC().toISO()),
			).toBe('2026-06-15T07:00:00.000Z');
			expect(at(now, () => parseInstant('2026-06-15T09:00:00', 'UTC').toUTC().toISO())).toBe(
				'2026-06-15T09:00:00.000Z',
			);
			expect(
				at(now, () =>
					parseInstant('Mon, 15 Jun 2026 09:00:00 +0200', 'America/New_York').toUTC().toISO(),
				),
			).toBe('2026-06-15T07:00:00.000Z');
		}
	});
});

describe('parseInstant', () => {
	it('reads strings without offset as UTC (Autotask REST), or in the zone it is given', () => {
		expect(parseInstant('2026-06-15T07:00:00').toUTC().toISO()).toBe('2026-06-15T07:00:00.000Z');
		expect(parseInstant('2026-06-15 07:00:00', 'Europe/Berlin').toUTC().toISO()).toBe(
			'2026-06-15T05:00:00.000Z',
		);
	});
});
