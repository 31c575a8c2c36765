import {
	LifecycleInputError,
	type StatusOverride,
} from '../../../../../nodes/shared/domain/lifecycleInput';
import { decideLifecycle } from '../../../../../nodes/shared/domain/lifecycleDecision';
import { STATUS_CLASS_IDS } from '../../../../../nodes/shared/domain/statusClasses';
import {
	ALERT_STATES,
	ALL_NAMED,
	CLASS_R,
	CUSTOM_STATUS,
	EVENTS,
	expectedAction,
	oddForms,
	STATUS_PICKLIST,
	statusId,
} from '../../../support/lifecycleFixtures';

const STATUSES = [...ALL_NAMED, CUSTOM_STATUS];

/** Every way the same status can reach the lifecycle. */
function inputForms(label: string) {
	const id = statusId(label);
	return [
		{ how: 'label', status: { label } },
		{ how: 'label and id', status: { label, id } },
		{ how: 'id with picklist', status: { id }, picklist: STATUS_PICKLIST },
		{ how: 'id as string with picklist', status: { id: ` ${id} ` }, picklist: STATUS_PICKLIST },
		{ how: 'null label, id with picklist', status: { label: null, id }, picklist: STATUS_PICKLIST },
		...oddForms(label).map((odd) => ({
			how: `label ${JSON.stringify(odd)}`,
			status: { label: odd },
		})),
	];
}

describe('preset lifecycle: every named status, custom status, event, alert state and reopen option', () => {
	const cases = STATUSES.flatMap((label) =>
		EVENTS.flatMap((event) =>
			ALERT_STATES.flatMap((alertState) =>
				[false, true].map((reAlert) => [label, event, alertState, reAlert] as const),
			),
		),
	);

	test.each(cases)('%s / %s / alert %s / re-alert %s', (label, event, alertState, reAlert) => {
		const want = expectedAction(event, label, alertState, reAlert);
		for (const form of inputForms(label)) {
			const decision = decideLifecycle({
				event,
				status: form.status,
				alertState,
				reAlertReopened: reAlert,
				picklist: form.picklist,
			});
			expect({ how: form.how, action: decision.action }).toEqual({ how: form.how, action: want });
			expect(decision.event).toBe(event);
			expect(decision.alertState).toBe(alertState);
			if (event !== 'deleted' || form.status.label !== undefined) {
				expect(decision.status.class).not.toBeNull();
			}
			expect(decision.rule).toMatch(
				new RegExp(
					`^(Create|Accept|Resolve|Reject|Unchanged): .+\\. From .+, row ${decision.ruleId}\\.$`,
				),
			);
		}
	});

	test('a status in class R is "New"-like on nothing: created rejects, as ilert answers 400', () => {
		for (const label of CLASS_R) {
			const d = decideLifecycle({ event: 'created', status: { label }, alertState: 'none' });
			expect(d.action).toBe('reject');
			expect(d.rule).toContain('400 Bad Request');
		}
	});
});

