/**
 * Reads the ticket fresh through the REST API, with labels from the cached picklists, within a
 * time budget: Autotask waits at most 10 s for an answer (and n8n answers when `webhook()`
 * returns), so a slow API must not hold the answer. When the read loses the race or fails,
 * the caller still emits the event, marked as not enriched.
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { NormalizedTicket } from '../shared/domain/conventions';
import { normalizeTicket, type TicketLabels } from '../shared/domain/ticket';
import {
	getCompanyName,
	getPicklist,
	getTicket,
	getTicketByNumber,
	getZone,
} from '../shared/transport/autotask';

export interface TicketReference {
	ticketId?: number;
	ticketNumber?: string;
	/** What the request itself said about the ticket (webhook `Fields`), used when not enriched. */
	fallback?: Record<string, unknown>;
}

export type EnrichOutcome =
	| { enriched: true; ticket: NormalizedTicket }
	| { enriched: false; ticket: NormalizedTicket; enrichmentError: string };

const TIMEOUT = Symbol('timeout');

/** An unenriched ticket: the ids the request carried, everything else null. */
export function ticketFromReference(ref: TicketReference): NormalizedTicket {
	const fallback = { ...(ref.fallback ?? {}) };
	if (
		ref.ticketNumber !== undefined &&
		fallback.ticketNumber === undefined &&
		fallback.TicketNumber === undefined
	) {
		fallback.ticketNumber = ref.ticketNumber;
	}
	if (ref.ticketId !== undefined) {
		try {
			return normalizeTicket({ ...fallback, id: ref.ticketId });
		} catch {
			// Fall through to the empty shape below.
		}
	}
	const empty = { id: null, label: null };
	return {
		// Without a readable ticket, a callout that only carried the ticket number has no id.
		id: (ref.ticketId ?? null) as unknown as number,
		number: ref.ticketNumber ?? null,
		title: null,
		description: null,
		status: { ...empty },
		priority: { ...empty },
		queue: { ...empty },
		company: { id: null, name: null },
		contact: { id: null },
		assignedResource: { id: null, roleId: null },
		createDate: null,
		lastActivityDate: null,
		dueDateTime: null,
		completedDate: null,
		webUrl: null,
	};
}

async function companyName(ctx: IWebhookFunctions, id: unknown): Promise<string | null> {
	const companyId = Number(id);
	if (!Number.isSafeInteger(companyId) || companyId < 0) return null;
	try {
		return await getCompanyName(ctx, companyId);
	} catch (error) {
		ctx.logger.debug(
			`Autotask Trigger: company ${companyId} name unavailable: ${(error as Error).message}`,
		);
		return null;
	}
}

async function picklistOrUndefined(ctx: IWebhookFunctions, field: string) {
	try {
		return await getPicklist(ctx, 'Tickets', field);
	} catch (error) {
		ctx.logger.debug(
			`Autotask Trigger: Tickets.${field} picklist unavailable: ${(error as Error).message}`,
		);
		return undefined;
	}
}

async function readTicket(ctx: IWebhookFunctions, ref: TicketReference): Promise<EnrichOutcome> {
	const ticketPromise =
		ref.ticketId !== undefined
			? getTicket(ctx, ref.ticketId)
			: getTicketByNumber(ctx, ref.ticketNumber ?? '');
	const [raw, status, priority, queue, zone] = await Promise.all([
		ticketPromise,
		picklistOrUndefined(ctx, 'status'),
		picklistOrUndefined(ctx, 'priority'),
		picklistOrUndefined(ctx, 'queueID'),
		getZone(ctx).catch(() => undefined),
	]);
	if (raw === undefined) {
		const what = ref.ticketId !== undefined ? `id ${ref.ticketId}` : `number ${ref.ticketNumber}`;
		return {
			enriched: false,
			ticket: ticketFromReference(ref),
			enrichmentError: `Autotask has no ticket with ${what} (deleted, or not visible to the API user)`,
		};
	}
	const labels: TicketLabels = {
		status,
		priority,
		queue,
		companyName: await companyName(ctx, raw.companyID),
	};
	return { enriched: true, ticket: normalizeTicket(raw, labels, zone?.webUrl ?? null) };
}

/** Reads the ticket within `budgetMs`; never throws. */
export async function enrichTicket(
	ctx: IWebhookFunctions,
	ref: TicketReference,
	budgetMs: number,
): Promise<EnrichOutcome> {
	const work = readTicket(ctx, ref);
	// The read may go on after we answered; its failure then must not become an unhandled rejection.
	work.catch(() => undefined);
	try {
		const winner = await Promise.race([work, sleep(Math.max(0, budgetMs)).then(() => TIMEOUT)]);
		if (winner === TIMEOUT) {
			return {
				enriched: false,
				ticket: ticketFromReference(ref),
				enrichmentError: `Reading the ticket from Autotask took longer than ${budgetMs} ms`,
			};
		}
		return winner as EnrichOutcome;
	} catch (error) {
		return {
			enriched: false,
			ticket: ticketFromReference(ref),
			enrichmentError: `Could not read the ticket from Autotask: ${(error as Error).message ?? String(error)}`,
		};
	}
}
