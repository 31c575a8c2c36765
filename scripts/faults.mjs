#!/usr/bin/env node
/**
 * `npm run faults`: template 1 in a real n8n under faults and load, against the simulators.
 *
 * 1. Burst: 500 tickets, 2 changes each = 1,000 callout events, sent by C concurrent senders
 *    (first wave: each ticket created "New"; second wave: half go "In Progress", half
 *    "Complete"), while the ilert simulator answers 20 % of requests 429 and 5 % 500 and the
 *    Autotask simulator answers 10 % of ticket reads with its thread-limit error (on top of
 *    its real limit of 3 concurrent requests per endpoint). A callout that is not answered 2xx
 *    is sent again (as Autotask re-fires a failed callout), at most 3 times.
 *    Checked: every ticket has exactly one alert (no duplicate), in the right state (ACCEPTED /
 *    RESOLVED), no event lost, n8n healthy afterwards.
 * 2. Malformed: 1,000 bad requests at the live callout URL (12 kinds); each must get a 4xx, no
 *    execution may start, n8n must stay up.
 *
 * The credentials' "Max Retry Wait" is lowered to 30 s for this run. Writes
 * bench/results/faults.json and faults.md. All traffic goes to 127.0.0.1; bounded in count and time.
 * Options: --tickets=<n> (default 500), --concurrency=<n> (default 16), --malformed=<n> (default 1000),
 *          --n8n-env=KEY=VALUE[,KEY=VALUE] (extra n8n environment), --out=<dir>
 */
import fs from 'node:fs';
import path from 'node:path';

import * as h from '../bench/lib/harness.mjs';

const args = h.parseOptions();
const TICKETS = Number(args.tickets || 500);
const CONCURRENCY = Number(args.concurrency || 16);
const MALFORMED = Number(args.malformed || 1000);
const MAX_RETRY_WAIT_S = 30;
const CALLOUT_TIMEOUT_MS = 120000;
const RESENDS = 3;
const OUT = path.resolve(h.ROOT, args.out || 'bench/results');
const TEMPLATE = 'workflows/autotask-to-ilert.json';
const HARD_LIMIT_MS = 25 * 60 * 1000;
const N8N_ENV = h.parseEnvList(args['n8n-env']);

const log = (line) => process.stderr.write(`[faults] ${line}\n`);
setTimeout(() => {
	log('hard time limit reached: stopping');
	process.exit(2);
}, HARD_LIMIT_MS).unref();

async function main() {
	const s = await h.startSimulators({ autotask: { threadLimit: 3 } });
	h.seedIlertBackground(s, { open: 25, resolved: 100 });
	const wf = h.fillTemplateChoices(
		h.calloutTrigger(h.bindCredentials(h.withId(h.loadWorkflow(TEMPLATE, s), 'tmplAutotaskIlrt'))),
	);
	const adjustments = [
		'Autotask Trigger callout password and Ticket Lifecycle alert source filled in (the template leaves them to the user)',
	];
	const v1 = h.respondNodesV1(wf);
	if (v1.length)
		adjustments.push(
			`Respond to Webhook nodes ${v1.join(', ')} run as typeVersion 1 ("No Webhook node found" from 1.1 on after a community trigger)`,
		);
	adjustments.push(`credentials' Max Retry Wait lowered to ${MAX_RETRY_WAIT_S} s`);
	for (const [k, v] of Object.entries(N8N_ENV)) adjustments.push(`n8n environment ${k}=${v}`);
	log('starting n8n with template 1');
	const inst = await h.startN8nWith(s, [wf], {
		maxRetryWaitSeconds: MAX_RETRY_WAIT_S,
		log: (l) => log(`n8n: ${l}`),
		env: N8N_ENV,
	});
	const url = h.webhookUrlOf(inst, wf, `${h.PACKAGE}.autotaskTrigger`);
	const report = {
		generatedAt: new Date().toISOString(),
		tool: 'scripts/faults.mjs',
		n8nVersion: h.n8n.N8N_VERSION,
		machine: h.machineInfo(),
		noise: '2-core machine shared with other processes while running; timings are indicative only.',
		adjustments,
		burst: undefined,
		malformed: undefined,
	};
	try {
		await h.waitWebhookRegistered(url);
		report.burst = await burst(s, inst, url);
		report.malformed = await malformed(s, inst, url);
		report.n8nHealthyAfter =
			(await fetch(`${inst.url}/healthz`)
				.then((r) => r.status)
				.catch(() => 0)) === 200;
	} finally {
		await inst.stop();
		await s.close();
	}
	report.finishedAt = new Date().toISOString();
	report.passed = Boolean(report.burst.passed && report.malformed.passed && report.n8nHealthyAfter);
	fs.mkdirSync(OUT, { recursive: true });
	fs.writeFileSync(path.join(OUT, 'faults.json'), `${JSON.stringify(report, null, 1)}\n`);
	const md = renderMarkdown(report);
	fs.writeFileSync(path.join(OUT, 'faults.md'), md);
	process.stdout.write(md);
	return report.passed;
}

