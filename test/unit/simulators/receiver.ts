// A tiny HTTP receiver for outbound deliveries in simulator tests.
import http from 'node:http';

export interface Received {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	raw: string;
	json: any;
}

export interface Receiver {
	url: string;
	received: Received[];
	/** Status to answer (may be changed during a test). */
	status: number;
	/** Statuses for the next requests, first one first; `status` once empty. */
	statuses: number[];
	/** Headers added to every answer. */
	headers: Record<string, string>;
	/** Delay before answering (ms). */
	delayMs: number;
	close(): Promise<void>;
}

export async function startReceiver(status = 200): Promise<Receiver> {
	const received: Received[] = [];
	const r: Partial<Receiver> = { received, status, statuses: [], headers: {}, delayMs: 0 };
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let json: unknown;
			try {
				json = JSON.parse(raw);
			} catch {
				json = undefined;
			}
			received.push({
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				raw,
				json,
			});
			const answer = r.statuses!.length ? r.statuses!.shift()! : (r.status ?? 200);
			const reply = () => {
				if (res.destroyed) return;
				res.writeHead(answer, r.headers);
				res.end();
			};
			if (r.delayMs) setTimeout(reply, r.delayMs);
			else reply();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const addr = server.address() as { port: number };
	r.url = `http://127.0.0.1:${addr.port}`;
	r.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return r as Receiver;
}

export async function call(
	url: string,
	method: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
	const res = await fetch(url, {
		method,
		headers: { 'Content-Type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		/* keep text */
	}
	return { status: res.status, body: parsed, headers: res.headers };
}
