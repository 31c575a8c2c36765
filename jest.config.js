// Two projects: `unit` (pure logic, nodes with mocked n8n contexts, simulators, contracts)
// and `e2e` (a real n8n started from the pinned runtime). `npm test` runs both.
const tsJest = ['ts-jest', { tsconfig: 'test/tsconfig.json' }];

module.exports = {
	modulePathIgnorePatterns: ["<rootDir>/dist"],
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.tsx?$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/contract/**/*.test.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.tsx?$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			testTimeout: 600000,
			maxWorkers: 1,
		},
	],
};
