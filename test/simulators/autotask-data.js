'use strict';
// Seed data and field catalogues of the Autotask simulator. Picklist ids follow Autotask's
// out-of-the-box values where sources agree (status 1 New, 5 Complete, 7..13; priority 1 High,
// 2 Medium, 3 Low, 4 Critical); 14..18 are tenant-style custom statuses.

const DEFAULT_USER = {
	username: 'api-user@example.com',
	secret: 'example-secret-xxxx',
	integrationCode: 'EXAMPLEINTEGRATIONCODEXXXX',
	resourceId: 29682885,
};

/** A picklist value in Autotask's shape (value is a string). */
function pv(value, label, extra = {}) {
	return {
		value: String(value),
		label,
		isDefaultValue: false,
		sortOrder: 0,
		parentValue: '',
		isActive: true,
		isSystem: false,
		...extra,
	};
}

function withSort(values) {
	return values.map((v, i) => ({ ...v, sortOrder: v.sortOrder || i + 1 }));
}

function ticketPicklists() {
	return {
		status: withSort([
			pv(1, 'New', { isDefaultValue: true, isSystem: true }),
			pv(5, 'Complete', { isSystem: true }),
			pv(7, 'Waiting Customer', { isSystem: true }),
			pv(8, 'In Progress', { isSystem: true }),
			pv(9, 'Waiting Materials'),
			pv(10, 'Dispatched'),
			pv(11, 'Escalate'),
			pv(12, 'Waiting Vendor'),
			pv(13, 'Waiting Approval'),
			pv(14, 'Denied'),
			pv(15, 'Scheduled'),
			pv(16, 'Waiting Dispatch'),
			pv(17, 'Approved'),
			pv(18, 'Customer Note Added'),
		]),
		priority: [
			pv(4, 'Critical', { sortOrder: 1 }),
			pv(1, 'High', { sortOrder: 2 }),
			pv(2, 'Medium', { sortOrder: 3, isDefaultValue: true }),
			pv(3, 'Low', { sortOrder: 4 }),
		],
		queueID: withSort([
			pv(5, 'Client Portal', { isSystem: true }),
			pv(6, 'Post Sale', { isSystem: true }),
			pv(8, 'Monitoring Alert', { isSystem: true }),
			pv(29682833, 'Level I Support'),
			pv(29682969, 'Level II Support'),
		]),
		issueType: withSort([
			pv(4, 'Hardware'),
			pv(6, 'Software'),
			pv(7, 'Network'),
			pv(8, 'Monitoring'),
		]),
		subIssueType: withSort([
			pv(101, 'Server', { parentValue: '4' }),
			pv(102, 'Workstation', { parentValue: '4' }),
			pv(111, 'Email', { parentValue: '6' }),
			pv(121, 'Firewall', { parentValue: '7' }),
			pv(131, 'Backup Failure', { parentValue: '8' }),
		]),
		ticketType: withSort([
			pv(1, 'Service Request', { isSystem: true, isDefaultValue: true }),
			pv(2, 'Incident', { isSystem: true }),
			pv(3, 'Problem', { isSystem: true }),
			pv(4, 'Change Request', { isSystem: true }),
			pv(5, 'Alert', { isSystem: true }),
		]),
		ticketCategory: withSort([
			pv(2, 'AEM Alert'),
			pv(3, 'Standard', { isDefaultValue: true }),
			pv(4, 'RMA'),
		]),
		source: withSort([
			pv(-2, 'Insourced', { isSystem: true }),
			pv(1, 'Other'),
			pv(2, 'Phone', { isDefaultValue: true }),
			pv(4, 'Email'),
			pv(8, 'Monitoring Alert'),
			pv(11, 'Client Portal', { isSystem: true }),
		]),
		serviceLevelAgreementID: withSort([pv(1, 'Standard SLA'), pv(2, 'Premium SLA')]),
		creatorType: withSort([
			pv(1, 'Resource', { isSystem: true }),
			pv(2, 'Contact', { isSystem: true }),
		]),
		lastActivityPersonType: withSort([
			pv(1, 'Resource', { isSystem: true }),
			pv(2, 'Contact', { isSystem: true }),
		]),
	};
}

