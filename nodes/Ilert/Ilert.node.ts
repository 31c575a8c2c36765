import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { credentials, properties } from './actions/node.description';
import { router } from './actions/router';
import * as loadOptions from './methods/loadOptions';

export class Ilert implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ilert',
		name: 'ilert',
		icon: { light: 'file:../../icons/ilert.svg', dark: 'file:../../icons/ilert.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create, accept, resolve and read ilert alerts, by Autotask ticket or by ID',
		defaults: { name: 'ilert' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials,
		properties,
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
