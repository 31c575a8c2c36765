import { findRule, lifecycleTable } from '../../../../../nodes/shared/domain/lifecycleRules';
import { STATUS_CLASS_IDS } from '../../../../../nodes/shared/domain/statusClasses';
import { ALERT_STATES, EVENTS } from '../../../support/lifecycleFixtures';

describe('the table', () => {
	test('exactly one first match for every event, class, alert state and option; none unreachable', () => {
		const used = new Set<string>();
		for (const event of EVENTS)
			for (const cls of STATUS_CLASS_IDS)
				for (const state of ALERT_STATES)
					for (const reAlert of [false, true]) {
						const rule = findRule(event, cls, state, reAlert);
						expect(rule).toBeDefined();
						used.add(rule!.id);
					}
		expect([...used].sort()).toEqual(
			lifecycleTable()
				.map((r) => r.id)
				.sort(),
		);
	});

	test('rows are returned as copies', () => {
		const rows = lifecycleTable();
		rows[0].action = 'reject';
		(rows[0].classes as string[]).length = 0;
		expect(lifecycleTable()[0].action).toBe('create');
		expect(lifecycleTable()[0].classes.length).toBeGreaterThan(0);
	});
});
