import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { alertSourceOptions } from '../shared/alertSourceOptions';
import { alertSourceParameter } from '../shared/parameters';
import {
	createAlertAction,
	deleteAlertAction,
	getAlert,
	getAlertAction,
	ilertRequest,
} from '../shared/transport/ilert';
import {
	alertSourceIdOf,
	currentAssigneeOf,
	normaliseEventType,
	parseIlertWebhook,
	precheckDelivery,
	verifyDelivery,
	type DeliveryVerdict,
	type IlertTriggerOutput,
} from './payload';
import { eventsSubtitleExpression, ILERT_TRIGGER_TYPES } from './triggerTypes';

/** Header ilert sends on every call of the alert action this trigger registers. */
export const SECRET_HEADER = 'X-Autotask-Ilert-Secret';

interface TriggerStaticData extends IDataObject {
	alertActionId?: string;
	webhookSecret?: string;
}

function httpStatusOf(error: unknown): string {
	const e = error as {
		httpCode?: unknown;
		response?: { status?: unknown };
		cause?: { status?: unknown };
	};
	return String(e?.httpCode ?? e?.response?.status ?? '');
}

function is404(error: unknown): boolean {
	return httpStatusOf(error) === '404';
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
		subtitle: eventsSubtitleExpression(),
		description:
			'Starts the workflow when an ilert alert is accepted, resolved or otherwise changes',
		defaults: { name: 'ilert Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskIlertIlertApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			alertSourceParameter({
				name: 'alertSources',
				multiple: true,
				required: true,
				description:
					'Alert sources whose alerts start the workflow (an ilert alert action is registered on them). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			}),
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: ILERT_TRIGGER_TYPES.map(({ name, value, description }) => ({
					name,
					value,
					description,
				})),
				required: true,
				default: ['alert-acknowledged', 'alert-resolved', 'alert-auto-resolved'],
				description:
					'Alert events that start the workflow. Every delivery is checked against the alert as ilert has it now (GET /alerts/{ID}) before the workflow starts.',
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

	methods = {
		loadOptions: {
			async getAlertSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await alertSourceOptions(this);
			},
		},
	};

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
					throw new NodeOperationError(
						this.getNode(),
						'Choose at least one alert source and one event',
					);
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
		const refuse = (status: number, message: string): IWebhookResponseData => {
			response.status(status).send(message).end();
			return { noWebhookResponse: true };
		};
		if (
			!data.webhookSecret ||
			typeof given !== 'string' ||
			!secretsMatch(data.webhookSecret, given)
		) {
			return refuse(401, 'Unauthorized');
		}
		const parsed = parseIlertWebhook(this.getBodyData(), new Date());
		if ('error' in parsed) return refuse(400, parsed.error);
		const wanted = ids(this.getNodeParameter('events', [])).map((e) => normaliseEventType(e));
		if (wanted.length > 0 && !wanted.includes(parsed.eventType)) {
			return { webhookResponse: 'Ignored: event not selected' };
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const verdict = await verify(this, parsed, data, options.onlyAutotaskAlerts === true);
		if (verdict.verdict === 'refuse') {
			// A refused delivery starts no execution, so no node of the workflow can write a ticket.
			this.logger.warn(
				`ilert Trigger: refused a delivery (HTTP ${verdict.status}): ${verdict.message}`,
			);
			return refuse(verdict.status, verdict.message);
		}
		if (verdict.verdict === 'ignore') return { webhookResponse: verdict.message };
		return {
			workflowData: [this.helpers.returnJsonArray([verdict.output as unknown as IDataObject])],
		};
	}
}

/**
 * Reads the alert from ilert by id and checks the delivery against it (issue 14.1): a delivery
 * with the right secret still acts only on an alert ilert knows, of a source this trigger
 * listens to, carrying the key it claims.
 *
 * Answers: 404 for an alert ilert does not know (or this API key cannot see), 403/409/422 for
 * an alert that does not qualify, 503 when ilert could not be asked (ilert may retry that;
 * nothing was started). 4xx and not 2xx so the refusal shows in the alert action's log in ilert.
 */
async function verify(
	ctx: IWebhookFunctions,
	payload: IlertTriggerOutput,
	data: TriggerStaticData,
	onlyAutotaskAlerts: boolean,
): Promise<DeliveryVerdict> {
	const early = precheckDelivery(payload);
	if (early) return early;
	if (payload.ticketId === null && payload.alert.alertKey !== null && onlyAutotaskAlerts) {
		// Not an Autotask alert by the delivery's own key: nothing to verify, nothing is started.
		return { verdict: 'ignore', message: 'Ignored: not an Autotask alert' };
	}
	const alertId = payload.alert.id as number;
	let alert: IDataObject;
	try {
		alert = await getAlert(ctx, alertId);
	} catch (error) {
		if (is404(error)) {
			return {
				verdict: 'refuse',
				status: 404,
				message: `ilert has no alert ${alertId} (or the ilert API credential cannot see it); nothing was started`,
			};
		}
		return {
			verdict: 'refuse',
			status: 503,
			message: `Could not read alert ${alertId} from ilert to verify the delivery (${httpStatusOf(error) || 'no answer'}); nothing was started`,
		};
	}
	if (!alert || typeof alert !== 'object' || String(alert.id ?? '') !== String(alertId)) {
		return {
			verdict: 'refuse',
			status: 503,
			message: `ilert answered GET /alerts/${alertId} without that alert; nothing was started`,
		};
	}
	const sourceId = alertSourceIdOf(alert);
	let sourceAllowed =
		sourceId !== '' && ids(ctx.getNodeParameter('alertSources', [])).includes(sourceId);
	if (!sourceAllowed && sourceId !== '' && data.alertActionId) {
		// The alert action's sources, as ilert has them, count too (they may have been edited in ilert).
		try {
			const action = await getAlertAction(ctx, data.alertActionId);
			const actionSources = ((action.alertSources ?? []) as IDataObject[]).map((s) => s?.id);
			sourceAllowed = ids(actionSources).includes(sourceId);
		} catch (error) {
			if (!is404(error)) {
				return {
					verdict: 'refuse',
					status: 503,
					message: `Could not read the trigger's alert action from ilert (${httpStatusOf(error) || 'no answer'}); nothing was started`,
				};
			}
		}
	}
	const holder = currentAssigneeOf(alert);
	let assignee = holder.user;
	if (
		assignee &&
		assignee.email === null &&
		holder.userId !== null &&
		/^\d+$/.test(holder.userId)
	) {
		// ilert's alert names responders by id and name only; the email (used to find the
		// Autotask resource) is on the user.
		try {
			const user = await ilertRequest<IDataObject>(ctx, {
				method: 'GET',
				path: `/users/${holder.userId}`,
			});
			if (typeof user?.email === 'string') assignee = { ...assignee, email: user.email };
		} catch (error) {
			ctx.logger.warn(
				`ilert Trigger: could not read ilert user ${holder.userId} (${httpStatusOf(error) || 'no answer'}); the assignee has no email`,
			);
		}
	}
	return verifyDelivery({ payload, alert, sourceAllowed, assignee, onlyAutotaskAlerts });
}
