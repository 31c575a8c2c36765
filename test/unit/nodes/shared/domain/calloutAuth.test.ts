import {
	checkCalloutAuth,
	credentialProblem,
	MIN_SECRET_LENGTH,
	type CalloutSecrets,
} from '../../../../../nodes/shared/domain/calloutAuth';

const SECRET = 'example-url-secret-0123456789abcdef';
const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const withBasic: CalloutSecrets = {
	urlSecret: SECRET,
	username: 'autotask',
	password: 'example-password',
	requireBasicAuth: false,
};
const secretOnly: CalloutSecrets = { ...withBasic, username: '', password: '' };

describe('callout authentication: the URL secret always, Basic as an extra factor', () => {
	it.each([
		['secret only, credential without Basic', secretOnly, '', SECRET, true],
		['secret only, credential with Basic', withBasic, '', SECRET, true],
		['secret and right Basic', withBasic, basic('autotask', 'example-password'), SECRET, true],
		[
			'secret and a Basic header the credential does not define',
			secretOnly,
			basic('x', 'y'),
			SECRET,
			true,
		],
		['nothing', withBasic, '', '', false],
		['Basic alone', withBasic, basic('autotask', 'example-password'), '', false],
		['a wrong secret', withBasic, '', `${SECRET}x`, false],
		['a prefix of the secret', withBasic, '', SECRET.slice(0, -1), false],
		['secret and wrong password', withBasic, basic('autotask', 'wrong'), SECRET, false],
		['secret and wrong user', withBasic, basic('someone', 'example-password'), SECRET, false],
		['secret and a broken Basic header', withBasic, 'Basic !!!', SECRET, false],
		['secret and another scheme', withBasic, 'Bearer example-token', SECRET, false],
		[
			'secret with Basic required but absent',
			{ ...withBasic, requireBasicAuth: true },
			'',
			SECRET,
			false,
		],
		[
			'secret with Basic required and right',
			{ ...withBasic, requireBasicAuth: true },
			basic('autotask', 'example-password'),
			SECRET,
			true,
		],
	])('%s -> %s', (_name, secrets, authorization, urlSecret, ok) => {
		expect(checkCalloutAuth(secrets, { authorization, urlSecret }).ok).toBe(ok);
	});

	it('names the factors that were checked', () => {
		expect(checkCalloutAuth(withBasic, { authorization: '', urlSecret: SECRET })).toEqual({
			ok: true,
			factors: ['url secret'],
		});
		expect(
			checkCalloutAuth(withBasic, {
				authorization: basic('autotask', 'example-password'),
				urlSecret: SECRET,
			}),
		).toEqual({
			ok: true,
			factors: ['url secret', 'basic auth'],
		});
	});

	it('accepts a Basic password alone (empty username) when that is what the credential has', () => {
		const passwordOnly = { ...withBasic, username: '' };
		expect(
			checkCalloutAuth(passwordOnly, {
				authorization: basic('', 'example-password'),
				urlSecret: SECRET,
			}).ok,
		).toBe(true);
		expect(
			checkCalloutAuth(passwordOnly, { authorization: basic('', 'wrong'), urlSecret: SECRET }).ok,
		).toBe(false);
	});

	it('refuses everything while the credential cannot protect anything', () => {
		const short = { ...secretOnly, urlSecret: 'x'.repeat(MIN_SECRET_LENGTH - 1) };
		expect(credentialProblem(short)).toMatch(/at least 16 characters/);
		expect(checkCalloutAuth(short, { authorization: '', urlSecret: short.urlSecret }).ok).toBe(
			false,
		);
		expect(credentialProblem({ ...secretOnly, requireBasicAuth: true })).toMatch(
			/no username or password/,
		);
		expect(credentialProblem(withBasic)).toBeUndefined();
	});

	it('never puts a secret into its messages', () => {
		for (const sent of [
			{ authorization: '', urlSecret: `${SECRET}x` },
			{ authorization: basic('autotask', 'wrong'), urlSecret: SECRET },
		]) {
			const result = checkCalloutAuth(withBasic, sent);
			expect(JSON.stringify(result)).not.toContain(SECRET);
			expect(JSON.stringify(result)).not.toContain('example-password');
		}
	});
});