function noteFieldPicklists() {
	return {
		noteType: withSort([
			pv(1, 'Task Summary', { isSystem: true, isDefaultValue: true }),
			pv(2, 'Task Detail', { isSystem: true }),
			pv(3, 'Task Notes', { isSystem: true }),
			pv(13, 'Workflow Rule Note', { isSystem: true }),
			pv(18, 'Client Portal Note', { isSystem: true }),
		]),
		publish: withSort([
			pv(1, 'All Autotask Users', { isSystem: true, isDefaultValue: true }),
			pv(2, 'Internal Users Only', { isSystem: true }),
			pv(4, 'Internal & Co-Managing Users', { isSystem: true }),
		]),
	};
}

// [name, dataType, { isRequired, isReadOnly, isReference, referenceEntityType, picklist, webhook }]
const TICKET_FIELDS = [
	['id', 'long', { isReadOnly: true }],
	['ticketNumber', 'string', { isReadOnly: true, length: 50 }],
	['title', 'string', { isRequired: true, length: 255 }],
	['description', 'string', { length: 8000 }],
	['status', 'integer', { isRequired: true, picklist: true }],
	['priority', 'integer', { isRequired: true, picklist: true }],
	['queueID', 'integer', { picklist: true }],
	['companyID', 'integer', { isRequired: true, ref: 'Company' }],
	['companyLocationID', 'integer', { ref: 'CompanyLocation' }],
	['contactID', 'integer', { ref: 'Contact' }],
	['assignedResourceID', 'integer', { ref: 'Resource' }],
	['assignedResourceRoleID', 'integer', { ref: 'Role' }],
	['createDate', 'datetime', { isReadOnly: true }],
	['creatorResourceID', 'integer', { isReadOnly: true, ref: 'Resource' }],
	['creatorType', 'integer', { isReadOnly: true, picklist: true, notQueryable: true }],
	['lastActivityDate', 'datetime', { isReadOnly: true }],
	['lastActivityResourceID', 'integer', { isReadOnly: true, ref: 'Resource' }],
	['lastActivityPersonType', 'integer', { isReadOnly: true, picklist: true, notQueryable: true }],
	['lastTrackedModificationDateTime', 'datetime', { isReadOnly: true }],
	['lastCustomerVisibleActivityDateTime', 'datetime', { isReadOnly: true }],
	['dueDateTime', 'datetime', {}],
	['completedDate', 'datetime', { isReadOnly: true }],
	['completedByResourceID', 'integer', { isReadOnly: true, ref: 'Resource' }],
	['resolvedDateTime', 'datetime', { isReadOnly: true }],
	['resolution', 'string', { length: 32000 }],
	['issueType', 'integer', { picklist: true }],
	['subIssueType', 'integer', { picklist: true, parent: 'issueType' }],
	['ticketType', 'integer', { picklist: true }],
	['ticketCategory', 'integer', { picklist: true }],
	['source', 'integer', { picklist: true }],
	['serviceLevelAgreementID', 'integer', { picklist: true }],
	['serviceLevelAgreementHasBeenMet', 'boolean', { isReadOnly: true }],
	['configurationItemID', 'integer', { ref: 'ConfigurationItem' }],
	['contractID', 'integer', { ref: 'Contract' }],
	['externalID', 'string', { length: 50 }],
	['monitorID', 'integer', {}],
	['monitorTypeID', 'integer', {}],
	['rmmAlertID', 'string', { length: 100 }],
	['problemTicketId', 'integer', { ref: 'Ticket' }],
	['projectID', 'integer', { ref: 'Project' }],
	['estimatedHours', 'decimal', {}],
];