describe('rule sentence', () => {
	test('names the row, the status as received, its class, the alert state and the reason', () => {
		const d = decideLifecycle({
			event: 'updated',
			status: { label: ' complete ', id: 5 },
			alertState: 'accepted',
		});
		expect(d).toEqual({
			action: 'resolve',
			ruleId: 'U6',
			rule: 'Resolve: ticket updated with status "complete" (class Complete or Denied) and its alert is accepted, so the alert is resolved. From ilert\'s Autotask lifecycle, row U6.',
			event: 'updated',
			status: { id: 5, label: 'complete', class: 'closed' },
			alertState: 'accepted',
		});
	});

	test("custom status says that ilert's table does not name it", () => {
		const d = decideLifecycle({
			event: 'updated',
			status: { label: CUSTOM_STATUS },
			alertState: 'pending',
		});
		expect(d.rule).toBe(
			`Unchanged: ticket updated with status "${CUSTOM_STATUS}" (a status ilert's table does not name) and its alert is pending, so any other status leaves an existing alert unchanged (a resolved alert counts as existing). From ilert's Autotask lifecycle, row U11.`,
		);
	});

	test('override is named in the sentence', () => {
		const d = decideLifecycle({
			event: 'updated',
			status: { label: CUSTOM_STATUS },
			alertState: 'pending',
			overrides: [{ status: CUSTOM_STATUS, class: 'closed' }],
		});
		expect(d.rule).toContain('by your status override');
		expect(d.action).toBe('resolve');
	});

	test('created does not mention the alert state, deleted does not need a status', () => {
		const created = decideLifecycle({ event: 'created', status: { label: 'New' } });
		expect(created.alertState).toBeNull();
		expect(created.rule).toBe(
			'Create: ticket created with status "New" (class New), so an alert is created. From ilert\'s Autotask lifecycle, row C1.',
		);
		const deleted = decideLifecycle({ event: 'deleted', status: {}, alertState: 'accepted' });
		expect(deleted.action).toBe('resolve');
		expect(deleted.status).toEqual({ id: null, label: null, class: null });
		expect(deleted.rule).toMatch(
			/^Resolve: ticket deleted and its alert is accepted, so its open alert is resolved/,
		);
	});

	test('a created ticket that already has an alert is decided as an update, and says so', () => {
		const repeat = decideLifecycle({
			event: 'created',
			status: { label: 'In Progress' },
			alertState: 'pending',
		});
		expect(repeat).toMatchObject({
			action: 'accept',
			ruleId: 'U8',
			event: 'created',
			alertState: 'pending',
		});
		expect(repeat.rule).toBe(
			'Accept: ticket reported as created, decided as an update because it already has an alert, with status "In Progress" (class In Progress) and its alert is pending, so the alert is accepted. From ilert\'s Autotask lifecycle, row U8.',
		);
		const closed = decideLifecycle({
			event: 'created',
			status: { label: 'Complete' },
			alertState: 'accepted',
		});
		expect(closed).toMatchObject({ action: 'resolve', ruleId: 'U6' });
		const none = decideLifecycle({
			event: 'created',
			status: { label: 'Complete' },
			alertState: 'none',
		});
		expect(none).toMatchObject({ action: 'reject', ruleId: 'C2' });
	});

	test('a deleted ticket with an unnamed status id still decides, and reports the id', () => {
		const d = decideLifecycle({ event: 'deleted', status: { id: 99 }, alertState: 'none' });
		expect(d.action).toBe('unchanged');
		expect(d.status).toEqual({ id: 99, label: null, class: null });
	});

	test('event synonyms and casing', () => {
		for (const [raw, event] of [
			[' Created ', 'created'],
			['CREATE', 'created'],
			['Update', 'updated'],
			['edited', 'updated'],
			['DELETE', 'deleted'],
		] as const) {
			expect(
				decideLifecycle({ event: raw, status: { label: 'New' }, alertState: 'none' }).event,
			).toBe(event);
		}
	});

	test('alert state casing: ilert status names work', () => {
		expect(
			decideLifecycle({ event: 'updated', status: { label: 'In Progress' }, alertState: 'PENDING' })
				.action,
		).toBe('accept');
		expect(
			decideLifecycle({
				event: 'updated',
				status: { label: 'In Progress' },
				alertState: ' Accepted ',
			}).action,
		).toBe('unchanged');
	});
});

describe('tenant statuses: overrides win over the preset', () => {
	test('a custom label assigned to each class behaves like that class', () => {
		const exemplar: Record<string, string> = {
			new: 'New',
			inProgress: 'In Progress',
			closed: 'Complete',
			onHold: 'Waiting Vendor',
			other: CUSTOM_STATUS,
		};
		for (const cls of STATUS_CLASS_IDS) {
			const overrides: StatusOverride[] = [{ status: ' customer   REVIEW ', class: cls }];
			for (const event of EVENTS) {
				for (const alertState of ALERT_STATES) {
					for (const reAlert of [false, true]) {
						const got = decideLifecycle({
							event,
							status: { label: CUSTOM_STATUS },
							alertState,
							reAlertReopened: reAlert,
							overrides,
						});
						expect({ cls, event, alertState, reAlert, action: got.action }).toEqual({
							cls,
							event,
							alertState,
							reAlert,
							action: expectedAction(event, exemplar[cls], alertState, reAlert),
						});
						if (event !== 'deleted') expect(got.status.class).toBe(cls);
					}
				}
			}
		}
	});

	test('override by id matches a label-only input through the picklist', () => {
		const d = decideLifecycle({
			event: 'updated',
			status: { label: CUSTOM_STATUS },
			alertState: 'pending',
			picklist: STATUS_PICKLIST,
			overrides: [{ status: '30', class: 'onHold' }],
		});
		expect(d.action).toBe('accept');
		expect(d.status).toEqual({ id: 30, label: CUSTOM_STATUS, class: 'onHold' });
	});

	test('override by label matches an id-only input through the picklist', () => {
		const d = decideLifecycle({
			event: 'created',
			status: { id: 30 },
			picklist: STATUS_PICKLIST,
			overrides: [{ status: 'Customer Review', class: 'closed' }],
		});
		expect(d.action).toBe('reject');
		expect(d.status.label).toBe(CUSTOM_STATUS);
	});

	test('override by id works without picklist or label, as number or string', () => {
		for (const key of [30, '30', ' 30 ']) {
			const d = decideLifecycle({
				event: 'updated',
				status: { id: 30 },
				alertState: 'accepted',
				overrides: [{ status: key, class: 'closed' }],
			});
			expect(d.action).toBe('resolve');
			expect(d.status.label).toBeNull();
			expect(d.rule).toContain('status id 30 (class Complete or Denied by your status override)');
		}
	});

	test('an id override wins over a label override for the same status', () => {
		const d = decideLifecycle({
			event: 'created',
			status: { label: 'Waiting Customer', id: 7 },
			alertState: 'none',
			overrides: [
				{ status: 'Waiting Customer', class: 'closed' },
				{ status: 7, class: 'new' },
			],
		});
		expect(d.action).toBe('create');
		expect(d.status.class).toBe('new');
	});

	test('a preset status can be moved: Waiting Customer as "any other" creates alerts on creation', () => {
		const overrides: StatusOverride[] = [{ status: 'waiting customer', class: 'other' }];
		expect(
			decideLifecycle({ event: 'created', status: { label: 'Waiting Customer' }, overrides })
				.action,
		).toBe('create');
		expect(
			decideLifecycle({
				event: 'updated',
				status: { label: 'Waiting Customer' },
				alertState: 'pending',
				overrides,
			}).action,
		).toBe('unchanged');
		// and without the override, the preset applies
		expect(
			decideLifecycle({ event: 'created', status: { label: 'Waiting Customer' } }).action,
		).toBe('reject');
	});

	test('a renamed tenant status: id 5 now labelled "Closed" is unknown to the preset until overridden', () => {
		const renamed = STATUS_PICKLIST.map((e) => (e.value === '5' ? { ...e, label: 'Closed' } : e));
		const base = {
			event: 'updated',
			status: { id: 5 },
			alertState: 'accepted',
			picklist: renamed,
		} as const;
		expect(decideLifecycle(base).action).toBe('unchanged');
		expect(decideLifecycle(base).status.class).toBe('other');
		const fixed = decideLifecycle({ ...base, overrides: [{ status: 'closed', class: 'closed' }] });
		expect(fixed.action).toBe('resolve');
		const byId = decideLifecycle({
			...base,
			status: { label: 'Closed' },
			overrides: [{ status: 5, class: 'closed' }],
		});
		expect(byId.action).toBe('resolve');
	});

	test("a label override matches the picklist's current label when the input carries an old one", () => {
		const renamed = STATUS_PICKLIST.map((e) =>
			e.value === '30' ? { ...e, label: 'Awaiting Review' } : e,
		);
		const d = decideLifecycle({
			event: 'updated',
			status: { label: CUSTOM_STATUS, id: 30 },
			alertState: 'pending',
			picklist: renamed,
			overrides: [{ status: 'Awaiting Review', class: 'closed' }],
		});
		expect(d.action).toBe('resolve');
	});
});

