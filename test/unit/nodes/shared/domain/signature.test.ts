import { createHmac } from 'node:crypto';

import {
	dotnetEscapeJson,
	signBody,
	verifySignature,
} from '../../../../../nodes/shared/domain/signature';
import { dotnetJson } from '../../../../simulators';

const SECRET = 'example-webhook-secret-xxxx';

function independentSign(body: string): string {
	return 'sha1=' + createHmac('sha1', SECRET).update(Buffer.from(body, 'utf8')).digest('base64');
}

describe('signature', () => {
	const plain = JSON.stringify({
		Action: 'Update',
		Id: 1,
		Fields: { Title: 'Café & <Bar> + "q" \'s `x`' },
	});

	it('signs like an independent HMAC-SHA1/base64 implementation', () => {
		expect(signBody(plain, SECRET)).toBe(independentSign(plain));
	});

	it('accepts a signature over the raw body', () => {
		const res = verifySignature({
			header: independentSign(plain),
			rawBody: Buffer.from(plain),
			secret: SECRET,
		});
		expect(res).toEqual({ ok: true, variant: 'raw' });
	});

	it('accepts a signature over the .NET-escaped body while the body arrives unescaped', () => {
		const escaped = dotnetEscapeJson(plain);
		expect(escaped).toContain(
			'Caf\\u00E9 \\u0026 \\u003CBar\\u003E \\u002B \\u0022q\\u0022 \\u0027s \\u0060x\\u0060',
		);
		expect(escaped).not.toBe(plain);
		const res = verifySignature({
			header: independentSign(escaped),
			rawBody: Buffer.from(plain),
			secret: SECRET,
		});
		expect(res).toEqual({ ok: true, variant: 'dotnetEscaped' });
	});

	it('escapes like an independent .NET-style serializer, including control characters and emoji', () => {
		const value = {
			Action: 'Update',
			Fields: { Title: 'a\u0001b\tc\\d "e" Ünïcödé 😀 <&>+`\'', N: 5, B: null },
		};
		expect(dotnetEscapeJson(JSON.stringify(value))).toBe(dotnetJson(value));
	});

	it('rejects a body that only re-serialises to the signed one (re-encoded whitespace)', () => {
		const pretty = JSON.stringify(JSON.parse(plain), null, 2);
		expect(
			verifySignature({
				header: independentSign(plain),
				rawBody: Buffer.from(pretty),
				secret: SECRET,
			}),
		).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		expect(
			verifySignature({
				header: independentSign(dotnetEscapeJson(plain)),
				rawBody: Buffer.from(pretty),
				secret: SECRET,
			}),
		).toEqual({ ok: false, reason: 'mismatch' });
	});

	describe('binds the exact bytes: one-byte changes fail for both signed forms', () => {
		const signedForms: Array<[string, string]> = [
			['raw', plain],
			['dotnetEscaped', dotnetEscapeJson(plain)],
		];
		const changes: Array<[string, (body: string) => string]> = [
			['a trailing space', (b) => `${b} `],
			['a trailing newline', (b) => `${b}\n`],
			['a trailing CRLF', (b) => `${b}\r\n`],
			['a leading space', (b) => ` ${b}`],
			['a space after the first colon', (b) => b.replace(':', ': ')],
			['a tab between tokens', (b) => b.replace(',', ',\t')],
			[
				'reordered keys',
				(b) => JSON.stringify({ Id: 1, Action: 'Update', Fields: JSON.parse(b).Fields }),
			],
			['a changed value (one digit)', (b) => b.replace('"Id":1', '"Id":7')],
			['a changed letter', (b) => b.replace('Update', 'Updatf')],
			['a removed byte', (b) => b.slice(0, -1)],
			['a number spelled differently', (b) => b.replace('"Id":1', '"Id":1.0')],
			['a duplicated key', (b) => b.replace('{', '{"Id":2,')],
		];
		it.each(signedForms)(
			'signature over the %s form: the unchanged body passes',
			(variant, signed) => {
				expect(
					verifySignature({
						header: independentSign(signed),
						rawBody: Buffer.from(plain),
						secret: SECRET,
					}),
				).toEqual({
					ok: true,
					variant,
				});
			},
		);
		for (const [variant, signed] of signedForms) {
			it.each(changes)(`signature over the ${variant} form: %s fails`, (_name, change) => {
				const changed = change(plain);
				expect(changed).not.toBe(plain);
				expect(
					verifySignature({
						header: independentSign(signed),
						rawBody: Buffer.from(changed),
						secret: SECRET,
					}),
				).toEqual({
					ok: false,
					reason: 'mismatch',
				});
			});
		}
	});

	it('every single-byte change of a signed body either fails or spells the same JSON value', () => {
		// Exhaustive over positions and a set of replacement bytes: the only changes the escaped
		// form tolerates are other spellings of the same characters (e.g. "\u0026" for "&").
		const body = JSON.stringify({
			Action: 'Update',
			Id: 42,
			Fields: { Title: 'A&B <c> é', Status: '5' },
		});
		const header = independentSign(dotnetEscapeJson(body));
		const headerRaw = independentSign(body);
		const bytes = Buffer.from(body, 'utf8');
		const replacements = [
			0x20, 0x0a, 0x22, 0x5c, 0x30, 0x39, 0x41, 0x61, 0x7b, 0x7d, 0x2c, 0x3a, 0x26, 0xff,
		];
		let tried = 0;
		let accepted = 0;
		for (let i = 0; i <= bytes.length; i++) {
			const variants: Buffer[] = [
				Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]), // delete
				...replacements.map((r) =>
					Buffer.concat([bytes.subarray(0, i), Buffer.from([r]), bytes.subarray(i)]),
				), // insert
				...replacements
					.filter((r) => r !== bytes[i])
					.map((r) =>
						Buffer.concat([bytes.subarray(0, i), Buffer.from([r]), bytes.subarray(i + 1)]),
					), // replace
			];
			for (const changed of variants) {
				if (changed.equals(bytes)) continue;
				tried++;
				for (const h of [header, headerRaw]) {
					const res = verifySignature({ header: h, rawBody: changed, secret: SECRET });
					if (!res.ok) continue;
					accepted++;
					expect(JSON.parse(changed.toString('utf8'))).toEqual(JSON.parse(body));
				}
			}
		}
		expect(tried).toBeGreaterThan(2000);
		expect(accepted).toBe(0);
	});

	it('treats alternative spellings of the same characters alike (escaped form), and nothing else', () => {
		const onWire = '{"Title":"A&B"}';
		const header = independentSign(dotnetEscapeJson(onWire)); // {"Title":"A\u0026B"}
		expect(verifySignature({ header, rawBody: '{"Title":"A\\u0026B"}', secret: SECRET })).toEqual({
			ok: true,
			variant: 'raw',
		});
		expect(verifySignature({ header, rawBody: onWire, secret: SECRET })).toEqual({
			ok: true,
			variant: 'dotnetEscaped',
		});
		expect(JSON.parse('{"Title":"A\\u0026B"}')).toEqual(JSON.parse(onWire));
		expect(verifySignature({ header, rawBody: '{"Title":"A&C"}', secret: SECRET })).toEqual({
			ok: false,
			reason: 'mismatch',
		});
	});

	it('has no escaped form for bytes that are not UTF-8 (they would all read as U+FFFD)', () => {
		const signed = independentSign(dotnetEscapeJson('{"Title":"\uFFFD"}'));
		const invalid = Buffer.concat([
			Buffer.from('{"Title":"'),
			Buffer.from([0xff]),
			Buffer.from('"}'),
		]);
		expect(verifySignature({ header: signed, rawBody: invalid, secret: SECRET })).toEqual({
			ok: false,
			reason: 'mismatch',
		});
	});

	it('rejects a wrong secret, a changed body, a missing or malformed header', () => {
		const sig = independentSign(plain);
		expect(
			verifySignature({ header: sig, rawBody: plain, secret: 'other-example-secret' }),
		).toEqual({ ok: false, reason: 'mismatch' });
		expect(
			verifySignature({ header: sig, rawBody: plain.replace('Update', 'Create'), secret: SECRET }),
		).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		expect(verifySignature({ header: undefined, rawBody: plain, secret: SECRET })).toEqual({
			ok: false,
			reason: 'missing',
		});
		expect(verifySignature({ header: 'md5=abc', rawBody: plain, secret: SECRET })).toEqual({
			ok: false,
			reason: 'malformed',
		});
		expect(verifySignature({ header: 'sha1=***', rawBody: plain, secret: SECRET })).toEqual({
			ok: false,
			reason: 'malformed',
		});
		expect(verifySignature({ header: sig, rawBody: plain, secret: '' })).toEqual({
			ok: false,
			reason: 'noSecret',
		});
		// Same length, different value: goes through timingSafeEqual.
		const flipped = sig.slice(0, 6) + (sig[6] === 'A' ? 'B' : 'A') + sig.slice(7);
		expect(verifySignature({ header: flipped, rawBody: plain, secret: SECRET })).toEqual({
			ok: false,
			reason: 'mismatch',
		});
	});
});
