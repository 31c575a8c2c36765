import {
	getNotePublish,
	getNoteTypes,
	getPriorities,
	getQueues,
	getResources,
	getStatuses,
} from '../../../../../nodes/Autotask/methods/loadOptions';
import { startAutotaskSimulator } from '../../../../simulators';
import { autotaskSimulatorCredential, createLoadOptionsContext } from '../../../../support';

type Sim = Awaited<ReturnType<typeof startAutotaskSimulator>>;

let sim: Sim;

function autotaskCredentials(maxRetryWaitSeconds?: number) {
	return { autotaskIlertAutotaskApi: autotaskSimulatorCredential(sim, { maxRetryWaitSeconds }) };
}

beforeAll(async () => {
	sim = await startAutotaskSimulator();
});

afterAll(async () => {
	await sim.close();
});

beforeEach(() => {
	sim.reset();
});

describe('Load options', () => {
	it('reads statuses, priorities, queues, note settings and resources from the tenant, cached', async () => {
		const ctx = createLoadOptionsContext({ credentials: autotaskCredentials() });
		const statuses = await getStatuses.call(ctx);
		expect(statuses).toEqual(
			expect.arrayContaining([
				{ name: 'In Progress', value: '8' },
				{ name: 'Complete', value: '5' },
			]),
		);
		expect((await getPriorities.call(ctx))[0]).toEqual({ name: 'Critical', value: '4' });
		expect(await getQueues.call(ctx)).toEqual(
			expect.arrayContaining([{ name: 'Level II Support', value: '29682969' }]),
		);
		expect((await getNoteTypes.call(ctx)).length).toBe(5);
		expect((await getNotePublish.call(ctx)).length).toBe(3);
		const resources = await getResources.call(ctx);
		expect(resources).toEqual(
			expect.arrayContaining([{ name: 'Jane Tech (jane.tech@example.com)', value: '29682886' }]),
		);
		expect(resources.some((r) => String(r.name).startsWith('Former'))).toBe(false);

		const before = ctx.mock.requests.length;
		await getStatuses.call(ctx);
		await getResources.call(ctx);
		expect(ctx.mock.requests.length).toBe(before);
	});
});
