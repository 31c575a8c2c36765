/**
 * A tiny scripted HTTP server for transport tests that need exact control over responses
 * (the simulators in test/simulators are the realistic counterpart).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServerRequest {
	method: string;
	url: string;
	path: string;
	query: URLSearchParams;
	headers: http.IncomingHttpHeaders;
	body: unknown;
	rawBody: string;
}

export interface ScriptedResponse {
	status?: number;
	headers?: Record<string, string>;
	/** Serialised as JSON unless a string. */
	body?: unknown;
	/** Milliseconds to wait before answering. */
	delayMs?: number;
	/** Destroy the socket instead of answering (network error). */
	destroy?: boolean;
}

export type Handler = (req: ServerRequest) => ScriptedResponse | Promise<ScriptedResponse>;

export interface TestServer {
	url: string;
	requests: ServerRequest[];
	/** Requests currently being handled, and the highest number seen at once. */
	inFlight: number;
	maxInFlight: number;
	close(): Promise<void>;
}

export async function startTestServer(handler: Handler): Promise<TestServer> {
	const requests: ServerRequest[] = [];
	const state = { inFlight: 0, maxInFlight: 0 };
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			void (async () => {
				state.inFlight++;
				state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
				const rawBody = Buffer.concat(chunks).toString('utf8');
				let body: unknown = rawBody;
				try {
					body = rawBody ? JSON.parse(rawBody) : undefined;
				} catch {
					body = rawBody;
				}
				const url = new URL(req.url ?? '/', 'http://localhost');
				const request: ServerRequest = {
					method: req.method ?? 'GET',
					url: req.url ?? '/',
					path: url.pathname,
					query: url.searchParams,
					headers: req.headers,
					body,
					rawBody,
				};
				requests.push(request);
				try {
					const answer = await handler(request);
					if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
					if (answer.destroy) {
						req.socket.destroy();
						return;
					}
					const payload =
						answer.body === undefined
							? ''
							: typeof answer.body === 'string'
								? answer.body
								: JSON.stringify(answer.body);
					res.writeHead(answer.status ?? 200, {
						...(typeof answer.body === 'string' ? {} : { 'content-type': 'application/json' }),
						...(answer.headers ?? {}),
					});
					res.end(payload);
				} catch (error) {
					res.writeHead(599, { 'content-type': 'text/plain' });
					res.end(String(error));
				} finally {
					state.inFlight--;
				}
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	const result: TestServer = {
		url: `http://127.0.0.1:${port}`,
		requests,
		get inFlight() {
			return state.inFlight;
		},
		get maxInFlight() {
			return state.maxInFlight;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	return result;
}
