import type { NodeApiError } from 'n8n-workflow';

/** The error a call fails with; fails the test if the call succeeds. */
export async function failure(p: Promise<unknown>): Promise<NodeApiError> {
	return (await p.then(
		() => {
			throw new Error('expected the call to fail');
		},
		(e: unknown) => e,
	)) as NodeApiError;
}

/** Neither the message, the description nor the serialised error shows any of the secrets. */
export function expectNoSecretIn(error: unknown, secrets: string[]) {
	const e = error as NodeApiError;
	for (const text of [e.message, e.description ?? '', JSON.stringify(e)]) {
		for (const secret of secrets) expect(text).not.toContain(secret);
	}
}
