/**
 * Mocked n8n contexts for node tests. HTTP is real (n8n's own outbound client) and credentials
 * are applied by the package's credential classes, so node tests run against the simulators
 * exactly as they would inside n8n. See test/support/README.md.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	IWebhookFunctions,
	IWorkflowDataProxyData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	applyCredentialDefaults,
	authenticateRequest,
	loadCredentialType,
	runPreAuthentication,
} from './credentials';
import { performRequest, type RecordedRequest } from './http';

/** A parameter value, or a function of the item index for per-item values. */
export type ParameterValue = unknown | ((itemIndex: number) => unknown);

export interface LogEntry {
	level: 'debug' | 'info' | 'warn' | 'error' | 'verbose';
	message: string;
	meta?: unknown;
}

export interface ContextOptions {
	/** Node parameters; dotted paths (`options.reopen`) are resolved; functions are per item. */
	parameters?: Record<string, ParameterValue>;
	/** Input items (execute). Default: one empty item. */
	items?: INodeExecutionData[];
	/** Credential data by credential type name. Mutated when preAuthentication persists data. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Node static data, mutated in place, returned by getWorkflowStaticData('node'). */
	staticData?: IDataObject;
	/** Global static data, returned by getWorkflowStaticData('global'). */
	globalStaticData?: IDataObject;
	continueOnFail?: boolean;
	node?: Partial<INode>;
	mode?: WorkflowExecuteMode;
	activationMode?: WorkflowActivateMode;
	timezone?: string;
	workflow?: { id?: string; name?: string; active?: boolean };
	executionId?: string;
}

export interface WebhookRequestOptions {
	method?: string;
	headers?: Record<string, string | string[] | undefined>;
	query?: IDataObject;
	body?: unknown;
	rawBody?: Buffer;
	params?: IDataObject;
	/**
	 * A body n8n did not read (node version 1.1+, content type it does not parse): no `rawBody`,
	 * and `readRawBody()` reads it, as n8n's request does. An Error makes the read fail.
	 */
	unreadBody?: Buffer | Error;
}

export interface WebhookContextOptions extends ContextOptions {
	request?: WebhookRequestOptions;
	webhookName?: string;
	nodeWebhookUrl?: string;
}

export interface HookContextOptions extends ContextOptions {
	webhookUrl?: string;
	webhookName?: string;
}

/** What a test can inspect after running node code with a mocked context. */
export interface MockState {
	/** Every HTTP request made through the helpers, in order. */
	requests: RecordedRequest[];
	/** Every logger call. */
	logs: LogEntry[];
	/** Everything logged, as one string (assert secrets never appear). */
	loggedText(): string;
	/** Current credential data by type (includes data persisted by preAuthentication). */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Node static data object (same reference as passed in). */
	staticData: IDataObject;
	globalStaticData: IDataObject;
	/** Number of times preAuthentication ran, by credential type. */
	preAuthenticationRuns: Record<string, number>;
	/** Number of `getCredentials` calls that reached the context (n8n decrypts on each), by type. */
	credentialReads: Record<string, number>;
}

/** What the webhook response object recorded. */
export interface MockResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
	ended: boolean;
	status(code: number): MockResponse;
	send(body?: unknown): MockResponse;
	json(body: unknown): MockResponse;
	end(body?: unknown): MockResponse;
	setHeader(name: string, value: string): MockResponse;
	header(name: string, value: string): MockResponse;
}

export type MockExecuteFunctions = IExecuteFunctions & { mock: MockState };
export type MockWebhookFunctions = IWebhookFunctions & {
	mock: MockState & { response: MockResponse };
};
export type MockHookFunctions = IHookFunctions & { mock: MockState };
export type MockLoadOptionsFunctions = ILoadOptionsFunctions & { mock: MockState };

const NO_FALLBACK = Symbol('noFallback');

