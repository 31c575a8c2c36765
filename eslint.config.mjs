// n8n's own lint setup for community packages: the starter's config from @n8n/node-cli
// (community-nodes recommended set, eslint-plugin-n8n-nodes-base for nodes, credentials and
// package.json, typescript-eslint, import-x). Added here: the folders that are not the package,
// and one house rule — a node folder imports only nodes/shared, never another node's folder.
import { config } from '@n8n/node-cli/eslint';

const otherNodeFolders = [
	'Autotask',
	'AutotaskTrigger',
	'BusinessHours',
	'Ilert',
	'IlertTrigger',
	'TicketLifecycle',
];

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'test/**',
			'scripts/**',
			'workflows/**',
			'bench/**',
			'docs/**',
			'*.js',
			'*.mjs',
		],
	},
	...config,
	...otherNodeFolders.map((folder) => ({
		files: [`nodes/${folder}/**/*.ts`],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: otherNodeFolders
						.filter((other) => other !== folder)
						.map((other) => ({
							group: [`**/${other}/**`, `**/${other}`],
							caseSensitive: true,
							message: 'Nodes import only nodes/shared; move what two nodes need there.',
						})),
				},
			],
		},
	})),
];
