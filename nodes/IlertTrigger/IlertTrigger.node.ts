import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { getAlertSources } from '../Ilert/methods/loadOptions';
import { createAlertAction, deleteAlertAction, getAlertAction } from '../shared/transport/ilert';
import { ILERT_TRIGGER_TYPES, normaliseEventType, parseIlertWebhook } from './payload';

/** Header ilert sends on every call of the alert action this trigger registers. */
export const SECRET_HEADER = 'X-Autotask-Ilert-Secret';

interface TriggerStaticData extends IDataObject {
	alertActionId?: string;
	webhookSecret?: string;
}

function is404(error: unknown): boolean {
	const e = error as { httpCode?: unknown; response?: { status?: unknown }; cause?: { status?: unknown } };
	return String(e?.httpCode ?? e?.response?.status ?? '') === '404';
}

function ids(values: unknown): string[] {
	return (Array.isArray(values) ? values : [values])
		.map((v) => String(v ?? '').trim())
		.filter((v) => v !== '')
		.sort();
}

function sameSet(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Constant-time comparison of two secrets of any length (digests have equal length). */
export function secretsMatch(expected: string, given: string): boolean {
	const a = createHash('sha256').update(expected, 'utf8').digest();
	const b = createHash('sha256').update(given, 'utf8').digest();
	return timingSafeEqual(a, b) && expected.length > 0;
}

export class IlertTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ilert Trigger',
		name: 'ilertTrigger',
		icon: { light: 'file:../../icons/ilert.svg', dark: 'file:../../icons/ilert.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when an ilert alert is accepted, resolved or otherwise changes',
		defaults: { name: 'ilert Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskIlertIlertApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Alert Source Names or IDs',
				name: 'alertSources',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getAlertSources' },
				required: true,
				default: [],
				description:
					'Alert sources whose alerts start the workflow (an ilert alert action is registered on them). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: ILERT_TRIGGER_TYPES,
				required: true,
				default: ['alert-acknowledged', 'alert-resolved'],
				description: 'Alert events that start the workflow',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Alert Action Name',
						name: 'actionName',
						type: 'string',
						default: '',
						description: 'Name of the alert action in ilert. Empty: "n8n: &lt;workflow name&gt;".',
					},
					{
						displayName: 'Only Autotask Alerts',
						name: 'onlyAutotaskAlerts',
						type: 'boolean',
						default: false,
						description:
							'Whether to ignore alerts whose key does not follow autotask-&lt;ticket ID&gt; (ilert still gets a 200)',
					},
				],
			},
		],
	};

	methods = { loadOptions: { getAlertSources } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node') as TriggerStaticData;
				if (!data.alertActionId || !data.webhookSecret) return false;
				let action: IDataObject;
				try {
					action = await getAlertAction(this, data.alertActionId);
				} catch (error) {
					if (is404(error)) {
						delete data.alertActionId;
						delete data.webhookSecret;
						return false;
					}
					throw new NodeApiError(this.getNode(), error as JsonObject);
				}
				const params = (action.params ?? {}) as IDataObject;
				const sources = ((action.alertSources ?? []) as IDataObject[]).map((s) => s.id);
				const upToDate =
					params.webhookUrl === this.getNodeWebhookUrl('default') &&
					sameSet(ids(sources), ids(this.getNodeParameter('alertSources', []))) &&
					sameSet(ids(action.triggerTypes ?? []), ids(this.getNodeParameter('events', [])));
				return upToDate;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node') as TriggerStaticData;
				if (data.alertActionId) {
					// A previous registration that no longer matches (URL, sources or events changed).
					try {
						await deleteAlertAction(this, data.alertActionId);
					} catch (error) {
						if (!is404(error)) {
							this.logger.warn(
								`ilert Trigger: could not delete the outdated alert action ${data.alertActionId}: ${(error as Error).message}`,
							);
						}
					}
					delete data.alertActionId;
					delete data.webhookSecret;
				}
				const sources = ids(this.getNodeParameter('alertSources', []));
				const events = ids(this.getNodeParameter('events', []));
				if (sources.length === 0 || events.length === 0) {
					throw new NodeOperationError(this.getNode(), 'Choose at least one alert source and one event');
				}
				const options = this.getNodeParameter('options', {}) as IDataObject;
				const name =
					typeof options.actionName === 'string' && options.actionName.trim() !== ''
						? options.actionName.trim()
						: `n8n: ${this.getWorkflow().name ?? this.getWorkflow().id ?? 'workflow'}`;
				const secret = randomBytes(32).toString('hex');
				const action = await createAlertAction(this, {
					name,
					connectorType: 'webhook',
					alertSources: sources.map((id) => ({ id: /^\d+$/.test(id) ? Number(id) : id })),
					triggerMode: 'AUTOMATIC',
					triggerTypes: events,
					params: {
						webhookUrl: this.getNodeWebhookUrl('default'),
						headers: [{ key: SECRET_HEADER, value: secret }],
					},
				});
				if (action?.id === undefined || action.id === null) {
					throw new NodeApiError(this.getNode(), action as JsonObject, {
						message: 'ilert did not return the id of the new alert action',
					});
				}
				data.alertActionId = String(action.id);
				data.webhookSecret = secret;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node') as TriggerStaticData;
				if (!data.alertActionId) return true;
				try {
					await deleteAlertAction(this, data.alertActionId);
				} catch (error) {
					if (!is404(error)) {
						this.logger.warn(
							`ilert Trigger: could not delete alert action ${data.alertActionId}: ${(error as Error).message}`,
						);
						return false;
					}
				}
				delete data.alertActionId;
				delete data.webhookSecret;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const data = this.getWorkflowStaticData('node') as TriggerStaticData;
		const headers = this.getHeaderData() as IDataObject;
		const given = headers[SECRET_HEADER.toLowerCase()];
		const response = this.getResponseObject();
		if (!data.webhookSecret || typeof given !== 'string' || !secretsMatch(data.webhookSecret, given)) {
			response.status(401).send('Unauthorized').end();
			return { noWebhookResponse: true };
		}
		const parsed = parseIlertWebhook(this.getBodyData(), new Date());
		if ('error' in parsed) {
			response.status(400).send(parsed.error).end();
			return { noWebhookResponse: true };
		}
		const wanted = ids(this.getNodeParameter('events', [])).map((e) => normaliseEventType(e));
		if (wanted.length > 0 && !wanted.includes(parsed.eventType)) {
			return { webhookResponse: 'Ignored: event not selected' };
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (options.onlyAutotaskAlerts === true && parsed.ticketId === null) {
			return { webhookResponse: 'Ignored: not an Autotask alert' };
		}
		return { workflowData: [this.helpers.returnJsonArray([parsed as unknown as IDataObject])] };
	}
}
