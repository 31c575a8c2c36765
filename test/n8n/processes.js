'use strict';
/** Child processes and ports shared by the regular instance, the queue-mode cluster and its services. */
const fs = require('node:fs');
const net = require('node:net');

/** Every long-running child we started; killed (whole process group) if this process exits first. */
const running = new Set();
/** Temp folders of running services and clusters; removed if this process dies before their stop(). */
const tempDirs = new Set();

function killAll() {
	for (const child of running) killTree(child, 'SIGKILL');
	for (const dir of tempDirs) {
		try {
			fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
		} catch {
			// a killed process may still hold a file for a moment
		}
	}
}
process.on('exit', killAll);
// A run interrupted by a signal gets no 'exit' event: stop the children, then die of the signal.
// A script with its own handler (a graceful stop) is left to it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.once(signal, () => {
		if (process.listenerCount(signal) > 0) return;
		killAll();
		process.kill(process.pid, signal);
	});
}

/** Signals a child's whole process group (it was spawned detached), else the child alone. */
function killTree(child, signal) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/** A free TCP port on 127.0.0.1, never 5679 (n8n's default task-broker port). */
function freePort(avoid = []) {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => {
				if (port === 5679 || avoid.includes(port)) resolve(freePort(avoid));
				else resolve(port);
			});
		});
	});
}

module.exports = { running, tempDirs, killTree, freePort };