/** Webhook-capable ticket fields and the numeric ids of the TicketWebhookFields `fieldID` picklist. */
const WEBHOOK_FIELD_IDS = {
	ticketNumber: 26,
	title: 27,
	description: 6,
	status: 19,
	priority: 17,
	queueID: 36,
	companyID: 1,
	contactID: 3,
	assignedResourceID: 2,
	assignedResourceRoleID: 40,
	dueDateTime: 7,
	completedDate: 5,
	issueType: 12,
	subIssueType: 22,
	ticketType: 28,
	ticketCategory: 24,
	source: 18,
	serviceLevelAgreementID: 20,
	lastActivityDate: 13,
	externalID: 9,
	resolution: 30,
	createDate: 4,
	configurationItemID: 41,
	contractID: 42,
};

function fieldInfo(name, dataType, o, picklists) {
	const isPickList = Boolean(o.picklist);
	return {
		name,
		dataType,
		length: o.length || 0,
		isRequired: Boolean(o.isRequired),
		isReadOnly: Boolean(o.isReadOnly),
		isQueryable: !o.notQueryable,
		isReference: Boolean(o.ref),
		referenceEntityType: o.ref || '',
		isPickList,
		picklistValues: isPickList ? picklists[name] || [] : null,
		picklistParentValueField: o.parent || '',
		isSupportedWebhookField: Object.prototype.hasOwnProperty.call(WEBHOOK_FIELD_IDS, name),
	};
}

const NOTE_FIELDS = [
	['id', 'long', { isReadOnly: true }],
	['ticketID', 'integer', { isRequired: true, ref: 'Ticket' }],
	['title', 'string', { length: 250 }],
	['description', 'string', { isRequired: true, length: 32000 }],
	['noteType', 'integer', { isRequired: true, picklist: true }],
	['publish', 'integer', { isRequired: true, picklist: true }],
	['createDateTime', 'datetime', { isReadOnly: true }],
	['creatorResourceID', 'integer', { isReadOnly: true, ref: 'Resource' }],
	['createdByContactID', 'integer', { isReadOnly: true, ref: 'Contact' }],
	['lastActivityDate', 'datetime', { isReadOnly: true }],
	['impersonatorCreatorResourceID', 'integer', { isReadOnly: true, ref: 'Resource' }],
	['impersonatorUpdaterResourceID', 'integer', { isReadOnly: true, ref: 'Resource' }],
];

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * Time-of-day fields of InternalLocationWithBusinessHours. The wire format of these is not
 * documented; the simulator's guess: a .NET DateTime on the 1900-01-01 base date, without zone,
 * holding the location's local time (e.g. "1900-01-01T08:00:00"). Consumers should read only the
 * time of day.
 */
function t(hhmm) {
	return hhmm ? `1900-01-01T${hhmm}:00` : null;
}

function locationFieldPicklists() {
	return {
		timeZoneID: withSort([
			pv(4, '(GMT-08:00) Pacific Time (US & Canada)'),
			pv(20, '(GMT-06:00) Central Time (US & Canada)'),
			pv(35, '(GMT-05:00) Eastern Time (US & Canada)'),
			pv(85, '(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London'),
			pv(110, '(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna'),
			pv(105, '(GMT+01:00) Brussels, Copenhagen, Madrid, Paris'),
			pv(255, '(GMT+10:00) Canberra, Melbourne, Sydney'),
		]),
		holidayHoursType: withSort([
			pv(1, 'None', { isDefaultValue: true }),
			pv(2, 'Normal'),
			pv(3, 'Specified'),
		]),
		firstDayOfWeek: withSort([pv(1, 'Sunday', { isDefaultValue: true }), pv(2, 'Monday')]),
	};
}

