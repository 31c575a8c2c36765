/**
 * `npm run bench -- --profile`: template 1 alone on n8n (log level info) with `node --cpu-prof`,
 * one event at a time on the created and the update path (the bench's stories: 100 open alerts of
 * tickets edited oldest first), then the main process's profile cut to the measured windows (V8's
 * profile clock and process.hrtime are both CLOCK_MONOTONIC) and written as ms per event to
 * bench/results/profile.md (+ profile.json).
 * Only n8n's main thread is profiled: isolated-vm runs the expression isolates on threads of their
 * own, so their inside shows up as waiting on the main thread, and in the bench's CPU figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as h from './harness.mjs';

// The installed package (the pinned n8n runtime's own cache folder also carries its name).
const PACKAGE_URL = /node_modules[\\/]n8n-nodes-autotask-ilert[\\/]/;

const monoMicros = () => Number(process.hrtime.bigint() / 1000n);

function categoryOf(url, functionName) {
	if (!url) return functionName.startsWith('(') ? functionName : 'V8 / native';
	if (PACKAGE_URL.test(url)) return 'this package';
	if (/expression-runtime|isolated-vm/.test(url)) return 'n8n expression engine (isolate bridge)';
	if (/[\\/]n8n-workflow[\\/]/.test(url)) return 'n8n-workflow';
	if (/[\\/]n8n-core[\\/]/.test(url)) return 'n8n-core';
	if (/[\\/]n8n-nodes-base[\\/]/.test(url)) return 'n8n-nodes-base (Respond to Webhook, ...)';
	if (/typeorm|sqlite|better-sqlite/.test(url)) return 'database (typeorm / sqlite)';
	if (/[\\/]node_modules[\\/]n8n[\\/]/.test(url)) return 'n8n (cli: webhooks, executions, push)';
	if (url.startsWith('node:')) return 'Node.js internals';
	return `other: ${url
		.replace(/^.*node_modules[\\/]/, '')
		.split(/[\\/]/)
		.slice(0, 2)
		.join('/')}`;
}

/** Self and inclusive ms per event inside the windows. */
/** Costs worth naming, with who can change them. Frames overlap (e.g. the credential's expression runs inside an HTTP call). */
const COSTS = [
	{
		what: "this package's own frames (nodes, transport, domain; inclusive of what they call)",
		package: true,
		frame: /^$/,
		controlledBy: 'the package',
	},
	{
		what: "HTTP requests with a credential (n8n helper, includes the credential's authenticate)",
		frame: /^httpRequestWithAuthentication /,
		controlledBy: 'the package (how many requests), n8n (the helper)',
	},
	{
		what: 'credential authenticate (declarative expression `={{$credentials...}}` or code)',
		frame: /^authenticate n8n\/dist\/credentials-helper/,
		controlledBy: 'the package (credential definition)',
	},
	{
		what: 'expression evaluation (isolate round trips)',
		frame: /^evaluate @n8n\/expression-runtime/,
		controlledBy: 'the package / template (expressions in parameters and credentials)',
	},
	{
		what: 'isolate build (IsolatedVmBridge) for the execution / webhook phase',
		frame: /^IsolatedVmBridge @n8n\/expression-runtime/,
		controlledBy: 'n8n (one per execution, one more in the webhook phase of a community trigger)',
	},
	{ what: 'isolate dispose', frame: /^dispose @n8n\/expression-runtime/, controlledBy: 'n8n' },
	{
		what: "webhook phase (n8n live webhook handling, the trigger's webhook())",
		frame: /^executeWebhook n8n\/dist\/webhooks\/live-webhooks/,
		controlledBy: "n8n; the trigger's webhook() inside it is the package",
	},
	{
		what: 'database (execution records, sqlite)',
		frame: /^runQuery @n8n\/typeorm/,
		controlledBy: 'n8n / the user (EXECUTIONS_DATA_SAVE_ON_SUCCESS, database)',
	},
	{
		what: 'Respond to Webhook',
		frame: /RespondToWebhook/,
		controlledBy: 'the template (answer without expression)',
	},
	{
		what: 'garbage collector',
		frame: /^\(garbage collector\)/,
		controlledBy: 'everyone (allocation)',
	},
];

