import { ConcurrencyLimiter } from '../../../../../nodes/shared/transport/concurrency';

describe('ConcurrencyLimiter', () => {
	it('runs at most `limit` tasks per key and queues the rest in order', async () => {
		const limiter = new ConcurrencyLimiter(3);
		let running = 0;
		let peak = 0;
		const order: number[] = [];
		const releases: Array<() => void> = [];
		const tasks = Array.from({ length: 7 }, (_, i) =>
			limiter.run('tickets', async () => {
				running++;
				peak = Math.max(peak, running);
				order.push(i);
				await new Promise<void>((r) => releases.push(r));
				running--;
			}),
		);
		const other = limiter.run('companies', async () => 'independent');
		await expect(other).resolves.toBe('independent');
		await Promise.resolve();
		expect(limiter.running('tickets')).toBe(3);
		expect(limiter.queued('tickets')).toBe(4);
		while (releases.length > 0 || order.length < 7) {
			const r = releases.shift();
			if (r) r();
			await new Promise((res) => setImmediate(res));
		}
		await Promise.all(tasks);
		expect(peak).toBe(3);
		expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(limiter.running('tickets')).toBe(0);
	});

	it('releases the slot when a task throws', async () => {
		const limiter = new ConcurrencyLimiter(1);
		await expect(
			limiter.run('k', async () => {
				throw new Error('boom');
			}),
		).rejects.toThrow('boom');
		await expect(limiter.run('k', async () => 'next')).resolves.toBe('next');
	});
});