const LOCATION_FIELDS = (() => {
	const f = [
		['id', 'long', { isReadOnly: true }],
		['name', 'string', { isRequired: true, length: 100 }],
		['isDefault', 'boolean', {}],
		['address1', 'string', { length: 128 }],
		['address2', 'string', { length: 128 }],
		['additionalAddressInfo', 'string', { length: 100 }],
		['city', 'string', { length: 50 }],
		['state', 'string', { length: 25 }],
		['postalCode', 'string', { length: 20 }],
		['countryID', 'integer', { ref: 'Country' }],
		['dateFormat', 'string', { length: 20 }],
		['timeFormat', 'string', { length: 20 }],
		['numberFormat', 'string', { length: 20 }],
		['firstDayOfWeek', 'integer', { picklist: true }],
		['timeZoneID', 'integer', { isRequired: true, picklist: true }],
		['holidaySetID', 'integer', { ref: 'HolidaySet' }],
		['noHoursOnHolidays', 'boolean', {}],
		['holidayHoursType', 'integer', { picklist: true }],
		['holidayHoursStartTime', 'datetime', {}],
		['holidayHoursEndTime', 'datetime', {}],
		['holidayExtendedHoursStartTime', 'datetime', {}],
		['holidayExtendedHoursEndTime', 'datetime', {}],
	];
	for (const d of DAYS) {
		f.push([`${d}BusinessHoursStartTime`, 'datetime', {}]);
		f.push([`${d}BusinessHoursEndTime`, 'datetime', {}]);
		f.push([`${d}ExtendedHoursStartTime`, 'datetime', {}]);
		f.push([`${d}ExtendedHoursEndTime`, 'datetime', {}]);
	}
	return f;
})();

function location(base, hours) {
	const loc = { ...base };
	for (const d of DAYS) {
		const h = hours[d] || {};
		loc[`${d}BusinessHoursStartTime`] = t(h.start);
		loc[`${d}BusinessHoursEndTime`] = t(h.end);
		loc[`${d}ExtendedHoursStartTime`] = t(h.extStart);
		loc[`${d}ExtendedHoursEndTime`] = t(h.extEnd);
	}
	return loc;
}

function seedLocations() {
	const weekday = { start: '08:00', end: '17:00', extStart: '17:00', extEnd: '20:00' };
	const hq = location(
		{
			id: 1,
			name: 'Headquarters',
			isDefault: true,
			address1: '1 Example Street',
			address2: null,
			additionalAddressInfo: null,
			city: 'Amsterdam',
			state: null,
			postalCode: '1011 AA',
			countryID: 157,
			dateFormat: 'dd-MM-yyyy',
			timeFormat: 'HH:mm',
			numberFormat: 'X.XXX,XX',
			firstDayOfWeek: 2,
			timeZoneID: 110,
			holidaySetID: 1,
			noHoursOnHolidays: true,
			holidayHoursType: 1,
			holidayHoursStartTime: null,
			holidayHoursEndTime: null,
			holidayExtendedHoursStartTime: null,
			holidayExtendedHoursEndTime: null,
		},
		{
			monday: weekday,
			tuesday: weekday,
			wednesday: weekday,
			thursday: weekday,
			friday: { start: '08:00', end: '17:00' },
		},
	);
	const us = location(
		{
			id: 2,
			name: 'US Office',
			isDefault: false,
			address1: '100 Example Avenue',
			address2: 'Suite 200',
			additionalAddressInfo: null,
			city: 'New York',
			state: 'NY',
			postalCode: '10001',
			countryID: 237,
			dateFormat: 'MM/dd/yyyy',
			timeFormat: 'hh:mm a',
			numberFormat: 'X,XXX.XX',
			firstDayOfWeek: 1,
			timeZoneID: 35,
			holidaySetID: 2,
			noHoursOnHolidays: false,
			holidayHoursType: 3,
			holidayHoursStartTime: t('10:00'),
			holidayHoursEndTime: t('14:00'),
			holidayExtendedHoursStartTime: null,
			holidayExtendedHoursEndTime: null,
		},
		{
			monday: { start: '09:00', end: '18:00' },
			tuesday: { start: '09:00', end: '18:00' },
			wednesday: { start: '09:00', end: '18:00' },
			thursday: { start: '09:00', end: '18:00' },
			friday: { start: '09:00', end: '18:00' },
			saturday: { start: '10:00', end: '13:00' },
		},
	);
	return [hq, us];
}

