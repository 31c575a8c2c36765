// Types of the Autotask and ilert simulators (CommonJS implementations in this folder).

export interface LoggedRequest {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** Request headers (lower-case names); Secret, Authorization, ApiIntegrationCode masked as `***<last 4>`. */
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON body, the raw text when it was not JSON, undefined when empty. */
	body: unknown;
	/** Status answered (0 while the request is still in flight). */
	status: number;
	at: string;
	/**
	 * Autotask `.../query`, `.../query/count`, `.../query/next`: the spelling the client used for each
	 * QueryModel property, keyed by the swagger model's name, e.g. `{ filter: 'filter', maxRecords:
	 * 'MaxRecords' }`. Binding is case-insensitive (ASP.NET); the swagger's model writes
	 * `filter`/`includeFields`/`maxRecords`, its example `Filter`/`IncludeFields`/`MaxRecords`.
	 */
	queryModel?: { filter?: string; includeFields?: string; maxRecords?: string };
}

export interface FaultSpec {
	/** HTTP method to match (any when omitted). */
	method?: string;
	/** RegExp, or a string matched case-insensitively as a substring of the path (or `{ regex, flags }` over the admin API). */
	path?: RegExp | string | { regex: string; flags?: string };
	/** Status to answer instead of the simulator. Omit for a pure delay. */
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** How many times the fault fires (default: unlimited). */
	times?: number;
	/** Delay before answering (holds an Autotask thread slot meanwhile). */
	delayMs?: number;
	/**
	 * 0..1, sampled with the simulator's seeded RNG (`seed` option). Probabilistic faults that
	 * match one request share one draw and stack: 429 at 0.2 plus 500 at 0.05 = 20 % and 5 %.
	 */
	probability?: number;
	/** Autotask: answer the thread-threshold error body (status defaults to 429; any status allowed). */
	threadLimit?: boolean;
}

export interface Faults {
	add(spec: FaultSpec): number;
	remove(id: number): void;
	clear(): void;
	list(): Array<FaultSpec & { id: number; fired: number }>;
}

interface SimulatorBase<TSnapshot> {
	/** `http://127.0.0.1:<port>` */
	url: string;
	port: number;
	/** Base of the API (`<url>/atservicesrest/v1.0` or `<url>/api`). */
	apiUrl: string;
	requests: LoggedRequest[];
	clearRequests(): void;
	faults: Faults;
	/** Reset all state (seed data), request log, deliveries and faults. */
	reset(): void;
	close(): Promise<void>;
	snapshot(): TSnapshot;
	/** Resolves when every queued outbound delivery (webhooks / alert actions) has finished. */
	waitForDeliveries(): Promise<void>;
}

/* ----------------------------------------------------------------- Autotask */

export interface AutotaskApiUser {
	username: string;
	secret: string;
	integrationCode: string;
	resourceId: number;
}

export interface AutotaskPicklistValue {
	value: string;
	label: string;
	isDefaultValue: boolean;
	sortOrder: number;
	parentValue: string;
	isActive: boolean;
	isSystem: boolean;
}

export type AutotaskTicket = Record<string, unknown> & {
	id: number;
	ticketNumber: string | null;
	title: string | null;
	status: number | null;
	priority: number | null;
	queueID: number | null;
	companyID: number | null;
	assignedResourceID: number | null;
	lastActivityDate: string | null;
	lastActivityResourceID: number | null;
	userDefinedFields: Array<{ name: string; value: string | null }>;
};

export interface AutotaskWebhookEnvelope {
	Action: 'Create' | 'Update' | 'Delete' | 'Deactivated';
	Guid: string;
	EntityType: 'Ticket';
	Id: number;
	Fields: Record<string, string | null>;
	EventTime: string;
	SequenceNumber: number;
	PersonID: number;
}

