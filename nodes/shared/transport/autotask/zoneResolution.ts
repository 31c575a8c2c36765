/**
 * The zone step of the Autotask pipeline: fixed zone, custom URL, or auto-detect
 * (ZoneInformation), cached per username and lookup URL for an hour (processState).
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { sendWithCredential, type TransportContext } from '../http';
import { processState } from '../processState';
import { headerValue, parseRetryAfter, runWithRetry, type AttemptResult } from '../retry';
import { autotaskApiError, autotaskSecrets, policyFor } from './errors';
import {
	autotaskErrorText,
	staticZone,
	ZONE_CUSTOM,
	zoneFingerprint,
	zoneFromLookup,
	zoneLookupUrl,
	zoneSettingsFromCredentials,
	type ResolvedZone,
	type AutotaskZoneSettings,
} from './zones';

const AUTOTASK_CREDENTIAL = 'autotaskIlertAutotaskApi';

/** A zone stored in the credential by preAuthentication, if it was resolved for the current settings. */
function storedZone(
	credentials: ICredentialDataDecryptedObject,
	fingerprint: string,
): ResolvedZone | undefined {
	const storedUrl = typeof credentials.zoneApiUrl === 'string' ? credentials.zoneApiUrl : '';
	if (!storedUrl || credentials.zoneFingerprint !== fingerprint) return undefined;
	return {
		apiBaseUrl: storedUrl,
		webUrl: typeof credentials.zoneWebUrl === 'string' ? credentials.zoneWebUrl : '',
		zoneName: typeof credentials.zoneName === 'string' ? credentials.zoneName : '',
	};
}

async function lookUpZone(
	ctx: TransportContext,
	credentials: ICredentialDataDecryptedObject,
	settings: AutotaskZoneSettings,
	itemIndex?: number,
): Promise<AttemptResult<ResolvedZone>> {
	const secrets = autotaskSecrets(credentials);
	const url = zoneLookupUrl(settings);
	const sent = await sendWithCredential(
		ctx,
		AUTOTASK_CREDENTIAL,
		{ method: 'GET', url, json: true, headers: { Accept: 'application/json' } },
		secrets,
		itemIndex,
	);
	if (sent.networkCode !== undefined) {
		const networkCode = sent.networkCode;
		return {
			ok: false,
			retryable: true,
			reason: networkCode,
			error: (summary) =>
				autotaskApiError(ctx, {
					networkCode,
					method: 'GET',
					target: 'zoneInformation',
					itemIndex,
					summary,
					secrets,
				}),
		};
	}
	const { statusCode, body } = sent.response;
	const zone = statusCode < 400 ? zoneFromLookup(body) : undefined;
	if (zone) return { ok: true, value: zone };
	const said =
		autotaskErrorText(body) ||
		(statusCode < 400 ? 'the answer carried no zone URL' : `HTTP ${statusCode}`);
	const retryable =
		statusCode === 429 || statusCode === 502 || statusCode === 503 || statusCode === 504;
	return {
		ok: false,
		retryable,
		reason: `HTTP ${statusCode}`,
		retryAfterMs: parseRetryAfter(headerValue(sent.response.headers, 'retry-after')),
		error: (summary) =>
			new NodeApiError(
				ctx.getNode(),
				{ message: said },
				{
					message: `Autotask could not find a zone for API user "${settings.username}": ${said}`,
					description: `GET ${url} answered HTTP ${statusCode}. Check the API Username, or choose the zone in the credential.${summary.gaveUp ? ` Stopped retrying: ${summary.gaveUp}.` : ''}`,
					httpCode: String(statusCode),
					itemIndex,
				},
			),
	};
}

/**
 * The zone of the credential: `{ apiBaseUrl (…/atservicesrest/v1.0), webUrl, zoneName }`.
 * Auto-detect results are cached per username (and lookup URL) for an hour; a zone stored in
 * the credential by preAuthentication is used only if it was resolved for the current settings.
 */
export async function resolveZone(
	ctx: TransportContext,
	credentials: ICredentialDataDecryptedObject,
	refresh: boolean,
	itemIndex?: number,
): Promise<ResolvedZone> {
	const settings = zoneSettingsFromCredentials(credentials);
	const fixed = staticZone(settings);
	if (fixed) return fixed;
	if (settings.zone === ZONE_CUSTOM) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The Autotask credential uses a custom zone but has no Custom Base URL',
			{ itemIndex },
		);
	}
	if (!settings.username) {
		throw new NodeOperationError(ctx.getNode(), 'The Autotask credential has no API Username', {
			itemIndex,
		});
	}
	const zones = processState.autotaskZones;
	const fingerprint = zoneFingerprint(settings);
	if (refresh) {
		zones.delete(fingerprint);
	} else {
		const cached = zones.get(fingerprint);
		if (cached) return cached;
		const stored = storedZone(credentials, fingerprint);
		if (stored) {
			zones.set(fingerprint, stored);
			return stored;
		}
	}
	return await zones.getOrLoad(
		fingerprint,
		async () =>
			await runWithRetry<ResolvedZone>(
				async () => await lookUpZone(ctx, credentials, settings, itemIndex),
				policyFor(credentials),
			),
	);
}
