import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { BusinessHours } from '../../../../nodes/BusinessHours/BusinessHours.node';
import { startAutotaskSimulator } from '../../../simulators';
import {
	autotaskSimulatorCredential,
	createExecuteContext,
	createLoadOptionsContext,
	type MockExecuteFunctions,
	type ParameterValue,
} from '../../../support';
import { processState, resetProcessState } from '../../../../nodes/shared/transport/processState';

type Sim = Awaited<ReturnType<typeof startAutotaskSimulator>>;

let sim: Sim;

function credentials() {
	return { autotaskIlertAutotaskApi: autotaskSimulatorCredential(sim, { maxRetryWaitSeconds: 5 }) };
}

interface Routed {
	inHours: INodeExecutionData[];
	outside: INodeExecutionData[];
	ctx: MockExecuteFunctions;
}

async function run(
	parameters: Record<string, ParameterValue>,
	items: INodeExecutionData[] = [{ json: {} }],
	extra: { continueOnFail?: boolean; timezone?: string } = {},
): Promise<Routed> {
	const ctx = createExecuteContext({
		parameters,
		items,
		credentials: credentials(),
		continueOnFail: extra.continueOnFail,
		timezone: extra.timezone,
		node: {
			name: 'Business Hours',
			type: 'n8n-nodes-autotask-ilert.businessHours',
			credentials: { autotaskIlertAutotaskApi: { id: '1', name: 'Autotask' } },
		},
	});
	const [inHours, outside] = await new BusinessHours().execute.call(ctx);
	return { inHours, outside, ctx };
}

function locationById(id: number): Record<string, unknown> {
	const found = sim.state.locations.find((l) => l.id === id);
	if (!found) throw new Error(`simulator has no location ${id}`);
	return found;
}

function bh(item: INodeExecutionData): IDataObject {
	return item.json.businessHours as IDataObject;
}

/** One input item per instant; the Time parameter reads it from the item. */
function itemsAt(...instants: string[]): INodeExecutionData[] {
	return instants.map((at) => ({ json: { at } }));
}

function autotaskParams(
	location: string,
	options: IDataObject = {},
): Record<string, ParameterValue> {
	return {
		source: 'autotaskLocation',
		location,
		timeToCheck: 'custom',
		time: (i: number) => ['2026-06-15T07:00:00Z'][i],
		options,
	};
}

function nodeRequests(ctx: MockExecuteFunctions): string[] {
	return ctx.mock.requests
		.filter((r) => r.credentialType !== undefined)
		.map((r) => `${r.method} ${new URL(r.url).pathname.replace(/^\/atservicesrest\/v1\.0/i, '')}`);
}

const FIXED_HOLIDAYS = [
	{ id: 101, holidayDate: '2026-12-25T00:00:00', holidayName: 'Christmas Day', holidaySetID: 1 },
	{
		id: 102,
		holidayDate: '2026-12-26T00:00:00',
		holidayName: 'Second Day of Christmas',
		holidaySetID: 1,
	},
	{ id: 201, holidayDate: '2026-07-04T00:00:00', holidayName: 'Independence Day', holidaySetID: 2 },
	{ id: 202, holidayDate: '2026-12-25T00:00:00', holidayName: 'Christmas Day', holidaySetID: 2 },
];

