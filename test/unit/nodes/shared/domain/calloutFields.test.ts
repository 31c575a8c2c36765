import {
	flatten,
	formObject,
	formPairs,
	normKey,
	type Pair,
} from '../../../../../nodes/shared/domain/calloutFields';

function flat(value: unknown): Pair[] {
	const pairs: Pair[] = [];
	flatten(value, pairs);
	return pairs;
}

describe('calloutFields', () => {
	it('compares names by letters and digits, in lower case', () => {
		expect(normKey('Ticket_ID')).toBe('ticketid');
		expect(normKey('ticket-number 2')).toBe('ticketnumber2');
	});

	it('flattens nested objects and arrays into pairs with dotted paths', () => {
		expect(flat({ ticket: { id: 7, tags: ['a', 'b'] }, ok: true })).toEqual([
			{ key: 'id', path: 'ticket.id', value: '7' },
			{ key: 'tags', path: 'ticket.tags', value: 'a' },
			{ key: 'tags', path: 'ticket.tags', value: 'b' },
			{ key: 'ok', path: 'ok', value: 'true' },
		]);
	});

	it('reads name/value objects and the xml2js shape', () => {
		expect(flat([{ name: 'TicketID', value: '12' }])).toEqual(
			expect.arrayContaining([{ key: 'TicketID', path: 'TicketID', value: '12' }]),
		);
		expect(flat({ field: { $: { name: 'TicketNumber' }, _: 'T20260101.0001' } })).toEqual(
			expect.arrayContaining([
				{ key: 'TicketNumber', path: 'TicketNumber', value: 'T20260101.0001' },
				{ key: 'field', path: 'field', value: 'T20260101.0001' },
			]),
		);
	});

	it('skips null and stops at 2000 pairs', () => {
		expect(flat({ a: null, b: undefined })).toEqual([]);
		expect(flat(Array.from({ length: 2500 }, (_, i) => ({ [`k${i}`]: i }))).length).toBe(2000);
	});

	it('reads form data, leaving prototype keys out and listing them', () => {
		const dropped: string[] = [];
		const pairs = formPairs('TicketID=1&__proto__=x&a=2&a=3', dropped);
		expect(pairs).toEqual([
			{ key: 'TicketID', path: 'TicketID', value: '1' },
			{ key: 'a', path: 'a', value: '2' },
			{ key: 'a', path: 'a', value: '3' },
		]);
		expect(dropped).toEqual(['__proto__']);
		expect(formObject(pairs)).toEqual({ TicketID: '1', a: ['2', '3'] });
	});
});
