import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	ilertBaseUrlProperty,
	ILERT_DEFAULT_MAX_RETRY_WAIT_SECONDS,
	maxRetryWaitProperty,
} from '../nodes/shared/transport/credentialFields';

/** ilert REST API: a user API key sent as `Authorization: Bearer <key>`. */
export class AutotaskIlertIlertApi implements ICredentialType {
	name = 'autotaskIlertIlertApi';

	displayName = 'Autotask-Ilert: Ilert API';

	icon: Icon = { light: 'file:../icons/ilert.svg', dark: 'file:../icons/ilert.dark.svg' };

	documentationUrl = 'https://docs.ilert.com/rest-api/api-version-history';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'API key of an ilert user (user menu › API keys). Sent as "Authorization: Bearer &lt;key&gt;".',
		},
		ilertBaseUrlProperty(),
		maxRetryWaitProperty(ILERT_DEFAULT_MAX_RETRY_WAIT_SECONDS, 'ilert', '429'),
	];

	// In code rather than a declarative `={{$credentials.apiKey}}`: n8n evaluates a declarative
	// header as an expression on every request, and every look-up in ilert is such a request.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: {
				...(requestOptions.headers ?? {}),
				Authorization: `Bearer ${String(credentials.apiKey ?? '').trim()}`,
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/users/current',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'ilert received no API key (HTTP 401). Enter the API key of an ilert user.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'ilert rejected the API key (HTTP 403): it is unknown, revoked or lacks permission. Create a new key under user menu › API keys.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The Base URL does not point at the ilert API (HTTP 404 for /api/users/current). Use https://api.ilert.com unless you run ilert Enterprise.',
				},
			},
		],
	};
}