export function analyse(profile, windows) {
	const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
	const self = new Map();
	const inclusive = new Map();
	const categories = new Map();
	const packageInclusive = { ms: 0 };
	let t = profile.startTime;
	let total = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		if (!windows.some(([a, b]) => t >= a && t <= b)) continue;
		const leaf = nodes.get(profile.samples[i]);
		const cf = leaf.callFrame;
		if (cf.functionName === '(idle)') continue;
		total += dt;
		const key =
			`${cf.functionName || '(anonymous)'} ${cf.url ? `${cf.url.replace(/^.*node_modules[\\/]/, '')}:${cf.lineNumber + 1}` : ''}`.trim();
		self.set(key, (self.get(key) || 0) + dt);
		const cat = categoryOf(cf.url, cf.functionName);
		categories.set(cat, (categories.get(cat) || 0) + dt);
		const seen = new Set();
		let inPackage = false;
		for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
			const f = nodes.get(id).callFrame;
			if (f.url && PACKAGE_URL.test(f.url)) inPackage = true;
			const k =
				`${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*node_modules[\\/]/, '')}:${f.lineNumber + 1}` : ''}`.trim();
			if (seen.has(k)) continue;
			seen.add(k);
			inclusive.set(k, (inclusive.get(k) || 0) + dt);
		}
		if (inPackage) packageInclusive.ms += dt;
	}
	const top = (m, n) => [...m.entries()].sort((x, y) => y[1] - x[1]).slice(0, n);
	return {
		totalMs: total,
		self: top(self, 25),
		inclusive: top(inclusive, Infinity),
		categories: top(categories, 20),
		packageInclusiveMs: packageInclusive.ms,
	};
}

export async function runProfile({ out, quick, log }) {
	const perPath = quick ? 30 : 150;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-bench-prof-'));
	const s = await h.startSimulators({ autotask: { threadLimit: 1000 } });
	// The update path's 100 open alerts are those of the tickets it edits (h.updatePool).
	h.seedIlertBackground(s, { open: 0, resolved: 100 });
	const pool = h.updatePool(s, 100);
	const wf = h.fillTemplateChoices(
		h.calloutTrigger(
			h.bindCredentials(
				h.withId(h.loadWorkflow('workflows/autotask-to-ilert.json', s), 'tmplAutotaskIlrt'),
			),
		),
	);
	h.respondNodesV1(wf);
	const inst = await h.startN8nWith(s, [wf], {
		log: (l) => (/error/i.test(l) ? log(`n8n: ${l}`) : undefined),
		env: {
			N8N_LOG_LEVEL: 'info',
			NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=250`,
		},
	});
	const url = h.webhookUrlOf(inst, wf, `${h.PACKAGE}.autotaskTrigger`);
	const windows = {};
	let pid;
	try {
		await h.waitWebhookRegistered(url);
		pid = inst.pid;
		const one = async (p, n) => {
			const ticket =
				p === 'update' ? pool.next() : h.createTicket(s, { status: 1, priority: n % 2 ? 4 : 1 });
			const key = `autotask-${ticket.id}`;
			if (p === 'update') h.updateTicket(s, ticket.id, { status: n % 2 ? 5 : 8 });
			const res = await h.postCallout(url, ticket, { auth: h.CALLOUT_AUTH });
			h.forgetAlerts(s, key);
			return res.status < 300;
		};
		for (let i = 0; i < 10; i++) await one(i % 2 ? 'update' : 'created', i);
		for (const p of ['created', 'update']) {
			await h.delay(1000);
			const a = monoMicros();
			let ok = 0;
			for (let i = 0; i < perPath; i++) if (await one(p, i)) ok++;
			await h.settle(s, { quietMs: 150 });
			windows[p] = { from: a, to: monoMicros(), events: ok };
			log(`profile: ${p}: ${ok}/${perPath} events`);
		}
	} finally {
		await inst.stop();
		await s.close();
	}
	const file = fs.readdirSync(dir).find((f) => f.includes(`.${pid}.`));
	if (!file)
		throw new Error(
			`no CPU profile of n8n's main process (pid ${pid}) in ${dir}: ${fs.readdirSync(dir).join(', ')}`,
		);
	const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
	const result = {
		generatedAt: new Date().toISOString(),
		n8nVersion: h.n8n.N8N_VERSION,
		perPath: {},
	};
	for (const [p, w] of Object.entries(windows)) {
		const a = analyse(profile, [[w.from, w.to]]);
		const per = (ms) => Math.round((ms / w.events) * 100) / 100;
		result.perPath[p] = {
			events: w.events,
			mainThreadMsPerEvent: per(a.totalMs),
			packageInclusiveMsPerEvent: per(a.packageInclusiveMs),
			categories: a.categories.map(([k, ms]) => ({ what: k, msPerEvent: per(ms) })),
			selfTop: a.self.map(([k, ms]) => ({ what: k, msPerEvent: per(ms) })),
			inclusiveTop: a.inclusive.slice(0, 60).map(([k, ms]) => ({ what: k, msPerEvent: per(ms) })),
			costs: COSTS.map((c) => {
				const hit = a.inclusive.find(([k]) => c.frame.test(k));
				return {
					what: c.what,
					frame: hit ? hit[0] : null,
					msPerEvent: c.package ? per(a.packageInclusiveMs) : hit ? per(hit[1]) : 0,
					controlledBy: c.controlledBy,
				};
			}),
		};
	}
	// The raw profile stays for a closer look (Chrome DevTools, speedscope).
	fs.copyFileSync(
		path.join(dir, file),
		path.join(os.tmpdir(), 'autotask-ilert-template1.cpuprofile'),
	);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(out, { recursive: true });
	fs.writeFileSync(path.join(out, 'profile.json'), `${JSON.stringify(result, null, 1)}\n`);
	const md = [
		`# Profile of template 1 per event (generated ${result.generatedAt}, n8n ${result.n8nVersion}, log level info)`,
		'',
	];
	md.push(
		'`npm run bench -- --profile`: n8n main process under `node --cpu-prof`, one event at a time (c = 1), cut to the measured windows. Main thread only (expression isolates run on isolated-vm threads).',
	);
	md.push('');
	for (const [p, r] of Object.entries(result.perPath)) {
		md.push(
			`## ${p} path (${r.events} events): ${r.mainThreadMsPerEvent} ms main-thread CPU per event, of which inside this package's frames (inclusive) ${r.packageInclusiveMsPerEvent} ms`,
		);
		md.push('');
		md.push('| Cost (inclusive, largest matching frame) | ms/event | Who controls it |');
		md.push('|---|---:|---|');
		for (const c of r.costs)
			md.push(
				`| ${c.what}${c.frame ? ` (\`${c.frame}\`)` : ''} | ${c.msPerEvent} | ${c.controlledBy} |`,
			);
		md.push('');
		md.push('| Where (self time) | ms/event |');
		md.push('|---|---:|');
		for (const c of r.categories) md.push(`| ${c.what} | ${c.msPerEvent} |`);
		md.push('');
		md.push('| Top functions, self time | ms/event |');
		md.push('|---|---:|');
		for (const c of r.selfTop.slice(0, 15)) md.push(`| \`${c.what}\` | ${c.msPerEvent} |`);
		md.push('');
		md.push('| Top frames, inclusive time | ms/event |');
		md.push('|---|---:|');
		for (const c of r.inclusiveTop.slice(0, 40)) md.push(`| \`${c.what}\` | ${c.msPerEvent} |`);
		md.push('');
	}
	fs.writeFileSync(path.join(out, 'profile.md'), `${md.join('\n')}\n`);
	log(`wrote ${path.relative(h.ROOT, out)}/profile.{md,json}`);
}
