/**
 * The Ticket Lifecycle's settings, read once per execution: the alert-state mode, the status
 * and priority overrides, the options, the ilert lookup and the Autotask picklists (loaded only
 * when an item needs one).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { IlertPriority } from '../shared/domain/conventions';
import type { PicklistEntry, StatusOverride } from '../shared/domain/lifecycleInput';
import { STATUS_CLASS_IDS, type StatusClass } from '../shared/domain/statusClasses';
import type { PriorityOverride } from '../shared/domain/ticketPriority';
import { AlertStateLookup } from './alertStateLookup';
import { ilertLookupSource, ticketPicklist } from './serviceReads';

export type AlertStateMode = 'lookup' | 'input' | 'assumeNone';

export interface LifecycleSettings {
	mode: AlertStateMode;
	outputUnchanged: boolean;
	reAlertReopened: boolean;
	unknownPriority: IlertPriority;
	statusOverrides: StatusOverride[];
	priorityOverrides: PriorityOverride[];
	/** Only in Look Up mode. */
	lookup?: AlertStateLookup;
	/** A ticket picklist, or undefined without the Autotask credential. */
	picklist(field: 'status' | 'priority'): Promise<PicklistEntry[] | undefined>;
}

function readOverrides(values: IDataObject[] | undefined): Array<{ key: string; value: string }> {
	if (!Array.isArray(values)) return [];
	return values
		.map((v) => ({
			key: String(v.status ?? v.priority ?? '').trim(),
			value: String(v.class ?? v.ilertPriority ?? ''),
		}))
		.filter((v) => v.key !== '');
}

function readStatusOverrides(ctx: IExecuteFunctions): StatusOverride[] {
	const overrides = readOverrides(
		ctx.getNodeParameter('statusOverrides.values', 0, []) as IDataObject[],
	).map((o) => ({ status: o.key, class: o.value as StatusClass })) as StatusOverride[];
	for (const o of overrides) {
		if (!STATUS_CLASS_IDS.includes(o.class)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Unknown status class "${String(o.class)}" for status "${String(o.status)}"`,
			);
		}
	}
	return overrides;
}

/** Autotask picklists: only fetched when an item needs one, and only with the credential. */
function picklistLoader(ctx: IExecuteFunctions): LifecycleSettings['picklist'] {
	const hasAutotask = Boolean(ctx.getNode().credentials?.autotaskIlertAutotaskApi);
	const picklists: Partial<Record<'status' | 'priority', Promise<PicklistEntry[]>>> = {};
	return async (field) => {
		if (!hasAutotask) return undefined;
		// Shared by all items; a failed load is forgotten so the next item tries again.
		picklists[field] ??= ticketPicklist(ctx, field).catch(async (error: unknown) => {
			delete picklists[field];
			return await Promise.reject(error);
		});
		return await picklists[field];
	};
}

function alertLookup(ctx: IExecuteFunctions, options: IDataObject): AlertStateLookup {
	const alertSourceId = String(ctx.getNodeParameter('alertSourceId', 0, '') ?? '').trim();
	if (!alertSourceId) {
		throw new NodeOperationError(ctx.getNode(), 'No alert source chosen', {
			description: 'Look Up in ilert needs the alert source the ticket alerts are sent to',
		});
	}
	return new AlertStateLookup(
		ilertLookupSource(ctx, {
			alertSourceId,
			lookbackDays: Number(options.resolvedLookbackDays ?? 30) || 30,
			maxResolved: Math.max(100, Number(options.maxResolvedAlerts ?? 500) || 500),
		}),
	);
}

export function readLifecycleSettings(ctx: IExecuteFunctions): LifecycleSettings {
	const outputUnchanged = ctx.getNodeParameter('outputUnchanged', 0, false) as boolean;
	const mode = ctx.getNodeParameter('alertState', 0, 'lookup') as AlertStateMode;
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const statusOverrides = readStatusOverrides(ctx);
	const priorityOverrides = readOverrides(
		(options.priorityOverrides as IDataObject | undefined)?.values as IDataObject[] | undefined,
	).map((o) => ({
		priority: o.key,
		ilertPriority: o.value as IlertPriority,
	})) as PriorityOverride[];
	return {
		mode,
		outputUnchanged,
		reAlertReopened: options.reAlertReopened === true,
		unknownPriority: (options.unknownPriority === 'LOW' ? 'LOW' : 'HIGH') as IlertPriority,
		statusOverrides,
		priorityOverrides,
		picklist: picklistLoader(ctx),
		lookup: mode === 'lookup' ? alertLookup(ctx, options) : undefined,
	};
}
