import type { INodeProperties, INodeType } from 'n8n-workflow';

import { Autotask } from '../../../../nodes/Autotask/Autotask.node';
import { Ilert } from '../../../../nodes/Ilert/Ilert.node';
import { IlertTrigger } from '../../../../nodes/IlertTrigger/IlertTrigger.node';
import { TicketLifecycle } from '../../../../nodes/TicketLifecycle/TicketLifecycle.node';
import { alertSourceParameter, statusClassesParameter } from '../../../../nodes/shared/parameters';

const EXPRESSION_HINT =
	'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((p) => [
		p,
		...allProperties(
			((p.options ?? []) as Array<INodeProperties | { values?: INodeProperties[] }>).flatMap((o) =>
				'values' in o && o.values ? o.values : 'type' in o ? [o as INodeProperties] : [],
			),
		),
	]);
}

describe('alertSourceParameter', () => {
	it('builds the one-source picker', () => {
		expect(alertSourceParameter({ name: 'alertSourceId', description: 'd' })).toEqual({
			displayName: 'Alert Source Name or ID',
			name: 'alertSourceId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getAlertSources' },
			default: '',
			description: 'd',
		});
	});

	it('builds the several-sources picker, required and shown where asked', () => {
		const show = { show: { alertState: ['lookup'] } };
		expect(
			alertSourceParameter({
				name: 'sources',
				description: 'd',
				multiple: true,
				required: true,
				displayOptions: show,
			}),
		).toEqual({
			displayName: 'Alert Source Names or IDs',
			name: 'sources',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getAlertSources' },
			default: [],
			description: 'd',
			required: true,
			displayOptions: show,
		});
	});

	it('is the picker of every node that lists alert sources, with the names saved workflows use', () => {
		const nodes: INodeType[] = [
			new TicketLifecycle(),
			new IlertTrigger(),
			new Autotask(),
			new Ilert(),
		];
		const pickers = nodes.flatMap((node) =>
			allProperties(node.description.properties)
				.filter((p) => p.typeOptions?.loadOptionsMethod === 'getAlertSources')
				.map((p) => ({
					node: node.description.name,
					name: p.name,
					type: p.type,
					default: p.default,
				})),
		);
		// ilert: the open-alert check of three event operations, and two alert operations.
		expect(pickers).toEqual([
			{ node: 'ticketLifecycle', name: 'alertSourceId', type: 'options', default: '' },
			{ node: 'ilertTrigger', name: 'alertSources', type: 'multiOptions', default: [] },
			{ node: 'autotask', name: 'alertSourceId', type: 'options', default: '' },
			{ node: 'ilert', name: 'alertSourceId', type: 'options', default: '' },
			{ node: 'ilert', name: 'alertSourceId', type: 'options', default: '' },
			{ node: 'ilert', name: 'alertSourceId', type: 'options', default: '' },
			{ node: 'ilert', name: 'sources', type: 'multiOptions', default: [] },
			{ node: 'ilert', name: 'alertSourceId', type: 'options', default: '' },
		]);
	});
});

describe('statusClassesParameter', () => {
	const classOptions = [{ name: 'New', value: 'new' }];

	it('builds rows of status and class under values', () => {
		const parameter = statusClassesParameter({
			displayName: 'Status Classes',
			name: 'statusOverrides',
			description: 'd',
			classOptions,
			defaultClass: 'new',
			classDescription: 'c',
			statusMayBeLabel: true,
		});
		expect(parameter).toMatchObject({
			displayName: 'Status Classes',
			name: 'statusOverrides',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			description: 'd',
		});
		const [row] = parameter.options as Array<{ name: string; values: INodeProperties[] }>;
		expect(row.name).toBe('values');
		expect(row.values.map((v) => [v.name, v.default])).toEqual([
			['status', ''],
			['class', 'new'],
		]);
		expect(row.values[0].typeOptions).toEqual({ loadOptionsMethod: 'getStatuses' });
		expect(row.values[0].description).toBe(
			`A status of the tenant; an expression may also give its label. ${EXPRESSION_HINT}`,
		);
		expect(row.values[1]).toMatchObject({ options: classOptions, description: 'c' });
	});

	it('says nothing about labels, and has no class description, unless asked', () => {
		const parameter = statusClassesParameter({
			displayName: 'X',
			name: 'forwardStatusClasses',
			description: 'd',
			classOptions,
			defaultClass: 'other',
		});
		const [row] = parameter.options as Array<{ values: INodeProperties[] }>;
		expect(row.values[0].description).toBe(`A status of the tenant. ${EXPRESSION_HINT}`);
		expect(row.values[1]).not.toHaveProperty('description');
	});
});
