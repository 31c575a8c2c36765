/**
 * Registration of the Autotask REST webhook (TicketWebhooks) for the trigger's webhook mode:
 * check, create (webhook, then fields one at a time, then excluded resources), delete and
 * re-activate. The webhook id, GUID and secret live in the workflow's static data; the secret
 * never appears in output, errors or logs.
 */
import { randomBytes } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	AUTOTASK_CREDENTIAL,
	autotaskQuery,
	autotaskRequest,
	getPicklist,
} from '../shared/transport/autotask';

export type RegistrationContext = IHookFunctions | IWebhookFunctions;

/** Keys of the node's static data. */
export const STATIC = {
	webhookId: 'webhookId',
	secret: 'webhookSecret',
	guid: 'webhookGuid',
	url: 'webhookUrl',
	fields: 'webhookFieldIds',
} as const;

export const DEFAULT_WEBHOOK_FIELDS = ['status', 'priority'];
/** Always shown in payloads (not subscribed): lets a non-enriched event still carry the number. */
const DISPLAY_ALWAYS_FIELDS = ['ticketNumber'];
export const DEACTIVATION_QUERY = 'deactivation';
const NAME_MAX = 50;

export interface WebhookSettings {
	events: string[];
	fields: string[];
	excludeApiUser: boolean;
	excludedResourceIds: number[];
	notificationEmail: string;
}

function nodeError(ctx: RegistrationContext, error: unknown, message: string): NodeApiError {
	if (error instanceof NodeApiError) return error;
	return new NodeApiError(
		ctx.getNode(),
		{ message: error instanceof Error ? error.message : String(error) },
		{ message },
	);
}

/** Reads the webhook-mode parameters. */
export function readSettings(ctx: RegistrationContext): WebhookSettings {
	const events = ctx.getNodeParameter('events', ['created', 'updated']) as string[];
	const fields = ctx.getNodeParameter('webhookFields', DEFAULT_WEBHOOK_FIELDS) as string[];
	const excludeApiUser = ctx.getNodeParameter('excludeApiUser', true) as boolean;
	const excludedText = String(ctx.getNodeParameter('excludedResourceIds', '') ?? '');
	const notificationEmail = String(ctx.getNodeParameter('notificationEmail', '') ?? '').trim();
	const excludedResourceIds: number[] = [];
	for (const part of excludedText.split(/[\s,;]+/)) {
		if (part === '') continue;
		if (!/^\d{1,12}$/.test(part)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`"${part.slice(0, 20)}" in Excluded Resource IDs is not a resource ID`,
				{
					description: 'Give Autotask resource IDs (numbers), separated by commas',
				},
			);
		}
		excludedResourceIds.push(Number(part));
	}
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one event to subscribe to');
	}
	if (fields.length === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Choose at least one field whose change triggers the webhook',
		);
	}
	return { events, fields, excludeApiUser, excludedResourceIds, notificationEmail };
}