function buildNode(partial: Partial<INode> | undefined): INode {
	return {
		id: 'test-node-id',
		name: 'Test Node',
		type: 'n8n-nodes-autotask-ilert.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		...partial,
	} as INode;
}

function lookup(parameters: Record<string, ParameterValue>, name: string): unknown {
	if (Object.prototype.hasOwnProperty.call(parameters, name)) return parameters[name];
	let current: unknown = parameters;
	for (const segment of name.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[segment];
	}
	return current;
}

function extractRl(value: unknown): unknown {
	if (value && typeof value === 'object' && (value as IDataObject).__rl === true) {
		return (value as IDataObject).value;
	}
	return value;
}

/** Returns a fresh clone so node code cannot mutate the test's parameter objects. */
function clone<T>(value: T): T {
	if (value === undefined || value === null || typeof value !== 'object') return value;
	if (Buffer.isBuffer(value)) return value;
	return structuredClone(value);
}

function createBase(options: ContextOptions) {
	const node = buildNode(options.node);
	const parameters = options.parameters ?? {};
	const credentialStore: Record<string, ICredentialDataDecryptedObject> = options.credentials ?? {};
	const staticData = options.staticData ?? {};
	const globalStaticData = options.globalStaticData ?? {};
	const requests: RecordedRequest[] = [];
	const logs: LogEntry[] = [];
	const preAuthenticationRuns: Record<string, number> = {};
	const credentialReads: Record<string, number> = {};

	const mock: MockState = {
		requests,
		logs,
		loggedText: () => JSON.stringify(logs),
		credentials: credentialStore,
		staticData,
		globalStaticData,
		preAuthenticationRuns,
		credentialReads,
	};

	const log = (level: LogEntry['level']) => (message: string, meta?: unknown) => {
		logs.push({ level, message, meta });
	};
	const logger = {
		debug: log('debug'),
		info: log('info'),
		warn: log('warn'),
		error: log('error'),
		verbose: log('verbose'),
	};

	const getParameter = (name: string, itemIndex: number, fallback: unknown, opts?: IDataObject) => {
		let value = lookup(parameters, name);
		if (typeof value === 'function') value = (value as (i: number) => unknown)(itemIndex);
		if (value === undefined) {
			if (fallback !== NO_FALLBACK) return fallback;
			throw new NodeOperationError(node, `Could not get parameter "${name}"`, { itemIndex });
		}
		if (opts?.extractValue) value = extractRl(value);
		return clone(value);
	};

	const getCredentials = async (type: string): Promise<ICredentialDataDecryptedObject> => {
		credentialReads[type] = (credentialReads[type] ?? 0) + 1;
		const data = credentialStore[type];
		if (data === undefined) {
			throw new NodeOperationError(
				node,
				`Node "${node.name}" does not have any credentials of type "${type}" set`,
			);
		}
		return applyCredentialDefaults(loadCredentialType(type), data);
	};

	const httpRequest = async (requestOptions: IHttpRequestOptions) =>
		await performRequest(requestOptions, requests);

	const preAuthenticate = async (
		type: string,
		credentials: ICredentialDataDecryptedObject,
		expired: boolean,
	): Promise<void> => {
		const output = await runPreAuthentication(type, credentials, httpRequest, { expired });
		if (output === undefined) return;
		preAuthenticationRuns[type] = (preAuthenticationRuns[type] ?? 0) + 1;
		// n8n persists the output into the stored credential and uses it right away.
		Object.assign(credentials, output);
		credentialStore[type] = {
			...credentialStore[type],
			...(output as ICredentialDataDecryptedObject),
		};
	};

	// As in n8n-core, the credential comes from `this.getCredentials` (the context the helper is called on).
	const httpRequestWithAuthentication = async function (
		this: { getCredentials?: typeof getCredentials } | undefined,
		type: string,
		requestOptions: IHttpRequestOptions,
	) {
		let credentials: ICredentialDataDecryptedObject | undefined;
		try {
			credentials = await (this?.getCredentials ?? getCredentials)(type);
			await preAuthenticate(type, credentials, false);
			const authenticated = await authenticateRequest(type, credentials, requestOptions);
			return await performRequest(authenticated, requests, type);
		} catch (error) {
			const status = (error as { response?: { status?: number } }).response?.status;
			if (
				status === 401 &&
				credentials !== undefined &&
				loadCredentialType(type).preAuthentication
			) {
				try {
					await preAuthenticate(type, credentials, true);
					const authenticated = await authenticateRequest(type, credentials, requestOptions);
					return await performRequest(authenticated, requests, type);
				} catch (retryError) {
					throw new NodeApiError(node, retryError as never);
				}
			}
			if (error instanceof NodeOperationError || error instanceof NodeApiError) throw error;
			throw new NodeApiError(node, error as never);
		}
	};

	const helpers = {
		httpRequest,
		httpRequestWithAuthentication,
		returnJsonArray(jsonData: IDataObject | IDataObject[]): INodeExecutionData[] {
			const list = Array.isArray(jsonData) ? jsonData : [jsonData];
			return list.map((data) =>
				(data as IDataObject)?.json
					? ({ ...data, json: (data as IDataObject).json } as INodeExecutionData)
					: { json: data },
			);
		},
		constructExecutionMetaData(
			inputData: INodeExecutionData[],
			opts: { itemData: INodeExecutionData['pairedItem'] },
		): INodeExecutionData[] {
			return inputData.map((data) => {
				const { json, ...rest } = data;
				return { json, pairedItem: opts.itemData, ...rest } as INodeExecutionData;
			});
		},
	};

	const base = {
		mock,
		logger,
		helpers,
		getNode: () => node,
		getCredentials,
		continueOnFail: () => options.continueOnFail === true,
		getMode: () => options.mode ?? 'manual',
		getActivationMode: () => options.activationMode ?? 'activate',
		getTimezone: () => options.timezone ?? 'UTC',
		getInstanceId: () => 'test-instance',
		getExecutionId: () => options.executionId ?? 'test-execution',
		getWorkflow: () => ({
			id: options.workflow?.id ?? 'test-workflow',
			name: options.workflow?.name ?? 'Test Workflow',
			active: options.workflow?.active ?? true,
		}),
		getWorkflowStaticData: (type: string) => (type === 'global' ? globalStaticData : staticData),
		getRestApiUrl: () => 'http://localhost:5678/rest',
		getInstanceBaseUrl: () => 'http://localhost:5678/',
		getSignalExecutionCancelSignal: () => undefined,
		getExecutionCancelSignal: () => undefined,
		onExecutionCancellation: () => undefined,
		sendMessageToUI: () => undefined,
	};
	return { base, getParameter, node };
}

