#!/usr/bin/env node
/**
 * `npm run bench`: template 1 against n8n's built-in nodes doing the same job, side by side on a
 * real n8n (pinned runtime of test/n8n, default log level info) with the Autotask and ilert
 * simulators.
 *
 *   (a) workflows/autotask-to-ilert.json as shipped (Autotask Trigger v2 with its callout
 *       credential -> Ticket Lifecycle looking the alert up in ilert -> ilert Events -> answer)
 *   (b) bench/workflows/baseline-builtin.json: Webhook without authentication -> HTTP Request GET
 *       ticket -> Switch on status -> HTTP Request POST /api/events; answers on receipt
 *   (c) bench/workflows/floor.json: Webhook only, answers when the execution has finished
 *   (d) bench/workflows/builtin-auth.json, the fair peer: (b) with a Basic Auth credential on its
 *       Webhook and a Respond to Webhook answer after the Events API call, like (a)
 *
 * Two paths: "created" (a new ticket, status New, no alert: one ALERT event) and "update" (a
 * ticket created two days ago, set In Progress or Complete, whose alert has been open in ilert
 * since; the source's 100 open alerts are such tickets', edited oldest first: ACCEPT or RESOLVE;
 * (a) looks the alert up, (d) routes on the status alone; (b) takes the update path in --quick
 * only, to keep a full run within 20 minutes on 2 cores).
 * Latency: callout POST -> the ilert simulator receives that ticket's Events API request ((c):
 * -> n8n's answer). Closed loop of C workers. Every round runs every (concurrency, path, variant)
 * cell for one short slice, variant order rotated, so machine noise spreads over all variants;
 * each ratio is the median over rounds of that round's ratio, with min-max and IQR.
 * n8n CPU: every process of n8n's process group (main + task runner), from /proc. Isolates:
 * bench/lib/count-isolates.cjs. Requests: the simulators' request logs.
 *
 * The whole set runs twice: n8n defaults, then N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true ((a), (b),
 * (d); the floor needs no second look). The
 * default run ends with the look-up scale: ilert requests per update event at 10, 100 and 500
 * open alerts.
 *
 * Writes bench/results/latest.json (summary, summary_lazy_acquire, ilert_requests_per_event_update),
 * latest.md and latest.svg. All traffic goes to 127.0.0.1.
 *
 * Options: --quick (or BENCH_QUICK=1: 2 rounds of 1.5 s, c = 1, 8), --slice=<s>, --rounds=<n>,
 *          --concurrency=1,8,32, --max-events=<per slice>, --out=<dir>, --no-lazy,
 *          --lookup-scale (only the look-up scale), --profile (see bench/lib/profile.mjs),
 *          --n8n-env=KEY=VALUE[,KEY=VALUE]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as h from '../bench/lib/harness.mjs';
import { renderChart } from '../bench/lib/chart.mjs';
import { renderMarkdown } from '../bench/lib/report.mjs';
import { runProfile } from '../bench/lib/profile.mjs';

const args = h.parseOptions();
const QUICK = Boolean(args.quick) || process.env.BENCH_QUICK === '1';
const SLICE_S = Number(args.slice || (QUICK ? 1.5 : 2));
const ROUNDS = Number(args.rounds || (QUICK ? 2 : 10));
const CONCURRENCY = String(args.concurrency || (QUICK ? '1,8' : '1,8,32'))
	.split(',')
	.map(Number)
	.filter((n) => n > 0);
const MAX_EVENTS = Number(args['max-events'] || 2000);
const WARMUP = 5;
const EVENT_TIMEOUT_MS = 15000;
const OPEN_ALERTS = 100;
const LOOKUP_SCALE = QUICK ? [10, 100] : [10, 100, 500];
const LOOKUP_SLICE_S = QUICK ? 1.5 : 3;
const OUT = path.resolve(h.ROOT, args.out || 'bench/results');
const TEMPLATE = 'workflows/autotask-to-ilert.json';
const HARD_LIMIT_MS = 25 * 60 * 1000;
const ISOLATE_COUNT_FILE = path.join(os.tmpdir(), `autotask-ilert-isolates-${process.pid}`);
const N8N_ENV = h.parseEnvList(args['n8n-env']);
// n8n's default log level (the harness's instance logs at debug for its e2e activation checks).
const DEFAULT_ENV = { N8N_LOG_LEVEL: 'info' };
const LAZY_ENV = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

const log = (line) => process.stderr.write(`[bench] ${line}\n`);
const hardStop = setTimeout(() => {
	log(`hard time limit of ${HARD_LIMIT_MS / 60000} minutes reached: stopping`);
	process.exit(2);
}, HARD_LIMIT_MS);
hardStop.unref();

const VARIANT_FILES = {
	a: TEMPLATE,
	b: 'bench/workflows/baseline-builtin.json',
	c: 'bench/workflows/floor.json',
	d: 'bench/workflows/builtin-auth.json',
};
const LABELS = {
	a: 'Template 1 (this package)',
	b: 'Baseline: built-in nodes, no auth',
	c: 'Floor: Webhook only',
	d: 'Fair peer: built-in nodes, Basic Auth, answer',
};

function buildVariants(s) {
	const adjustments = [];
	const wf = h.fillTemplateChoices(
		h.calloutTrigger(h.bindCredentials(h.withId(h.loadWorkflow(TEMPLATE, s), 'tmplAutotaskIlrt'))),
	);
	const v1 = h.respondNodesV1(wf);
	if (v1.length)
		adjustments.push(`template 1: Respond to Webhook nodes ${v1.join(', ')} run as typeVersion 1`);
	adjustments.push(
		'template 1: Ticket Lifecycle alert source filled in, credentials bound to the simulators, the sweep schedule set to once a day (the template leaves these to the user)',
	);
	const peerAuth = { username: h.CALLOUT_AUTH.username, password: h.CALLOUT_AUTH.password };
	return {
		adjustments,
		variants: [
			{
				key: 'a',
				workflow: wf,
				nodeType: `${h.PACKAGE}.autotaskTrigger`,
				auth: h.CALLOUT_AUTH,
				ilert: true,
				answers: true,
			},
			{ key: 'b', workflow: h.loadWorkflow(VARIANT_FILES.b, s), ilert: true },
			{ key: 'c', workflow: h.loadWorkflow(VARIANT_FILES.c, s), ilert: false },
			{
				key: 'd',
				workflow: h.loadWorkflow(VARIANT_FILES.d, s),
				auth: peerAuth,
				ilert: true,
				answers: true,
			},
		],
	};
}

/** The ticket event of one path: a new ticket (created) or an edited one whose alert is open (update). */
function makeEvent(s, path, n, pool) {
	if (path === 'created')
		return { ticket: h.createTicket(s, { status: 1, priority: n % 2 ? 4 : 1 }), expect: ['ALERT'] };
	const complete = n % 2 === 1;
	const ticket = pool.next();
	h.updateTicket(s, ticket.id, { status: complete ? 5 : 8 });
	return { ticket, expect: [complete ? 'RESOLVE' : 'ACCEPT'] };
}

