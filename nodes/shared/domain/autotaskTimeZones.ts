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

/** One Windows time zone: its id, the IANA zone (CLDR "001" territory), display texts. */
interface WindowsZone {
	windowsId: string;
	iana: string;
	/** Current Windows display text without the "(UTC+hh:mm)" prefix. */
	display: string;
	/** Older or alternative display texts (Windows XP-era "(GMT...)" labels, renamed cities). */
	aliases?: string[];
}

/**
 * Windows zones (CLDR windowsZones.xml, territory 001) with their display names. Covers every
 * zone of current Windows releases plus the legacy labels older Autotask tenants still show.
 */
const WINDOWS_ZONES: WindowsZone[] = [
	{ windowsId: 'Dateline Standard Time', iana: 'Etc/GMT+12', display: 'International Date Line West', aliases: ['Eniwetok, Kwajalein'] },
	{ windowsId: 'UTC-11', iana: 'Etc/GMT+11', display: 'Coordinated Universal Time-11' },
	{ windowsId: 'Samoa Standard Time (legacy)', iana: 'Pacific/Pago_Pago', display: 'Midway Island, Samoa', aliases: ['Midway Island'] },
	{ windowsId: 'Aleutian Standard Time', iana: 'America/Adak', display: 'Aleutian Islands' },
	{ windowsId: 'Hawaiian Standard Time', iana: 'Pacific/Honolulu', display: 'Hawaii' },
	{ windowsId: 'Marquesas Standard Time', iana: 'Pacific/Marquesas', display: 'Marquesas Islands' },
	{ windowsId: 'Alaskan Standard Time', iana: 'America/Anchorage', display: 'Alaska' },
	{ windowsId: 'UTC-09', iana: 'Etc/GMT+9', display: 'Coordinated Universal Time-09' },
	{ windowsId: 'Pacific Standard Time (Mexico)', iana: 'America/Tijuana', display: 'Baja California', aliases: ['Tijuana, Baja California'] },
	{ windowsId: 'UTC-08', iana: 'Etc/GMT+8', display: 'Coordinated Universal Time-08' },
	{ windowsId: 'Pacific Standard Time', iana: 'America/Los_Angeles', display: 'Pacific Time (US & Canada)', aliases: ['Pacific Time (US & Canada); Tijuana', 'Pacific Time (US and Canada); Tijuana', 'Pacific Time'] },
	{ windowsId: 'US Mountain Standard Time', iana: 'America/Phoenix', display: 'Arizona' },
	{ windowsId: 'Mountain Standard Time (Mexico)', iana: 'America/Mazatlan', display: 'La Paz, Mazatlan', aliases: ['Chihuahua, La Paz, Mazatlan', 'Mexico Standard Time 2'] },
	{ windowsId: 'Mountain Standard Time', iana: 'America/Denver', display: 'Mountain Time (US & Canada)', aliases: ['Mountain Time'] },
	{ windowsId: 'Yukon Standard Time', iana: 'America/Whitehorse', display: 'Yukon' },
	{ windowsId: 'Central America Standard Time', iana: 'America/Guatemala', display: 'Central America' },
	{ windowsId: 'Central Standard Time', iana: 'America/Chicago', display: 'Central Time (US & Canada)', aliases: ['Central Time'] },
	{ windowsId: 'Easter Island Standard Time', iana: 'Pacific/Easter', display: 'Easter Island' },
	{ windowsId: 'Central Standard Time (Mexico)', iana: 'America/Mexico_City', display: 'Guadalajara, Mexico City, Monterrey', aliases: ['Mexico Standard Time', 'Guadalajara, Mexico City, Monterrey - New', 'Guadalajara, Mexico City, Monterrey - Old'] },
	{ windowsId: 'Canada Central Standard Time', iana: 'America/Regina', display: 'Saskatchewan' },
	{ windowsId: 'SA Pacific Standard Time', iana: 'America/Bogota', display: 'Bogota, Lima, Quito, Rio Branco', aliases: ['Bogota, Lima, Quito'] },
	{ windowsId: 'Eastern Standard Time (Mexico)', iana: 'America/Cancun', display: 'Chetumal' },
	{ windowsId: 'Eastern Standard Time', iana: 'America/New_York', display: 'Eastern Time (US & Canada)', aliases: ['Eastern Time'] },
	{ windowsId: 'Haiti Standard Time', iana: 'America/Port-au-Prince', display: 'Haiti' },
	{ windowsId: 'Cuba Standard Time', iana: 'America/Havana', display: 'Havana' },
	{ windowsId: 'US Eastern Standard Time', iana: 'America/Indiana/Indianapolis', display: 'Indiana (East)' },
	{ windowsId: 'Turks And Caicos Standard Time', iana: 'America/Grand_Turk', display: 'Turks and Caicos' },
	{ windowsId: 'Paraguay Standard Time', iana: 'America/Asuncion', display: 'Asuncion' },
	{ windowsId: 'Atlantic Standard Time', iana: 'America/Halifax', display: 'Atlantic Time (Canada)' },
	{ windowsId: 'Venezuela Standard Time', iana: 'America/Caracas', display: 'Caracas' },
	{ windowsId: 'Central Brazilian Standard Time', iana: 'America/Cuiaba', display: 'Cuiaba', aliases: ['Manaus'] },
	{ windowsId: 'SA Western Standard Time', iana: 'America/La_Paz', display: 'Georgetown, La Paz, Manaus, San Juan', aliases: ['Caracas, La Paz', 'Georgetown, La Paz, San Juan'] },
	{ windowsId: 'Pacific SA Standard Time', iana: 'America/Santiago', display: 'Santiago' },
	{ windowsId: 'Newfoundland Standard Time', iana: 'America/St_Johns', display: 'Newfoundland', aliases: ['Newfoundland and Labrador'] },
	{ windowsId: 'Tocantins Standard Time', iana: 'America/Araguaina', display: 'Araguaina' },
	{ windowsId: 'E. South America Standard Time', iana: 'America/Sao_Paulo', display: 'Brasilia' },
	{ windowsId: 'SA Eastern Standard Time', iana: 'America/Cayenne', display: 'Cayenne, Fortaleza', aliases: ['Georgetown'] },
	{ windowsId: 'Argentina Standard Time', iana: 'America/Argentina/Buenos_Aires', display: 'City of Buenos Aires', aliases: ['Buenos Aires', 'Buenos Aires, Georgetown'] },
	{ windowsId: 'Greenland Standard Time', iana: 'America/Nuuk', display: 'Greenland' },
	{ windowsId: 'Montevideo Standard Time', iana: 'America/Montevideo', display: 'Montevideo' },
	{ windowsId: 'Magallanes Standard Time', iana: 'America/Punta_Arenas', display: 'Punta Arenas' },
	{ windowsId: 'Saint Pierre Standard Time', iana: 'America/Miquelon', display: 'Saint Pierre and Miquelon' },
	{ windowsId: 'Bahia Standard Time', iana: 'America/Bahia', display: 'Salvador' },
	{ windowsId: 'UTC-02', iana: 'Etc/GMT+2', display: 'Coordinated Universal Time-02', aliases: ['Mid-Atlantic', 'Mid-Atlantic - Old'] },
	{ windowsId: 'Azores Standard Time', iana: 'Atlantic/Azores', display: 'Azores' },
	{ windowsId: 'Cape Verde Standard Time', iana: 'Atlantic/Cape_Verde', display: 'Cabo Verde Is.', aliases: ['Cape Verde Is.', 'Cape Verde Islands'] },
	{ windowsId: 'UTC', iana: 'Etc/UTC', display: 'Coordinated Universal Time', aliases: ['UTC', 'GMT'] },
	{ windowsId: 'GMT Standard Time', iana: 'Europe/London', display: 'Dublin, Edinburgh, Lisbon, London', aliases: ['Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London', 'Greenwich Mean Time: Dublin, Edinburgh, Lisbon, London'] },
	{ windowsId: 'Greenwich Standard Time', iana: 'Atlantic/Reykjavik', display: 'Monrovia, Reykjavik' },
	{ windowsId: 'Sao Tome Standard Time', iana: 'Africa/Sao_Tome', display: 'Sao Tome' },
	{ windowsId: 'Morocco Standard Time', iana: 'Africa/Casablanca', display: 'Casablanca', aliases: ['Casablanca, Monrovia'] },
	{ windowsId: 'W. Europe Standard Time', iana: 'Europe/Berlin', display: 'Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna' },
	{ windowsId: 'Central Europe Standard Time', iana: 'Europe/Budapest', display: 'Belgrade, Bratislava, Budapest, Ljubljana, Prague' },
	{ windowsId: 'Romance Standard Time', iana: 'Europe/Paris', display: 'Brussels, Copenhagen, Madrid, Paris' },
	{ windowsId: 'Central European Standard Time', iana: 'Europe/Warsaw', display: 'Sarajevo, Skopje, Warsaw, Zagreb' },
	{ windowsId: 'W. Central Africa Standard Time', iana: 'Africa/Lagos', display: 'West Central Africa' },
	{ windowsId: 'Jordan Standard Time', iana: 'Asia/Amman', display: 'Amman' },
	{ windowsId: 'GTB Standard Time', iana: 'Europe/Bucharest', display: 'Athens, Bucharest', aliases: ['Athens, Bucharest, Istanbul', 'Athens, Istanbul, Minsk', 'Athens, Beirut, Istanbul, Minsk'] },
	{ windowsId: 'Middle East Standard Time', iana: 'Asia/Beirut', display: 'Beirut' },
	{ windowsId: 'Egypt Standard Time', iana: 'Africa/Cairo', display: 'Cairo' },
	{ windowsId: 'E. Europe Standard Time', iana: 'Europe/Chisinau', display: 'Chisinau', aliases: ['Bucharest', 'E. Europe'] },
	{ windowsId: 'Syria Standard Time', iana: 'Asia/Damascus', display: 'Damascus' },
	{ windowsId: 'West Bank Standard Time', iana: 'Asia/Hebron', display: 'Gaza, Hebron' },
	{ windowsId: 'South Africa Standard Time', iana: 'Africa/Johannesburg', display: 'Harare, Pretoria' },
	{ windowsId: 'FLE Standard Time', iana: 'Europe/Kyiv', display: 'Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius', aliases: ['Helsinki, Kiev, Riga, Sofia, Tallinn, Vilnius'] },
	{ windowsId: 'Israel Standard Time', iana: 'Asia/Jerusalem', display: 'Jerusalem' },
	{ windowsId: 'South Sudan Standard Time', iana: 'Africa/Juba', display: 'Juba' },
	{ windowsId: 'Kaliningrad Standard Time', iana: 'Europe/Kaliningrad', display: 'Kaliningrad', aliases: ['Kaliningrad, Minsk'] },
	{ windowsId: 'Sudan Standard Time', iana: 'Africa/Khartoum', display: 'Khartoum' },
	{ windowsId: 'Libya Standard Time', iana: 'Africa/Tripoli', display: 'Tripoli' },
	{ windowsId: 'Namibia Standard Time', iana: 'Africa/Windhoek', display: 'Windhoek' },
	{ windowsId: 'Arabic Standard Time', iana: 'Asia/Baghdad', display: 'Baghdad' },
	{ windowsId: 'Turkey Standard Time', iana: 'Europe/Istanbul', display: 'Istanbul' },
	{ windowsId: 'Arab Standard Time', iana: 'Asia/Riyadh', display: 'Kuwait, Riyadh' },
	{ windowsId: 'Belarus Standard Time', iana: 'Europe/Minsk', display: 'Minsk' },
	{ windowsId: 'Russian Standard Time', iana: 'Europe/Moscow', display: 'Moscow, St. Petersburg', aliases: ['Moscow, St. Petersburg, Volgograd'] },
	{ windowsId: 'E. Africa Standard Time', iana: 'Africa/Nairobi', display: 'Nairobi' },
	{ windowsId: 'Volgograd Standard Time', iana: 'Europe/Volgograd', display: 'Volgograd' },
	{ windowsId: 'Iran Standard Time', iana: 'Asia/Tehran', display: 'Tehran' },
	{ windowsId: 'Arabian Standard Time', iana: 'Asia/Dubai', display: 'Abu Dhabi, Muscat' },
	{ windowsId: 'Astrakhan Standard Time', iana: 'Europe/Astrakhan', display: 'Astrakhan, Ulyanovsk' },
	{ windowsId: 'Azerbaijan Standard Time', iana: 'Asia/Baku', display: 'Baku' },
	{ windowsId: 'Russia Time Zone 3', iana: 'Europe/Samara', display: 'Izhevsk, Samara' },
	{ windowsId: 'Mauritius Standard Time', iana: 'Indian/Mauritius', display: 'Port Louis' },
	{ windowsId: 'Saratov Standard Time', iana: 'Europe/Saratov', display: 'Saratov' },
	{ windowsId: 'Georgian Standard Time', iana: 'Asia/Tbilisi', display: 'Tbilisi' },
	{ windowsId: 'Caucasus Standard Time', iana: 'Asia/Yerevan', display: 'Yerevan', aliases: ['Baku, Tbilisi, Yerevan', 'Caucasus Standard Time'] },
	{ windowsId: 'Afghanistan Standard Time', iana: 'Asia/Kabul', display: 'Kabul' },
	{ windowsId: 'West Asia Standard Time', iana: 'Asia/Tashkent', display: 'Ashgabat, Tashkent', aliases: ['Islamabad, Karachi, Tashkent', 'Tashkent'] },
	{ windowsId: 'Qyzylorda Standard Time', iana: 'Asia/Qyzylorda', display: 'Qyzylorda', aliases: ['Astana'] },
	{ windowsId: 'Ekaterinburg Standard Time', iana: 'Asia/Yekaterinburg', display: 'Ekaterinburg', aliases: ['Yekaterinburg'] },
	{ windowsId: 'Pakistan Standard Time', iana: 'Asia/Karachi', display: 'Islamabad, Karachi' },
	{ windowsId: 'India Standard Time', iana: 'Asia/Kolkata', display: 'Chennai, Kolkata, Mumbai, New Delhi', aliases: ['Calcutta, Chennai, Mumbai, New Delhi'] },
	{ windowsId: 'Sri Lanka Standard Time', iana: 'Asia/Colombo', display: 'Sri Jayawardenepura' },
	{ windowsId: 'Nepal Standard Time', iana: 'Asia/Kathmandu', display: 'Kathmandu' },
	{ windowsId: 'Central Asia Standard Time', iana: 'Asia/Bishkek', display: 'Bishkek', aliases: ['Astana, Dhaka'] },
	{ windowsId: 'Bangladesh Standard Time', iana: 'Asia/Dhaka', display: 'Dhaka' },
	{ windowsId: 'Omsk Standard Time', iana: 'Asia/Omsk', display: 'Omsk' },
	{ windowsId: 'Myanmar Standard Time', iana: 'Asia/Yangon', display: 'Yangon (Rangoon)', aliases: ['Rangoon', 'Yangon'] },
	{ windowsId: 'SE Asia Standard Time', iana: 'Asia/Bangkok', display: 'Bangkok, Hanoi, Jakarta' },
	{ windowsId: 'Altai Standard Time', iana: 'Asia/Barnaul', display: 'Barnaul, Gorno-Altaysk' },
	{ windowsId: 'W. Mongolia Standard Time', iana: 'Asia/Hovd', display: 'Hovd' },
	{ windowsId: 'North Asia Standard Time', iana: 'Asia/Krasnoyarsk', display: 'Krasnoyarsk' },
	{ windowsId: 'N. Central Asia Standard Time', iana: 'Asia/Novosibirsk', display: 'Novosibirsk', aliases: ['Almaty, Novosibirsk'] },
	{ windowsId: 'Tomsk Standard Time', iana: 'Asia/Tomsk', display: 'Tomsk' },
	{ windowsId: 'China Standard Time', iana: 'Asia/Shanghai', display: 'Beijing, Chongqing, Hong Kong, Urumqi', aliases: ['Beijing, Chongqing, Hong Kong SAR, Urumqi'] },
	{ windowsId: 'North Asia East Standard Time', iana: 'Asia/Irkutsk', display: 'Irkutsk', aliases: ['Irkutsk, Ulaan Bataar'] },
	{ windowsId: 'Singapore Standard Time', iana: 'Asia/Singapore', display: 'Kuala Lumpur, Singapore' },
	{ windowsId: 'W. Australia Standard Time', iana: 'Australia/Perth', display: 'Perth' },
	{ windowsId: 'Taipei Standard Time', iana: 'Asia/Taipei', display: 'Taipei' },
	{ windowsId: 'Ulaanbaatar Standard Time', iana: 'Asia/Ulaanbaatar', display: 'Ulaanbaatar' },
	{ windowsId: 'Aus Central W. Standard Time', iana: 'Australia/Eucla', display: 'Eucla' },
	{ windowsId: 'Transbaikal Standard Time', iana: 'Asia/Chita', display: 'Chita' },
	{ windowsId: 'Tokyo Standard Time', iana: 'Asia/Tokyo', display: 'Osaka, Sapporo, Tokyo' },
	{ windowsId: 'North Korea Standard Time', iana: 'Asia/Pyongyang', display: 'Pyongyang' },
	{ windowsId: 'Korea Standard Time', iana: 'Asia/Seoul', display: 'Seoul' },
	{ windowsId: 'Yakutsk Standard Time', iana: 'Asia/Yakutsk', display: 'Yakutsk' },
	{ windowsId: 'Cen. Australia Standard Time', iana: 'Australia/Adelaide', display: 'Adelaide' },
	{ windowsId: 'AUS Central Standard Time', iana: 'Australia/Darwin', display: 'Darwin' },
	{ windowsId: 'E. Australia Standard Time', iana: 'Australia/Brisbane', display: 'Brisbane' },
	{ windowsId: 'AUS Eastern Standard Time', iana: 'Australia/Sydney', display: 'Canberra, Melbourne, Sydney' },
	{ windowsId: 'West Pacific Standard Time', iana: 'Pacific/Port_Moresby', display: 'Guam, Port Moresby' },
	{ windowsId: 'Tasmania Standard Time', iana: 'Australia/Hobart', display: 'Hobart' },
	{ windowsId: 'Vladivostok Standard Time', iana: 'Asia/Vladivostok', display: 'Vladivostok' },
	{ windowsId: 'Lord Howe Standard Time', iana: 'Australia/Lord_Howe', display: 'Lord Howe Island' },
	{ windowsId: 'Bougainville Standard Time', iana: 'Pacific/Bougainville', display: 'Bougainville Island' },
	{ windowsId: 'Russia Time Zone 10', iana: 'Asia/Srednekolymsk', display: 'Chokurdakh' },
	{ windowsId: 'Magadan Standard Time', iana: 'Asia/Magadan', display: 'Magadan' },
	{ windowsId: 'Norfolk Standard Time', iana: 'Pacific/Norfolk', display: 'Norfolk Island' },
	{ windowsId: 'Sakhalin Standard Time', iana: 'Asia/Sakhalin', display: 'Sakhalin' },
	{ windowsId: 'Central Pacific Standard Time', iana: 'Pacific/Guadalcanal', display: 'Solomon Is., New Caledonia', aliases: ['Magadan, Solomon Is., New Caledonia'] },
	{ windowsId: 'Russia Time Zone 11', iana: 'Asia/Kamchatka', display: 'Anadyr, Petropavlovsk-Kamchatsky' },
	{ windowsId: 'New Zealand Standard Time', iana: 'Pacific/Auckland', display: 'Auckland, Wellington' },
	{ windowsId: 'UTC+12', iana: 'Etc/GMT-12', display: 'Coordinated Universal Time+12' },
	{ windowsId: 'Fiji Standard Time', iana: 'Pacific/Fiji', display: 'Fiji', aliases: ['Fiji, Kamchatka, Marshall Is.', 'Fiji Islands, Kamchatka, Marshall Islands'] },
	{ windowsId: 'Chatham Islands Standard Time', iana: 'Pacific/Chatham', display: 'Chatham Islands' },
	{ windowsId: 'UTC+13', iana: 'Etc/GMT-13', display: 'Coordinated Universal Time+13' },
	{ windowsId: 'Tonga Standard Time', iana: 'Pacific/Tongatapu', display: "Nuku'alofa" },
	{ windowsId: 'Samoa Standard Time', iana: 'Pacific/Apia', display: 'Samoa' },
	{ windowsId: 'Line Islands Standard Time', iana: 'Pacific/Kiritimati', display: 'Kiritimati Island' },
];

