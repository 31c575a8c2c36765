/**
 * The open alert with an alert key: ilert has no alert-key filter, so a look-up lists the
 * source's open alerts (overlapping pages; a miss is checked against ilert's count). A look-up
 * bounded by a time (`findAlertsReportedSince`, for a ticket created minutes ago) lists instead
 * the open and resolved alerts reported since then: one short page answers both questions.
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
/**
 * Bounded look-ups start at a multiple of this, so tickets created close together share listings
 * (the bound moves back by at most this much: a few more alerts on the page).
 */
export const REPORTED_SINCE_STEP_MS = 10 * 60 * 1000;
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
	/** True when the listing holds RESOLVED alerts too (a bounded look-up). */
	withResolved: boolean;
}

/** Open in this look-up's listing: every alert of an open-only listing, else not RESOLVED. */
function isOpenIn(lookup: Lookup, alert: IDataObject): boolean {
	return !lookup.withResolved || String(alert.status ?? '').toUpperCase() !== 'RESOLVED';
}

function openMatches(lookup: Lookup, alerts: readonly IDataObject[]): IDataObject[] {
	return alertsWithKey(alerts, lookup.wanted).filter((a) => isOpenIn(lookup, a));
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
 * "No open alert" is checked: when ilert counts more alerts than the listing saw, search again.
 * A listing that ended on its first, short page was one read, so nothing shifted under it and
 * there is nothing to count. Returns the alerts with the key that a new search found.
 */
async function confirmMissing(
	lookup: Lookup,
	run: SharedOpenAlertListing,
	seen: number,
): Promise<IDataObject[]> {
	if (seen < ILERT_ALERTS_PAGE_SIZE) return [];
	const count = async () => await countIlertAlerts(lookup.ctx, lookup.listing);
	const shared = (run.count ??= count());
	shared.catch(() => run.count === shared && (run.count = undefined));
	let counted = await shared;
	let alerts: IDataObject[] = [];
	for (let scan = 1; ; scan++) {
		if (scan > 1) {
			if (openMatches(lookup, alerts).length > 0) return alertsWithKey(alerts, lookup.wanted);
			counted = await count();
			seen = alerts.length;
		}
		if (counted === undefined || seen >= counted || scan >= MAX_OPEN_ALERT_SCANS)
			return alertsWithKey(alerts, lookup.wanted);
		alerts = await listIlertAlerts(lookup.ctx, lookup.listing);
	}
}

/** The alerts with the wanted key, newest first; an open one among them is never missed. */
async function lookUp(lookup: Lookup): Promise<IDataObject[]> {
	const shared = listingForFound(lookup);
	if (shared) {
		// Only an open alert may come from an older listing (a stale "resolved" or "none" is not harmless).
		const found = openMatches(lookup, await shared.scan);
		if (found.length > 0) return found;
	}
	const fresh =
		shared && shared.startedGeneration > lookup.arrived ? shared : listingForNotFound(lookup);
	const alerts = await fresh.scan;
	const found = alertsWithKey(alerts, lookup.wanted);
	if (found.some((a) => isOpenIn(lookup, a))) return found;
	const more = await confirmMissing(lookup, fresh, alerts.length);
	return more.length > 0 ? more : found;
}

interface LookupOptions {
	alertKey: string;
	alertSourceId?: string | number;
	itemIndex?: number;
}

async function prepareLookup(
	ctx: TransportContext,
	options: LookupOptions,
	reportedSince: number | undefined,
): Promise<Lookup> {
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
	const from =
		reportedSince === undefined
			? undefined
			: new Date(
					Math.floor(reportedSince / REPORTED_SINCE_STEP_MS) * REPORTED_SINCE_STEP_MS,
				).toISOString();
	return {
		ctx,
		call,
		wanted,
		arrived,
		withResolved: from !== undefined,
		listingKey: `${source}|${ilertBaseUrlOf(call.credentials).toLowerCase()}|${credentialMarker(call.credentials)}|${from ?? 'open'}`,
		listing: {
			states: from === undefined ? ['PENDING', 'ACCEPTED'] : ['PENDING', 'ACCEPTED', 'RESOLVED'],
			sources: source ? [source] : undefined,
			qs: from === undefined ? undefined : { from },
			returnAll: true,
			itemIndex: options.itemIndex,
			call,
		},
	};
}

/**
 * The open (PENDING or ACCEPTED) alert with this alert key (trimmed, case-insensitive), in one
 * alert source if given, or undefined. See the module comment for how listings are shared.
 */
export async function findOpenAlertByKey(
	ctx: TransportContext,
	options: LookupOptions,
): Promise<IDataObject | undefined> {
	return (await lookUp(await prepareLookup(ctx, options, undefined)))[0];
}

/**
 * The alerts with this key reported since `reportedSince` (ms; the listing starts up to
 * REPORTED_SINCE_STEP_MS earlier), open and resolved, newest first: for a key whose alerts are
 * all younger than that, e.g. a ticket's, created after the ticket. An open one is never missed
 * (the same sharing rules as findOpenAlertByKey); a resolved one is as fresh as "none".
 */
export async function findAlertsReportedSince(
	ctx: TransportContext,
	options: LookupOptions & { reportedSince: number },
): Promise<IDataObject[]> {
	return await lookUp(await prepareLookup(ctx, options, options.reportedSince));
}