function seedHolidays(now = new Date()) {
	const sets = [
		{
			id: 1,
			holidaySetName: 'Netherlands',
			holidaySetDescription: 'Public holidays observed by Headquarters',
		},
		{ id: 2, holidaySetName: 'United States', holidaySetDescription: 'US federal holidays' },
	];
	const holidays = [];
	let id = 1;
	const y0 = now.getUTCFullYear();
	for (const y of [y0 - 1, y0, y0 + 1]) {
		for (const [md, name] of [
			['01-01', "New Year's Day"],
			['04-27', "King's Day"],
			['12-25', 'Christmas Day'],
			['12-26', 'Second Day of Christmas'],
		]) {
			holidays.push({
				id: id++,
				holidayDate: `${y}-${md}T00:00:00`,
				holidayName: name,
				holidaySetID: 1,
			});
		}
		for (const [md, name] of [
			['01-01', "New Year's Day"],
			['07-04', 'Independence Day'],
			['12-25', 'Christmas Day'],
		]) {
			holidays.push({
				id: id++,
				holidayDate: `${y}-${md}T00:00:00`,
				holidayName: name,
				holidaySetID: 2,
			});
		}
	}
	return { sets, holidays };
}

function seedResources() {
	return [
		{
			id: 29682885,
			firstName: 'API',
			lastName: 'User',
			email: 'api-user@example.com',
			userName: 'api-user@example.com',
			isActive: true,
			resourceType: 'Employee',
			title: 'API User (API-only)',
			defaultServiceDeskRoleID: 29683461,
			locationID: 1,
			userType: 7,
			licenseType: 7,
		},
		{
			id: 29682886,
			firstName: 'Jane',
			lastName: 'Tech',
			email: 'jane.tech@example.com',
			userName: 'jtech',
			isActive: true,
			resourceType: 'Employee',
			title: 'Service Desk Engineer',
			defaultServiceDeskRoleID: 29683461,
			locationID: 1,
			userType: 1,
			licenseType: 1,
		},
		{
			id: 29682887,
			firstName: 'Omar',
			lastName: 'Oncall',
			email: 'omar.oncall@example.com',
			userName: 'ooncall',
			isActive: true,
			resourceType: 'Employee',
			title: 'Network Engineer',
			defaultServiceDeskRoleID: 29683462,
			locationID: 2,
			userType: 1,
			licenseType: 1,
		},
		{
			id: 29682888,
			firstName: 'Former',
			lastName: 'Employee',
			email: 'former.employee@example.com',
			userName: 'femployee',
			isActive: false,
			resourceType: 'Employee',
			title: 'Engineer',
			defaultServiceDeskRoleID: 29683461,
			locationID: 1,
			userType: 1,
			licenseType: 1,
		},
	];
}

function seedCompanies() {
	return [
		{
			id: 0,
			companyName: 'Example MSP',
			companyNumber: '0',
			companyType: 5,
			isActive: true,
			phone: '+31 20 000 0000',
		},
		{
			id: 174,
			companyName: 'Acme Corp',
			companyNumber: 'ACME',
			companyType: 1,
			isActive: true,
			phone: '+1 212 555 0100',
		},
		{
			id: 175,
			companyName: 'Globex & Partners',
			companyNumber: 'GLOBEX',
			companyType: 1,
			isActive: true,
			phone: '+1 212 555 0101',
		},
	];
}

