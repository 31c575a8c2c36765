import {
	activePicklistValues,
	defaultPicklistValue,
	describePicklist,
	findPicklistById,
	findPicklistByLabel,
	findPicklistValue,
	normalizePicklistLabel,
	picklistFromField,
	picklistIdKey,
	picklistIdOf,
	picklistLabelOf,
	toPicklistValue,
	type PicklistValue,
} from '../../../../../nodes/shared/domain/picklist';

const STATUS: PicklistValue[] = picklistFromField([
	{ value: '1', label: 'New', isActive: true, isDefaultValue: true, sortOrder: 1 },
	{ value: '5', label: 'Complete', isActive: true, isDefaultValue: false, sortOrder: 3 },
	{ value: '8', label: 'In Progress', isActive: true, isDefaultValue: false, sortOrder: 2 },
	{ value: '17', label: 'On Hold', isActive: false, isDefaultValue: false, sortOrder: 4 },
	{ value: '18', label: 'on  hold', isActive: true, isDefaultValue: false, sortOrder: 5 },
]);

describe('toPicklistValue / picklistFromField', () => {
	it('makes numeric values numbers and keeps text values as text', () => {
		expect(toPicklistValue({ value: '12', label: 'A' }).value).toBe(12);
		expect(toPicklistValue({ value: ' -3 ', label: 'A' }).value).toBe(-3);
		expect(toPicklistValue({ value: 'abc', label: 'A' }).value).toBe('abc');
		expect(toPicklistValue({ value: 7, label: 'A' }).value).toBe(7);
		expect(toPicklistValue({ label: 'A' }).value).toBe('');
		expect(toPicklistValue({ value: null, label: 'A' }).value).toBe('');
	});

	it('defaults the flags: active unless false, default only when true, sortOrder a number', () => {
		expect(toPicklistValue({ value: '1', label: 'A' })).toEqual({
			value: 1,
			label: 'A',
			isActive: true,
			isDefaultValue: false,
			sortOrder: 0,
		});
		expect(
			toPicklistValue({
				value: '1',
				label: 'A',
				isActive: false,
				isDefaultValue: 'true',
				sortOrder: '4',
			}),
		).toEqual({
			value: 1,
			label: 'A',
			isActive: false,
			isDefaultValue: false,
			sortOrder: 4,
		});
		expect(toPicklistValue({ value: '1', label: 'A', sortOrder: 'x' }).sortOrder).toBe(0);
		expect(toPicklistValue({ value: '1', label: 42 }).label).toBe('42');
		expect(toPicklistValue({ value: '1' }).label).toBe('');
	});

	it('keeps a non-empty parentValue only', () => {
		expect(toPicklistValue({ value: '1', label: 'A', parentValue: '3' }).parentValue).toBe('3');
		expect(toPicklistValue({ value: '1', label: 'A', parentValue: '' })).not.toHaveProperty(
			'parentValue',
		);
		expect(toPicklistValue({ value: '1', label: 'A', parentValue: 3 })).not.toHaveProperty(
			'parentValue',
		);
	});

	it('reads a field without picklist as an empty list', () => {
		expect(picklistFromField(null)).toEqual([]);
		expect(picklistFromField(undefined)).toEqual([]);
		expect(picklistFromField('x')).toEqual([]);
		expect(STATUS).toHaveLength(5);
	});
});

describe('comparing ids and labels', () => {
	it('compares ids as trimmed text, integers without leading zeros', () => {
		expect(picklistIdKey(5)).toBe('5');
		expect(picklistIdKey(' 05 ')).toBe('5');
		expect(picklistIdKey('-1')).toBe('-1');
		expect(picklistIdKey('abc ')).toBe('abc');
		expect(picklistIdKey('')).toBeNull();
		expect(picklistIdKey('  ')).toBeNull();
		expect(picklistIdKey(null)).toBeNull();
		expect(picklistIdKey(undefined)).toBeNull();
	});

	it('compares labels with whitespace runs as one space, trimmed, case-insensitive', () => {
		expect(normalizePicklistLabel('  In   Progress ')).toBe('in progress');
		expect(normalizePicklistLabel('IN\tPROGRESS')).toBe('in progress');
		expect(normalizePicklistLabel(null)).toBe('');
		expect(normalizePicklistLabel(undefined)).toBe('');
	});
});

