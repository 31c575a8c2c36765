'use strict';
// Autotask PSA REST simulator (the endpoints this package uses). See index.d.ts for the API.

const crypto = require('node:crypto');
const {
	createFaults,
	createQueues,
	createPauses,
	sendRaw,
	seededRng,
	sleep,
	startServer,
	commonAdmin,
	clone,
} = require('./common');
const data = require('./autotask-data');

const THREAD_ERROR = {
	errors: [
		'Thread Threshold Exceeded — The Autotask API thread threshold of 3 threads has been exceeded. Itgenatr005',
	],
};
const API_PREFIX = /^\/atservicesrest\/v1\.0(?=\/|$)/i;

/* ------------------------------------------------------------------ helpers */

function lcKeyMap(names) {
	const m = new Map();
	for (const n of names) m.set(n.toLowerCase(), n);
	return m;
}

function getField(record, field) {
	if (!record || typeof field !== 'string') return undefined;
	if (Object.prototype.hasOwnProperty.call(record, field)) return record[field];
	const lf = field.toLowerCase();
	for (const k of Object.keys(record)) if (k.toLowerCase() === lf) return record[k];
	return undefined;
}

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function toComparable(v) {
	if (v === null || v === undefined) return v;
	if (typeof v === 'boolean') return v ? 1 : 0;
	if (typeof v === 'number') return v;
	const s = String(v).trim();
	if (s === 'true') return 1;
	if (s === 'false') return 0;
	if (s !== '' && !Number.isNaN(Number(s)) && !ISO_LIKE.test(s)) return Number(s);
	if (ISO_LIKE.test(s)) {
		const hasZone = /Z|[+-]\d{2}:?\d{2}$/.test(s);
		const ms = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : hasZone ? s : `${s}Z`);
		if (!Number.isNaN(ms)) return ms;
	}
	return s.toLowerCase();
}

function compare(a, b) {
	const x = toComparable(a);
	const y = toComparable(b);
	if (x === null || x === undefined || y === null || y === undefined) return NaN;
	if (typeof x !== typeof y) {
		const sx = String(a).toLowerCase();
		const sy = String(b).toLowerCase();
		return sx < sy ? -1 : sx > sy ? 1 : 0;
	}
	return x < y ? -1 : x > y ? 1 : 0;
}

class QueryError extends Error {}

function evalFilter(f, record, knownFields, entityLabel) {
	if (!f || typeof f !== 'object') throw new QueryError('Invalid filter expression.');
	const prop = (name) => {
		const k = keyOf(f, name);
		return k === undefined ? undefined : f[k];
	};
	const op = String(prop('op') || '').trim();
	const items = prop('items');
	const lop = op.toLowerCase();
	if (lop === 'and' || lop === 'or') {
		if (!Array.isArray(items) || items.length === 0)
			throw new QueryError(`The '${op}' group requires items.`);
		return lop === 'and'
			? items.every((i) => evalFilter(i, record, knownFields, entityLabel))
			: items.some((i) => evalFilter(i, record, knownFields, entityLabel));
	}
	const field = prop('field');
	const value = prop('value');
	const udf = Boolean(prop('udf'));
	if (typeof field !== 'string' || field === '') throw new QueryError('Filter field is required.');
	let actual;
	if (udf) {
		const udfs = getField(record, 'userDefinedFields') || [];
		const hit = udfs.find((u) => String(u.name).toLowerCase() === field.toLowerCase());
		actual = hit ? hit.value : null;
	} else {
		if (knownFields && !knownFields.has(field.toLowerCase())) {
			throw new QueryError(`Unable to find ${field} in the ${entityLabel} entity.`);
		}
		actual = getField(record, field);
	}
	const isEmpty = actual === null || actual === undefined || actual === '';
	switch (lop) {
		case 'eq':
			if (value === null) return isEmpty;
			return !isEmpty && compare(actual, value) === 0;
		case 'noteq':
			if (value === null) return !isEmpty;
			return isEmpty || compare(actual, value) !== 0;
		case 'gt':
			return !isEmpty && compare(actual, value) > 0;
		case 'gte':
			return !isEmpty && compare(actual, value) >= 0;
		case 'lt':
			return !isEmpty && compare(actual, value) < 0;
		case 'lte':
			return !isEmpty && compare(actual, value) <= 0;
		case 'in':
		case 'notin': {
			if (!Array.isArray(value))
				throw new QueryError(`The '${op}' operator requires an array value.`);
			const found = !isEmpty && value.some((v) => compare(actual, v) === 0);
			return lop === 'in' ? found : !found;
		}
		case 'contains':
			return !isEmpty && String(actual).toLowerCase().includes(String(value).toLowerCase());
		case 'beginswith':
			return !isEmpty && String(actual).toLowerCase().startsWith(String(value).toLowerCase());
		case 'endswith':
			return !isEmpty && String(actual).toLowerCase().endsWith(String(value).toLowerCase());
		case 'exist':
			return !isEmpty;
		case 'notexist':
			return isEmpty;
		default:
			throw new QueryError(`Invalid operator '${op}'.`);
	}
}

/** Serialise JSON the way .NET's default encoder does: escape non-ASCII and HTML-sensitive chars. */
function dotnetJson(value) {
	const esc = (s) => {
		let out = '"';
		for (const ch of String(s)) {
			for (let i = 0; i < ch.length; i++) {
				const c = ch.charCodeAt(i);
				const hex = () => `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
				if (ch === '\\') out += '\\\\';
				else if (c === 0x0a) out += '\\n';
				else if (c === 0x0d) out += '\\r';
				else if (c === 0x09) out += '\\t';
				else if (c === 0x08) out += '\\b';
				else if (c === 0x0c) out += '\\f';
				else if (c < 0x20 || c > 0x7e || '"&<>\'+`'.includes(ch[i])) out += hex();
				else out += ch[i];
			}
		}
		return `${out}"`;
	};
	const ser = (v) => {
		if (v === null || v === undefined) return 'null';
		if (typeof v === 'string') return esc(v);
		if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
		if (Array.isArray(v)) return `[${v.map(ser).join(',')}]`;
		return `{${Object.entries(v)
			.filter(([, x]) => x !== undefined)
			.map(([k, x]) => `${esc(k)}:${ser(x)}`)
			.join(',')}}`;
	};
	return ser(value);
}

function signBody(secretKey, bodyText) {
	return `sha1=${crypto
		.createHmac('sha1', Buffer.from(String(secretKey), 'utf8'))
		.update(Buffer.from(bodyText, 'utf8'))
		.digest('base64')}`;
}

const pascal = (name) => name.charAt(0).toUpperCase() + name.slice(1);

/** `retryDelayMs` is accepted as a short name of `deliveryRetryDelayMs`. */
function normalizeOptions(o) {
	const out = { ...(o || {}) };
	if (out.retryDelayMs !== undefined) out.deliveryRetryDelayMs = out.retryDelayMs;
	delete out.retryDelayMs;
	return out;
}

/** The key of `body` that equals `name` case-insensitively (ASP.NET model binding), or undefined. */
function keyOf(body, name) {
	if (!body || typeof body !== 'object') return undefined;
	if (Object.prototype.hasOwnProperty.call(body, name)) return name;
	const ln = name.toLowerCase();
	return Object.keys(body).find((k) => k.toLowerCase() === ln);
}

/** QueryModel property names as the swagger's model declares them (its example writes them PascalCase). */
const QUERY_MODEL_KEYS = ['filter', 'includeFields', 'maxRecords'];

/** Which spelling of each QueryModel property the client used, e.g. `{ filter: 'filter', maxRecords: 'MaxRecords' }`. */
function queryModelSpelling(body) {
	const out = {};
	for (const k of QUERY_MODEL_KEYS) {
		const used = keyOf(body, k);
		if (used !== undefined) out[k] = used;
	}
	return out;
}

/* ------------------------------------------------------------------ simulator */

