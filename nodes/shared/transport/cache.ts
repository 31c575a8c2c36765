/**
 * A small TTL cache with a size bound, for per-process caches (zones, picklists, open-alert
 * lookups). Per process only: n8n may run several workers, so nothing may depend on a hit.
 * Uses Date.now (no timers): expired entries are dropped when read or when room is needed.
 */
export class TtlCache<V> {
	private readonly entries = new Map<string, { value: V; expiresAt: number }>();

	private readonly loading = new Map<string, Promise<V>>();

	constructor(
		private readonly ttlMs: number,
		private readonly maxEntries = 500,
		private readonly now: () => number = () => Date.now(),
	) {}

	get size(): number {
		return this.entries.size;
	}

	get(key: string): V | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.expiresAt <= this.now()) {
			this.entries.delete(key);
			return undefined;
		}
		// Refresh recency (Map keeps insertion order; the oldest is evicted first).
		this.entries.delete(key);
		this.entries.set(key, entry);
		return entry.value;
	}

	set(key: string, value: V, ttlMs = this.ttlMs): void {
		this.entries.delete(key);
		if (this.entries.size >= this.maxEntries) this.evict();
		this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
	}

	delete(key: string): void {
		this.entries.delete(key);
		this.loading.delete(key);
	}

	/** Drops every entry whose key starts with the prefix. */
	deletePrefix(prefix: string): void {
		for (const key of [...this.entries.keys()])
			if (key.startsWith(prefix)) this.entries.delete(key);
		for (const key of [...this.loading.keys()])
			if (key.startsWith(prefix)) this.loading.delete(key);
	}

	clear(): void {
		this.entries.clear();
		this.loading.clear();
	}

	/**
	 * The cached value, or the loader's result (cached). Concurrent callers for the same key
	 * share one load; a failed load is not cached.
	 */
	async getOrLoad(key: string, loader: () => Promise<V>): Promise<V> {
		const hit = this.get(key);
		if (hit !== undefined) return hit;
		const pending = this.loading.get(key);
		if (pending) return await pending;
		const promise = loader();
		this.loading.set(key, promise);
		try {
			const value = await promise;
			if (this.loading.get(key) === promise) this.set(key, value);
			return value;
		} finally {
			if (this.loading.get(key) === promise) this.loading.delete(key);
		}
	}

	private evict(): void {
		const now = this.now();
		for (const [key, entry] of this.entries) {
			if (entry.expiresAt <= now) this.entries.delete(key);
		}
		while (this.entries.size >= this.maxEntries) {
			const oldest = this.entries.keys().next();
			if (oldest.done) break;
			this.entries.delete(oldest.value);
		}
	}
}
