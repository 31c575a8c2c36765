/**
 * The queue-mode e2e proxy (test/n8n/proxy.js): round-robin over the webhook processors, bodies
 * and answers passed through unchanged, a refused backend skipped, 502 when none answers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { BACKEND_HEADER, startProxy } from '../../n8n';
import type { Proxy } from '../../n8n';

interface Backend {
	port: number;
	seen: Array<{ method: string; url: string; body: string; contentType?: string }>;
	close(): Promise<void>;
}

function backend(name: string): Promise<Backend> {
	const seen: Backend['seen'] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			seen.push({
				method: req.method!,
				url: req.url!,
				body,
				contentType: req.headers['content-type'],
			});
			res.writeHead(req.url === '/reject' ? 400 : 200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ by: name, body }));
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				port: (server.address() as AddressInfo).port,
				seen,
				close: () => new Promise((r) => server.close(() => r())),
			}),
		),
	);
}

describe('round-robin webhook proxy', () => {
	let a: Backend;
	let b: Backend;
	let proxy: Proxy;

	beforeEach(async () => {
		a = await backend('a');
		b = await backend('b');
		proxy = await startProxy({ backends: [{ port: a.port }, { port: b.port }] });
	});

	afterEach(async () => {
		await proxy.close();
		await Promise.allSettled([a.close(), b.close()]);
	});

	const send = async (p: string, body: string) => {
		const res = await fetch(`${proxy.url}${p}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body,
		});
		return {
			status: res.status,
			json: (await res.json()) as { by: string; body: string },
			backend: res.headers.get(BACKEND_HEADER),
		};
	};

	test('alternates between the backends and passes path, body, status and answer through', async () => {
		const answers = [];
		for (let i = 0; i < 4; i += 1)
			answers.push(await send(`/webhook/x/webhook?n=${i}`, `ticketId=${i}`));
		expect(answers.map((x) => x.json.by)).toEqual(['a', 'b', 'a', 'b']);
		expect(answers.map((x) => x.backend)).toEqual([a, b, a, b].map((s) => `127.0.0.1:${s.port}`));
		expect(a.seen.map((s) => [s.method, s.url, s.body, s.contentType])).toEqual([
			['POST', '/webhook/x/webhook?n=0', 'ticketId=0', 'application/x-www-form-urlencoded'],
			['POST', '/webhook/x/webhook?n=2', 'ticketId=2', 'application/x-www-form-urlencoded'],
		]);
		const rejected = await send('/reject', 'ticketId=9');
		expect(rejected.status).toBe(400);
		expect(rejected.json).toEqual({ by: 'a', body: 'ticketId=9' });
		expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	});

	test('a backend that refuses connections is skipped, the request is sent once to the next', async () => {
		await a.close();
		const answers = [];
		for (let i = 0; i < 3; i += 1) answers.push(await send('/webhook/y', `n=${i}`));
		expect(answers.map((x) => [x.status, x.json.by, x.json.body])).toEqual([
			[200, 'b', 'n=0'],
			[200, 'b', 'n=1'],
			[200, 'b', 'n=2'],
		]);
		expect(b.seen).toHaveLength(3);
		expect(proxy.stats.refused).toBeGreaterThanOrEqual(1);
	});

	test('502 when no backend answers', async () => {
		await a.close();
		await b.close();
		const res = await fetch(`${proxy.url}/webhook/z`, { method: 'POST', body: 'x' });
		expect(res.status).toBe(502);
		expect(proxy.stats.failed).toBe(1);
	});
});
