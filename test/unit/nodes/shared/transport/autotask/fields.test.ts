jest.mock('n8n-workflow', () =>
	jest.requireActual('../../../../support/recordedSleep').n8nWorkflowWithRecordedSleep(),
);

import { getPicklist } from '../../../../../../nodes/shared/transport/autotask';
import { picklistIdOf, picklistLabelOf } from '../../../../../../nodes/shared/domain/picklist';
import { useScriptedAutotask } from '../../../../support/scriptedAutotask';

const { routes, server, ctxWith, apiRequests } = useScriptedAutotask();

describe('Autotask transport: picklists', () => {
	it('caches picklists per credential: the second lookup costs no request', async () => {
		routes['GET /Tickets/entityInformation/fields'] = () => ({
			body: {
				fields: [
					{
						name: 'status',
						isPickList: true,
						picklistValues: [
							{ value: '1', label: 'New', isActive: true, isDefaultValue: true, sortOrder: 1 },
							{
								value: '5',
								label: 'Complete',
								isActive: true,
								isDefaultValue: false,
								sortOrder: 2,
							},
							{
								value: '17',
								label: ' On Hold ',
								isActive: false,
								isDefaultValue: false,
								sortOrder: 3,
							},
						],
					},
					{ name: 'title', isPickList: false, picklistValues: null },
				],
			},
		});
		const ctx = ctxWith();
		const values = await getPicklist(ctx, 'Tickets', 'Status');
		expect(values[1]).toEqual({
			value: 5,
			label: 'Complete',
			isActive: true,
			isDefaultValue: false,
			sortOrder: 2,
		});
		const status = await getPicklist(ctx, 'Tickets', 'status');
		expect(picklistLabelOf(status, 5)).toBe('Complete');
		expect(picklistLabelOf(status, '999')).toBeNull();
		expect(picklistIdOf(status, 'on hold')).toBe(17);
		expect(picklistIdOf(status, 'Nope')).toBeNull();
		await expect(getPicklist(ctx, 'Tickets', 'title')).resolves.toEqual([]);
		await expect(getPicklist(ctx, 'Tickets', 'nofield')).rejects.toThrow(
			'Autotask entity Tickets has no field "nofield"',
		);
		expect(apiRequests('/Tickets/entityInformation/fields')).toHaveLength(1);
		// another API user gets its own cache entry
		await getPicklist(ctxWith({ username: 'other@example.com' }), 'Tickets', 'status');
		expect(apiRequests('/Tickets/entityInformation/fields')).toHaveLength(2);
	});
});
