/** ilert alert sources and alert actions (the ilert Trigger's webhook). */
import type { IDataObject } from 'n8n-workflow';

import type { TransportContext } from '../http';
import { ilertRequest, readIlertCall } from './pipeline';

/** ilert's cap for GET /alert-sources. */
const ILERT_ALERT_SOURCES_PAGE_SIZE = 50;

/** Alert sources, page by page; all of them when `limit` is undefined. */
export async function listAlertSources(
	ctx: TransportContext,
	limit?: number,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const call = await readIlertCall(ctx);
	const out: IDataObject[] = [];
	for (let startIndex = 0; ; ) {
		const want =
			limit === undefined
				? ILERT_ALERT_SOURCES_PAGE_SIZE
				: Math.min(ILERT_ALERT_SOURCES_PAGE_SIZE, limit - out.length);
		if (want <= 0) break;
		const page = await ilertRequest<unknown>(
			ctx,
			{
				method: 'GET',
				path: '/alert-sources',
				qs: { 'start-index': startIndex, 'max-results': ILERT_ALERT_SOURCES_PAGE_SIZE },
				itemIndex,
			},
			call,
		);
		const sources = Array.isArray(page) ? (page as IDataObject[]) : [];
		out.push(...sources.slice(0, want));
		if (sources.length < ILERT_ALERT_SOURCES_PAGE_SIZE) break;
		startIndex += sources.length;
	}
	return out;
}

function alertActionPath(id: string): string {
	return `/alert-actions/${encodeURIComponent(id)}`;
}

export async function createAlertAction(
	ctx: TransportContext,
	body: IDataObject,
): Promise<IDataObject> {
	return await ilertRequest<IDataObject>(ctx, { method: 'POST', path: '/alert-actions', body });
}

export async function getAlertAction(ctx: TransportContext, id: string): Promise<IDataObject> {
	return await ilertRequest<IDataObject>(ctx, { method: 'GET', path: alertActionPath(id) });
}

export async function deleteAlertAction(ctx: TransportContext, id: string): Promise<void> {
	await ilertRequest(ctx, { method: 'DELETE', path: alertActionPath(id), idempotent: true });
}