function oneEvent(s, v, path, pool) {
	let n = 0;
	return async () => {
		const { ticket, expect } = makeEvent(s, path, n++, pool);
		const key = `autotask-${ticket.id}`;
		const waiting = v.ilert ? h.waitIlertEvent(s, key, { timeoutMs: EVENT_TIMEOUT_MS }) : undefined;
		const t0 = h.now();
		let res;
		try {
			res = await h.postCallout(v.url, ticket, {
				auth: v.auth,
				signal: AbortSignal.timeout(EVENT_TIMEOUT_MS),
			});
		} catch (error) {
			return { ok: false, error: String(error.message || error) };
		} finally {
			if (!v.ilert) setTimeout(() => h.forgetAlerts(s, key), 0);
		}
		const ackMs = h.now() - t0;
		if (res.status >= 300) return { ok: false, status: res.status, error: res.body.slice(0, 200) };
		if (!waiting) return { ok: true, latencyMs: ackMs, ackMs, answer: res.body };
		if (v.answers && !/^\{"(created|accepted|resolved)"/.test(res.body)) {
			setTimeout(() => h.forgetAlerts(s, key), 0);
			return { ok: false, error: `answer without an event: ${res.body.slice(0, 200)}` };
		}
		const e = await waiting;
		setTimeout(() => h.forgetAlerts(s, key), 0);
		if (!e) return { ok: false, lost: true, ackMs };
		if (!expect.includes(e.body.eventType))
			return { ok: false, error: `event ${e.body.eventType}, expected ${expect.join('/')}` };
		return { ok: true, latencyMs: e.hr - t0, ackMs, answer: res.body };
	};
}

function isolatesBuilt() {
	const dir = path.dirname(ISOLATE_COUNT_FILE);
	const base = path.basename(ISOLATE_COUNT_FILE);
	let total = 0;
	for (const f of fs.readdirSync(dir))
		if (f.startsWith(`${base}.`)) total += Number(fs.readFileSync(path.join(dir, f), 'utf8')) || 0;
	return total;
}

function cleanIsolateFiles() {
	const dir = path.dirname(ISOLATE_COUNT_FILE);
	const base = path.basename(ISOLATE_COUNT_FILE);
	for (const f of fs.readdirSync(dir))
		if (f.startsWith(`${base}.`)) fs.rmSync(path.join(dir, f), { force: true });
}

/** Runs `one` as a closed loop and returns one measured cell. */
async function measure(s, inst, one, meta, { concurrency, seconds, maxEvents = MAX_EVENTS }) {
	const at0 = s.autotask.requests.length;
	const il0 = s.ilert.requests.length;
	const cpu0 = h.processGroupCpuMs(inst.pid);
	const iso0 = isolatesBuilt();
	const r = await h.closedLoop({ concurrency, durationMs: seconds * 1000, maxEvents, one });
	// The executions end (answer, database) just after ilert has the event: let them finish.
	await h.settle(s, { quietMs: 150, maxMs: 3000 });
	const cpu1 = h.processGroupCpuMs(inst.pid);
	const ok = r.results.filter((x) => x.ok);
	const st = h.summarize(ok.map((x) => x.latencyMs));
	return {
		...meta,
		concurrency,
		events: ok.length,
		failed: r.results.length - ok.length,
		lost: r.results.filter((x) => x.lost).length,
		failures: r.results.filter((x) => !x.ok).slice(0, 3),
		elapsedMs: Math.round(r.elapsedMs),
		p50: st.p50,
		p95: st.p95,
		latencies: ok.map((x) => Math.round(x.latencyMs * 10) / 10),
		autotaskRequests: s.autotask.requests.length - at0,
		ilertRequests: s.ilert.requests.length - il0,
		autotaskBreakdown: h.requestBreakdown(s.autotask.requests, at0, s.autotask.requests.length),
		ilertBreakdown: h.requestBreakdown(s.ilert.requests, il0, s.ilert.requests.length),
		n8nCpuMs: cpu0 !== undefined && cpu1 !== undefined ? Math.round(cpu1 - cpu0) : undefined,
		isolatesBuilt: isolatesBuilt() - iso0,
		firstAnswer:
			ok[0] && ok[0].answer !== undefined ? String(ok[0].answer).slice(0, 300) : undefined,
	};
}

/**
 * One measured cell of a path. On the update path the `open` open alerts of the source are the
 * alerts of the tickets to edit (at least one more than the concurrency).
 */
async function measurePath(s, inst, v, p, meta, options, open = OPEN_ALERTS) {
	if (p !== 'update') return await measure(s, inst, oneEvent(s, v, p), meta, options);
	const size = Math.max(options.concurrency + 1, open);
	const before = h.openBackground(s);
	h.setOpenBackground(s, Math.max(0, open - size));
	const pool = h.updatePool(s, size);
	try {
		return await measure(s, inst, oneEvent(s, v, p, pool), { ...meta, updatePool: size }, options);
	} finally {
		pool.release();
		h.setOpenBackground(s, before);
	}
}

/** One n8n instance: warm-up, the rounds, optionally the look-up scale. */
async function runInstance(
	s,
	{ name, env, variantKeys, updateKeys, lookupScale, rounds = ROUNDS },
) {
	const { variants: all, adjustments } = buildVariants(s);
	const variants = all.filter((v) => variantKeys.includes(v.key));
	cleanIsolateFiles();
	log(
		`${name}: starting n8n (${Object.entries(env)
			.map(([k, v]) => `${k}=${v}`)
			.join(' ')})`,
	);
	const counter = path.join(h.ROOT, 'bench/lib/count-isolates.cjs');
	const inst = await h.startN8nWith(
		s,
		variants.map((v) => v.workflow),
		{
			log: (l) => (/error|warn/i.test(l) ? log(`n8n: ${l}`) : undefined),
			env: {
				...env,
				NODE_OPTIONS: [env.NODE_OPTIONS, `--require ${counter}`].filter(Boolean).join(' '),
				AUTOTASK_ILERT_ISOLATE_COUNT_FILE: ISOLATE_COUNT_FILE,
			},
		},
	);
	const out = { name, env, adjustments, cells: [], warmup: {}, lookupScale: undefined };
	try {
		for (const v of variants) {
			v.url = h.webhookUrlOf(inst, v.workflow, v.nodeType);
			await h.waitWebhookRegistered(v.url);
		}
		log(`${name}: n8n ready (start ${inst.timings.startSeconds.toFixed(1)} s)`);
		for (const v of variants) {
			for (const p of ['created', 'update']) {
				if (p === 'update' && !updateKeys.includes(v.key)) continue;
				const cell = await measurePath(
					s,
					inst,
					v,
					p,
					{ workflow: v.key, path: p, round: -1 },
					{ concurrency: 1, seconds: 60, maxEvents: WARMUP },
				);
				out.warmup[`${v.key}/${p}`] = cell;
				log(
					`${name}: warm-up ${v.key}/${p}: ${cell.events} ok, ${cell.failed} failed${cell.failed ? ` ${JSON.stringify(cell.failures[0])}` : ''}`,
				);
			}
		}
		for (let round = 0; round < rounds; round++) {
			const t = h.now();
			for (const [ci, c] of CONCURRENCY.entries()) {
				for (const p of ['created', 'update']) {
					const keys =
						p === 'update' ? variants.filter((v) => updateKeys.includes(v.key)) : variants;
					const order = keys.map((_, i) => keys[(i + round + ci) % keys.length]);
					for (const v of order) {
						const cell = await measurePath(
							s,
							inst,
							v,
							p,
							{ workflow: v.key, path: p, round },
							{ concurrency: c, seconds: SLICE_S },
						);
						out.cells.push(cell);
						if (cell.failed)
							log(
								`${name}: c=${c} ${p} ${v.key}: ${cell.failed} failed ${JSON.stringify(cell.failures[0])}`,
							);
					}
				}
			}
			log(`${name}: round ${round + 1}/${rounds} done in ${((h.now() - t) / 1000).toFixed(1)} s`);
		}
		if (lookupScale)
			out.lookupScale = await runLookupScale(
				s,
				inst,
				variants.find((v) => v.key === 'a'),
			);
		out.n8nHealthyAfter =
			(await fetch(`${inst.url}/healthz`)
				.then((r) => r.status)
				.catch(() => 0)) === 200;
	} finally {
		await inst.stop();
		h.setOpenBackground(s, OPEN_ALERTS);
	}
	return out;
}

/** ilert requests per update event of (a) at 10, 100 and 500 open alerts in the source, c = 1 and 8. */
async function runLookupScale(s, inst, a) {
	const out = {};
	for (const open of LOOKUP_SCALE) {
		out[open] = {};
		for (const c of [1, 8]) {
			const cell = await measurePath(
				s,
				inst,
				a,
				'update',
				{ workflow: 'a', path: 'update', openAlerts: open },
				{ concurrency: c, seconds: LOOKUP_SLICE_S },
				open,
			);
			out[open][`c${c}`] = {
				events: cell.events,
				failed: cell.failed,
				ilertPerEvent: cell.events
					? round3(cell.ilertRequests / (cell.events + cell.failed))
					: null,
				autotaskPerEvent: cell.events
					? round3(cell.autotaskRequests / (cell.events + cell.failed))
					: null,
				p50: cell.p50,
				ilertBreakdown: cell.ilertBreakdown,
			};
			log(
				`look-up scale: ${open} open, c=${c}: ${out[open][`c${c}`].ilertPerEvent} ilert requests/event`,
			);
		}
	}
	h.setOpenBackground(s, OPEN_ALERTS);
	return out;
}

/* ------------------------------------------------------------------ aggregation */

const round3 = (v) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null);
const quantile = (values, q) =>
	h.percentile(
		[...values].sort((x, y) => x - y),
		q,
	);