/* ------------------------------------------------------------------ burst */

async function burst(s, inst, url) {
	const tickets = [];
	for (let i = 0; i < TICKETS; i++) {
		tickets.push({
			ticket: h.createTicket(s, { title: `Fault run ticket ${i + 1}`, priority: i % 2 ? 1 : 3 }),
			final: i % 2 ? 5 : 8,
		});
	}
	s.ilert.faults.add({
		method: 'POST',
		path: '/api/events',
		status: 429,
		probability: 0.2,
		body: { status: 429, message: 'Too many requests', code: 'RATE_LIMIT' },
	});
	s.ilert.faults.add({
		path: '/api/',
		status: 500,
		probability: 0.05,
		body: { status: 500, message: 'Internal error', code: 'INTERNAL' },
	});
	s.autotask.faults.add({
		method: 'GET',
		path: /\/Tickets\/\d+$/i,
		threadLimit: true,
		probability: 0.1,
	});
	const before = { autotask: s.autotask.requests.length, ilert: s.ilert.requests.length };
	let done = 0;
	const sendWithResend = async (t) => {
		const attempts = [];
		if (++done % 100 === 0) log(`${done} callouts started`);
		for (let i = 0; i <= RESENDS; i++) {
			const t0 = h.now();
			let res;
			try {
				res = await h.postCallout(url, t, {
					auth: h.CALLOUT_AUTH,
					signal: AbortSignal.timeout(CALLOUT_TIMEOUT_MS),
				});
			} catch (error) {
				res = { status: 0, body: String(error.message || error) };
			}
			attempts.push({
				status: res.status,
				ms: Math.round(h.now() - t0),
				body: res.body.slice(0, 160),
			});
			if (res.status >= 200 && res.status < 300) break;
		}
		return attempts;
	};
	const started = h.now();
	log(`wave 1: ${TICKETS} new tickets, ${CONCURRENCY} concurrent callouts`);
	const wave1 = await h.pool(
		tickets.map((x) => () => sendWithResend(x.ticket)),
		CONCURRENCY,
	);
	log(`wave 2: ${TICKETS} status changes`);
	for (const x of tickets) h.updateTicket(s, x.ticket.id, { status: x.final });
	const wave2 = await h.pool(
		tickets.map((x) => () => sendWithResend(x.ticket)),
		CONCURRENCY,
	);
	await h.settle(s, { quietMs: 2000, maxMs: 90000 });
	const seconds = (h.now() - started) / 1000;
	s.ilert.faults.clear();
	s.autotask.faults.clear();

	const ilertReqs = s.ilert.requests.slice(before.ilert);
	const autotaskReqs = s.autotask.requests.slice(before.autotask);
	const count = (list, pred) => list.filter(pred).length;
	const injected = {
		ilert429: count(ilertReqs, (e) => e.status === 429),
		ilert500: count(ilertReqs, (e) => e.status === 500),
		autotaskThreadLimit: count(
			autotaskReqs,
			(e) =>
				e.status === 429 ||
				(e.status >= 400 && JSON.stringify(e.body || '').includes('Itgenatr005')),
		),
		autotaskErrors: count(autotaskReqs, (e) => e.status >= 400),
	};
	// Verification per ticket.
	const problems = [];
	let duplicates = 0;
	let wrongState = 0;
	let missing = 0;
	const states = {};
	for (const x of tickets) {
		const key = `autotask-${x.ticket.id}`;
		const alerts = s.ilert.findAlertsByKey(key);
		const want = x.final === 5 ? 'RESOLVED' : 'ACCEPTED';
		if (alerts.length === 0) {
			missing++;
			if (problems.length < 20) problems.push(`${key}: no alert`);
			continue;
		}
		if (alerts.length > 1) {
			duplicates++;
			if (problems.length < 20)
				problems.push(
					`${key}: ${alerts.length} alerts (${alerts.map((a) => a.status).join(', ')})`,
				);
		}
		const last = alerts[alerts.length - 1];
		states[last.status] = (states[last.status] || 0) + 1;
		if (last.status !== want) {
			wrongState++;
			if (problems.length < 20) problems.push(`${key}: ${last.status}, expected ${want}`);
		}
	}
	// What happened to each ticket that ended wrong: the callouts' answers and ilert's events.
	const traces = [];
	tickets.forEach((x, i) => {
		const key = `autotask-${x.ticket.id}`;
		if (!problems.some((p) => p.startsWith(`${key}:`)) || traces.length >= 10) return;
		const events = s.ilert.requests
			.slice(before.ilert)
			.filter(
				(e) => e.method === 'POST' && e.path === '/api/events' && e.body && e.body.alertKey === key,
			)
			.map((e) => `${e.body.eventType} -> ${e.status}`);
		const answers = (wave) =>
			wave[i].map((a) => `${a.status} after ${a.ms} ms ${a.body.slice(0, 110)}`);
		traces.push({
			alertKey: key,
			wave1: answers(wave1),
			wave2: answers(wave2),
			ilertEvents: events,
		});
	});
	const attemptsAll = [...wave1, ...wave2];
	const failedCallouts = attemptsAll.filter(
		(a) => !(a[a.length - 1].status >= 200 && a[a.length - 1].status < 300),
	).length;
	const resent = attemptsAll.filter((a) => a.length > 1).length;
	const firstTry = attemptsAll.map((a) => a[0].ms).sort((p, q) => p - q);
	const executions = await executionStats(inst);
	const healthy =
		(await fetch(`${inst.url}/healthz`)
			.then((r) => r.status)
			.catch(() => 0)) === 200;
	const result = {
		tickets: TICKETS,
		events: TICKETS * 2,
		concurrency: CONCURRENCY,
		seconds: Math.round(seconds * 10) / 10,
		faults: {
			ilert: '20 % 429 on POST /api/events, 5 % 500 on /api/*',
			autotask:
				'10 % thread-limit error on GET /Tickets/{id}, plus the simulator limit of 3 concurrent requests per endpoint',
		},
		injected,
		requests: {
			autotask: autotaskReqs.length,
			ilert: ilertReqs.length,
			ilertEventPosts: count(ilertReqs, (e) => e.method === 'POST'),
		},
		callouts: {
			sent: attemptsAll.reduce((a, x) => a + x.length, 0),
			resent,
			failedAfterResends: failedCallouts,
			firstAttemptMs: h.summarize(firstTry),
			statusCounts: tally(attemptsAll.flat().map((a) => a.status)),
			sampleFailures: attemptsAll
				.flat()
				.filter((a) => a.status < 200 || a.status >= 300)
				.slice(0, 5),
		},
		alerts: { states, missing, duplicates, wrongState, problems, traces },
		executions,
		n8nHealthy: healthy,
	};
	result.passed =
		missing === 0 && duplicates === 0 && wrongState === 0 && failedCallouts === 0 && healthy;
	log(
		`burst: ${JSON.stringify({ seconds: result.seconds, injected, states, missing, duplicates, wrongState, failedCallouts, resent })}`,
	);
	return result;
}

