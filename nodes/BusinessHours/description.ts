/**
 * The Business Hours node's parameters: the schedule source (an Autotask location or manual
 * hours), the time to check and the options.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_LOCATION } from './autotaskCalendar';

export const properties: INodeProperties[] = [
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
			{
				name: 'Custom Time',
				value: 'custom',
				description: "A date and time from the item, e.g. the ticket's create date",
			},
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
							"A time or holiday date with Z or an offset (1900-01-01T07:00:00Z) is a UTC instant and converted to the location's time zone; one without (1900-01-01T08:00:00) is the local clock time",
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
];
