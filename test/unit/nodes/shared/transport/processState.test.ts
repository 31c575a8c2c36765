import {
	processState,
	resetProcessState,
} from '../../../../../nodes/shared/transport/processState';

describe('processState', () => {
	it('holds every per-process cache, and resetProcessState empties each one', () => {
		processState.autotaskZones.set('z', {
			apiBaseUrl: 'https://x/atservicesrest/v1.0',
			webUrl: '',
			zoneName: '',
		});
		processState.autotaskEntityFields.set('f', []);
		processState.autotaskActiveResources.set('r', []);
		processState.autotaskCompanyNames.set('c', 'Acme');
		processState.businessHoursLocations.set('l', {});
		processState.recentCredentials.set('k', {});
		processState.deactivationChecks.set(1, 2);
		processState.openAlertListings.set('s', { startedGeneration: 1, scan: Promise.resolve([]) });
		processState.alertKeyTouched.set('autotask-1', 3);
		processState.autotaskReadsWaiting.set('r', new Promise(() => undefined));
		resetProcessState();
		expect(processState.autotaskZones.size).toBe(0);
		expect(processState.autotaskEntityFields.size).toBe(0);
		expect(processState.autotaskActiveResources.size).toBe(0);
		expect(processState.autotaskCompanyNames.size).toBe(0);
		expect(processState.businessHoursLocations.size).toBe(0);
		expect(processState.recentCredentials.size).toBe(0);
		expect(processState.deactivationChecks.size).toBe(0);
		expect(processState.openAlertListings.size).toBe(0);
		expect(processState.alertKeyTouched.size).toBe(0);
		expect(processState.autotaskReadsWaiting.size).toBe(0);
	});

	it('lists nothing it does not reset (a new cache must be added to resetProcessState too)', () => {
		const kept = new Set(['autotaskThreads', 'generation']);
		const caches = Object.keys(processState).filter((k) => !kept.has(k));
		expect(caches.sort()).toEqual(
			[
				'alertKeyTouched',
				'autotaskActiveResources',
				'autotaskCompanyNames',
				'autotaskEntityFields',
				'autotaskReadsWaiting',
				'autotaskZones',
				'businessHoursLocations',
				'deactivationChecks',
				'openAlertListings',
				'recentCredentials',
			].sort(),
		);
	});
});
