/**
 * Limits concurrent requests per key (Autotask allows 3 threads per object endpoint and
 * tracking identifier). A promise queue: no timers. Per process; n8n workers each have their
 * own, and the retry on Autotask's thread-limit error covers the rest.
 */
export class ConcurrencyLimiter {
	private readonly active = new Map<string, number>();

	private readonly waiting = new Map<string, Array<() => void>>();

	constructor(private readonly limit: number) {}

	/** Number of running tasks for a key (for tests and diagnostics). */
	running(key: string): number {
		return this.active.get(key) ?? 0;
	}

	/** Number of queued tasks for a key. */
	queued(key: string): number {
		return this.waiting.get(key)?.length ?? 0;
	}

	/** Runs the task when fewer than `limit` tasks with this key are running. */
	async run<T>(key: string, task: () => Promise<T>): Promise<T> {
		await this.acquire(key);
		try {
			return await task();
		} finally {
			this.release(key);
		}
	}

	private async acquire(key: string): Promise<void> {
		const running = this.active.get(key) ?? 0;
		if (running < this.limit) {
			this.active.set(key, running + 1);
			return;
		}
		await new Promise<void>((resolve) => {
			const queue = this.waiting.get(key) ?? [];
			queue.push(resolve);
			this.waiting.set(key, queue);
		});
	}

	private release(key: string): void {
		const queue = this.waiting.get(key);
		const next = queue?.shift();
		if (queue && queue.length === 0) this.waiting.delete(key);
		if (next) {
			// The slot passes straight to the next task; the count stays the same.
			next();
			return;
		}
		const running = (this.active.get(key) ?? 1) - 1;
		if (running <= 0) this.active.delete(key);
		else this.active.set(key, running);
	}
}
