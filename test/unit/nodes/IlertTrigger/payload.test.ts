import { parseIlertWebhook } from '../../../../nodes/IlertTrigger/payload';

describe('parseIlertWebhook', () => {
	it('leaves ticketId null for alerts that do not follow the convention, and for unsafe ids', () => {
		const body = { id: '1', eventType: 'alert-resolved' };
		expect(parseIlertWebhook({ ...body, alertKey: 'zabbix-1' }, new Date())).toMatchObject({
			ticketId: null,
		});
		expect(
			parseIlertWebhook({ ...body, alertKey: 'AUTOTASK-99999999999999999999' }, new Date()),
		).toMatchObject({ ticketId: null });
	});
});
