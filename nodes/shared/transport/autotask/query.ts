/** Autotask's QueryModel (`POST /<Entity>/query`) with paging, on the pipeline. */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TransportContext } from '../http';
import {
	AUTOTASK_MAX_PAGE_SIZE,
	readAutotaskCredentials,
	sendAutotask,
	type AutotaskCredentials,
} from './pipeline';

const MAX_PAGES = 2000;

/** What to query; `autotaskQuery` sends it as Autotask's QueryModel (`Filter`, `MaxRecords`, `IncludeFields`). */
export interface AutotaskQuery {
	filter: IDataObject[];
	includeFields?: string[];
	/** Page size (1–500). */
	maxRecords?: number;
}

export interface AutotaskQueryOptions {
	returnAll?: boolean;
	/** Most items to return when not `returnAll` (default: maxRecords or 500). */
	limit?: number;
	itemIndex?: number;
	/** The credential, when the caller has read it already. */
	credentials?: AutotaskCredentials;
}

interface QueryPage {
	items?: IDataObject[];
	pageDetails?: { nextPageUrl?: string | null };
}

export function assertEntity(ctx: TransportContext, entity: string, itemIndex?: number): void {
	if (!/^[A-Za-z]+$/.test(entity)) {
		throw new NodeOperationError(ctx.getNode(), `"${entity}" is not an Autotask entity name`, {
			itemIndex,
		});
	}
}

/**
 * `POST /<Entity>/query`, following `pageDetails.nextPageUrl` by re-POSTing the body (and
 * with GET where a zone answers 405), until `limit` items or the last page.
 */
export async function autotaskQuery<T = IDataObject>(
	ctx: TransportContext,
	entity: string,
	query: AutotaskQuery,
	options: AutotaskQueryOptions = {},
): Promise<T[]> {
	assertEntity(ctx, entity, options.itemIndex);
	const credentials = options.credentials ?? (await readAutotaskCredentials(ctx));
	const itemIndex = options.itemIndex;
	const limit = options.returnAll
		? Number.POSITIVE_INFINITY
		: Math.max(1, Math.floor(options.limit ?? query.maxRecords ?? AUTOTASK_MAX_PAGE_SIZE));
	const pageSize = Math.max(
		1,
		Math.min(AUTOTASK_MAX_PAGE_SIZE, query.maxRecords ?? AUTOTASK_MAX_PAGE_SIZE, limit),
	);
	// Spelled as the Swagger's QueryModel example and every public client spell them.
	const body: IDataObject = { Filter: query.filter, MaxRecords: pageSize };
	if (query.includeFields && query.includeFields.length > 0)
		body.IncludeFields = query.includeFields;

	const items: T[] = [];
	const seen = new Set<string>();
	const first = await sendAutotask(ctx, credentials, {
		method: 'POST',
		path: `/${entity}/query`,
		body,
		idempotent: true,
		itemIndex,
	});
	let page = first.body as QueryPage;
	for (let pages = 1; ; pages++) {
		for (const item of page?.items ?? []) {
			if (items.length >= limit) break;
			items.push(item as T);
		}
		const next = page?.pageDetails?.nextPageUrl;
		if (items.length >= limit || !next || seen.has(next) || pages >= MAX_PAGES) break;
		seen.add(next);
		const posted = await sendAutotask(ctx, credentials, {
			method: 'POST',
			url: next,
			body,
			idempotent: true,
			itemIndex,
			allowStatuses: [405],
		});
		page =
			posted.statusCode === 405
				? ((
						await sendAutotask(ctx, credentials, {
							method: 'GET',
							url: next,
							idempotent: true,
							itemIndex,
						})
					).body as QueryPage)
				: (posted.body as QueryPage);
	}
	return items;
}
