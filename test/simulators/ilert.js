'use strict';
// ilert simulator: Events API (/api/events), REST API (alerts, alert sources, users, alert
// actions) and outbound webhook alert actions. See index.d.ts for the API.

const {
	createFaults,
	createQueues,
	postRaw,
	seededRng,
	startServer,
	commonAdmin,
	clone,
} = require('./common');

const DEFAULT_API_KEY = 'il-api-key-example-xxxx';
const EVENT_TYPES = ['ALERT', 'ACCEPT', 'RESOLVE', 'COMMENT'];
const TRIGGER_TYPES = [
	'alert-created',
	'alert-assigned',
	'alert-auto-escalated',
	'alert-acknowledged',
	'alert-raised',
	'alert-comment-added',
	'alert-escalation-ended',
	'alert-resolved',
	'alert-responder-added',
	'alert-responder-removed',
	'alert-channel-attached',
	'alert-channel-detached',
	'v-alert-not-resolved',
	// accepted by ilert-go/terraform; not in the spec enum
	'alert-auto-resolved',
];

function seedUsers() {
	return [
		{
			id: 7,
			username: 'ann.lee',
			firstName: 'Ann',
			lastName: 'Lee',
			email: 'ann.lee@example.com',
			role: 'ADMIN',
			timezone: 'Europe/Berlin',
			language: 'en',
			region: 'DE',
			position: 'On-call engineer',
			department: 'Operations',
		},
		{
			id: 8,
			username: 'bob.ops',
			firstName: 'Bob',
			lastName: 'Ops',
			email: 'bob.ops@example.com',
			role: 'RESPONDER',
			timezone: 'Europe/Berlin',
			language: 'en',
			region: 'DE',
			position: 'Engineer',
			department: 'Operations',
		},
		{
			id: 9,
			username: 'jane.tech',
			firstName: 'Jane',
			lastName: 'Tech',
			email: 'jane.tech@example.com',
			role: 'USER',
			timezone: 'America/New_York',
			language: 'en',
			region: 'US',
			position: 'Service desk',
			department: 'Support',
		},
	];
}

function seedPolicies() {
	return [
		{
			id: 55,
			name: 'MSP on-call',
			escalationRules: [
				{
					escalationTimeout: 15,
					users: [{ id: 7, firstName: 'Ann', lastName: 'Lee' }],
					schedules: [],
					teams: [],
				},
				{
					escalationTimeout: 30,
					users: [{ id: 8, firstName: 'Bob', lastName: 'Ops' }],
					schedules: [],
					teams: [],
				},
			],
			teams: [],
			repeating: false,
			frequency: 1,
			delayMin: 0,
		},
		{
			id: 56,
			name: 'Business hours desk',
			escalationRules: [
				{
					escalationTimeout: 30,
					users: [{ id: 9, firstName: 'Jane', lastName: 'Tech' }],
					schedules: [],
					teams: [],
				},
			],
			teams: [],
			repeating: false,
			frequency: 1,
			delayMin: 0,
		},
	];
}

function seedSources() {
	return [
		{
			id: 1001,
			name: 'Autotask via n8n',
			integrationType: 'API',
			integrationKey: 'il1apiexamplekeyxxxx0001',
			escalationPolicyId: 55,
			alertCreation: 'ONE_ALERT_PER_EMAIL',
			alertPriorityRule: 'HIGH',
			active: true,
		},
		{
			id: 1002,
			name: 'Autotask low priority',
			integrationType: 'API',
			integrationKey: 'il1apiexamplekeyxxxx0002',
			escalationPolicyId: 56,
			alertCreation: 'ONE_ALERT_PER_EMAIL',
			alertPriorityRule: 'LOW',
			active: true,
		},
	];
}

/** `legacyNoOpenAlert400: true` (older option) = the default `noOpenAlertStatus: 400`. */
function normalizeOptions(o) {
	const out = { ...(o || {}) };
	if (out.legacyNoOpenAlert400 !== undefined && out.noOpenAlertStatus === undefined)
		out.noOpenAlertStatus = out.legacyNoOpenAlert400 ? 400 : 202;
	delete out.legacyNoOpenAlert400;
	return out;
}