async function executionStats(inst) {
	// n8n may still be writing the last executions: a failed listing is asked again.
	for (let attempt = 1; ; attempt++) {
		const stats = await executionStatsOnce(inst);
		if (!stats.error || attempt >= 3) return stats;
		await h.delay(2000);
	}
}

async function executionStatsOnce(inst) {
	try {
		const list = await inst.api.executions({});
		const errors = {};
		for (const e of list.filter((x) => x.status === 'error').slice(0, 40)) {
			const full = await inst.api.execution(e.id, true).catch(() => undefined);
			const rd = full && full.data && full.data.resultData;
			if (!rd) continue;
			const node = rd.lastNodeExecuted || '?';
			const msg = String((rd.error && (rd.error.message || rd.error.description)) || '').slice(
				0,
				160,
			);
			const key = `${node}: ${msg}`;
			errors[key] = (errors[key] || 0) + 1;
		}
		return { total: list.length, byStatus: tally(list.map((e) => e.status)), errorSamples: errors };
	} catch (error) {
		return { error: String(error.message || error) };
	}
}

function tally(values) {
	const out = {};
	for (const v of values) out[v] = (out[v] || 0) + 1;
	return out;
}

/* ------------------------------------------------------------------ malformed */

const GOOD_AUTH = () => h.basicAuth(h.CALLOUT_AUTH.username, h.CALLOUT_AUTH.password);

