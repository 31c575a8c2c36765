/**
 * The instant to check, from whatever the node receives (ISO/SQL/RFC 2822 strings, epoch ms,
 * Date, luxon DateTime). Pure module: no n8n imports.
 */
import { DateTime, IANAZone } from 'luxon';

import { BusinessHoursError } from './businessCalendar';
import { wallClockToMillis } from './businessIntervals';

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
	} else if (
		typeof value === 'object' &&
		typeof (value as { toMillis?: unknown }).toMillis === 'function'
	) {
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
			if (
				asUtc &&
				shifted &&
				asUtc.toMillis() !== shifted.toMillis() &&
				IANAZone.isValidZone(naiveZone)
			) {
				parsed = DateTime.fromMillis(wallClockToMillis(asUtc.toMillis(), naiveZone));
			} else {
				parsed =
					asUtc && shifted && asUtc.toMillis() !== shifted.toMillis()
						? parseText(text, naiveZone)
						: asUtc;
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
