/**
 * Reading a Ticket Lifecycle item's inputs (event, ticket id, status, priority, alert state),
 * and naming where a value came from for error messages.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readJsonPath, simpleJsonPath } from '../shared/domain/jsonPath';
import { properties } from './description';

/** Parameters that read the item; their defaults (in the description) read the trigger's output. */
export const INPUT_PARAMETERS = [
	'event',
	'ticketId',
	'statusLabel',
	'statusId',
	'priorityLabel',
	'priorityId',
	'alertStateValue',
] as const;

export type InputParameter = (typeof INPUT_PARAMETERS)[number];

export const DISPLAY_NAMES: Record<InputParameter, string> = {
	event: 'Event',
	ticketId: 'Ticket ID',
	statusLabel: 'Status Label',
	statusId: 'Status ID',
	priorityLabel: 'Priority Label',
	priorityId: 'Priority ID',
	alertStateValue: 'Alert State Value',
};

/** The default of each input parameter, as the description declares it. */
const INPUT_DEFAULTS = Object.fromEntries(
	properties
		.filter((p) => (INPUT_PARAMETERS as readonly string[]).includes(p.name))
		.map((p) => [p.name, String(p.default)]),
) as Record<InputParameter, string>;

function shown(value: unknown): string {
	if (value === undefined) return 'undefined';
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export interface ItemInputs {
	/** The parameter's value for item `i`. */
	read(name: InputParameter, i: number): unknown;
	/** Where a value was read from: the parameter and its (raw) expression. */
	source(name: InputParameter, value: unknown): string;
}

/**
 * An input that is a plain `$json` path (as the defaults are) is read from the item directly:
 * the same value, without an expression-engine round trip per item (see shared/domain/jsonPath).
 */
export function itemInputs(ctx: IExecuteFunctions, items: INodeExecutionData[]): ItemInputs {
	const node = ctx.getNode();
	const directPaths = new Map<InputParameter, readonly string[]>();
	for (const name of INPUT_PARAMETERS) {
		const raw = node.parameters?.[name];
		const path = simpleJsonPath(raw === undefined ? INPUT_DEFAULTS[name] : raw);
		if (path) directPaths.set(name, path);
	}
	return {
		read(name, i) {
			const path = directPaths.get(name);
			const direct = path ? readJsonPath(items[i].json, path) : undefined;
			return direct?.exact ? direct.value : ctx.getNodeParameter(name, i, null);
		},
		source(name, value) {
			const raw = node.parameters?.[name];
			const expression = typeof raw === 'string' ? raw : INPUT_DEFAULTS[name];
			return `"${DISPLAY_NAMES[name]}" (${expression.replace(/^=/, '')} gave ${shown(value)})`;
		},
	};
}
