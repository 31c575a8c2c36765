import {
	alertKeyForTicket,
	ticketIdFromAlertKey,
} from '../../../../../nodes/shared/domain/conventions';

describe('ticketIdFromAlertKey', () => {
	it.each([
		['autotask-123456', 123456],
		['AUTOTASK-42', 42],
		['  autotask-7  ', 7],
		['autotask-007', 7],
		['autotask-0', 0],
		[`autotask-${Number.MAX_SAFE_INTEGER}`, Number.MAX_SAFE_INTEGER],
	])('reads %j as %j', (key, id) => {
		expect(ticketIdFromAlertKey(key)).toBe(id);
	});

	it.each([
		'AUTOTASK-99999999999999999999',
		`autotask-${Number.MAX_SAFE_INTEGER + 1}`,
		'autotask-',
		'autotask--1',
		'autotask-1.5',
		'autotask-1e3',
		'autotask-12 34',
		'zabbix-1',
		'x-autotask-1',
		'',
	])('refuses %j', (key) => {
		expect(ticketIdFromAlertKey(key)).toBeUndefined();
	});

	it('refuses non-strings and round-trips alertKeyForTicket', () => {
		expect(ticketIdFromAlertKey(undefined)).toBeUndefined();
		expect(ticketIdFromAlertKey(null)).toBeUndefined();
		expect(ticketIdFromAlertKey(alertKeyForTicket(10001))).toBe(10001);
	});
});