function startAutotaskSimulator(opts = {}) {
	const options = {
		zoneName: 'Simulated Zone',
		ci: 1,
		threadLimit: 3,
		threadLimitStatus: 429,
		latencyMs: 0,
		webhookFieldLatencyMs: 25,
		bodyStyle: 'plain',
		signatureOver: 'body',
		// Webhooks_Error_Handling.htm: 10 s timeout, resent after 30 s, 5 attempts within 2 minutes,
		// deactivated after 25 consecutive failures.
		deliveryTimeoutMs: 10000,
		deliveryAttempts: 5,
		deliveryRetryDelayMs: 30000,
		deactivateAfterFailures: 25,
		// "queued up for delivery in the order they are triggered" for the same callout and type:
		// one queue per webhook and event type; 'per-webhook' = one queue for all types.
		deliveryOrder: 'per-type',
		// Extension callouts: Autotask documents neither a timeout nor a re-send schedule. One
		// attempt; the timeout is .NET's HttpWebRequest default (100 s), a guess.
		calloutAttempts: 1,
		calloutRetryDelayMs: 0,
		calloutTimeoutMs: 100000,
		calloutDelayMs: 0,
		calloutBasicAuth: 'preemptive',
		seedTickets: true,
		maxWebhooks: 10,
		requestThreshold: 10000,
		seed: 42,
		adminResourceId: 29682886,
		nextPageGet405WithIncludeFields: false,
		...normalizeOptions(opts),
	};
	const initialOptions = { ...options };
	const rng = seededRng(options.seed);
	const faults = createFaults(rng, THREAD_ERROR);
	const requests = [];
	const deliveries = [];
	const queues = createQueues();
	const pauses = createPauses();
	const activeThreads = new Map();
	let baseUrl = '';
	let state;
	/** The simulator's clock: real time plus an offset tests can advance (advanceClock). */
	let clockOffsetMs = 0;
	const nowMs = () => Date.now() + clockOffsetMs;

	function initState() {
		const now = new Date(nowMs());
		const hol = data.seedHolidays(now);
		const users = [{ ...data.DEFAULT_USER }, ...(options.users || [])];
		const tickets = new Map();
		for (const t of options.tickets || (options.seedTickets ? data.seedTickets(now) : []))
			tickets.set(Number(t.id), { ...data.emptyTicket(), ...clone(t) });
		const picklists = {
			Tickets: data.ticketPicklists(),
			TicketNotes: data.noteFieldPicklists(),
			InternalLocationWithBusinessHours: data.locationFieldPicklists(),
		};
		for (const [entity, fields] of Object.entries(options.picklists || {})) {
			picklists[entity] = { ...(picklists[entity] || {}), ...clone(fields) };
		}
		state = {
			users,
			resources: options.resources || data.seedResources(),
			companies: options.companies || data.seedCompanies(),
			contacts: options.contacts || data.seedContacts(),
			tickets,
			notes: [],
			webhooks: [],
			webhookFields: [],
			excludedResources: [],
			locations: options.locations || data.seedLocations(),
			holidaySets: options.holidaySets || hol.sets,
			holidays: options.holidays || hol.holidays,
			picklists,
			nextTicketId: Math.max(10003, ...[...tickets.keys()]) + 1,
			nextId: 500000,
			ticketSeq: tickets.size,
			requestCount: 0,
			events: [],
			callouts: [],
			workflowRules: [],
		};
	}
	initState();

	const nextId = () => ++state.nextId;
	const err = (status, ...messages) => ({ status, body: { errors: messages } });
	const ok = (body) => ({ status: 200, body });
	const nowIso = () => new Date(nowMs()).toISOString();

	/* --------------------------------------------------------------- entities */

	const ticketFieldNames = data.TICKET_FIELDS.map(([n]) => n);
	const ticketKeyMap = lcKeyMap([...ticketFieldNames, 'userDefinedFields']);

	function ticketFields() {
		return data.TICKET_FIELDS.map(([n, dt, o]) =>
			data.fieldInfo(n, dt, o, state.picklists.Tickets),
		);
	}

	const ENTITIES = {
		tickets: {
			label: 'Ticket',
			all: () => [...state.tickets.values()],
			fields: () => new Set(ticketFieldNames.map((n) => n.toLowerCase())),
		},
		ticketnotes: {
			label: 'TicketNote',
			all: () => state.notes,
			fields: () => new Set(data.NOTE_FIELDS.map(([n]) => n.toLowerCase())),
		},
		resources: { label: 'Resource', all: () => state.resources },
		companies: { label: 'Company', all: () => state.companies },
		contacts: { label: 'Contact', all: () => state.contacts },
		ticketwebhooks: { label: 'TicketWebhook', all: () => state.webhooks.map(publicWebhook) },
		ticketwebhookfields: { label: 'TicketWebhookField', all: () => state.webhookFields },
		ticketwebhookexcludedresources: {
			label: 'TicketWebhookExcludedResource',
			all: () => state.excludedResources,
		},
		internallocationwithbusinesshours: {
			label: 'InternalLocationWithBusinessHours',
			all: () => state.locations,
			fields: () => new Set(data.LOCATION_FIELDS.map(([n]) => n.toLowerCase())),
		},
		holidaysets: {
			label: 'HolidaySet',
			all: () => state.holidaySets,
			fields: () => new Set(['id', 'holidaysetname', 'holidaysetdescription']),
		},
		holidays: {
			label: 'Holiday',
			all: () => state.holidays,
			fields: () => new Set(['id', 'holidaydate', 'holidayname', 'holidaysetid']),
		},
	};
	const ENTITY_NAMES = {
		tickets: 'Tickets',
		ticketnotes: 'TicketNotes',
		resources: 'Resources',
		companies: 'Companies',
		contacts: 'Contacts',
		ticketwebhooks: 'TicketWebhooks',
		ticketwebhookfields: 'TicketWebhookFields',
		ticketwebhookexcludedresources: 'TicketWebhookExcludedResources',
		internallocationwithbusinesshours: 'InternalLocationWithBusinessHours',
		holidaysets: 'HolidaySets',
		holidays: 'Holidays',
	};

	function knownFieldsOf(key) {
		const e = ENTITIES[key];
		if (e.fields) return e.fields();
		const s = new Set();
		for (const r of e.all()) for (const k of Object.keys(r)) s.add(k.toLowerCase());
		return s.size ? s : undefined;
	}

	function publicWebhook(w) {
		// secretKey is write-only: never returned (documented guess).
		const { secretKey, sequence, consecutiveFailures, ...rest } = w;
		return { ...rest, secretKey: null };
	}

	/* --------------------------------------------------------------- queries */

	function parseQueryModel(body) {
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw new QueryError('A query body is required.');
		// ASP.NET binds property names case-insensitively: MaxRecords, maxRecords, maxrecords all bind.
		const get = (name) => {
			const k = keyOf(body, name);
			return k === undefined ? undefined : body[k];
		};
		const filter = get('filter');
		const includeFields = get('includeFields');
		const max = get('maxRecords');
		if (!Array.isArray(filter) || filter.length === 0) throw new QueryError('Filter is required.');
		if (
			max !== undefined &&
			max !== null &&
			(!Number.isInteger(Number(max)) || Number(max) < 1 || Number(max) > 500)
		) {
			throw new QueryError('MaxRecords must be between 1 and 500.');
		}
		return {
			filter,
			includeFields: Array.isArray(includeFields) ? includeFields : undefined,
			max: max ? Number(max) : 500,
		};
	}

	function project(record, includeFields) {
		if (!includeFields || includeFields.length === 0) return clone(record);
		const out = { id: record.id };
		for (const f of includeFields) {
			const lf = String(f).toLowerCase();
			const key = Object.keys(record).find((k) => k.toLowerCase() === lf);
			if (key) out[key] = clone(record[key]);
		}
		return out;
	}

	function runQuery(key, rawQuery, paging, extraFilter) {
		const e = ENTITIES[key];
		let model;
		try {
			model = parseQueryModel(rawQuery);
			const known = knownFieldsOf(key);
			let rows = e
				.all()
				.filter(
					(r) =>
						(!extraFilter || extraFilter(r)) &&
						model.filter.every((f) => evalFilter(f, r, known, e.label)),
				);
			rows = rows.sort((a, b) => Number(a.id) - Number(b.id));
			const pageSize = model.max;
			const lastIds = paging && Array.isArray(paging.lastIds) ? paging.lastIds : [];
			const after = lastIds.length ? lastIds[lastIds.length - 1] : undefined;
			const remaining =
				after === undefined ? rows : rows.filter((r) => Number(r.id) > Number(after));
			const page = remaining.slice(0, pageSize);
			const more = remaining.length > page.length;
			const entityName = ENTITY_NAMES[key];
			const search = encodeURIComponent(JSON.stringify(rawQuery));
			const link = (ids) =>
				`${baseUrl}/atservicesrest/v1.0/${entityName}/query/next?paging=${encodeURIComponent(JSON.stringify({ pageSize, lastIds: ids }))}&search=${search}`;
			const nextPageUrl = more ? link([...lastIds, page[page.length - 1].id]) : null;
			const prevPageUrl = lastIds.length
				? lastIds.length === 1
					? link([])
					: link(lastIds.slice(0, -1))
				: null;
			return ok({
				items: page.map((r) => project(r, model.includeFields)),
				pageDetails: { count: page.length, requestCount: pageSize, prevPageUrl, nextPageUrl },
			});
		} catch (error) {
			if (error instanceof QueryError) return err(500, error.message);
			throw error;
		}
	}

	function countQuery(key, rawQuery) {
		const e = ENTITIES[key];
		try {
			const model = parseQueryModel(rawQuery);
			const known = knownFieldsOf(key);
			return ok({
				queryCount: e
					.all()
					.filter((r) => model.filter.every((f) => evalFilter(f, r, known, e.label))).length,
			});
		} catch (error) {
			if (error instanceof QueryError) return err(500, error.message);
			throw error;
		}
	}

	function searchFromQuery(ctx) {
		const s = ctx.query.get('search');
		if (!s) return undefined;
		try {
			return JSON.parse(s);
		} catch {
			return null;
		}
	}

	/* --------------------------------------------------------------- auth */

	function header(ctx, name) {
		const v = ctx.headers[name.toLowerCase()];
		return Array.isArray(v) ? v[0] : v;
	}

	function authenticate(ctx) {
		const username = header(ctx, 'UserName');
		const secret = header(ctx, 'Secret');
		const code = header(ctx, 'ApiIntegrationCode');
		if (!username || !secret)
			return { error: err(401, 'Unauthorized: UserName and Secret headers are required.') };
		const user = state.users.find(
			(u) => u.username.toLowerCase() === String(username).toLowerCase(),
		);
		if (!user || user.secret !== secret)
			return { error: err(401, 'Unauthorized: the UserName or Secret is invalid.') };
		if (!code || String(code) !== user.integrationCode)
			return { error: err(500, 'IntegrationCode is invalid.') };
		let actor = user.resourceId;
		const imp = header(ctx, 'ImpersonationResourceId');
		if (imp !== undefined && imp !== '') {
			const r = state.resources.find((x) => Number(x.id) === Number(imp) && x.isActive);
			if (!r) return { error: err(500, `Impersonation resource ${imp} is invalid or inactive.`) };
			actor = r.id;
		}
		return { user, actor };
	}

	/* --------------------------------------------------------------- tickets */

	function normalizeTicketBody(body) {
		const out = {};
		const unknown = [];
		for (const [k, v] of Object.entries(body || {})) {
			const canon = ticketKeyMap.get(k.toLowerCase());
			if (canon) out[canon] = v;
			else unknown.push(k);
		}
		return { fields: out, unknown };
	}

	function validatePicklistValue(entity, field, value) {
		if (value === null || value === undefined) return undefined;
		const list = state.picklists[entity] && state.picklists[entity][field];
		if (!list) return undefined;
		const hit = list.find((p) => String(p.value) === String(value));
		if (!hit) return `Value ${value} is not a valid ${field}.`;
		if (!hit.isActive) return `Value ${value} of ${field} is inactive.`;
		return undefined;
	}

	function applyTicketChanges(ticket, changes, actor, { isCreate = false } = {}) {
		const errors = [];
		for (const f of [
			'status',
			'priority',
			'queueID',
			'issueType',
			'subIssueType',
			'ticketType',
			'ticketCategory',
			'source',
		]) {
			if (Object.prototype.hasOwnProperty.call(changes, f)) {
				const e = validatePicklistValue('Tickets', f, changes[f]);
				if (e) errors.push(e);
			}
		}
		if (
			Object.prototype.hasOwnProperty.call(changes, 'assignedResourceID') &&
			changes.assignedResourceID !== null
		) {
			const roleSet = Object.prototype.hasOwnProperty.call(changes, 'assignedResourceRoleID')
				? changes.assignedResourceRoleID
				: ticket.assignedResourceRoleID;
			if (roleSet === null || roleSet === undefined) {
				errors.push(
					'Data violation: When assigning a Resource, you must assign both a assignedResourceID and assignedResourceRoleID.',
				);
			}
			if (!state.resources.some((r) => Number(r.id) === Number(changes.assignedResourceID))) {
				errors.push(`Value ${changes.assignedResourceID} is not a valid assignedResourceID.`);
			}
		}
		if (!isCreate) {
			for (const f of [
				'id',
				'ticketNumber',
				'createDate',
				'creatorResourceID',
				'lastActivityDate',
				'lastActivityResourceID',
				'completedDate',
			]) {
				if (
					f !== 'id' &&
					Object.prototype.hasOwnProperty.call(changes, f) &&
					changes[f] !== ticket[f]
				) {
					errors.push(`${f} is read-only.`);
				}
			}
		}
		if (errors.length) return { errors };
		const changed = [];
		for (const [k, v] of Object.entries(changes)) {
			if (k === 'id') continue;
			if (JSON.stringify(ticket[k]) !== JSON.stringify(v)) {
				ticket[k] = clone(v);
				changed.push(k);
			}
		}
		const now = nowIso();
		if (changed.includes('status')) {
			if (Number(ticket.status) === 5) {
				ticket.completedDate = now;
				ticket.completedByResourceID = actor;
				ticket.resolvedDateTime = ticket.resolvedDateTime || now;
				changed.push('completedDate');
			} else if (ticket.completedDate) {
				ticket.completedDate = null;
				ticket.completedByResourceID = null;
				changed.push('completedDate');
			}
		}
		if (changed.length || isCreate) {
			ticket.lastActivityDate = now;
			ticket.lastActivityResourceID = actor;
			ticket.lastActivityPersonType = 1;
			ticket.lastTrackedModificationDateTime = now;
			if (!isCreate) changed.push('lastActivityDate');
		}
		return { changed };
	}

	/** Set by Autotask, whatever a create body says (the swagger marks them read-only). */
	const SET_BY_AUTOTASK = [
		'ticketNumber',
		'createDate',
		'creatorResourceID',
		'creatorType',
		'lastActivityDate',
		'lastActivityResourceID',
		'lastActivityPersonType',
		'lastTrackedModificationDateTime',
		'lastCustomerVisibleActivityDateTime',
		'completedDate',
		'completedByResourceID',
		'resolvedDateTime',
	];

	/**
	 * A ticket is created NOW (the simulator's clock): createDate = lastActivityDate = now. Only an
	 * explicit `createdAt` (admin API, for stories that ask for an older ticket) backdates it.
	 */
	function createTicket(body, actor, { fire = true, via = 'api', createdAt } = {}) {
		const { fields } = normalizeTicketBody(body);
		for (const f of SET_BY_AUTOTASK) delete fields[f];
		const missing = ['companyID', 'title', 'status', 'priority'].filter(
			(f) => fields[f] === undefined || fields[f] === null || fields[f] === '',
		);
		if (missing.length) return { errors: missing.map((f) => `${f} is required.`) };
		if (!state.companies.some((c) => Number(c.id) === Number(fields.companyID)))
			return { errors: [`Value ${fields.companyID} is not a valid companyID.`] };
		const id =
			Number(fields.id) && !state.tickets.has(Number(fields.id))
				? Number(fields.id)
				: state.nextTicketId++;
		const now = new Date(nowMs());
		const ticket = {
			...data.emptyTicket(),
			id,
			ticketNumber: data.ticketNumberFor(now, ++state.ticketSeq),
			createDate: now.toISOString(),
			creatorResourceID: actor,
			creatorType: 1,
			ticketType: 1,
			ticketCategory: 3,
			source: 2,
		};
		delete fields.id;
		const res = applyTicketChanges(ticket, fields, actor, { isCreate: true });
		if (res.errors) return res;
		const at =
			createdAt === undefined || createdAt === null
				? now
				: new Date(typeof createdAt === 'number' ? createdAt : String(createdAt));
		if (Number.isNaN(at.getTime())) return { errors: [`createdAt ${createdAt} is not a date.`] };
		ticket.createDate = at.toISOString();
		ticket.lastActivityDate = ticket.createDate;
		ticket.lastTrackedModificationDateTime = ticket.createDate;
		if (ticket.completedDate) {
			ticket.completedDate = ticket.createDate;
			ticket.resolvedDateTime = ticket.createDate;
		}
		state.tickets.set(id, ticket);
		state.nextTicketId = Math.max(state.nextTicketId, id + 1);
		if (fire) fireTicketEvent('Create', ticket, Object.keys(fields), actor, via);
		return { id, ticket };
	}

	function updateTicket(id, body, actor, { fire = true, via = 'api' } = {}) {
		const ticket = state.tickets.get(Number(id));
		if (!ticket) return { notFound: true, errors: [`Ticket ${id} not found.`] };
		const { fields } = normalizeTicketBody(body);
		delete fields.id;
		const res = applyTicketChanges(ticket, fields, actor);
		if (res.errors) return res;
		if (fire && res.changed.length) fireTicketEvent('Update', ticket, res.changed, actor, via);
		return { id: ticket.id, ticket, changed: res.changed };
	}

	function deleteTicket(id, actor, { fire = true, via = 'api' } = {}) {
		const ticket = state.tickets.get(Number(id));
		if (!ticket) return { notFound: true, errors: [`Ticket ${id} not found.`] };
		state.tickets.delete(Number(id));
		if (fire) fireTicketEvent('Delete', ticket, [], actor, via);
		return { id: ticket.id, ticket };
	}

	/* --------------------------------------------------------------- webhooks */

	const webhookKeyMap = lcKeyMap([
		'id',
		'name',
		'webhookUrl',
		'deactivationUrl',
		'isActive',
		'isReady',
		'isSubscribedToCreateEvents',
		'isSubscribedToUpdateEvents',
		'isSubscribedToDeleteEvents',
		'secretKey',
		'notificationEmailAddress',
		'sendThresholdExceededNotification',
		'ownerResourceID',
		'webhookGUID',
	]);

	function canonical(body, map) {
		const out = {};
		for (const [k, v] of Object.entries(body || {})) {
			const c = map.get(k.toLowerCase());
			if (c) out[c] = v;
		}
		return out;
	}

	function webhookFieldName(fieldID) {
		for (const [name, id] of Object.entries(data.WEBHOOK_FIELD_IDS))
			if (id === Number(fieldID)) return name;
		return undefined;
	}

	function validateWebhook(w) {
		const errors = [];
		if (!w.name) errors.push('name is required.');
		else if (String(w.name).length > 50)
			errors.push('name must be less than or equal to 50 characters.');
		if (!w.webhookUrl) errors.push('webhookUrl is required.');
		else if (String(w.webhookUrl).length > 500)
			errors.push('webhookUrl must be less than or equal to 500 characters.');
		if (!w.deactivationUrl) errors.push('deactivationUrl is required.');
		if (w.secretKey && String(w.secretKey).length > 64)
			errors.push('secretKey must be less than or equal to 64 characters.');
		return errors;
	}

	function createWebhook(body, owner) {
		const w = canonical(body, webhookKeyMap);
		const errors = validateWebhook(w);
		if (errors.length) return { errors };
		if (state.webhooks.some((x) => x.webhookUrl === w.webhookUrl)) {
			return {
				errors: ['A duplicate callout exists for this entity, Webhook URL and callout type.'],
			};
		}
		if (state.webhooks.filter((x) => x.ownerResourceID === owner).length >= options.maxWebhooks) {
			return { errors: ['The maximum number of webhooks for this user has been reached.'] };
		}
		const hook = {
			id: nextId(),
			name: w.name,
			webhookUrl: w.webhookUrl,
			deactivationUrl: w.deactivationUrl,
			isActive: w.isActive !== undefined ? Boolean(w.isActive) : true,
			isReady: false,
			isSubscribedToCreateEvents: Boolean(w.isSubscribedToCreateEvents),
			isSubscribedToUpdateEvents: Boolean(w.isSubscribedToUpdateEvents),
			isSubscribedToDeleteEvents: Boolean(w.isSubscribedToDeleteEvents),
			secretKey: w.secretKey || null,
			notificationEmailAddress: w.notificationEmailAddress || null,
			sendThresholdExceededNotification: Boolean(w.sendThresholdExceededNotification),
			ownerResourceID: owner,
			webhookGUID: crypto.randomUUID(),
			sequence: 0,
			consecutiveFailures: 0,
		};
		state.webhooks.push(hook);
		return { id: hook.id, webhook: hook };
	}

	function refreshReady(hook) {
		hook.isReady = state.webhookFields.some((f) => f.webhookID === hook.id && f.isSubscribedField);
	}

	function fireTicketEvent(action, ticket, changedFields, actor, via = 'api') {
		state.events.push({ action, ticketId: ticket.id, changedFields, actor, via, at: nowIso() });
		fireWorkflowRules(action, ticket, changedFields, actor, via);
		const changed = new Set(changedFields);
		for (const hook of state.webhooks) {
			if (!hook.isActive) continue;
			const sub =
				(action === 'Create' && hook.isSubscribedToCreateEvents) ||
				(action === 'Update' && hook.isSubscribedToUpdateEvents) ||
				(action === 'Delete' && hook.isSubscribedToDeleteEvents);
			if (!sub) continue;
			const fields = state.webhookFields.filter((f) => f.webhookID === hook.id);
			const subscribed = fields
				.filter((f) => f.isSubscribedField)
				.map((f) => webhookFieldName(f.fieldID))
				.filter(Boolean);
			const always = fields
				.filter((f) => f.isDisplayAlwaysField)
				.map((f) => webhookFieldName(f.fieldID))
				.filter(Boolean);
			if (subscribed.length === 0) continue;
			if (
				state.excludedResources.some(
					(x) => x.webhookID === hook.id && Number(x.resourceID) === Number(actor),
				)
			) {
				deliveries.push({
					kind: 'skipped',
					reason: 'excluded-resource',
					webhookId: hook.id,
					action,
					ticketId: ticket.id,
					personId: actor,
					at: nowIso(),
				});
				continue;
			}
			let names;
			if (action === 'Update') {
				const hits = subscribed.filter((n) => changed.has(n));
				if (hits.length === 0) continue;
				names = [...new Set([...hits, ...always])];
			} else if (action === 'Create') {
				names = [...new Set([...subscribed, ...always])].filter(
					(n) => ticket[n] !== null && ticket[n] !== undefined,
				);
			} else {
				names = always.filter((n) => ticket[n] !== null && ticket[n] !== undefined);
			}
			const Fields = {};
			for (const n of names)
				Fields[pascal(n)] =
					ticket[n] === null || ticket[n] === undefined ? null : String(ticket[n]);
			hook.sequence += 1;
			const envelope = {
				Action: action,
				Guid: hook.webhookGUID,
				EntityType: 'Ticket',
				Id: ticket.id,
				Fields,
				EventTime: nowIso(),
				SequenceNumber: hook.sequence,
				PersonID: actor,
			};
			enqueueDelivery(hook, envelope, 'webhook');
		}
	}

	function serialize(envelope) {
		return options.bodyStyle === 'dotnet' ? dotnetJson(envelope) : JSON.stringify(envelope);
	}

	/**
	 * The text the X-Hook-Signature is computed over: the bytes sent ('body', the official wording)
	 * or the .NET-escaped re-serialisation ('dotnet-escaped', what n8n-at's production fix implies
	 * Autotask signs even when the bytes on the wire are not escaped).
	 */
	function signedText(envelope, bodyText) {
		return options.signatureOver === 'dotnet-escaped' ? dotnetJson(envelope) : bodyText;
	}

	/**
	 * Delivery as Webhooks_Error_Handling.htm describes it: 2xx = delivered; otherwise (or no answer
	 * within `deliveryTimeoutMs`, 10 s) sent again after `deliveryRetryDelayMs` (30 s), at most
	 * `deliveryAttempts` (5) times; payloads of the same webhook and event type wait in one ordered
	 * queue; `deactivateAfterFailures` (25) consecutive failed attempts deactivate the webhook.
	 */
	function enqueueDelivery(hook, envelope, kind) {
		const url = kind === 'deactivation' ? hook.deactivationUrl : hook.webhookUrl;
		const secret = hook.secretKey;
		const queueKey =
			kind === 'deactivation'
				? `deactivation:${hook.id}`
				: options.deliveryOrder === 'per-webhook'
					? `webhook:${hook.id}`
					: `webhook:${hook.id}:${envelope.Action}`;
		const gen = pauses.generation;
		queues.push(queueKey, async () => {
			if (gen !== pauses.generation) return;
			const bodyText = serialize(envelope);
			const signed = signedText(envelope, bodyText);
			const headers = { 'Content-Type': 'application/json' };
			if (secret) headers['X-Hook-Signature'] = signBody(secret, signed);
			const attempts =
				kind === 'deactivation' ? 1 : Math.max(1, Number(options.deliveryAttempts) || 1);
			for (let attempt = 1; attempt <= attempts; attempt++) {
				if (kind === 'webhook' && !hook.isActive) {
					deliveries.push({
						kind: 'dropped',
						reason: 'webhook-inactive',
						webhookId: hook.id,
						action: envelope.Action,
						ticketId: envelope.Id,
						sequenceNumber: envelope.SequenceNumber,
						attempt,
						at: nowIso(),
					});
					return;
				}
				const res = await sendRaw(url, {
					method: 'POST',
					body: bodyText,
					headers,
					timeoutMs: options.deliveryTimeoutMs,
				});
				if (gen !== pauses.generation) return;
				deliveries.push({
					kind,
					webhookId: hook.id,
					url,
					action: envelope.Action,
					ticketId: envelope.Id,
					sequenceNumber: envelope.SequenceNumber,
					attempt,
					status: res.status,
					ok: res.ok,
					error: res.error,
					body: bodyText,
					signedBody: signed === bodyText ? undefined : signed,
					signature: headers['X-Hook-Signature'],
					at: nowIso(),
				});
				if (kind === 'deactivation') return;
				if (res.ok) {
					hook.consecutiveFailures = 0;
					return;
				}
				hook.consecutiveFailures += 1;
				if (hook.consecutiveFailures >= options.deactivateAfterFailures) {
					deactivate(hook);
					return;
				}
				if (attempt < attempts) await pauses.pause(options.deliveryRetryDelayMs);
				if (gen !== pauses.generation) return;
			}
		});
	}

	function deactivate(hook) {
		if (!hook.isActive) return;
		hook.isActive = false;
		enqueueDelivery(
			hook,
			{
				Action: 'Deactivated',
				Guid: hook.webhookGUID,
				EntityType: 'Ticket',
				Id: hook.id,
				Fields: {},
				EventTime: nowIso(),
				SequenceNumber: ++hook.sequence,
				PersonID: hook.ownerResourceID,
			},
			'deactivation',
		);
	}

	/* --------------------------------------------------------------- extension callouts */

	// Admin > Extensions & Integrations > Other Extensions & Tools > Extension Callout (Tickets):
	// Name, Active, URL, Username, Password, Ticket UDF, HTTP Transport Method, Data Format. A
	// service-desk workflow rule (events Created / Edited, optional conditions) executes it.
	// Undocumented, hence options: the body's key names (default TicketID + TicketNumber, the
	// harness's guess), the Content-Type, how the Username/Password travel (Basic, preemptive by
	// default), the timeout; no re-send unless `calloutAttempts` > 1.

	const DATA_FORMATS = ['nameValuePair', 'xml'];

	function addExtensionCallout(spec = {}) {
		if (!spec.url || typeof spec.url !== 'string') throw new Error('url is required');
		const method = String(spec.method || 'POST').toUpperCase();
		if (!['POST', 'GET'].includes(method)) throw new Error('method must be POST or GET');
		const dataFormat = spec.dataFormat || 'nameValuePair';
		if (!DATA_FORMATS.includes(dataFormat))
			throw new Error(`dataFormat must be one of ${DATA_FORMATS.join(', ')}`);
		const callout = {
			id: nextId(),
			name: String(spec.name || 'n8n callout').slice(0, 100),
			active: spec.active !== false,
			url: spec.url,
			username: spec.username || null,
			password: spec.password || null,
			udf: spec.udf || null,
			method,
			dataFormat,
			fields: clone(spec.fields) || { TicketID: 'id', TicketNumber: 'ticketNumber' },
		};
		state.callouts.push(callout);
		if (spec.workflowRule !== false) {
			addWorkflowRule({
				name: `${callout.name} rule`,
				calloutId: callout.id,
				...(typeof spec.workflowRule === 'object' ? spec.workflowRule : {}),
			});
		}
		return publicCallout(callout);
	}

	function publicCallout(c) {
		return {
			...clone(c),
			password: c.password ? '***' : null,
			workflowRules: state.workflowRules.filter((r) => r.calloutId === c.id).map(clone),
		};
	}

	function addWorkflowRule(spec = {}) {
		const callout = state.callouts.find((c) => c.id === Number(spec.calloutId));
		if (!callout) throw new Error(`Extension callout ${spec.calloutId} not found`);
		const events = spec.events || ['created', 'edited'];
		for (const e of events)
			if (!['created', 'edited'].includes(e)) throw new Error(`Unknown workflow-rule event ${e}`);
		const rule = {
			id: nextId(),
			name: String(spec.name || 'workflow rule'),
			active: spec.active !== false,
			calloutId: callout.id,
			events: [...events],
			// Ticket conditions in the query-filter shape, e.g. [{ op: 'eq', field: 'status', value: 1 }].
			conditions: clone(spec.conditions) || [],
			// Workflow rules fire on changes "by Anyone"; API changes included unless set false.
			firesOnApiChanges: spec.firesOnApiChanges !== false,
		};
		for (const c of rule.conditions) evalFilter(c, data.emptyTicket(), undefined, 'Ticket');
		state.workflowRules.push(rule);
		return clone(rule);
	}

	function fireWorkflowRules(action, ticket, changedFields, actor, via) {
		const event = action === 'Create' ? 'created' : action === 'Update' ? 'edited' : undefined;
		if (!event) return;
		for (const rule of state.workflowRules) {
			if (!rule.active || !rule.events.includes(event)) continue;
			if (via === 'api' && !rule.firesOnApiChanges) continue;
			if (!rule.conditions.every((c) => evalFilter(c, ticket, undefined, 'Ticket'))) continue;
			const callout = state.callouts.find((c) => c.id === rule.calloutId);
			if (!callout || !callout.active) continue;
			if (callout.udf) {
				const u = (ticket.userDefinedFields || []).find(
					(x) => String(x.name).toLowerCase() === String(callout.udf).toLowerCase(),
				);
				if (!u || u.value === null || u.value === undefined || u.value === '') continue;
			}
			enqueueCallout(callout, rule, clone(ticket), event, actor);
		}
	}

	function xmlEscape(v) {
		return String(v).replace(
			/[<>&'"]/g,
			(c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c],
		);
	}

	function calloutRequest(callout, ticket) {
		const values = {};
		for (const [key, field] of Object.entries(callout.fields)) {
			const v = getField(ticket, field);
			values[key] = v === null || v === undefined ? '' : String(v);
		}
		const headers = {};
		let url = callout.url;
		let body;
		if (callout.dataFormat === 'xml') {
			headers['Content-Type'] = 'text/xml; charset=utf-8';
			body = `<?xml version="1.0" encoding="utf-8"?><Ticket>${Object.entries(values)
				.map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
				.join('')}</Ticket>`;
		} else {
			const form = new URLSearchParams(values).toString();
			if (callout.method === 'GET') url = `${url}${url.includes('?') ? '&' : '?'}${form}`;
			else {
				headers['Content-Type'] = 'application/x-www-form-urlencoded';
				body = form;
			}
		}
		if (callout.method === 'GET') body = undefined;
		return { url, body, headers };
	}

	function enqueueCallout(callout, rule, ticket, event, actor) {
		const req = calloutRequest(callout, ticket);
		const basic = callout.username
			? `Basic ${Buffer.from(`${callout.username}:${callout.password || ''}`).toString('base64')}`
			: undefined;
		const gen = pauses.generation;
		queues.push(`callout:${callout.id}:${nextId()}`, async () => {
			if (options.calloutDelayMs > 0) await pauses.pause(options.calloutDelayMs);
			if (gen !== pauses.generation) return;
			const attempts = Math.max(1, Number(options.calloutAttempts) || 1);
			for (let attempt = 1; attempt <= attempts; attempt++) {
				const send = (withAuth) =>
					sendRaw(req.url, {
						method: callout.method,
						body: req.body,
						headers: withAuth && basic ? { ...req.headers, Authorization: basic } : req.headers,
						timeoutMs: options.calloutTimeoutMs,
					});
				const mode = options.calloutBasicAuth;
				let res = await send(mode === 'preemptive');
				let authSent = mode === 'preemptive' && Boolean(basic);
				// challenge: like a .NET client with Credentials set, answer a 401 Basic challenge once.
				if (
					mode === 'challenge' &&
					basic &&
					res.status === 401 &&
					/basic/i.test(String((res.headers || {})['www-authenticate'] || ''))
				) {
					res = await send(true);
					authSent = true;
				}
				if (gen !== pauses.generation) return;
				deliveries.push({
					kind: 'callout',
					calloutId: callout.id,
					ruleId: rule.id,
					event,
					ticketId: ticket.id,
					personId: actor,
					url: req.url,
					method: callout.method,
					contentType: req.headers['Content-Type'],
					body: req.body,
					authSent,
					attempt,
					status: res.status,
					ok: res.ok,
					error: res.error,
					response: res.body !== undefined ? String(res.body).slice(0, 2000) : undefined,
					at: nowIso(),
				});
				if (res.ok) return;
				if (attempt < attempts) await pauses.pause(options.calloutRetryDelayMs);
				if (gen !== pauses.generation) return;
			}
		});
	}

	/* --------------------------------------------------------------- routing */

	function listResult(items) {
		return ok({
			items: clone(items),
			pageDetails: { count: items.length, requestCount: 500, prevPageUrl: null, nextPageUrl: null },
		});
	}

	function entityInfo(entity) {
		const key = entity.toLowerCase();
		if (key === 'tickets') return ok({ fields: ticketFields() });
		if (key === 'ticketnotes')
			return ok({
				fields: data.NOTE_FIELDS.map(([n, dt, o]) =>
					data.fieldInfo(n, dt, o, state.picklists.TicketNotes),
				),
			});
		if (key === 'internallocationwithbusinesshours') {
			return ok({
				fields: data.LOCATION_FIELDS.map(([n, dt, o]) =>
					data.fieldInfo(n, dt, o, state.picklists.InternalLocationWithBusinessHours),
				),
			});
		}
		if (key === 'ticketwebhookfields') {
			const values = Object.entries(data.WEBHOOK_FIELD_IDS).map(([name, id], i) =>
				data.pv(id, name, { sortOrder: i + 1, isSystem: true }),
			);
			return ok({
				fields: [
					data.fieldInfo('id', 'long', { isReadOnly: true }, {}),
					data.fieldInfo('webhookID', 'long', { isRequired: true, ref: 'TicketWebhook' }, {}),
					{
						...data.fieldInfo(
							'fieldID',
							'integer',
							{ isRequired: true, picklist: true },
							{ fieldID: values },
						),
						isSupportedWebhookField: false,
					},
					data.fieldInfo('isSubscribedField', 'boolean', { isRequired: true }, {}),
					data.fieldInfo('isDisplayAlwaysField', 'boolean', { isRequired: true }, {}),
				].map((f) => ({ ...f, isSupportedWebhookField: false })),
			});
		}
		const custom = state.picklists[ENTITY_NAMES[key] || entity];
		if (custom) {
			return ok({
				fields: Object.entries(custom).map(([n, values]) =>
					data.fieldInfo(n, 'integer', { picklist: true }, { [n]: values }),
				),
			});
		}
		return undefined;
	}

	async function handleApi(ctx, rest, auth) {
		const segs = rest.split('/').filter(Boolean);
		const lsegs = segs.map((s) => s.toLowerCase());
		const m = ctx.method;
		const isNum = (s) => /^\d+$/.test(s);
		const body = ctx.body;
		const actor = auth.actor;

		if (lsegs[0] === 'thresholdinformation' && segs.length === 1 && m === 'GET') {
			return ok({
				externalRequestThreshold: options.requestThreshold,
				requestThresholdTimeframe: 60,
				currentTimeframeRequestCount: state.requestCount,
			});
		}

		const entityKey = lsegs[0];
		if (!ENTITIES[entityKey])
			return err(404, `The requested resource '${segs[0]}' does not exist.`);

		// entityInformation
		if (lsegs[1] === 'entityinformation') {
			if (segs.length === 2 && m === 'GET') {
				return ok({
					info: {
						name: ENTITY_NAMES[entityKey].replace(/s$/, ''),
						canCreate: true,
						canDelete: entityKey.startsWith('ticketwebhook'),
						canQuery: true,
						canUpdate: true,
						hasUserDefinedFields: entityKey === 'tickets',
						supportsWebhookCallouts: entityKey === 'tickets' || entityKey === 'ticketnotes',
					},
				});
			}
			if (lsegs[2] === 'fields' && segs.length === 3 && m === 'GET')
				return entityInfo(entityKey) || ok({ fields: [] });
			if (lsegs[2] === 'userdefinedfields' && m === 'GET') return ok({ fields: [] });
		}

		// query / count / next page
		if (lsegs[1] === 'query') {
			const q = m === 'GET' ? searchFromQuery(ctx) : body;
			// Record the spelling the client used (contract tests check it; binding itself is case-insensitive).
			const spelled = lsegs[2] === 'next' && (m === 'GET' || !body) ? searchFromQuery(ctx) : q;
			if (ctx.entry && spelled && typeof spelled === 'object')
				ctx.entry.queryModel = queryModelSpelling(spelled);
			if (segs.length === 2 && (m === 'POST' || m === 'GET')) return runQuery(entityKey, q);
			if (lsegs[2] === 'count' && segs.length === 3 && (m === 'POST' || m === 'GET'))
				return countQuery(entityKey, q);
			if (lsegs[2] === 'next' && segs.length === 3 && (m === 'POST' || m === 'GET')) {
				const s0 = searchFromQuery(ctx);
				if (
					m === 'GET' &&
					options.nextPageGet405WithIncludeFields &&
					s0 &&
					(s0.includeFields || s0.IncludeFields)
				) {
					return err(405, "The requested resource does not support http method 'GET'.");
				}
				let paging;
				try {
					paging = JSON.parse(ctx.query.get('paging') || '{}');
				} catch {
					return err(500, 'Invalid paging parameter.');
				}
				const search = searchFromQuery(ctx);
				return runQuery(entityKey, search || body, paging);
			}
		}

		/* ---- Tickets */
		if (entityKey === 'tickets') {
			if (segs.length === 1 && m === 'PATCH') {
				if (!body || typeof body !== 'object' || body.id === undefined)
					return err(500, 'id is required for an update.');
				const res = updateTicket(getField(body, 'id'), body, actor);
				if (res.errors) return err(res.notFound ? 404 : 500, ...res.errors);
				return ok({ itemId: res.id });
			}
			if (segs.length === 1 && m === 'POST') {
				const res = createTicket(body, actor);
				if (res.errors) return err(500, ...res.errors);
				return ok({ itemId: res.id });
			}
			if (segs.length === 2 && isNum(segs[1]) && m === 'GET') {
				const t = state.tickets.get(Number(segs[1]));
				return t ? ok({ item: clone(t) }) : { status: 404, body: { item: null } };
			}
			if (segs.length === 3 && isNum(segs[1]) && lsegs[2] === 'notes') {
				const ticketId = Number(segs[1]);
				const ticket = state.tickets.get(ticketId);
				if (!ticket) return err(404, `Ticket ${ticketId} not found.`);
				if (m === 'GET') return listResult(state.notes.filter((n) => n.ticketID === ticketId));
				if (m === 'POST') {
					const b = canonical(body, lcKeyMap(data.NOTE_FIELDS.map(([n]) => n)));
					const errors = [];
					if (b.ticketID !== undefined && Number(b.ticketID) !== ticketId)
						errors.push('ticketID does not match the parent ticket.');
					if (!b.description) errors.push('description is required.');
					for (const f of ['noteType', 'publish']) {
						if (b[f] === undefined || b[f] === null) errors.push(`${f} is required.`);
						else {
							const e = validatePicklistValue('TicketNotes', f, b[f]);
							if (e) errors.push(e);
						}
					}
					if (errors.length) return err(500, ...errors);
					const note = {
						id: nextId(),
						ticketID: ticketId,
						title: b.title || null,
						description: String(b.description),
						noteType: Number(b.noteType),
						publish: Number(b.publish),
						createDateTime: nowIso(),
						creatorResourceID: actor,
						createdByContactID: null,
						lastActivityDate: nowIso(),
						impersonatorCreatorResourceID:
							actor !== auth.user.resourceId ? auth.user.resourceId : null,
						impersonatorUpdaterResourceID: null,
					};
					state.notes.push(note);
					ticket.lastActivityDate = note.createDateTime;
					ticket.lastActivityResourceID = actor;
					return ok({ itemId: note.id });
				}
			}
		}

		/* ---- simple GET by id */
		const byId = (list, id) => list.find((x) => Number(x.id) === Number(id));
		if (segs.length === 2 && isNum(segs[1]) && m === 'GET') {
			const simple = {
				ticketnotes: state.notes,
				resources: state.resources,
				companies: state.companies,
				contacts: state.contacts,
				internallocationwithbusinesshours: state.locations,
				holidaysets: state.holidaySets,
				holidays: state.holidays,
				ticketwebhookfields: state.webhookFields,
				ticketwebhookexcludedresources: state.excludedResources,
			}[entityKey];
			if (simple) {
				const it = byId(simple, segs[1]);
				return it ? ok({ item: clone(it) }) : { status: 404, body: { item: null } };
			}
		}

		/* ---- HolidaySets/{id}/Holidays */
		if (
			entityKey === 'holidaysets' &&
			segs.length === 3 &&
			isNum(segs[1]) &&
			lsegs[2] === 'holidays' &&
			m === 'GET'
		) {
			if (!byId(state.holidaySets, segs[1])) return err(404, `HolidaySet ${segs[1]} not found.`);
			return listResult(state.holidays.filter((h) => Number(h.holidaySetID) === Number(segs[1])));
		}

		/* ---- TicketWebhooks */
		if (entityKey === 'ticketwebhooks') {
			if (segs.length === 1 && m === 'POST') {
				const res = createWebhook(body, auth.user.resourceId);
				if (res.errors) return err(500, ...res.errors);
				return ok({ itemId: res.id });
			}
			if (segs.length === 1 && (m === 'PATCH' || m === 'PUT')) {
				const id = getField(body || {}, 'id');
				const hook = byId(state.webhooks, id);
				if (!hook) return err(404, `TicketWebhook ${id} not found.`);
				const w = canonical(body, webhookKeyMap);
				delete w.id;
				delete w.webhookGUID;
				delete w.ownerResourceID;
				delete w.isReady;
				const merged = { ...hook, ...w };
				const errors = validateWebhook(merged);
				if (errors.length) return err(500, ...errors);
				Object.assign(hook, w);
				if (w.isActive === true) hook.consecutiveFailures = 0;
				return ok({ itemId: hook.id });
			}
			if (segs.length === 2 && isNum(segs[1])) {
				const hook = byId(state.webhooks, segs[1]);
				if (m === 'GET')
					return hook
						? ok({ item: publicWebhook(clone(hook)) })
						: { status: 404, body: { item: null } };
				if (m === 'DELETE') {
					if (!hook) return err(404, `TicketWebhook ${segs[1]} not found.`);
					state.webhooks = state.webhooks.filter((x) => x !== hook);
					state.webhookFields = state.webhookFields.filter((f) => f.webhookID !== hook.id);
					state.excludedResources = state.excludedResources.filter((f) => f.webhookID !== hook.id);
					return ok({ itemId: hook.id });
				}
			}
			if (
				segs.length >= 3 &&
				isNum(segs[1]) &&
				(lsegs[2] === 'fields' || lsegs[2] === 'excludedresources')
			) {
				const hook = byId(state.webhooks, segs[1]);
				if (!hook) return err(404, `TicketWebhook ${segs[1]} not found.`);
				const isFields = lsegs[2] === 'fields';
				const list = isFields ? 'webhookFields' : 'excludedResources';
				if (segs.length === 3 && m === 'GET')
					return listResult(state[list].filter((f) => f.webhookID === hook.id));
				if (segs.length === 3 && m === 'POST') {
					if (isFields && options.webhookFieldLatencyMs > 0)
						await sleep(options.webhookFieldLatencyMs);
					const b = canonical(
						body,
						lcKeyMap([
							'webhookID',
							'fieldID',
							'isSubscribedField',
							'isDisplayAlwaysField',
							'resourceID',
						]),
					);
					if (b.webhookID !== undefined && Number(b.webhookID) !== hook.id)
						return err(500, 'webhookID does not match the parent webhook.');
					if (isFields) {
						if (!webhookFieldName(b.fieldID))
							return err(500, `Value ${b.fieldID} is not a valid fieldID.`);
						if (
							state.webhookFields.some(
								(f) => f.webhookID === hook.id && f.fieldID === Number(b.fieldID),
							)
						) {
							return err(500, `Field ${b.fieldID} is already configured for this webhook.`);
						}
						const f = {
							id: nextId(),
							webhookID: hook.id,
							fieldID: Number(b.fieldID),
							isSubscribedField: Boolean(b.isSubscribedField),
							isDisplayAlwaysField: Boolean(b.isDisplayAlwaysField),
						};
						state.webhookFields.push(f);
						refreshReady(hook);
						return ok({ itemId: f.id });
					}
					if (!state.resources.some((r) => Number(r.id) === Number(b.resourceID)))
						return err(500, `Value ${b.resourceID} is not a valid resourceID.`);
					if (
						state.excludedResources.some(
							(x) => x.webhookID === hook.id && Number(x.resourceID) === Number(b.resourceID),
						)
					) {
						return err(500, `Resource ${b.resourceID} is already excluded.`);
					}
					const x = { id: nextId(), webhookID: hook.id, resourceID: Number(b.resourceID) };
					state.excludedResources.push(x);
					return ok({ itemId: x.id });
				}
				if (segs.length === 4 && isNum(segs[3]) && m === 'DELETE') {
					const before = state[list].length;
					state[list] = state[list].filter(
						(f) => !(f.webhookID === hook.id && f.id === Number(segs[3])),
					);
					if (state[list].length === before) return err(404, `${segs[2]} ${segs[3]} not found.`);
					if (isFields) refreshReady(hook);
					return ok({ itemId: Number(segs[3]) });
				}
			}
		}
		return err(404, `No route for ${m} ${rest}.`);
	}

	function threadEndpointKey(rest) {
		return rest
			.toLowerCase()
			.split('/')
			.filter((s) => s && !/^\d+$/.test(s) && s !== 'query' && s !== 'count' && s !== 'next')
			.join('/');
	}

	async function beforeHandle(ctx) {
		const m = API_PREFIX.exec(ctx.path);
		if (!m) return undefined;
		const rest = ctx.path.slice(m[0].length);
		if (/^\/zoneinformation\/?$/i.test(rest)) return undefined;
		const code = String(ctx.headers.apiintegrationcode || '').toLowerCase();
		const key = `${code}|${threadEndpointKey(rest)}`;
		const n = activeThreads.get(key) || 0;
		if (n >= options.threadLimit)
			return { response: { status: options.threadLimitStatus, body: THREAD_ERROR } };
		activeThreads.set(key, n + 1);
		return {
			release() {
				const c = (activeThreads.get(key) || 1) - 1;
				if (c <= 0) activeThreads.delete(key);
				else activeThreads.set(key, c);
			},
		};
	}

	async function handle(ctx) {
		if (/^\/atservicesrest\/versioninformation\/?$/i.test(ctx.path))
			return ok({ apiVersions: ['1.0'] });
		const m = API_PREFIX.exec(ctx.path);
		if (!m) return err(404, `Unknown path ${ctx.path}`);
		const rest = ctx.path.slice(m[0].length) || '/';
		if (/^\/zoneinformation\/?$/i.test(rest)) {
			if (ctx.method !== 'GET')
				return err(405, 'The requested resource does not support this http method.');
			const user = String(ctx.query.get('user') || ctx.query.get('User') || '').toLowerCase();
			const known = state.users.find((u) => u.username.toLowerCase() === user);
			if (!known) return err(500, 'Zone information could not be determined');
			return ok({
				zoneName: options.zoneName,
				url: `${baseUrl}/atservicesrest/`,
				webUrl: `${baseUrl}/`,
				ci: options.ci,
			});
		}
		if (options.latencyMs > 0) await sleep(options.latencyMs);
		const auth = authenticate(ctx);
		if (auth.error) return auth.error;
		state.requestCount++;
		if (ctx.parseError) return err(500, 'The request body is not valid JSON.');
		return handleApi(ctx, rest, auth);
	}

	/* --------------------------------------------------------------- admin */

	async function admin(ctx) {
		const common = await commonAdmin(ctx, sim);
		if (common) return common;
		const p = ctx.path.replace(/\/+$/, '');
		const b = ctx.body || {};
		const actorOf = () =>
			b.resourceId !== undefined ? Number(b.resourceId) : options.adminResourceId;
		if (ctx.method === 'POST' && p === '/__sim/tickets') {
			const res = sim.createTicket(b.fields || b, {
				resourceId: actorOf(),
				fire: b.fire !== false,
				createdAt: b.createdAt,
			});
			return res.errors
				? { status: 400, body: { errors: res.errors } }
				: { status: 200, body: { itemId: res.id, item: res.ticket } };
		}
		let mm = /^\/__sim\/tickets\/(\d+)$/.exec(p);
		if (mm && (ctx.method === 'POST' || ctx.method === 'PATCH')) {
			const res = sim.updateTicket(Number(mm[1]), b.changes || b.fields || b, {
				resourceId: actorOf(),
				fire: b.fire !== false,
			});
			return res.errors
				? { status: res.notFound ? 404 : 400, body: { errors: res.errors } }
				: { status: 200, body: { itemId: res.id, item: res.ticket, changed: res.changed } };
		}
		if (mm && ctx.method === 'DELETE') {
			const res = sim.deleteTicket(Number(mm[1]), { resourceId: actorOf() });
			return res.errors
				? { status: 404, body: { errors: res.errors } }
				: { status: 200, body: { itemId: res.id } };
		}
		if (mm && ctx.method === 'GET') {
			const t = state.tickets.get(Number(mm[1]));
			return t ? { status: 200, body: { item: t } } : { status: 404, body: { item: null } };
		}
		if (p === '/__sim/callouts' && ctx.method === 'GET')
			return { status: 200, body: sim.extensionCallouts() };
		if (p === '/__sim/callouts' && ctx.method === 'POST') {
			try {
				return { status: 200, body: sim.addExtensionCallout(b) };
			} catch (e) {
				return { status: 400, body: { errors: [e.message] } };
			}
		}
		mm = /^\/__sim\/callouts\/(\d+)$/.exec(p);
		if (mm && ctx.method === 'DELETE')
			return sim.removeExtensionCallout(Number(mm[1])) ? { status: 204 } : { status: 404 };
		if (mm && ctx.method === 'PATCH') {
			try {
				sim.setExtensionCalloutActive(Number(mm[1]), b.active);
				return { status: 204 };
			} catch (e) {
				return { status: 404, body: { errors: [e.message] } };
			}
		}
		if (p === '/__sim/workflow-rules' && ctx.method === 'POST') {
			try {
				return { status: 200, body: sim.addWorkflowRule(b) };
			} catch (e) {
				return { status: 400, body: { errors: [e.message] } };
			}
		}
		if (p === '/__sim/clock' && ctx.method === 'GET')
			return { status: 200, body: { now: sim.now().toISOString() } };
		if (p === '/__sim/clock' && ctx.method === 'POST') {
			try {
				return { status: 200, body: { now: sim.advanceClock(b.advanceMs || 0).toISOString() } };
			} catch (e) {
				return { status: 400, body: { errors: [e.message] } };
			}
		}
		if (ctx.method === 'POST' && p === '/__sim/picklists') {
			sim.setPicklist(b.entity || 'Tickets', b.field, b.values);
			return { status: 204 };
		}
		if (ctx.method === 'POST' && p === '/__sim/picklists/rename') {
			sim.renamePicklistValue(b.entity || 'Tickets', b.field, b.value, b.label);
			return { status: 204 };
		}
		if (ctx.method === 'POST' && p === '/__sim/options') {
			sim.setOptions(b);
			return { status: 200, body: sim.options };
		}
		mm = /^\/__sim\/webhooks\/(\d+)\/deactivate$/.exec(p);
		if (mm && ctx.method === 'POST') {
			const hook = state.webhooks.find((w) => w.id === Number(mm[1]));
			if (!hook) return { status: 404 };
			deactivate(hook);
			return { status: 204 };
		}
		return undefined;
	}

	const sim = {
		url: '',
		apiUrl: '',
		requests,
		deliveries,
		faults,
		credentials: { ...data.DEFAULT_USER },
		get state() {
			return state;
		},
		get options() {
			const {
				users,
				tickets,
				resources,
				companies,
				contacts,
				locations,
				holidaySets,
				holidays,
				picklists,
				...rest
			} = options;
			return rest;
		},
		setOptions(o) {
			const n = normalizeOptions(o);
			for (const k of Object.keys(n))
				if (k in options && typeof n[k] !== 'object') options[k] = n[k];
		},
		clearRequests() {
			requests.length = 0;
		},
		reset() {
			// Deliveries still waiting for a retry are abandoned (a fresh tenant).
			pauses.cancelAll();
			Object.assign(options, initialOptions);
			clockOffsetMs = 0;
			requests.length = 0;
			deliveries.length = 0;
			faults.clear();
			activeThreads.clear();
			initState();
		},
		snapshot() {
			return {
				tickets: [...state.tickets.values()],
				notes: state.notes,
				webhooks: state.webhooks.map((w) => ({
					...publicWebhook(w),
					sequenceNumber: w.sequence,
					consecutiveFailures: w.consecutiveFailures,
				})),
				webhookFields: state.webhookFields,
				excludedResources: state.excludedResources,
				events: state.events,
				deliveries,
				requestCount: state.requestCount,
				picklists: state.picklists,
				extensionCallouts: state.callouts.map(publicCallout),
				workflowRules: clone(state.workflowRules),
				now: nowIso(),
			};
		},
		createTicket(fields, o = {}) {
			return createTicket(
				fields,
				o.resourceId !== undefined ? o.resourceId : options.adminResourceId,
				{ fire: o.fire !== false, via: 'ui', createdAt: o.createdAt },
			);
		},
		updateTicket(id, changes, o = {}) {
			return updateTicket(
				id,
				changes,
				o.resourceId !== undefined ? o.resourceId : options.adminResourceId,
				{ fire: o.fire !== false, via: 'ui' },
			);
		},
		deleteTicket(id, o = {}) {
			return deleteTicket(id, o.resourceId !== undefined ? o.resourceId : options.adminResourceId, {
				fire: o.fire !== false,
				via: 'ui',
			});
		},
		addExtensionCallout(spec) {
			return addExtensionCallout(spec);
		},
		addWorkflowRule(spec) {
			return addWorkflowRule(spec);
		},
		extensionCallouts() {
			return state.callouts.map(publicCallout);
		},
		removeExtensionCallout(id) {
			const before = state.callouts.length;
			state.callouts = state.callouts.filter((c) => c.id !== Number(id));
			state.workflowRules = state.workflowRules.filter((r) => r.calloutId !== Number(id));
			return state.callouts.length < before;
		},
		setExtensionCalloutActive(id, active) {
			const c = state.callouts.find((x) => x.id === Number(id));
			if (!c) throw new Error(`Extension callout ${id} not found`);
			c.active = Boolean(active);
		},
		now() {
			return new Date(nowMs());
		},
		advanceClock(ms) {
			if (!Number.isFinite(Number(ms)) || Number(ms) < 0)
				throw new Error('advanceClock needs a non-negative number of ms');
			clockOffsetMs += Number(ms);
			return new Date(nowMs());
		},
		getTicket(id) {
			return state.tickets.get(Number(id));
		},
		setPicklist(entity, field, values) {
			state.picklists[entity] = state.picklists[entity] || {};
			state.picklists[entity][field] = values.map((v, i) => ({
				...data.pv(v.value, v.label),
				sortOrder: i + 1,
				...v,
				value: String(v.value),
			}));
		},
		renamePicklistValue(entity, field, value, label) {
			const list = (state.picklists[entity] || {})[field] || [];
			const hit = list.find((p) => String(p.value) === String(value));
			if (!hit) throw new Error(`No ${entity}.${field} value ${value}`);
			hit.label = label;
		},
		deactivateWebhook(id) {
			const hook = state.webhooks.find((w) => w.id === Number(id));
			if (hook) deactivate(hook);
		},
		waitForDeliveries() {
			return queues.idle();
		},
		signBody,
		dotnetJson,
		close: async () => undefined,
	};

	return startServer({
		port: options.port || 0,
		host: options.host || '127.0.0.1',
		handle,
		admin,
		faults,
		requests,
		beforeHandle,
	}).then((srv) => {
		baseUrl = srv.url;
		sim.url = srv.url;
		sim.port = srv.port;
		sim.apiUrl = `${srv.url}/atservicesrest/v1.0`;
		sim.close = async () => {
			pauses.cancelAll();
			await srv.close();
		};
		return sim;
	});
}

module.exports = {
	startAutotaskSimulator,
	start: startAutotaskSimulator,
	THREAD_ERROR,
	signBody,
	dotnetJson,
	DEFAULT_USER: data.DEFAULT_USER,
};
