import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeProperties,
} from 'n8n-workflow';

import {
	AUTOTASK_ZONES,
	DEFAULT_ZONE_LOOKUP_URL,
	explainAutotaskAuthFailure,
	staticZone,
	ZONE_AUTO,
	ZONE_CUSTOM,
	zoneFingerprint,
	zoneFromLookup,
	zoneLookupUrl,
	zoneSettingsFromCredentials,
	autotaskErrorText,
} from '../nodes/shared/transport/autotask/zones';
import {
	AUTOTASK_DEFAULT_MAX_RETRY_WAIT_SECONDS,
	maxRetryWaitProperty,
} from '../nodes/shared/transport/credentialFields';

function authHeaders(credentials: ICredentialDataDecryptedObject): Record<string, string> {
	const headers: Record<string, string> = {
		UserName: String(credentials.username ?? '').trim(),
		Secret: String(credentials.secret ?? ''),
		ApiIntegrationCode: String(credentials.integrationCodeSecret ?? '').trim(),
	};
	const impersonate = String(credentials.impersonationResourceId ?? '').trim();
	if (/^\d+$/.test(impersonate)) headers.ImpersonationResourceId = impersonate;
	return headers;
}

/**
 * Autotask PSA REST API: an API-only user's username and secret plus the API tracking
 * identifier (integration code), sent as headers. The zone (data centre) is detected from
 * the username, chosen from the list, or given as a custom URL.
 */
export class AutotaskIlertAutotaskApi implements ICredentialType {
	name = 'autotaskIlertAutotaskApi';

	displayName = 'Autotask-Ilert: Autotask API';

	icon: Icon = { light: 'file:../icons/autotask.svg', dark: 'file:../icons/autotask.dark.svg' };

	documentationUrl =
		'https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/General_Topics/REST_Security_Auth.htm';

	properties: INodeProperties[] = [
		{
			displayName: 'API Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'abc123@example.com',
			description: 'Username of an Autotask resource with the "API User (API-only)" security level',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The API user's secret (password)",
		},
		{
			displayName: 'API Integration Code',
			name: 'integrationCodeSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The API tracking identifier on the API user's record (Admin › Resources/Users › API Tracking Identifier)",
		},
		{
			displayName: 'Zone',
			name: 'zone',
			type: 'options',
			default: ZONE_AUTO,
			description:
				'The Autotask data centre of your tenant. Auto-detect asks Autotask (ZoneInformation) for the zone of the API user.',
			options: [
				{ name: 'Auto-Detect From Username', value: ZONE_AUTO },
				...AUTOTASK_ZONES.map((zone) => ({ name: zone.name, value: zone.value })),
				{ name: 'Custom Base URL', value: ZONE_CUSTOM },
			],
		},
		{
			displayName: 'Zone Lookup URL',
			name: 'zoneLookupUrl',
			type: 'string',
			default: DEFAULT_ZONE_LOOKUP_URL,
			description:
				'Where to ask for the zone (GET <URL>/v1.0/zoneInformation). Change only for a proxy or test server.',
			displayOptions: { show: { zone: [ZONE_AUTO] } },
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://webservices5.autotask.net/atservicesrest',
			description: 'REST root of the zone, without /v1.0',
			displayOptions: { show: { zone: [ZONE_CUSTOM] } },
		},
		{
			displayName: 'Custom Web UI URL',
			name: 'customWebUrl',
			type: 'string',
			default: '',
			placeholder: 'https://ww5.autotask.net/',
			description:
				'Web UI root for ticket links. Leave empty to derive it from a webservicesN.autotask.net base URL.',
			displayOptions: { show: { zone: [ZONE_CUSTOM] } },
		},
		{
			displayName: 'Impersonation Resource ID',
			name: 'impersonationResourceId',
			type: 'string',
			default: '',
			description:
				'Optional. Autotask resource ID to attribute notes and updates to instead of the API user. The API user must be allowed to impersonate.',
		},
		maxRetryWaitProperty(AUTOTASK_DEFAULT_MAX_RETRY_WAIT_SECONDS, 'Autotask', '429, thread limit'),
		// Filled by preAuthentication; n8n re-runs it when empty, after a 401 and on every test.
		{
			displayName: 'Zone API URL',
			name: 'zoneApiUrl',
			type: 'hidden',
			typeOptions: { expirable: true },
			default: '',
		},
		{ displayName: 'Zone Web URL', name: 'zoneWebUrl', type: 'hidden', default: '' },
		{ displayName: 'Zone Name', name: 'zoneName', type: 'hidden', default: '' },
		{ displayName: 'Zone Fingerprint', name: 'zoneFingerprint', type: 'hidden', default: '' },
	];

