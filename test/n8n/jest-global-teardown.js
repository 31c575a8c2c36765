'use strict';
// jest globalTeardown of the e2e project: stops what jest-global-setup.js started (all processes,
// the proxy, Postgres and Redis) and removes its temp dir.
const { CLUSTER_ENV } = require('./queue');

module.exports = async function globalTeardown() {
	const cluster = globalThis.__autotaskIlertQueueCluster;
	if (!cluster) return;
	globalThis.__autotaskIlertQueueCluster = undefined;
	delete process.env[CLUSTER_ENV];
	await cluster.stop();
};
