/**
 * Registration of the Autotask REST webhook (TicketWebhooks) for the trigger's webhook mode:
 * check, create (webhook, then fields one at a time, then excluded resources), delete and
 * re-activate. The webhook id, GUID and secret live in the workflow's static data; the secret
 * never appears in output, errors or logs.
 */
import { randomBytes } from 'node:crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { autotaskQuery, autotaskRequest } from '../shared/transport/autotask';
import {
	ownResourceIds,
	readSettings,
	resolveFieldIds,
	type RegistrationContext,
} from './webhookSettings';

/** Keys of the node's static data. */
export const STATIC = {
	webhookId: 'webhookId',
	secret: 'webhookSecret',
	guid: 'webhookGuid',
	url: 'webhookUrl',
	fields: 'webhookFieldIds',
} as const;

/** Always shown in payloads (not subscribed): lets a non-enriched event still carry the number. */
const DISPLAY_ALWAYS_FIELDS = ['ticketNumber'];
export const DEACTIVATION_QUERY = 'deactivation';
const NAME_MAX = 50;

function nodeError(ctx: RegistrationContext, error: unknown, message: string): NodeApiError {
	if (error instanceof NodeApiError) return error;
	return new NodeApiError(
		ctx.getNode(),
		{ message: error instanceof Error ? error.message : String(error) },
		{ message },
	);
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

/** The settings, their field ids and the excluded resources, all read before anything changes. */
async function registrationPlan(ctx: RegistrationContext) {
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
	return { settings, fieldIds, displayOnly, excluded };
}

type RegistrationPlan = Awaited<ReturnType<typeof registrationPlan>>;

/** POST TicketWebhooks: the webhook itself, without fields; its new id. */
async function postWebhook(
	ctx: RegistrationContext,
	url: string,
	settings: RegistrationPlan['settings'],
	secret: string,
): Promise<number> {
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
	return id;
}

/** The webhook's fields and excluded resources, one request each (Autotask's thread limit). */
async function addFieldsAndExclusions(
	ctx: RegistrationContext,
	id: number,
	plan: RegistrationPlan,
): Promise<void> {
	const subscribed = new Set(plan.fieldIds.values());
	for (const fieldID of subscribed) {
		await autotaskRequest(ctx, {
			method: 'POST',
			path: `/TicketWebhooks/${id}/Fields`,
			body: { webhookID: id, fieldID, isSubscribedField: true, isDisplayAlwaysField: true },
		});
	}
	for (const fieldID of plan.displayOnly.values()) {
		if (subscribed.has(fieldID)) continue;
		await autotaskRequest(ctx, {
			method: 'POST',
			path: `/TicketWebhooks/${id}/Fields`,
			body: { webhookID: id, fieldID, isSubscribedField: false, isDisplayAlwaysField: true },
		});
	}
	for (const resourceID of plan.excluded) {
		await autotaskRequest(ctx, {
			method: 'POST',
			path: `/TicketWebhooks/${id}/ExcludedResources`,
			body: { webhookID: id, resourceID },
		});
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
	const plan = await registrationPlan(ctx);
	const { fieldIds, excluded } = plan;

	const previous = Number(data[STATIC.webhookId]);
	// "Listen for test event" (manual mode) sees the production registration in static data:
	// never delete that one from a test registration.
	if (Number.isFinite(previous) && previous > 0 && ctx.getMode() !== 'manual')
		await deleteRemote(ctx, previous);
	clearStatic(data);
	await deleteStaleByUrl(ctx, url);

	const secret = randomBytes(24).toString('hex');
	const id = await postWebhook(ctx, url, plan.settings, secret);
	try {
		await addFieldsAndExclusions(ctx, id, plan);
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
