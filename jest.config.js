// Two projects: `unit` (pure logic, nodes with mocked n8n contexts, simulators, contracts)
// and `e2e` (a real n8n started from the pinned runtime). `npm test` runs both, e2e twice:
// E2E_MODE=regular (one n8n per file) and E2E_MODE=queue (one queue-mode cluster per run,
// started by the global setup: Postgres, Redis, main, 2 webhook processors, 2 workers, proxy).
const tsJest = ['ts-jest', { tsconfig: 'test/tsconfig.json' }];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			modulePathIgnorePatterns: ['<rootDir>/dist'],
			testEnvironment: 'node',
			transform: { '^.+\\.tsx?$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/contract/**/*.test.ts'],
		},
		{
			displayName: 'e2e',
			modulePathIgnorePatterns: ['<rootDir>/dist'],
			testEnvironment: 'node',
			transform: { '^.+\\.tsx?$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			testTimeout: 600000,
			maxWorkers: 1,
			globalSetup: '<rootDir>/test/n8n/jest-global-setup.js',
			globalTeardown: '<rootDir>/test/n8n/jest-global-teardown.js',
		},
	],
};