export interface AutotaskDelivery {
	/**
	 * webhook / deactivation: one attempt; skipped: excluded resource; dropped: the webhook was
	 * inactive when the payload's turn came; callout: one Extension Callout attempt.
	 */
	kind: 'webhook' | 'deactivation' | 'skipped' | 'dropped' | 'callout';
	webhookId?: number;
	url?: string;
	action: string;
	ticketId: number;
	sequenceNumber?: number;
	attempt?: number;
	status?: number;
	ok?: boolean;
	error?: string;
	/** Exact body bytes sent. */
	body?: string;
	/** The text the signature covers when it is not `body` (signatureOver 'dotnet-escaped'). */
	signedBody?: string;
	/** `sha1=<base64>` sent in X-Hook-Signature (absent without secretKey). */
	signature?: string;
	reason?: 'excluded-resource' | 'webhook-inactive';
	personId?: number;
	/* callouts */
	calloutId?: number;
	ruleId?: number;
	event?: 'created' | 'edited';
	method?: 'POST' | 'GET';
	contentType?: string;
	/** Whether an Authorization: Basic header was sent (preemptively or after a 401 challenge). */
	authSent?: boolean;
	/** The receiver's answer body (first 2000 characters). */
	response?: string;
	at: string;
}

export interface AutotaskExtensionCalloutSpec {
	/** The callout's URL (a secret may sit in its path or query, as ilert's own setup does). */
	url: string;
	name?: string;
	active?: boolean;
	/** Sent as HTTP Basic (see calloutBasicAuth); undocumented how Autotask sends them. */
	username?: string;
	password?: string;
	/** Ticket UDF name: the callout runs only for tickets with a value in it. */
	udf?: string;
	/** HTTP Transport Method (default POST). */
	method?: 'POST' | 'GET';
	/** Data Format: 'nameValuePair' (form body, or query for GET; default) or 'xml'. */
	dataFormat?: 'nameValuePair' | 'xml';
	/** Body keys -> ticket fields (undocumented; default `{ TicketID: 'id', TicketNumber: 'ticketNumber' }`). */
	fields?: Record<string, string>;
	/**
	 * The workflow rule that executes it: default one rule "Created by Anyone + Edited by Anyone"
	 * (ilert's recipe); an object customises it; false creates none (add one with addWorkflowRule).
	 */
	workflowRule?: false | Omit<AutotaskWorkflowRuleSpec, 'calloutId'>;
}

export interface AutotaskWorkflowRuleSpec {
	calloutId: number;
	name?: string;
	active?: boolean;
	/** Default both. 'edited' = any change of a ticket field (notes do not count). */
	events?: Array<'created' | 'edited'>;
	/** Conditions on the ticket after the change, in the query-filter shape (all must hold). */
	conditions?: Array<Record<string, unknown>>;
	/** Default true: changes made through the REST API fire the rule too ("by Anyone"). */
	firesOnApiChanges?: boolean;
}

export interface AutotaskExtensionCallout {
	id: number;
	name: string;
	active: boolean;
	url: string;
	username: string | null;
	/** '***' when set. */
	password: string | null;
	udf: string | null;
	method: 'POST' | 'GET';
	dataFormat: 'nameValuePair' | 'xml';
	fields: Record<string, string>;
	workflowRules: AutotaskWorkflowRule[];
}

export interface AutotaskWorkflowRule {
	id: number;
	name: string;
	active: boolean;
	calloutId: number;
	events: Array<'created' | 'edited'>;
	conditions: Array<Record<string, unknown>>;
	firesOnApiChanges: boolean;
}

export interface AutotaskWebhookRecord {
	id: number;
	name: string;
	webhookUrl: string;
	deactivationUrl: string;
	isActive: boolean;
	isReady: boolean;
	isSubscribedToCreateEvents: boolean;
	isSubscribedToUpdateEvents: boolean;
	isSubscribedToDeleteEvents: boolean;
	secretKey: string | null;
	notificationEmailAddress: string | null;
	sendThresholdExceededNotification: boolean;
	ownerResourceID: number;
	webhookGUID: string;
	sequence: number;
	consecutiveFailures: number;
}

