import { parseWebhookEnvelope } from '../../../../../nodes/shared/domain/autotaskWebhook';

describe('webhook envelope', () => {
	it('reads keys case-insensitively and coerces numbers', () => {
		const res = parseWebhookEnvelope({
			action: 'update',
			GUID: 'g-1',
			entitytype: 'Ticket',
			id: '10001',
			fields: { Status: '5' },
			sequenceNumber: '7',
			PersonId: 29682886,
		});
		expect(res).toEqual({
			ok: true,
			envelope: {
				action: 'Update',
				guid: 'g-1',
				entityType: 'Ticket',
				id: 10001,
				fields: { Status: '5' },
				eventTime: null,
				sequenceNumber: 7,
				personId: 29682886,
			},
		});
	});

	it('accepts a Deactivated notice without a ticket and rejects non-ticket or id-less events', () => {
		expect(parseWebhookEnvelope({ Action: 'Deactivated', Guid: 'g', Id: 42 })).toMatchObject({
			ok: true,
			envelope: { action: 'Deactivated' },
		});
		expect(parseWebhookEnvelope({ Action: 'Update', EntityType: 'Company', Id: 1 })).toMatchObject({
			ok: false,
			status: 400,
		});
		expect(parseWebhookEnvelope({ Action: 'Update', EntityType: 'Ticket' })).toMatchObject({
			ok: false,
			status: 400,
		});
		expect(parseWebhookEnvelope({ Action: 'Explode', Id: 1 })).toMatchObject({
			ok: false,
			status: 400,
		});
		expect(parseWebhookEnvelope([1, 2])).toMatchObject({ ok: false, status: 400 });
	});
});