function startIlertSimulator(opts = {}) {
	const options = {
		apiKeys: undefined,
		// ACCEPT/RESOLVE/COMMENT for a key without an open alert: ilert-go's example handles an API
		// error with code NO_OPEN_ALERT_WITH_KEY (status not stated); ilert's own v1 integrations
		// (Checkmk NONE_OPEN_FOR_KEY, Zabbix NO_OPEN_INCIDENT_WITH_KEY) get 400. 400 it is; 202 models
		// the 2026 CLI guide's "rejected payloads still return 202".
		noOpenAlertStatus: 400,
		// Event types answered that way. COMMENT without an open alert: no evidence either way; it
		// is 202 (dropped) unless listed here.
		noOpenAlertEventTypes: ['ACCEPT', 'RESOLVE'],
		// alert-auto-resolved only, unless set: whether auto-resolution also fires alert-resolved is not documented.
		autoResolveAlsoFiresResolved: false,
		eventsPerMinute: 0,
		restCallsPerMinute: 0,
		deliveryTimeoutMs: 10000,
		uiBaseUrl: undefined,
		seed: 7,
		...normalizeOptions(opts),
	};
	const initialOptions = { ...options };
	const rng = seededRng(options.seed);
	const faults = createFaults(rng, {
		status: 429,
		message: 'Too many requests',
		code: 'RATE_LIMIT',
	});
	const requests = [];
	const deliveries = [];
	const queues = createQueues();
	let baseUrl = '';
	let state;

	function initState() {
		const users = options.users || seedUsers();
		state = {
			apiKeys: options.apiKeys || [{ key: DEFAULT_API_KEY, userId: users[0].id }],
			users,
			policies: options.escalationPolicies || seedPolicies(),
			sources: (options.alertSources || seedSources()).map((s) => ({
				createdAt: new Date().toISOString(),
				...s,
			})),
			alerts: [],
			actions: [],
			nextAlertId: 12797430,
			nextActionId: 1,
			nextLogId: 1,
			eventWindows: new Map(),
			restWindows: new Map(),
			events: [],
		};
	}
	initState();

	const nowIso = () => new Date().toISOString();
	const error = (status, message, code) => ({ status, body: { status, message, code } });
	const ok = (body) => ({ status: 200, body });
	const normKey = (k) => String(k).trim().toLowerCase();

	/* ------------------------------------------------------------- views */

	function policyView(id) {
		const p = state.policies.find((x) => x.id === id);
		return p ? clone(p) : { id, name: 'Unknown policy', escalationRules: [] };
	}

	function sourceView(s, { withKey = true } = {}) {
		const alertsOfSource = state.alerts.filter((a) => a.sourceId === s.id);
		const open = alertsOfSource.filter((a) => a.status !== 'RESOLVED');
		const status = !s.active
			? 'DISABLED'
			: open.some((a) => a.status === 'PENDING')
				? 'PENDING'
				: open.length
					? 'ALL_ACCEPTED'
					: 'ALL_RESOLVED';
		return {
			id: s.id,
			name: s.name,
			teams: [],
			escalationPolicy: policyView(s.escalationPolicyId),
			integrationType: s.integrationType,
			integrationKey: withKey ? s.integrationKey : null,
			integrationUrl: `${baseUrl}/api/v1/events/${String(s.integrationType).toLowerCase()}/${s.integrationKey}`,
			alertCreation: s.alertCreation,
			status,
			active: s.active,
			alertPriorityRule: s.alertPriorityRule,
			bidirectional: false,
			createdAt: s.createdAt,
			updatedAt: s.createdAt,
		};
	}

	function userRel(u) {
		return { id: u.id, firstName: u.firstName, lastName: u.lastName };
	}

	function userView(u) {
		const { username, ...rest } = u;
		return { ...rest, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' };
	}

	function alertUrl(a) {
		return `${options.uiBaseUrl || baseUrl}/alert/${a.id}`;
	}

	function alertView(a, { includeCustomDetails = false } = {}) {
		const src = state.sources.find((s) => s.id === a.sourceId);
		const assigned = a.assignedUserId
			? state.users.find((u) => u.id === a.assignedUserId)
			: undefined;
		const out = {
			id: a.id,
			summary: a.summary,
			details: a.details,
			reportTime: a.reportTime,
			resolvedOn: a.resolvedOn || undefined,
			status: a.status,
			alertSource: src ? sourceView(src) : undefined,
			escalationPolicy: policyView(a.escalationPolicyId),
			priority: a.priority,
			alertKey: a.alertKey || undefined,
			assignedTo: assigned ? { id: assigned.id } : undefined,
			images: clone(a.images),
			links: clone(a.links),
			responders: clone(a.responders),
			severity: a.severity || undefined,
			labels: clone(a.labels),
			mergeState: 'NONE',
		};
		if (includeCustomDetails) out.customDetails = clone(a.customDetails || {});
		for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
		return out;
	}

	/* ------------------------------------------------------------- alert changes */

	function log(a, logEntryType, text, extra = {}) {
		a.log.push({ id: state.nextLogId++, timestamp: nowIso(), logEntryType, text, ...extra });
	}

	/**
	 * The simulator's log keeps its own kinds (AlertAcceptedLogEntry, AlertResolvedLogEntry) so
	 * tests can tell accept from resolve; the REST log-entries endpoint answers the spec's enum:
	 * responses by the alert source (events) or by a user.
	 */
	function specLogType(e) {
		if (e.logEntryType === 'AlertAcceptedLogEntry' || e.logEntryType === 'AlertResolvedLogEntry') {
			return e.via === 'event' ? 'AlertSourceResponseLogEntry' : 'UserResponseLogEntry';
		}
		return e.logEntryType;
	}

	function findUser(ref) {
		if (ref === undefined || ref === null) return undefined;
		if (typeof ref === 'object')
			return findUser(ref.id !== undefined ? ref.id : ref.email || ref.userEmail);
		const s = String(ref).toLowerCase();
		return state.users.find(
			(u) => String(u.id) === s || u.email.toLowerCase() === s || u.username.toLowerCase() === s,
		);
	}

	function defaultAssignee(a) {
		const p = state.policies.find((x) => x.id === a.escalationPolicyId);
		const first =
			p && p.escalationRules[0] && p.escalationRules[0].users && p.escalationRules[0].users[0];
		return first ? first.id : undefined;
	}

	function createAlert(src, fields, by) {
		const a = {
			id: state.nextAlertId++,
			sourceId: src.id,
			summary: fields.summary,
			details: fields.details || '',
			reportTime: nowIso(),
			resolvedOn: null,
			status: 'PENDING',
			escalationPolicyId: src.escalationPolicyId,
			priority: src.alertPriorityRule === 'LOW' ? 'LOW' : fields.priority || 'HIGH',
			alertKey:
				fields.alertKey !== undefined && fields.alertKey !== null
					? String(fields.alertKey).trim()
					: null,
			images: fields.images || [],
			links: fields.links || [],
			labels: fields.labels || {},
			severity: fields.severity,
			customDetails: fields.customDetails,
			responders: [],
			assignedUserId: undefined,
			log: [],
		};
		a.assignedUserId = defaultAssignee(a);
		if (a.assignedUserId) {
			const u = state.users.find((x) => x.id === a.assignedUserId);
			a.responders.push({ user: userRel(u), status: 'PENDING' });
		}
		state.alerts.push(a);
		log(a, by === 'event' ? 'AlertReceivedLogEntry' : 'AlertCreatedByUserLogEntry', fields.summary);
		fireActions(a, 'alert-created');
		return a;
	}

	function acceptAlert(a, user, via) {
		if (a.status === 'RESOLVED')
			return { error: error(400, `Alert ${a.id} is already resolved`, 'ALERT_ALREADY_RESOLVED') };
		if (a.status === 'ACCEPTED') {
			log(a, 'AlertAcceptedLogEntry', `Accept ignored: already accepted (${via})`, { via });
			return { alert: a, changed: false };
		}
		a.status = 'ACCEPTED';
		if (user) {
			a.assignedUserId = user.id;
			const r = a.responders.find((x) => x.user.id === user.id);
			if (r) {
				r.status = 'ACCEPTED';
				r.acceptedAt = nowIso();
			} else a.responders.push({ user: userRel(user), status: 'ACCEPTED', acceptedAt: nowIso() });
		}
		log(a, 'AlertAcceptedLogEntry', `Accepted ${user ? `by ${user.email}` : `by ${via}`}`, { via });
		fireActions(a, 'alert-acknowledged');
		return { alert: a, changed: true };
	}

	function resolveAlert(a, user, via, trigger = 'alert-resolved') {
		if (a.status === 'RESOLVED') {
			log(a, 'AlertResolvedLogEntry', `Resolve ignored: already resolved (${via})`, { via });
			return { alert: a, changed: false };
		}
		a.status = 'RESOLVED';
		a.resolvedOn = nowIso();
		if (user) a.assignedUserId = user.id;
		log(a, 'AlertResolvedLogEntry', `Resolved ${user ? `by ${user.email}` : `by ${via}`}`, { via });
		fireActions(a, trigger);
		return { alert: a, changed: true };
	}

	/** The alert source's auto-resolution (ilert: "Automatically resolve open alerts after ..."). */
	function autoResolveAlert(a) {
		if (a.status === 'RESOLVED') return { alert: a, changed: false };
		a.status = 'RESOLVED';
		a.resolvedOn = nowIso();
		log(
			a,
			'AlertResolvedLogEntry',
			'Resolved automatically by the alert source (auto-resolution timeout)',
			{ via: 'auto-resolution' },
		);
		fireActions(a, 'alert-auto-resolved');
		if (options.autoResolveAlsoFiresResolved) fireActions(a, 'alert-resolved');
		return { alert: a, changed: true };
	}

	/** The escalation timeout of the current rule ran out: the next rule's user becomes responder. */
	function escalateAlert(a) {
		if (a.status !== 'PENDING')
			return { error: error(400, `Alert ${a.id} is not pending`, 'ALERT_NOT_PENDING') };
		const p = state.policies.find((x) => x.id === a.escalationPolicyId);
		const rules = (p && p.escalationRules) || [];
		const next = (a.escalationRuleIndex || 0) + 1;
		if (next >= rules.length)
			return {
				error: error(400, `Alert ${a.id} has no further escalation rule`, 'NO_FURTHER_ESCALATION'),
			};
		a.escalationRuleIndex = next;
		const u =
			rules[next].users &&
			rules[next].users[0] &&
			state.users.find((x) => x.id === rules[next].users[0].id);
		if (u) {
			a.assignedUserId = u.id;
			if (!a.responders.some((r) => r.user.id === u.id))
				a.responders.push({ user: userRel(u), status: 'PENDING' });
		}
		log(a, 'AlertEscalatedLogEntry', `Escalated to rule ${next + 1}${u ? ` (${u.email})` : ''}`);
		fireActions(a, 'alert-auto-escalated');
		return { alert: a, changed: true };
	}

	/** A responder rejects the alert (it stays PENDING). */
	function rejectAlert(a, user) {
		if (a.status !== 'PENDING')
			return { error: error(400, `Alert ${a.id} is not pending`, 'ALERT_NOT_PENDING') };
		const u = user || state.users.find((x) => x.id === a.assignedUserId);
		log(a, 'AlertRejectedLogEntry', `Rejected${u ? ` by ${u.email}` : ''}`);
		fireActions(a, 'alert-rejected');
		return { alert: a, changed: true };
	}

	/** The alert's priority is raised from LOW to HIGH (e.g. support hours begin). */
	function raiseAlert(a) {
		if (a.status === 'RESOLVED')
			return { error: error(400, `Alert ${a.id} is already resolved`, 'ALERT_ALREADY_RESOLVED') };
		if (a.priority === 'HIGH') return { alert: a, changed: false };
		a.priority = 'HIGH';
		log(a, 'AlertRaisedLogEntry', 'Priority raised to HIGH');
		fireActions(a, 'alert-raised');
		return { alert: a, changed: true };
	}

	function assignAlert(a, user) {
		a.assignedUserId = user.id;
		if (!a.responders.some((r) => r.user.id === user.id))
			a.responders.push({ user: userRel(user), status: 'PENDING' });
		log(a, 'AlertAssignedByUserLogEntry', `Assigned to ${user.email}`);
		fireActions(a, 'alert-assigned');
		return a;
	}

	function commentAlert(a, comments, via) {
		for (const c of comments)
			log(a, 'AlertCommentAddedLogEntry', String(c.content || ''), { creator: c.creator || via });
		fireActions(a, 'alert-comment-added');
		return a;
	}

	/* ------------------------------------------------------------- alert actions */

	/** The default payload of iLert/docs webhook.md: only the fields documented there (no alertUrl). */
	function defaultPayload(a, eventType) {
		const src = state.sources.find((s) => s.id === a.sourceId);
		const assigned = a.assignedUserId
			? state.users.find((u) => u.id === a.assignedUserId)
			: undefined;
		return {
			id: String(a.id),
			status: a.status,
			summary: a.summary,
			details: a.details,
			reportTime: a.reportTime,
			eventType,
			priority: a.priority,
			alertKey: a.alertKey,
			alertSource: src ? { id: src.id, name: src.name } : null,
			assignedTo: assigned
				? {
						username: assigned.username,
						email: assigned.email,
						firstName: assigned.firstName,
						lastName: assigned.lastName,
					}
				: null,
		};
	}

	function renderTemplate(tpl, a, eventType) {
		const src = state.sources.find((s) => s.id === a.sourceId);
		const pol = policyView(a.escalationPolicyId);
		const vars = {
			alertId: a.id,
			alertKey: a.alertKey || '',
			alertSummary: a.summary,
			alertDetails: a.details,
			alertStatus: a.status,
			alertPriority: a.priority,
			alertUrl: alertUrl(a),
			alertSourceId: src ? src.id : '',
			alertSourceName: src ? src.name : '',
			escalationPolicyId: pol.id,
			escalationPolicyName: pol.name,
			reportTime: a.reportTime,
			link: a.links && a.links[0] ? a.links[0].href : '',
			eventType,
		};
		// ITL does no escaping; neither does the simulator.
		return String(tpl).replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (_, name) =>
			name in vars ? String(vars[name]) : '',
		);
	}

	function fireActions(a, eventType) {
		state.events.push({ alertId: a.id, eventType, at: nowIso() });
		for (const act of state.actions) {
			if (act.connectorType !== 'webhook') continue;
			if ((act.triggerMode || 'AUTOMATIC') !== 'AUTOMATIC') continue;
			const srcIds = (act.alertSources || []).map((s) => Number(s.id));
			if (srcIds.length && !srcIds.includes(a.sourceId)) continue;
			const types = act.triggerTypes || [];
			if (types.length && !types.includes(eventType)) continue;
			const params = act.params || {};
			const bodyText = params.bodyTemplate
				? renderTemplate(params.bodyTemplate, a, eventType)
				: JSON.stringify(defaultPayload(a, eventType));
			const headers = {};
			for (const h of params.headers || []) headers[h.key] = h.value;
			const url = params.webhookUrl;
			queues.push(`action:${act.id}`, async () => {
				const res = await postRaw(url, bodyText, headers, options.deliveryTimeoutMs);
				deliveries.push({
					kind: 'alert-action',
					actionId: act.id,
					alertId: a.id,
					eventType,
					url,
					status: res.status,
					ok: res.ok,
					error: res.error,
					body: bodyText,
					at: nowIso(),
				});
				const alert = state.alerts.find((x) => x.id === a.id);
				if (alert)
					log(
						alert,
						res.ok ? 'AlertActionSuccessLogEntry' : 'AlertActionFailLogEntry',
						`${act.name}: ${eventType} -> HTTP ${res.status}`,
					);
			});
		}
	}

	/* ------------------------------------------------------------- events API */

	function rateLimited(map, key, limit) {
		if (!limit) return false;
		const minute = Math.floor(Date.now() / 60000);
		const w = map.get(key);
		if (!w || w.minute !== minute) {
			map.set(key, { minute, count: 1 });
			return false;
		}
		w.count++;
		return w.count > limit;
	}

	function openAlertFor(src, key) {
		const k = normKey(key);
		const open = state.alerts.filter(
			(a) =>
				a.sourceId === src.id &&
				a.status !== 'RESOLVED' &&
				a.alertKey !== null &&
				normKey(a.alertKey) === k,
		);
		return open[open.length - 1];
	}

	function handleEvent(body) {
		if (!body || typeof body !== 'object' || Array.isArray(body))
			return error(400, 'The request body must be a JSON object', 'INVALID_PAYLOAD');
		const key = body.integrationKey !== undefined ? body.integrationKey : body.apiKey;
		if (!key || typeof key !== 'string')
			return error(400, 'integrationKey is required', 'MISSING_INTEGRATION_KEY');
		const eventType = body.eventType;
		if (!EVENT_TYPES.includes(eventType))
			return error(400, `eventType must be one of ${EVENT_TYPES.join(', ')}`, 'INVALID_EVENT_TYPE');
		const src = state.sources.find((s) => s.integrationKey === key.trim());
		if (!src)
			return error(
				404,
				'No alert source found for the given integration key',
				'ALERT_SOURCE_NOT_FOUND',
			);
		if (rateLimited(state.eventWindows, src.integrationKey, options.eventsPerMinute)) {
			return error(429, 'Rate limit for this integration key exceeded', 'RATE_LIMIT');
		}
		if (
			body.priority !== undefined &&
			body.priority !== null &&
			!['HIGH', 'LOW'].includes(body.priority)
		) {
			return error(400, 'priority must be HIGH or LOW', 'INVALID_PRIORITY');
		}
		if (
			body.severity !== undefined &&
			body.severity !== null &&
			!(Number.isInteger(body.severity) && body.severity >= 1 && body.severity <= 5)
		) {
			return error(400, 'severity must be an integer in range 1..5', 'INVALID_SEVERITY');
		}
		if (
			body.alertKey !== undefined &&
			body.alertKey !== null &&
			typeof body.alertKey !== 'string'
		) {
			return error(400, 'alertKey must be a string', 'INVALID_ALERT_KEY');
		}
		for (const f of ['links', 'images', 'comments']) {
			if (body[f] !== undefined && body[f] !== null && !Array.isArray(body[f]))
				return error(400, `${f} must be an array`, 'INVALID_PAYLOAD');
		}
		if (!src.active) return { status: 202 };
		const hasKey = typeof body.alertKey === 'string' && body.alertKey.trim() !== '';
		state.events.push({ eventType, alertKey: body.alertKey, sourceId: src.id, at: nowIso() });
		if (eventType === 'ALERT') {
			if (typeof body.summary !== 'string' || body.summary.trim() === '')
				return error(400, 'summary is required for ALERT events', 'MISSING_SUMMARY');
			const existing = hasKey ? openAlertFor(src, body.alertKey) : undefined;
			if (existing) {
				log(existing, 'AlertReceivedLogEntry', `Event appended: ${body.summary}`);
				return { status: 202 };
			}
			createAlert(src, body, 'event');
			return { status: 202 };
		}
		const target = hasKey ? openAlertFor(src, body.alertKey) : undefined;
		if (!target) {
			const status = (options.noOpenAlertEventTypes || []).includes(eventType)
				? Number(options.noOpenAlertStatus)
				: 202;
			if (status >= 200 && status < 300) return { status };
			return error(
				status,
				`No open alert with key ${hasKey ? body.alertKey : '(none)'} found`,
				'NO_OPEN_ALERT_WITH_KEY',
			);
		}
		if (eventType === 'ACCEPT') acceptAlert(target, undefined, 'event');
		else if (eventType === 'RESOLVE') resolveAlert(target, undefined, 'event');
		else
			commentAlert(
				target,
				Array.isArray(body.comments) && body.comments.length
					? body.comments
					: [{ creator: 'event', content: body.summary || '' }],
				'event',
			);
		return { status: 202 };
	}

	/* ------------------------------------------------------------- REST */

	function authUser(ctx) {
		const h = ctx.headers.authorization;
		if (!h) return { error: error(401, 'Authorization header is missing', 'UNAUTHORIZED') };
		const m = /^Bearer\s+(.+)$/i.exec(String(h).trim());
		const key = m ? m[1].trim() : '';
		const k = state.apiKeys.find((x) => x.key === key);
		if (!k) return { error: error(403, 'The API key is invalid', 'KEY_ERROR') };
		const user = state.users.find((u) => u.id === k.userId);
		if (rateLimited(state.restWindows, key, options.restCallsPerMinute))
			return { error: error(429, 'Rate limit exceeded', 'RATE_LIMIT') };
		return { user };
	}

	function paging(ctx, max, def) {
		const si = ctx.query.get('start-index');
		const mr = ctx.query.get('max-results');
		const start = si === null ? 0 : Number(si);
		const count = mr === null ? def : Number(mr);
		if (!Number.isInteger(start) || start < 0)
			return {
				error: error(400, 'start-index must be a non-negative integer', 'INVALID_PARAMETER'),
			};
		if (!Number.isInteger(count) || count < 1 || count > max)
			return { error: error(400, `max-results must be between 1 and ${max}`, 'INVALID_PARAMETER') };
		return { start, count };
	}

	/**
	 * Filters of GET /alerts (states, sources, policies, responders, from, until) and GET
	 * /alerts/count (the same without policies: the spec does not list it there, so it is ignored).
	 */
	function filterAlerts(ctx, { policiesParam = true } = {}) {
		const states = ctx.query.getAll('states').flatMap((s) => s.split(','));
		const sources = ctx.query
			.getAll('sources')
			.flatMap((s) => s.split(','))
			.map(Number);
		const policies = policiesParam
			? ctx.query
					.getAll('policies')
					.flatMap((s) => s.split(','))
					.map(Number)
			: [];
		const responders = ctx.query.getAll('responders').flatMap((s) => s.split(','));
		const from = ctx.query.get('from');
		const until = ctx.query.get('until');
		for (const s of states)
			if (!['PENDING', 'ACCEPTED', 'RESOLVED'].includes(s))
				return { error: error(400, `Invalid state ${s}`, 'INVALID_PARAMETER') };
		if (sources.some((n) => !Number.isInteger(n)))
			return { error: error(400, 'sources must be numeric ids', 'INVALID_PARAMETER') };
		if (policies.some((n) => !Number.isInteger(n)))
			return { error: error(400, 'policies must be numeric ids', 'INVALID_PARAMETER') };
		for (const [name, v] of [
			['from', from],
			['until', until],
		]) {
			if (v !== null && Number.isNaN(Date.parse(v)))
				return { error: error(400, `${name} must be an ISO-8601 date-time`, 'INVALID_PARAMETER') };
		}
		const responderMatches = (r) =>
			responders.some((x) => {
				const u = state.users.find((uu) => uu.id === r.user.id);
				return x === String(r.user.id) || (u && x.toLowerCase() === u.username.toLowerCase());
			});
		const list = state.alerts.filter(
			(a) =>
				(!states.length || states.includes(a.status)) &&
				(!sources.length || sources.includes(a.sourceId)) &&
				(!policies.length || policies.includes(a.escalationPolicyId)) &&
				(!responders.length || a.responders.some(responderMatches)) &&
				(!from || Date.parse(a.reportTime) >= Date.parse(from)) &&
				(!until || Date.parse(a.reportTime) <= Date.parse(until)),
		);
		return { list };
	}

	const ACTION_KEYS = [
		'name',
		'connectorType',
		'connectorId',
		'alertSources',
		'triggerMode',
		'triggerTypes',
		'escalationEndedDelaySec',
		'notResolvedDelaySec',
		'conditions',
		'params',
		'teams',
		'alertFilter',
	];

	function validateAction(b) {
		if (!b || typeof b !== 'object') return 'The alert action must be a JSON object';
		if (!b.name) return 'name is required';
		if (!b.connectorType) return 'connectorType is required';
		if (b.connectorType === 'webhook' && (!b.params || !b.params.webhookUrl))
			return 'params.webhookUrl is required for webhook alert actions';
		for (const t of b.triggerTypes || [])
			if (!TRIGGER_TYPES.includes(t)) return `Unknown trigger type ${t}`;
		for (const s of b.alertSources || [])
			if (!state.sources.some((x) => x.id === Number(s.id)))
				return `Alert source ${s.id} not found`;
		if (b.params && b.params.headers && !Array.isArray(b.params.headers))
			return 'params.headers must be an array';
		for (const h of (b.params && b.params.headers) || [])
			if (!h || typeof h.key !== 'string' || typeof h.value !== 'string')
				return 'params.headers entries need key and value';
		return undefined;
	}

	function actionView(act) {
		return {
			...clone(act),
			alertSources: (act.alertSources || []).map((s) => {
				const src = state.sources.find((x) => x.id === Number(s.id));
				return src ? sourceView(src) : { id: Number(s.id) };
			}),
		};
	}

	function handleRest(ctx, rest, user) {
		const segs = rest.split('/').filter(Boolean);
		const m = ctx.method;
		const isNum = (s) => /^\d+$/.test(s);
		const body = ctx.body;

		if (segs[0] === 'users') {
			if (segs.length === 2 && segs[1] === 'current' && m === 'GET') return ok(userView(user));
			if (segs.length === 1 && m === 'GET') {
				const p = paging(ctx, 100, 50);
				if (p.error) return p.error;
				return ok(state.users.slice(p.start, p.start + p.count).map(userView));
			}
			if (segs.length === 2 && isNum(segs[1]) && m === 'GET') {
				const u = state.users.find((x) => x.id === Number(segs[1]));
				return u ? ok(userView(u)) : error(404, 'User not found', 'NOT_FOUND');
			}
		}

		if (segs[0] === 'escalation-policies' && m === 'GET') {
			if (segs.length === 1) {
				const p = paging(ctx, 50, 50);
				if (p.error) return p.error;
				return ok(state.policies.slice(p.start, p.start + p.count).map((x) => policyView(x.id)));
			}
			if (segs.length === 2 && isNum(segs[1])) {
				const x = state.policies.find((pp) => pp.id === Number(segs[1]));
				return x ? ok(policyView(x.id)) : error(404, 'Escalation policy not found', 'NOT_FOUND');
			}
		}

		if (segs[0] === 'alert-sources' && m === 'GET') {
			if (segs.length === 1) {
				const p = paging(ctx, 50, 50);
				if (p.error) return p.error;
				return ok(state.sources.slice(p.start, p.start + p.count).map((s) => sourceView(s)));
			}
			if (segs.length === 2) {
				const id = decodeURIComponent(segs[1]);
				const s = state.sources.find((x) => String(x.id) === id || x.integrationKey === id);
				return s ? ok(sourceView(s)) : error(404, 'Alert source not found', 'NOT_FOUND');
			}
		}

		if (segs[0] === 'alerts') {
			if (segs.length === 1 && m === 'GET') {
				const p = paging(ctx, 100, 50);
				if (p.error) return p.error;
				const f = filterAlerts(ctx);
				if (f.error) return f.error;
				const sorted = [...f.list].sort((a, b) =>
					a.reportTime < b.reportTime ? 1 : a.reportTime > b.reportTime ? -1 : b.id - a.id,
				);
				return ok(sorted.slice(p.start, p.start + p.count).map((a) => alertView(a)));
			}
			if (segs.length === 2 && segs[1] === 'count' && m === 'GET') {
				const f = filterAlerts(ctx, { policiesParam: false });
				if (f.error) return f.error;
				return ok({ count: f.list.length });
			}
			if (segs.length >= 2 && isNum(segs[1])) {
				const a = state.alerts.find((x) => x.id === Number(segs[1]));
				if (!a) return error(404, `Alert ${segs[1]} not found`, 'NOT_FOUND');
				if (segs.length === 2 && m === 'GET') {
					const include = ctx.query.getAll('include').flatMap((s) => s.split(','));
					return ok(alertView(a, { includeCustomDetails: include.includes('customDetails') }));
				}
				if (segs.length === 3 && m === 'PUT' && segs[2] === 'accept') {
					const r = acceptAlert(a, user, 'api');
					return r.error || ok(alertView(a));
				}
				if (segs.length === 3 && m === 'PUT' && segs[2] === 'resolve') {
					resolveAlert(a, user, 'api');
					return ok(alertView(a));
				}
				if (segs.length === 3 && m === 'PUT' && segs[2] === 'assign') {
					const uid = ctx.query.get('user');
					const pid = ctx.query.get('policy');
					if (uid) {
						const u = findUser(uid);
						if (!u) return error(404, `User ${uid} not found`, 'NOT_FOUND');
						assignAlert(a, u);
						return ok(alertView(a));
					}
					if (pid) {
						const pol = state.policies.find((x) => x.id === Number(pid));
						if (!pol) return error(404, `Escalation policy ${pid} not found`, 'NOT_FOUND');
						a.escalationPolicyId = pol.id;
						log(a, 'AlertAssignedToPolicyLogEntry', `Assigned to policy ${pol.name}`);
						fireActions(a, 'alert-assigned');
						return ok(alertView(a));
					}
					return error(400, 'Provide user, policy or schedule', 'INVALID_PARAMETER');
				}
				if (segs.length === 3 && m === 'GET' && segs[2] === 'log-entries') {
					const p = paging(ctx, 100, 50);
					if (p.error) return p.error;
					return ok(
						a.log.slice(p.start, p.start + p.count).map((e) => ({
							id: e.id,
							timestamp: e.timestamp,
							logEntryType: specLogType(e),
							text: e.text,
							alertId: a.id,
						})),
					);
				}
			}
		}

		if (segs[0] === 'alert-actions') {
			if (segs.length === 1 && m === 'GET') {
				const p = paging(ctx, 100, 100);
				if (p.error) return p.error;
				const source = ctx.query.get('source');
				const list = state.actions.filter(
					(x) => !source || (x.alertSources || []).some((s) => String(s.id) === String(source)),
				);
				return ok(list.slice(p.start, p.start + p.count).map(actionView));
			}
			if (segs.length === 1 && m === 'POST') {
				const e = validateAction(body);
				if (e) return error(400, e, 'INVALID_ALERT_ACTION');
				const act = {
					id: String(state.nextActionId++),
					createdAt: nowIso(),
					updatedAt: nowIso(),
					bidirectional: false,
					triggerMode: 'AUTOMATIC',
				};
				for (const k of ACTION_KEYS) if (body[k] !== undefined) act[k] = clone(body[k]);
				act.alertSources = (act.alertSources || []).map((s) => ({ id: Number(s.id) }));
				state.actions.push(act);
				return ok(actionView(act));
			}
			if (segs.length === 2) {
				const act = state.actions.find((x) => x.id === segs[1]);
				if (!act) return error(404, 'Alert action not found', 'NOT_FOUND');
				if (m === 'GET') return ok(actionView(act));
				if (m === 'DELETE') {
					state.actions = state.actions.filter((x) => x !== act);
					return { status: 204 };
				}
				if (m === 'PUT') {
					const e = validateAction(body);
					if (e) return error(400, e, 'INVALID_ALERT_ACTION');
					for (const k of ACTION_KEYS) delete act[k];
					for (const k of ACTION_KEYS) if (body[k] !== undefined) act[k] = clone(body[k]);
					act.alertSources = (act.alertSources || []).map((s) => ({ id: Number(s.id) }));
					act.triggerMode = act.triggerMode || 'AUTOMATIC';
					act.updatedAt = nowIso();
					return ok(actionView(act));
				}
			}
		}
		return error(404, `No route for ${m} /api/${rest}`, 'NOT_FOUND');
	}

	async function handle(ctx) {
		const p = ctx.path;
		if (/^\/api(\/v1)?\/events\/?$/.test(p)) {
			if (ctx.method !== 'POST') return error(405, 'Method not allowed', 'METHOD_NOT_ALLOWED');
			if (ctx.parseError) return error(400, 'The request body is not valid JSON', 'INVALID_JSON');
			return handleEvent(ctx.body);
		}
		const mm = /^\/api\/(.*)$/.exec(p);
		if (!mm) return error(404, `Unknown path ${p}`, 'NOT_FOUND');
		const auth = authUser(ctx);
		if (auth.error) return auth.error;
		if (ctx.parseError) return error(400, 'The request body is not valid JSON', 'INVALID_JSON');
		return handleRest(ctx, mm[1], auth.user);
	}

	/* ------------------------------------------------------------- admin */

	async function admin(ctx) {
		const common = await commonAdmin(ctx, sim);
		if (common) return common;
		const p = ctx.path.replace(/\/+$/, '');
		const b = ctx.body || {};
		if (ctx.method === 'POST' && p === '/__sim/alerts') {
			try {
				return { status: 200, body: sim.createAlert(b) };
			} catch (e) {
				return { status: 400, body: { error: e.message } };
			}
		}
		const mm =
			/^\/__sim\/alerts\/(\d+)\/(accept|resolve|assign|comment|auto-resolve|escalate|reject|raise)$/.exec(
				p,
			);
		if (mm && ctx.method === 'POST') {
			try {
				const id = Number(mm[1]);
				let a;
				if (mm[2] === 'accept') a = sim.acceptAlert(id, b);
				else if (mm[2] === 'resolve') a = sim.resolveAlert(id, b);
				else if (mm[2] === 'assign') a = sim.assignAlert(id, b);
				else if (mm[2] === 'auto-resolve') a = sim.autoResolveAlert(id);
				else if (mm[2] === 'escalate') a = sim.escalateAlert(id);
				else if (mm[2] === 'reject') a = sim.rejectAlert(id, b);
				else if (mm[2] === 'raise') a = sim.raiseAlert(id);
				else a = sim.commentAlert(id, b);
				return { status: 200, body: a };
			} catch (e) {
				return { status: 400, body: { error: e.message } };
			}
		}
		const gm = /^\/__sim\/alerts\/(\d+)$/.exec(p);
		if (gm && ctx.method === 'GET') {
			const a = state.alerts.find((x) => x.id === Number(gm[1]));
			return a
				? { status: 200, body: { ...alertView(a, { includeCustomDetails: true }), log: a.log } }
				: { status: 404 };
		}
		if (ctx.method === 'POST' && p === '/__sim/options') {
			sim.setOptions(b);
			return { status: 200, body: sim.options };
		}
		return undefined;
	}

	function mustAlert(id) {
		const a = state.alerts.find((x) => x.id === Number(id));
		if (!a) throw new Error(`Alert ${id} not found`);
		return a;
	}

	function userFromOpts(o) {
		if (!o) return undefined;
		const ref = o.userEmail || o.email || o.userId || o.user;
		if (ref === undefined) return undefined;
		const u = findUser(ref);
		if (!u) throw new Error(`User ${ref} not found`);
		return u;
	}

	const sim = {
		url: '',
		apiUrl: '',
		requests,
		deliveries,
		faults,
		credentials: {
			apiKey: DEFAULT_API_KEY,
			integrationKey: 'il1apiexamplekeyxxxx0001',
			secondIntegrationKey: 'il1apiexamplekeyxxxx0002',
			alertSourceId: 1001,
		},
		get state() {
			return state;
		},
		get options() {
			const { users, apiKeys, escalationPolicies, alertSources, ...rest } = options;
			return rest;
		},
		setOptions(o) {
			const n = normalizeOptions(o);
			for (const k of Object.keys(n))
				if (k in options && (typeof n[k] !== 'object' || k === 'noOpenAlertEventTypes'))
					options[k] = clone(n[k]);
		},
		clearRequests() {
			requests.length = 0;
		},
		reset() {
			Object.assign(options, initialOptions);
			requests.length = 0;
			deliveries.length = 0;
			faults.clear();
			initState();
		},
		snapshot() {
			return {
				alerts: state.alerts.map((a) => ({
					...alertView(a, { includeCustomDetails: true }),
					log: a.log,
				})),
				alertSources: state.sources.map((s) => sourceView(s)),
				users: state.users,
				alertActions: state.actions.map(actionView),
				events: state.events,
				deliveries,
			};
		},
		/** Alerts in REST shape (with customDetails and the event log). */
		alerts() {
			return state.alerts.map((a) => ({
				...alertView(a, { includeCustomDetails: true }),
				log: clone(a.log),
			}));
		},
		getAlert(id) {
			const a = state.alerts.find((x) => x.id === Number(id));
			return a ? { ...alertView(a, { includeCustomDetails: true }), log: clone(a.log) } : undefined;
		},
		findAlertsByKey(alertKey) {
			return sim.alerts().filter((a) => a.alertKey && normKey(a.alertKey) === normKey(alertKey));
		},
		/** `reportedAt` (ms or ISO; here only, not in the Events API) backdates an alert for stories about older ones. */
		createAlert(fields) {
			const src = state.sources.find((s) => s.id === Number(fields.alertSourceId || 1001));
			if (!src) throw new Error(`Alert source ${fields.alertSourceId} not found`);
			if (!fields.summary) throw new Error('summary is required');
			const a = createAlert(src, fields, 'admin');
			if (fields.reportedAt !== undefined) {
				const at = new Date(fields.reportedAt);
				if (Number.isNaN(at.getTime()))
					throw new Error(`reportedAt ${fields.reportedAt} is not a date`);
				a.reportTime = at.toISOString();
			}
			return alertView(a, { includeCustomDetails: true });
		},
		acceptAlert(id, o) {
			const r = acceptAlert(mustAlert(id), userFromOpts(o), 'admin');
			if (r.error) throw new Error(r.error.body.message);
			return alertView(r.alert);
		},
		resolveAlert(id, o) {
			return alertView(resolveAlert(mustAlert(id), userFromOpts(o), 'admin').alert);
		},
		/** The alert source's auto-resolution: resolves the alert and fires `alert-auto-resolved`. */
		autoResolveAlert(id) {
			return alertView(
				resolveAlert(mustAlert(id), undefined, 'auto-resolution', 'alert-auto-resolved').alert,
			);
		},
		assignAlert(id, o) {
			const u = userFromOpts(o);
			if (!u) throw new Error('userEmail or userId is required');
			return alertView(assignAlert(mustAlert(id), u));
		},
		/** Auto-resolution by the alert source: fires `alert-auto-resolved` (not `alert-resolved`, unless autoResolveAlsoFiresResolved). */
		autoResolveAlert(id) {
			return alertView(autoResolveAlert(mustAlert(id)).alert);
		},
		/** The escalation timeout runs out: next rule's user, fires `alert-auto-escalated`. Throws when not PENDING or no further rule. */
		escalateAlert(id) {
			const r = escalateAlert(mustAlert(id));
			if (r.error) throw new Error(r.error.body.message);
			return alertView(r.alert);
		},
		/** A responder rejects: fires `alert-rejected`, the alert stays PENDING. */
		rejectAlert(id, o) {
			const r = rejectAlert(mustAlert(id), userFromOpts(o));
			if (r.error) throw new Error(r.error.body.message);
			return alertView(r.alert);
		},
		/** LOW -> HIGH: fires `alert-raised`. */
		raiseAlert(id) {
			const r = raiseAlert(mustAlert(id));
			if (r.error) throw new Error(r.error.body.message);
			return alertView(r.alert);
		},
		commentAlert(id, o = {}) {
			return alertView(
				commentAlert(
					mustAlert(id),
					o.comments || [
						{ creator: o.creator || 'simulator', content: o.content || o.comment || '' },
					],
					'admin',
				),
			);
		},
		waitForDeliveries() {
			return queues.idle();
		},
		close: async () => undefined,
	};

	return startServer({
		port: options.port || 0,
		host: options.host || '127.0.0.1',
		handle,
		admin,
		faults,
		requests,
	}).then((srv) => {
		baseUrl = srv.url;
		sim.url = srv.url;
		sim.port = srv.port;
		sim.apiUrl = `${srv.url}/api`;
		sim.close = async () => {
			await srv.close();
		};
		return sim;
	});
}

module.exports = {
	startIlertSimulator,
	start: startIlertSimulator,
	DEFAULT_API_KEY,
	TRIGGER_TYPES,
};