export interface AutotaskState {
	users: AutotaskApiUser[];
	resources: Array<Record<string, unknown> & { id: number; email: string; isActive: boolean }>;
	companies: Array<Record<string, unknown> & { id: number; companyName: string }>;
	contacts: Array<Record<string, unknown> & { id: number }>;
	tickets: Map<number, AutotaskTicket>;
	notes: Array<
		Record<string, unknown> & {
			id: number;
			ticketID: number;
			title: string | null;
			description: string;
			noteType: number;
			publish: number;
			creatorResourceID: number;
		}
	>;
	webhooks: AutotaskWebhookRecord[];
	webhookFields: Array<{
		id: number;
		webhookID: number;
		fieldID: number;
		isSubscribedField: boolean;
		isDisplayAlwaysField: boolean;
	}>;
	excludedResources: Array<{ id: number; webhookID: number; resourceID: number }>;
	locations: Array<Record<string, unknown> & { id: number; name: string }>;
	holidaySets: Array<{ id: number; holidaySetName: string; holidaySetDescription: string }>;
	holidays: Array<{ id: number; holidayDate: string; holidayName: string; holidaySetID: number }>;
	picklists: Record<string, Record<string, AutotaskPicklistValue[]>>;
	requestCount: number;
	/** via: 'ui' = admin API (a person in the Autotask UI), 'api' = the REST API. */
	events: Array<{
		action: string;
		ticketId: number;
		changedFields: string[];
		actor: number;
		via: 'ui' | 'api';
		at: string;
	}>;
	callouts: Array<Omit<AutotaskExtensionCallout, 'workflowRules'>>;
	workflowRules: AutotaskWorkflowRule[];
}

export interface AutotaskSimulatorOptions {
	port?: number;
	host?: string;
	/** Extra API users (the default one is always present). */
	users?: AutotaskApiUser[];
	/** Replace the seeded tickets. */
	tickets?: Array<Partial<AutotaskTicket> & { id: number }>;
	/**
	 * Seed the three pre-aged tickets 10001..10003 (default true; created an hour / a day before
	 * start). Stories should create their own tickets (createTicket) or start with false.
	 */
	seedTickets?: boolean;
	resources?: AutotaskState['resources'];
	companies?: AutotaskState['companies'];
	contacts?: AutotaskState['contacts'];
	locations?: AutotaskState['locations'];
	holidaySets?: AutotaskState['holidaySets'];
	holidays?: AutotaskState['holidays'];
	/** Override picklists per entity and field, e.g. `{ Tickets: { status: [...] } }`. */
	picklists?: Record<
		string,
		Record<string, Array<Partial<AutotaskPicklistValue> & { value: string; label: string }>>
	>;
	zoneName?: string;
	ci?: number;
	/** Concurrent requests per endpoint and integration code (default 3). */
	threadLimit?: number;
	/** Status of the thread-limit answer (default 429; Autotask sometimes uses others). */
	threadLimitStatus?: number;
	/** Latency added to every authenticated API request (default 0). */
	latencyMs?: number;
	/** Latency of POST TicketWebhooks/{id}/Fields (default 25 ms, makes the thread limit observable). */
	webhookFieldLatencyMs?: number;
	/** 'plain' = JSON.stringify; 'dotnet' = .NET escaping (non-ASCII and & < > ' + ` " as \uXXXX). */
	bodyStyle?: 'plain' | 'dotnet';
	/**
	 * What X-Hook-Signature covers: 'body' (the bytes sent, default, the official wording) or
	 * 'dotnet-escaped' (the .NET-escaped re-serialisation, whatever bodyStyle sends; fidelity B6/B7).
	 */
	signatureOver?: 'body' | 'dotnet-escaped';
	/** Per attempt (default 10000, documented). */
	deliveryTimeoutMs?: number;
	/** Attempts per payload (default 5, documented: "5 attempts within 2 minutes"). */
	deliveryAttempts?: number;
	/** Wait before re-sending (default 30000, documented). Tests may scale it down explicitly. */
	deliveryRetryDelayMs?: number;
	/** Short name of deliveryRetryDelayMs. */
	retryDelayMs?: number;
	/** Ordered queue per webhook and event type ('per-type', default: "same callout and type") or per webhook. */
	deliveryOrder?: 'per-type' | 'per-webhook';
	/** Extension callouts: attempts per event (default 1: Autotask documents no re-send). */
	calloutAttempts?: number;
	calloutRetryDelayMs?: number;
	/** Default 100000 (.NET's HttpWebRequest default; Autotask documents none). */
	calloutTimeoutMs?: number;
	/** Delay between the ticket change and the callout (default 0; Autotask: rules "usually fire within 5 minutes"). */
	calloutDelayMs?: number;
	/** How callout Username/Password travel: Basic preemptively (default), only after a 401 Basic challenge, or never. */
	calloutBasicAuth?: 'preemptive' | 'challenge' | 'none';
	/** Consecutive failed attempts before the webhook is deactivated (default 25). */
	deactivateAfterFailures?: number;
	maxWebhooks?: number;
	requestThreshold?: number;
	/** RNG seed for probabilistic faults. */
	seed?: number;
	/** Some zones answer 405 to a GET of nextPageUrl when the query used includeFields (POST works). */
	nextPageGet405WithIncludeFields?: boolean;
	/** Resource acting for admin-API ticket changes (default 29682886, Jane Tech). */
	adminResourceId?: number;
}

