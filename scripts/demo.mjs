#!/usr/bin/env node
/**
 * `npm run demo`: see the package work without Autotask or ilert accounts.
 *
 * Starts the Autotask and ilert simulators and a real n8n (pinned, see test/n8n) with this
 * package and template 1 (workflows/autotask-to-ilert.json) published, then plays a ticket
 * story as Autotask would (extension callouts) and prints, at each step, what the callout was
 * answered and what ilert received and shows.
 *
 * Options: --keep  leave everything running afterwards (at most 30 minutes, Ctrl+C to stop) and
 *                  print the editor URL and login, to look at the executions in n8n.
 * Everything runs on 127.0.0.1.
 */
import * as h from '../bench/lib/harness.mjs';

const KEEP = process.argv.includes('--keep');
const TEMPLATE = 'workflows/autotask-to-ilert.json';
const out = (line = '') => process.stdout.write(`${line}\n`);
const note = (line) => process.stderr.write(`[demo] ${line}\n`);
setTimeout(
	() => {
		note('time limit reached: stopping');
		process.exit(2);
	},
	(KEEP ? 40 : 10) * 60 * 1000,
).unref();

/** Text wrapped at spaces into lines of at most `width` characters (no word is cut). */
function wrap(text, width = 96) {
	const lines = [];
	let line = '';
	for (const word of String(text).split(/\s+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else {
			line = line ? `${line} ${word}` : word;
		}
	}
	if (line) lines.push(line);
	return lines;
}

/**
 * The callout's answer as whole sentences: a JSON object prints its short fields on one line and
 * each longer text (the Lifecycle's rule) in full, wrapped; anything else is printed in full.
 */
function answerLines(body) {
	if (!body) return [];
	let parsed;
	try {
		parsed = JSON.parse(body);
	} catch {
		return wrap(body);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return wrap(body);
	// Template 1 answers `{ "<result>": <the item that reached the answer> }`: the ilert event's
	// outcome, or for unchanged/rejected the Lifecycle's item, whose rule is what matters.
	const keys = Object.keys(parsed);
	if (keys.length === 1 && parsed[keys[0]] && typeof parsed[keys[0]] === 'object') {
		const inner = parsed[keys[0]];
		const lifecycle =
			inner.lifecycle && typeof inner.lifecycle === 'object' ? inner.lifecycle : undefined;
		parsed = lifecycle
			? {
					result: keys[0],
					ticketId: lifecycle.ticketId,
					alertKey: lifecycle.alertKey,
					rule: lifecycle.rule,
				}
			: {
					result: keys[0],
					ticketId: inner.ticketId,
					alertKey: inner.alertKey,
					eventType: inner.eventType,
				};
	}
	const short = [];
	const long = [];
	for (const [key, value] of Object.entries(parsed)) {
		const text = typeof value === 'string' ? value : JSON.stringify(value);
		if (text.length > 40) long.push([key, text]);
		else short.push(`${key}=${text}`);
	}
	return [short.join(' '), ...long.flatMap(([key, text]) => wrap(`${key}: ${text}`))].filter(
		Boolean,
	);
}

async function main() {
	const s = await h.startSimulators();
	const wf = h.fillTemplateChoices(
		h.calloutTrigger(h.bindCredentials(h.withId(h.loadWorkflow(TEMPLATE, s), 'tmplAutotaskIlrt'))),
	);
	const changed = h.respondNodesV1(wf);
	if (changed.length)
		note(`Respond to Webhook nodes run as typeVersion 1 here (${changed.join(', ')})`);
	note(
		'starting the simulators and n8n (first run installs the pinned n8n once, several minutes)...',
	);
	const inst = await h.startN8nWith(s, [wf], { log: () => undefined });
	const url = h.webhookUrlOf(inst, wf, `${h.PACKAGE}.autotaskTrigger`);
	try {
		await h.waitWebhookRegistered(url);
		out('');
		out(
			`n8n ${h.n8n.N8N_VERSION} is running at ${inst.url} with template 1 "${wf.name}" published.`,
		);
		out(`Autotask simulator: ${s.autotask.url}   ilert simulator: ${s.ilert.url}`);
		out(`Callout URL (what you paste into the Autotask Extension Callout): ${url}`);
		out('');

		let step = 0;
		const callout = async (title, ticket) => {
			step++;
			out(`${step}. ${title}`);
			const since = s.ilert.requests.length;
			const res = await h.postCallout(url, ticket, {
				auth: h.CALLOUT_AUTH,
				signal: AbortSignal.timeout(60000),
			});
			await h.settle(s, { quietMs: 300, maxMs: 15000 });
			const [first = '', ...more] = answerLines(res.body);
			out(
				`   Autotask callout for ticket ${ticket.ticketNumber} -> n8n answered ${res.status} ${first}`.trimEnd(),
			);
			for (const line of more) out(`      ${line}`);
			const events = s.ilert.requests.slice(since).filter((e) => e.method === 'POST');
			if (!events.length) out('   ilert received: nothing');
			for (const e of events) {
				const b = e.body || {};
				out(
					`   ilert received: ${b.eventType} alertKey=${b.alertKey} priority=${b.priority ?? '-'} summary="${b.summary ?? ''}" -> ${e.status}`,
				);
			}
			const alerts = s.ilert.findAlertsByKey(`autotask-${ticket.id}`);
			out(
				`   ilert shows: ${alerts.length ? alerts.map((a) => `alert #${a.id} ${a.status} (${a.priority}) "${a.summary}"`).join('; ') : 'no alert for this ticket'}`,
			);
			out('');
		};

		const t1 = h.createTicket(s, {
			title: 'Mail server MX-01 does not accept connections',
			priority: 4,
			status: 1,
		});
		await callout(
			`A technician opens ticket ${t1.ticketNumber}, status New, priority Critical`,
			t1,
		);
		h.updateTicket(s, t1.id, { status: 8 });
		await callout(
			'The technician starts working on it: status In Progress',
			s.autotask.getTicket(t1.id),
		);
		await callout(
			'Autotask fires the same callout again (a re-delivery)',
			s.autotask.getTicket(t1.id),
		);
		h.updateTicket(s, t1.id, { status: 5 });
		await callout('The problem is fixed: status Complete', s.autotask.getTicket(t1.id));
		const t2 = h.createTicket(s, { title: 'Password reset for a user', priority: 3, status: 5 });
		await callout(`Ticket ${t2.ticketNumber} is created already Complete (no alert wanted)`, t2);
		const t3 = h.createTicket(s, { title: 'Backup job failed on FS-02', priority: 2, status: 1 });
		await callout(`Ticket ${t3.ticketNumber}, status New, priority Medium`, t3);

		out('Summary of ilert alerts created by this story:');
		for (const a of s.ilert.alerts().filter((x) => /^autotask-/.test(x.alertKey || ''))) {
			out(`   #${a.id} ${a.alertKey} ${a.status} ${a.priority} "${a.summary}"`);
		}
		out('');
		if (KEEP) {
			out(`Editor: ${inst.url}  login ${inst.owner.email} / ${inst.owner.password}`);
			out(
				'Open the workflow, then "Executions" to see each run. Ctrl+C stops everything (30 minutes at most).',
			);
			await new Promise((resolve) => {
				const timer = setTimeout(resolve, 30 * 60 * 1000);
				process.once('SIGINT', () => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	} finally {
		await inst.stop();
		await s.close();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exit(1);
	},
);