	/**
	 * Resolves the zone and checks username, secret and integration code with one read-only
	 * request, so a failure names the zone and the part that is wrong.
	 */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const settings = zoneSettingsFromCredentials(credentials);
		if (!settings.username) {
			throw new Error('Enter the API Username of the Autotask API user');
		}
		let zone = staticZone(settings);
		if (!zone && settings.zone === ZONE_CUSTOM) {
			throw new Error(
				'Enter the Custom Base URL, e.g. https://webservices5.autotask.net/atservicesrest',
			);
		}
		if (!zone) {
			const lookup = (await this.helpers.httpRequest({
				method: 'GET',
				url: zoneLookupUrl(settings),
				headers: { Accept: 'application/json' },
				json: true,
				ignoreHttpStatusErrors: true,
				returnFullResponse: true,
			})) as IN8nHttpFullResponse;
			const said = autotaskErrorText(lookup.body);
			if (lookup.statusCode >= 400) {
				throw new Error(
					`Autotask could not find a zone for API user "${settings.username}": ${said || `HTTP ${lookup.statusCode}`}. Check the API Username.`,
				);
			}
			zone = zoneFromLookup(lookup.body);
			if (!zone) {
				throw new Error(
					`Autotask could not find a zone for API user "${settings.username}": the zone lookup answered without a URL`,
				);
			}
		}
		const check = (await this.helpers.httpRequest({
			method: 'GET',
			url: `${zone.apiBaseUrl}/Tickets/entityInformation`,
			headers: { Accept: 'application/json', ...authHeaders(credentials) },
			json: true,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		})) as IN8nHttpFullResponse;
		if (check.statusCode >= 400) {
			throw new Error(
				explainAutotaskAuthFailure(check.statusCode, check.body, zone, settings.username),
			);
		}
		return {
			zoneApiUrl: zone.apiBaseUrl,
			zoneWebUrl: zone.webUrl,
			zoneName: zone.zoneName,
			zoneFingerprint: zoneFingerprint(settings),
		};
	}

	/**
	 * Adds the headers. A relative URL without base (the credential test) is sent to the zone
	 * just resolved by preAuthentication: n8n resolves `baseURL` expressions before
	 * preAuthentication runs, so `={{$credentials.zoneApiUrl}}` would still be empty or stale.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const options: IHttpRequestOptions = {
			...requestOptions,
			headers: { ...(requestOptions.headers ?? {}), ...authHeaders(credentials) },
		};
		const zoneApiUrl = typeof credentials.zoneApiUrl === 'string' ? credentials.zoneApiUrl : '';
		if (!options.baseURL && options.url.startsWith('/') && zoneApiUrl) {
			options.baseURL = zoneApiUrl;
		}
		return options;
	}

	test: ICredentialTestRequest = {
		request: {
			url: '/Tickets/entityInformation',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Autotask rejected the API username or secret (HTTP 401)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Autotask accepted the login but refused access to tickets (HTTP 403): the user needs the "API User (API-only)" security level with ticket access',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 500,
					message:
						'Autotask refused the request (HTTP 500): usually the API integration code (tracking identifier) is invalid',
				},
			},
		],
	};
}