export interface TicketChangeResult {
	id?: number;
	ticket?: AutotaskTicket;
	changed?: string[];
	errors?: string[];
	notFound?: boolean;
}

export interface AutotaskSnapshot {
	tickets: AutotaskTicket[];
	notes: AutotaskState['notes'];
	/** Webhooks as the API shows them (secretKey null) plus delivery counters. */
	webhooks: Array<Omit<AutotaskWebhookRecord, 'sequence'> & { sequenceNumber: number }>;
	webhookFields: AutotaskState['webhookFields'];
	excludedResources: AutotaskState['excludedResources'];
	events: AutotaskState['events'];
	deliveries: AutotaskDelivery[];
	requestCount: number;
	picklists: AutotaskState['picklists'];
	extensionCallouts: AutotaskExtensionCallout[];
	workflowRules: AutotaskWorkflowRule[];
	/** The simulator clock at the snapshot. */
	now: string;
}

export interface AutotaskSimulator extends SimulatorBase<AutotaskSnapshot> {
	readonly state: AutotaskState;
	deliveries: AutotaskDelivery[];
	/** The seeded default API user (username, secret, integrationCode, resourceId). */
	credentials: AutotaskApiUser;
	readonly options: Record<string, unknown>;
	setOptions(
		o: Partial<
			Pick<
				AutotaskSimulatorOptions,
				| 'bodyStyle'
				| 'signatureOver'
				| 'threadLimit'
				| 'threadLimitStatus'
				| 'latencyMs'
				| 'webhookFieldLatencyMs'
				| 'deliveryAttempts'
				| 'deliveryRetryDelayMs'
				| 'retryDelayMs'
				| 'deliveryTimeoutMs'
				| 'deactivateAfterFailures'
				| 'deliveryOrder'
				| 'calloutAttempts'
				| 'calloutRetryDelayMs'
				| 'calloutTimeoutMs'
				| 'calloutDelayMs'
				| 'calloutBasicAuth'
				| 'adminResourceId'
				| 'nextPageGet405WithIncludeFields'
			>
		>,
	): void;
	/**
	 * Create/update/delete a ticket as a person in the Autotask UI would: fires REST webhooks and
	 * the workflow rules' Extension Callouts (fire: false fires nothing). A ticket is created NOW
	 * (createDate = lastActivityDate = now()); `createdAt` backdates it for stories that ask.
	 * Every edit that changes a field sets lastActivityDate = now().
	 */
	createTicket(
		fields: Record<string, unknown>,
		o?: { resourceId?: number; fire?: boolean; createdAt?: string | number },
	): TicketChangeResult;
	updateTicket(
		id: number,
		changes: Record<string, unknown>,
		o?: { resourceId?: number; fire?: boolean },
	): TicketChangeResult;
	deleteTicket(id: number, o?: { resourceId?: number; fire?: boolean }): TicketChangeResult;
	/** Configure an Extension Callout (and by default its workflow rule "Created/Edited by Anyone"). */
	addExtensionCallout(spec: AutotaskExtensionCalloutSpec): AutotaskExtensionCallout;
	addWorkflowRule(spec: AutotaskWorkflowRuleSpec): AutotaskWorkflowRule;
	extensionCallouts(): AutotaskExtensionCallout[];
	removeExtensionCallout(id: number): boolean;
	setExtensionCalloutActive(id: number, active: boolean): void;
	/** The simulator's clock (real time plus what advanceClock added). */
	now(): Date;
	/** Move the clock forward (ms); returns the new now. reset() sets it back. */
	advanceClock(ms: number): Date;
	getTicket(id: number): AutotaskTicket | undefined;
	setPicklist(
		entity: string,
		field: string,
		values: Array<Partial<AutotaskPicklistValue> & { value: string | number; label: string }>,
	): void;
	renamePicklistValue(entity: string, field: string, value: string | number, label: string): void;
	deactivateWebhook(id: number): void;
	signBody(secretKey: string, body: string): string;
	dotnetJson(value: unknown): string;
}

