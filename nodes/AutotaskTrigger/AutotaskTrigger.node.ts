import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { fromParameter, NodeConnectionTypes, webhookDescriptionFields } from 'n8n-workflow';

import { credentialProblem } from '../shared/domain/calloutAuth';
import { ticketFieldDisplayName } from '../shared/domain/ticket';
import { getPicklist } from '../shared/transport/autotask';
import { withCredentialMemo } from '../shared/transport/http';
import { handleRequest } from './handler';
import { checkWebhookExists, createWebhook, deleteWebhook } from './registration';

/**
 * When n8n answers the request: on receipt, or from a Respond to Webhook node. Declared with
 * n8n's native resolver where the runtime has one (n8n 2.x), so resolving it needs no expression
 * isolate while the node's parameters hold no expressions; older runtimes get the same template.
 */
const RESPONSE_MODE =
	typeof webhookDescriptionFields === 'function' && typeof fromParameter === 'function'
		? webhookDescriptionFields({ responseMode: fromParameter('respond', 'onReceived') })
		: { responseMode: '={{$parameter["respond"] || "onReceived"}}' };

export class AutotaskTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask Trigger',
		name: 'autotaskTrigger',
		icon: { light: 'file:../../icons/autotask.svg', dark: 'file:../../icons/autotask.dark.svg' },
		group: ['trigger'],
		// 1.1: n8n reads the request without the Webhook-v1 binary-data check, which costs an
		// expression evaluation per request; the node itself behaves the same in 1 and 1.1.
		// 2: the callout secrets live in a credential (Autotask Extension Callout), not in node
		// parameters, and the URL secret alone is enough.
		version: [1, 1.1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["mode"] === "callout" ? "Extension Callout" : "REST Webhook"}}',
		description: 'Starts the workflow when an Autotask ticket is created, updated or deleted',
		defaults: { name: 'Autotask Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'autotaskIlertAutotaskApi',
				displayName: 'Autotask API (reads the ticket)',
				required: true,
			},
			{
				name: 'autotaskIlertCalloutApi',
				displayName: 'Callout Secret (Autotask Extension Callout)',
				required: true,
				testedBy: 'calloutCredentialTest',
				displayOptions: { show: { mode: ['callout'], '@version': [2] } },
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', ...RESPONSE_MODE, path: 'webhook' },
			{ name: 'setup', httpMethod: 'GET', ...RESPONSE_MODE, path: 'webhook' },
		],
		properties: [
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				noDataExpression: true,
				default: 'webhook',
				options: [
					{
						name: 'Extension Callout',
						value: 'callout',
						description:
							'Paste the production URL into an Autotask Extension Callout (Tickets) fired by a workflow rule',
					},
					{
						name: 'REST Webhook (Registered by This Node)',
						value: 'webhook',
						description:
							'The node registers a signed Autotask ticket webhook when the workflow is published',
					},
				],
			},
			{
				displayName:
					'In Autotask: Admin › Extensions & Integrations › Extension Callouts › New (Tickets). URL: this node\'s Production URL followed by ?secret= and the URL Secret of the credential above. HTTP Transport Method POST, Data Format "Name Value Pair". Username and Password may stay empty. Then a Ticket workflow rule (events Created and Edited) that executes the callout.',
				name: 'calloutNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { mode: ['callout'], '@version': [{ _cnd: { gte: 2 } }] } },
			},
			{
				displayName:
					'In Autotask, create an Extension Callout (Tickets) with this node\'s Production URL, HTTP Transport Method POST, Data Format "Name Value Pair" or XML, and the username and password below; then a Ticket workflow rule (events Created and Edited) that executes it. See the README.',
				name: 'calloutNoticeV1',
				type: 'notice',
				default: '',
				displayOptions: { show: { mode: ['callout'], '@version': [1, 1.1] } },
			},
			{
				displayName: 'Callout Authentication',
				name: 'calloutAuthentication',
				type: 'options',
				default: 'basicAuth',
				description: 'How Autotask proves a callout comes from your tenant',
				displayOptions: { show: { mode: ['callout'], '@version': [1, 1.1] } },
				options: [
					{
						name: 'Basic Auth',
						value: 'basicAuth',
						description: "The callout's Username and Password fields",
					},
					{
						name: 'Basic Auth and URL Secret',
						value: 'basicAuthAndSecret',
						description:
							'Both: add ?secret=… to the URL in the callout, and set its Username and Password',
					},
					{
						name: 'URL Secret',
						value: 'urlSecret',
						description: 'Add ?secret=… to the URL in the callout',
					},
				],
			},
			{
				displayName: 'Callout Username',
				name: 'calloutUsername',
				type: 'string',
				default: '',
				description: 'The Username set in the Autotask Extension Callout',
				displayOptions: {
					show: {
						mode: ['callout'],
						calloutAuthentication: ['basicAuth', 'basicAuthAndSecret'],
						'@version': [1, 1.1],
					},
				},
			},
			{
				displayName: 'Callout Password',
				name: 'calloutPassword',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'The Password set in the Autotask Extension Callout',
				displayOptions: {
					show: {
						mode: ['callout'],
						calloutAuthentication: ['basicAuth', 'basicAuthAndSecret'],
						'@version': [1, 1.1],
					},
				},
			},
			{
				displayName: 'Callout URL Secret',
				name: 'calloutSecret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'A long random value; the callout URL must end in ?secret=&lt;this value&gt; (URL-encoded)',
				displayOptions: {
					show: {
						mode: ['callout'],
						calloutAuthentication: ['basicAuthAndSecret', 'urlSecret'],
						'@version': [1, 1.1],
					},
				},
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: ['created', 'updated'],
				description: 'Ticket events the webhook subscribes to',
				displayOptions: { show: { mode: ['webhook'] } },
				options: [
					{ name: 'Created', value: 'created' },
					{ name: 'Deleted', value: 'deleted' },
					{ name: 'Updated', value: 'updated' },
				],
			},
			{
				displayName: 'Trigger Field Names or IDs',
				name: 'webhookFields',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getWebhookFields' },
				default: ['status', 'priority'],
				description:
					'Ticket fields whose change sends an update event (from Autotask\'s live list of webhook fields). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { mode: ['webhook'] } },
			},
			{
				displayName: 'Ignore Changes by the API User',
				name: 'excludeApiUser',
				type: 'boolean',
				default: true,
				description:
					"Whether to exclude the credential's API user (and its impersonation resource) from the webhook, so this package's own ticket updates do not come back",
				displayOptions: { show: { mode: ['webhook'] } },
			},
			{
				displayName: 'Excluded Resource IDs',
				name: 'excludedResourceIds',
				type: 'string',
				default: '',
				placeholder: '29682886, 29682887',
				description:
					'Autotask resource IDs whose changes never trigger the webhook, separated by commas',
				displayOptions: { show: { mode: ['webhook'] } },
			},
			{
				displayName: 'Notification Email',
				name: 'notificationEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Where Autotask sends webhook delivery error e-mails (optional)',
				displayOptions: { show: { mode: ['webhook'] } },
			},
			{
				displayName: 'Respond',
				name: 'respond',
				type: 'options',
				default: 'onReceived',
				description: 'When and how to answer Autotask',
				options: [
					{
						name: 'Immediately',
						value: 'onReceived',
						description:
							'As soon as the event is accepted (recommended: Autotask waits at most 10 seconds)',
					},
					{
						name: "Using 'Respond to Webhook' Node",
						value: 'responseNode',
						description:
							'A Respond to Webhook node answers, e.g. 400 for tickets that are not alerted',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Created Window (Seconds)',
						name: 'createdWindow',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 10,
						description:
							'Callouts only: a ticket whose last activity is at most this long after its creation counts as created (unless the callout URL says ?event=created or ?event=updated). With the Ticket Lifecycle looking alerts up in ilert this changes no outcome.',
					},
					{
						displayName: 'Enrichment Timeout (Seconds)',
						name: 'enrichmentTimeout',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 8, numberPrecision: 1 },
						default: 1.5,
						description:
							"Longest wait for reading the ticket from Autotask; after it the event is emitted with enriched = false. Left unset, 1.5 s when answering immediately and 8 s when a 'Respond to Webhook' node answers.",
					},
					{
						displayName: 'Max Body Size (KB)',
						name: 'maxBodySize',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 256,
						description: 'Larger requests are refused with 413',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			/** What can be checked of an inbound secret: that it protects anything at all. */
			async calloutCredentialTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const data = credential.data ?? {};
				const problem = credentialProblem({
					urlSecret: String(data.urlSecret ?? ''),
					username: String(data.username ?? ''),
					password: String(data.password ?? ''),
					requireBasicAuth: data.requireBasicAuth === true,
				});
				return problem === undefined
					? { status: 'OK', message: 'Ready: the callout URL must end in ?secret=<URL Secret>' }
					: { status: 'Error', message: problem };
			},
		},
		loadOptions: {
			async getWebhookFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const values = await getPicklist(this, 'TicketWebhookFields', 'fieldID');
				return values
					.filter((v) => v.isActive)
					.map((v) => ({
						name: ticketFieldDisplayName(v.label),
						value: v.label,
						description: `Autotask field ${v.label}`,
					}))
					.sort((a, b) => a.name.localeCompare(b.name));
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('mode', 'webhook') === 'callout') {
					this.logger.debug(
						'Autotask Trigger: callout mode, nothing to register (the callout is set up in Autotask)',
					);
					return true;
				}
				return await checkWebhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('mode', 'webhook') === 'callout') {
					this.logger.debug('Autotask Trigger: callout mode, nothing to register');
					return true;
				}
				return await createWebhook(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// Also in callout mode: removes a webhook left from an earlier webhook-mode registration.
				return await deleteWebhook(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleRequest(withCredentialMemo(this));
	}
}
