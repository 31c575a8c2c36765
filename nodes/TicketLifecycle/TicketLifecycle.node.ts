import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { LIFECYCLE_ACTIONS, type LifecycleAction } from '../shared/domain/lifecycleRules';
import { properties } from './description';
import { decideItem, toNodeError, type InputValues } from './itemDecision';
import { itemInputs } from './itemInputs';
import { readLifecycleSettings } from './lifecycleSettings';
import { alertSourceOptions, picklistOptions } from './serviceReads';

/** Output index per action; Unchanged (index 4) exists only when Output Unchanged Items is on. */
const OUTPUT_INDEX: Record<LifecycleAction, number> = {
	create: 0,
	accept: 1,
	resolve: 2,
	reject: 3,
	unchanged: 4,
};

const OUTPUTS_EXPRESSION =
	'={{ $parameter.outputUnchanged ? [{"type":"main","displayName":"Create"},{"type":"main","displayName":"Accept"},{"type":"main","displayName":"Resolve"},{"type":"main","displayName":"Reject"},{"type":"main","displayName":"Unchanged"}] : [{"type":"main","displayName":"Create"},{"type":"main","displayName":"Accept"},{"type":"main","displayName":"Resolve"},{"type":"main","displayName":"Reject"}] }}' as const;

export class TicketLifecycle implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ticket Lifecycle',
		name: 'ticketLifecycle',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"assumeNone": "Alert state: assume none", "input": "Alert state from input", "lookup": "Alert state from ilert"}[$parameter["alertState"]] }}',
		description:
			"Routes Autotask ticket events to Create, Accept, Resolve or Reject, following ilert's Autotask alert lifecycle",
		defaults: { name: 'Ticket Lifecycle' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [
			{
				name: 'autotaskIlertIlertApi',
				displayName: 'ilert API (to look up alerts)',
				required: true,
				displayOptions: { show: { alertState: ['lookup'] } },
			},
			{
				name: 'autotaskIlertAutotaskApi',
				displayName: 'Autotask API (optional: names status and priority IDs)',
				required: false,
			},
		],
		properties,
	};

	methods = {
		loadOptions: {
			async getAlertSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await alertSourceOptions(this);
			},
			async getStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await picklistOptions(this, 'status');
			},
			async getPriorities(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await picklistOptions(this, 'priority');
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const settings = readLifecycleSettings(this);
		const inputs = itemInputs(this, items);
		const outputs: INodeExecutionData[][] = LIFECYCLE_ACTIONS.slice(
			0,
			settings.outputUnchanged ? 5 : 4,
		).map(() => []);
		const dropped: string[] = [];

		for (let i = 0; i < items.length; i++) {
			const values: InputValues = {};
			try {
				const { action, alertKey, output } = await decideItem(
					settings,
					inputs,
					items[i],
					i,
					values,
				);
				const index = OUTPUT_INDEX[action];
				if (index < outputs.length) outputs[index].push(output);
				else dropped.push(alertKey);
			} catch (caught) {
				const error = toNodeError(this, caught, i, values, settings.mode, inputs);
				if (!this.continueOnFail()) throw error;
				// An error item in n8n's shape (n8n reduces the json of items carrying `error` to
				// `{ error }`; pairedItem leads back to the input). With "Continue (using error output)"
				// n8n moves it to the Error output. With plain "Continue" it stays on Reject, the branch
				// that creates nothing (as ilert answers a bad request with 400), never on Create,
				// Accept or Resolve.
				outputs[OUTPUT_INDEX.reject].push({
					json: { error: error.message },
					error,
					pairedItem: { item: i },
				});
			}
		}

		if (dropped.length > 0) {
			const sample = dropped.slice(0, 5).join(', ') + (dropped.length > 5 ? ', ...' : '');
			this.addExecutionHints({
				message: `${dropped.length} item(s) needed no ilert action and were not output (${sample}). Turn on "Output Unchanged Items" to route them to a fifth output.`,
				type: 'info',
				location: 'outputPane',
			});
		}
		return outputs;
	}
}