describe('bad input names the field', () => {
	function fieldOf(fn: () => unknown): { field: string; message: string } {
		try {
			fn();
		} catch (error) {
			expect(error).toBeInstanceOf(LifecycleInputError);
			return { field: (error as LifecycleInputError).field, message: (error as Error).message };
		}
		throw new Error('expected an error');
	}

	test.each([
		[
			'no status at all',
			{ event: 'updated', status: {}, alertState: 'none' },
			'status',
			/No ticket status/,
		],
		[
			'blank label, null id',
			{ event: 'created', status: { label: '  ', id: null } },
			'status',
			/No ticket status/,
		],
		[
			'id without picklist or override',
			{ event: 'created', status: { id: 30 } },
			'status',
			/status id 30 has no label.*override/,
		],
		[
			'id missing from the picklist',
			{ event: 'created', status: { id: 99 }, picklist: STATUS_PICKLIST },
			'status',
			/status id 99 has no label: it is not in the tenant's status picklist/,
		],
		[
			'id not a number',
			{ event: 'created', status: { id: 'abc' } },
			'status',
			/"abc" is not a whole number/,
		],
		[
			'empty event',
			{ event: '', status: { label: 'New' }, alertState: 'none' },
			'event',
			/No ticket event/,
		],
		[
			'undefined event',
			{ event: undefined, status: { label: 'New' }, alertState: 'none' },
			'event',
			/No ticket event/,
		],
		[
			'unknown event',
			{ event: 'closed', status: { label: 'New' }, alertState: 'none' },
			'event',
			/Unknown ticket event "closed"/,
		],
		[
			'unknown alert state',
			{ event: 'updated', status: { label: 'New' }, alertState: 'open' },
			'alertState',
			/Unknown alert state "open"/,
		],
		[
			'missing alert state on update',
			{ event: 'updated', status: { label: 'New' } },
			'alertState',
			/No alert state/,
		],
		[
			'empty alert state on create',
			{ event: 'created', status: { label: 'New' }, alertState: '' },
			'alertState',
			/No alert state/,
		],
		[
			'null alert state on delete',
			{ event: 'deleted', status: {}, alertState: null },
			'alertState',
			/No alert state/,
		],
	])('%s', (_name, input, field, message) => {
		const got = fieldOf(() => decideLifecycle(input as Parameters<typeof decideLifecycle>[0]));
		expect(got.field).toBe(field);
		expect(got.message).toMatch(message);
	});
});