/** Median over rounds of a per-round ratio, with min-max and IQR. */
function spread(values) {
	const v = values.filter(Number.isFinite);
	if (!v.length) return null;
	return {
		median: round3(quantile(v, 50)),
		min: round3(Math.min(...v)),
		max: round3(Math.max(...v)),
		iqr: [round3(quantile(v, 25)), round3(quantile(v, 75))],
		rounds: v.length,
	};
}

const throughputOf = (x) => (x.elapsedMs ? x.events / (x.elapsedMs / 1000) : NaN);
const cpuPerEventOf = (x) =>
	x.events && typeof x.n8nCpuMs === 'number' ? x.n8nCpuMs / x.events : NaN;

/** Pooled figures per (variant, path, concurrency). */
function rowsOf(run) {
	const rows = [];
	const seen = new Set(run.cells.map((x) => `${x.workflow}|${x.path}|${x.concurrency}`));
	for (const id of seen) {
		const [workflow, p, c] = id.split('|');
		const cells = run.cells.filter(
			(x) => x.workflow === workflow && x.path === p && x.concurrency === Number(c),
		);
		const sum = (f) => cells.reduce((acc, x) => acc + (f(x) || 0), 0);
		const events = sum((x) => x.events);
		const sent = events + sum((x) => x.failed);
		rows.push({
			workflow,
			path: p,
			concurrency: Number(c),
			events,
			failed: sum((x) => x.failed),
			lost: sum((x) => x.lost),
			throughput: round3(events / (sum((x) => x.elapsedMs) / 1000)),
			latency: h.summarize(cells.flatMap((x) => x.latencies)),
			n8nCpuMsPerEvent: events ? Math.round((sum((x) => x.n8nCpuMs) / events) * 10) / 10 : null,
			isolatesPerEvent: events ? round3(sum((x) => x.isolatesBuilt) / events) : null,
			autotaskPerEvent: sent ? round3(sum((x) => x.autotaskRequests) / sent) : null,
			ilertPerEvent: sent ? round3(sum((x) => x.ilertRequests) / sent) : null,
		});
	}
	const order = ['a', 'd', 'b', 'c'];
	return rows.sort(
		(x, y) =>
			x.path.localeCompare(y.path) ||
			x.concurrency - y.concurrency ||
			order.indexOf(x.workflow) - order.indexOf(y.workflow),
	);
}

