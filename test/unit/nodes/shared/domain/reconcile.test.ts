/**
 * The pure part of the reconcile sweep: which tickets are read, how the open-alert list and the
 * changed tickets merge, batching, the query filters, and each ticket's reason and alert state.
 */
import {
	alertsByTicket,
	companyIdsOf,
	openAlertsByTicket,
	reconcileEntries,
	settledChanges,
	resolvedAlertsByTicket,
	resolvedListingFrom,
	RESOLVED_WINDOW_SKEW_MS,
	ticketIdOf,
	ticketIdsToRead,
	ticketsById,
	ticketsNeedingResolvedCheck,
	type AlertRef,
	type ReconcileInput,
} from '../../../../../nodes/shared/domain/reconcile';
import {
	AUTOTASK_IDS_PER_QUERY,
	batches,
	changedSince,
	changedTicketsFilter,
	parseChangedWithinMinutes,
	RECONCILE_TICKET_FIELDS,
	ReconcileInputError,
	ticketIdsFilter,
} from '../../../../../nodes/shared/domain/reconcileQueries';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;

describe('parseChangedWithinMinutes', () => {
	it.each([
		[15, 15],
		['15', 15],
		[' 7.5 ', 7.5],
		[0.5, 0.5],
		[43200, 43200],
	])('accepts %p', (input, expected) => {
		expect(parseChangedWithinMinutes(input)).toBe(expected);
	});

	it.each([0, -1, '', ' ', 'abc', NaN, Infinity, null, undefined, {}, 43201])(
		'rejects %p',
		(input) => {
			expect(() => parseChangedWithinMinutes(input)).toThrow(ReconcileInputError);
		},
	);

	it('names the parameter', () => {
		expect(() => parseChangedWithinMinutes(-3)).toThrow(
			'Changed Within (Minutes) must be a positive number, got "-3"',
		);
	});
});

describe('changedSince and the changed-tickets filter', () => {
	it('is now minus the window, in UTC ISO 8601', () => {
		expect(changedSince(NOW, 15)).toBe('2026-12-01T11:45:00.000Z');
		expect(changedSince(NOW, 0.5)).toBe('2026-12-01T11:59:30.000Z');
	});

	it('asks for lastActivityDate greater than the start', () => {
		expect(changedTicketsFilter('2026-12-01T11:45:00.000Z')).toEqual([
			{ op: 'gt', field: 'lastActivityDate', value: '2026-12-01T11:45:00.000Z' },
		]);
	});

	it('refuses a non-date', () => {
		expect(() => changedTicketsFilter('yesterday-ish')).toThrow(ReconcileInputError);
	});
});

describe('ticketIdsFilter', () => {
	it('is one `in` condition on id', () => {
		expect(ticketIdsFilter([3, 1, 2])).toEqual([{ op: 'in', field: 'id', value: [3, 1, 2] }]);
	});

	it('takes up to 500 ids, no more, no fewer than one', () => {
		const ids = Array.from({ length: AUTOTASK_IDS_PER_QUERY }, (_, i) => i + 1);
		expect((ticketIdsFilter(ids)[0].value as number[]).length).toBe(500);
		expect(() => ticketIdsFilter([...ids, 501])).toThrow('at most 500 ids, got 501');
		expect(() => ticketIdsFilter([])).toThrow('at least one id');
	});

	it('refuses ids that are not positive whole numbers', () => {
		for (const bad of [0, -4, 1.5, Number.NaN, 2 ** 60]) {
			expect(() => ticketIdsFilter([1, bad])).toThrow(ReconcileInputError);
		}
	});

	it("does not share the caller's array", () => {
		const ids = [1, 2];
		const filter = ticketIdsFilter(ids);
		ids.push(3);
		expect(filter[0].value).toEqual([1, 2]);
	});
});

