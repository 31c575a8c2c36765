/** Markdown rendering of bench/results/latest.json (see scripts/bench.mjs). */

const fmt = (v, d = 1) =>
	v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(d);
const ratio = (v) => (v === null || v === undefined ? '–' : `${Number(v).toFixed(2)}×`);
/** "0.93× (0.85–1.02)": median over rounds (min–max). */
const spreadText = (s) => (s ? `${ratio(s.median)} (${fmt(s.min, 2)}–${fmt(s.max, 2)})` : '–');

function ratioTable(out, summary, prefix, others) {
	out.push(
		`| c | ${others.flatMap((o) => [`p50 a/${o}`, `CPU/event a/${o}`, `throughput a/${o}`]).join(' | ')} |`,
	);
	out.push(`|---:|${others.flatMap(() => ['---:', '---:', '---:']).join('|')}|`);
	for (const e of summary) {
		const cols = others.flatMap((o) => {
			const s = e[`${prefix}spread_a_over_${o}`];
			return s ? [spreadText(s.p50), spreadText(s.cpu), spreadText(s.throughput)] : ['–', '–', '–'];
		});
		out.push(`| ${e.c} | ${cols.join(' | ')} |`);
	}
	out.push('');
}

function rowsTable(out, r, rows) {
	out.push(
		'| Path | c | Workflow | Events | Failed | Throughput (ev/s) | p50 (ms) | p95 (ms) | n8n CPU ms/event | Isolates/event | Autotask req./event | ilert req./event |',
	);
	out.push('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
	for (const row of rows) {
		out.push(
			`| ${row.path} | ${row.concurrency} | (${row.workflow}) ${r.workflows[row.workflow].label} | ${row.events} | ${row.failed} | ${fmt(row.throughput, 1)} | ` +
				`${fmt(row.latency.p50)} | ${fmt(row.latency.p95)} | ${fmt(row.n8nCpuMsPerEvent)} | ${fmt(row.isolatesPerEvent, 2)} | ${fmt(row.autotaskPerEvent, 2)} | ${fmt(row.ilertPerEvent, 2)} |`,
		);
	}
	out.push('');
}

export function renderMarkdown(r) {
	const out = [];
	out.push(
		'# Benchmark: template 1 vs. n8n built-in nodes (fair peer, baseline) vs. webhook floor',
	);
	out.push('');
	out.push(
		`Run ${r.generatedAt} – ${r.finishedAt} (${fmt(r.durationSeconds / 60, 1)} min), n8n ${r.n8nVersion} (Node ${r.n8nNodeVersion}) at log level ${r.config.n8nLogLevel}, ` +
			`${r.machine.cpus} cores (${r.machine.cpuModel || 'unknown CPU'}), load average at start ${r.machine.loadAverage.join(' / ')}${r.config.quick ? ', **quick mode**' : ''}.`,
	);
	out.push(`Noise: ${r.noise}`);
	out.push('');
	out.push(
		'Workflows: ' +
			Object.entries(r.workflows)
				.map(([k, w]) => `(${k}) ${w.label} (\`${w.file}\`)`)
				.join('; ') +
			'.',
	);
	out.push('');
	out.push(
		`Paths: created = ${r.config.paths.created}; update = ${r.config.paths.update}. ` +
			`${r.config.rounds} rounds; each round runs every (concurrency, path, workflow) for a ${r.config.sliceSeconds} s closed-loop slice, order rotated. ` +
			'Ratios: median over rounds of the per-round ratio (min–max in brackets; IQR in latest.json). Lower p50/CPU ratios and higher throughput ratios favour (a).',
	);
	out.push('');
	const runs = r.runs || {};
	for (const [name, summaryKey, title] of [
		['default', 'summary', 'n8n defaults'],
		['lazy_acquire', 'summary_lazy_acquire', 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true'],
	]) {
		const summary = r[summaryKey];
		if (!summary || !runs[name]) continue;
		out.push(`## ${title}`);
		out.push('');
		const others = ['d', 'b'].filter((o) => summary.some((e) => e[`spread_a_over_${o}`]));
		if (others.length) {
			out.push('Created path, (a) over the others:');
			out.push('');
			ratioTable(out, summary, '', others);
		}
		const uothers = ['d', 'b'].filter((o) => summary.some((e) => e[`update_spread_a_over_${o}`]));
		if (uothers.length) {
			out.push(`Update path (${r.config.openAlerts} open alerts), (a) over the others:`);
			out.push('');
			ratioTable(out, summary, 'update_', uothers);
		}
		out.push('Per event, (a):');
		out.push('');
		out.push(
			'| c | Autotask req./event | ilert req./event (created) | ilert req./event (update, 100 open) | Isolates/event (a created / a update / d / b) | CPU ms/event (a / d / b / c) |',
		);
		out.push('|---:|---:|---:|---:|---|---|');
		for (const e of summary) {
			out.push(
				`| ${e.c} | ${fmt(e.autotask_requests_per_event, 2)} | ${fmt(e.ilert_requests_per_event, 2)} | ${fmt(e[`ilert_requests_per_event_update_${r.config.openAlerts}`], 2)} | ` +
					`${fmt(e.isolates_per_event_a, 2)} / ${fmt(e.isolates_per_event_a_update, 2)} / ${fmt(e.isolates_per_event_d, 2)} / ${fmt(e.isolates_per_event_b, 2)} | ` +
					`${fmt(e.cpu_ms_per_event_a)} / ${fmt(e.cpu_ms_per_event_d)} / ${fmt(e.cpu_ms_per_event_b)} / ${fmt(e.cpu_ms_per_event_c)} |`,
			);
		}
		out.push('');
		out.push('<details><summary>Pooled figures per workflow</summary>');
		out.push('');
		rowsTable(out, r, runs[name].rows);
		out.push('</details>');
		out.push('');
		if (runs[name].adjustments && runs[name].adjustments.length && name === 'default') {
			out.push(
				'Adjustments to the shipped template for the bench: ' +
					runs[name].adjustments.join('; ') +
					'.',
			);
			out.push('');
		}
		out.push(`n8n healthy after the run: ${runs[name].n8nHealthyAfter ? 'yes' : 'no'}.`);
		out.push('');
	}
	if (r.lookup_scale) {
		out.push('## ilert look-up scale: requests per update event of (a)');
		out.push('');
		out.push(
			'| Open alerts in the source | ilert req./event c=1 | ilert req./event c=8 | ilert requests (c=8) |',
		);
		out.push('|---:|---:|---:|---|');
		for (const [open, v] of Object.entries(r.lookup_scale)) {
			out.push(
				`| ${open} | ${fmt(v.c1.ilertPerEvent, 2)} | ${fmt(v.c8.ilertPerEvent, 2)} | ${Object.entries(
					v.c8.ilertBreakdown,
				)
					.map(([k, n]) => `${k}: ${n}`)
					.join(', ')} |`,
			);
		}
		out.push('');
	}
	if (r.targets) {
		const t = (ok) => (ok === undefined ? 'not measured' : ok ? 'met' : '**not met**');
		out.push('## Targets (issue 12)');
		out.push('');
		out.push(
			`- defaults: (a) p50 and CPU/event ≤ 1.0× of (d) at every c: ${t(r.targets.default_p50_cpu_at_most_1_0_of_d)}`,
		);
		out.push(
			`- defaults: (a) throughput ≥ 1.0× of (d): ${t(r.targets.default_throughput_at_least_1_0_of_d)}`,
		);
		out.push(
			`- lazy acquire: (a) p50 and CPU/event ≤ 1.15× of (b): ${t(r.targets.lazy_p50_cpu_at_most_1_15_of_b)}`,
		);
		out.push(
			`- lazy acquire: (a) throughput ≥ 0.9× of (b): ${t(r.targets.lazy_throughput_at_least_0_9_of_b)}`,
		);
		out.push(`- ≤ 1.0 Autotask request per event: ${t(r.targets.autotask_at_most_1_per_event)}`);
		out.push(
			`- ≤ 1.2 ilert requests per event, update path, 100 open alerts: ${t(r.targets.ilert_update_100_at_most_1_2_per_event)}`,
		);
		out.push(`- no event of (a) failed or lost: ${t(r.targets.no_event_of_a_failed)}`);
		out.push('');
	}
	return `${out.join('\n')}\n`;
}
