/**
 * Credential data for the local simulators, filled in as a user would: one definition for every
 * test that talks to them.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

interface AutotaskSimulatorLike {
	url: string;
	credentials: { username: string; secret: string; integrationCode: string };
}

/**
 * The Autotask API credential for the simulator: zone `custom` (its base URL) by default, or
 * `auto` (zone detection through the simulator's ZoneInformation).
 */
export function autotaskSimulatorCredential(
	sim: AutotaskSimulatorLike,
	options: { zone?: 'custom' | 'auto'; maxRetryWaitSeconds?: number } = {},
): ICredentialDataDecryptedObject {
	const base = {
		username: sim.credentials.username,
		secret: sim.credentials.secret,
		integrationCodeSecret: sim.credentials.integrationCode,
		maxRetryWaitSeconds: options.maxRetryWaitSeconds ?? 20,
	};
	return options.zone === 'auto'
		? { ...base, zone: 'auto', zoneLookupUrl: `${sim.url}/atservicesrest` }
		: {
				...base,
				zone: 'custom',
				customBaseUrl: `${sim.url}/atservicesrest`,
				customWebUrl: 'https://ww5.autotask.net/',
			};
}