/** An `IExecuteFunctions` for `execute()`. */
export function createExecuteContext(options: ContextOptions = {}): MockExecuteFunctions {
	const { base, getParameter } = createBase(options);
	const items = options.items ?? [{ json: {} }];
	const ctx = {
		...base,
		getInputData: () => items,
		getNodeParameter: (
			name: string,
			itemIndex: number,
			fallback: unknown = NO_FALLBACK,
			opts?: IDataObject,
		) => getParameter(name, itemIndex, fallback, opts),
		evaluateExpression: (expression: string) => expression,
		getWorkflowDataProxy: () => ({}) as IWorkflowDataProxyData,
	};
	return ctx as unknown as MockExecuteFunctions;
}

function singleItemParameter(
	getParameter: (n: string, i: number, f: unknown, o?: IDataObject) => unknown,
) {
	return (name: string, fallback: unknown = NO_FALLBACK, opts?: IDataObject) =>
		getParameter(name, 0, fallback, opts);
}

function normaliseHeaders(
	headers: WebhookRequestOptions['headers'],
): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [k, v] of Object.entries(headers ?? {})) {
		if (v !== undefined) out[k.toLowerCase()] = v;
	}
	return out;
}

function createResponse(): MockResponse {
	const response: MockResponse = {
		statusCode: 200,
		headers: {},
		body: undefined,
		ended: false,
		status(code) {
			response.statusCode = code;
			return response;
		},
		send(body) {
			response.body = body;
			response.ended = true;
			return response;
		},
		json(body) {
			response.headers['content-type'] = 'application/json';
			response.body = body;
			response.ended = true;
			return response;
		},
		end(body) {
			if (body !== undefined) response.body = body;
			response.ended = true;
			return response;
		},
		setHeader(name, value) {
			response.headers[name.toLowerCase()] = value;
			return response;
		},
		header(name, value) {
			return response.setHeader(name, value);
		},
	};
	return response;
}

