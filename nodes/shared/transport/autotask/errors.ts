/** How the Autotask pipeline retries and what its errors say. */
import type { ICredentialDataDecryptedObject, NodeApiError } from 'n8n-workflow';

import { AUTOTASK_DEFAULT_MAX_RETRY_WAIT_SECONDS } from '../credentialFields';
import {
	credentialSecrets,
	scrub,
	serviceApiError,
	type FailedCall,
	type TransportContext,
} from '../http';
import { maxRetryWaitMs, type RetryPolicy } from '../retry';
import { autotaskErrorText } from './zones';

const SECRET_FIELDS = ['secret', 'integrationCodeSecret'];

/** The credential's values that must never appear in an error. */
export function autotaskSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	return credentialSecrets(credentials, SECRET_FIELDS);
}

export function isThreadLimit(body: unknown): boolean {
	return /Itgenatr005|thread threshold/i.test(autotaskErrorText(body));
}

export function policyFor(credentials: ICredentialDataDecryptedObject): RetryPolicy {
	return {
		maxTotalWaitMs: maxRetryWaitMs(credentials, AUTOTASK_DEFAULT_MAX_RETRY_WAIT_SECONDS),
		maxAttempts: 8,
		baseDelayMs: 1000,
		maxDelayMs: 30000,
	};
}

function statusHint(status: number): string {
	if (status === 401)
		return 'Autotask did not accept the login: check the credential (username, secret, integration code) and run its test.';
	if (status === 403) return 'The API user is not allowed to do this: check its security level.';
	if (status === 404) return 'The record does not exist or the API user cannot see it.';
	if (status === 405) return 'Autotask does not support this method here.';
	if (status === 429)
		return 'Autotask is rate limiting the tenant (10,000 requests per hour across all integrations); raise Max Retry Wait in the credential or try later.';
	if (status >= 500) return 'Autotask reports a server-side problem or refused the data.';
	return '';
}

export function autotaskApiError(ctx: TransportContext, args: FailedCall): NodeApiError {
	const said = autotaskErrorText(args.body);
	return serviceApiError(ctx, {
		...args,
		service: 'Autotask',
		message: said ? `Autotask: ${said}` : `Autotask answered HTTP ${args.status}`,
		hint: isThreadLimit(args.body)
			? 'Autotask allows 3 concurrent requests per endpoint for each integration code; other integrations using the same code compete for them.'
			: statusHint(args.status ?? 0),
		details: said ? { errors: scrub(said, args.secrets).split('; ') } : {},
	});
}
