import {
	knownWindowsZones,
	parseTimeZoneLabel,
	timeZoneFromAutotaskId,
	timeZoneFromLabel,
	UnknownTimeZoneError,
} from '../../../../../nodes/shared/domain/autotaskTimeZones';

const NOW = new Date('2026-06-15T12:00:00Z');

describe('Autotask time zones', () => {
	it.each([
		['(GMT-05:00) Eastern Time (US & Canada)', 'America/New_York'],
		['(UTC-05:00) Eastern Time (US & Canada)', 'America/New_York'],
		['(GMT-08:00) Pacific Time (US & Canada); Tijuana', 'America/Los_Angeles'],
		['(GMT-06:00) Central Time (US & Canada)', 'America/Chicago'],
		['(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna', 'Europe/Berlin'],
		['(UTC+01:00) Brussels, Copenhagen, Madrid, Paris', 'Europe/Paris'],
		['(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London', 'Europe/London'],
		['(UTC+00:00) Dublin, Edinburgh, Lisbon, London', 'Europe/London'],
		['(GMT+10:00) Canberra, Melbourne, Sydney', 'Australia/Sydney'],
		['(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi', 'Asia/Kolkata'],
		['(GMT+02:00) Helsinki, Kiev, Riga, Sofia, Tallinn, Vilnius', 'Europe/Kyiv'],
		['(UTC-04:00) Georgetown, La Paz, Manaus, San Juan', 'America/La_Paz'],
		['(UTC) Coordinated Universal Time', 'Etc/UTC'],
		['Berlin', 'Europe/Berlin'],
		['W. Europe Standard Time', 'Europe/Berlin'],
		['Asia/Tokyo', 'Asia/Tokyo'],
	])('%s -> %s', (label, zone) => {
		expect(timeZoneFromLabel(label, NOW).zone).toBe(zone);
	});

	it('uses the offset to pick between zones sharing a city name', () => {
		// "La Paz" is in both Mountain Time (Mexico, -07:00) and SA Western (-04:00).
		expect(timeZoneFromLabel('(UTC-07:00) La Paz', NOW).zone).toBe('America/Mazatlan');
		expect(timeZoneFromLabel('(UTC-04:00) La Paz', NOW).zone).toBe('America/La_Paz');
	});

	it('parses the offset prefix', () => {
		expect(parseTimeZoneLabel('(GMT-03:30) Newfoundland')).toEqual({
			offsetMinutes: -210,
			text: 'Newfoundland',
		});
		expect(parseTimeZoneLabel('(UTC+05:45) Kathmandu')).toEqual({
			offsetMinutes: 345,
			text: 'Kathmandu',
		});
		expect(parseTimeZoneLabel('(GMT) Casablanca')).toEqual({
			offsetMinutes: 0,
			text: 'Casablanca',
		});
	});

	it('every table entry is a valid zone whose label maps back to it', () => {
		for (const entry of knownWindowsZones()) {
			expect(timeZoneFromLabel(entry.display, NOW).zone).toBe(entry.iana);
		}
		expect(knownWindowsZones().length).toBeGreaterThan(130);
	});

	it('maps by picklist label first, then by Microsoft index, else fails clearly', () => {
		const picklist = [{ value: '7', label: '(GMT-05:00) Eastern Time (US & Canada)' }];
		expect(timeZoneFromAutotaskId(7, picklist, NOW)).toMatchObject({
			zone: 'America/New_York',
			source: 'picklist-label',
		});
		expect(timeZoneFromAutotaskId(110, null, NOW)).toMatchObject({
			zone: 'Europe/Berlin',
			source: 'microsoft-index',
		});
		expect(timeZoneFromAutotaskId(110, null, NOW).warning).toMatch(/W\. Europe Standard Time/);
		expect(() => timeZoneFromAutotaskId(9999, picklist, NOW)).toThrow(
			/not in the tenant's time zone picklist/,
		);
		expect(() => timeZoneFromAutotaskId(null, picklist, NOW)).toThrow(UnknownTimeZoneError);
		expect(() => timeZoneFromLabel('(GMT+01:00) Atlantis', NOW)).toThrow(
			/Unknown Autotask time zone/,
		);
	});
});
