import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	companyIdsOf,
	DEFAULT_SETTLE_SECONDS,
	openAlertsByTicket,
	reconcileEntries,
	resolvedAlertsByTicket,
	resolvedListingFrom,
	settledChanges,
	ticketIdsToRead,
	ticketsById,
	ticketsNeedingResolvedCheck,
	type ReconcileEntry,
} from '../../../shared/domain/reconcile';
import {
	changedSince,
	DEFAULT_CHANGED_WITHIN_MINUTES,
	parseChangedWithinMinutes,
	ReconcileInputError,
} from '../../../shared/domain/reconcileQueries';
import { normalizeTicket } from '../../../shared/domain/ticket';
import { forEachItem } from '../../../shared/nodeErrors';
import { alertSourceParameter } from '../../../shared/parameters';
import { getPicklist, getZone } from '../../../shared/transport/autotask';
import {
	companyNamesByIds,
	listOpenAlerts,
	listResolvedAlerts,
	queryChangedTickets,
	queryTicketsByIds,
} from '../../../shared/transport/reconcile';

const properties: INodeProperties[] = [
	{
		displayName:
			'Run this from a Schedule Trigger (e.g. every 5 minutes) into a Ticket Lifecycle with Alert State "From Input": it emits the ticket of every open alert of the source and every ticket changed within the window, so a lost callout is made good on the next run',
		name: 'reconcileNotice',
		type: 'notice',
		default: '',
	},
	alertSourceParameter({
		name: 'alertSourceId',
		required: true,
		description:
			'The ilert alert source the alerts of these tickets go to. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	}),
	{
		displayName: 'Changed Within (Minutes)',
		name: 'changedWithinMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_CHANGED_WITHIN_MINUTES,
		description:
			'Tickets whose last activity lies within this many minutes are checked too. Make it longer than the schedule (the default 15 covers three 5-minute runs), so runs overlap and a missed run loses nothing.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Resolved Alerts Look-Back (Days)',
				name: 'resolvedLookbackDays',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description:
					'For a changed ticket without an open alert: how far back its resolved alert is searched, by report time (never before the ticket was created)',
			},
			{
				displayName: 'Resolved Alerts Searched (Max)',
				name: 'maxResolvedAlerts',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 500,
				description: 'At most this many resolved alerts are listed per run (100 per request)',
			},
			{
				displayName: 'Settle Time (Seconds)',
				name: 'settleSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'A ticket without an open alert that changed this recently is left to the next run: its callout may still be on the way, and creating from an older read could open a second alert. Keep Changed Within longer than the schedule plus this.',
			},
		],
	},
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['ticket'], operation: ['getToReconcile'] } },
	properties,
);

function positiveNumber(value: unknown, fallback: number): number {
	const n = Number(value);
	return Number.isFinite(n) && n > 0 ? n : fallback;
}

function nonNegativeNumber(value: unknown, fallback: number): number {
	const n = value === undefined || value === null || value === '' ? NaN : Number(value);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
}

async function labelsOf(ctx: IExecuteFunctions, itemIndex: number) {
	const [status, priority, queue, zone] = await Promise.all([
		getPicklist(ctx, 'Tickets', 'status', { itemIndex }),
		getPicklist(ctx, 'Tickets', 'priority', { itemIndex }),
		getPicklist(ctx, 'Tickets', 'queueID', { itemIndex }),
		getZone(ctx, { itemIndex }),
	]);
	return { status, priority, queue, webUrl: zone.webUrl || null };
}

interface SweepSettings {
	alertSourceId: string;
	windowMinutes: number;
	lookbackDays: number;
	maxResolved: number;
	settleSeconds: number;
}

