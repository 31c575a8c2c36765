/**
 * Autotask time zones -> IANA zones.
 *
 * Autotask stores a location's time zone as `timeZoneID`, a value of its own picklist whose
 * labels are Windows time zone display names such as "(GMT-05:00) Eastern Time (US & Canada)"
 * or "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna". The numeric values are not
 * documented, so the label is the primary key here. Where no picklist is available, the id is
 * tried as a Microsoft Time Zone Index value (what Autotask documents for
 * `InternalLocations.timeZone`); that fallback is reported as such so users can check it.
 *
 * Pure module: no n8n imports. Uses luxon only to validate zones and compare offsets.
 */
import { DateTime, IANAZone } from 'luxon';

import { findPicklistById, type PicklistLike } from './picklist';
import { MICROSOFT_TIME_ZONE_INDEX, WINDOWS_ZONES, type WindowsZone } from './windowsTimeZones';

/** How a zone was found. */
export type TimeZoneSource = 'iana' | 'picklist-label' | 'microsoft-index' | 'override';

export interface ResolvedTimeZone {
	/** IANA zone, e.g. `Europe/Berlin`. */
	zone: string;
	source: TimeZoneSource;
	/** Windows zone id where one matched. */
	windowsId?: string;
	/** The Autotask label the zone came from, if any. */
	label?: string;
	/** Set when the match is usable but worth a look (e.g. offset in the label differs). */
	warning?: string;
}

/** Thrown for time zones this module cannot map; the node wraps it in a NodeOperationError. */
export class UnknownTimeZoneError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnknownTimeZoneError';
	}
}

/** Whether the string is an IANA zone known to this runtime (not a fixed offset). */
const zoneValidity = new Map<string, boolean>();

export function isValidIanaZone(zone: unknown): zone is string {
	if (typeof zone !== 'string') return false;
	if (zone === 'UTC') return true;
	let valid = zoneValidity.get(zone);
	if (valid === undefined) {
		valid = zone.includes('/') && IANAZone.isValidZone(zone);
		if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
	}
	return valid;
}

function normalize(text: string): string {
	return text
		.toLowerCase()
		.replace(/&/g, ' and ')
		.replace(/[.()]/g, ' ')
		.replace(/\s*-\s*/g, '-')
		.replace(/\s+/g, ' ')
		.trim();
}

function parts(text: string): string[] {
	return text
		.split(/[,;:]/)
		.map(normalize)
		.filter((p) => p.length > 0);
}

/** "(GMT-05:00) Eastern Time" -> { offsetMinutes: -300, text: 'Eastern Time' }. */
export function parseTimeZoneLabel(label: string): { offsetMinutes?: number; text: string } {
	const match = /^\s*\(\s*(?:GMT|UTC)\s*(?:([+-−])\s*(\d{1,2})(?::?(\d{2}))?)?\s*\)\s*(.*)$/i.exec(
		label,
	);
	if (!match) return { text: label.trim() };
	const sign = match[1] === '-' || match[1] === '−' ? -1 : 1;
	const hours = match[2] ? Number(match[2]) : 0;
	const minutes = match[3] ? Number(match[3]) : 0;
	return { offsetMinutes: sign * (hours * 60 + minutes), text: match[4].trim() };
}

/** Standard (winter) offset of a zone in minutes, from this year's January and July offsets. */
function standardOffsetMinutes(zone: string, year: number): number {
	const jan = DateTime.fromObject({ year, month: 1, day: 1 }, { zone }).offset;
	const jul = DateTime.fromObject({ year, month: 7, day: 1 }, { zone }).offset;
	return Math.min(jan, jul);
}

function entryTexts(entry: WindowsZone): string[] {
	return [entry.display, ...(entry.aliases ?? []), entry.windowsId];
}

/**
 * Maps a Windows display-name label (with or without the "(GMT±hh:mm)" prefix), a Windows zone
 * id or an IANA zone name to an IANA zone. Throws `UnknownTimeZoneError` when nothing matches.
 */
