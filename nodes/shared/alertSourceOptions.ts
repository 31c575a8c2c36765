/**
 * The ilert alert-source picker every node shares: "Name (integration type)", value = the
 * numeric id, sorted by name.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listAlertSources } from './transport/ilert';

export async function alertSourceOptions(
	ctx: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const sources = await listAlertSources(ctx);
	return sources
		.map((source) => ({
			name: `${String(source.name ?? source.id)}${source.integrationType ? ` (${String(source.integrationType)})` : ''}`,
			value: String(source.id),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