/** Kinds of malformed requests: each returns fetch init (+ expected status class 4xx). */
const KINDS = [
	[
		'no URL secret',
		() => ({
			noSecret: true,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'TicketID=10001',
		}),
	],
	[
		'no URL secret, right Basic',
		() => ({
			noSecret: true,
			headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: GOOD_AUTH() },
			body: 'TicketID=10001',
		}),
	],
	[
		'wrong password',
		() => ({
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				authorization: h.basicAuth(h.CALLOUT_AUTH.username, 'wrong-example'),
			},
			body: 'TicketID=10001',
		}),
	],
	[
		'garbage Authorization header',
		() => ({
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				authorization: 'Basic !!!not-base64!!!',
			},
			body: 'TicketID=10001',
		}),
	],
	[
		'empty body',
		() => ({
			headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: GOOD_AUTH() },
			body: '',
		}),
	],
	[
		'form without a ticket reference',
		() => ({
			headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: GOOD_AUTH() },
			body: 'foo=bar&status=New',
		}),
	],
	[
		'non-numeric ticket id',
		() => ({
			headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: GOOD_AUTH() },
			body: 'TicketID=abc%27%3B--',
		}),
	],
	[
		'truncated JSON',
		() => ({
			headers: { 'content-type': 'application/json', authorization: GOOD_AUTH() },
			body: '{"TicketID": 10001, "x": [',
		}),
	],
	[
		'unbalanced XML',
		() => ({
			headers: { 'content-type': 'application/xml', authorization: GOOD_AUTH() },
			body: '<callout><TicketID>10001</Ticket></callout>',
		}),
	],
	[
		'binary garbage',
		() => ({
			headers: { 'content-type': 'application/octet-stream', authorization: GOOD_AUTH() },
			body: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256)),
		}),
	],
	[
		'oversized body (300 KB)',
		() => ({
			headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: GOOD_AUTH() },
			body: `TicketID=10001&pad=${'x'.repeat(300 * 1024)}`,
		}),
	],
	[
		'deeply nested JSON',
		() => ({
			headers: { 'content-type': 'application/json', authorization: GOOD_AUTH() },
			body: `${'{"a":'.repeat(200)}1${'}'.repeat(200)}`,
		}),
	],
	[
		'JSON array instead of object',
		() => ({
			headers: { 'content-type': 'application/json', authorization: GOOD_AUTH() },
			body: '[1,2,3]',
		}),
	],
];

async function malformed(s, inst, url) {
	const before = await executionStats(inst);
	const beforeAutotask = s.autotask.requests.length;
	const beforeIlert = s.ilert.requests.length;
	const tasks = [];
	for (let i = 0; i < MALFORMED; i++) {
		const [kind, make] = KINDS[i % KINDS.length];
		tasks.push(async () => {
			const { noSecret, ...init } = make();
			// Every kind but the two without it carries the URL secret, so it reaches the parser.
			const target = noSecret ? url : `${url}?secret=${encodeURIComponent(h.CALLOUT_AUTH.secret)}`;
			try {
				const r = await fetch(target, {
					method: 'POST',
					...init,
					signal: AbortSignal.timeout(30000),
				});
				const text = await r.text();
				return { kind, status: r.status, body: text.slice(0, 120) };
			} catch (error) {
				return { kind, status: 0, body: String(error.message || error) };
			}
		});
	}
	const started = h.now();
	const results = await h.pool(tasks, 16);
	const seconds = (h.now() - started) / 1000;
	await h.delay(2000);
	const after = await executionStats(inst);
	const byKind = {};
	for (const r of results) {
		const k = (byKind[r.kind] = byKind[r.kind] || { sent: 0, statuses: {}, sample: r.body });
		k.sent++;
		k.statuses[r.status] = (k.statuses[r.status] || 0) + 1;
	}
	const non4xx = results.filter((r) => !(r.status >= 400 && r.status < 500));
	const newExecutions = (after.total ?? 0) - (before.total ?? 0);
	const healthy =
		(await fetch(`${inst.url}/healthz`)
			.then((r) => r.status)
			.catch(() => 0)) === 200;
	const result = {
		requests: MALFORMED,
		seconds: Math.round(seconds * 10) / 10,
		byKind,
		non4xx: non4xx.length,
		non4xxSamples: non4xx.slice(0, 5),
		executionsStarted: newExecutions,
		simulatorRequests: {
			autotask: s.autotask.requests.length - beforeAutotask,
			ilert: s.ilert.requests.length - beforeIlert,
		},
		n8nHealthy: healthy,
	};
	result.passed = non4xx.length === 0 && newExecutions === 0 && healthy;
	log(
		`malformed: ${JSON.stringify({ non4xx: result.non4xx, executionsStarted: newExecutions, healthy })}`,
	);
	return result;
}

/* ------------------------------------------------------------------ report */

