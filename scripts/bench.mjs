#!/usr/bin/env node
/**
 * `npm run bench`: template 1 against a built-in-nodes baseline and the webhook floor, side by
 * side on ONE real n8n (pinned runtime of test/n8n) with the Autotask and ilert simulators.
 *
 *   (a) workflows/autotask-to-ilert.json  (Autotask Trigger in callout mode -> Ticket Lifecycle -> ilert)
 *   (b) bench/workflows/baseline-builtin.json  (Webhook -> HTTP Request GET ticket -> Switch -> HTTP Request POST /api/events)
 *   (c) bench/workflows/floor.json  (Webhook only, answers when the execution has finished)
 *
 * Each ticket event is a new Autotask ticket (status New) and one callout POST. Latency of (a) and
 * (b) runs from the callout POST to the ilert simulator's receipt of the Events API request for
 * that ticket's alert key; for (c) it runs to n8n's HTTP answer. Closed loop: each of C workers
 * sends its next callout when its previous event has arrived at ilert. Concurrency levels are run
 * in rounds with the workflow order rotated, so machine noise spreads over all three.
 *
 * Writes bench/results/latest.json, latest.md and latest.svg. All traffic goes to 127.0.0.1.
 *
 * Options: --quick (short slices), --slice=<seconds>, --rounds=<n>, --concurrency=1,8,32,
 *          --max-events=<per slice>, --out=<dir>, --no-template, --workflows=a,b,c (which to run),
 *          --n8n-env=KEY=VALUE[,KEY=VALUE] (extra n8n environment, e.g. N8N_EXPRESSION_ENGINE=legacy),
 *          --count-isolates (count the expression isolates n8n builds per event; see bench/lib/count-isolates.cjs)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as h from '../bench/lib/harness.mjs';
import { renderChart } from '../bench/lib/chart.mjs';
import { renderMarkdown } from '../bench/lib/report.mjs';

const args = h.parseOptions();
const QUICK = Boolean(args.quick);
const SLICE_S = Number(args.slice || (QUICK ? 4 : 10));
const ROUNDS = Number(args.rounds || (QUICK ? 1 : 2));
const CONCURRENCY = String(args.concurrency || '1,8,32')
	.split(',')
	.map(Number)
	.filter((n) => n > 0);
const MAX_EVENTS = Number(args['max-events'] || 3000);
const WARMUP = 5;
const EVENT_TIMEOUT_MS = 30000;
const OUT = path.resolve(h.ROOT, args.out || 'bench/results');
const TEMPLATE = 'workflows/autotask-to-ilert.json';
const HARD_LIMIT_MS = 15 * 60 * 1000;
const COUNT_ISOLATES = Boolean(args['count-isolates']);
const ISOLATE_COUNT_FILE = path.join(os.tmpdir(), `autotask-ilert-isolates-${process.pid}.txt`);
const N8N_ENV = h.parseEnvList(args['n8n-env']);

const log = (line) => process.stderr.write(`[bench] ${line}\n`);
const hardStop = setTimeout(() => {
	log(`hard time limit of ${HARD_LIMIT_MS / 60000} minutes reached: stopping`);
	process.exit(2);
}, HARD_LIMIT_MS);
hardStop.unref();

async function main() {
	const startedAt = new Date();
	// The simulators' Autotask thread limit (3 per endpoint) is raised for the benchmark: the
	// built-in baseline has no client-side limit and would otherwise fail under concurrency,
	// which is a fault scenario (npm run faults), not a speed comparison.
	const s = await h.startSimulators({ autotask: { threadLimit: 1000 } });
	// A realistic background in the alert source: 25 open and 100 resolved alerts of other
	// tickets, so the template's alert lookups are not empty. Each bench alert is forgotten by the
	// simulator once received, so every event meets the same ilert state.
	h.seedIlertBackground(s, { open: 25, resolved: 100 });

	const variants = [];
	const adjustments = [];
	const useTemplate = !args['no-template'] && fs.existsSync(path.join(h.ROOT, TEMPLATE));
	if (useTemplate) {
		const wf = h.fillTemplateChoices(h.calloutTrigger(h.bindCredentials(h.withId(h.loadWorkflow(TEMPLATE, s), 'tmplAutotaskIlrt'))));
		const v1 = h.respondNodesV1(wf);
		if (v1.length) {
			adjustments.push(
				`template 1: Respond to Webhook nodes ${v1.join(', ')} run as typeVersion 1 (from 1.1+, the node fails after a community trigger: "No Webhook node found in the workflow")`,
			);
		}
		adjustments.push('template 1: Autotask Trigger callout password and Ticket Lifecycle alert source filled in (the template leaves them to the user)');
		variants.push({ key: 'a', label: 'Template 1 (this package)', workflow: wf, nodeType: `${h.PACKAGE}.autotaskTrigger`, auth: h.CALLOUT_AUTH, ilert: true });
	} else {
		log(`${TEMPLATE} not used (missing or --no-template): measuring (b) and (c) only`);
	}
	variants.push({ key: 'b', label: 'Baseline: built-in nodes', workflow: h.loadWorkflow('bench/workflows/baseline-builtin.json', s), ilert: true });
	variants.push({ key: 'c', label: 'Floor: Webhook only', workflow: h.loadWorkflow('bench/workflows/floor.json', s), ilert: false });

	if (args.workflows) {
		const keep = String(args.workflows).split(',');
		for (let i = variants.length - 1; i >= 0; i--) if (!keep.includes(variants[i].key)) variants.splice(i, 1);
	}
	log('starting n8n with the package and the workflows');
	const inst = await h.startN8nWith(
		s,
		variants.map((v) => v.workflow),
		{ log: (l) => log(`n8n: ${l}`), installPackage: useTemplate, env: COUNT_ISOLATES ? { ...N8N_ENV, ...isolateCounterEnv() } : N8N_ENV },
	);
	const result = {
		generatedAt: startedAt.toISOString(),
		tool: 'scripts/bench.mjs',
		n8nVersion: h.n8n.N8N_VERSION,
		n8nNodeVersion: h.n8n.NODE_VERSION,
		machine: h.machineInfo(),
		noise:
			'2-core machine shared with other processes (e.g. other test runs) while measuring; absolute figures vary run to run, compare the ratios measured in the same run.',
		config: {
			sliceSeconds: SLICE_S,
			rounds: ROUNDS,
			concurrency: CONCURRENCY,
			maxEventsPerSlice: MAX_EVENTS,
			warmupEventsPerWorkflow: WARMUP,
			eventTimeoutMs: EVENT_TIMEOUT_MS,
			simulatorLatencyMs: 0,
			autotaskThreadLimit: 1000,
			ilertBackground: '25 open + 100 resolved alerts in the alert source; bench alerts removed once received',
			n8nEnv: N8N_ENV,
			event: 'new ticket, status New (1), callout form-encoded TicketID/TicketNumber -> one ilert ALERT event',
		},
		workflows: {},
		adjustments,
		cells: [],
	};
	try {
		for (const v of variants) {
			v.url = h.webhookUrlOf(inst, v.workflow, v.nodeType);
			await h.waitWebhookRegistered(v.url);
			result.workflows[v.key] = { label: v.label, name: v.workflow.name, file: v.key === 'a' ? TEMPLATE : `bench/workflows/${v.key === 'b' ? 'baseline-builtin' : 'floor'}.json` };
		}
		log(`n8n ${inst.url} ready (start ${inst.timings.startSeconds.toFixed(1)} s)`);

		let priorityFlip = 0;
		const one = (v) => async () => {
			const ticket = h.createTicket(s, { priority: priorityFlip++ % 2 ? 4 : 1 });
			const key = `autotask-${ticket.id}`;
			const waiting = v.ilert ? h.waitIlertEvent(s, key, { timeoutMs: EVENT_TIMEOUT_MS }) : undefined;
			const ticketRead = v.ilert ? h.firstTicketGet(s, ticket.id, { timeoutMs: EVENT_TIMEOUT_MS }) : undefined;
			const t0 = h.now();
			let res;
			try {
				res = await h.postCallout(v.url, ticket, { auth: v.auth, signal: AbortSignal.timeout(EVENT_TIMEOUT_MS) });
			} catch (error) {
				return { ok: false, error: String(error.message || error) };
			}
			const ackMs = h.now() - t0;
			if (res.status >= 300) return { ok: false, status: res.status, error: res.body.slice(0, 200) };
			if (!waiting) return { ok: true, latencyMs: ackMs, ackMs };
			const e = await waiting;
			if (!e) return { ok: false, lost: true, ackMs };
			setTimeout(() => h.forgetAlerts(s, key), 0);
			const readAt = await ticketRead;
			return { ok: true, latencyMs: e.hr - t0, ackMs, eventType: e.body.eventType, toReadMs: readAt === undefined ? undefined : readAt - t0 };
		};

		// Warm-up: first events per workflow (caches, JIT, DB). Their requests are counted as the
		// cold-start share of the amortised per-event figures.
		const cold = {};
		for (const v of variants) {
			const at0 = s.autotask.requests.length;
			const il0 = s.ilert.requests.length;
			const r = await h.closedLoop({ concurrency: 1, durationMs: 60000, maxEvents: WARMUP, one: one(v) });
			await h.settle(s);
			cold[v.key] = {
				events: r.results.filter((x) => x.ok).length,
				failed: r.results.filter((x) => !x.ok).length,
				autotaskRequests: s.autotask.requests.length - at0,
				ilertRequests: s.ilert.requests.length - il0,
				autotaskBreakdown: h.requestBreakdown(s.autotask.requests, at0, s.autotask.requests.length),
				ilertBreakdown: h.requestBreakdown(s.ilert.requests, il0, s.ilert.requests.length),
				firstLatencyMs: r.results[0] && r.results[0].latencyMs,
			};
			log(`warm-up ${v.key}: ${cold[v.key].events}/${WARMUP} ok, first ${Math.round(cold[v.key].firstLatencyMs || 0)} ms`);
		}
		result.warmup = cold;

		for (const c of CONCURRENCY) {
			for (let round = 0; round < ROUNDS; round++) {
				const order = variants.map((_, i) => variants[(i + round) % variants.length]);
				for (const v of order) {
					const at0 = s.autotask.requests.length;
					const il0 = s.ilert.requests.length;
					const cpu0 = h.processCpuMs(inst.pid);
					const isolates0 = COUNT_ISOLATES ? await isolatesBuilt() : undefined;
					const r = await h.closedLoop({ concurrency: c, durationMs: SLICE_S * 1000, maxEvents: MAX_EVENTS, one: one(v) });
					await h.settle(s);
					const cpu1 = h.processCpuMs(inst.pid);
					const isolates1 = COUNT_ISOLATES ? await isolatesBuilt() : undefined;
					const ok = r.results.filter((x) => x.ok);
					const cell = {
						workflow: v.key,
						concurrency: c,
						round,
						events: ok.length,
						failed: r.results.length - ok.length,
						lost: r.results.filter((x) => x.lost).length,
						failures: r.results.filter((x) => !x.ok).slice(0, 3),
						elapsedMs: Math.round(r.elapsedMs),
						latencies: ok.map((x) => Math.round(x.latencyMs * 10) / 10),
						acks: ok.map((x) => Math.round(x.ackMs * 10) / 10),
						toRead: ok.filter((x) => x.toReadMs !== undefined).map((x) => Math.round(x.toReadMs * 10) / 10),
						autotaskRequests: s.autotask.requests.length - at0,
						ilertRequests: s.ilert.requests.length - il0,
						autotaskBreakdown: h.requestBreakdown(s.autotask.requests, at0, s.autotask.requests.length),
						ilertBreakdown: h.requestBreakdown(s.ilert.requests, il0, s.ilert.requests.length),
						// CPU the n8n process spent on this slice (all threads): less noisy than wall time.
						n8nCpuMs: cpu0 !== undefined && cpu1 !== undefined ? Math.round(cpu1 - cpu0) : undefined,
						isolatesBuilt: isolates0 !== undefined && isolates1 !== undefined ? isolates1 - isolates0 : undefined,
						loadAverage: h.machineInfo().loadAverage,
					};
					result.cells.push(cell);
					const st = h.summarize(cell.latencies);
					log(
						`c=${c} round ${round + 1}/${ROUNDS} ${v.key}: ${cell.events} ok, ${cell.failed} failed, ` +
							`${(cell.events / (cell.elapsedMs / 1000)).toFixed(1)}/s, p50 ${st.p50} ms, p95 ${st.p95} ms`,
					);
				}
			}
		}
		const health = await fetch(`${inst.url}/healthz`).then((r) => r.status).catch(() => 0);
		result.n8nHealthyAfter = health === 200;
	} finally {
		await inst.stop();
		await s.close();
	}
	result.finishedAt = new Date().toISOString();
	const summary = aggregate(result);
	fs.mkdirSync(OUT, { recursive: true });
	const json = { ...result, summary };
	// Raw per-event latencies stay in the JSON (compact) so others can recompute.
	fs.writeFileSync(path.join(OUT, 'latest.json'), `${JSON.stringify(json, null, 1)}\n`);
	fs.writeFileSync(path.join(OUT, 'latest.md'), renderMarkdown(json));
	fs.writeFileSync(path.join(OUT, 'latest.svg'), renderChart(json));
	process.stdout.write(renderMarkdown(json));
	log(`wrote ${path.relative(h.ROOT, OUT)}/latest.{json,md,svg}`);
}

/** n8n environment that loads the isolate counter (see bench/lib/count-isolates.cjs). */
function isolateCounterEnv() {
	const counter = path.join(h.ROOT, 'bench/lib/count-isolates.cjs');
	const nodeOptions = [N8N_ENV.NODE_OPTIONS, `--require ${counter}`].filter(Boolean).join(' ');
	return { NODE_OPTIONS: nodeOptions, AUTOTASK_ILERT_ISOLATE_COUNT_FILE: ISOLATE_COUNT_FILE };
}

