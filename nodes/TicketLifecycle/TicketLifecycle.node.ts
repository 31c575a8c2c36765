import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { alertKeyForTicket, OUTPUT_FIELDS, type AlertState, type IlertPriority } from '../shared/domain/conventions';
import { readJsonPath, simpleJsonPath } from '../shared/domain/jsonPath';
import {
	LifecycleInputError,
	mapPriority,
	parseAlertState,
	parsePicklistId,
	parseTicketEvent,
	parseTicketId,
	type PicklistEntry,
	type PriorityOverride,
	type StatusOverride,
} from '../shared/domain/lifecycle';
import { decideLifecycle } from '../shared/domain/lifecycleDecision';
import { LIFECYCLE_ACTIONS, type LifecycleAction } from '../shared/domain/lifecycleRules';
import { STATUS_CLASSES, STATUS_CLASS_IDS, type StatusClass } from '../shared/domain/statusClasses';
import { alertSourceParameter, statusClassesParameter } from '../shared/parameters';
import { AlertStateLookup, type FoundState } from './alertStateLookup';
import { alertSourceOptions, ilertLookupSource, picklistOptions, ticketPicklist } from './serviceReads';

/** Parameters that read the item; their defaults (in the description) read the trigger's output. */
const INPUT_PARAMETERS = ['event', 'ticketId', 'statusLabel', 'statusId', 'priorityLabel', 'priorityId', 'alertStateValue'] as const;

type InputParameter = (typeof INPUT_PARAMETERS)[number];

const DISPLAY_NAMES: Record<InputParameter, string> = {
	event: 'Event',
	ticketId: 'Ticket ID',
	statusLabel: 'Status Label',
	statusId: 'Status ID',
	priorityLabel: 'Priority Label',
	priorityId: 'Priority ID',
	alertStateValue: 'Alert State Value',
};

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

const ILERT_PRIORITY_OPTIONS: INodePropertyOptions[] = [
	{ name: 'High', value: 'HIGH' },
	{ name: 'Low', value: 'LOW' },
];

const CLASS_OPTIONS: INodePropertyOptions[] = STATUS_CLASS_IDS.map((id) => ({
	name: STATUS_CLASSES[id].name,
	value: id,
	description: STATUS_CLASSES[id].description,
})).sort((a, b) => a.name.localeCompare(b.name));

/** The preset status classes, shown in the node so nobody needs the README to know them. */
const STATUS_CLASSES_NOTICE = `Preset status classes: ${STATUS_CLASS_IDS.map((id) => {
	const info = STATUS_CLASSES[id];
	const labels = info.presetLabels.length > 0 ? info.presetLabels.join(', ') : 'every other status';
	return `${info.name} (${labels}): ${info.description.toLowerCase()}`;
}).join('. ')}. Add your own statuses under Status Classes.`;

