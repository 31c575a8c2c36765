/**
 * Credential fields the transports read, defined once for the credential types and the
 * transports (field names and defaults must agree on both sides).
 */
import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_ILERT_BASE_URL = 'https://api.ilert.com';
export const ILERT_DEFAULT_MAX_RETRY_WAIT_SECONDS = 90;
export const AUTOTASK_DEFAULT_MAX_RETRY_WAIT_SECONDS = 120;

/** "Max Retry Wait (Seconds)", read by `maxRetryWaitMs` (retry.ts). */
export function maxRetryWaitProperty(
	defaultSeconds: number,
	service: string,
	rateLimits: string,
): INodeProperties {
	return {
		displayName: 'Max Retry Wait (Seconds)',
		name: 'maxRetryWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: defaultSeconds,
		description: `Longest total time to wait and retry when ${service} is rate limiting (${rateLimits}) or briefly unavailable (5xx). 0 disables retries.`,
	};
}

/** "Base URL" of both ilert credentials (REST and Events API live on the same host). */
export function ilertBaseUrlProperty(): INodeProperties {
	return {
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: DEFAULT_ILERT_BASE_URL,
		description: 'Change only for ilert Enterprise or a test instance. Without the trailing /api.',
	};
}