/** Per-round ratios of (a) over `other` for one path and concurrency. */
function roundRatios(run, p, c, other) {
	const out = { p50: [], p95: [], cpu: [], throughput: [] };
	const rounds = [...new Set(run.cells.map((x) => x.round))];
	for (const round of rounds) {
		const a = run.cells.find(
			(x) => x.workflow === 'a' && x.path === p && x.concurrency === c && x.round === round,
		);
		const o = run.cells.find(
			(x) => x.workflow === other && x.path === p && x.concurrency === c && x.round === round,
		);
		if (!a || !o || !a.events || !o.events) continue;
		out.p50.push(a.p50 / o.p50);
		out.p95.push(a.p95 / o.p95);
		out.cpu.push(cpuPerEventOf(a) / cpuPerEventOf(o));
		out.throughput.push(throughputOf(a) / throughputOf(o));
	}
	return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, spread(v)]));
}

/** The `summary` entries: one per concurrency. */
function summaryOf(run, rows) {
	const row = (w, p, c) =>
		rows.find((r) => r.workflow === w && r.path === p && r.concurrency === c);
	return CONCURRENCY.map((c) => {
		const e = { c };
		for (const p of ['created', 'update']) {
			const prefix = p === 'update' ? 'update_' : '';
			for (const other of ['d', 'b']) {
				const r = roundRatios(run, p, c, other);
				if (!r.p50) continue;
				e[`${prefix}p50_a_over_${other}`] = r.p50.median;
				e[`${prefix}cpu_a_over_${other}`] = r.cpu && r.cpu.median;
				e[`${prefix}throughput_a_over_${other}`] = r.throughput && r.throughput.median;
				e[`${prefix}spread_a_over_${other}`] = r;
			}
		}
		const a = row('a', 'created', c);
		const au = row('a', 'update', c);
		const sent = (r) => (r ? r.events + r.failed : 0);
		const atTotal =
			(a ? a.autotaskPerEvent * sent(a) : 0) + (au ? au.autotaskPerEvent * sent(au) : 0);
		e.autotask_requests_per_event =
			sent(a) + sent(au) ? round3(atTotal / (sent(a) + sent(au))) : null;
		e.ilert_requests_per_event = a ? a.ilertPerEvent : null;
		e[`ilert_requests_per_event_update_${OPEN_ALERTS}`] = au ? au.ilertPerEvent : null;
		e.isolates_per_event_a = a ? a.isolatesPerEvent : null;
		e.isolates_per_event_a_update = au ? au.isolatesPerEvent : null;
		for (const w of ['b', 'd'])
			e[`isolates_per_event_${w}`] = row(w, 'created', c)
				? row(w, 'created', c).isolatesPerEvent
				: null;
		for (const w of ['a', 'b', 'c', 'd'])
			e[`cpu_ms_per_event_${w}`] = row(w, 'created', c)
				? row(w, 'created', c).n8nCpuMsPerEvent
				: null;
		e.cpu_ms_per_event_a_update = au ? au.n8nCpuMsPerEvent : null;
		e.cpu_ms_per_event_d_update = row('d', 'update', c)
			? row('d', 'update', c).n8nCpuMsPerEvent
			: null;
		e.failed_or_lost_a = (a ? a.failed : 0) + (au ? au.failed : 0);
		return e;
	});
}

