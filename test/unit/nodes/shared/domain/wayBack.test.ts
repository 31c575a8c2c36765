import {
	STATUS_CLASS_IDS,
	type StatusClass,
} from '../../../../../nodes/shared/domain/statusClasses';
import {
	decideForwardMove,
	decideWayBack,
	parseAlertStatus,
	wayBackEvent,
	wayBackTarget,
	type AlertStatus,
	type WayBackEvent,
} from '../../../../../nodes/shared/domain/wayBack';

const EVENTS: WayBackEvent[] = ['accepted', 'resolved', 'autoResolved', 'other'];
const STATUSES: Array<AlertStatus | null> = [null, 'PENDING', 'ACCEPTED', 'RESOLVED'];

describe('wayBackEvent and parseAlertStatus', () => {
	it.each([
		['alert-acknowledged', 'accepted'],
		['incident-acknowledged', 'accepted'],
		['ALERT-RESOLVED', 'resolved'],
		['incident-resolved', 'resolved'],
		['alert-auto-resolved', 'autoResolved'],
		['alert-created', 'other'],
		['alert-assigned', 'other'],
		['alert-comment-added', 'other'],
		['', 'other'],
		[null, 'other'],
	])('%j -> %s', (value, event) => {
		expect(wayBackEvent(value)).toBe(event);
	});

	it('reads ilert statuses in any casing, else null', () => {
		expect(parseAlertStatus('resolved')).toBe('RESOLVED');
		expect(parseAlertStatus(' Accepted ')).toBe('ACCEPTED');
		expect(parseAlertStatus('PENDING')).toBe('PENDING');
		expect(parseAlertStatus('NEW')).toBeNull();
		expect(parseAlertStatus(undefined)).toBeNull();
	});
});

describe('decideForwardMove: every class x target', () => {
	// Expected: true = written, false = skipped. Rows: current class; columns: target (null = no status).
	const expected: Record<StatusClass, Record<StatusClass | 'none', boolean>> = {
		new: { none: true, new: false, inProgress: true, onHold: true, closed: true, other: false },
		inProgress: {
			none: true,
			new: false,
			inProgress: false,
			onHold: false,
			closed: true,
			other: false,
		},
		onHold: {
			none: true,
			new: false,
			inProgress: false,
			onHold: false,
			closed: true,
			other: false,
		},
		closed: {
			none: false,
			new: false,
			inProgress: false,
			onHold: false,
			closed: false,
			other: false,
		},
		other: { none: true, new: false, inProgress: false, onHold: false, closed: true, other: false },
	};
	const cases = STATUS_CLASS_IDS.flatMap((from) =>
		([...STATUS_CLASS_IDS, 'none'] as Array<StatusClass | 'none'>).map((to) => [from, to] as const),
	);

	it('covers all 30 combinations', () => {
		expect(cases).toHaveLength(30);
	});

	it.each(cases)('%s -> %s', (from, to) => {
		const decision = decideForwardMove({ from, to: to === 'none' ? null : to });
		expect(decision.allowed).toBe(expected[from][to]);
		expect(decision.reason).toMatch(/\S/);
	});

	it('names why a closed ticket is left alone', () => {
		expect(decideForwardMove({ from: 'closed', to: 'inProgress' }).reason).toMatch(
			/never changes a closed ticket/,
		);
	});
});

describe('decideWayBack: every event x alert status x ticket class', () => {
	function expectedWrite(
		event: WayBackEvent,
		status: AlertStatus | null,
		cls: StatusClass,
	): string | null {
		// The target: ilert's RESOLVED wins; a resolve that ilert does not confirm does nothing,
		// nor does an accept of a PENDING alert; other events change nothing.
		let target: 'setInProgress' | 'complete' | null;
		if (status === 'RESOLVED') target = 'complete';
		else if (event === 'resolved' || event === 'autoResolved')
			target = status === null ? 'complete' : null;
		else if (event === 'accepted') target = status === 'PENDING' ? null : 'setInProgress';
		else target = null;
		if (target === 'complete') return cls === 'closed' ? null : 'complete';
		if (target === 'setInProgress') return cls === 'new' ? 'setInProgress' : null;
		return null;
	}
	const cases = EVENTS.flatMap((event) =>
		STATUSES.flatMap((status) => STATUS_CLASS_IDS.map((cls) => [event, status, cls] as const)),
	);

	it('covers all 80 combinations', () => {
		expect(cases).toHaveLength(4 * 4 * 5);
	});

	it.each(cases)('%s, alert %s, ticket %s', (event, alertStatus, ticketClass) => {
		const decision = decideWayBack({ event, alertStatus, ticketClass });
		const write = expectedWrite(event, alertStatus, ticketClass);
		expect(decision.write).toBe(write);
		expect(decision.assign).toBe(write === 'setInProgress');
		// The target the ilert Trigger emits is the same, whatever the ticket.
		expect(decision.target).toBe(wayBackTarget(event, alertStatus).target);
		expect(decision.reason).toMatch(
			write === null ? /^Skipped/ : /^(Complete|Set the ticket In Progress)/,
		);
	});

	it("the brief's examples", () => {
		expect(decideWayBack({ event: 'accepted', ticketClass: 'new' })).toMatchObject({
			write: 'setInProgress',
			assign: true,
		});
		for (const ticketClass of ['inProgress', 'onHold', 'closed'] as const) {
			const d = decideWayBack({ event: 'accepted', alertStatus: 'ACCEPTED', ticketClass });
			expect(d).toMatchObject({ write: null, assign: false, target: 'setInProgress' });
			expect(d.reason).toMatch(/already past New, so this accept is probably the package's own/);
		}
		expect(
			decideWayBack({ event: 'resolved', alertStatus: 'RESOLVED', ticketClass: 'inProgress' })
				.write,
		).toBe('complete');
		expect(
			decideWayBack({ event: 'autoResolved', alertStatus: 'RESOLVED', ticketClass: 'onHold' })
				.write,
		).toBe('complete');
		const echo = decideWayBack({
			event: 'resolved',
			alertStatus: 'RESOLVED',
			ticketClass: 'closed',
		});
		expect(echo.write).toBeNull();
		expect(echo.reason).toMatch(/probably the package's own/);
	});

	it('an old accept delivered after the alert was resolved never reopens a completed ticket', () => {
		const d = decideWayBack({ event: 'accepted', alertStatus: 'RESOLVED', ticketClass: 'closed' });
		expect(d.write).toBeNull();
		// ... and on an open ticket it completes it (ilert's current state wins over the event).
		expect(
			decideWayBack({ event: 'accepted', alertStatus: 'RESOLVED', ticketClass: 'inProgress' })
				.write,
		).toBe('complete');
	});
});
