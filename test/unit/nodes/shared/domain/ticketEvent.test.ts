import {
	classifyCalloutEvent,
	DEFAULT_CREATED_WINDOW_MS,
	parseDeclaredEvent,
} from '../../../../../nodes/shared/domain/ticketEvent';

const created = '2026-01-01T10:00:00Z';
const at = (seconds: number) => new Date(Date.parse(created) + seconds * 1000).toISOString();

describe('created or updated for a callout', () => {
	it.each([
		[0, 'created'],
		[DEFAULT_CREATED_WINDOW_MS / 1000, 'created'],
		[DEFAULT_CREATED_WINDOW_MS / 1000 + 1, 'updated'],
		[3600, 'updated'],
		[-5, 'created'],
	])('a ticket with last activity %s s after its creation is %s', (seconds, event) => {
		expect(classifyCalloutEvent({ createDate: created, lastActivityDate: at(seconds) }).event).toBe(
			event,
		);
	});

	it('calls a ticket without a last activity created, and an unreadable one updated', () => {
		expect(classifyCalloutEvent({ createDate: created, lastActivityDate: null })).toMatchObject({
			event: 'created',
		});
		expect(classifyCalloutEvent({ createDate: null, lastActivityDate: null })).toEqual({
			event: 'updated',
			reason: 'the ticket could not be read, so creation cannot be told from an update',
		});
		expect(classifyCalloutEvent({ createDate: 'not a date' }).event).toBe('updated');
	});

	it('honours the created window', () => {
		expect(
			classifyCalloutEvent({
				createDate: created,
				lastActivityDate: at(30),
				createdWindowMs: 60_000,
			}),
		).toEqual({
			event: 'created',
			reason: "the ticket's last activity is within 60 s of its creation",
		});
		expect(
			classifyCalloutEvent({ createDate: created, lastActivityDate: at(30), createdWindowMs: 0 })
				.event,
		).toBe('updated');
	});

	it('lets the callout URL say it, whatever the ticket says', () => {
		expect(
			classifyCalloutEvent({
				declared: 'created',
				createDate: created,
				lastActivityDate: at(3600),
			}),
		).toEqual({
			event: 'created',
			reason: 'the callout URL says event=created',
		});
		expect(
			classifyCalloutEvent({
				declared: ['Updated'],
				createDate: created,
				lastActivityDate: created,
			}).event,
		).toBe('updated');
	});

	it('is the same answer every time for the same ticket (no memory)', () => {
		const evidence = { createDate: created, lastActivityDate: at(20) };
		const answers = Array.from({ length: 5 }, () => classifyCalloutEvent(evidence));
		expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
	});
});

describe('the event a callout URL declares', () => {
	it.each([
		['created', 'created'],
		['CREATE', 'created'],
		[' updated ', 'updated'],
		['edited', 'updated'],
	])('%s -> %s', (given, event) => {
		expect(parseDeclaredEvent(given)).toEqual({ ok: true, event });
	});

	it('is absent for nothing, and an error for anything else', () => {
		expect(parseDeclaredEvent(undefined)).toBeUndefined();
		expect(parseDeclaredEvent('')).toBeUndefined();
		expect(parseDeclaredEvent('deleted')).toMatchObject({
			ok: false,
			message: expect.stringContaining('event=deleted'),
		});
		expect(parseDeclaredEvent('x'.repeat(100))).toMatchObject({ ok: false });
		expect(JSON.stringify(parseDeclaredEvent('x'.repeat(100))).length).toBeLessThan(120);
	});
});
