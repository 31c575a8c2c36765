/**
 * Every piece of state the transport keeps between calls, in one place. Per process only: n8n may
 * run several workers (queue mode), each with its own copy, so nothing here may decide an
 * outcome that another process could contradict (a cached "no open alert" could; see
 * ilert/openAlerts.ts). Tests call `resetProcessState()` before each case.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { ResolvedZone } from './autotask/zones';
import { TtlCache } from './cache';
import { ConcurrencyLimiter } from './concurrency';
import type { SendResult } from './http';

/** Autotask's documented limit is 3 threads per endpoint and tracking identifier. */
export const AUTOTASK_MAX_CONCURRENT_PER_ENDPOINT = 3;
/** How long webhook requests of one process share a decrypted credential. */
export const CREDENTIAL_REUSE_MS = 5000;

const HOUR_MS = 60 * 60 * 1000;

/**
 * One listing of a source's open alerts (or, bounded by a report time, of its open and resolved
 * ones), shared by the look-ups that join it (ilert/openAlerts.ts).
 */
export interface SharedOpenAlertListing {
	/** Generation at start: a negative answer needs a listing started after the look-up arrived. */
	startedGeneration: number;
	/** The first full scan of the listing. */
	scan: Promise<IDataObject[]>;
	/** ilert's count for the same filters after the scan (asked by the first look-up that missed). */
	count?: Promise<number | undefined>;
	/** Date.now() when the scan completed (undefined while it runs). */
	completedAt?: number;
}

export const processState = {
	/** Autotask thread limit: at most 3 concurrent requests per endpoint, host and API user. */
	autotaskThreads: new ConcurrencyLimiter(AUTOTASK_MAX_CONCURRENT_PER_ENDPOINT),
	/** Autotask GETs waiting for a thread, by URL + query + credential hash (joined until sent). */
	autotaskReadsWaiting: new Map<string, Promise<SendResult>>(),
	/** Auto-detected Autotask zones by zone fingerprint (username + lookup URL). */
	autotaskZones: new TtlCache<ResolvedZone>(HOUR_MS, 200),
	/** `entityInformation/fields` (with the picklists) by username + base URL + entity. */
	autotaskEntityFields: new TtlCache<IDataObject[]>(15 * 60 * 1000, 500),
	/** Active resources for pickers (not a picklist). */
	autotaskActiveResources: new TtlCache<IDataObject[]>(5 * 60 * 1000, 50),
	/** Company names by credential + company id; they only label items, they decide nothing. */
	autotaskCompanyNames: new TtlCache<string | null>(HOUR_MS, 5000),
	/** Business Hours locations with holidays and picklists (the TTL is set per node run). */
	businessHoursLocations: new TtlCache<IDataObject>(10 * 60 * 1000, 200),
	/** Decrypted credentials by `<type>|<credential id>`, shared briefly by webhook requests. */
	recentCredentials: new TtlCache<ICredentialDataDecryptedObject>(CREDENTIAL_REUSE_MS, 100),
	/** Autotask Trigger: when an unsigned Deactivated notice was last checked, by webhook id. */
	deactivationChecks: new Map<number, number>(),
	/** ilert open-alert listings by source + base URL + API key marker (latest one per key). */
	openAlertListings: new Map<string, SharedOpenAlertListing>(),
	/** The generation at which an event was last sent for an alert key (its listings are stale). */
	// Longer than any listing can run (retries included), so a touch outlives the listings it voids.
	alertKeyTouched: new TtlCache<number>(10 * 60 * 1000, 5000),
	/** Increases at every look-up arrival, listing start and event sent; orders them without clocks. */
	generation: 0,
};

/** The next generation number (see `processState.generation`). */
export function nextGeneration(): number {
	processState.generation += 1;
	return processState.generation;
}

/** Empties every per-process cache and shared listing. For tests (and after credential edits). */
export function resetProcessState(): void {
	processState.autotaskZones.clear();
	processState.autotaskEntityFields.clear();
	processState.autotaskActiveResources.clear();
	processState.autotaskCompanyNames.clear();
	processState.businessHoursLocations.clear();
	processState.recentCredentials.clear();
	processState.deactivationChecks.clear();
	processState.openAlertListings.clear();
	processState.alertKeyTouched.clear();
	processState.autotaskReadsWaiting.clear();
}
