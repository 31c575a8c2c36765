/** A real, pinned n8n with this package installed (CommonJS implementation in the .js files). */

export declare const N8N_VERSION: string;
export declare const NODE_VERSION: string;
export declare const PACKAGE_NAME: string;
export declare const PROJECT_ROOT: string;

export interface Runtime {
	dir: string;
	nodeBin: string;
	n8nBin: string;
	binDir: string;
	n8nVersion: string;
	nodeVersion: string;
	/** Whether this call installed it (false: it was cached). */
	installed: boolean;
	/** Time this call took. */
	seconds: number;
	/** When the runtime was installed and how long the uncached install took. */
	installedAt?: string;
	installSeconds?: number;
}

export declare function cacheRoot(): string;
export declare function runtimeDir(): string;
export declare function findRuntime(): Omit<Runtime, 'installed' | 'seconds'> | undefined;
export declare function runtimeEnv(runtime: { nodeBin: string }, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function ensureRuntime(options?: { log?: (line: string) => void }): Promise<Runtime>;

export declare function declaredFiles(): string[];
/** Node and credential type names declared by the built classes the package.json `n8n` section lists. */
export declare function declaredTypes(root?: string): { nodes: string[]; credentials: string[] };
export declare function ensureBuilt(options?: { log?: (line: string) => void }): boolean;
export declare function packPackage(options?: { log?: (line: string) => void; build?: boolean }): string;
export declare function installInto(userFolder: string, tarball?: string, options?: { onlyBuilt?: boolean }): string;

export interface N8nExecution {
	id: string | number;
	finished: boolean;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
	workflowId: string;
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, any>; pairedItem?: any }> | null> }; error?: any }>>;
			error?: any;
			lastNodeExecuted?: string;
		};
	};
}

export interface N8nApi {
	publicApi(method: string, path: string, body?: unknown): Promise<any>;
	session(method: string, path: string, body?: unknown): Promise<any>;
	executions(query?: { workflowId?: string; includeData?: boolean; status?: string }): Promise<N8nExecution[]>;
	execution(id: string | number, includeData?: boolean): Promise<N8nExecution>;
	workflow(id: string): Promise<any>;
	publish(id: string): Promise<any>;
	unpublish(id: string): Promise<any>;
	credentialSchema(type: string): Promise<any>;
	nodeTypes(): Promise<Array<{ name: string; displayName: string; version: number | number[]; [k: string]: any }>>;
	credentialTypes(): Promise<Array<{ name: string; displayName: string; [k: string]: any }>>;
	waitForExecutions(workflowId: string, count: number, options?: { timeoutMs?: number; includeData?: boolean }): Promise<N8nExecution[]>;
}

export interface N8nInstance {
	url: string;
	webhookBase: string;
	port: number;
	userFolder: string;
	owner?: { email: string; password: string; firstName: string; lastName: string };
	runtime: Runtime;
	api: N8nApi;
	logs(): string;
	stop(): Promise<void>;
	timings: { runtimeSeconds: number; runtimeInstalled: boolean; provisionSeconds: number; startSeconds: number };
}

export interface StartOptions {
	userFolder?: string;
	keepUserFolder?: boolean;
	port?: number;
	brokerPort?: number;
	env?: Record<string, string>;
	owner?: false;
	encryptionKey?: string;
	credentials?: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>;
	workflows?: Array<Record<string, unknown>>;
	publish?: string[];
	installPackage?: boolean;
	tarball?: string;
	startTimeoutMs?: number;
	log?: (line: string) => void;
}

export declare function startN8n(options?: StartOptions): Promise<N8nInstance>;
export declare function freePort(avoid?: number[]): Promise<number>;