beforeAll(async () => {
	sim = await startAutotaskSimulator();
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => {
	sim.reset();
	sim.state.holidays = FIXED_HOLIDAYS.map((h) => ({ ...h }));
	resetProcessState();
});

describe('Business Hours node description', () => {
	it('declares two named outputs, usableAsTool and the Autotask credential only for locations', () => {
		const { description } = new BusinessHours();
		expect(description).toMatchObject({
			name: 'businessHours',
			displayName: 'Business Hours',
			usableAsTool: true,
			outputNames: ['In Hours', 'Outside Hours'],
		});
		expect(description.credentials).toEqual([
			expect.objectContaining({
				name: 'autotaskIlertAutotaskApi',
				displayOptions: { show: { source: ['autotaskLocation'] } },
			}),
		]);
	});

	it('resolves its defaults the way n8n does (manual: Monday to Friday 09:00-17:00, now)', () => {
		const { description } = new BusinessHours();
		const node = {
			id: '1',
			name: 'Business Hours',
			type: 'x',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		} as INode;
		const manual = NodeHelpers.getNodeParameters(
			description.properties,
			{ source: 'manual' },
			true,
			false,
			node,
			description,
		);
		expect(manual).toEqual({
			source: 'manual',
			timeZone: '',
			hours: { ranges: [{ day: 'weekdays', start: '09:00', end: '17:00' }] },
			holidays: {},
			timeToCheck: 'now',
			options: {},
		});
		const location = NodeHelpers.getNodeParameters(
			description.properties,
			{},
			true,
			false,
			node,
			description,
		);
		expect(location).toMatchObject({
			source: 'autotaskLocation',
			location: 'default',
			timeToCheck: 'now',
		});
	});
});

describe('Autotask location (simulator)', () => {
	it('routes by the Headquarters location: weekday hours, extended hours, holidays, weekend', async () => {
		const at = [
			'2026-06-15T07:00:00Z',
			'2026-06-15T16:00:00Z',
			'2026-12-25T10:00:00Z',
			'2026-06-13T10:00:00Z',
			'2026-12-26T10:00:00Z',
		];
		const { inHours, outside, ctx } = await run(
			{ ...autotaskParams('1'), time: (i: number) => at[i] },
			itemsAt(...at),
		);
		expect(inHours.map((i) => i.json.at)).toEqual(['2026-06-15T07:00:00Z']);
		expect(bh(inHours[0])).toMatchObject({
			inBusinessHours: true,
			reason: 'business hours: Monday 08:00–17:00 Europe/Berlin',
			timeZone: 'Europe/Berlin',
			nextChange: 'closes',
			nextChangeAt: '2026-06-15T17:00:00+02:00',
			source: {
				type: 'autotaskLocation',
				locationId: 1,
				locationName: 'Headquarters',
				holidaySetId: 1,
			},
		});
		expect(inHours[0].pairedItem).toEqual({ item: 0 });
		expect(outside.map((i) => i.pairedItem)).toEqual([
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
			{ item: 4 },
		]);
		expect(outside.map((i) => bh(i).reason)).toEqual([
			'after 17:00 Europe/Berlin (in extended hours, not counted as business hours)',
			'holiday: Christmas Day',
			'Saturday',
			'holiday: Second Day of Christmas',
		]);
		expect(bh(outside[0]).inExtendedHours).toBe(true);
		expect(bh(outside[1]).nextChangeAt).toBe('2026-12-28T08:00:00+01:00');
		expect(bh(outside[3]).holiday).toEqual({ date: '2026-12-26', name: 'Second Day of Christmas' });
		// The item passes through unchanged apart from businessHours.
		expect(outside[2].json.at).toBe('2026-06-13T10:00:00Z');

		// One read of location, holidays and field info for five items.
		const requests = nodeRequests(ctx);
		expect(requests.filter((r) => r === 'GET /InternalLocationWithBusinessHours/1')).toHaveLength(
			1,
		);
		expect(requests.filter((r) => r === 'POST /Holidays/query')).toHaveLength(1);
		expect(requests.filter((r) => /entityInformation\/fields/i.test(r))).toHaveLength(1);
	});

	it('counts extended hours as business hours when asked', async () => {
		const { inHours, outside } = await run({
			...autotaskParams('1', { countExtendedHours: true }),
			time: '2026-06-15T16:00:00Z',
		});
		expect(outside).toHaveLength(0);
		expect(bh(inHours[0])).toMatchObject({
			inBusinessHours: true,
			extendedHoursCounted: true,
			reason: 'extended hours (counted as business hours): Monday 17:00–20:00 Europe/Berlin',
			nextChangeAt: '2026-06-15T20:00:00+02:00',
		});
	});

	it('US Office: Specified holiday hours replace the day, also on a Saturday holiday', async () => {
		const at = [
			'2026-12-25T16:00:00Z', // Fri 11:00 EST, Christmas, holiday hours 10-14
			'2026-12-25T20:00:00Z', // 15:00 EST
			'2026-07-04T17:30:00Z', // Sat 13:30 EDT: Saturday hours end 13:00, holiday hours 14:00
			'2026-07-11T17:30:00Z', // next Saturday 13:30, no holiday
		];
		const { inHours, outside } = await run(
			{ ...autotaskParams('2'), time: (i: number) => at[i] },
			itemsAt(...at),
		);
		expect(inHours.map((i) => i.json.at)).toEqual([at[0], at[2]]);
		expect(bh(inHours[0]).reason).toBe(
			'holiday: Christmas Day, holiday business hours 10:00–14:00 America/New_York',
		);
		expect(bh(inHours[1]).nextChangeAt).toBe('2026-07-04T14:00:00-04:00');
		expect(outside.map((i) => bh(i).reason)).toEqual([
			'holiday: Christmas Day, after 14:00 America/New_York (holiday hours)',
			'after 13:00 America/New_York',
		]);
		expect(bh(outside[0]).nextChangeAt).toBe('2026-12-26T10:00:00-05:00'); // Saturday hours
	});

	it('Normal holiday hours type keeps the weekday hours on a holiday', async () => {
		const us = locationById(2);
		us.holidayHoursType = 2;
		const { inHours } = await run({ ...autotaskParams('2'), time: '2026-12-25T16:00:00Z' });
		expect(bh(inHours[0]).reason).toBe(
			'holiday: Christmas Day, normal business hours Friday 09:00–18:00 America/New_York',
		);
	});

	it('noHoursOnHolidays closes holidays whatever the holiday hours type', async () => {
		const us = locationById(2);
		us.noHoursOnHolidays = true;
		const { inHours, outside } = await run({
			...autotaskParams('2'),
			time: '2026-12-25T16:00:00Z',
		});
		expect(inHours).toHaveLength(0);
		expect(bh(outside[0]).reason).toBe('holiday: Christmas Day');
	});

	it('Default Location picks the location marked as default', async () => {
		const { inHours } = await run({ ...autotaskParams('default') });
		expect(bh(inHours[0]).source).toMatchObject({ locationName: 'Headquarters' });
	});

	it('caches per process for Cache Minutes; 0 reads again', async () => {
		const first = await run(autotaskParams('1'));
		expect(
			nodeRequests(first.ctx).some((r) => r.startsWith('GET /InternalLocationWithBusinessHours')),
		).toBe(true);
		const cached = await run(autotaskParams('1'));
		expect(nodeRequests(cached.ctx)).toEqual([]);
		const uncached = await run(autotaskParams('1', { cacheMinutes: 0 }));
		expect(nodeRequests(uncached.ctx)).toContain('GET /InternalLocationWithBusinessHours/1');
	});

	it('falls back to the Microsoft index when the time zone picklist lacks the id, and warns', async () => {
		sim.setPicklist('InternalLocationWithBusinessHours', 'timeZoneID', [
			{ value: '4', label: '(GMT-08:00) Pacific Time (US & Canada)' },
		]);
		const { inHours } = await run(autotaskParams('1'));
		expect(bh(inHours[0]).timeZone).toBe('Europe/Berlin');
		expect((bh(inHours[0]).warnings as string[]).join(' ')).toMatch(
			/Microsoft Time Zone Index 110/,
		);
	});

	it('an unmappable time zone fails with a hint, continues to Outside with continueOnFail, and an override fixes it', async () => {
		const hq = locationById(1);
		hq.timeZoneID = 9999;
		await expect(run(autotaskParams('1'))).rejects.toThrow(/timeZoneID 9999/);
		const tolerant = await run(autotaskParams('1'), [{ json: { ticket: 1 } }], {
			continueOnFail: true,
		});
		expect(tolerant.inHours).toHaveLength(0);
		expect(tolerant.outside[0].json.ticket).toBe(1);
		expect(bh(tolerant.outside[0])).toMatchObject({ inBusinessHours: null });
		expect(String(bh(tolerant.outside[0]).error)).toMatch(/timeZoneID 9999/);
		expect(tolerant.outside[0].pairedItem).toEqual({ item: 0 });
		const fixed = await run(autotaskParams('1', { timeZoneOverride: 'Europe/Amsterdam' }));
		expect(bh(fixed.inHours[0]).timeZone).toBe('Europe/Amsterdam');
	});

	it('a location whose times and holidays come as UTC instants routes the same as one with local times', async () => {
		const at = [
			'2026-06-15T05:30:00Z', // Mon 07:30 CEST: before 08:00
			'2026-06-15T06:00:00Z', // 08:00: opens
			'2026-06-15T15:30:00Z', // 17:30: extended hours
			'2026-06-15T18:30:00Z', // 20:30: closed
			'2026-01-12T07:30:00Z', // Mon 08:30 CET (winter)
			'2026-01-12T16:30:00Z', // 17:30 CET: extended hours
			'2026-12-24T23:30:00Z', // Fri 25 Dec 00:30 CET: Christmas
			'2026-12-25T10:00:00Z', // Christmas
			'2026-12-26T10:00:00Z', // Saturday, Second Day of Christmas
			'2026-12-28T07:30:00Z', // Mon 28 Dec 08:30 CET
		];
		const local = await run({ ...autotaskParams('1'), time: (i: number) => at[i] }, itemsAt(...at));

		// The same Headquarters (Europe/Berlin, standard offset +01:00) as a UTC API writes it.
		const hq = locationById(1);
		for (const [field, value] of Object.entries(hq)) {
			if (!/Time$/.test(field) || typeof value !== 'string') continue;
			const [hh, mm] = value.slice(11, 16).split(':').map(Number);
			const utc = new Date(Date.UTC(1900, 0, 1, hh - 1, mm));
			hq[field] = utc.toISOString().replace('.000Z', 'Z');
		}
		expect(hq.mondayBusinessHoursStartTime).toBe('1900-01-01T07:00:00Z');
		sim.state.holidays = FIXED_HOLIDAYS.map((h) => ({
			...h,
			holidayDate: `${h.holidayDate.slice(0, 8)}${String(Number(h.holidayDate.slice(8, 10)) - 1).padStart(2, '0')}T23:00:00Z`,
		}));
		expect(sim.state.holidays[0].holidayDate).toBe('2026-12-24T23:00:00Z');
		processState.businessHoursLocations.clear();
		const utc = await run({ ...autotaskParams('1'), time: (i: number) => at[i] }, itemsAt(...at));
		const summary = (r: Routed) =>
			[...r.inHours, ...r.outside].map((i) => ({ at: i.json.at, ...bh(i), source: undefined }));
		expect(summary(utc)).toEqual(summary(local));
		expect(local.inHours.map((i) => i.json.at)).toEqual([at[1], at[4], at[9]]);
		expect(
			local.outside.filter((i) => bh(i).reason === 'holiday: Christmas Day').map((i) => i.json.at),
		).toEqual([at[6], at[7]]);

		// Read as local clock times, the same data would be an hour off.
		processState.businessHoursLocations.clear();
		const misread = await run(
			{ ...autotaskParams('1', { locationTimes: 'local' }), time: (i: number) => at[i] },
			itemsAt(...at),
		);
		expect(misread.inHours.map((i) => i.json.at)).not.toEqual(local.inHours.map((i) => i.json.at));
	});

	it('a missing location is an API error naming the item', async () => {
		await expect(run(autotaskParams('77'))).rejects.toMatchObject({
			context: expect.objectContaining({ itemIndex: 0 }),
		});
	});

	it('lists locations for the picker with their zones', async () => {
		const ctx = createLoadOptionsContext({ credentials: credentials() });
		const options = await new BusinessHours().methods.loadOptions.getLocations.call(ctx);
		expect(options).toEqual([
			expect.objectContaining({ name: 'Default Location', value: 'default' }),
			{ name: 'Headquarters (Default)', value: '1', description: 'Amsterdam, Europe/Berlin' },
			{ name: 'US Office', value: '2', description: 'New York, America/New_York' },
		]);
	});
});

describe('Manual schedule', () => {
	const manual = (extra: Record<string, ParameterValue> = {}): Record<string, ParameterValue> => ({
		source: 'manual',
		timeZone: 'America/New_York',
		'hours.ranges': [
			{ day: 'weekdays', start: '09:00', end: '17:00' },
			{ day: 'fri', start: '22:00', end: '02:00' },
		],
		'holidays.holiday': [{ date: '2026-11-26', name: 'Thanksgiving' }],
		timeToCheck: 'custom',
		time: '2026-11-25T15:00:00Z',
		options: {},
		...extra,
	});

	it('routes with several ranges per day, past midnight and holidays, without any HTTP', async () => {
		const at = [
			'2026-11-25T15:00:00Z',
			'2026-11-26T15:00:00Z',
			'2026-11-28T05:30:00Z',
			'2026-11-28T07:30:00Z',
		];
		const { inHours, outside, ctx } = await run(
			{ ...manual(), time: (i: number) => at[i] },
			itemsAt(...at),
		);
		expect(inHours.map((i) => i.json.at)).toEqual([at[0], at[2]]);
		expect(bh(inHours[1]).reason).toBe('business hours: Friday 22:00–02:00 America/New_York');
		expect(outside.map((i) => bh(i).reason)).toEqual(['holiday: Thanksgiving', 'Saturday']);
		expect(bh(outside[0]).source).toEqual({ type: 'manual' });
		expect(ctx.mock.requests).toHaveLength(0);
	});

	it('an empty time zone uses the workflow time zone', async () => {
		const { inHours } = await run(
			{ ...manual({ timeZone: '' }), time: '2026-11-25T08:30:00Z' },
			undefined,
			{
				timezone: 'Europe/Berlin',
			},
		);
		expect(bh(inHours[0]).timeZone).toBe('Europe/Berlin');
	});

	it('reads a time without offset in the calendar zone when asked', async () => {
		const utc = await run({ ...manual(), time: '2026-11-25 08:30:00' });
		expect(utc.outside).toHaveLength(1); // 08:30 UTC = 03:30 New York
		const local = await run({
			...manual({ options: { timeWithoutOffset: 'calendar' } }),
			time: '2026-11-25 09:30:00',
		});
		expect(local.inHours).toHaveLength(1);
	});

	it('a time without offset in the repeated hour gives the same output with the clock in winter and in summer', async () => {
		const params = {
			...manual({
				timeZone: 'Europe/Berlin',
				'hours.ranges': [{ day: 'sun', start: '02:45', end: '12:00' }],
				'holidays.holiday': [],
			}),
			time: '2026-10-25T02:30:00',
			options: { timeWithoutOffset: 'calendar' },
		};
		const outputs: IDataObject[] = [];
		for (const now of ['2026-01-15T12:00:00Z', '2026-07-15T12:00:00Z']) {
			jest.useFakeTimers({
				now: new Date(now),
				doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'],
			});
			try {
				const { inHours, outside } = await run(params);
				expect(inHours).toHaveLength(0);
				outputs.push(bh(outside[0]));
			} finally {
				jest.useRealTimers();
			}
		}
		expect(outputs[0]).toMatchObject({
			checkedAt: '2026-10-25T00:30:00Z', // the first 02:30, still CEST
			localTime: '2026-10-25T02:30:00+02:00',
			nextChangeAt: '2026-10-25T02:45:00+02:00',
			minutesUntilChange: 15,
		});
		expect(outputs[1]).toEqual(outputs[0]);
	});

	it('checks now by default', async () => {
		const before = Date.now();
		const { inHours, outside } = await run({ ...manual(), timeToCheck: 'now' });
		const verdict = bh([...inHours, ...outside][0]);
		const checked = Date.parse(String(verdict.checkedAt));
		expect(checked).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
		expect(checked).toBeLessThanOrEqual(Date.now());
	});

	it('rejects an invalid zone, time or empty time with the item index', async () => {
		await expect(
			run(manual({ timeZone: 'Moon/Base' }), itemsAt('2026-11-25T15:00:00Z')),
		).rejects.toMatchObject({
			message: expect.stringMatching(/Moon\/Base/),
		});
		await expect(
			run({
				...manual(),
				'hours.ranges': [{ day: 'mon', start: '9', end: '17:00' }],
				time: '2026-11-25T15:00:00Z',
			}),
		).rejects.toThrow(/"9" is not a time of day/);
		await expect(run({ ...manual(), time: '' })).rejects.toThrow(/Time is empty/);
		await expect(run({ ...manual(), time: 'soon' })).rejects.toMatchObject({
			context: expect.objectContaining({ itemIndex: 0 }),
		});
	});
});