export function startAutotaskSimulator(opts?: AutotaskSimulatorOptions): Promise<AutotaskSimulator>;

/* ----------------------------------------------------------------- ilert */

export interface IlertUser {
	id: number;
	username: string;
	firstName: string;
	lastName: string;
	email: string;
	role?: string;
	[k: string]: unknown;
}

export interface IlertAlertView {
	id: number;
	summary: string;
	details: string;
	reportTime: string;
	resolvedOn?: string;
	status: 'PENDING' | 'ACCEPTED' | 'RESOLVED';
	alertSource?: Record<string, unknown> & { id: number; name: string };
	escalationPolicy: Record<string, unknown>;
	priority: 'HIGH' | 'LOW';
	alertKey?: string;
	assignedTo?: { id: number };
	images: unknown[];
	links: Array<{ href?: string; text?: string }>;
	responders: Array<{
		user: { id: number; firstName?: string; lastName?: string };
		status: string;
		acceptedAt?: string;
	}>;
	severity?: number;
	labels: Record<string, string>;
	customDetails?: Record<string, unknown>;
	/**
	 * Event log (simulator view only). `logEntryType` here is the simulator's kind, which tells
	 * accept from resolve (AlertAcceptedLogEntry, AlertResolvedLogEntry, AlertReceivedLogEntry, ...);
	 * GET /api/alerts/{id}/log-entries answers the spec's enum (UserResponseLogEntry,
	 * AlertSourceResponseLogEntry for those two). `via`: 'event' | 'api' | 'admin'.
	 */
	log?: Array<{
		id: number;
		timestamp: string;
		logEntryType: string;
		text: string;
		creator?: string;
		via?: string;
	}>;
}

export interface IlertDelivery {
	kind: 'alert-action';
	actionId: string;
	alertId: number;
	eventType: string;
	url: string;
	status: number;
	ok: boolean;
	error?: string;
	body: string;
	at: string;
}

export interface IlertSimulatorOptions {
	port?: number;
	host?: string;
	/** Default: `[{ key: 'il-api-key-example-xxxx', userId: 7 }]`. */
	apiKeys?: Array<{ key: string; userId: number }>;
	users?: IlertUser[];
	escalationPolicies?: Array<
		Record<string, unknown> & { id: number; name: string; escalationRules: unknown[] }
	>;
	alertSources?: Array<{
		id: number;
		name: string;
		integrationType: string;
		integrationKey: string;
		escalationPolicyId: number;
		alertCreation?: string;
		alertPriorityRule?: string;
		active: boolean;
	}>;
	/**
	 * Status for an ACCEPT/RESOLVE (see noOpenAlertEventTypes) whose key has no open alert: default
	 * 400 with `{ status, message, code: 'NO_OPEN_ALERT_WITH_KEY' }` (ilert-go's code; 400 as in ilert's
	 * v1 integrations); a 2xx answers that status without a body (the CLI guide's "still 202").
	 */
	noOpenAlertStatus?: number;
	/** Event types answered with noOpenAlertStatus (default ['ACCEPT', 'RESOLVE']; COMMENT gets 202). */
	noOpenAlertEventTypes?: Array<'ACCEPT' | 'RESOLVE' | 'COMMENT'>;
	/** @deprecated true = noOpenAlertStatus 400 (the default now), false = 202. */
	legacyNoOpenAlert400?: boolean;
	/** autoResolveAlert also fires `alert-resolved` after `alert-auto-resolved` (default false; undocumented). */
	autoResolveAlsoFiresResolved?: boolean;
	/** Events per minute per integration key before 429 (0 = off, default). */
	eventsPerMinute?: number;
	/** REST calls per minute per API key before 429 (0 = off, default). */
	restCallsPerMinute?: number;
	deliveryTimeoutMs?: number;
	/** Base of the `{{alertUrl}}` template variable (default: the simulator URL); the default payload has no URL. */
	uiBaseUrl?: string;
	seed?: number;
}

