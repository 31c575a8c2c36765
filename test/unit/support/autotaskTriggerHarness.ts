/**
 * Test harness for the Autotask Trigger: the Autotask simulator, mocked n8n contexts, and a small
 * HTTP "n8n" that receives the simulator's webhook deliveries and runs the node's `webhook()`.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

import { AutotaskTrigger } from '../../../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { startAutotaskSimulator } from '../../simulators';
import {
	autotaskSimulatorCredential,
	createHookContext,
	createWebhookContext,
	type MockHookFunctions,
	type MockWebhookFunctions,
	type ParameterValue,
	type WebhookRequestOptions,
} from '../../support';
import { resetProcessState } from '../../../nodes/shared/transport/processState';

export type Sim = Awaited<ReturnType<typeof startAutotaskSimulator>>;

export const NODE = {
	id: 'trigger-node',
	name: 'Autotask Trigger',
	type: 'n8n-nodes-autotask-ilert.autotaskTrigger',
	typeVersion: 2,
	credentials: {
		autotaskIlertAutotaskApi: { id: 'autotask-credential-1', name: 'Autotask API user' },
		autotaskIlertCalloutApi: {
			id: 'callout-credential-1',
			name: 'Autotask Extension Callout account',
		},
	},
};
export const API_USER_RESOURCE = 29682885;
export const JANE = 29682886;
export const FORMER_EMPLOYEE = 29682888;

export const WEBHOOK_PARAMS: Record<string, ParameterValue> = {
	mode: 'webhook',
	events: ['created', 'updated'],
	webhookFields: ['status', 'priority'],
	excludeApiUser: true,
	excludedResourceIds: String(FORMER_EMPLOYEE),
	notificationEmail: '',
	respond: 'onReceived',
	options: {},
};

export const CALLOUT_USER = 'callout-user';
export const CALLOUT_PASSWORD = 'example-callout-password';
export const CALLOUT_SECRET = 'example-url-secret-0123456789abcdef';

/** Callout mode, node version 2: the secrets are in the Autotask Extension Callout credential. */
export const CALLOUT_PARAMS: Record<string, ParameterValue> = {
	mode: 'callout',
	respond: 'onReceived',
	options: {},
};

/** Callout mode, node versions 1 and 1.1: the secrets were node parameters. */
export const LEGACY_CALLOUT_PARAMS: Record<string, ParameterValue> = {
	...CALLOUT_PARAMS,
	calloutAuthentication: 'basicAuth',
	calloutUsername: CALLOUT_USER,
	calloutPassword: CALLOUT_PASSWORD,
	calloutSecret: CALLOUT_SECRET,
};

/** The callout credential as a user fills it in; Basic is optional. */
export function calloutCredential(
	overrides: Record<string, string | boolean> = {},
): Record<string, string | boolean> {
	return {
		urlSecret: CALLOUT_SECRET,
		username: CALLOUT_USER,
		password: CALLOUT_PASSWORD,
		requireBasicAuth: false,
		...overrides,
	};
}

export function basicAuth(user = CALLOUT_USER, password = CALLOUT_PASSWORD): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export interface Delivered {
	status: number;
	body: unknown;
	result: IWebhookResponseData;
	json?: IDataObject;
	ctx: MockWebhookFunctions;
	ms: number;
}

export class TriggerHarness {
	readonly trigger = new AutotaskTrigger();

	staticData: IDataObject = {};

	parameters: Record<string, ParameterValue> = { ...WEBHOOK_PARAMS };

	/** The node as n8n passes it; tests of node versions 1 and 1.1 change `typeVersion`. */
	node: typeof NODE = { ...NODE };

	/** Executions started through the bridge (what n8n would run). */
	readonly executions: IDataObject[] = [];

	/** Every answer the bridge gave. */
	readonly answers: Array<{ status: number; path: string }> = [];

	bridgeUrl = '';

	private server?: http.Server;

	constructor(readonly sim: Sim) {}

