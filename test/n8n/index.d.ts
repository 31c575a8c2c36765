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
export declare function runtimeEnv(
	runtime: { nodeBin: string },
	base?: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv;
export declare function ensureRuntime(options?: { log?: (line: string) => void }): Promise<Runtime>;

export declare function declaredFiles(): string[];
/** Node and credential type names declared by the built classes the package.json `n8n` section lists. */
export declare function declaredTypes(root?: string): { nodes: string[]; credentials: string[] };
export declare function ensureBuilt(options?: { log?: (line: string) => void }): boolean;
export declare function packPackage(options?: {
	log?: (line: string) => void;
	build?: boolean;
}): string;
export declare function installInto(
	userFolder: string,
	tarball?: string,
	options?: { onlyBuilt?: boolean },
): string;

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
			runData: Record<
				string,
				Array<{
					data?: { main: Array<Array<{ json: Record<string, any>; pairedItem?: any }> | null> };
					error?: any;
				}>
			>;
			error?: any;
			lastNodeExecuted?: string;
		};
	};
}

export interface N8nApi {
	publicApi(method: string, path: string, body?: unknown): Promise<any>;
	session(method: string, path: string, body?: unknown): Promise<any>;
	executions(query?: {
		workflowId?: string;
		includeData?: boolean;
		status?: string;
	}): Promise<N8nExecution[]>;
	execution(id: string | number, includeData?: boolean): Promise<N8nExecution>;
	workflow(id: string): Promise<any>;
	publish(id: string): Promise<any>;
	unpublish(id: string): Promise<any>;
	credentialSchema(type: string): Promise<any>;
	nodeTypes(): Promise<
		Array<{ name: string; displayName: string; version: number | number[]; [k: string]: any }>
	>;
	credentialTypes(): Promise<Array<{ name: string; displayName: string; [k: string]: any }>>;
	waitForExecutions(
		workflowId: string,
		count: number,
		options?: { timeoutMs?: number; includeData?: boolean },
	): Promise<N8nExecution[]>;
}

export interface N8nInstance {
	/** 'queue' for a handle on the queue-mode cluster (useQueueCluster); regular instances leave it unset. */
	mode?: 'queue';
	/** Main's URL (editor, REST API). */
	url: string;
	/** Base of production webhook URLs: n8n itself, or in queue mode the proxy in front of the webhook processors. */
	webhookBase: string;
	port: number;
	userFolder: string;
	owner?: { email: string; password: string; firstName: string; lastName: string };
	runtime: Runtime;
	api: N8nApi;
	logs(): string;
	stop(): Promise<void>;
	timings: {
		runtimeSeconds: number;
		runtimeInstalled: boolean;
		provisionSeconds: number;
		startSeconds: number;
		cluster?: QueueClusterTimings;
	};
	/** Queue mode: the cluster this handle is attached to. */
	cluster?: QueueClusterInfo;
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

export type E2eMode = 'regular' | 'queue';
export declare const MODES: E2eMode[];
/** E2E_MODE (default `regular`); throws on an unknown value. */
export declare function e2eMode(env?: NodeJS.ProcessEnv): E2eMode;

export interface QueueClusterTimings {
	servicesSeconds: number;
	mainSeconds: number;
	othersSeconds: number;
	totalSeconds: number;
	/** Debian packages this start installed (empty when they were there). */
	installedPackages: string[];
}

export interface QueueClusterInfo {
	dir: string;
	userFolder: string;
	mainUrl: string;
	mainPort: number;
	proxyUrl: string;
	owner: { email: string; password: string; firstName: string; lastName: string };
	apiKey: string;
	cliEnv: Record<string, string>;
	runtime: Runtime;
	timings: QueueClusterTimings;
	postgres: { host: string; port: number; database: string };
	redis: { host: string; port: number };
	processes: Array<{ role: string; pid: number; port: number; logFile: string }>;
}

export interface QueueCluster extends QueueClusterInfo {
	info: QueueClusterInfo;
	proxy: Proxy;
	children: Array<{ role: string; pid: number; port?: number; logFile: string; alive(): boolean }>;
	writeInfo(): string;
	stop(): Promise<void>;
}

/** Environment variable that names the running cluster's description file (set by the jest global setup). */
export declare const CLUSTER_ENV: string;
export declare const WEBHOOK_PROCESSORS: number;
export declare const WORKERS: number;
/** Postgres + Redis, main, 2 webhook processors, 2 workers and the proxy, all on 127.0.0.1. */
export declare function startQueueCluster(options?: {
	tarball?: string;
	env?: Record<string, string>;
	encryptionKey?: string;
	keepDir?: boolean;
	startTimeoutMs?: number;
	log?: (line: string) => void;
}): Promise<QueueCluster>;
/** A test file's handle on the run's cluster (or a cluster of its own when none runs), shaped like startN8n's. */
export declare function useQueueCluster(options?: StartOptions): Promise<N8nInstance>;

export interface Proxy {
	url: string;
	port: number;
	setBackends(backends: Array<{ host?: string; port: number }>): void;
	stats: { requests: number; perBackend: Record<string, number>; refused: number; failed: number };
	close(): Promise<void>;
}
/** Response header the proxy adds: the webhook processor (host:port) that answered. */
export declare const BACKEND_HEADER: string;
export declare function startProxy(options?: {
	backends?: Array<{ host?: string; port: number }>;
	port?: number;
	log?: (line: string) => void;
}): Promise<Proxy>;

export interface Services {
	dir: string;
	postgres: {
		host: string;
		port: number;
		user: string;
		password: string;
		database: string;
		logFile: string;
		stop(): Promise<void>;
	};
	redis: { host: string; port: number; logFile: string; stop(): Promise<void> };
	installed: string[];
	seconds: number;
	stop(): Promise<void>;
}
export declare function startServices(options?: {
	log?: (line: string) => void;
}): Promise<Services>;
