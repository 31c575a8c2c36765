/**
 * The name n8n gives a new credential is its type's display name without the words API, OAuth1,
 * OAuth2 and MCP, plus " account" (n8n 2.41 editor, credentials store). n8n's import then links a
 * template's credential reference whose id is unknown by exact name and type, so the templates
 * must reference exactly these names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { Ilert } from '../../../nodes/Ilert/Ilert.node';
import { IlertTrigger } from '../../../nodes/IlertTrigger/IlertTrigger.node';
import { loadCredentialType } from '../../support';

function n8nDefaultCredentialName(displayName: string): string {
	const app = displayName
		.split(' ')
		.filter((word) => !['API', 'OAuth1', 'OAuth2', 'MCP'].includes(word))
		.join(' ');
	return app.length > 0 ? `${app} account` : 'Unnamed credential';
}

const DEFAULT_CREDENTIAL_NAMES: Record<string, string> = {
	autotaskIlertAutotaskApi: 'Autotask-Ilert: Autotask account',
	autotaskIlertIlertApi: 'Autotask-Ilert: Ilert account',
	autotaskIlertIlertAlertSourceApi: 'Autotask-Ilert: Ilert Alert Source account',
	autotaskIlertCalloutApi: 'Autotask Extension Callout account',
};

describe('default credential names', () => {
	it.each(Object.entries(DEFAULT_CREDENTIAL_NAMES))('%s is created as "%s"', (type, name) => {
		expect(n8nDefaultCredentialName(loadCredentialType(type).displayName)).toBe(name);
	});

	it('every template references each credential by that name, so n8n links it on import', () => {
		const dir = path.resolve(__dirname, '../../../workflows');
		for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
			const workflow = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
				nodes: Array<{ name: string; credentials?: Record<string, { name: string }> }>;
			};
			for (const node of workflow.nodes) {
				for (const [type, ref] of Object.entries(node.credentials ?? {})) {
					expect({ file, node: node.name, type, name: ref.name }).toEqual({
						file,
						node: node.name,
						type,
						name: DEFAULT_CREDENTIAL_NAMES[type],
					});
				}
			}
		}
	});

	it('the derivation drops only whole API words', () => {
		expect(n8nDefaultCredentialName('Autotask API')).toBe('Autotask account');
		expect(n8nDefaultCredentialName('APIs API')).toBe('APIs account');
		expect(n8nDefaultCredentialName('API')).toBe('Unnamed credential');
	});
});

describe('"ilert" is spelled in lower case in what the editor shows', () => {
	// Credential type display names are the one exception: n8n's scanner rule
	// cred-class-field-display-name-miscased requires them in title case.
	it('node descriptions of the ilert nodes and credential field texts', () => {
		const texts = [
			JSON.stringify(new Ilert().description),
			JSON.stringify(new IlertTrigger().description),
			...Object.keys(DEFAULT_CREDENTIAL_NAMES).map((type) =>
				JSON.stringify(loadCredentialType(type).properties),
			),
		];
		for (const text of texts) {
			const found = text.match(/[^"]{0,30}\bIlert\b[^"]{0,30}/g) ?? [];
			expect(found).toEqual([]);
		}
	});
});