function seedContacts() {
	return [
		{
			id: 30682887,
			firstName: 'Carla',
			lastName: 'Customer',
			emailAddress: 'carla@acme.example.com',
			companyID: 174,
			isActive: 1,
		},
		{
			id: 30682888,
			firstName: 'Gus',
			lastName: 'Globex',
			emailAddress: 'gus@globex.example.com',
			companyID: 175,
			isActive: 1,
		},
	];
}

function isoDaysAgo(now, days) {
	return new Date(now.getTime() - days * 86400000).toISOString();
}

function ticketNumberFor(date, seq) {
	const d = date.toISOString().slice(0, 10).replace(/-/g, '');
	return `T${d}.${String(seq).padStart(4, '0')}`;
}

function emptyTicket() {
	const t0 = {};
	for (const [name] of TICKET_FIELDS) t0[name] = null;
	t0.userDefinedFields = [];
	return t0;
}

function seedTickets(now = new Date()) {
	const base = (over) => ({ ...emptyTicket(), creatorType: 1, lastActivityPersonType: 1, ...over });
	const created = new Date(now.getTime() - 3600000);
	return [
		base({
			id: 10001,
			ticketNumber: ticketNumberFor(created, 1),
			title: 'Server SRV-01 is down',
			description: 'Monitoring reports that SRV-01 does not answer ping.',
			status: 1,
			priority: 4,
			queueID: 8,
			companyID: 174,
			contactID: 30682887,
			assignedResourceID: 29682886,
			assignedResourceRoleID: 29683461,
			issueType: 4,
			subIssueType: 101,
			ticketType: 5,
			ticketCategory: 2,
			source: 8,
			createDate: created.toISOString(),
			creatorResourceID: 29682885,
			lastActivityDate: created.toISOString(),
			lastActivityResourceID: 29682885,
			dueDateTime: new Date(created.getTime() + 4 * 3600000).toISOString(),
		}),
		base({
			id: 10002,
			ticketNumber: ticketNumberFor(created, 2),
			title: 'Mailbox quota exceeded',
			description: 'User cannot send e-mail.',
			status: 8,
			priority: 2,
			queueID: 29682833,
			companyID: 175,
			contactID: 30682888,
			assignedResourceID: 29682887,
			assignedResourceRoleID: 29683462,
			issueType: 6,
			subIssueType: 111,
			ticketType: 2,
			ticketCategory: 3,
			source: 4,
			createDate: isoDaysAgo(now, 1),
			creatorResourceID: 29682886,
			lastActivityDate: isoDaysAgo(now, 0.5),
			lastActivityResourceID: 29682887,
			dueDateTime: isoDaysAgo(now, -1),
		}),
		base({
			id: 10003,
			ticketNumber: ticketNumberFor(created, 3),
			title: 'Replace printer toner',
			description: 'Done on site.',
			status: 5,
			priority: 3,
			queueID: 29682833,
			companyID: 174,
			contactID: 30682887,
			assignedResourceID: 29682886,
			assignedResourceRoleID: 29683461,
			issueType: 4,
			subIssueType: 102,
			ticketType: 1,
			ticketCategory: 3,
			source: 2,
			createDate: isoDaysAgo(now, 3),
			creatorResourceID: 29682886,
			lastActivityDate: isoDaysAgo(now, 2),
			lastActivityResourceID: 29682886,
			completedDate: isoDaysAgo(now, 2),
			completedByResourceID: 29682886,
			resolvedDateTime: isoDaysAgo(now, 2),
			dueDateTime: isoDaysAgo(now, 2),
		}),
	];
}

module.exports = {
	DEFAULT_USER,
	DAYS,
	pv,
	ticketPicklists,
	noteFieldPicklists,
	locationFieldPicklists,
	TICKET_FIELDS,
	NOTE_FIELDS,
	LOCATION_FIELDS,
	WEBHOOK_FIELD_IDS,
	fieldInfo,
	seedLocations,
	seedHolidays,
	seedResources,
	seedCompanies,
	seedContacts,
	seedTickets,
	emptyTicket,
	ticketNumberFor,
};
