import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { fromAutotaskLocation, type LocationTimeEncoding } from '../shared/domain/autotaskLocationCalendar';
import {
	BusinessHoursError,
	WEEKDAYS,
	type BusinessCalendar,
	type Holiday,
	type TimeRange,
	type Weekday,
} from '../shared/domain/businessCalendar';
import { evaluate } from '../shared/domain/businessHours';
import { isValidIanaZone, timeZoneFromAutotaskId, UnknownTimeZoneError } from '../shared/domain/autotaskTimeZones';
import { OUTPUT_FIELDS } from '../shared/domain/conventions';
import { CREDENTIAL_NAME, DEFAULT_LOCATION, listLocations, loadLocationData, LOCATION_ENTITY } from './autotaskCalendar';
import type { PicklistValue } from '../shared/domain/picklist';
import { getPicklist } from '../shared/transport/autotask';

const DAY_GROUPS: Record<string, Weekday[]> = {
	everyDay: [...WEEKDAYS],
	weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
	weekend: ['sat', 'sun'],
	mon: ['mon'],
	tue: ['tue'],
	wed: ['wed'],
	thu: ['thu'],
	fri: ['fri'],
	sat: ['sat'],
	sun: ['sun'],
};

interface ManualRange extends IDataObject {
	day?: string;
	start?: string;
	end?: string;
}

interface ManualHoliday extends IDataObject {
	date?: string;
	name?: string;
}

interface NodeOptions {
	countExtendedHours?: boolean;
	timeZoneOverride?: string;
	timeWithoutOffset?: 'utc' | 'calendar';
	locationTimes?: LocationTimeEncoding;
	horizonDays?: number;
	cacheMinutes?: number;
}

/** `2026-12-25`, `2026-12-25T00:00:00` or an n8n date picker value -> `2026-12-25`. */
function holidayDate(value: unknown): string {
	const text = String(value ?? '').trim();
	const match = /^(\d{4}-\d{2}-\d{2})/.exec(text);
	return match ? match[1] : text;
}

function manualCalendar(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: NodeOptions,
): BusinessCalendar {
	const zoneParam = (ctx.getNodeParameter('timeZone', itemIndex, '') as string).trim();
	const zone = zoneParam === '' ? ctx.getTimezone() : zoneParam;
	const ranges = (ctx.getNodeParameter('hours.ranges', itemIndex, []) as ManualRange[]) ?? [];
	const week: Partial<Record<Weekday, TimeRange[]>> = {};
	for (const range of ranges) {
		const days = DAY_GROUPS[String(range.day ?? '')];
		if (!days) {
			throw new NodeOperationError(ctx.getNode(), `Unknown day "${String(range.day)}" in Hours`, { itemIndex });
		}
		for (const day of days) {
			(week[day] ??= []).push({ start: String(range.start ?? '').trim(), end: String(range.end ?? '').trim() });
		}
	}
	const holidayRows = (ctx.getNodeParameter('holidays.holiday', itemIndex, []) as ManualHoliday[]) ?? [];
	const holidays: Holiday[] = holidayRows
		.filter((h) => String(h.date ?? '').trim() !== '')
		.map((h) => ({ date: holidayDate(h.date), name: String(h.name ?? '').trim() || 'holiday' }));
	return {
		zone,
		week,
		holidays,
		holidayMode: 'closed',
		countExtendedHours: options.countExtendedHours === true,
	};
}

