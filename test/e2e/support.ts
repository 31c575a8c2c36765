/**
 * Shared pieces of the end-to-end stories: simulators, the credentials that point at them,
 * template loading, HTTP helpers and readers of n8n execution data.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { e2eMode, startN8n as startRegularN8n, useQueueCluster } from '../n8n';
import type { E2eMode, N8nExecution, N8nInstance, StartOptions } from '../n8n';
import { startAutotaskSimulator, startIlertSimulator } from '../simulators';
import type { AutotaskSimulator, IlertSimulator } from '../simulators';

export const PKG = 'n8n-nodes-autotask-ilert';
export const ROOT = path.resolve(__dirname, '..', '..');

export const CREDENTIAL_IDS = {
	autotask: 'atE2eCredential1',
	ilertApi: 'ilE2eApiKeyCred1',
	ilertSource: 'ilE2eSourceCred1',
	callout: 'atE2eCalloutCred',
} as const;

export const CREDENTIAL_NAMES = {
	// The names n8n gives a new credential of each type, which the templates reference.
	autotask: 'Autotask-Ilert: Autotask account',
	ilertApi: 'Autotask-Ilert: Ilert account',
	ilertSource: 'Autotask-Ilert: Ilert Alert Source account',
	callout: 'Autotask Extension Callout account',
} as const;

/** The Autotask Extension Callout credential of the stories: the URL secret, Basic optional on top. */
export const CALLOUT_SECRETS = {
	urlSecret: 'e2e-callout-url-secret-0123456789abcdef',
	username: 'autotask',
	password: 'example-callout-password-xxxx',
} as const;

/** E2E_MODE: `regular` (one n8n per file) or `queue` (the run's queue-mode cluster). `npm test` runs both. */
export const E2E_MODE: E2eMode = e2eMode();

/**
 * The n8n a test file runs its stories in, by E2E_MODE. In queue mode, `webhookBase` is the
 * round-robin proxy in front of the webhook processors and `api` is main's REST API; `stop()`
 * removes this file's workflows and credentials from the shared cluster.
 */
export function startN8n(options: StartOptions = {}): Promise<N8nInstance> {
	return E2E_MODE === 'queue' ? useQueueCluster(options) : startRegularN8n(options);
}

export interface Simulators {
	autotask: AutotaskSimulator;
	ilert: IlertSimulator;
	close(): Promise<void>;
}

export async function startSimulators(): Promise<Simulators> {
	const autotask = await startAutotaskSimulator();
	const ilert = await startIlertSimulator();
	return {
		autotask,
		ilert,
		close: async () => {
			await Promise.all([autotask.close(), ilert.close()]);
		},
	};
}

/** n8n credential exports (plain data; `n8n import:credentials` encrypts them) pointing at the simulators. */
export function simulatorCredentials(sims: Simulators) {
	const at = sims.autotask.credentials;
	return [
		{
			id: CREDENTIAL_IDS.autotask,
			name: CREDENTIAL_NAMES.autotask,
			type: 'autotaskIlertAutotaskApi',
			data: {
				username: at.username,
				secret: at.secret,
				integrationCodeSecret: at.integrationCode,
				zone: 'custom',
				customBaseUrl: `${sims.autotask.url}/atservicesrest`,
				customWebUrl: `${sims.autotask.url}/`,
				maxRetryWaitSeconds: 5,
			},
		},
		{
			id: CREDENTIAL_IDS.ilertApi,
			name: CREDENTIAL_NAMES.ilertApi,
			type: 'autotaskIlertIlertApi',
			data: {
				apiKey: sims.ilert.credentials.apiKey,
				baseUrl: sims.ilert.url,
				maxRetryWaitSeconds: 5,
			},
		},
		{
			id: CREDENTIAL_IDS.ilertSource,
			name: CREDENTIAL_NAMES.ilertSource,
			type: 'autotaskIlertIlertAlertSourceApi',
			data: {
				integrationApiKey: sims.ilert.credentials.integrationKey,
				baseUrl: sims.ilert.url,
				maxRetryWaitSeconds: 5,
			},
		},
		{
			id: CREDENTIAL_IDS.callout,
			name: CREDENTIAL_NAMES.callout,
			type: 'autotaskIlertCalloutApi',
			data: { ...CALLOUT_SECRETS, requireBasicAuth: false },
		},
	];
}

/** A template from workflows/, as shipped. */
export function loadTemplate(file: string): Record<string, any> {
	return JSON.parse(readFileSync(path.join(ROOT, 'workflows', file), 'utf8'));
}

/** The templates' credential placeholders and the test credentials a user would pick for them. */
export const CREDENTIAL_PLACEHOLDERS: Readonly<Record<string, string>> = {
	REPLACE_WITH_AUTOTASK_CREDENTIAL_ID: CREDENTIAL_IDS.autotask,
	REPLACE_WITH_ILERT_API_CREDENTIAL_ID: CREDENTIAL_IDS.ilertApi,
	REPLACE_WITH_ILERT_ALERT_SOURCE_CREDENTIAL_ID: CREDENTIAL_IDS.ilertSource,
	REPLACE_WITH_CALLOUT_CREDENTIAL_ID: CREDENTIAL_IDS.callout,
};

/**
 * A template as a user sets it up after import: the credentials selected, the alert source picked
 * wherever the template asks for it. `sweepEvery` sets the reconcile sweep's schedule (the template
 * says every 5 minutes): a test that counts the executions its requests start moves it to once a
 * day, the convergence test to every few seconds.
 */