describe('finding entries', () => {
	it('by id, given as number or text', () => {
		expect(findPicklistById(STATUS, 5)?.label).toBe('Complete');
		expect(findPicklistById(STATUS, '5')?.label).toBe('Complete');
		expect(findPicklistById(STATUS, ' 005')?.label).toBe('Complete');
		expect(findPicklistById(STATUS, 99)).toBeUndefined();
		expect(findPicklistById(STATUS, '')).toBeUndefined();
		expect(findPicklistById(STATUS, null)).toBeUndefined();
		expect(findPicklistById(undefined, 5)).toBeUndefined();
		expect(findPicklistById(null, 5)).toBeUndefined();
		// Text ids (as on the wire) match numbers.
		expect(findPicklistById([{ value: '5', label: 'Complete' }], 5)?.label).toBe('Complete');
	});

	it('by label, case- and whitespace-insensitive, an active entry first', () => {
		expect(findPicklistByLabel(STATUS, 'complete')?.value).toBe(5);
		expect(findPicklistByLabel(STATUS, ' IN  PROGRESS ')?.value).toBe(8);
		// "On Hold" (17) is inactive; "on  hold" (18) is active and wins.
		expect(findPicklistByLabel(STATUS, 'On Hold')?.value).toBe(18);
		const allInactive = STATUS.map((v) => ({ ...v, isActive: false }));
		expect(findPicklistByLabel(allInactive, 'On Hold')?.value).toBe(17);
		expect(findPicklistByLabel(STATUS, 'Nope')).toBeUndefined();
		expect(findPicklistByLabel(STATUS, '   ')).toBeUndefined();
		expect(findPicklistByLabel(STATUS, 5)).toBeUndefined();
		expect(findPicklistByLabel(undefined, 'New')).toBeUndefined();
		// Entries without isActive count as active.
		expect(
			findPicklistByLabel(
				[
					{ value: 1, label: 'A' },
					{ value: 2, label: 'a' },
				],
				'A',
			)?.value,
		).toBe(1);
	});

	it('by id or label: the id first, then the label', () => {
		expect(findPicklistValue(STATUS, '8')?.label).toBe('In Progress');
		expect(findPicklistValue(STATUS, 8)?.label).toBe('In Progress');
		expect(findPicklistValue(STATUS, 'in progress')?.value).toBe(8);
		// A label that looks like an id of another entry: the id wins.
		const tricky = [
			{ value: 1, label: '2' },
			{ value: 2, label: 'Two' },
		];
		expect(findPicklistValue(tricky, '2')?.label).toBe('Two');
		expect(findPicklistValue(tricky, '3')).toBeUndefined();
		expect(findPicklistValue(STATUS, '')).toBeUndefined();
		expect(findPicklistValue(STATUS, undefined)).toBeUndefined();
	});

	it('label of an id and id of a label, or null', () => {
		expect(picklistLabelOf(STATUS, 5)).toBe('Complete');
		expect(picklistLabelOf(STATUS, '999')).toBeNull();
		expect(picklistLabelOf(STATUS, null)).toBeNull();
		expect(picklistLabelOf(undefined, 5)).toBeNull();
		expect(picklistIdOf(STATUS, 'complete')).toBe(5);
		expect(picklistIdOf(STATUS, 'Nope')).toBeNull();
		expect(picklistIdOf(STATUS, null)).toBeNull();
		expect(picklistIdOf([{ value: 'x', label: 'Text' }], 'text')).toBe('x');
	});
});

describe('lists for pickers and messages', () => {
	it('active entries in sortOrder, then label', () => {
		expect(activePicklistValues(STATUS).map((v) => v.value)).toEqual([1, 8, 5, 18]);
		const sameOrder = [
			{ value: 2, label: 'B' },
			{ value: 1, label: 'A' },
			{ value: 3, label: 'C', isActive: false },
		];
		expect(activePicklistValues(sameOrder).map((v) => v.value)).toEqual([1, 2]);
		// Does not reorder the list it was given.
		expect(sameOrder.map((v) => v.value)).toEqual([2, 1, 3]);
	});

	it('describes the active entries as "Label (id)"', () => {
		expect(describePicklist(STATUS)).toBe('New (1), Complete (5), In Progress (8), on  hold (18)');
		expect(describePicklist([])).toBe('');
	});

	it('the default entry: active default, else first active, else first', () => {
		expect(defaultPicklistValue(STATUS)?.value).toBe(1);
		const noDefault = STATUS.map((v) => ({ ...v, isDefaultValue: false }));
		expect(defaultPicklistValue(noDefault)?.value).toBe(1);
		const inactiveDefault = [
			{ value: 1, label: 'A', isActive: false, isDefaultValue: true },
			{ value: 2, label: 'B', isActive: true },
		];
		expect(defaultPicklistValue(inactiveDefault)?.value).toBe(2);
		expect(defaultPicklistValue([{ value: 1, label: 'A', isActive: false }])?.value).toBe(1);
		expect(defaultPicklistValue([])).toBeUndefined();
	});
});
