// Two projects: `unit` (pure logic, nodes with mocked n8n contexts, simulators, contracts)
// and `e2e` (a real n8n started from the pinned runtime). `npm test` runs both.
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
		},
	],
};