export function preparedTemplate(
	file: string,
	id: string,
	alertSourceId: number,
	options: { sweepEvery?: { field: 'seconds' | 'minutes' | 'hours'; interval: number } } = {},
): Record<string, any> {
	const wf = loadTemplate(file);
	// Templates reference credentials, they never embed them.
	if (/apiKey|integrationApiKey|"secret"|urlSecret/.test(JSON.stringify(wf)))
		throw new Error(`${file} embeds a secret`);
	const source = String(alertSourceId);
	for (const node of wf.nodes) {
		for (const cred of Object.values<Record<string, string>>(node.credentials ?? {})) {
			const picked = CREDENTIAL_PLACEHOLDERS[cred.id];
			if (picked === undefined)
				throw new Error(`${file}: node "${node.name}" references an unknown credential ${cred.id}`);
			cred.id = picked;
		}
		if (node.type.endsWith('.ticketLifecycle') && node.parameters.alertState !== 'input')
			node.parameters.alertSourceId = source;
		if (node.type.endsWith('.ilert') && node.parameters.checkOpenAlert)
			node.parameters.alertSourceId = source;
		if (node.type.endsWith('.ilertTrigger')) node.parameters.alertSources = [source];
		if (node.type.endsWith('.autotask') && node.parameters.operation === 'getToReconcile')
			node.parameters.alertSourceId = source;
		if (node.type === 'n8n-nodes-base.scheduleTrigger' && options.sweepEvery) {
			const { field, interval } = options.sweepEvery;
			node.parameters.rule = { interval: [{ field, [`${field}Interval`]: interval }] };
		}
	}
	return { ...wf, id, active: false };
}

export interface HttpAnswer {
	status: number;
	text: string;
	json: any;
}

export async function post(
	url: string,
	body: string | Record<string, unknown>,
	headers: Record<string, string> = {},
): Promise<HttpAnswer> {
	const isText = typeof body === 'string';
	const res = await fetch(url, {
		method: 'POST',
		headers: {
			'content-type': isText ? 'application/x-www-form-urlencoded' : 'application/json',
			...headers,
		},
		body: isText ? body : JSON.stringify(body),
	});
	const text = await res.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, text, json };
}

export function basicAuth(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value. */
export async function eventually<T>(
	check: () => T | Promise<T>,
	what: string,
	timeoutMs = 30000,
): Promise<T> {
	const until = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value) return value;
		} catch (error) {
			last = error;
		}
		if (Date.now() > until)
			throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
		await sleep(200);
	}
}

export interface NodeRun {
	/** One array of items per output. */
	outputs: Array<Array<{ json: Record<string, any>; pairedItem?: any }>>;
	error?: any;
}

/** The runs of one node in an execution (with data). */
export function nodeRuns(execution: N8nExecution, nodeName: string): NodeRun[] {
	const runs = execution.data?.resultData.runData[nodeName] ?? [];
	return runs.map((r) => ({ outputs: (r.data?.main ?? []).map((o) => o ?? []), error: r.error }));
}

/** All items a node emitted on each output, over all its runs. */
export function nodeOutputs(execution: N8nExecution, nodeName: string) {
	const merged: Array<Array<{ json: Record<string, any>; pairedItem?: any }>> = [];
	for (const run of nodeRuns(execution, nodeName)) {
		run.outputs.forEach((items, i) => {
			merged[i] = [...(merged[i] ?? []), ...items];
		});
	}
	return merged;
}

/** Ticket Lifecycle outputs, by name. */
export const LIFECYCLE_OUTPUTS = ['create', 'accept', 'resolve', 'reject', 'unchanged'] as const;

/** A ticket as the Autotask Trigger emits it (CONTRIBUTING.md item shape). */
export function triggerItem(
	event: 'created' | 'updated' | 'deleted',
	ticket: {
		id: number;
		status: readonly [number, string];
		priority?: readonly [number, string];
		title?: string;
	},
): Record<string, unknown> {
	const [statusId, statusLabel] = ticket.status;
	const [priorityId, priorityLabel] = ticket.priority ?? [4, 'Critical'];
	return {
		event,
		eventReason: `ticket ${event} in Autotask`,
		ticket: {
			id: ticket.id,
			number: `T20261128.${String(ticket.id).slice(-4)}`,
			title: ticket.title ?? `Story ticket ${ticket.id}`,
			description: 'Created by the end-to-end story',
			status: { id: statusId, label: statusLabel },
			priority: { id: priorityId, label: priorityLabel },
			queue: { id: 8, label: 'Monitoring Alert' },
			company: { id: 174, name: 'Example Company' },
			contact: { id: null },
			assignedResource: { id: null, roleId: null },
			createDate: new Date().toISOString(),
			lastActivityDate: new Date().toISOString(),
			dueDateTime: null,
			completedDate: null,
			webUrl: null,
		},
		source: 'callout',
		receivedAt: new Date().toISOString(),
		enriched: true,
		raw: { ticketId: String(ticket.id) },
	};
}

export const STATUS = {
	new: [1, 'New'],
	complete: [5, 'Complete'],
	waitingCustomer: [7, 'Waiting Customer'],
	inProgress: [8, 'In Progress'],
	waitingMaterials: [9, 'Waiting Materials'],
	dispatched: [10, 'Dispatched'],
	escalate: [11, 'Escalate'],
	waitingVendor: [12, 'Waiting Vendor'],
	waitingApproval: [13, 'Waiting Approval'],
	denied: [14, 'Denied'],
	scheduled: [15, 'Scheduled'],
	waitingDispatch: [16, 'Waiting Dispatch'],
	approved: [17, 'Approved'],
	customerNoteAdded: [18, 'Customer Note Added'],
} as const satisfies Record<string, readonly [number, string]>;