	private credentialStore?: Record<string, Record<string, unknown>>;

	/** One store for all contexts, so data persisted by preAuthentication is reused, as in n8n. */
	credentials() {
		if (this.credentialStore)
			return this.credentialStore as ReturnType<TriggerHarness['freshCredentials']>;
		this.credentialStore = this.freshCredentials();
		return this.credentialStore as ReturnType<TriggerHarness['freshCredentials']>;
	}

	freshCredentials() {
		return {
			autotaskIlertAutotaskApi: autotaskSimulatorCredential(this.sim),
			autotaskIlertCalloutApi: calloutCredential(),
		};
	}

	get webhookUrl(): string {
		return `${this.bridgeUrl}/webhook/test-webhook-id/webhook`;
	}

	reset(
		parameters: Record<string, ParameterValue> = WEBHOOK_PARAMS,
		typeVersion = NODE.typeVersion,
	): void {
		this.staticData = {};
		this.parameters = { ...parameters };
		this.node = { ...NODE, typeVersion };
		this.executions.length = 0;
		this.answers.length = 0;
		this.credentials().autotaskIlertCalloutApi = calloutCredential();
		resetProcessState();
	}

	hook(workflowName = 'Ticket alerts'): MockHookFunctions {
		return createHookContext({
			parameters: this.parameters,
			credentials: this.credentials(),
			staticData: this.staticData,
			webhookUrl: this.webhookUrl,
			node: this.node,
			workflow: { id: 'wf-1', name: workflowName, active: true },
		});
	}

	/** Runs `webhook()` with a request, as n8n would. */
	async deliver(request: WebhookRequestOptions): Promise<Delivered> {
		const ctx = createWebhookContext({
			parameters: this.parameters,
			credentials: this.credentials(),
			staticData: this.staticData,
			request: { body: {}, ...request },
			node: this.node,
			workflow: { id: 'wf-1', name: 'Ticket alerts', active: true },
			nodeWebhookUrl: this.webhookUrl,
		});
		const started = Date.now();
		const result = await this.trigger.webhook.call(ctx);
		const ms = Date.now() - started;
		const json = result.workflowData?.[0]?.[0]?.json;
		const response = ctx.mock.response;
		return {
			status: result.noWebhookResponse ? response.statusCode : 200,
			body: response.body,
			result,
			json,
			ctx,
			ms,
		};
	}

	/** Starts the HTTP bridge the simulator delivers webhooks to. */
	async startBridge(): Promise<void> {
		this.server = http.createServer(async (req, res) => {
			const chunks: Buffer[] = [];
			for await (const chunk of req) chunks.push(chunk as Buffer);
			const rawBody = Buffer.concat(chunks);
			const url = new URL(req.url ?? '/', 'http://bridge.local');
			let body: unknown = {};
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				body = rawBody.toString('utf8');
			}
			const out = await this.deliver({
				method: req.method,
				headers: req.headers as Record<string, string>,
				query: Object.fromEntries(url.searchParams),
				body,
				rawBody,
			});
			if (out.json) this.executions.push(out.json);
			this.answers.push({ status: out.status, path: url.pathname + url.search });
			res.statusCode = out.status;
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(out.body ?? { message: 'Workflow was started' }));
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.bridgeUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
	}
}

export async function startHarness(): Promise<TriggerHarness> {
	const sim = await startAutotaskSimulator();
	const harness = new TriggerHarness(sim);
	await harness.startBridge();
	// Warm the process as a running n8n is: the first request loads n8n's HTTP client (a
	// synchronous, seconds-long module load in a fresh jest worker) and fills the picklist cache.
	harness.reset(CALLOUT_PARAMS);
	for (const id of [10003, 10002]) {
		await harness.deliver({
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			query: { secret: CALLOUT_SECRET },
			rawBody: Buffer.from(`TicketID=${id}`),
		});
	}
	harness.reset(WEBHOOK_PARAMS);
	return harness;
}
