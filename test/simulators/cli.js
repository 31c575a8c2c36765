#!/usr/bin/env node
'use strict';
// Starts both simulators and prints ONE JSON line:
//   {"autotask":{"url","apiUrl","zoneUrl","credentials"},"ilert":{"url","apiUrl","credentials"}}
// then stays up until SIGINT/SIGTERM (or stdin closes with --exit-on-stdin-close).
// Usage: node test/simulators/cli.js [--autotask-port 0] [--ilert-port 0] [--host 127.0.0.1]
//        [--seed 42] [--legacy-no-open-alert-400] [--events-per-minute N] [--body-style plain|dotnet]
// Admin API on each server: GET /__sim/state, GET /__sim/requests, POST /__sim/reset,
// POST|DELETE /__sim/faults, GET /__sim/deliveries, POST /__sim/wait-deliveries,
// Autotask: POST /__sim/tickets, POST|DELETE /__sim/tickets/{id}, POST /__sim/picklists, POST /__sim/options;
// ilert: POST /__sim/alerts, POST /__sim/alerts/{id}/accept|resolve|assign|comment, POST /__sim/options.

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
	const autotask = await startAutotaskSimulator({
		port: Number(args['autotask-port'] || 0),
		host,
		seed,
		bodyStyle: args['body-style'] === 'dotnet' ? 'dotnet' : 'plain',
	});
	const ilert = await startIlertSimulator({
		port: Number(args['ilert-port'] || 0),
		host,
		seed,
		legacyNoOpenAlert400: Boolean(args['legacy-no-open-alert-400']),
		eventsPerMinute: Number(args['events-per-minute'] || 0),
	});
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