export interface IlertUserRef {
	userEmail?: string;
	userId?: number;
}

export interface IlertAlertActionView extends Record<string, unknown> {
	id: string;
	name: string;
	connectorType: string;
	alertSources: Array<Record<string, unknown> & { id: number }>;
	triggerMode?: 'AUTOMATIC' | 'MANUAL';
	triggerTypes?: string[];
	params?: {
		webhookUrl?: string;
		bodyTemplate?: string;
		headers?: Array<{ key: string; value: string }>;
	} & Record<string, unknown>;
	createdAt: string;
	updatedAt: string;
}

export interface IlertSnapshot {
	alerts: IlertAlertView[];
	alertSources: Array<
		Record<string, unknown> & { id: number; name: string; integrationKey: string | null }
	>;
	users: IlertUser[];
	alertActions: IlertAlertActionView[];
	/** Events API calls (eventType ALERT/ACCEPT/...) and alert changes (alertId + eventType alert-*). */
	events: Array<{
		eventType: string;
		at: string;
		alertId?: number;
		alertKey?: string;
		sourceId?: number;
	}>;
	deliveries: IlertDelivery[];
}

export interface IlertSimulator extends SimulatorBase<IlertSnapshot> {
	readonly state: Record<string, unknown>;
	deliveries: IlertDelivery[];
	credentials: {
		apiKey: string;
		integrationKey: string;
		secondIntegrationKey: string;
		alertSourceId: number;
	};
	readonly options: Record<string, unknown>;
	setOptions(
		o: Partial<
			Pick<
				IlertSimulatorOptions,
				| 'legacyNoOpenAlert400'
				| 'noOpenAlertStatus'
				| 'noOpenAlertEventTypes'
				| 'autoResolveAlsoFiresResolved'
				| 'eventsPerMinute'
				| 'restCallsPerMinute'
				| 'deliveryTimeoutMs'
			>
		>,
	): void;
	alerts(): IlertAlertView[];
	getAlert(id: number): IlertAlertView | undefined;
	findAlertsByKey(alertKey: string): IlertAlertView[];
	/** Creates an alert as if from the UI (fires `alert-created`); `reportedAt` backdates it. */
	createAlert(fields: {
		summary: string;
		details?: string;
		alertKey?: string;
		alertSourceId?: number;
		priority?: 'HIGH' | 'LOW';
		links?: unknown[];
		customDetails?: Record<string, unknown>;
		reportedAt?: number | string;
	}): IlertAlertView;
	/** A responder accepts (fires `alert-acknowledged`). Throws for a resolved alert. */
	acceptAlert(id: number, o?: IlertUserRef): IlertAlertView;
	resolveAlert(id: number, o?: IlertUserRef): IlertAlertView;
	/** The alert source's auto-resolution: resolves the alert and fires `alert-auto-resolved`. */
	autoResolveAlert(id: number): IlertAlertView;
	assignAlert(id: number, o: IlertUserRef): IlertAlertView;
	commentAlert(
		id: number,
		o?: {
			content?: string;
			creator?: string;
			comments?: Array<{ creator?: string; content: string }>;
		},
	): IlertAlertView;
	/** The source's auto-resolution: RESOLVED, fires `alert-auto-resolved` (no-op when already resolved). */
	autoResolveAlert(id: number): IlertAlertView;
	/** Escalation timeout ran out: next rule's user, fires `alert-auto-escalated`. Throws unless PENDING with a further rule. */
	escalateAlert(id: number): IlertAlertView;
	/** A responder rejects: fires `alert-rejected`; stays PENDING. Throws unless PENDING. */
	rejectAlert(id: number, o?: IlertUserRef): IlertAlertView;
	/** Priority LOW -> HIGH, fires `alert-raised`. Throws for a resolved alert. */
	raiseAlert(id: number): IlertAlertView;
}

export function startIlertSimulator(opts?: IlertSimulatorOptions): Promise<IlertSimulator>;

export const AUTOTASK_THREAD_ERROR: { errors: string[] };
export const AUTOTASK_DEFAULT_USER: AutotaskApiUser;
export const ILERT_DEFAULT_API_KEY: string;
export function signAutotaskBody(secretKey: string, body: string): string;
export function dotnetJson(value: unknown): string;
