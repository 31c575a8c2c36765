/**
 * Fields of the ilert node's event operations that fill themselves from the incoming item show
 * that under the field (`hint`), not only in the hover text.
 */
import type { INodeProperties } from 'n8n-workflow';

import { Ilert } from '../../../../nodes/Ilert/Ilert.node';

const properties = new Ilert().description.properties as INodeProperties[];

function fieldOf(name: string, operation: string): INodeProperties {
	const found = properties.find(
		(p) =>
			p.name === name &&
			(p.displayOptions?.show?.resource ?? []).includes('event') &&
			(p.displayOptions?.show?.operation ?? []).includes(operation),
	);
	if (!found) throw new Error(`no ${name} on event › ${operation}`);
	return found;
}

describe('ilert node: self-filling fields carry a visible hint', () => {
	it.each(['create', 'accept', 'resolve', 'comment'])(
		'event › %s: Alert Key and Summary',
		(operation) => {
			expect(fieldOf('alertKey', operation).hint).toMatch(
				/^Leave empty to use .*autotask-&lt;ticket ID&gt;/,
			);
			expect(fieldOf('summary', operation).hint).toMatch(
				/^Leave empty to use "\[ticket number\] title/,
			);
			expect(fieldOf('alertKey', operation).required).not.toBe(true);
		},
	);

	it('the Summary hint says what each event type sends', () => {
		expect(fieldOf('summary', 'accept').hint).toMatch(/accepted in Autotask/);
		expect(fieldOf('summary', 'resolve').hint).toMatch(/resolved in Autotask/);
		expect(fieldOf('summary', 'comment').hint).toMatch(/comment from Autotask/);
	});

	it('event › create: Details and Custom Details', () => {
		expect(fieldOf('details', 'create').hint).toMatch(
			/^Leave empty to use the ticket's description/,
		);
		const additional = fieldOf('additionalFields', 'create').options as INodeProperties[];
		expect(additional.find((o) => o.name === 'customDetails')?.hint).toMatch(
			/^Leave empty to send the ticket's labelled fields/,
		);
	});
});
