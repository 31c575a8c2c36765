import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/node.description';
import { router } from './actions/router';
import * as loadOptions from './methods/loadOptions';

export class Autotask implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask',
		name: 'autotask',
		icon: { light: 'file:../../icons/autotask.svg', dark: 'file:../../icons/autotask.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Read and update Autotask PSA tickets, notes, picklists and resources, and reconcile tickets with ilert',
		defaults: { name: 'Autotask' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'autotaskIlertAutotaskApi', required: true },
			{
				// Only the reconcile sweep reads ilert (the alert source's open and resolved alerts).
				name: 'autotaskIlertIlertApi',
				required: true,
				displayOptions: { show: { resource: ['ticket'], operation: ['getToReconcile'] } },
			},
		],
		properties,
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