export class BusinessHours implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Business Hours',
		name: 'businessHours',
		icon: { light: 'file:businessHours.svg', dark: 'file:businessHours.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["source"] === "manual" ? "Manual hours" : "Autotask location"}}',
		description:
			'Route items by business hours and holidays, from an Autotask internal location or hours you enter',
		defaults: { name: 'Business Hours' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		// Short: n8n cuts a connected output's label at 96 px ("In Business Ho…").
		outputNames: ['In Hours', 'Outside Hours'],
		credentials: [
			{
				name: CREDENTIAL_NAME,
				required: true,
				displayOptions: { show: { source: ['autotaskLocation'] } },
			},
		],
		properties: [
			{
				displayName: 'Schedule Source',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Autotask Location',
						value: 'autotaskLocation',
						description:
							'Business hours, extended hours and holiday set of an Autotask internal location (Admin > Internal Locations)',
					},
					{
						name: 'Manual',
						value: 'manual',
						description: 'Time zone, hours per weekday and holiday dates entered here',
					},
				],
				default: 'autotaskLocation',
			},
			{
				displayName: 'Location Name or ID',
				name: 'location',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getLocations' },
				default: DEFAULT_LOCATION,
				required: true,
				description:
					'The Autotask internal location whose business hours and holidays apply. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { source: ['autotaskLocation'] } },
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. Europe/Berlin',
				description: "IANA time zone of the hours below. Empty uses the workflow's time zone.",
				displayOptions: { show: { source: ['manual'] } },
			},
			{
				displayName: 'Hours',
				name: 'hours',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, sortable: true },
				placeholder: 'Add Hours',
				default: { ranges: [{ day: 'weekdays', start: '09:00', end: '17:00' }] },
				description:
					'Opening hours per day in HH:mm. Several ranges per day are allowed. An end at or before the start runs past midnight and belongs to the day it starts (22:00–06:00).',
				displayOptions: { show: { source: ['manual'] } },
				options: [
					{
						displayName: 'Range',
						name: 'ranges',
						values: [
							{
								displayName: 'Day',
								name: 'day',
								type: 'options',
								options: [
									{ name: 'Every Day', value: 'everyDay' },
									{ name: 'Friday', value: 'fri' },
									{ name: 'Monday', value: 'mon' },
									{ name: 'Monday to Friday', value: 'weekdays' },
									{ name: 'Saturday', value: 'sat' },
									{ name: 'Saturday and Sunday', value: 'weekend' },
									{ name: 'Sunday', value: 'sun' },
									{ name: 'Thursday', value: 'thu' },
									{ name: 'Tuesday', value: 'tue' },
									{ name: 'Wednesday', value: 'wed' },
								],
								default: 'weekdays',
							},
							{
								displayName: 'Start',
								name: 'start',
								type: 'string',
								default: '09:00',
								placeholder: 'e.g. 08:30',
								description: 'Local opening time, HH:mm',
							},
							{
								displayName: 'End',
								name: 'end',
								type: 'string',
								default: '17:00',
								placeholder: 'e.g. 17:30',
								description: 'Local closing time, HH:mm (24:00 for midnight)',
							},
						],
					},
				],
			},
			{
				displayName: 'Holidays',
				name: 'holidays',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Holiday',
				default: {},
				description: 'Dates without business hours, in the time zone above',
				displayOptions: { show: { source: ['manual'] } },
				options: [
					{
						displayName: 'Holiday',
						name: 'holiday',
						values: [
							{
								displayName: 'Date',
								name: 'date',
								type: 'string',
								default: '',
								placeholder: 'e.g. 2026-12-25',
								description: 'Local date, YYYY-MM-DD',
							},
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'e.g. Christmas Day',
							},
						],
					},
				],
			},
			{
				displayName: 'Time to Check',
				name: 'timeToCheck',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Custom Time', value: 'custom', description: 'A date and time from the item, e.g. the ticket\'s create date' },
					{ name: 'Now', value: 'now', description: 'The moment the node runs' },
				],
				default: 'now',
			},
			{
				displayName: 'Time',
				name: 'time',
				type: 'string',
				default: '={{ $json.ticket?.createDate }}',
				required: true,
				description:
					'The instant to check: ISO 8601 (e.g. 2026-03-30T08:15:00Z), SQL or RFC 2822 date-time, epoch milliseconds or a Luxon DateTime',
				displayOptions: { show: { timeToCheck: ['custom'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Cache Minutes',
						name: 'cacheMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 10,
						description:
							'How long this process reuses an Autotask location, its holidays and picklists before reading them again. 0 reads them on every run.',
					},
					{
						displayName: 'Count Extended Hours As Business Hours',
						name: 'countExtendedHours',
						type: 'boolean',
						default: false,
						description:
							"Whether the location's extended hours count as business hours. Off: extended hours are outside business hours (items go to Outside Hours and carry inExtendedHours).",
					},
					{
						displayName: 'Location Times Are',
						name: 'locationTimes',
						type: 'options',
						options: [
							{
								name: 'Detected From the Offset',
								value: 'detect',
								description:
									'A time or holiday date with Z or an offset (1900-01-01T07:00:00Z) is a UTC instant and converted to the location\'s time zone; one without (1900-01-01T08:00:00) is the local clock time',
							},
							{
								name: 'Local Clock Times',
								value: 'local',
								description: 'Always the clock time and date as written, any Z or offset ignored',
							},
							{
								name: 'UTC Instants',
								value: 'utc',
								description: 'Always UTC, also when written without an offset',
							},
						],
						default: 'detect',
						description:
							"How the Autotask API writes the location's business-hours times and holiday dates. The default works for both local clock times and UTC instants with Z.",
						displayOptions: { show: { '/source': ['autotaskLocation'] } },
					},
					{
						displayName: 'Look Ahead Days',
						name: 'horizonDays',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 400 },
						default: 14,
						description: 'How far ahead to search for the next opening or closing',
					},
					{
						displayName: 'Time Without Offset Is',
						name: 'timeWithoutOffset',
						type: 'options',
						options: [
							{ name: 'In the Calendar Time Zone', value: 'calendar' },
							{ name: 'UTC (Like Autotask API Dates)', value: 'utc' },
						],
						default: 'utc',
						description: 'How to read a Time that has no offset or Z, such as 2026-03-30T08:15:00',
					},
					{
						displayName: 'Time Zone Override',
						name: 'timeZoneOverride',
						type: 'string',
						default: '',
						placeholder: 'e.g. America/New_York',
						description:
							"IANA time zone to use instead of the Autotask location's own time zone (for a time zone that cannot be mapped)",
					},
				],
			},
		],
	};

	methods = {
		loadOptions: {
			async getLocations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const locations = await listLocations(this);
				let zones: PicklistValue[] | null = null;
				try {
					zones = await getPicklist(this, LOCATION_ENTITY, 'timeZoneID');
				} catch {
					zones = null;
				}
				const options: INodePropertyOptions[] = locations
					.map((l) => {
						let zone = '';
						try {
							zone = timeZoneFromAutotaskId(l.timeZoneID as number, zones).zone;
						} catch {
							zone = 'time zone unknown';
						}
						const city = typeof l.city === 'string' && l.city !== '' ? `${l.city}, ` : '';
						return {
							name: `${String(l.name)}${l.isDefault === true ? ' (Default)' : ''}`,
							value: String(l.id),
							description: `${city}${zone}`,
						};
					})
					.sort((a, b) => a.name.localeCompare(b.name));
				return [
					{
						name: 'Default Location',
						value: DEFAULT_LOCATION,
						description: 'The internal location marked as default in Autotask',
					},
					...options,
				];
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const inHours: INodeExecutionData[] = [];
		const outside: INodeExecutionData[] = [];
		const source = this.getNodeParameter('source', 0) as string;
		const timeToCheck = this.getNodeParameter('timeToCheck', 0, 'now') as string;

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const options = this.getNodeParameter('options', itemIndex, {}) as NodeOptions;
				let calendar: BusinessCalendar;
				let sourceInfo: IDataObject;
				if (source === 'manual') {
					calendar = manualCalendar(this, itemIndex, options);
					sourceInfo = { type: 'manual' };
				} else {
					const locationId = String(this.getNodeParameter('location', itemIndex, DEFAULT_LOCATION));
					const ttl = options.cacheMinutes ?? 10;
					const data = await loadLocationData(this, locationId, ttl, itemIndex);
					try {
						calendar = fromAutotaskLocation(data.location, data.holidays, data.picklists, {
							timeZoneOverride: options.timeZoneOverride,
							countExtendedHours: options.countExtendedHours === true,
							timeEncoding: options.locationTimes ?? 'detect',
						});
					} catch (error) {
						throw new NodeOperationError(this.getNode(), error as Error, {
							itemIndex,
							description:
								error instanceof UnknownTimeZoneError
									? 'Set Options > Time Zone Override to the IANA name of the location\'s time zone'
									: undefined,
						});
					}
					calendar.warnings = [...data.warnings, ...(calendar.warnings ?? [])];
					sourceInfo = {
						type: 'autotaskLocation',
						locationId: data.location.id ?? locationId,
						locationName: data.location.name ?? null,
						holidaySetId: data.location.holidaySetID ?? null,
						loadedAt: data.loadedAt,
					};
				}
				if (!isValidIanaZone(calendar.zone)) {
					throw new NodeOperationError(
						this.getNode(),
						`Time zone "${calendar.zone}" is not an IANA time zone (e.g. Europe/Berlin)`,
						{ itemIndex },
					);
				}

				let instant: unknown = Date.now();
				if (timeToCheck === 'custom') {
					instant = this.getNodeParameter('time', itemIndex);
					if (instant === undefined || instant === null || instant === '') {
						throw new NodeOperationError(this.getNode(), 'Time is empty: the expression gave no date and time', {
							itemIndex,
							description: 'Check the Time parameter, e.g. {{ $json.ticket.createDate }}',
						});
					}
				}

				let verdict;
				try {
					verdict = evaluate(calendar, instant as string, {
						horizonDays: options.horizonDays,
						naiveZone: options.timeWithoutOffset === 'calendar' ? calendar.zone : 'UTC',
					});
				} catch (error) {
					if (error instanceof BusinessHoursError) {
						throw new NodeOperationError(this.getNode(), error.message, { itemIndex });
					}
					throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
				}
				const result: INodeExecutionData = {
					json: { ...items[itemIndex].json, [OUTPUT_FIELDS.businessHours]: { ...verdict, source: sourceInfo } as unknown as IDataObject },
					pairedItem: { item: itemIndex },
				};
				if (items[itemIndex].binary) result.binary = items[itemIndex].binary;
				(verdict.inBusinessHours ? inHours : outside).push(result);
			} catch (error) {
				if (this.continueOnFail()) {
					// Fail towards alerting: an item whose check failed goes to Outside Hours.
					outside.push({
						json: {
							...items[itemIndex].json,
							[OUTPUT_FIELDS.businessHours]: { inBusinessHours: null, error: (error as Error).message },
						},
						pairedItem: { item: itemIndex },
					});
					continue;
				}
				if (error instanceof NodeApiError) {
					throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
				}
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return [inHours, outside];
	}
}
