/**
 * What the Ticket Lifecycle reads from ilert and Autotask, on the shared transport (auth,
 * retries, errors and caches live there): the alert look-up source, the Tickets picklists and the
 * picklist/alert-source load options. Tests replace this module to script the services.
 */
import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import type { PicklistValue } from '../shared/domain/picklist';
import { alertSourceOptions as sharedAlertSourceOptions } from '../shared/alertSourceOptions';
import { getPicklist } from '../shared/transport/autotask';
import {
	findAlertsReportedSince,
	findOpenAlertByKey,
	listIlertAlerts,
} from '../shared/transport/ilert';
import type { AlertLookupSource, OpenAlert, ResolvedListing } from './alertStateLookup';

export function ilertLookupSource(
	ctx: IExecuteFunctions,
	options: { alertSourceId: string; lookbackDays: number; maxResolved: number; now?: () => number },
): AlertLookupSource {
	const now = options.now ?? (() => Date.now());
	return {
		windowText: `alert source ${options.alertSourceId} reported in the last ${options.lookbackDays} days`,
		async findOpen(alertKey: string, itemIndex?: number) {
			// Shared with concurrent look-ups of the source, but "no open alert" only ever comes from a
			// listing started after this event arrived: an older one could miss an alert another process
			// created and turn a Resolve into a Reject (a Complete ticket whose alert stays open).
			return (await findOpenAlertByKey(ctx, {
				alertSourceId: options.alertSourceId,
				alertKey,
				itemIndex,
			})) as OpenAlert | undefined;
		},
		async findReportedSince(alertKey: string, reportedSince: number, itemIndex?: number) {
			return (await findAlertsReportedSince(ctx, {
				alertSourceId: options.alertSourceId,
				alertKey,
				reportedSince,
				itemIndex,
			})) as OpenAlert[];
		},
		async listResolved(itemIndex?: number, reportedSince?: number): Promise<ResolvedListing> {
			const windowStart = now() - options.lookbackDays * 24 * 60 * 60 * 1000;
			const from = new Date(Math.max(windowStart, reportedSince ?? windowStart)).toISOString();
			const alerts = await listIlertAlerts(ctx, {
				states: ['RESOLVED'],
				sources: [options.alertSourceId],
				qs: { from },
				limit: options.maxResolved,
				itemIndex,
			});
			return { alerts, truncated: alerts.length >= options.maxResolved };
		},
	};
}

/** The alert sources, as the ilert node lists them ("Name (integration type)"). */
export async function alertSourceOptions(
	ctx: ILoadOptionsFunctions,
): Promise<Array<{ name: string; value: string }>> {
	return (await sharedAlertSourceOptions(ctx)) as Array<{ name: string; value: string }>;
}

/** The tenant's Tickets picklist for a field (`status` or `priority`). */
export async function ticketPicklist(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	field: 'status' | 'priority',
): Promise<PicklistValue[]> {
	return await getPicklist(ctx, 'Tickets', field);
}

export async function picklistOptions(
	ctx: ILoadOptionsFunctions,
	field: 'status' | 'priority',
): Promise<Array<{ name: string; value: string; description: string }>> {
	const values = await ticketPicklist(ctx, field);
	return values
		.map((v) => ({
			name: v.isActive === false ? `${v.label} (inactive)` : v.label,
			value: String(v.value),
			description: `ID ${String(v.value)}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