function normName(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Field ids for field names, from the live `TicketWebhookFields.fieldID` picklist. */
export async function resolveFieldIds(
	ctx: RegistrationContext,
	names: string[],
): Promise<Map<string, number>> {
	const values = await getPicklist(ctx, 'TicketWebhookFields', 'fieldID');
	const byName = new Map<string, number>();
	for (const v of values) byName.set(normName(v.label), Number(v.value));
	const out = new Map<string, number>();
	const unknown: string[] = [];
	for (const name of names) {
		const id = byName.get(normName(name));
		if (id === undefined || !Number.isFinite(id)) unknown.push(name);
		else out.set(name, id);
	}
	if (unknown.length > 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Autotask does not offer these ticket fields for webhooks: ${unknown.join(', ')}`,
			{
				description: `Webhook-capable fields: ${values.map((v) => v.label).join(', ')}`,
			},
		);
	}
	return out;
}

/** The API user's own resource id (and the impersonation resource, if set): the loop guard. */
export async function ownResourceIds(ctx: RegistrationContext): Promise<number[]> {
	const credentials = await ctx.getCredentials<ICredentialDataDecryptedObject>(AUTOTASK_CREDENTIAL);
	const username = String(credentials.username ?? '').trim();
	const ids = new Set<number>();
	const impersonation = String(credentials.impersonationResourceId ?? '').trim();
	if (/^\d+$/.test(impersonation)) ids.add(Number(impersonation));
	if (username !== '') {
		const found = await autotaskQuery(
			ctx,
			'Resources',
			{
				filter: [
					{
						op: 'or',
						items: [
							{ op: 'eq', field: 'userName', value: username },
							{ op: 'eq', field: 'email', value: username },
						],
					},
				],
				includeFields: ['id'],
				maxRecords: 5,
			},
			{ limit: 5 },
		);
		for (const r of found)
			if (typeof r.id === 'number' || /^\d+$/.test(String(r.id))) ids.add(Number(r.id));
		if (found.length === 0) {
			ctx.logger.warn(
				'Autotask Trigger: could not find the API user among Resources; its own ticket updates are not excluded from the webhook',
			);
		}
	}
	return [...ids];
}

export function webhookName(ctx: RegistrationContext): string {
	const workflow = ctx.getWorkflow();
	return `n8n ${workflow.name ?? ''} ${ctx.getNode().name}`
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, NAME_MAX);
}

export function deactivationUrl(webhookUrl: string): string {
	return `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}${DEACTIVATION_QUERY}=1`;
}

function clearStatic(data: IDataObject): void {
	delete data[STATIC.webhookId];
	delete data[STATIC.secret];
	delete data[STATIC.guid];
	delete data[STATIC.url];
	delete data[STATIC.fields];
}

function httpCodeOf(error: unknown): string | undefined {
	const code = (error as { httpCode?: unknown })?.httpCode;
	return code === undefined || code === null ? undefined : String(code);
}

/** GET TicketWebhooks/{id}; undefined when Autotask has no such webhook. */
export async function getRemoteWebhook(
	ctx: RegistrationContext,
	id: number,
): Promise<IDataObject | undefined> {
	try {
		const body = await autotaskRequest<{ item?: IDataObject | null }>(ctx, {
			method: 'GET',
			path: `/TicketWebhooks/${id}`,
		});
		return body?.item ?? undefined;
	} catch (error) {
		if (httpCodeOf(error) === '404') return undefined;
		throw nodeError(ctx, error, 'Could not read the Autotask webhook');
	}
}

/**
 * Whether the registered webhook still exists, is active, points at this node's URL and has the
 * configured fields. Always asks Autotask: n8n does not deregister webhooks on shutdown.
 */
export async function checkWebhookExists(ctx: IHookFunctions): Promise<boolean> {
	const data = ctx.getWorkflowStaticData('node');
	const id = Number(data[STATIC.webhookId]);
	const url = ctx.getNodeWebhookUrl('default');
	if (!Number.isFinite(id) || id <= 0 || typeof data[STATIC.secret] !== 'string') {
		ctx.logger.debug('Autotask Trigger: no webhook registered yet');
		return false;
	}
	const remote = await getRemoteWebhook(ctx, id);
	const reason =
		remote === undefined
			? 'it no longer exists in Autotask'
			: remote.isActive === false
				? 'it is deactivated'
				: String(remote.webhookUrl ?? remote.WebhookUrl ?? '') !== url
					? 'it points at another URL'
					: undefined;
	if (reason === undefined) {
		const settings = readSettings(ctx);
		const wanted = [...(await resolveFieldIds(ctx, settings.fields)).values()].sort(
			(a, b) => a - b,
		);
		const stored = Array.isArray(data[STATIC.fields]) ? (data[STATIC.fields] as number[]) : [];
		const eventsMatch =
			remote!.isSubscribedToCreateEvents === settings.events.includes('created') &&
			remote!.isSubscribedToUpdateEvents === settings.events.includes('updated') &&
			remote!.isSubscribedToDeleteEvents === settings.events.includes('deleted');
		if (wanted.join(',') === [...stored].sort((a, b) => a - b).join(',') && eventsMatch)
			return true;
		ctx.logger.info(
			`Autotask Trigger: webhook ${id} has other events or fields than configured; re-creating it`,
		);
		return false;
	}
	ctx.logger.info(`Autotask Trigger: webhook ${id} will be re-created because ${reason}`);
	return false;
}

async function deleteRemote(ctx: RegistrationContext, id: number): Promise<void> {
	try {
		await autotaskRequest(ctx, { method: 'DELETE', path: `/TicketWebhooks/${id}` });
	} catch (error) {
		if (httpCodeOf(error) === '404') return;
		throw nodeError(ctx, error, `Could not delete Autotask webhook ${id}`);
	}
}

/** Deletes webhooks that point at this URL (ours from an earlier registration: Autotask allows one per URL). */
async function deleteStaleByUrl(
	ctx: RegistrationContext,
	url: string,
	keep?: number,
): Promise<void> {
	const stale = await autotaskQuery(ctx, 'TicketWebhooks', {
		filter: [{ op: 'eq', field: 'webhookUrl', value: url }],
		includeFields: ['id'],
		maxRecords: 20,
	});
	for (const hook of stale) {
		const id = Number(hook.id);
		if (!Number.isFinite(id) || id === keep) continue;
		ctx.logger.info(
			`Autotask Trigger: deleting stale webhook ${id} registered for this node's URL`,
		);
		await deleteRemote(ctx, id);
	}
}

