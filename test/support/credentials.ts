/**
 * Credential handling for mocked contexts, mirroring n8n 2.41's CredentialsHelper
 * (`authenticate`, `preAuthentication`) and CredentialsTesterService (`test.request` + `rules`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { performRequest, type RecordedRequest } from './http';

const CREDENTIALS_DIR = path.resolve(__dirname, '..', '..', 'credentials');

let registry: Map<string, ICredentialType> | undefined;

/** All credential types of the package, by `name` (loaded from `credentials/*.credentials.ts`). */
export function credentialTypes(): Map<string, ICredentialType> {
	if (registry) return registry;
	const found = new Map<string, ICredentialType>();
	for (const file of fs.readdirSync(CREDENTIALS_DIR)) {
		if (!file.endsWith('.credentials.ts')) continue;
		const mod = require(path.join(CREDENTIALS_DIR, file)) as Record<string, unknown>;
		for (const exported of Object.values(mod)) {
			if (typeof exported !== 'function') continue;
			const instance = new (exported as new () => ICredentialType)();
			if (instance && typeof instance.name === 'string') found.set(instance.name, instance);
		}
	}
	registry = found;
	return found;
}

/** The credential type with this `name`; throws if the package has none. */
export function loadCredentialType(name: string): ICredentialType {
	const type = credentialTypes().get(name);
	if (!type) {
		throw new Error(
			`test/support: no credential type named "${name}" in credentials/ (have: ${[...credentialTypes().keys()].join(', ')})`,
		);
	}
	return type;
}

/** Fills properties the data does not set with their defaults, as n8n does before use. */
export function applyCredentialDefaults(
	type: ICredentialType,
	data: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	const out: ICredentialDataDecryptedObject = { ...data };
	for (const property of type.properties as INodeProperties[]) {
		if (out[property.name] === undefined && property.default !== undefined) {
			out[property.name] = property.default as ICredentialDataDecryptedObject[string];
		}
	}
	return out;
}

function evaluate(expression: string, credentials: ICredentialDataDecryptedObject): unknown {
	// Test-only evaluator for the small expressions credentials use (`$credentials.x`,
	// `$credentials?.x`, ternaries, string concatenation).
	const fn = new Function('$credentials', `return (${expression});`) as (c: unknown) => unknown;
	return fn(credentials);
}

/**
 * Resolves a credential expression the way CredentialsHelper.resolveValue does:
 * non-expressions pass through; `={{ expr }}` and `=text {{ expr }} text` are evaluated with
 * `$credentials`; falsy results become ''; the result is a string.
 */
export function resolveCredentialExpression(
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const template = value.slice(1);
	const whole = /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(template);
	if (whole && !whole[1].includes('}}')) {
		const result = evaluate(whole[1], credentials);
		return result ? String(result) : '';
	}
	const resolved = template.replace(/\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => {
		const result = evaluate(expr, credentials);
		return result === undefined || result === null ? '' : String(result);
	});
	return resolved ? resolved : '';
}

/** Applies the credential's `authenticate` (function or generic) to a copy of the options. */
export async function authenticateRequest(
	typeName: string,
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const type = loadCredentialType(typeName);
	const requestOptions: IHttpRequestOptions = {
		...options,
		headers: { ...(options.headers ?? {}) },
		qs: options.qs ? { ...options.qs } : options.qs,
		body:
			options.body && typeof options.body === 'object' && !Buffer.isBuffer(options.body)
				? { ...(options.body as IDataObject) }
				: options.body,
	};
	const authenticate = type.authenticate;
	if (!authenticate) return requestOptions;
	if (typeof authenticate === 'function') {
		return await authenticate(credentials, requestOptions);
	}
	if (authenticate.type === 'generic') {
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
				const keyResolved = String(resolveCredentialExpression(key, credentials));
				const valueResolved = resolveCredentialExpression(value, credentials);
				const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
				if (!target[outerKey]) target[outerKey] = {};
				target[outerKey][keyResolved] = valueResolved;
			}
		}
	}
	return requestOptions;
}

