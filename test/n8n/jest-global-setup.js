'use strict';
// jest globalSetup of the e2e project: in queue mode, start the cluster ONCE for all test files
// (each file attaches with useQueueCluster). Regular mode needs nothing here.
const { e2eMode } = require('./e2e-mode');
const { CLUSTER_ENV, startQueueCluster } = require('./queue');

module.exports = async function globalSetup() {
	if (e2eMode() !== 'queue' || process.env[CLUSTER_ENV]) return;
	const log = (line) => process.stderr.write(`[queue cluster] ${line}\n`);
	// AUTOTASK_ILERT_E2E_KEEP_LOGS=1 keeps the cluster's folder (process logs in logs/) after the run.
	const keepDir = process.env.AUTOTASK_ILERT_E2E_KEEP_LOGS === '1';
	const cluster = await startQueueCluster({ log, keepDir });
	if (keepDir) log(`logs kept in ${cluster.dir}/logs`);
	globalThis.__autotaskIlertQueueCluster = cluster;
	// Test files run after this in processes that inherit this environment.
	process.env[CLUSTER_ENV] = cluster.writeInfo();
	process.stderr.write(
		`[e2e timing] queue-mode cluster start: ${cluster.timings.totalSeconds.toFixed(1)} s\n`,
	);
};