export function timeZoneFromLabel(label: string, now: Date = new Date()): ResolvedTimeZone {
	const trimmed = label.trim();
	if (isValidIanaZone(trimmed)) return { zone: trimmed, source: 'iana', label: trimmed };
	const { offsetMinutes, text } = parseTimeZoneLabel(trimmed);
	const wanted = normalize(text);
	let candidates = WINDOWS_ZONES.filter((e) => entryTexts(e).some((t) => normalize(t) === wanted));
	if (candidates.length === 0) {
		// Partial labels ("Berlin", "Amsterdam, Berlin, Bern, Rome, Stockholm") and renamed cities:
		// score by shared comma-separated parts.
		const labelParts = parts(text);
		let best = 0;
		for (const entry of WINDOWS_ZONES) {
			const entryParts = new Set(entryTexts(entry).flatMap(parts));
			const score = labelParts.filter((p) => entryParts.has(p)).length;
			if (score > best) {
				best = score;
				candidates = [entry];
			} else if (score === best && score > 0) {
				candidates.push(entry);
			}
		}
	}
	if (candidates.length === 0 && text === '' && offsetMinutes === 0) {
		candidates = WINDOWS_ZONES.filter((e) => e.windowsId === 'UTC');
	}
	if (candidates.length === 0) {
		throw new UnknownTimeZoneError(
			`Unknown Autotask time zone "${label}": no Windows time zone with that name is known. Set a time zone override (IANA name such as Europe/Berlin)`,
		);
	}
	const year = now.getUTCFullYear();
	if (offsetMinutes !== undefined) {
		const sameOffset = candidates.filter(
			(e) => standardOffsetMinutes(e.iana, year) === offsetMinutes,
		);
		if (sameOffset.length > 0) {
			candidates = sameOffset;
		} else if (candidates.length === 1) {
			const only = candidates[0];
			return {
				zone: only.iana,
				source: 'picklist-label',
				windowsId: only.windowsId,
				label,
				warning: `The offset in "${label}" differs from the current standard offset of ${only.iana}; the zone's current rules are used`,
			};
		}
	}
	const unique = [...new Set(candidates.map((c) => c.iana))];
	if (unique.length > 1) {
		throw new UnknownTimeZoneError(
			`Ambiguous Autotask time zone "${label}": it matches ${unique.join(', ')}. Set a time zone override (IANA name)`,
		);
	}
	const chosen = candidates[0];
	return { zone: chosen.iana, source: 'picklist-label', windowsId: chosen.windowsId, label };
}

/** Picklist entry as returned by `entityInformation/fields`: the shared picklist model. */
export type TimeZonePicklistEntry = PicklistLike;

/**
 * The IANA zone of an Autotask `timeZoneID`: by the picklist label when the picklist is given
 * and has the id, else by the Microsoft Time Zone Index. Throws `UnknownTimeZoneError` otherwise.
 */
export function timeZoneFromAutotaskId(
	timeZoneId: number | string | null | undefined,
	picklist?: TimeZonePicklistEntry[] | null,
	now: Date = new Date(),
): ResolvedTimeZone {
	if (timeZoneId === null || timeZoneId === undefined || timeZoneId === '') {
		throw new UnknownTimeZoneError(
			'The Autotask location has no time zone (timeZoneID is empty). Set a time zone override (IANA name)',
		);
	}
	const entry = findPicklistById(picklist, timeZoneId);
	if (entry) return timeZoneFromLabel(entry.label, now);
	const windowsId = MICROSOFT_TIME_ZONE_INDEX[Number(timeZoneId)];
	const zone = windowsId ? WINDOWS_ZONES.find((e) => e.windowsId === windowsId) : undefined;
	if (zone) {
		return {
			zone: zone.iana,
			source: 'microsoft-index',
			windowsId,
			warning: `No picklist label for timeZoneID ${String(timeZoneId)}; read it as Microsoft Time Zone Index ${String(timeZoneId)} (${windowsId}). Check the zone or set an override`,
		};
	}
	throw new UnknownTimeZoneError(
		picklist && picklist.length > 0
			? `Autotask timeZoneID ${String(timeZoneId)} is not in the tenant's time zone picklist. Set a time zone override (IANA name)`
			: `Autotask timeZoneID ${String(timeZoneId)} is unknown and no time zone picklist was available. Set a time zone override (IANA name)`,
	);
}

/** Every Windows zone -> IANA pair known here (for docs and tests). */
export function knownWindowsZones(): Array<{ windowsId: string; iana: string; display: string }> {
	return WINDOWS_ZONES.map(({ windowsId, iana, display }) => ({ windowsId, iana, display }));
}