async function main() {
	const t0 = Date.now();
	if (args.profile) {
		await runProfile({ out: OUT, quick: QUICK, log });
		return;
	}
	const s = await h.startSimulators({ autotask: { threadLimit: 1000 } });
	// Background of alert source 1001: 100 open and 100 resolved alerts of other tickets.
	h.seedIlertBackground(s, { open: OPEN_ALERTS, resolved: 100 });
	const result = {
		generatedAt: new Date(t0).toISOString(),
		tool: 'scripts/bench.mjs',
		n8nVersion: h.n8n.N8N_VERSION,
		n8nNodeVersion: h.n8n.NODE_VERSION,
		machine: h.machineInfo(),
		noise:
			'2-core machine shared with other processes while measuring; compare the ratios of one run (each a median over rounds), not absolute figures across runs.',
		config: {
			quick: QUICK,
			sliceSeconds: SLICE_S,
			rounds: ROUNDS,
			concurrency: CONCURRENCY,
			maxEventsPerSlice: MAX_EVENTS,
			warmupEventsPerCell: WARMUP,
			eventTimeoutMs: EVENT_TIMEOUT_MS,
			openAlerts: OPEN_ALERTS,
			lookupScale: LOOKUP_SCALE,
			n8nLogLevel: 'info',
			n8nEnv: N8N_ENV,
			paths: {
				created: 'new ticket, status New (1), no alert -> one ALERT event',
				update: `ticket created 2 days ago set In Progress (8) or Complete (5), its alert open in ilert since; the source's ${OPEN_ALERTS} open alerts are such tickets', edited oldest first -> ACCEPT or RESOLVE`,
			},
		},
		workflows: Object.fromEntries(
			Object.entries(VARIANT_FILES).map(([k, f]) => [k, { label: LABELS[k], file: f }]),
		),
	};
	try {
		const onlyLookup = Boolean(args['lookup-scale']);
		const plan = [
			{
				name: 'default',
				env: { ...DEFAULT_ENV, ...N8N_ENV },
				variantKeys: onlyLookup ? ['a'] : ['a', 'b', 'c', 'd'],
				updateKeys: QUICK ? ['a', 'b', 'd'] : ['a', 'd'],
				lookupScale: true,
			},
		];
		if (!args['no-lazy'] && !onlyLookup)
			plan.push({
				name: 'lazy_acquire',
				env: { ...DEFAULT_ENV, ...N8N_ENV, ...LAZY_ENV },
				variantKeys: ['a', 'b', 'd'],
				updateKeys: ['a', 'd'],
				lookupScale: false,
			});
		result.runs = {};
		for (const p of plan) {
			const run = await runInstance(
				s,
				onlyLookup ? { ...p, variantKeys: ['a'], updateKeys: ['a'], rounds: 0 } : p,
			);
			const rows = rowsOf(run);
			result.runs[p.name] = {
				env: run.env,
				adjustments: run.adjustments,
				rows,
				warmup: run.warmup,
				n8nHealthyAfter: run.n8nHealthyAfter,
				cells: run.cells,
			};
			result[p.name === 'default' ? 'summary' : 'summary_lazy_acquire'] = summaryOf(run, rows);
			if (run.lookupScale) {
				result.lookup_scale = run.lookupScale;
				result.ilert_requests_per_event_update = Object.fromEntries(
					Object.entries(run.lookupScale).map(([k, v]) => [k, v.c8.ilertPerEvent]),
				);
			}
		}
	} finally {
		await s.close();
	}
	result.finishedAt = new Date().toISOString();
	result.durationSeconds = Math.round((Date.now() - t0) / 1000);
	// The look-up scale alone measures no ratios: no targets to check.
	if (!args['lookup-scale']) result.targets = targetsOf(result);
	fs.mkdirSync(OUT, { recursive: true });
	const name = args['lookup-scale'] ? 'lookup-scale' : 'latest';
	fs.writeFileSync(path.join(OUT, `${name}.json`), `${JSON.stringify(result, null, 1)}\n`);
	fs.writeFileSync(path.join(OUT, `${name}.md`), renderMarkdown(result));
	if (!args['lookup-scale']) fs.writeFileSync(path.join(OUT, `${name}.svg`), renderChart(result));
	process.stdout.write(renderMarkdown(result));
	log(
		`wrote ${path.relative(h.ROOT, OUT)}/${name}.{json,md${args['lookup-scale'] ? '' : ',svg'}} in ${(result.durationSeconds / 60).toFixed(1)} min (${result.durationSeconds} s)`,
	);
}

