/**
 * The open alert with an alert key: ilert has no alert-key filter, so a look-up lists the
 * source's open alerts (overlapping pages; a miss is checked against ilert's count).
 *
 * Shared, and still correct in queue mode (several processes):
 * - a look-up joins the listing of the same source and credential that is running (single-flight);
 * - a completed listing answers for at most LISTING_REUSE_MS, and only with an alert it found:
 *   a stale "found" is harmless (events carry the alert key), a stale "not found" is not (it
 *   turns a Resolve into a Reject), so "not found" always comes from a listing that started after
 *   the look-up arrived;
 * - sending an event for a key (`invalidateOpenAlert`) stops older listings answering for it.
 * The state (listings, generations) lives in processState.
 */
import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TransportContext } from '../http';
import { nextGeneration, processState, type SharedOpenAlertListing } from '../processState';
import {
	alertsWithKey,
	countIlertAlerts,
	ILERT_ALERTS_PAGE_SIZE,
	listIlertAlerts,
	type ListIlertAlertsOptions,
} from './alerts';
import { ilertBaseUrlOf, readIlertCall, type IlertCall } from './pipeline';

/** How long a completed listing may answer with an alert it found. */
export const LISTING_REUSE_MS = 2000;
/** Searches for an open alert at most this often when listings keep changing under the search. */
const MAX_OPEN_ALERT_SCANS = 3;
const MAX_LISTINGS_REMEMBERED = 500;

function normalizeKey(alertKey: string): string {
	return alertKey.trim().toLowerCase();
}

/** Older listings no longer answer for this key (an event was sent for it). */
export function invalidateOpenAlert(alertKey: string): void {
	processState.alertKeyTouched.set(normalizeKey(alertKey), nextGeneration());
}

function credentialMarker(credentials: ICredentialDataDecryptedObject): string {
	// Keys the listings by API key without keeping the key itself in memory as a map key.
	return createHash('sha256')
		.update(String(credentials.apiKey ?? ''))
		.digest('hex')
		.slice(0, 16);
}

interface Lookup {
	ctx: TransportContext;
	call: IlertCall;
	listing: ListIlertAlertsOptions;
	listingKey: string;
	wanted: string;
	/** Generation when the look-up arrived. */
	arrived: number;
}

function startListing(lookup: Lookup): SharedOpenAlertListing {
	const listings = processState.openAlertListings;
	const run: SharedOpenAlertListing = {
		startedGeneration: nextGeneration(),
		scan: Promise.resolve([]),
	};
	run.scan = listIlertAlerts(lookup.ctx, lookup.listing).then((alerts) => {
		run.completedAt = Date.now();
		return alerts;
	});
	// A failed listing is not shared further: the next look-up starts its own.
	run.scan.catch(
		() => listings.get(lookup.listingKey) === run && listings.delete(lookup.listingKey),
	);
	listings.delete(lookup.listingKey);
	if (listings.size >= MAX_LISTINGS_REMEMBERED)
		listings.delete(listings.keys().next().value as string);
	listings.set(lookup.listingKey, run);
	return run;
}

/** The current listing if it may answer "found" for this key: running, or completed within LISTING_REUSE_MS. */
function listingForFound(lookup: Lookup): SharedOpenAlertListing | undefined {
	const run = processState.openAlertListings.get(lookup.listingKey);
	if (!run) return undefined;
	const touched = processState.alertKeyTouched.get(lookup.wanted) ?? 0;
	if (run.startedGeneration < touched) return undefined;
	if (run.completedAt !== undefined && Date.now() - run.completedAt > LISTING_REUSE_MS) {
		// Too old to answer anything: let go of its alerts.
		processState.openAlertListings.delete(lookup.listingKey);
		return undefined;
	}
	return run;
}

/** A listing that started after the look-up arrived: the running one if it did, else a new one. */
function listingForNotFound(lookup: Lookup): SharedOpenAlertListing {
	const run = processState.openAlertListings.get(lookup.listingKey);
	if (run && run.startedGeneration > lookup.arrived) return run;
	return startListing(lookup);
}

/**
 * "Not found" is checked: when ilert counts more open alerts than the listing saw, search again.
 * A listing that ended on its first, short page was one read, so nothing shifted under it and
 * there is nothing to count.
 */
async function confirmMissing(
	lookup: Lookup,
	run: SharedOpenAlertListing,
	seen: number,
): Promise<IDataObject | undefined> {
	if (seen < ILERT_ALERTS_PAGE_SIZE) return undefined;
	const count = async () => await countIlertAlerts(lookup.ctx, lookup.listing);
	const shared = (run.count ??= count());
	shared.catch(() => run.count === shared && (run.count = undefined));
	let counted = await shared;
	let alerts: IDataObject[] = [];
	for (let scan = 1; ; scan++) {
		if (scan > 1) {
			const match = alertsWithKey(alerts, lookup.wanted)[0];
			if (match) return match;
			counted = await count();
			seen = alerts.length;
		}
		if (counted === undefined || seen >= counted || scan >= MAX_OPEN_ALERT_SCANS) return undefined;
		alerts = await listIlertAlerts(lookup.ctx, lookup.listing);
	}
}

/**
 * The open (PENDING or ACCEPTED) alert with this alert key (trimmed, case-insensitive), in one
 * alert source if given, or undefined. See the module comment for how listings are shared.
 */
export async function findOpenAlertByKey(
	ctx: TransportContext,
	options: { alertKey: string; alertSourceId?: string | number; itemIndex?: number },
): Promise<IDataObject | undefined> {
	const wanted = normalizeKey(String(options.alertKey ?? ''));
	if (!wanted) {
		throw new NodeOperationError(
			ctx.getNode(),
			'An alert key is needed to look up the open alert',
			{ itemIndex: options.itemIndex },
		);
	}
	const arrived = nextGeneration();
	const call = await readIlertCall(ctx);
	const source =
		options.alertSourceId === undefined || options.alertSourceId === null
			? ''
			: String(options.alertSourceId).trim();
	const lookup: Lookup = {
		ctx,
		call,
		wanted,
		arrived,
		listingKey: `${source}|${ilertBaseUrlOf(call.credentials).toLowerCase()}|${credentialMarker(call.credentials)}`,
		listing: {
			states: ['PENDING', 'ACCEPTED'],
			sources: source ? [source] : undefined,
			returnAll: true,
			itemIndex: options.itemIndex,
			call,
		},
	};
	const shared = listingForFound(lookup);
	if (shared) {
		const found = alertsWithKey(await shared.scan, wanted)[0];
		if (found) return found;
	}
	const fresh = shared && shared.startedGeneration > arrived ? shared : listingForNotFound(lookup);
	const alerts = await fresh.scan;
	const found = alertsWithKey(alerts, wanted)[0];
	if (found) return found;
	return await confirmMissing(lookup, fresh, alerts.length);
}
