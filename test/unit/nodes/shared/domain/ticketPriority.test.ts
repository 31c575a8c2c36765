import type { PicklistEntry } from '../../../../../nodes/shared/domain/lifecycleInput';
import { mapPriority } from '../../../../../nodes/shared/domain/ticketPriority';

/** Autotask's out-of-the-box priority picklist. */
const DEFAULT_PICKLIST: PicklistEntry[] = [
	{ value: '1', label: 'High' },
	{ value: '2', label: 'Medium' },
	{ value: '3', label: 'Low' },
	{ value: '4', label: 'Critical' },
];
/** A tenant whose ids run the other way. */
const REORDERED_PICKLIST: PicklistEntry[] = [
	{ value: '1', label: 'Critical' },
	{ value: '2', label: 'High' },
	{ value: '3', label: 'Medium' },
	{ value: '4', label: 'Low' },
];
/** A tenant that renamed its priorities P1..P4. */
const RENAMED_PICKLIST: PicklistEntry[] = [
	{ value: '4', label: 'P1' },
	{ value: '1', label: 'P2' },
	{ value: '2', label: 'P3' },
	{ value: '3', label: 'P4' },
];

describe('priority: ilert maps Low to LOW, High/Medium/Critical to HIGH', () => {
	test.each([
		['Low', 'LOW'],
		['Medium', 'HIGH'],
		['High', 'HIGH'],
		['Critical', 'HIGH'],
		['  low ', 'LOW'],
		['LOW', 'LOW'],
		['cRiTiCaL', 'HIGH'],
	])('label %j -> %s', (label, want) => {
		expect(mapPriority({ label }).ilertPriority).toBe(want);
	});

	test('id with the tenant picklist: the label decides, not the id', () => {
		expect(mapPriority({ id: 3 }, { picklist: DEFAULT_PICKLIST }).ilertPriority).toBe('LOW');
		expect(mapPriority({ id: 4 }, { picklist: DEFAULT_PICKLIST }).ilertPriority).toBe('HIGH');
		// id 3 is Medium and id 4 is Low in this tenant
		expect(mapPriority({ id: 3 }, { picklist: REORDERED_PICKLIST }).ilertPriority).toBe('HIGH');
		const low = mapPriority({ id: '4' }, { picklist: REORDERED_PICKLIST });
		expect(low).toEqual({
			ilertPriority: 'LOW',
			label: 'Low',
			id: 4,
			reason:
				'Priority "Low" (label from the tenant\'s priority picklist) maps to LOW as in ilert\'s Autotask integration',
		});
	});

	test("id without a picklist falls back to Autotask's default ids and says so", () => {
		const d = mapPriority({ id: 3 });
		expect(d.ilertPriority).toBe('LOW');
		expect(d.label).toBe('Low');
		expect(d.reason).toContain("Autotask's default priority ids");
		expect(mapPriority({ id: 1 }).ilertPriority).toBe('HIGH');
	});

	test('a label given with the id wins over the picklist', () => {
		expect(mapPriority({ id: 1, label: 'Low' }, { picklist: DEFAULT_PICKLIST }).ilertPriority).toBe(
			'LOW',
		);
	});

	test('renamed tenant priorities are unknown: default HIGH, configurable, and overridable by label or id', () => {
		const unknown = mapPriority({ id: 3 }, { picklist: RENAMED_PICKLIST });
		expect(unknown.ilertPriority).toBe('HIGH');
		expect(unknown.reason).toBe(
			'Priority "P4" is not Low, Medium, High or Critical, so it maps to HIGH (the Unknown Priority setting)',
		);
		expect(
			mapPriority({ id: 3 }, { picklist: RENAMED_PICKLIST, unknown: 'LOW' }).ilertPriority,
		).toBe('LOW');
		const byLabel = mapPriority(
			{ label: 'p4' },
			{ overrides: [{ priority: 'P4', ilertPriority: 'LOW' }] },
		);
		expect(byLabel.ilertPriority).toBe('LOW');
		expect(byLabel.reason).toContain('by your priority override');
		// override by id, input by label: the picklist connects them
		expect(
			mapPriority(
				{ label: 'P4' },
				{ picklist: RENAMED_PICKLIST, overrides: [{ priority: 3, ilertPriority: 'LOW' }] },
			).ilertPriority,
		).toBe('LOW');
		// override by id, input by id
		expect(
			mapPriority({ id: '3' }, { overrides: [{ priority: '3', ilertPriority: 'LOW' }] })
				.ilertPriority,
		).toBe('LOW');
		// an override can also raise a preset priority
		expect(
			mapPriority({ label: 'Low' }, { overrides: [{ priority: 'low', ilertPriority: 'HIGH' }] })
				.ilertPriority,
		).toBe('HIGH');
	});

	test('no priority at all: the Unknown Priority setting, with a reason', () => {
		expect(mapPriority({})).toEqual({
			ilertPriority: 'HIGH',
			label: null,
			id: null,
			reason: 'No ticket priority was given, so it maps to HIGH (the Unknown Priority setting)',
		});
		expect(mapPriority({ id: 9 }, { picklist: DEFAULT_PICKLIST }).reason).toBe(
			'Priority id 9 has no known label, so it maps to HIGH (the Unknown Priority setting)',
		);
	});
});
