'use strict';
/**
 * The public webhook URL of the queue-mode cluster: a small round-robin HTTP proxy (plain node
 * http) in front of the webhook processors, on 127.0.0.1 and a port chosen at run time. A backend
 * that refuses the connection (a stopped processor) is skipped for that request (the body is buffered, so the request
 * is re-sent whole to the next one); an answer once started is passed through as it comes.
 */
const http = require('node:http');

/** Response header naming the backend (host:port) that answered. */
const BACKEND_HEADER = 'x-e2e-webhook-processor';
const HOP_BY_HOP = new Set([
	'connection',
	'keep-alive',
	'proxy-connection',
	'transfer-encoding',
	'upgrade',
	'te',
	'trailer',
]);

/**
 * @param {{ backends?: Array<{ host?: string, port: number }>, log?: (line: string) => void }} [options]
 * @returns {Promise<{ url: string, port: number, setBackends(b: Array<{ host?: string, port: number }>): void,
 *   stats: { requests: number, perBackend: Record<string, number>, refused: number, failed: number }, close(): Promise<void> }>}
 */
function startProxy(options = {}) {
	const log = options.log || (() => {});
	let backends = (options.backends || []).map((b) => ({
		host: b.host || '127.0.0.1',
		port: b.port,
	}));
	let next = 0;
	const stats = { requests: 0, perBackend: {}, refused: 0, failed: 0 };
	// A new connection per request: a reset reused socket would leave unclear whether n8n got it.
	const agent = new http.Agent({ keepAlive: false, maxSockets: 256 });

	function forward(req, res, body, tried) {
		if (!backends.length || tried >= backends.length) {
			stats.failed += 1;
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end('no webhook processor reachable');
			return;
		}
		const backend = backends[next % backends.length];
		next += 1;
		const headers = {};
		for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
		headers['x-forwarded-for'] = req.socket.remoteAddress;
		headers['content-length'] = String(body.length);
		const upstream = http.request(
			{ host: backend.host, port: backend.port, method: req.method, path: req.url, headers, agent },
			(answer) => {
				const key = `${backend.host}:${backend.port}`;
				stats.perBackend[key] = (stats.perBackend[key] || 0) + 1;
				const out = {};
				for (const [k, v] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
				// Which webhook processor answered, for tests that check the spread.
				out[BACKEND_HEADER] = key;
				res.writeHead(answer.statusCode, answer.statusMessage, out);
				answer.pipe(res);
				answer.on('error', () => res.destroy());
			},
		);
		upstream.on('error', (error) => {
			// Only a refused connection is retried: the request never reached that backend.
			if (!res.headersSent && error.code === 'ECONNREFUSED') {
				stats.refused += 1;
				log(`backend ${backend.host}:${backend.port} ${error.code}; trying the next one`);
				forward(req, res, body, tried + 1);
			} else {
				stats.failed += 1;
				res.destroy(error);
			}
		});
		upstream.end(body);
	}

	const server = http.createServer((req, res) => {
		stats.requests += 1;
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => forward(req, res, Buffer.concat(chunks), 0));
		req.on('error', () => res.destroy());
	});
	// n8n answers long-running webhooks late (Respond to Webhook after the workflow ran).
	server.requestTimeout = 0;
	server.headersTimeout = 60000;

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port || 0, '127.0.0.1', () => {
			const { port } = server.address();
			resolve({
				url: `http://127.0.0.1:${port}`,
				port,
				stats,
				setBackends(list) {
					backends = list.map((b) => ({ host: b.host || '127.0.0.1', port: b.port }));
				},
				close: () =>
					new Promise((done) => {
						agent.destroy();
						server.close(() => done());
						server.closeAllConnections();
					}),
			});
		});
	});
}

module.exports = { startProxy, BACKEND_HEADER };