/** An `IWebhookFunctions` for `webhook()`. `rawBody` defaults to the JSON of `body`. */
export function createWebhookContext(options: WebhookContextOptions = {}): MockWebhookFunctions {
	const { base, getParameter } = createBase({ mode: 'webhook', ...options });
	const req = options.request ?? {};
	const body = req.body ?? {};
	const rawBody =
		req.unreadBody !== undefined
			? undefined
			: (req.rawBody ??
				Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8'));
	const headers = normaliseHeaders(req.headers);
	const request: Record<string, unknown> = {
		method: (req.method ?? 'POST').toUpperCase(),
		headers,
		query: req.query ?? {},
		body,
		rawBody,
		params: req.params ?? {},
		url: '/webhook',
		readRawBody: async () => {
			if (req.unreadBody instanceof Error) throw req.unreadBody;
			if (request.rawBody === undefined) request.rawBody = req.unreadBody;
		},
	};
	const response = createResponse();
	const webhookName = options.webhookName ?? 'default';
	const ctx = {
		...base,
		mock: { ...base.mock, response },
		getNodeParameter: singleItemParameter(getParameter),
		getRequestObject: () => request,
		getResponseObject: () => response,
		getBodyData: () => body,
		getHeaderData: () => headers,
		getQueryData: () => request.query,
		getParamsData: () => request.params,
		getWebhookName: () => webhookName,
		getNodeWebhookUrl: () =>
			options.nodeWebhookUrl ?? 'http://localhost:5678/webhook/test-webhook-id/webhook',
		getInputConnectionData: async () => undefined,
	};
	return ctx as unknown as MockWebhookFunctions;
}

/** An `IHookFunctions` for `webhookMethods` (`checkExists`, `create`, `delete`). */
export function createHookContext(options: HookContextOptions = {}): MockHookFunctions {
	const { base, getParameter } = createBase({ mode: 'trigger', ...options });
	const webhookName = options.webhookName ?? 'default';
	const ctx = {
		...base,
		getNodeParameter: singleItemParameter(getParameter),
		getNodeWebhookUrl: () =>
			options.webhookUrl ?? 'http://localhost:5678/webhook/test-webhook-id/webhook',
		getWebhookName: () => webhookName,
		getWebhookDescription: () => ({ name: webhookName, httpMethod: 'POST', path: 'webhook' }),
	};
	return ctx as unknown as MockHookFunctions;
}

/** An `ILoadOptionsFunctions` for `methods.loadOptions` / `listSearch`. */
export function createLoadOptionsContext(options: ContextOptions = {}): MockLoadOptionsFunctions {
	const { base, getParameter } = createBase(options);
	const parameters = options.parameters ?? {};
	const ctx = {
		...base,
		getNodeParameter: singleItemParameter(getParameter),
		getCurrentNodeParameter: (name: string, opts?: IDataObject) => {
			const value = getParameter(name, 0, undefined, opts);
			return value;
		},
		getCurrentNodeParameters: () => clone(parameters) as IDataObject,
	};
	return ctx as unknown as MockLoadOptionsFunctions;
}