function renderMarkdown(r) {
	const b = r.burst;
	const m = r.malformed;
	const ok = (v) => (v ? 'yes' : '**no**');
	const out = [];
	out.push('# Faults and load: template 1 in a real n8n');
	out.push('');
	out.push(
		`Run ${r.generatedAt} – ${r.finishedAt}, n8n ${r.n8nVersion}, ${r.machine.cpus} cores, load average ${r.machine.loadAverage.join(' / ')}. ${r.noise}`,
	);
	out.push('');
	if (r.adjustments.length) out.push(`Adjustments for this run: ${r.adjustments.join('; ')}.`);
	out.push('');
	out.push(
		`## Burst: ${b.tickets} tickets × 2 changes = ${b.events} callout events, ${b.concurrency} concurrent senders`,
	);
	out.push('');
	out.push(`Faults: ilert ${b.faults.ilert}; Autotask ${b.faults.autotask}.`);
	out.push('');
	out.push('| Figure | Value |');
	out.push('|---|---:|');
	out.push(`| Wall time | ${b.seconds} s |`);
	out.push(
		`| ilert answers 429 / 500 injected | ${b.injected.ilert429} / ${b.injected.ilert500} |`,
	);
	out.push(`| Autotask error answers (thread limit and others) | ${b.injected.autotaskErrors} |`);
	out.push(`| Requests to Autotask / ilert | ${b.requests.autotask} / ${b.requests.ilert} |`);
	out.push(
		`| Callouts sent (incl. re-sends) / tickets re-sent / failed after ${RESENDS} re-sends | ${b.callouts.sent} / ${b.callouts.resent} / ${b.callouts.failedAfterResends} |`,
	);
	out.push(
		`| Callout answered, first attempt p50 / p95 / max | ${b.callouts.firstAttemptMs.p50} / ${b.callouts.firstAttemptMs.p95} / ${b.callouts.firstAttemptMs.max} ms |`,
	);
	out.push(
		`| Final alert states | ${Object.entries(b.alerts.states)
			.map(([k, v]) => `${k} ${v}`)
			.join(', ')} |`,
	);
	out.push(
		`| Tickets without alert / with duplicate alerts / in the wrong state | ${b.alerts.missing} / ${b.alerts.duplicates} / ${b.alerts.wrongState} |`,
	);
	out.push(
		`| n8n executions by status | ${JSON.stringify(b.executions.byStatus || b.executions)} |`,
	);
	if (b.executions.errorSamples && Object.keys(b.executions.errorSamples).length) {
		out.push(
			`| Failed executions (first 40), by node and error | ${Object.entries(
				b.executions.errorSamples,
			)
				.map(([k, v]) => `${v} × ${k.replace(/\|/g, '/')}`)
				.join('; ')} |`,
		);
	}
	out.push(`| n8n healthy afterwards | ${ok(b.n8nHealthy)} |`);
	out.push(`| **Passed** | ${ok(b.passed)} |`);
	out.push('');
	if (b.alerts.problems.length) {
		out.push('First problems:');
		out.push('');
		for (const p of b.alerts.problems) out.push(`- ${p}`);
		out.push('');
		for (const t of b.alerts.traces || []) {
			out.push(`Trace of ${t.alertKey}:`);
			out.push('');
			out.push(`- wave 1 answers: ${t.wave1.map((a) => `\`${a}\``).join('; ')}`);
			out.push(`- wave 2 answers: ${t.wave2.map((a) => `\`${a}\``).join('; ')}`);
			out.push(`- ilert events: ${t.ilertEvents.join(', ') || 'none'}`);
			out.push('');
		}
	}
	out.push(`## Malformed: ${m.requests} bad requests at the live callout URL`);
	out.push('');
	out.push('| Kind | Sent | Answers |');
	out.push('|---|---:|---|');
	for (const [k, v] of Object.entries(m.byKind)) {
		out.push(
			`| ${k} | ${v.sent} | ${Object.entries(v.statuses)
				.map(([st, n]) => `${st} × ${n}`)
				.join(', ')} |`,
		);
	}
	out.push('');
	out.push(
		`Answers outside 4xx: ${m.non4xx}; executions started: ${m.executionsStarted}; requests reaching Autotask / ilert: ${m.simulatorRequests.autotask} / ${m.simulatorRequests.ilert}; wall time ${m.seconds} s; n8n healthy afterwards: ${ok(m.n8nHealthy)}; **passed: ${ok(m.passed)}**.`,
	);
	out.push('');
	out.push(`Overall: **${r.passed ? 'passed' : 'failed'}**.`);
	out.push('');
	return `${out.join('\n')}\n`;
}

main().then(
	(passed) => process.exit(passed ? 0 : 1),
	(error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exit(1);
	},
);
