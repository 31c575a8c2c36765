/**
 * The guards of the way back from ilert (Ticket › Update): Only Companies / Only Queues refuse a
 * ticket outside the scope, Only Move Forward classifies the status move and allows only moves
 * forward. Both read the ticket as Autotask has it just before the write.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	classifyStatus,
	LifecycleInputError,
	type ClassifiedStatus,
	type StatusOverride,
} from '../../shared/domain/lifecycleInput';
import { STATUS_CLASS_IDS, type StatusClass } from '../../shared/domain/statusClasses';
import { decideForwardMove, type ForwardMoveDecision } from '../../shared/domain/wayBack';
import { commaSeparated } from '../../shared/parameters';
import { getPicklist } from '../../shared/transport/autotask';

/** The ids of a list parameter (multiOptions array or comma-separated text), validated as whole numbers. */
function idList(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): number[] {
	const entries = Array.isArray(value)
		? value.map((v) => String(v).trim()).filter((v) => v !== '')
		: commaSeparated(value);
	return entries.map((entry) => {
		if (!/^\d+$/.test(entry) || !Number.isSafeInteger(Number(entry))) {
			throw new NodeOperationError(ctx.getNode(), `${label}: "${entry}" is not an ID`, {
				itemIndex,
			});
		}
		return Number(entry);
	});
}

/**
 * Refuses tickets outside the chosen companies or queues (issue 14.1: the way back writes only
 * the tickets it should). Checked against the ticket as just read, before anything is written.
 */
export function requireAllowedScope(
	ctx: IExecuteFunctions,
	ticket: IDataObject,
	options: IDataObject,
	itemIndex: number,
): void {
	const id = String(ticket.id);
	const companies = idList(ctx, options.onlyCompanies, 'Only Companies', itemIndex);
	if (companies.length > 0 && !companies.includes(Number(ticket.companyID))) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Ticket ${id} belongs to company ${String(ticket.companyID ?? '(none)')}, which this node may not write; nothing was written`,
			{ itemIndex, description: `Only Companies allows: ${companies.join(', ')}` },
		);
	}
	const queues = idList(ctx, options.onlyQueues, 'Only Queues', itemIndex);
	if (queues.length > 0 && !queues.includes(Number(ticket.queueID))) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Ticket ${id} is in queue ${String(ticket.queueID ?? '(none)')}, which this node may not write; nothing was written`,
			{ itemIndex, description: `Only Queues allows: ${queues.join(', ')}` },
		);
	}
}

export interface StatusMove {
	from: Pick<ClassifiedStatus, 'id' | 'label' | 'class'>;
	to: Pick<ClassifiedStatus, 'id' | 'label' | 'class'> | null;
	decision: ForwardMoveDecision;
}

/** Only Move Forward: Status Classes, validated. */
function forwardOverrides(
	ctx: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): StatusOverride[] {
	const values = ((options.forwardStatusClasses as IDataObject | undefined)?.values ??
		[]) as IDataObject[];
	return values
		.filter((v) => String(v.status ?? '').trim() !== '')
		.map((v) => {
			const cls = String(v.class ?? '') as StatusClass;
			if (!STATUS_CLASS_IDS.includes(cls)) {
				throw new NodeOperationError(
					ctx.getNode(),
					`Unknown status class "${cls}" for status "${String(v.status)}"`,
					{ itemIndex },
				);
			}
			return { status: String(v.status).trim(), class: cls };
		});
}

/** Classifies the ticket's current status and the requested one, and applies the forward rule. */
export async function statusMove(
	ctx: IExecuteFunctions,
	ticket: IDataObject,
	requested: IDataObject,
	options: IDataObject,
	itemIndex: number,
): Promise<StatusMove> {
	const picklist = await getPicklist(ctx, 'Tickets', 'status', { itemIndex });
	const overrides = forwardOverrides(ctx, options, itemIndex);
	const classify = (id: unknown) => {
		try {
			const c = classifyStatus({ id: id as number }, { picklist, overrides });
			return { id: c.id, label: c.label, class: c.class };
		} catch (error) {
			const message = error instanceof LifecycleInputError ? error.message : String(error);
			throw new NodeOperationError(
				ctx.getNode(),
				`Only Move Forward cannot place the status: ${message}`,
				{ itemIndex },
			);
		}
	};
	const from = classify(ticket.status);
	const to = requested.status === undefined ? null : classify(requested.status);
	return { from, to, decision: decideForwardMove({ from: from.class, to: to?.class ?? null }) };
}
