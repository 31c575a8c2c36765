/**
 * The Ticket Lifecycle's calls to ilert and Autotask, through the shared transport modules
 * (auth, retries, errors and caches live there).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import type { PicklistEntry } from '../shared/domain/lifecycle';
import { getPicklist } from '../shared/transport/autotask';
import { findOpenAlertByKey, ilertRequest, listIlertAlerts } from '../shared/transport/ilert';
import type { AlertLookupSource, OpenAlert, ResolvedListing } from './alertLookup';

/** ilert caps alert sources at 50 per page. */
const SOURCES_PAGE = 50;

export function ilertLookupSource(
	ctx: IExecuteFunctions,
	options: { alertSourceId: string; lookbackDays: number; maxResolved: number; now?: () => number },
): AlertLookupSource {
	const now = options.now ?? (() => Date.now());
	return {
		windowText: `alert source ${options.alertSourceId} reported in the last ${options.lookbackDays} days`,
		async findOpen(alertKey: string, itemIndex?: number) {
			return (await findOpenAlertByKey(ctx, {
				alertSourceId: options.alertSourceId,
				alertKey,
				itemIndex,
			})) as OpenAlert | undefined;
		},
		async listResolved(itemIndex?: number): Promise<ResolvedListing> {
			const from = new Date(now() - options.lookbackDays * 24 * 60 * 60 * 1000).toISOString();
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

export async function alertSourceOptions(ctx: ILoadOptionsFunctions): Promise<Array<{ name: string; value: string }>> {
	const out: IDataObject[] = [];
	for (let startIndex = 0; ; startIndex += SOURCES_PAGE) {
		const page = (await ilertRequest(ctx, {
			method: 'GET',
			path: '/alert-sources',
			qs: { 'start-index': startIndex, 'max-results': SOURCES_PAGE },
		})) as unknown;
		const list = Array.isArray(page) ? (page as IDataObject[]) : [];
		out.push(...list);
		if (list.length < SOURCES_PAGE) break;
	}
	return out
		.map((s) => ({
			name: `${String(s.name ?? s.id)}${s.integrationType ? ` (${String(s.integrationType)})` : ''}`,
			value: String(s.id),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The tenant's Tickets picklist for a field (`status` or `priority`). */
export async function ticketPicklist(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	field: 'status' | 'priority',
): Promise<PicklistEntry[]> {
	const values = (await getPicklist(ctx, 'Tickets', field)) as unknown;
	if (!Array.isArray(values)) return [];
	return (values as IDataObject[])
		.filter((v) => v.value !== undefined && v.value !== null && typeof v.label === 'string')
		.map((v) => ({ value: String(v.value), label: String(v.label), isActive: v.isActive !== false }));
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
