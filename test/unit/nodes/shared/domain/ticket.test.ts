import {
	normalizeTicket,
	fieldValue,
	parseAutotaskTime,
	toInteger,
} from '../../../../../nodes/shared/domain/ticket';

const WEB = 'https://ww5.autotask.net/';

describe('normalizeTicket', () => {
	const rest = {
		id: 123456,
		ticketNumber: 'T20261128.0042',
		title: 'Server down',
		description: 'Mail server does not answer',
		status: 1,
		priority: 4,
		queueID: 29683354,
		companyID: 0,
		contactID: null,
		assignedResourceID: 29682885,
		assignedResourceRoleID: 29683400,
		createDate: '2026-11-28T03:00:00.000Z',
		lastActivityDate: '2026-11-28T03:05:00.000Z',
		dueDateTime: '2026-11-28T07:00:00Z',
		completedDate: null,
	};

	it('maps a REST ticket with picklist labels and the web link', () => {
		const t = normalizeTicket(
			rest,
			{
				status: [
					{ value: '1', label: 'New' },
					{ value: '5', label: 'Complete' },
				],
				priority: { '4': 'P1 Critical' },
				queue: 'Level I Support',
				companyName: 'Acme',
			},
			WEB,
		);
		expect(t).toEqual({
			id: 123456,
			number: 'T20261128.0042',
			title: 'Server down',
			description: 'Mail server does not answer',
			status: { id: 1, label: 'New' },
			priority: { id: 4, label: 'P1 Critical' },
			queue: { id: 29683354, label: 'Level I Support' },
			company: { id: 0, name: 'Acme' },
			contact: { id: null },
			assignedResource: { id: 29682885, roleId: 29683400 },
			createDate: '2026-11-28T03:00:00.000Z',
			lastActivityDate: '2026-11-28T03:05:00.000Z',
			dueDateTime: '2026-11-28T07:00:00Z',
			completedDate: null,
			webUrl:
				'https://ww5.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=123456',
		});
	});

	it('reads fields case-insensitively and coerces numeric strings (webhook Fields)', () => {
		const t = normalizeTicket(
			{
				ID: '77',
				TicketNumber: 'T1',
				Status: '5',
				Priority: '2',
				QueueID: '8',
				CompanyID: '174',
				AssignedResourceID: '',
			},
			{},
			null,
		);
		expect(t.id).toBe(77);
		expect(t.status).toEqual({ id: 5, label: null });
		expect(t.queue.id).toBe(8);
		expect(t.company).toEqual({ id: 174, name: null });
		expect(t.assignedResource.id).toBeNull();
		expect(t.webUrl).toBeNull();
	});

	it('keeps a text status as the label when a source sends labels instead of ids', () => {
		const t = normalizeTicket({ ticketId: 9, status: 'In Progress', companyName: 'Acme' });
		expect(t.status).toEqual({ id: null, label: 'In Progress' });
		expect(t.company.name).toBe('Acme');
	});

	it('rejects a ticket without a numeric id', () => {
		expect(() => normalizeTicket({ title: 'x' })).toThrow('The Autotask ticket has no numeric id');
		expect(() => normalizeTicket({ id: 'abc' })).toThrow();
	});

	it('helpers', () => {
		expect(fieldValue({ QueueId: 3 }, 'queueID')).toBe(3);
		expect(toInteger('12')).toBe(12);
		expect(toInteger('12.0')).toBe(12);
		expect(toInteger('1e3')).toBeNull();
		expect(toInteger(null)).toBeNull();
	});
});

describe('parseAutotaskTime', () => {
	it.each([
		['2026-12-01T21:00:00Z', Date.UTC(2026, 11, 1, 21)],
		['2026-12-01T21:00:00.000Z', Date.UTC(2026, 11, 1, 21)],
		// Autotask's times are UTC even without a zone designator
		['2026-12-01T21:00:00', Date.UTC(2026, 11, 1, 21)],
		['2026-12-01T21:00:00.5', Date.UTC(2026, 11, 1, 21, 0, 0, 500)],
		['2026-12-01T22:00:00+01:00', Date.UTC(2026, 11, 1, 21)],
		['  2026-12-01T21:00:00Z ', Date.UTC(2026, 11, 1, 21)],
	])('%s', (text, expected) => {
		expect(parseAutotaskTime(text)).toBe(expected);
	});

	it.each([[''], ['   '], ['yesterday'], [null], [undefined], [42]])('%p is no time', (value) => {
		expect(parseAutotaskTime(value)).toBeUndefined();
	});
});
