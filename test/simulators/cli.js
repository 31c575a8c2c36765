#!/usr/bin/env node
'use strict';
// Starts both simulators and prints ONE JSON line:
//   {"autotask":{"url","apiUrl","zoneUrl","credentials"},"ilert":{"url","apiUrl","credentials"}}
// then stays up until SIGINT/SIGTERM (or stdin closes with --exit-on-stdin-close).
// Usage: node test/simulators/cli.js [--autotask-port 0] [--ilert-port 0] [--host 127.0.0.1]
//        [--seed 42] [--events-per-minute N] [--body-style plain|dotnet]
//        [--signature-over body|dotnet-escaped] [--retry-delay-ms 30000] [--delivery-attempts 5]
//        [--no-open-alert-status 400] [--no-seed-tickets]
//        (--legacy-no-open-alert-400 is accepted and is the default now)
// Admin API on each server: GET /__sim/state, GET /__sim/requests, POST /__sim/reset,
// POST|DELETE /__sim/faults, GET /__sim/deliveries, POST /__sim/wait-deliveries,
// Autotask: POST /__sim/tickets, POST|DELETE /__sim/tickets/{id}, GET|POST /__sim/callouts,
// PATCH|DELETE /__sim/callouts/{id}, POST /__sim/workflow-rules, GET|POST /__sim/clock,
// POST /__sim/picklists, POST /__sim/options;
// ilert: POST /__sim/alerts, POST /__sim/alerts/{id}/accept|resolve|assign|comment|auto-resolve|escalate|reject|raise,
// POST /__sim/options.

const { startAutotaskSimulator } = require('./autotask');
const { startIlertSimulator } = require('./ilert');

function parseArgs(argv) {
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (!a.startsWith('--')) continue;
		const key = a.slice(2);
		const next = argv[i + 1];
		if (next === undefined || next.startsWith('--')) out[key] = true;
		else {
			out[key] = next;
			i++;
		}
	}
	return out;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const host = args.host || '127.0.0.1';
	const seed = args.seed !== undefined ? Number(args.seed) : undefined;
	const num = (name) =>
		args[name] !== undefined && args[name] !== true ? Number(args[name]) : undefined;
	const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
	const autotask = await startAutotaskSimulator(
		defined({
			port: Number(args['autotask-port'] || 0),
			host,
			seed,
			bodyStyle: args['body-style'] === 'dotnet' ? 'dotnet' : 'plain',
			signatureOver: args['signature-over'] === 'dotnet-escaped' ? 'dotnet-escaped' : undefined,
			deliveryRetryDelayMs: num('retry-delay-ms'),
			deliveryAttempts: num('delivery-attempts'),
			seedTickets: args['no-seed-tickets'] ? false : undefined,
		}),
	);
	const ilert = await startIlertSimulator(
		defined({
			port: Number(args['ilert-port'] || 0),
			host,
			seed,
			noOpenAlertStatus: num('no-open-alert-status'),
			eventsPerMinute: Number(args['events-per-minute'] || 0),
		}),
	);
	process.stdout.write(
		`${JSON.stringify({
			autotask: {
				url: autotask.url,
				apiUrl: autotask.apiUrl,
				zoneUrl: `${autotask.url}/atservicesrest/v1.0/zoneInformation`,
				credentials: autotask.credentials,
			},
			ilert: { url: ilert.url, apiUrl: ilert.apiUrl, credentials: ilert.credentials },
		})}\n`,
	);
	let closing = false;
	const shutdown = async () => {
		if (closing) return;
		closing = true;
		await Promise.all([autotask.close(), ilert.close()]);
		process.exit(0);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
	if (args['exit-on-stdin-close']) {
		process.stdin.resume();
		process.stdin.on('end', shutdown);
	}
}

main().catch((error) => {
	process.stderr.write(`${error && error.stack}\n`);
	process.exit(1);
});
