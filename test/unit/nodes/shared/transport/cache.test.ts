import { TtlCache } from '../../../../../nodes/shared/transport/cache';

describe('TtlCache', () => {
	it('expires by Date-based TTL, bounds its size and shares concurrent loads', async () => {
		let now = 1000;
		const cache = new TtlCache<string>(100, 2, () => now);
		cache.set('a', 'A');
		expect(cache.get('a')).toBe('A');
		now += 100;
		expect(cache.get('a')).toBeUndefined();
		cache.set('a', 'A');
		cache.set('b', 'B');
		cache.get('a');
		cache.set('c', 'C');
		expect(cache.size).toBe(2);
		expect(cache.get('b')).toBeUndefined();
		let loads = 0;
		const loader = async () => {
			loads++;
			return 'L';
		};
		const [x, y] = await Promise.all([cache.getOrLoad('l', loader), cache.getOrLoad('l', loader)]);
		expect([x, y, loads]).toEqual(['L', 'L', 1]);
		await cache.getOrLoad('l', loader);
		expect(loads).toBe(1);
		await expect(
			cache.getOrLoad('bad', async () => {
				throw new Error('no');
			}),
		).rejects.toThrow('no');
		expect(cache.get('bad')).toBeUndefined();
	});
});