/** The issue's targets, checked against this run's medians. */
function targetsOf(r) {
	const t = {};
	const all = (list, f) => (list && list.length ? list.every(f) : undefined);
	t.default_p50_cpu_at_most_1_0_of_d = all(
		r.summary,
		(e) => e.p50_a_over_d <= 1 && e.cpu_a_over_d <= 1,
	);
	t.default_throughput_at_least_1_0_of_d = all(r.summary, (e) => e.throughput_a_over_d >= 1);
	t.lazy_p50_cpu_at_most_1_15_of_b = all(
		r.summary_lazy_acquire,
		(e) => e.p50_a_over_b <= 1.15 && e.cpu_a_over_b <= 1.15,
	);
	t.lazy_throughput_at_least_0_9_of_b = all(
		r.summary_lazy_acquire,
		(e) => e.throughput_a_over_b >= 0.9,
	);
	t.autotask_at_most_1_per_event = all(r.summary, (e) => e.autotask_requests_per_event <= 1);
	t.ilert_update_100_at_most_1_2_per_event = all(
		r.summary,
		(e) => e[`ilert_requests_per_event_update_${OPEN_ALERTS}`] <= 1.2,
	);
	t.no_event_of_a_failed = all(r.summary, (e) => e.failed_or_lost_a === 0);
	return t;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	main().then(
		() => process.exit(0),
		(error) => {
			process.stderr.write(`${error.stack || error}\n`);
			process.exit(1);
		},
	);
}
