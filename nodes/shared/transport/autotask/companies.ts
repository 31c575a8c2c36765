/** Autotask company names, cached per process for an hour (they label items, they decide nothing). */
import type { IDataObject } from 'n8n-workflow';

import { AUTOTASK_IDS_PER_QUERY, batches } from '../../domain/reconcileQueries';
import type { TransportContext } from '../http';
import { processState } from '../processState';
import {
	AUTOTASK_MAX_PAGE_SIZE,
	readAutotaskCredentials,
	sendAutotask,
	type AutotaskCredentials,
} from './pipeline';
import { autotaskQuery } from './query';

function companyKeyPrefix(credentials: AutotaskCredentials): string {
	return `${String(credentials.username ?? '').toLowerCase()}|${String(credentials.zone ?? '')}|${String(credentials.customBaseUrl ?? '')}|`;
}

/** One company's name (`GET /Companies/{id}`), or null when it has none. */
export async function getCompanyName(
	ctx: TransportContext,
	companyId: number,
): Promise<string | null> {
	const credentials = await readAutotaskCredentials(ctx);
	return await processState.autotaskCompanyNames.getOrLoad(
		`${companyKeyPrefix(credentials)}${companyId}`,
		async () => {
			const { body } = await sendAutotask(ctx, credentials, {
				method: 'GET',
				path: `/Companies/${companyId}`,
			});
			const name = (body as { item?: IDataObject | null } | undefined)?.item?.companyName;
			return typeof name === 'string' ? name : null;
		},
	);
}

/**
 * Company names by id: cached ones from memory, the others with one `id in [...]` query per
 * 500 companies. A failed read leaves names out (they label items; they decide nothing).
 */
export async function companyNamesByIds(
	ctx: TransportContext,
	ids: readonly number[],
	itemIndex?: number,
): Promise<Map<number, string | null>> {
	const credentials = await readAutotaskCredentials(ctx);
	const prefix = companyKeyPrefix(credentials);
	const cache = processState.autotaskCompanyNames;
	const names = new Map<number, string | null>();
	const unknown: number[] = [];
	for (const id of ids) {
		const cached = cache.get(`${prefix}${id}`);
		if (cached === undefined) unknown.push(id);
		else names.set(id, cached);
	}
	for (const batch of batches(unknown, AUTOTASK_IDS_PER_QUERY)) {
		try {
			const companies = await autotaskQuery(
				ctx,
				'Companies',
				{
					filter: [{ op: 'in', field: 'id', value: batch }],
					includeFields: ['id', 'companyName'],
					maxRecords: AUTOTASK_MAX_PAGE_SIZE,
				},
				{ returnAll: true, itemIndex, credentials },
			);
			const byId = new Map(
				companies.map((c) => [
					Number(c.id),
					typeof c.companyName === 'string' ? c.companyName : null,
				]),
			);
			for (const id of batch) {
				const name = byId.get(id) ?? null;
				cache.set(`${prefix}${id}`, name);
				names.set(id, name);
			}
		} catch (error) {
			ctx.logger.debug(`Reconcile: company names unavailable: ${(error as Error).message}`);
		}
	}
	return names;
}
