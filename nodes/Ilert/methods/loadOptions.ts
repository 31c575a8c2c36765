import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listAlertSources } from '../../shared/transport/ilert';

/** Alert sources for pickers: "Name (integration type)", value = numeric id. */
export async function getAlertSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const sources = await listAlertSources(this);
	return sources
		.map((source) => ({
			name: `${String(source.name ?? source.id)}${source.integrationType ? ` (${String(source.integrationType)})` : ''}`,
			value: String(source.id),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