/** The counter's running total, after its next write (it writes every 250 ms). */
async function isolatesBuilt() {
	await h.delay(400);
	const text = fs.existsSync(ISOLATE_COUNT_FILE) ? fs.readFileSync(ISOLATE_COUNT_FILE, 'utf8') : '';
	const n = Number(text);
	return text !== '' && Number.isFinite(n) ? n : undefined;
}

/** Per workflow and concurrency: merged latencies, throughput, requests per event; ratios a/b. */
export function aggregate(result) {
	const rows = [];
	for (const c of result.config.concurrency) {
		for (const key of Object.keys(result.workflows)) {
			const cells = result.cells.filter((x) => x.workflow === key && x.concurrency === c);
			if (!cells.length) continue;
			const lat = cells.flatMap((x) => x.latencies);
			const acks = cells.flatMap((x) => x.acks);
			const toRead = cells.flatMap((x) => x.toRead || []);
			const events = cells.reduce((a, x) => a + x.events, 0);
			const seconds = cells.reduce((a, x) => a + x.elapsedMs, 0) / 1000;
			const at = cells.reduce((a, x) => a + x.autotaskRequests, 0);
			const il = cells.reduce((a, x) => a + x.ilertRequests, 0);
			const cpuKnown = cells.every((x) => typeof x.n8nCpuMs === 'number');
			const isolatesKnown = cells.every((x) => typeof x.isolatesBuilt === 'number');
			const isolates = cells.reduce((a, x) => a + (x.isolatesBuilt || 0), 0);
			const cpu = cells.reduce((a, x) => a + (x.n8nCpuMs || 0), 0);
			rows.push({
				workflow: key,
				concurrency: c,
				events,
				failed: cells.reduce((a, x) => a + x.failed, 0),
				lost: cells.reduce((a, x) => a + x.lost, 0),
				seconds: Math.round(seconds * 10) / 10,
				throughput: Math.round((events / seconds) * 100) / 100,
				latency: h.summarize(lat),
				ack: h.summarize(acks),
				// Stage split: callout POST -> Autotask simulator receives GET /Tickets/<id>.
				toTicketRead: h.summarize(toRead),
				autotaskPerEvent: events ? Math.round((at / events) * 1000) / 1000 : null,
				ilertPerEvent: events ? Math.round((il / events) * 1000) / 1000 : null,
				n8nCpuMsPerEvent: cpuKnown && events ? Math.round((cpu / events) * 10) / 10 : null,
				isolatesPerEvent: isolatesKnown && events ? Math.round((isolates / events) * 100) / 100 : null,
			});
		}
	}
	const ratios = [];
	const find = (k, c) => rows.find((r) => r.workflow === k && r.concurrency === c);
	for (const c of result.config.concurrency) {
		const a = find('a', c);
		const b = find('b', c);
		const f = find('c', c);
		const r = { concurrency: c };
		if (a && b && a.events && b.events) {
			r.p50 = round3(a.latency.p50 / b.latency.p50);
			r.p95 = round3(a.latency.p95 / b.latency.p95);
			r.p99 = round3(a.latency.p99 / b.latency.p99);
			r.throughput = round3(a.throughput / b.throughput);
			if (a.n8nCpuMsPerEvent && b.n8nCpuMsPerEvent) r.cpuPerEvent = round3(a.n8nCpuMsPerEvent / b.n8nCpuMsPerEvent);
		}
		if (b && f && b.events && f.events) r.baselineOverFloorP50 = round3(b.latency.p50 / f.latency.p50);
		if (a && f && a.events && f.events) r.templateOverFloorP50 = round3(a.latency.p50 / f.latency.p50);
		ratios.push(r);
	}
	// Amortised requests per event over the whole run, cold start (warm-up) included.
	const amortised = {};
	for (const key of Object.keys(result.workflows)) {
		const cells = result.cells.filter((x) => x.workflow === key);
		const w = (result.warmup || {})[key] || { events: 0, autotaskRequests: 0, ilertRequests: 0 };
		// Per callout event sent (failed ones included): the request count does not hide failures.
		const events = cells.reduce((a, x) => a + x.events + x.failed, 0) + w.events + (w.failed || 0);
		amortised[key] = {
			events,
			autotaskPerEvent: events ? round3((cells.reduce((a, x) => a + x.autotaskRequests, 0) + w.autotaskRequests) / events) : null,
			ilertPerEvent: events ? round3((cells.reduce((a, x) => a + x.ilertRequests, 0) + w.ilertRequests) / events) : null,
		};
	}
	const targets = {};
	const withA = ratios.filter((r) => r.p50 !== undefined);
	if (withA.length) {
		targets.p50WithinFactor1_15 = withA.every((r) => r.p50 <= 1.15);
		targets.throughputAtLeast0_9 = withA.every((r) => r.throughput >= 0.9);
		// Steady state: the measured slices, after the warm-up filled the caches (zone, picklists,
		// company names); the warm-up's one-time requests are reported next to it.
		const aRows = rows.filter((r) => r.workflow === 'a');
		const aEvents = aRows.reduce((sum, r) => sum + r.events, 0);
		const aAutotask = result.cells.filter((x) => x.workflow === 'a').reduce((sum, x) => sum + x.autotaskRequests, 0);
		amortised.a.steadyAutotaskPerEvent = aEvents ? round3(aAutotask / aEvents) : null;
		targets.atMostOneAutotaskRequestPerEvent = amortised.a.steadyAutotaskPerEvent !== null && amortised.a.steadyAutotaskPerEvent <= 1;
		targets.noEventLost = rows.filter((r) => r.workflow === 'a').every((r) => r.lost === 0 && r.failed === 0);
	}
	return { rows, ratios, amortised, targets };
}

const round3 = (v) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null);

if (import.meta.url === `file://${process.argv[1]}`) {
	main().then(
		() => process.exit(0),
		(error) => {
			process.stderr.write(`${error.stack || error}\n`);
			process.exit(1);
		},
	);
}
