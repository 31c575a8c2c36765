/**
 * Hand-written SVG chart of a bench result: left, p50 latency per concurrency (bar) with the p95
 * as a tick; right, throughput per concurrency. One colour per workflow. No dependencies.
 */

const COLORS = { a: '#2563eb', b: '#94a3b8', c: '#e2e8f0', d: '#f59e0b' };
const STROKE = { a: '#1e40af', b: '#475569', c: '#94a3b8', d: '#b45309' };

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(v) {
	if (!(v > 0)) return 1;
	const p = 10 ** Math.floor(Math.log10(v));
	for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
	return 10 * p;
}

function panel({
	x,
	y,
	w,
	hgt,
	title,
	unit,
	groups,
	keys,
	value,
	whisker,
	labelDigits,
	log,
	missing,
}) {
	const parts = [];
	const all = groups.flatMap((g) =>
		keys.map((k) => Math.max(value(g, k) || 0, whisker ? whisker(g, k) || 0 : 0)),
	);
	const left = x + 48;
	const bottom = y + hgt - 34;
	const top = y + 30;
	const plotW = w - 60;
	const plotH = bottom - top;
	let scale;
	let ticks;
	if (log) {
		const positive = all.filter((v) => v > 0);
		const lo = 10 ** Math.floor(Math.log10(Math.min(...positive, 10)));
		const hi = 10 ** Math.ceil(Math.log10(Math.max(...positive, lo * 10)));
		scale = (v) =>
			(plotH * (Math.log10(Math.max(v, lo)) - Math.log10(lo))) / (Math.log10(hi) - Math.log10(lo));
		ticks = [];
		for (let v = lo; v <= hi * 1.0001; v *= 10) ticks.push(v);
	} else {
		const max = niceMax(Math.max(...all));
		scale = (v) => (plotH * v) / max;
		ticks = [0, 1, 2, 3, 4].map((i) => (max * i) / 4);
	}
	parts.push(
		`<text x="${x + w / 2}" y="${y + 16}" text-anchor="middle" class="title">${esc(title)}</text>`,
	);
	for (const v of ticks) {
		const yy = bottom - scale(v);
		parts.push(`<line x1="${left}" y1="${yy}" x2="${left + plotW}" y2="${yy}" class="grid"/>`);
		parts.push(
			`<text x="${left - 6}" y="${yy + 4}" text-anchor="end" class="axis">${esc(+v.toFixed(v < 10 ? 1 : 0))}</text>`,
		);
	}
	parts.push(
		`<text x="${x + 10}" y="${top + plotH / 2}" class="axis" transform="rotate(-90 ${x + 10} ${top + plotH / 2})" text-anchor="middle">${esc(unit)}</text>`,
	);
	const gw = plotW / groups.length;
	const bw = Math.min(34, (gw - 16) / keys.length);
	groups.forEach((g, gi) => {
		const gx = left + gi * gw + (gw - bw * keys.length) / 2;
		keys.forEach((k, ki) => {
			const v = value(g, k);
			if (v === null || v === undefined) {
				const why = missing ? missing(g, k) : undefined;
				if (why) {
					const mx = gx + ki * bw + bw / 2;
					parts.push(
						`<text x="${mx}" y="${bottom - 6}" text-anchor="start" class="val" fill="#b91c1c" style="fill:#b91c1c" transform="rotate(-90 ${mx} ${bottom - 6})">${esc(why)}</text>`,
					);
				}
				return;
			}
			const bh = scale(v);
			const bx = gx + ki * bw;
			parts.push(
				`<rect x="${bx + 2}" y="${bottom - bh}" width="${bw - 4}" height="${bh}" fill="${COLORS[k]}" stroke="${STROKE[k]}"/>`,
			);
			// Inside the bar near its top (the p95 tick rises above it), above it when the bar is short.
			const inside = bh > 18;
			const fill = inside && k === 'a' ? '#ffffff' : '#0f172a';
			parts.push(
				`<text x="${bx + bw / 2}" y="${inside ? bottom - bh + 13 : bottom - bh - 4}" text-anchor="middle" class="val" fill="${fill}" style="fill:${fill}">${esc(v.toFixed(labelDigits))}</text>`,
			);
			if (whisker) {
				const wv = whisker(g, k);
				if (wv !== null && wv !== undefined) {
					const wy = bottom - scale(wv);
					parts.push(
						`<line x1="${bx + bw / 2}" y1="${bottom - bh}" x2="${bx + bw / 2}" y2="${wy}" class="whisker"/>`,
					);
					parts.push(
						`<line x1="${bx + bw / 2 - 5}" y1="${wy}" x2="${bx + bw / 2 + 5}" y2="${wy}" class="whisker"/>`,
					);
				}
			}
		});
		parts.push(
			`<text x="${left + gi * gw + gw / 2}" y="${bottom + 16}" text-anchor="middle" class="axis">concurrency ${g}</text>`,
		);
	});
	parts.push(
		`<line x1="${left}" y1="${bottom}" x2="${left + plotW}" y2="${bottom}" class="base"/>`,
	);
	return parts.join('\n');
}

