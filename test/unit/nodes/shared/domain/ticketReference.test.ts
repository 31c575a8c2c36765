import type { Pair } from '../../../../../nodes/shared/domain/calloutFields';
import { findTicketReference } from '../../../../../nodes/shared/domain/ticketReference';

const pair = (key: string, value: string, path = key): Pair => ({ key, path, value });

describe('findTicketReference', () => {
	it('takes the id and the number from known keys, the id key naming the find', () => {
		expect(
			findTicketReference([pair('TicketNumber', 't20260101.0001'), pair('Ticket ID', '42')]),
		).toEqual({
			ticketId: 42,
			ticketNumber: 'T20260101.0001',
			foundBy: 'key:Ticket ID',
		});
	});

	it('prefers the better key and skips values that are not ids', () => {
		expect(
			findTicketReference([
				pair('EntityID', '5'),
				pair('TicketID', 'abc'),
				pair('AutotaskTicketID', '6'),
			]),
		).toEqual({
			ticketId: 6,
			foundBy: 'key:AutotaskTicketID',
		});
	});

	it('counts generic names only at the top level or under a ticket-ish parent', () => {
		expect(findTicketReference([pair('id', '9', 'company.id')])).toBeUndefined();
		expect(findTicketReference([pair('id', '9', 'ticket.id')])).toMatchObject({ ticketId: 9 });
		expect(findTicketReference([pair('id', '9')])).toMatchObject({ ticketId: 9 });
	});

	it('falls back to a ticket URL, then to a ticket number in a text', () => {
		expect(
			findTicketReference([
				pair('Link', 'https://x/Mvc/ServiceDesk/TicketDetail.mvc?TicketId=77&x=1'),
			]),
		).toEqual({
			ticketId: 77,
			foundBy: 'pattern:Link',
		});
		expect(findTicketReference([pair('Subject', 'Re: T20260101.0042 printer')])).toEqual({
			ticketNumber: 'T20260101.0042',
			foundBy: 'pattern:Subject',
		});
		expect(findTicketReference([pair('Subject', 'nothing here')])).toBeUndefined();
	});
});
