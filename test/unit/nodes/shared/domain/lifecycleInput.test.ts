import { classifyStatus } from '../../../../../nodes/shared/domain/lifecycleInput';
import { CUSTOM_STATUS, STATUS_PICKLIST } from '../../../support/lifecycleFixtures';

describe('classifyStatus', () => {
	test('reports where the label and the class came from', () => {
		expect(classifyStatus({ id: 8 }, { picklist: STATUS_PICKLIST })).toEqual({
			id: 8,
			label: 'In Progress',
			class: 'inProgress',
			classSource: 'preset',
			labelSource: 'picklist',
		});
		expect(classifyStatus({ label: CUSTOM_STATUS }, { picklist: STATUS_PICKLIST })).toEqual({
			id: 30,
			label: CUSTOM_STATUS,
			class: 'other',
			classSource: 'other',
			labelSource: 'input',
		});
	});
});