function shown(value: unknown): string {
	if (value === undefined) return 'undefined';
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

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
		properties: [
			{
				displayName:
					'Follows ilert\'s documented Autotask lifecycle. Connect Create, Accept and Resolve to ilert actions; Reject means "no alert may be created in this status" (ilert answers 400). Every output item starts with lifecycle.rule, one sentence saying why.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: STATUS_CLASSES_NOTICE,
				name: 'statusClassesNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Alert State',
				name: 'alertState',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Assume None',
						value: 'assumeNone',
						description:
							'Decide from event and status alone, as if the ticket had no alert: updates never accept or resolve',
					},
					{
						name: 'From Input',
						value: 'input',
						description: 'An expression gives none, pending, accepted or resolved',
					},
					{
						name: 'Look Up',
						value: 'lookup',
						description: "Find the ticket's alert in ilert by its alert key, in the chosen alert source",
					},
				],
				default: 'lookup',
				description: "How the node learns the state of the ticket's ilert alert",
			},
			alertSourceParameter({
				name: 'alertSourceId',
				required: true,
				displayOptions: { show: { alertState: ['lookup'] } },
				description:
					'The ilert alert source the alerts are sent to. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			}),
			{
				displayName: 'Alert State Value',
				name: 'alertStateValue',
				type: 'string',
				default: '={{ $json.alertState }}',
				required: true,
				displayOptions: { show: { alertState: ['input'] } },
				description: 'The alert\'s state: none, pending, accepted or resolved (ilert\'s PENDING etc. work too).',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'string',
				default: '={{ $json.event }}',
				description: 'Created, updated or deleted. Defaults to the Autotask Trigger output.',
			},
			{
				displayName: 'Ticket ID',
				name: 'ticketId',
				type: 'string',
				default: '={{ $json.ticket?.id }}',
				description: 'The Autotask ticket ID, which gives the ilert alert key autotask-&lt;ID&gt;',
			},
			{
				displayName: 'Status Label',
				name: 'statusLabel',
				type: 'string',
				default: '={{ $json.ticket?.status?.label }}',
				description: 'The ticket status as the tenant names it (trimmed, case-insensitive)',
			},
			{
				displayName: 'Status ID',
				name: 'statusId',
				type: 'string',
				default: '={{ $json.ticket?.status?.id }}',
				description: "The ticket status picklist ID; named through the tenant's picklist when no label is given",
			},
			{
				displayName: 'Priority Label',
				name: 'priorityLabel',
				type: 'string',
				default: '={{ $json.ticket?.priority?.label }}',
				description: 'The ticket priority label: Low maps to LOW; High, Medium and Critical map to HIGH',
			},
			{
				displayName: 'Priority ID',
				name: 'priorityId',
				type: 'string',
				default: '={{ $json.ticket?.priority?.id }}',
				description: "The ticket priority picklist ID; named through the tenant's picklist when no label is given",
			},
			{
				displayName: 'Output Unchanged Items',
				name: 'outputUnchanged',
				type: 'boolean',
				default: false,
				noDataExpression: true,
				description:
					'Whether to add a fifth output, Unchanged, for items that need no ilert action. When off, they are not output and the node shows a hint with their count.',
			},
			statusClassesParameter({
				displayName: 'Status Classes',
				name: 'statusOverrides',
				description: "Assign the tenant's own or renamed statuses to a class; these win over the preset",
				statusMayBeLabel: true,
				classOptions: CLASS_OPTIONS,
				defaultClass: 'closed',
				classDescription: 'How tickets in this status are treated',
			}),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Priority Mapping',
						name: 'priorityOverrides',
						type: 'fixedCollection',
						placeholder: 'Add Priority',
						typeOptions: { multipleValues: true },
						default: {},
						description: 'Map tenant priorities (label or ID) to ilert priorities; these win over the preset',
						options: [
							{
								name: 'values',
								displayName: 'Priority',
								values: [
									{
										displayName: 'Autotask Priority Name or ID',
										name: 'priority',
										type: 'options',
										typeOptions: { loadOptionsMethod: 'getPriorities' },
										default: '',
										description: 'A priority of the tenant; an expression may also give its label. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
									},
									{
										displayName: 'Alert Priority',
										description: 'The ilert alert priority',
										name: 'ilertPriority',
										type: 'options',
										options: ILERT_PRIORITY_OPTIONS,
										default: 'HIGH',
									},
								],
							},
						],
					},
					{
						displayName: 'Re-Alert Reopened Tickets',
						name: 'reAlertReopened',
						type: 'boolean',
						default: false,
						description:
							'Whether a ticket reopened after its alert was resolved creates a new alert. Off: a resolved alert counts as existing and nothing happens.',
					},
					{
						displayName: 'Resolved Alert Look-Back (Days)',
						name: 'resolvedLookbackDays',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 30,
						description:
							'Look Up in ilert: how far back resolved alerts are searched, by report time, when a ticket has no open alert',
					},
					{
						displayName: 'Resolved Alerts Searched (Max)',
						name: 'maxResolvedAlerts',
						type: 'number',
						typeOptions: { minValue: 100 },
						default: 500,
						description: 'Look Up in ilert: at most this many resolved alerts are listed per execution (100 per request)',
					},
					{
						displayName: 'Unknown Priority',
						name: 'unknownPriority',
						type: 'options',
						options: ILERT_PRIORITY_OPTIONS,
						default: 'HIGH',
						description: 'Alert priority in ilert for a priority that is not Low, Medium, High or Critical and not mapped. High: waking someone is safer than missing an outage.',
					},
				],
			},
		],
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
		const node = this.getNode();
		const outputUnchanged = this.getNodeParameter('outputUnchanged', 0, false) as boolean;
		const outputs: INodeExecutionData[][] = LIFECYCLE_ACTIONS.slice(0, outputUnchanged ? 5 : 4).map(() => []);
		const dropped: string[] = [];

		const mode = this.getNodeParameter('alertState', 0, 'lookup') as 'lookup' | 'input' | 'assumeNone';
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const reAlertReopened = options.reAlertReopened === true;
		const unknownPriority = (options.unknownPriority === 'LOW' ? 'LOW' : 'HIGH') as IlertPriority;
		const statusOverrides = readOverrides(
			this.getNodeParameter('statusOverrides.values', 0, []) as IDataObject[],
		).map((o) => ({ status: o.key, class: o.value as StatusClass })) as StatusOverride[];
		const priorityOverrides = readOverrides(
			(options.priorityOverrides as IDataObject | undefined)?.values as IDataObject[] | undefined,
		).map((o) => ({ priority: o.key, ilertPriority: o.value as IlertPriority })) as PriorityOverride[];
		for (const o of statusOverrides) {
			if (!STATUS_CLASS_IDS.includes(o.class)) {
				throw new NodeOperationError(node, `Unknown status class "${String(o.class)}" for status "${String(o.status)}"`);
			}
		}

		// Autotask picklists: only fetched when an item needs one, and only with the credential.
		const hasAutotask = Boolean(node.credentials?.autotaskIlertAutotaskApi);
		const picklists: Partial<Record<'status' | 'priority', Promise<PicklistEntry[]>>> = {};
		const picklist = async (field: 'status' | 'priority'): Promise<PicklistEntry[] | undefined> => {
			if (!hasAutotask) return undefined;
			// Shared by all items; a failed load is forgotten so the next item tries again.
			picklists[field] ??= ticketPicklist(this, field).catch(async (error: unknown) => {
				delete picklists[field];
				return await Promise.reject(error);
			});
			return await picklists[field];
		};

		let lookup: AlertStateLookup | undefined;
		let alertSourceId = '';
		if (mode === 'lookup') {
			alertSourceId = String(this.getNodeParameter('alertSourceId', 0, '') ?? '').trim();
			if (!alertSourceId) {
				throw new NodeOperationError(node, 'No alert source chosen', {
					description: 'Look Up in ilert needs the alert source the ticket alerts are sent to',
				});
			}
			lookup = new AlertStateLookup(
				ilertLookupSource(this, {
					alertSourceId,
					lookbackDays: Number(options.resolvedLookbackDays ?? 30) || 30,
					maxResolved: Math.max(100, Number(options.maxResolvedAlerts ?? 500) || 500),
				}),
			);
		}

		// An input that is a plain `$json` path (as the defaults are) is read from the item directly:
		// the same value, without an expression-engine round trip per item (see shared/domain/jsonPath).
		const directPaths = new Map<InputParameter, readonly string[]>();
		for (const name of INPUT_PARAMETERS) {
			const raw = node.parameters?.[name];
			const path = simpleJsonPath(raw === undefined ? INPUT_DEFAULTS[name] : raw);
			if (path) directPaths.set(name, path);
		}
		const read = (name: InputParameter, i: number): unknown => {
			const path = directPaths.get(name);
			const direct = path ? readJsonPath(items[i].json, path) : undefined;
			return direct?.exact ? direct.value : this.getNodeParameter(name, i, null);
		};
		/** Where a value was read from: the parameter and its (raw) expression. */
		const source = (name: InputParameter, value: unknown): string => {
			const raw = node.parameters?.[name];
			const expression = typeof raw === 'string' ? raw : INPUT_DEFAULTS[name];
			return `"${DISPLAY_NAMES[name]}" (${expression.replace(/^=/, '')} gave ${shown(value)})`;
		};

		for (let i = 0; i < items.length; i++) {
			const item = items[i];
			const values: Partial<Record<InputParameter, unknown>> = {};
			try {
				for (const name of ['event', 'ticketId', 'statusLabel', 'statusId', 'priorityLabel', 'priorityId'] as const) {
					values[name] = read(name, i);
				}
				const event = parseTicketEvent(values.event);
				const ticketId = parseTicketId(values.ticketId);
				const alertKey = alertKeyForTicket(ticketId);
				const status = { label: values.statusLabel as string | null, id: values.statusId as string | null };
				const needsStatusPicklist =
					(!hasText(status.label) && hasText(status.id)) ||
					(!hasText(status.id) && statusOverrides.some((o) => parsePicklistId(o.status) !== null));
				const statusPicklist = needsStatusPicklist ? await picklist('status') : undefined;

				// Alert state
				let alertState: AlertState | undefined;
				let alertStateFrom: string;
				if (mode === 'assumeNone') {
					alertState = 'none';
					alertStateFrom = 'assumed none (Alert State: Assume None)';
				} else if (mode === 'input') {
					values.alertStateValue = read('alertStateValue', i);
					alertState = parseAlertState(values.alertStateValue);
					alertStateFrom = `from input ${source('alertStateValue', values.alertStateValue)}`;
				} else {
					// Created events are looked up too: a callout's created/updated is a guess, and a
					// ticket that already has an alert is decided by the updated rows.
					const found = await findState(lookup as AlertStateLookup, alertKey, i, {
						event,
						status,
						reAlertReopened,
						overrides: statusOverrides,
						picklist: statusPicklist,
					});
					alertState = found.state;
					alertStateFrom = found.from;
				}

				const decision = decideLifecycle({
					event,
					status,
					alertState,
					reAlertReopened,
					overrides: statusOverrides,
					picklist: statusPicklist,
				});

				const priorityInput = { label: values.priorityLabel as string | null, id: values.priorityId as string | null };
				const needsPriorityPicklist =
					(!hasText(priorityInput.label) && hasText(priorityInput.id)) ||
					(!hasText(priorityInput.id) && priorityOverrides.some((o) => parsePicklistId(o.priority) !== null));
				const priority = mapPriority(priorityInput, {
					picklist: needsPriorityPicklist ? await picklist('priority') : undefined,
					overrides: priorityOverrides,
					unknown: unknownPriority,
				});

				// The explanation comes first, so it is what a user sees at the top of each item.
				const lifecycle: IDataObject = {
					rule: decision.rule,
					action: decision.action,
					ruleId: decision.ruleId,
					event: decision.event,
					status: decision.status,
					alertState: decision.alertState,
					alertStateFrom,
					ilertPriority: priority.ilertPriority,
					priority: { id: priority.id, label: priority.label, reason: priority.reason },
					alertKey,
					ticketId,
				};
				const { [OUTPUT_FIELDS.lifecycle]: _earlier, ...rest } = item.json;
				const out: INodeExecutionData = {
					json: { [OUTPUT_FIELDS.lifecycle]: lifecycle, ...rest },
					pairedItem: { item: i },
				};
				if (item.binary) out.binary = item.binary;
				const index = OUTPUT_INDEX[decision.action];
				if (index < outputs.length) outputs[index].push(out);
				else dropped.push(alertKey);
			} catch (caught) {
				const error = toNodeError(this, caught, i, values, mode, source);
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

/** The default of each input parameter, as the description declares it. */
const INPUT_DEFAULTS = Object.fromEntries(
	new TicketLifecycle().description.properties
		.filter((p) => (INPUT_PARAMETERS as readonly string[]).includes(p.name))
		.map((p) => [p.name, String(p.default)]),
) as Record<InputParameter, string>;

function hasText(value: unknown): boolean {
	return value !== null && value !== undefined && String(value).trim() !== '';
}

function readOverrides(values: IDataObject[] | undefined): Array<{ key: string; value: string }> {
	if (!Array.isArray(values)) return [];
	return values
		.map((v) => ({
			key: String(v.status ?? v.priority ?? '').trim(),
			value: String(v.class ?? v.ilertPriority ?? ''),
		}))
		.filter((v) => v.key !== '');
}

/**
 * The open alert first; the resolved listing only when it changes the decision (the rows for
 * "none" and "resolved" differ for this ticket), which keeps the lookup cheap.
 */
async function findState(
	lookup: AlertStateLookup,
	alertKey: string,
	itemIndex: number,
	input: Omit<Parameters<typeof decideLifecycle>[0], 'alertState'>,
): Promise<FoundState> {
	const open = await lookup.open(alertKey, itemIndex);
	if (open.state !== 'none') return open;
	const ifNone = decideLifecycle({ ...input, alertState: 'none' }).action;
	const ifResolved = decideLifecycle({ ...input, alertState: 'resolved' }).action;
	if (ifNone === ifResolved) return { state: 'none', from: `${open.from} (resolved alerts not searched: same decision)` };
	return await lookup.resolvedOrNone(alertKey, itemIndex);
}

function toNodeError(
	ctx: IExecuteFunctions,
	caught: unknown,
	itemIndex: number,
	values: Partial<Record<InputParameter, unknown>>,
	mode: string,
	source: (name: InputParameter, value: unknown) => string,
): NodeOperationError | NodeApiError {
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) {
		if (caught.context) caught.context.itemIndex = itemIndex;
		return caught;
	}
	if (caught instanceof LifecycleInputError) {
		let where: string;
		if (caught.field === 'status') {
			where = `${source('statusLabel', values.statusLabel)} and ${source('statusId', values.statusId)}`;
		} else if (caught.field === 'alertState') {
			where =
				mode === 'input'
					? source('alertStateValue', values.alertStateValue)
					: 'the alert state lookup';
		} else {
			where = source(caught.field, values[caught.field]);
		}
		return new NodeOperationError(ctx.getNode(), `${caught.message}. Read from ${where}`, {
			itemIndex,
			description:
				caught.field === 'status'
					? 'Map the status label or ID to the ticket status, add the Autotask credential to name IDs, or add the status under Status Classes'
					: `Check the "${caught.field === 'alertState' ? DISPLAY_NAMES.alertStateValue : DISPLAY_NAMES[caught.field]}" parameter`,
		});
	}
	const message = caught instanceof Error ? caught.message : String(caught);
	return new NodeOperationError(ctx.getNode(), message, { itemIndex });
}
