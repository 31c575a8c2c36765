/**
 * Autotask zones (data centres) and how a credential's zone setting becomes a base URL.
 * Pure module (no n8n imports): shared by the credential's preAuthentication and the transport.
 */

/** Default host for the zone lookup (`GET <this>/v1.0/zoneInformation?user=`). */
export const DEFAULT_ZONE_LOOKUP_URL = 'https://webservices.autotask.net/atservicesrest';

export interface AutotaskZoneDefinition {
	/** Option value stored in the credential. */
	value: string;
	/** Shown in the credential's zone list. */
	name: string;
	/** REST root, without `/v1.0`. */
	apiUrl: string;
	/** Web UI root, used for ticket links. */
	webUrl: string;
}

function ws(n: number, name: string): AutotaskZoneDefinition {
	return {
		value: `webservices${n}`,
		name: `${name} (webservices${n})`,
		apiUrl: `https://webservices${n}.autotask.net/atservicesrest`,
		webUrl: `https://ww${n}.autotask.net/`,
	};
}

/** Every zone Autotask lists (API Zones page), sorted by name. */
export const AUTOTASK_ZONES: AutotaskZoneDefinition[] = [
	ws(3, 'America East'),
	ws(14, 'America East 2'),
	ws(22, 'America East 3'),
	ws(5, 'America West'),
	ws(15, 'America West 2'),
	ws(24, 'America West 3'),
	ws(25, 'America West 4'),
	ws(6, 'Australia (Legacy)'),
	ws(26, 'Australia 2'),
	ws(29, 'Australia / New Zealand (Sydney)'),
	ws(19, 'EU1 (English Europe and Asia)'),
	ws(18, 'German'),
	ws(1, 'Limited Release'),
	ws(17, 'Limited Release UK'),
	{
		value: 'prde',
		name: 'Pre-Release Germany (PRDE)',
		apiUrl: 'https://prde.autotask.net/atservicesrest',
		webUrl: 'https://prde.autotask.net/',
	},
	{
		value: 'pres',
		name: 'Pre-Release Spanish (PRES)',
		apiUrl: 'https://pres.autotask.net/atservicesrest',
		webUrl: 'https://pres.autotask.net/',
	},
	ws(2, 'Pre-Release'),
	ws(11, 'Pre-Release UK'),
	ws(12, 'Spanish'),
	ws(4, 'UK'),
	ws(16, 'UK2'),
	ws(28, 'UK3'),
];

export const ZONE_AUTO = 'auto';
export const ZONE_CUSTOM = 'custom';

/** The zone settings of an Autotask credential (field names of the credential). */
export interface AutotaskZoneSettings {
	zone: string;
	username: string;
	zoneLookupUrl: string;
	customBaseUrl: string;
	customWebUrl: string;
}

export interface ResolvedZone {
	/** REST root the `path`s are appended to, e.g. `https://webservices5.autotask.net/atservicesrest/v1.0`. */
	apiBaseUrl: string;
	/** Web UI root for ticket links, e.g. `https://ww5.autotask.net/`; '' when unknown. */
	webUrl: string;
	/** Autotask's zone name, or the configured zone. */
	zoneName: string;
}

function str(value: unknown): string {
	return typeof value === 'string'
		? value.trim()
		: value === undefined || value === null
			? ''
			: String(value).trim();
}

/** Reads the zone settings from credential data (any casing of whitespace trimmed). */
export function zoneSettingsFromCredentials(
	credentials: Record<string, unknown>,
): AutotaskZoneSettings {
	return {
		zone: str(credentials.zone) || ZONE_AUTO,
		username: str(credentials.username),
		zoneLookupUrl: str(credentials.zoneLookupUrl) || DEFAULT_ZONE_LOOKUP_URL,
		customBaseUrl: str(credentials.customBaseUrl),
		customWebUrl: str(credentials.customWebUrl),
	};
}

/**
 * Identifies the settings a resolved zone belongs to. A stored zone whose fingerprint differs
 * from the current settings is stale (the user changed zone, username or URL) and is not used.
 */
export function zoneFingerprint(settings: AutotaskZoneSettings): string {
	const parts =
		settings.zone === ZONE_AUTO
			? [
					settings.zone,
					settings.username.toLowerCase(),
					trimSlashes(settings.zoneLookupUrl).toLowerCase(),
				]
			: settings.zone === ZONE_CUSTOM
				? [settings.zone, trimSlashes(settings.customBaseUrl).toLowerCase(), settings.customWebUrl]
				: [settings.zone];
	return `v1|${parts.join('|')}`;
}

export function trimSlashes(url: string): string {
	return url.replace(/\/+$/, '');
}

/**
 * Turns an Autotask REST root (as ZoneInformation returns it, e.g.
 * `https://webservices5.autotask.net/ATServicesRest/`, or a URL that already ends in
 * `/v1.0`) into the base the request paths are appended to (`.../v1.0`).
 */
