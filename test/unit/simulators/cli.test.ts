import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { call } from './receiver';

const CLI = path.join(__dirname, '../../simulators/cli.js');

function firstLine(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		let buf = '';
		child.stdout!.on('data', (c: Buffer) => {
			buf += c.toString('utf8');
			const i = buf.indexOf('\n');
			if (i >= 0) resolve(buf.slice(0, i));
		});
		child.once('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
	});
}

describe('simulators CLI', () => {
	it('prints one JSON line with URLs and credentials, serves both APIs and the admin API, exits on SIGTERM', async () => {
		const child = spawn(process.execPath, [CLI, '--autotask-port', '0', '--ilert-port', '0'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const info = JSON.parse(await firstLine(child));
			expect(info.autotask.credentials).toEqual({
				username: 'api-user@example.com',
				secret: 'example-secret-xxxx',
				integrationCode: 'EXAMPLEINTEGRATIONCODEXXXX',
				resourceId: 29682885,
			});
			expect(info.ilert.credentials).toMatchObject({
				apiKey: 'il-api-key-example-xxxx',
				integrationKey: 'il1apiexamplekeyxxxx0001',
			});
			const zone = await call(`${info.autotask.zoneUrl}?user=api-user@example.com`, 'GET');
			expect(zone.body.url).toBe(`${info.autotask.url}/atservicesrest/`);
			const t = await call(`${info.autotask.apiUrl}/Tickets/10001`, 'GET', undefined, {
				UserName: info.autotask.credentials.username,
				Secret: info.autotask.credentials.secret,
				ApiIntegrationCode: info.autotask.credentials.integrationCode,
			});
			expect(t.body.item.id).toBe(10001);
			const upd = await call(`${info.autotask.url}/__sim/tickets/10001`, 'POST', {
				changes: { status: 8 },
			});
			expect(upd.body.changed).toContain('status');
			const ev = await call(`${info.ilert.apiUrl}/events`, 'POST', {
				integrationKey: info.ilert.credentials.integrationKey,
				eventType: 'ALERT',
				alertKey: 'autotask-10001',
				summary: 's',
			});
			expect(ev.status).toBe(202);
			const state = await call(`${info.ilert.url}/__sim/state`, 'GET');
			const id = state.body.alerts[0].id;
			const acc = await call(`${info.ilert.url}/__sim/alerts/${id}/accept`, 'POST', {
				userEmail: 'bob.ops@example.com',
			});
			expect(acc.body.status).toBe('ACCEPTED');
			const me = await call(`${info.ilert.apiUrl}/users/current`, 'GET', undefined, {
				Authorization: `Bearer ${info.ilert.credentials.apiKey}`,
			});
			expect(me.status).toBe(200);
		} finally {
			const exited = new Promise<number | null>((resolve) =>
				child.once('exit', (code) => resolve(code)),
			);
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		}
	}, 20000);

	it('defaults to the documented delivery values; flags scale them and pick the ilert no-open-alert status', async () => {
		const run = async (args: string[]) => {
			const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
			try {
				const info = JSON.parse(await firstLine(child));
				const at = (await call(`${info.autotask.url}/__sim/options`, 'POST', {})).body;
				const il = (await call(`${info.ilert.url}/__sim/options`, 'POST', {})).body;
				const tickets = (await call(`${info.autotask.url}/__sim/state`, 'GET')).body.tickets.length;
				return { at, il, tickets };
			} finally {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				await exited;
			}
		};
		const plain = await run([]);
		expect(plain.at).toMatchObject({
			deliveryAttempts: 5,
			deliveryRetryDelayMs: 30000,
			deliveryTimeoutMs: 10000,
			signatureOver: 'body',
			seedTickets: true,
		});
		expect(plain.il).toMatchObject({ noOpenAlertStatus: 400 });
		expect(plain.tickets).toBe(3);
		const scaled = await run([
			'--retry-delay-ms',
			'5',
			'--delivery-attempts',
			'2',
			'--signature-over',
			'dotnet-escaped',
			'--no-seed-tickets',
			'--no-open-alert-status',
			'202',
			'--legacy-no-open-alert-400',
		]);
		expect(scaled.at).toMatchObject({
			deliveryAttempts: 2,
			deliveryRetryDelayMs: 5,
			signatureOver: 'dotnet-escaped',
			seedTickets: false,
		});
		expect(scaled.il).toMatchObject({ noOpenAlertStatus: 202 });
		expect(scaled.tickets).toBe(0);
	}, 20000);
});