export function renderChart(r) {
	const all = (r.runs && r.runs.default && r.runs.default.rows) || [];
	const keys = ['a', 'd', 'b', 'c'].filter((k) => all.some((x) => x.workflow === k));
	const groups = r.config.concurrency;
	const W = 960;
	const PH = 330;
	const H = PH * 2 + 50;
	const body = [];
	['created', 'update'].forEach((p, pi) => {
		const rows = all.filter((x) => x.path === p);
		const get = (c, k) => rows.find((x) => x.concurrency === c && x.workflow === k);
		const what =
			p === 'created' ? 'created path' : `update path (${r.config.openAlerts} open alerts)`;
		body.push(
			panel({
				x: 0,
				y: pi * PH,
				w: W / 2,
				hgt: PH,
				title: `${what}: latency callout → ilert, p50 bar, p95 tick (ms, log)`,
				log: true,
				unit: 'ms',
				groups,
				keys,
				value: (c, k) => (get(c, k) ? get(c, k).latency.p50 : null),
				whisker: (c, k) => (get(c, k) ? get(c, k).latency.p95 : null),
				missing: (c, k) =>
					get(c, k) && get(c, k).events === 0 ? `all ${get(c, k).failed} failed` : undefined,
				labelDigits: 0,
			}),
		);
		body.push(
			panel({
				x: W / 2,
				y: pi * PH,
				w: W / 2,
				hgt: PH,
				title: `${what}: n8n CPU per event (ms, lower is better)`,
				unit: 'ms/event',
				groups,
				keys,
				value: (c, k) => (get(c, k) ? get(c, k).n8nCpuMsPerEvent : null),
				labelDigits: 0,
			}),
		);
	});
	let lx = 60;
	for (const k of keys) {
		const label = `(${k}) ${r.workflows[k].label}`;
		body.push(
			`<rect x="${lx}" y="${H - 34}" width="14" height="14" fill="${COLORS[k]}" stroke="${STROKE[k]}"/>`,
		);
		body.push(`<text x="${lx + 20}" y="${H - 22}" class="legend">${esc(label)}</text>`);
		lx += 24 + label.length * 6;
	}
	body.push(
		`<text x="${W - 10}" y="${H - 6}" text-anchor="end" class="note">n8n ${esc(r.n8nVersion)}, ${esc(r.machine.cpus)} shared cores, simulators on 127.0.0.1, ${esc(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC</text>`,
	);
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif">
<style>
.title{font-size:13px;font-weight:bold;fill:#0f172a}.axis{font-size:11px;fill:#475569}.val{font-size:10px;fill:#0f172a}
.legend{font-size:11px;fill:#0f172a}.note{font-size:10px;fill:#64748b}.grid{stroke:#e2e8f0;stroke-width:1}
.base{stroke:#475569;stroke-width:1}.whisker{stroke:#0f172a;stroke-width:1.5}
</style>
<rect width="${W}" height="${H}" fill="#ffffff"/>
${body.join('\n')}
</svg>
`;
}
