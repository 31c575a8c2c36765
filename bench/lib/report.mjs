/** Markdown rendering of bench/results/latest.json (see scripts/bench.mjs). */

const fmt = (v, d = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(d));
const ratio = (v) => (v === null || v === undefined ? '–' : `${Number(v).toFixed(2)}×`);

export function renderMarkdown(r) {
	const { rows, ratios, amortised, targets } = r.summary;
	const names = r.workflows;
	const out = [];
	out.push(`# Benchmark: template 1 vs. built-in baseline vs. webhook floor`);
	out.push('');
	out.push(
		`Run ${r.generatedAt} – ${r.finishedAt}, n8n ${r.n8nVersion} (Node ${r.n8nNodeVersion}), ` +
			`${r.machine.cpus} cores (${r.machine.cpuModel || 'unknown CPU'}), load average at start ${r.machine.loadAverage.join(' / ')}.`,
	);
	out.push(`Noise: ${r.noise}`);
	out.push('');
	out.push(
		`Each event: ${r.config.event}. Closed loop, ${r.config.rounds} round(s) of ${r.config.sliceSeconds} s per workflow and concurrency, ` +
			`workflow order rotated per round; ${r.config.warmupEventsPerWorkflow} warm-up events per workflow first. ` +
			`Latency (a), (b): callout POST → ilert simulator receives the Events API request; (c): callout POST → n8n's answer after the execution.`,
	);
	out.push('');
	if (r.adjustments && r.adjustments.length) {
		out.push('Adjustments to the shipped template for this run:');
		out.push('');
		for (const a of r.adjustments) out.push(`- ${a}`);
		out.push('');
	}
	out.push('| Workflow | Concurrency | Events | Failed | Throughput (events/s) | p50 (ms) | p95 (ms) | p99 (ms) | Callout answered p50 (ms) | Callout → ticket read p50 (ms) | Autotask req./event | ilert req./event | n8n CPU ms/event |');
	out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
	for (const row of rows) {
		out.push(
			`| (${row.workflow}) ${names[row.workflow].label} | ${row.concurrency} | ${row.events} | ${row.failed} | ${fmt(row.throughput, 1)} | ` +
				`${fmt(row.latency.p50)} | ${fmt(row.latency.p95)} | ${fmt(row.latency.p99)} | ${fmt(row.ack.p50)} | ${fmt(row.toTicketRead && row.toTicketRead.p50)} | ` +
				`${fmt(row.autotaskPerEvent, 2)} | ${fmt(row.ilertPerEvent, 2)} | ${fmt(row.n8nCpuMsPerEvent, 1)} |`,
		);
	}
	out.push('');
	if (rows.some((row) => row.isolatesPerEvent !== null && row.isolatesPerEvent !== undefined)) {
		out.push('Expression isolates n8n built per event (`--count-isolates`): ' + rows.map((row) => `(${row.workflow}) c=${row.concurrency}: ${fmt(row.isolatesPerEvent, 2)}`).join(', ') + '.');
		out.push('');
	}
	if (ratios.some((x) => x.p50 !== undefined)) {
		out.push('Ratios, template (a) over baseline (b), same run (lower latency ratio is better, higher throughput ratio is better):');
		out.push('');
		out.push('| Concurrency | p50 (a/b) | p95 (a/b) | p99 (a/b) | Throughput (a/b) | n8n CPU per event (a/b) | p50 (a/floor) | p50 (b/floor) |');
		out.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
		for (const x of ratios) {
			out.push(
				`| ${x.concurrency} | ${ratio(x.p50)} | ${ratio(x.p95)} | ${ratio(x.p99)} | ${ratio(x.throughput)} | ${ratio(x.cpuPerEvent)} | ${ratio(x.templateOverFloorP50)} | ${ratio(x.baselineOverFloorP50)} |`,
			);
		}
		out.push('');
	}
	if (r.config.n8nEnv && Object.keys(r.config.n8nEnv).length) {
		out.push(`Extra n8n environment for this run: ${Object.entries(r.config.n8nEnv).map(([k, v]) => `${k}=${v}`).join(', ')}.`);
		out.push('');
	}
	out.push('Requests per callout event sent (failed ones included) over the whole run, warm-up (empty caches) included:');
	out.push('');
	out.push('| Workflow | Callout events | Autotask requests / event | ilert requests / event |');
	out.push('|---|---:|---:|---:|');
	for (const [k, a] of Object.entries(amortised)) {
		out.push(`| (${k}) ${names[k].label} | ${a.events} | ${fmt(a.autotaskPerEvent, 3)} | ${fmt(a.ilertPerEvent, 3)} |`);
	}
	out.push('');
	if (r.warmup) {
		const parts = Object.entries(r.warmup).map(
			([k, w]) =>
				`(${k}) first event ${fmt(w.firstLatencyMs, 0)} ms; Autotask ${JSON.stringify(w.autotaskBreakdown)}; ilert ${JSON.stringify(w.ilertBreakdown)}`,
		);
		out.push(`Warm-up requests (${r.config.warmupEventsPerWorkflow} events each): ${parts.join('; ')}.`);
		out.push('');
	}
	if (Object.keys(targets).length) {
		out.push('Targets:');
		out.push('');
		const t = (ok) => (ok ? 'met' : '**not met**');
		out.push(`- p50 of (a) within 1.15× of (b) at every concurrency: ${t(targets.p50WithinFactor1_15)}`);
		out.push(`- throughput of (a) at least 0.9× of (b) at every concurrency: ${t(targets.throughputAtLeast0_9)}`);
		const steady = amortised.a && amortised.a.steadyAutotaskPerEvent;
		out.push(
			`- at most 1 Autotask request per callout event, amortised: ${t(targets.atMostOneAutotaskRequestPerEvent)} ` +
				`(${fmt(steady, 3)} per event after the warm-up; the cold start's one-time requests are in the warm-up line above)`,
		);
		out.push(`- no event of (a) failed or lost: ${t(targets.noEventLost)}`);
		out.push('');
	}
	out.push(`n8n healthy after the run: ${r.n8nHealthyAfter ? 'yes' : 'no'}.`);
	out.push('');
	return `${out.join('\n')}\n`;
}
