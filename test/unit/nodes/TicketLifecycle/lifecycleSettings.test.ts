/**
 * What the Ticket Lifecycle reads once per execution (lifecycleSettings.ts) and how it reads an
 * item's inputs (itemInputs.ts). The services are scripted: only what the settings ask of them
 * is recorded.
 */
jest.mock('../../../../nodes/TicketLifecycle/serviceReads', () =>
	jest
		.requireActual<LifecycleContextModule>('../../support/lifecycleContext')
		.scriptedServiceReads(),
);

import { readLifecycleSettings } from '../../../../nodes/TicketLifecycle/lifecycleSettings';
import {
	lifecycleContext as context,
	serviceReads,
	type LifecycleContextModule,
} from '../../support/lifecycleContext';

describe('readLifecycleSettings', () => {
	it('reads the defaults: look up in ilert, 30 days back, 500 resolved alerts, unknown priority HIGH', () => {
		const settings = readLifecycleSettings(context({ alertSourceId: ' 4711 ' }));
		expect(settings).toMatchObject({
			mode: 'lookup',
			outputUnchanged: false,
			reAlertReopened: false,
			unknownPriority: 'HIGH',
			statusOverrides: [],
			priorityOverrides: [],
		});
		expect(settings.lookup).toBeDefined();
		expect(serviceReads.lookups).toEqual([
			{ alertSourceId: '4711', lookbackDays: 30, maxResolved: 500 },
		]);
	});

	it('reads the overrides and options, keeping at least 100 resolved alerts', () => {
		const settings = readLifecycleSettings(
			context({
				alertState: 'input',
				outputUnchanged: true,
				statusOverrides: {
					values: [
						{ status: ' On Hold ', class: 'onHold' },
						{ status: '', class: 'new' },
					],
				},
				options: {
					reAlertReopened: true,
					unknownPriority: 'LOW',
					priorityOverrides: { values: [{ priority: '4', ilertPriority: 'LOW' }] },
				},
			}),
		);
		expect(settings).toMatchObject({
			mode: 'input',
			outputUnchanged: true,
			reAlertReopened: true,
			unknownPriority: 'LOW',
			statusOverrides: [{ status: 'On Hold', class: 'onHold' }],
			priorityOverrides: [{ priority: '4', ilertPriority: 'LOW' }],
			lookup: undefined,
		});
		readLifecycleSettings(
			context({ alertSourceId: '1', options: { resolvedLookbackDays: 0, maxResolvedAlerts: 20 } }),
		);
		expect(serviceReads.lookups).toEqual([
			{ alertSourceId: '1', lookbackDays: 30, maxResolved: 100 },
		]);
	});

	it('refuses an unknown status class and a look-up without an alert source', () => {
		expect(() =>
			readLifecycleSettings(
				context({
					alertSourceId: '1',
					statusOverrides: { values: [{ status: 'Done', class: 'finished' }] },
				}),
			),
		).toThrow('Unknown status class "finished" for status "Done"');
		expect(() => readLifecycleSettings(context({ alertSourceId: '  ' }))).toThrow(
			'No alert source chosen',
		);
	});

	it('loads a picklist once per execution, only with the Autotask credential, and retries after a failure', async () => {
		const without = readLifecycleSettings(context({ alertState: 'assumeNone' }));
		expect(await without.picklist('status')).toBeUndefined();
		expect(serviceReads.picklistLoads).toEqual([]);

		const settings = readLifecycleSettings(
			context({ alertState: 'assumeNone' }, { autotask: true }),
		);
		serviceReads.failNextPicklist = true;
		await expect(settings.picklist('status')).rejects.toThrow('picklist down');
		expect(await settings.picklist('status')).toEqual([{ value: '1', label: 'New' }]);
		expect(await settings.picklist('status')).toEqual([{ value: '1', label: 'New' }]);
		expect(await settings.picklist('priority')).toEqual([{ value: '1', label: 'High' }]);
		expect(serviceReads.picklistLoads).toEqual(['status', 'status', 'priority']);
	});
});
