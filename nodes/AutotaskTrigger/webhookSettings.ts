/**
 * What the trigger's webhook mode is configured to register: its events and fields (field names
 * resolved to Autotask's field ids), and the resources whose changes it leaves out.
 */
import type {
	ICredentialDataDecryptedObject,
	IHookFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AUTOTASK_CREDENTIAL, autotaskQuery, getPicklist } from '../shared/transport/autotask';

export type RegistrationContext = IHookFunctions | IWebhookFunctions;

export const DEFAULT_WEBHOOK_FIELDS = ['status', 'priority'];

export interface WebhookSettings {
	events: string[];
	fields: string[];
	excludeApiUser: boolean;
	excludedResourceIds: number[];
	notificationEmail: string;
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