/**
 * Registers the webhook: TicketWebhooks, then each field with its own request (Autotask's
 * thread limit), then the excluded resources. Rolls back on failure.
 */
export async function createWebhook(ctx: RegistrationContext): Promise<boolean> {
	const data = ctx.getWorkflowStaticData('node');
	const url = ctx.getNodeWebhookUrl('default');
	if (!url)
		throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for this node');
	const settings = readSettings(ctx);
	const fieldIds = await resolveFieldIds(ctx, settings.fields);
	const displayOnly = await resolveFieldIds(ctx, DISPLAY_ALWAYS_FIELDS).catch((error: unknown) => {
		ctx.logger.debug(
			`Autotask Trigger: display-always fields unavailable (${(error as Error).message})`,
		);
		return new Map<string, number>();
	});
	const excluded = new Set<number>(settings.excludedResourceIds);
	if (settings.excludeApiUser) for (const id of await ownResourceIds(ctx)) excluded.add(id);

	const previous = Number(data[STATIC.webhookId]);
	// "Listen for test event" (manual mode) sees the production registration in static data:
	// never delete that one from a test registration.
	if (Number.isFinite(previous) && previous > 0 && ctx.getMode() !== 'manual')
		await deleteRemote(ctx, previous);
	clearStatic(data);
	await deleteStaleByUrl(ctx, url);

	const secret = randomBytes(24).toString('hex');
	const body: IDataObject = {
		name: webhookName(ctx),
		webhookUrl: url,
		deactivationUrl: deactivationUrl(url),
		isActive: true,
		isSubscribedToCreateEvents: settings.events.includes('created'),
		isSubscribedToUpdateEvents: settings.events.includes('updated'),
		isSubscribedToDeleteEvents: settings.events.includes('deleted'),
		secretKey: secret,
		sendThresholdExceededNotification: true,
	};
	if (settings.notificationEmail !== '') body.notificationEmailAddress = settings.notificationEmail;
	const created = await autotaskRequest<{ itemId?: number; id?: number }>(ctx, {
		method: 'POST',
		path: '/TicketWebhooks',
		body,
	});
	const id = Number(created?.itemId ?? created?.id);
	if (!Number.isFinite(id) || id <= 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Autotask did not return the id of the new webhook',
		);
	}
	try {
		const subscribed = new Set(fieldIds.values());
		for (const fieldID of subscribed) {
			await autotaskRequest(ctx, {
				method: 'POST',
				path: `/TicketWebhooks/${id}/Fields`,
				body: { webhookID: id, fieldID, isSubscribedField: true, isDisplayAlwaysField: true },
			});
		}
		for (const fieldID of displayOnly.values()) {
			if (subscribed.has(fieldID)) continue;
			await autotaskRequest(ctx, {
				method: 'POST',
				path: `/TicketWebhooks/${id}/Fields`,
				body: { webhookID: id, fieldID, isSubscribedField: false, isDisplayAlwaysField: true },
			});
		}
		for (const resourceID of excluded) {
			await autotaskRequest(ctx, {
				method: 'POST',
				path: `/TicketWebhooks/${id}/ExcludedResources`,
				body: { webhookID: id, resourceID },
			});
		}
	} catch (error) {
		ctx.logger.warn(`Autotask Trigger: registering webhook ${id} failed; deleting it again`);
		await deleteRemote(ctx, id).catch((cleanupError: unknown) => {
			ctx.logger.warn(
				`Autotask Trigger: could not delete half-registered webhook ${id}: ${(cleanupError as Error).message}`,
			);
		});
		throw nodeError(ctx, error, 'Could not register the Autotask webhook');
	}
	const remote = await getRemoteWebhook(ctx, id);
	data[STATIC.webhookId] = id;
	data[STATIC.secret] = secret;
	data[STATIC.guid] = typeof remote?.webhookGUID === 'string' ? remote.webhookGUID : null;
	data[STATIC.url] = url;
	data[STATIC.fields] = [...fieldIds.values()];
	ctx.logger.info(
		`Autotask Trigger: registered webhook ${id} (fields: ${[...fieldIds.keys()].join(', ')}; excluded resources: ${[...excluded].join(', ') || 'none'})`,
	);
	return true;
}

