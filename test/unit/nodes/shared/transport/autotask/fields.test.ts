const sleepCalls: number[] = [];
jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual('n8n-workflow');
	return {
		...actual,
		sleep: jest.fn(async (ms: number) => {
			sleepCalls.push(ms);
		}),
	};
});

import { getPicklist } from '../../../../../../nodes/shared/transport/autotask';
import {
	createExecuteContext,
	startTestServer,
	type ScriptedResponse,
	type ServerRequest,
	type TestServer,
} from '../../../../../support';
import { resetProcessState } from '../../../../../../nodes/shared/transport/processState';
import { picklistIdOf, picklistLabelOf } from '../../../../../../nodes/shared/domain/picklist';

const SECRET = 'at-secret-example-xxxx';
const CODE = 'AT-CODE-EXAMPLE-XXXX';
const USER = 'api-user@example.com';

type Route = (req: ServerRequest) => ScriptedResponse | Promise<ScriptedResponse>;
let routes: Record<string, Route> = {};
let server: TestServer;

function apiPath(req: ServerRequest): string {
	return req.path.replace(/^\/atservicesrest\/v1\.0/i, '');
}

beforeAll(async () => {
	server = await startTestServer(async (req) => {
		const key = `${req.method} ${apiPath(req)}`;
		if (routes[key]) return await routes[key](req);
		if (/\/zoneInformation$/i.test(req.path)) {
			return {
				body: {
					zoneName: 'Test Zone',
					url: `${server.url}/atservicesrest/`,
					webUrl: 'https://ww99.example.com/',
					ci: 1,
				},
			};
		}
		if (key === 'GET /Tickets/entityInformation')
			return { body: { name: 'Ticket', canQuery: true } };
		return { status: 404, body: { errors: [`No route ${key}`] } };
	});
});
afterAll(async () => await server.close());
beforeEach(() => {
	routes = {};
	server.requests.length = 0;
	sleepCalls.length = 0;
	resetProcessState();
});

function ctxWith(overrides: Record<string, unknown> = {}) {
	return createExecuteContext({
		credentials: {
			autotaskIlertAutotaskApi: {
				username: USER,
				secret: SECRET,
				integrationCodeSecret: CODE,
				zone: 'custom',
				customBaseUrl: `${server.url}/atservicesrest`,
				maxRetryWaitSeconds: 60,
				...overrides,
			},
		},
	});
}

function apiRequests(path: string) {
	return server.requests.filter((r) => apiPath(r) === path);
}

describe('Autotask transport: picklists', () => {
	it('caches picklists per credential: the second lookup costs no request', async () => {
		routes['GET /Tickets/entityInformation/fields'] = () => ({
			body: {
				fields: [
					{
						name: 'status',
						isPickList: true,
						picklistValues: [
							{ value: '1', label: 'New', isActive: true, isDefaultValue: true, sortOrder: 1 },
							{
								value: '5',
								label: 'Complete',
								isActive: true,
								isDefaultValue: false,
								sortOrder: 2,
							},
							{
								value: '17',
								label: ' On Hold ',
								isActive: false,
								isDefaultValue: false,
								sortOrder: 3,
							},
						],
					},
					{ name: 'title', isPickList: false, picklistValues: null },
				],
			},
		});
		const ctx = ctxWith();
		const values = await getPicklist(ctx, 'Tickets', 'Status');
		expect(values[1]).toEqual({
			value: 5,
			label: 'Complete',
			isActive: true,
			isDefaultValue: false,
			sortOrder: 2,
		});
		const status = await getPicklist(ctx, 'Tickets', 'status');
		expect(picklistLabelOf(status, 5)).toBe('Complete');
		expect(picklistLabelOf(status, '999')).toBeNull();
		expect(picklistIdOf(status, 'on hold')).toBe(17);
		expect(picklistIdOf(status, 'Nope')).toBeNull();
		await expect(getPicklist(ctx, 'Tickets', 'title')).resolves.toEqual([]);
		await expect(getPicklist(ctx, 'Tickets', 'nofield')).rejects.toThrow(
			'Autotask entity Tickets has no field "nofield"',
		);
		expect(apiRequests('/Tickets/entityInformation/fields')).toHaveLength(1);
		// another API user gets its own cache entry
		await getPicklist(ctxWith({ username: 'other@example.com' }), 'Tickets', 'status');
		expect(apiRequests('/Tickets/entityInformation/fields')).toHaveLength(2);
	});
});
