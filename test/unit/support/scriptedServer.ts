import {
	startTestServer,
	type ScriptedResponse,
	type ServerRequest,
	type TestServer,
} from '../../support';
import { resetProcessState } from '../../../nodes/shared/transport/processState';
import { sleepCalls } from './recordedSleep';

export type Route = (req: ServerRequest) => ScriptedResponse | Promise<ScriptedResponse>;

export interface ScriptedServer {
	/** Answers by route key (`METHOD path`); emptied before each test. */
	readonly routes: Record<string, Route>;
	/** The server, usable from beforeAll on; url and requests read through to the running one. */
	readonly server: TestServer;
}

export interface ScriptedServerOptions {
	/** The key a request is routed by. */
	routeKey: (req: ServerRequest) => string;
	/** Answers what no route answers. */
	fallback: (req: ServerRequest, key: string, server: TestServer) => ScriptedResponse;
}

/**
 * Starts one scripted server for the calling test file (beforeAll/afterAll) and, before each test,
 * empties its routes, its recorded requests and sleepCalls and resets the transports' process state.
 */
export function useScriptedServer({ routeKey, fallback }: ScriptedServerOptions): ScriptedServer {
	const routes: Record<string, Route> = {};
	let running: TestServer | undefined;
	const started = (): TestServer => {
		if (!running) throw new Error('the scripted server starts in beforeAll');
		return running;
	};
	// A stable stand-in, so test files can destructure `server` when they load.
	const server: TestServer = {
		get url() {
			return started().url;
		},
		get requests() {
			return started().requests;
		},
		get inFlight() {
			return started().inFlight;
		},
		get maxInFlight() {
			return started().maxInFlight;
		},
		close: async () => await started().close(),
	};

	beforeAll(async () => {
		running = await startTestServer(async (req) => {
			const key = routeKey(req);
			if (routes[key]) return await routes[key](req);
			return fallback(req, key, started());
		});
	});
	afterAll(async () => await running?.close());
	beforeEach(() => {
		for (const key of Object.keys(routes)) delete routes[key];
		started().requests.length = 0;
		sleepCalls.length = 0;
		resetProcessState();
	});

	return { routes, server };
}