describe('batches', () => {
	it.each([
		[0, []],
		[1, [1]],
		[500, [500]],
		[501, [500, 1]],
		[1000, [500, 500]],
		[1234, [500, 500, 234]],
	])('%i ids -> batch sizes %p', (n, sizes) => {
		const ids = Array.from({ length: n }, (_, i) => i + 1);
		const out = batches(ids);
		expect(out.map((b) => b.length)).toEqual(sizes);
		expect(out.flat()).toEqual(ids);
	});

	it('takes another size and refuses a bad one', () => {
		expect(batches([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
		expect(() => batches([1], 0)).toThrow(ReconcileInputError);
		expect(() => batches([1], 1.5)).toThrow(ReconcileInputError);
	});
});

describe('ticketIdOf', () => {
	it.each([
		[{ id: 5 }, 5],
		[{ ID: 6 }, 6],
		[{ Id: '7' }, 7],
		[{ id: ' 8 ' }, 8],
	])('%p -> %p', (raw, id) => {
		expect(ticketIdOf(raw)).toBe(id);
	});

	it.each([
		[{}],
		[{ id: 0 }],
		[{ id: -1 }],
		[{ id: 'x' }],
		[{ id: 1.5 }],
		[null],
		[undefined],
		[{ ticketId: 5 }],
	])('%p -> undefined', (raw) => {
		expect(ticketIdOf(raw as Record<string, unknown>)).toBeUndefined();
	});
});

describe('alertsByTicket', () => {
	const alerts = [
		{ id: 1, alertKey: 'autotask-10', status: 'PENDING', reportTime: '2026-12-01T10:00:00Z' },
		{ id: 2, alertKey: ' AUTOTASK-11 ', status: 'ACCEPTED', reportTime: '2026-12-01T10:00:00Z' },
		{ id: 3, alertKey: 'nagios-host-1', status: 'PENDING' },
		{ id: 4, alertKey: 'autotask-12', status: 'RESOLVED' },
		{ id: 5, status: 'PENDING' },
		{ id: 6, alertKey: 'autotask-abc', status: 'PENDING' },
		{ id: 7, alertKey: 'autotask-0', status: 'PENDING' },
		{ id: 8, alertKey: 'autotask-13', status: 'pending' },
		{ id: 9, alertKey: 'autotask-14', status: 'NEW' },
	];

	it('keeps open alerts with an autotask-<id> key (any casing, trimmed), by ticket id', () => {
		const open = openAlertsByTicket(alerts);
		expect([...open.keys()].sort((a, b) => a - b)).toEqual([10, 11, 13]);
		expect(open.get(10)).toMatchObject({ id: 1, status: 'PENDING' });
		expect(open.get(11)).toMatchObject({ id: 2, status: 'ACCEPTED' });
		expect(open.get(13)).toMatchObject({ id: 8, status: 'PENDING' });
	});

	it('keeps resolved alerts apart', () => {
		const resolved = resolvedAlertsByTicket(alerts);
		expect([...resolved.keys()]).toEqual([12]);
		expect(resolved.get(12)).toMatchObject({ id: 4, status: 'RESOLVED' });
	});

	it('lets the newest alert of a ticket stand for it (report time, then larger id), whatever the order', () => {
		const three = [
			{ id: 20, alertKey: 'autotask-1', status: 'ACCEPTED', reportTime: '2026-11-01T00:00:00Z' },
			{ id: 22, alertKey: 'autotask-1', status: 'PENDING', reportTime: '2026-11-02T00:00:00Z' },
			{ id: 21, alertKey: 'autotask-1', status: 'ACCEPTED', reportTime: '2026-11-02T00:00:00Z' },
		];
		for (const order of [three, [...three].reverse(), [three[1], three[0], three[2]]]) {
			expect(openAlertsByTicket(order).get(1)).toMatchObject({ id: 22, status: 'PENDING' });
		}
	});

	it('ignores junk entries and alerts without an id keep null', () => {
		const out = alertsByTicket(
			[null as never, 'x' as never, { alertKey: 'autotask-3', status: 'ACCEPTED' }],
			['ACCEPTED'],
		);
		expect(out.get(3)).toMatchObject({ id: null, status: 'ACCEPTED' });
		expect(out.size).toBe(1);
	});
});

describe('ticketsById', () => {
	it('indexes by id, keeping the first of duplicates and dropping records without id', () => {
		const out = ticketsById([{ id: 1, v: 'a' }, { id: 2 }, { id: 1, v: 'b' }, { title: 'no id' }]);
		expect([...out.keys()]).toEqual([1, 2]);
		expect(out.get(1)).toEqual({ id: 1, v: 'a' });
	});
});

describe('ticketIdsToRead', () => {
	it('reads open-alert tickets the changed query did not return, once each, ascending', () => {
		expect(ticketIdsToRead([5, 3, 9, 3, 1], [9, 2])).toEqual([1, 3, 5]);
	});

	it('reads nothing when every open-alert ticket changed, or there are no open alerts', () => {
		expect(ticketIdsToRead([1, 2], [2, 1, 7])).toEqual([]);
		expect(ticketIdsToRead([], [1])).toEqual([]);
	});
});

describe('ticketsNeedingResolvedCheck', () => {
	it('is the changed tickets without an open alert', () => {
		const changed = new Map([3, 1, 2].map((id) => [id, { id }]));
		expect(ticketsNeedingResolvedCheck(changed, new Map([[2, {}]]))).toEqual([1, 3]);
		expect(ticketsNeedingResolvedCheck(changed, new Map([1, 2, 3].map((id) => [id, {}])))).toEqual(
			[],
		);
		expect(ticketsNeedingResolvedCheck(new Map(), new Map())).toEqual([]);
	});
});

describe('resolvedListingFrom', () => {
	it('starts at the oldest ticket creation less the clock margin', () => {
		const from = resolvedListingFrom(['2026-12-01T09:00:00Z', '2026-12-01T11:00:00Z'], NOW, 30);
		expect(from).toBe(
			new Date(Date.parse('2026-12-01T09:00:00Z') - RESOLVED_WINDOW_SKEW_MS).toISOString(),
		);
	});

	it('never goes further back than the look-back', () => {
		expect(resolvedListingFrom(['2020-01-01T00:00:00Z'], NOW, 30)).toBe(
			new Date(NOW - 30 * DAY).toISOString(),
		);
	});

	it('uses the full look-back when a creation date is missing or unreadable', () => {
		for (const dates of [[undefined], [null], ['not a date'], ['2026-12-01T11:00:00Z', '']]) {
			expect(resolvedListingFrom(dates, NOW, 7)).toBe(new Date(NOW - 7 * DAY).toISOString());
		}
		expect(resolvedListingFrom([], NOW, 7)).toBe(new Date(NOW - 7 * DAY).toISOString());
	});

	it('never starts in the future', () => {
		expect(resolvedListingFrom(['2027-01-01T00:00:00Z'], NOW, 30, 0)).toBe(
			new Date(NOW).toISOString(),
		);
	});

	it('refuses a bad look-back', () => {
		for (const bad of [0, -1, Number.NaN])
			expect(() => resolvedListingFrom([], NOW, bad)).toThrow(ReconcileInputError);
	});
});

describe('companyIdsOf', () => {
	it('is the distinct company ids, ascending, ignoring missing ones', () => {
		expect(
			companyIdsOf([
				{ companyID: 5 },
				{ CompanyID: '3' },
				{ companyID: 5 },
				undefined,
				{ companyID: null },
				{},
				{ companyID: 0 },
			]),
		).toEqual([0, 3, 5]);
	});
});

describe('reconcileEntries', () => {
	const open = (entries: Array<[number, AlertRef]>) => new Map(entries);
	const tickets = (...list: Array<Record<string, unknown>>) =>
		new Map(list.map((t) => [Number(t.id), t]));
	const base = (over: Partial<ReconcileInput>): ReconcileInput => ({
		openAlerts: new Map(),
		changed: new Map(),
		read: new Map(),
		windowMinutes: 15,
		alertSourceId: '1001',
		...over,
	});

	it('an open alert whose ticket was read: updated, with the alert state of the alert', () => {
		const [pending, accepted] = reconcileEntries(
			base({
				openAlerts: open([
					[1, { id: 11, status: 'PENDING' }],
					[2, { id: 12, status: 'ACCEPTED' }],
				]),
				read: tickets({ id: 1, status: 5 }, { id: 2, status: 1 }),
			}),
		);
		expect(pending).toEqual({
			ticketId: 1,
			event: 'updated',
			ticket: { id: 1, status: 5 },
			reason: 'open-alert',
			eventReason: 'Reconcile: ilert alert 11 with key autotask-1 is PENDING',
			alertState: 'pending',
			alert: { id: 11, status: 'PENDING' },
		});
		expect(accepted).toMatchObject({
			ticketId: 2,
			alertState: 'accepted',
			alert: { id: 12, status: 'ACCEPTED' },
			reason: 'open-alert',
		});
	});

	it('an open alert whose ticket also changed: the changed record, both reasons', () => {
		const [entry] = reconcileEntries(
			base({
				openAlerts: open([[4, { id: 14, status: 'PENDING' }]]),
				changed: tickets({ id: 4, status: 8, lastActivityDate: '2026-12-01T11:50:00Z' }),
				read: tickets({ id: 4, status: 1 }),
			}),
		);
		expect(entry).toMatchObject({
			event: 'updated',
			reason: 'open-alert-and-changed',
			ticket: { id: 4, status: 8 },
			alertState: 'pending',
		});
		expect(entry.eventReason).toBe(
			'Reconcile: ilert alert 14 with key autotask-4 is PENDING; ticket changed in the last 15 minutes (last activity 2026-12-01T11:50:00Z)',
		);
	});

	it('an open alert whose ticket Autotask no longer has: deleted, with the known id and the alert', () => {
		const [entry] = reconcileEntries(
			base({ openAlerts: open([[7, { id: 17, status: 'ACCEPTED' }]]) }),
		);
		expect(entry).toEqual({
			ticketId: 7,
			event: 'deleted',
			reason: 'ticket-missing',
			eventReason:
				'Reconcile: ilert alert 17 with key autotask-7 is ACCEPTED, but Autotask has no ticket 7 (deleted, or not visible to the API user)',
			alertState: 'accepted',
			alert: { id: 17, status: 'ACCEPTED' },
		});
		expect(entry.ticket).toBeUndefined();
	});

	it('a changed ticket without open alert: resolved when a resolved alert has its key, else none', () => {
		const entries = reconcileEntries(
			base({
				changed: tickets(
					{ id: 8, status: 1 },
					{ id: 9, status: 1, lastActivityDate: '2026-12-01T11:59:00Z' },
				),
				resolved: new Map([[8, { id: 18, status: 'RESOLVED' }]]),
			}),
		);
		expect(entries[0]).toMatchObject({
			ticketId: 8,
			reason: 'changed',
			alertState: 'resolved',
			alert: { id: 18, status: 'RESOLVED' },
		});
		expect(entries[0].eventReason).toBe(
			'Reconcile: ticket changed in the last 15 minutes; no open alert in source 1001; alert 18 with key autotask-8 was resolved',
		);
		expect(entries[1]).toMatchObject({
			ticketId: 9,
			reason: 'changed',
			alertState: 'none',
			alert: null,
		});
		expect(entries[1].eventReason).toBe(
			'Reconcile: ticket changed in the last 15 minutes (last activity 2026-12-01T11:59:00Z); no alert with key autotask-9 open in source 1001, nor among its resolved alerts in the window',
		);
	});

	it('says when the resolved listing was cut at its cap', () => {
		const [entry] = reconcileEntries(
			base({ changed: tickets({ id: 9 }), resolved: new Map(), resolvedTruncated: true }),
		);
		expect(entry.alertState).toBe('none');
		expect(entry.eventReason).toContain('the cap was reached; older ones were not searched');
	});

	it('an open alert wins over a resolved one of the same ticket', () => {
		const [entry] = reconcileEntries(
			base({
				openAlerts: open([[3, { id: 33, status: 'PENDING' }]]),
				changed: tickets({ id: 3 }),
				resolved: new Map([[3, { id: 30, status: 'RESOLVED' }]]),
			}),
		);
		expect(entry).toMatchObject({ alertState: 'pending', alert: { id: 33 } });
	});

	it('refuses to guess "none" for a changed ticket when resolved alerts were not listed', () => {
		expect(() => reconcileEntries(base({ changed: tickets({ id: 9 }) }))).toThrow(
			ReconcileInputError,
		);
	});

	it('reads no ticket twice and emits nothing for an empty sweep', () => {
		expect(reconcileEntries(base({}))).toEqual([]);
	});

	it('merges any open-alert set and changed set: one entry per ticket, ascending, states consistent (exhaustive over 4 ids)', () => {
		const ids = [1, 2, 3, 4];
		const statuses: Array<AlertRef['status'] | undefined> = [undefined, 'PENDING', 'ACCEPTED'];
		// Every ticket independently: alert none/pending/accepted, changed yes/no, readable yes/no, resolved yes/no.
		const perTicket: Array<{
			alert?: AlertRef['status'];
			changed: boolean;
			readable: boolean;
			resolved: boolean;
		}> = [];
		for (const alert of statuses)
			for (const changed of [false, true])
				for (const readable of [false, true])
					for (const resolved of [false, true])
						perTicket.push({ alert, changed, readable, resolved });
		let cases = 0;
		for (let a = 0; a < perTicket.length; a += 5)
			for (let b = 1; b < perTicket.length; b += 7)
				for (let c = 2; c < perTicket.length; c += 3) {
					const chosen = [
						perTicket[a],
						perTicket[b],
						perTicket[c],
						perTicket[(a + b + c) % perTicket.length],
					];
					const input = base({
						openAlerts: new Map(
							chosen.flatMap((t, i) =>
								t.alert ? [[ids[i], { id: 100 + ids[i], status: t.alert } as AlertRef]] : [],
							),
						),
						changed: new Map(
							chosen.flatMap((t, i) =>
								t.changed ? [[ids[i], { id: ids[i], changed: true }]] : [],
							),
						),
						read: new Map(
							chosen.flatMap((t, i) =>
								t.readable && t.alert && !t.changed ? [[ids[i], { id: ids[i] }]] : [],
							),
						),
						resolved: new Map(
							chosen.flatMap((t, i) =>
								t.resolved ? [[ids[i], { id: 200 + ids[i], status: 'RESOLVED' } as AlertRef]] : [],
							),
						),
					});
					const entries = reconcileEntries(input);
					const expectedIds = ids.filter((_, i) => chosen[i].alert || chosen[i].changed);
					expect(entries.map((e) => e.ticketId)).toEqual(expectedIds);
					for (const entry of entries) {
						const t = chosen[ids.indexOf(entry.ticketId)];
						if (t.alert) {
							expect(entry.alertState).toBe(t.alert === 'ACCEPTED' ? 'accepted' : 'pending');
							expect(entry.event).toBe(t.changed || t.readable ? 'updated' : 'deleted');
							expect(entry.reason).toBe(
								t.changed ? 'open-alert-and-changed' : t.readable ? 'open-alert' : 'ticket-missing',
							);
						} else {
							expect(entry.event).toBe('updated');
							expect(entry.reason).toBe('changed');
							expect(entry.alertState).toBe(t.resolved ? 'resolved' : 'none');
						}
						expect(entry.eventReason.startsWith('Reconcile: ')).toBe(true);
						expect(entry.event === 'deleted').toBe(entry.ticket === undefined);
					}
					cases++;
				}
		expect(cases).toBeGreaterThan(100);
	});
});

describe('RECONCILE_TICKET_FIELDS', () => {
	it('includes id (Autotask requires it for more than 500 results) and every field the normalised ticket reads', () => {
		expect(RECONCILE_TICKET_FIELDS).toContain('id');
		for (const f of [
			'ticketNumber',
			'title',
			'status',
			'priority',
			'queueID',
			'companyID',
			'lastActivityDate',
			'createDate',
			'completedDate',
		]) {
			expect(RECONCILE_TICKET_FIELDS).toContain(f);
		}
	});
});

describe('settledChanges: a ticket without alert that changed just now is left to the next sweep', () => {
	const at = (iso: string) => ({ id: 1, lastActivityDate: iso });
	const cut = Date.parse('2026-12-01T10:00:00Z');

	it('keeps tickets with an open alert whatever their activity, and settled ones without', () => {
		const changed = new Map<number, Record<string, unknown>>([
			[1, at('2026-12-01T10:00:30Z')],
			[2, at('2026-12-01T10:00:30Z')],
			[3, at('2026-12-01T09:59:00Z')],
			[4, at('2026-12-01T10:00:00Z')],
			[5, { id: 5 }],
		]);
		const { settled, unsettled } = settledChanges(changed, new Map([[1, {}]]), cut);
		expect([...settled.keys()].sort()).toEqual([1, 3, 4, 5]);
		expect(unsettled).toEqual([2]);
	});

	it('leaves nothing out with a settle point in the future of every change', () => {
		const changed = new Map<number, Record<string, unknown>>([[7, at('2026-12-01T10:00:30Z')]]);
		expect(settledChanges(changed, new Map(), cut + 60_000).unsettled).toEqual([]);
	});
});
