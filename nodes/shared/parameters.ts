/**
 * Parameters the nodes share: the "Return All" / "Limit" pair of every Get Many operation, the
 * ilert alert-source picker, the Status Classes collection, and readers for date and
 * comma-separated list parameters. The builders keep each node's parameter names and defaults,
 * so saved workflows and templates keep working.
 */
import type {
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

/** Return All + Limit (Limit shown only while Return All is off). */
export function returnAllOrLimitProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** The item's limit, or undefined when Return All is on. */
export function resultLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
}

/** A date parameter as ISO 8601 (UTC), or undefined when empty or not a date. */
export function isoDateParameter(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const date = new Date(String(value));
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The non-empty, trimmed entries of a comma-separated parameter. */
export function commaSeparated(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/**
 * The ilert alert-source picker (the node's `getAlertSources` load-options method). One source
 * (`options`, default '') or several (`multiOptions`, default []); `description` is the node's own.
 */
export function alertSourceParameter(spec: {
	name: string;
	description: string;
	multiple?: boolean;
	required?: boolean;
	displayOptions?: IDisplayOptions;
}): INodeProperties {
	const parameter: INodeProperties = {
		displayName: spec.multiple ? 'Alert Source Names or IDs' : 'Alert Source Name or ID',
		name: spec.name,
		type: spec.multiple ? 'multiOptions' : 'options',
		typeOptions: { loadOptionsMethod: 'getAlertSources' },
		default: spec.multiple ? [] : '',
		description: spec.description,
	};
	if (spec.required) parameter.required = true;
	if (spec.displayOptions) parameter.displayOptions = spec.displayOptions;
	return parameter;
}

/**
 * A Status Classes collection: rows of a tenant status (the node's `getStatuses` load-options
 * method) and the class it belongs to. Each row is `{ status, class }` under `values`.
 */
export function statusClassesParameter(spec: {
	displayName: string;
	name: string;
	description: string;
	/** Whether the node also reads a status label given by an expression (said in the row's description). */
	statusMayBeLabel?: boolean;
	classOptions: INodePropertyOptions[];
	defaultClass: string;
	classDescription?: string;
}): INodeProperties {
	const { defaultClass } = spec;
	const classParameter: INodeProperties = {
		displayName: 'Class',
		name: 'class',
		type: 'options',
		options: spec.classOptions,
		default: defaultClass,
	};
	if (spec.classDescription) classParameter.description = spec.classDescription;
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'fixedCollection',
		placeholder: 'Add Status',
		typeOptions: { multipleValues: true },
		default: {},
		description: spec.description,
		options: [
			{
				name: 'values',
				displayName: 'Status',
				values: [
					{
						displayName: 'Status Name or ID',
						name: 'status',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getStatuses' },
						default: '',
						description: `A status of the tenant${spec.statusMayBeLabel ? '; an expression may also give its label' : ''}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
					},
					classParameter,
				],
			},
		],
	};
}