/**
 * Microsoft Time Zone Index values (the Windows XP-era index Autotask documents for
 * `InternalLocations.timeZone`) -> Windows zone id. Used only when no picklist label is at hand.
 */
const MICROSOFT_TIME_ZONE_INDEX: Record<number, string> = {
	0: 'Dateline Standard Time',
	1: 'Samoa Standard Time (legacy)',
	2: 'Hawaiian Standard Time',
	3: 'Alaskan Standard Time',
	4: 'Pacific Standard Time',
	10: 'Mountain Standard Time',
	13: 'Mountain Standard Time (Mexico)',
	15: 'US Mountain Standard Time',
	20: 'Central Standard Time',
	25: 'Canada Central Standard Time',
	30: 'Central Standard Time (Mexico)',
	33: 'Central America Standard Time',
	35: 'Eastern Standard Time',
	40: 'US Eastern Standard Time',
	45: 'SA Pacific Standard Time',
	50: 'Atlantic Standard Time',
	55: 'SA Western Standard Time',
	56: 'Pacific SA Standard Time',
	60: 'Newfoundland Standard Time',
	65: 'E. South America Standard Time',
	70: 'SA Eastern Standard Time',
	73: 'Greenland Standard Time',
	75: 'UTC-02',
	80: 'Azores Standard Time',
	83: 'Cape Verde Standard Time',
	85: 'GMT Standard Time',
	90: 'Greenwich Standard Time',
	95: 'Central Europe Standard Time',
	100: 'Central European Standard Time',
	105: 'Romance Standard Time',
	110: 'W. Europe Standard Time',
	113: 'W. Central Africa Standard Time',
	115: 'E. Europe Standard Time',
	120: 'Egypt Standard Time',
	125: 'FLE Standard Time',
	130: 'GTB Standard Time',
	135: 'Israel Standard Time',
	140: 'South Africa Standard Time',
	145: 'Russian Standard Time',
	150: 'Arab Standard Time',
	155: 'E. Africa Standard Time',
	158: 'Arabic Standard Time',
	160: 'Iran Standard Time',
	165: 'Arabian Standard Time',
	170: 'Caucasus Standard Time',
	175: 'Afghanistan Standard Time',
	180: 'Ekaterinburg Standard Time',
	185: 'West Asia Standard Time',
	190: 'India Standard Time',
	193: 'Nepal Standard Time',
	195: 'Central Asia Standard Time',
	200: 'Sri Lanka Standard Time',
	201: 'N. Central Asia Standard Time',
	203: 'Myanmar Standard Time',
	205: 'SE Asia Standard Time',
	207: 'North Asia Standard Time',
	210: 'China Standard Time',
	215: 'Singapore Standard Time',
	220: 'Taipei Standard Time',
	225: 'W. Australia Standard Time',
	227: 'North Asia East Standard Time',
	230: 'Korea Standard Time',
	235: 'Tokyo Standard Time',
	240: 'Yakutsk Standard Time',
	245: 'AUS Central Standard Time',
	250: 'Cen. Australia Standard Time',
	255: 'AUS Eastern Standard Time',
	260: 'E. Australia Standard Time',
	265: 'Tasmania Standard Time',
	270: 'Vladivostok Standard Time',
	275: 'West Pacific Standard Time',
	280: 'Central Pacific Standard Time',
	285: 'Fiji Standard Time',
	290: 'New Zealand Standard Time',
	300: 'Tonga Standard Time',
};

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
	const match = /^\s*\(\s*(?:GMT|UTC)\s*(?:([+-−])\s*(\d{1,2})(?::?(\d{2}))?)?\s*\)\s*(.*)$/i.exec(label);
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
		const sameOffset = candidates.filter((e) => standardOffsetMinutes(e.iana, year) === offsetMinutes);
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