export function apiBaseFromRoot(root: string): string {
	const trimmed = trimSlashes(root.trim());
	if (/\/v1\.0$/i.test(trimmed)) return trimmed;
	return `${trimmed}/v1.0`;
}

/** Guesses the web UI root for an API host (`webservicesN` -> `wwN`), '' when not an Autotask host. */
export function webUrlForApiUrl(apiUrl: string): string {
	const match = /^https?:\/\/webservices(\d+)\.autotask\.net/i.exec(apiUrl.trim());
	return match ? `https://ww${match[1]}.autotask.net/` : '';
}

/** The zone for a fixed zone choice or a custom URL; undefined for auto-detect or an unknown zone. */
export function staticZone(settings: AutotaskZoneSettings): ResolvedZone | undefined {
	if (settings.zone === ZONE_CUSTOM) {
		if (!settings.customBaseUrl) return undefined;
		return {
			apiBaseUrl: apiBaseFromRoot(settings.customBaseUrl),
			webUrl: settings.customWebUrl || webUrlForApiUrl(settings.customBaseUrl),
			zoneName: 'Custom',
		};
	}
	const zone = AUTOTASK_ZONES.find((z) => z.value === settings.zone);
	if (!zone) return undefined;
	return { apiBaseUrl: apiBaseFromRoot(zone.apiUrl), webUrl: zone.webUrl, zoneName: zone.name };
}

/** The ZoneInformation URL for a username. */
export function zoneLookupUrl(settings: AutotaskZoneSettings): string {
	return `${apiBaseFromRoot(settings.zoneLookupUrl)}/zoneInformation?user=${encodeURIComponent(settings.username)}`;
}

/**
 * Reads a ZoneInformation answer (`{ zoneName, url, webUrl, ci }`, any key casing).
 * Returns undefined when it carries no URL.
 */
export function zoneFromLookup(body: unknown): ResolvedZone | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const lower: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(body as Record<string, unknown>)) lower[k.toLowerCase()] = v;
	const url = str(lower.url);
	if (!url) return undefined;
	return {
		apiBaseUrl: apiBaseFromRoot(url),
		webUrl: str(lower.weburl) || webUrlForApiUrl(url),
		zoneName: str(lower.zonename) || url,
	};
}

/** Autotask's error texts from an `{"errors":[...]}` body (or a plain message), joined. */
export function autotaskErrorText(body: unknown): string {
	if (body === undefined || body === null || body === '') return '';
	if (typeof body === 'string') {
		try {
			return autotaskErrorText(JSON.parse(body));
		} catch {
			return body.slice(0, 500);
		}
	}
	if (typeof body !== 'object') return String(body);
	const record = body as Record<string, unknown>;
	const errors = record.errors ?? record.Errors;
	if (Array.isArray(errors)) {
		return errors
			.map((e) =>
				typeof e === 'string'
					? e
					: e && typeof e === 'object'
						? str((e as Record<string, unknown>).message ?? JSON.stringify(e))
						: String(e),
			)
			.filter((e) => e !== '')
			.join('; ');
	}
	const message = record.message ?? record.Message;
	return typeof message === 'string' ? message : '';
}

/**
 * A plain explanation of why Autotask refused the credential check (`GET /Tickets/entityInformation`).
 * Names the zone and the username, never the secret or the integration code.
 */
export function explainAutotaskAuthFailure(
	statusCode: number,
	body: unknown,
	zone: ResolvedZone,
	username: string,
): string {
	const said = autotaskErrorText(body);
	const suffix = said ? ` Autotask said: "${said}".` : '';
	const where = `Autotask zone ${zone.zoneName} (${zone.apiBaseUrl})`;
	if (statusCode === 401) {
		return `${where} rejected API user "${username}" (HTTP 401): the username or the secret is wrong.${suffix}`;
	}
	if (statusCode === 403) {
		return `${where} accepted API user "${username}" but refused access to tickets (HTTP 403): give the user the "API User (API-only)" security level with ticket access.${suffix}`;
	}
	if (/integration ?code|tracking/i.test(said)) {
		return `${where} rejected the API integration code for API user "${username}" (HTTP ${statusCode}): use the API tracking identifier shown on the API user's record.${suffix}`;
	}
	if (/user ?name|secret|password|authenticat|credential|login/i.test(said)) {
		return `${where} rejected API user "${username}" (HTTP ${statusCode}): the username or the secret is wrong.${suffix}`;
	}
	if (statusCode === 429) {
		return `${where} is rate limiting this integration (HTTP 429). The credential could not be checked; try again later.${suffix}`;
	}
	return `${where} answered HTTP ${statusCode} for API user "${username}".${suffix}`;
}