/** The item's parameters, checked before the sweep makes any request. */
function sweepSettings(ctx: IExecuteFunctions, itemIndex: number): SweepSettings {
	const alertSourceId = String(ctx.getNodeParameter('alertSourceId', itemIndex, '') ?? '').trim();
	if (!/^\d+$/.test(alertSourceId)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Alert Source must be an ilert alert source ID, got "${alertSourceId}"`,
			{ itemIndex },
		);
	}
	let windowMinutes: number;
	try {
		windowMinutes = parseChangedWithinMinutes(
			ctx.getNodeParameter('changedWithinMinutes', itemIndex, DEFAULT_CHANGED_WITHIN_MINUTES),
		);
	} catch (error) {
		const message = error instanceof ReconcileInputError ? error.message : String(error);
		throw new NodeOperationError(ctx.getNode(), message, { itemIndex });
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		alertSourceId,
		windowMinutes,
		lookbackDays: positiveNumber(options.resolvedLookbackDays, 30),
		maxResolved: Math.max(100, positiveNumber(options.maxResolvedAlerts, 500)),
		settleSeconds: nonNegativeNumber(options.settleSeconds, DEFAULT_SETTLE_SECONDS),
	};
}

/**
 * The resolved alerts of the changed tickets without an open alert, listed only when there are
 * such tickets (undefined otherwise, as reconcileEntries expects).
 */
async function resolvedAlertsFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: SweepSettings,
	changed: Map<number, Record<string, unknown>>,
	openAlerts: ReturnType<typeof openAlertsByTicket>,
	now: number,
): Promise<{ resolved?: ReturnType<typeof resolvedAlertsByTicket>; resolvedTruncated: boolean }> {
	const toCheck = ticketsNeedingResolvedCheck(changed, openAlerts);
	if (toCheck.length === 0) return { resolved: undefined, resolvedTruncated: false };
	const fromIso = resolvedListingFrom(
		toCheck.map((id) => changed.get(id)?.createDate),
		now,
		settings.lookbackDays,
	);
	const listing = await listResolvedAlerts(ctx, {
		alertSourceId: settings.alertSourceId,
		fromIso,
		limit: settings.maxResolved,
		itemIndex,
	});
	return { resolved: resolvedAlertsByTicket(listing.alerts), resolvedTruncated: listing.truncated };
}

async function sweep(ctx: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const settings = sweepSettings(ctx, itemIndex);
	const { alertSourceId, windowMinutes, settleSeconds } = settings;

	const now = Date.now();
	const sweptAt = new Date(now).toISOString();
	const since = changedSince(now, windowMinutes);

	const { alerts: openAlertList } = await listOpenAlerts(ctx, alertSourceId, itemIndex);
	const openAlerts = openAlertsByTicket(openAlertList);
	const { settled: changed, unsettled } = settledChanges(
		ticketsById(await queryChangedTickets(ctx, since, itemIndex)),
		openAlerts,
		now - settleSeconds * 1000,
	);
	if (unsettled.length > 0) {
		ctx.logger.debug(
			`Reconcile: ${unsettled.length} ticket(s) changed in the last ${settleSeconds} s are left to the next sweep`,
		);
	}
	const { tickets: readList } = await queryTicketsByIds(
		ctx,
		ticketIdsToRead(openAlerts.keys(), changed.keys()),
		itemIndex,
	);
	const read = ticketsById(readList);
	const { resolved, resolvedTruncated } = await resolvedAlertsFor(
		ctx,
		itemIndex,
		settings,
		changed,
		openAlerts,
		now,
	);

	const entries = reconcileEntries({
		openAlerts,
		changed,
		read,
		resolved,
		resolvedTruncated,
		windowMinutes,
		alertSourceId,
	});
	if (entries.length === 0) return [];

	const labels = await labelsOf(ctx, itemIndex);
	const companies = await companyNamesByIds(
		ctx,
		companyIdsOf(entries.map((e) => e.ticket)),
		itemIndex,
	);
	const summary = {
		sweptAt,
		openAlerts: openAlerts.size,
		changedTickets: changed.size,
		leftToNextSweep: unsettled.length,
	};
	return entries.map((entry) => ({
		json: itemOf(entry, labels, companies, sweptAt, summary),
		pairedItem: { item: itemIndex },
	}));
}

function itemOf(
	entry: ReconcileEntry,
	labels: Awaited<ReturnType<typeof labelsOf>>,
	companies: Map<number, string | null>,
	sweptAt: string,
	summary: { sweptAt: string; openAlerts: number; changedTickets: number; leftToNextSweep: number },
): IDataObject {
	const raw = entry.ticket;
	const companyId = raw ? Number(raw.companyID) : NaN;
	const ticket = raw
		? normalizeTicket(
				raw,
				{
					status: labels.status,
					priority: labels.priority,
					queue: labels.queue,
					companyName: companies.get(companyId) ?? null,
				},
				labels.webUrl,
			)
		: normalizeTicket({ id: entry.ticketId });
	const item: IDataObject = {
		event: entry.event,
		eventReason: entry.eventReason,
		ticket: ticket as unknown as IDataObject,
		source: 'reconcile',
		receivedAt: sweptAt,
		enriched: raw !== undefined,
	};
	if (!raw)
		item.enrichmentError = `Autotask has no ticket with id ${entry.ticketId} (deleted, or not visible to the API user)`;
	item.alertState = entry.alertState;
	item.alert = entry.alert ? { id: entry.alert.id, status: entry.alert.status } : null;
	item.reconcile = { reason: entry.reason, ...summary };
	return item;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem(this, items, async (i) => await sweep(this, i));
}
