import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	ilertBaseUrlProperty,
	ILERT_DEFAULT_MAX_RETRY_WAIT_SECONDS,
	maxRetryWaitProperty,
} from '../nodes/shared/transport/credentialFields';

/**
 * ilert Events API: the integration key of one alert source, sent in the event body as
 * `integrationKey` (the Events API takes no Authorization header).
 */
export class AutotaskIlertIlertAlertSourceApi implements ICredentialType {
	name = 'autotaskIlertIlertAlertSourceApi';

	displayName = 'Autotask-Ilert: Ilert Alert Source API';

	icon: Icon = { light: 'file:../icons/ilert.svg', dark: 'file:../icons/ilert.dark.svg' };

	documentationUrl = 'https://docs.ilert.com/rest-api/events';

	properties: INodeProperties[] = [
		{
			displayName: 'Integration Key',
			name: 'integrationApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Integration key of the ilert alert source (alert source › settings), e.g. il1api…. Use an alert source of type API.',
		},
		ilertBaseUrlProperty(),
		maxRetryWaitProperty(
			ILERT_DEFAULT_MAX_RETRY_WAIT_SECONDS,
			'ilert',
			'429, about 50 events per minute per source',
		),
	];

	/**
	 * Puts the integration key into the JSON body. In code rather than as a declarative
	 * `={{$credentials.integrationApiKey}}`: n8n would evaluate that expression on every
	 * Events API call (issue 12, about 13 ms each). Returns new options; the caller's stay as
	 * they were. A body that is not a JSON object (none is sent by this package) is left alone.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const body = requestOptions.body;
		const isJsonObject =
			body === undefined || Object.prototype.toString.call(body) === '[object Object]';
		if (!isJsonObject) return requestOptions;
		return {
			...requestOptions,
			body: {
				...((body as IDataObject | undefined) ?? {}),
				integrationKey: String(credentials.integrationApiKey ?? '').trim(),
			},
		};
	}

	// The Events API has no read endpoint for an integration key, so the test sends the most
	// harmless event there is: a COMMENT for an alert key no alert uses. ilert accepts it (202)
	// and drops it because no open alert has that key; it never creates an alert. An unknown
	// key is rejected.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/events',
			method: 'POST',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			body: {
				eventType: 'COMMENT',
				alertKey: 'n8n-cred-test',
				summary: 'n8n credential test (no alert is created)',
			},
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message:
						'ilert refused the test comment (HTTP 400): usually the integration key is not the key of an alert source; copy it again from the alert source settings. (Older ilert setups also answer 400 to comments for alerts that do not exist; then the key is fine.)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'ilert does not know this integration key or the Base URL is wrong (HTTP 404). Copy the key from the alert source settings.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message:
						'ilert is rate limiting this alert source (HTTP 429, about 50 events per minute). The key is valid; try again in a minute.',
				},
			},
		],
	};
}