/** The hidden `typeOptions.expirable` property n8n keys preAuthentication on, if any. */
export function expirableProperty(type: ICredentialType): INodeProperties | undefined {
	return (type.properties as INodeProperties[]).find(
		(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
	);
}

export interface PreAuthOptions {
	/** n8n passes true after a 401 (token expired). */
	expired?: boolean;
	/** n8n always runs preAuthentication during a credential test. */
	testing?: boolean;
}

/**
 * Runs `preAuthentication` exactly when n8n would (expirable field empty, expired, or testing)
 * and returns the output to merge, or undefined.
 */
export async function runPreAuthentication(
	typeName: string,
	credentials: ICredentialDataDecryptedObject,
	httpRequest: (options: IHttpRequestOptions) => Promise<unknown>,
	options: PreAuthOptions = {},
): Promise<IDataObject | undefined> {
	const type = loadCredentialType(typeName);
	const expirable = expirableProperty(type);
	if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
	const value = credentials[expirable.name];
	const empty = value === '' || value === undefined;
	if (!empty && !options.expired && !options.testing) return undefined;
	const output = await type.preAuthentication.call(
		{ helpers: { httpRequest } } as never,
		credentials,
	);
	if (!output || output[expirable.name] === undefined) return undefined;
	return output;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
	/** Requests made by the test (preAuthentication and test request). */
	requests: RecordedRequest[];
	/** Data as n8n would persist it after the test (preAuthentication output merged). */
	credentials: ICredentialDataDecryptedObject;
}

/**
 * Runs a credential's test the way n8n's CredentialsTesterService does for a `test.request`:
 * preAuthentication (always, since it is a test), then the request with `authenticate`
 * applied, then `rules`. Returns n8n's `{ status, message }`.
 */
export async function testCredential(
	typeName: string,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const type = loadCredentialType(typeName);
	const requests: RecordedRequest[] = [];
	let credentials = applyCredentialDefaults(type, data);
	const result = (status: 'OK' | 'Error', message: string): CredentialTestResult => ({
		status,
		message,
		requests,
		credentials,
	});
	if (!type.test) return result('Error', 'No testing function found for this credential.');
	const httpRequest = async (options: IHttpRequestOptions) =>
		await performRequest(options, requests);
	let response: unknown;
	try {
		// As n8n's RoutingNode: the request's expressions are resolved with the stored data
		// first; preAuthentication runs later, inside httpRequestWithAuthentication.
		const req = type.test.request;
		const options: IHttpRequestOptions = {
			method: (req.method ?? 'GET') as IHttpRequestOptions['method'],
			url: String(resolveCredentialExpression(req.url ?? '', credentials)),
			baseURL: req.baseURL
				? String(resolveCredentialExpression(req.baseURL, credentials))
				: undefined,
			headers: req.headers as IHttpRequestOptions['headers'],
			qs: req.qs,
			body: req.body as IHttpRequestOptions['body'],
			json: true,
		};
		if (!options.baseURL) delete options.baseURL;
		const output = await runPreAuthentication(typeName, credentials, httpRequest, {
			testing: true,
		});
		if (output) credentials = { ...credentials, ...(output as ICredentialDataDecryptedObject) };
		const authenticated = await authenticateRequest(typeName, credentials, options);
		response = await performRequest(authenticated, requests, typeName);
	} catch (error) {
		const e = error as {
			response?: { status: number; statusText?: string };
			code?: string;
			message: string;
		};
		if (e.response) {
			for (const rule of type.test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === e.response.status) {
					return result('Error', String(rule.properties.message));
				}
			}
			return result(
				'Error',
				e.response.statusText || `Received HTTP status code: ${e.response.status}`,
			);
		}
		if (e.code) return result('Error', e.code);
		return result('Error', String(e.message));
	}
	for (const rule of type.test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const key = String(rule.properties.key);
			const actual = key
				.split('.')
				.reduce<unknown>(
					(acc, k) => (acc && typeof acc === 'object' ? (acc as IDataObject)[k] : undefined),
					response,
				);
			if (actual === rule.properties.value) return result('Error', String(rule.properties.message));
		}
	}
	return result('OK', 'Connection successful!');
}
