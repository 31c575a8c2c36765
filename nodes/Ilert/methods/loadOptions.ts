import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { alertSourceOptions } from '../../shared/alertSourceOptions';

/** Alert sources for pickers: "Name (integration type)", value = numeric id. */
export async function getAlertSources(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await alertSourceOptions(this);
}