/** Deletes the registered webhook (on unpublish). */
export async function deleteWebhook(ctx: IHookFunctions): Promise<boolean> {
	const data = ctx.getWorkflowStaticData('node');
	const id = Number(data[STATIC.webhookId]);
	if (!Number.isFinite(id) || id <= 0) {
		clearStatic(data);
		return true;
	}
	try {
		await deleteRemote(ctx, id);
	} catch (error) {
		ctx.logger.warn(
			`Autotask Trigger: could not delete webhook ${id}: ${(error as Error).message}`,
		);
		return false;
	}
	clearStatic(data);
	ctx.logger.info(`Autotask Trigger: deleted webhook ${id}`);
	return true;
}

export type ReactivationResult =
	| { result: 'alreadyActive' | 'reactivated' }
	| { result: 'gone' | 'failed'; error: string };

/**
 * After a Deactivated notice: re-activate the webhook. Runs on the request path, where n8n does
 * not save static data, so a webhook that is gone is not re-created here (its new id and secret
 * would be lost): the answer says to publish the workflow again, which registers a new one.
 */
export async function reactivateWebhook(ctx: IWebhookFunctions): Promise<ReactivationResult> {
	const data = ctx.getWorkflowStaticData('node');
	const id = Number(data[STATIC.webhookId]);
	try {
		const remote = Number.isFinite(id) && id > 0 ? await getRemoteWebhook(ctx, id) : undefined;
		if (remote !== undefined && remote.isActive !== false) return { result: 'alreadyActive' };
		if (remote !== undefined) {
			await autotaskRequest(ctx, {
				method: 'PATCH',
				path: '/TicketWebhooks',
				body: { id, isActive: true },
			});
			const check = await getRemoteWebhook(ctx, id);
			if (check?.isActive !== false) {
				ctx.logger.info(`Autotask Trigger: re-activated webhook ${id}`);
				return { result: 'reactivated' };
			}
			return { result: 'failed', error: `Autotask did not re-activate webhook ${id}` };
		}
		return {
			result: 'gone',
			error:
				'The webhook no longer exists in Autotask: unpublish and publish the workflow again to register a new one',
		};
	} catch (error) {
		const message = (error as Error).message ?? String(error);
		ctx.logger.warn(
			`Autotask Trigger: could not re-activate webhook ${Number.isFinite(id) ? id : ''}: ${message}`,
		);
		return { result: 'failed', error: message };
	}
}
