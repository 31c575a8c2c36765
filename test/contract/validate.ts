/**
 * A small validator of requests and responses against the API descriptions extracted into
 * test/fixtures/contracts (see scripts/extract-contracts.mjs). It implements the subset of
 * Swagger 2.0 / OpenAPI 3.0 schema keywords those subsets use: type, format (loosely),
 * properties, required, items, enum, $ref, allOf, oneOf/anyOf (at least one branch),
 * nullable, additionalProperties, minimum/maximum.
 *
 * Deliberate choices:
 * - Properties not declared by a schema that declares `properties` are errors (catches typos
 *   and invented fields), unless `additionalProperties` allows them.
 * - Autotask: property names compare case-insensitively (PascalCase models, camelCase wire),
 *   except where a model carries an `example`: a request body must then spell each key exactly
 *   as the example does (QueryModel: `Filter`, `MaxRecords`, `IncludeFields`; filter items
 *   `op`, `field`, `value`, `udf`, `items`), so a lower-case `maxRecords` fails;
 *   paths are case-insensitive, `/atservicesrest/v1.0/...` maps to the swagger's `/V1.0/...`;
 *   `null` is accepted for any property (Autotask returns null for unset fields and PATCH may
 *   send null to clear one). `.../query/next` (the nextPageUrl) is validated as `.../query`.
 * - ilert: `null` is accepted in responses for non-required properties (ilert returns null
 *   e.g. for integrationKey without permission); requests must use nullable where they send null.
 * - In requests, a nested object carrying an `id` is a reference to a sub-entity: only `id`
 *   is required (ilert's own rule, see SimpleIdField64 in its spec).
 * - Error answers not described by the spec must have the service's documented error shape:
 *   Autotask `{ errors: string[] }`, ilert `{ status, message, code? }`.
 */
import autotaskSubset from '../fixtures/contracts/autotask.subset.json';
import ilertSubset from '../fixtures/contracts/ilert.subset.json';

export type Service = 'autotask' | 'ilert';

export interface ValidationResult {
	ok: boolean;
	errors: string[];
	/** e.g. `PATCH /V1.0/Tickets` */
	operation?: string;
}

type Schema = Record<string, any>;
type QueryInput =
	| URLSearchParams
	| Record<string, string | number | boolean | Array<string | number> | undefined>
	| undefined;

interface Spec {
	doc: any;
	kind: 'swagger' | 'openapi';
	templates: Array<{ template: string; segments: string[]; literalCount: number }>;
}

function buildSpec(doc: any): Spec {
	const kind = doc.swagger ? 'swagger' : 'openapi';
	const templates = Object.keys(doc.paths).map((template) => {
		const segments = template.split('/').filter(Boolean);
		return { template, segments, literalCount: segments.filter((s) => !s.startsWith('{')).length };
	});
	templates.sort((a, b) => b.literalCount - a.literalCount);
	return { doc, kind, templates };
}

const SPECS: Record<Service, Spec> = {
	autotask: buildSpec(autotaskSubset),
	ilert: buildSpec(ilertSubset),
};

/** The subsets' provenance (source file, title, version, extraction date). */
export const CONTRACT_SOURCES = {
	autotask: (autotaskSubset as any)['x-extracted'],
	ilert: (ilertSubset as any)['x-extracted'],
};

interface Ctx {
	service: Service;
	doc: any;
	direction: 'request' | 'response';
	errors: string[];
}

function resolveRef(doc: any, ref: string): Schema {
	const parts = ref.replace(/^#\//, '').split('/');
	let cur = doc;
	for (const p of parts) cur = cur?.[p.replace(/~1/g, '/').replace(/~0/g, '~')];
	if (cur === undefined) throw new Error(`Unresolvable $ref ${ref}`);
	return cur;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function typeOf(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
	return typeof v;
}

function nullAllowed(ctx: Ctx, schema: Schema): boolean {
	if (schema.nullable === true || schema['x-nullable'] === true) return true;
	if (ctx.service === 'autotask') return true;
	return ctx.direction === 'response';
}

function validateSchema(
	ctx: Ctx,
	schema: Schema | undefined,
	value: unknown,
	at: string,
	depth = 0,
): void {
	if (!schema || depth > 60) return;
	if (schema.$ref) {
		validateSchema(ctx, resolveRef(ctx.doc, schema.$ref), value, at, depth + 1);
		return;
	}
	if (value === null) {
		if (!nullAllowed(ctx, schema)) ctx.errors.push(`${at}: null is not allowed`);
		return;
	}
	if (Array.isArray(schema.allOf))
		for (const s of schema.allOf) validateSchema(ctx, s, value, at, depth + 1);
	for (const key of ['oneOf', 'anyOf'] as const) {
		if (Array.isArray(schema[key])) {
			const branches = schema[key].map((s: Schema) => {
				const sub: Ctx = { ...ctx, errors: [] };
				validateSchema(sub, s, value, at, depth + 1);
				return sub.errors;
			});
			if (!branches.some((e: string[]) => e.length === 0)) {
				ctx.errors.push(
					`${at}: matches none of the ${key} alternatives (${branches.map((e: string[]) => e[0]).join(' | ')})`,
				);
			}
		}
	}
	const actual = typeOf(value);
	const type = schema.type;
	if (type) {
		const okType =
			type === actual ||
			(type === 'number' && actual === 'integer') ||
			(type === 'object' && actual === 'object');
		if (!okType) {
			ctx.errors.push(`${at}: expected ${type}, got ${actual}`);
			return;
		}
	}
	if (schema.enum && !schema.enum.includes(value)) {
		ctx.errors.push(
			`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.slice(0, 12).join(', ')}${schema.enum.length > 12 ? ', ...' : ''}`,
		);
	}
	if (typeof value === 'number') {
		if (schema.format === 'int32' && (value < -2147483648 || value > 2147483647))
			ctx.errors.push(`${at}: ${value} is outside int32`);
		if (typeof schema.minimum === 'number' && value < schema.minimum)
			ctx.errors.push(`${at}: ${value} < minimum ${schema.minimum}`);
		if (typeof schema.maximum === 'number' && value > schema.maximum)
			ctx.errors.push(`${at}: ${value} > maximum ${schema.maximum}`);
	}
	if (typeof value === 'string' && schema.format === 'date-time' && !DATE_TIME.test(value)) {
		ctx.errors.push(`${at}: "${value}" is not a date-time`);
	}
	if (Array.isArray(value) && schema.items) {
		value.forEach((v, i) => validateSchema(ctx, schema.items, v, `${at}[${i}]`, depth + 1));
	}
	if (
		actual === 'object' &&
		(schema.properties || schema.required || schema.additionalProperties !== undefined)
	) {
		const obj = value as Record<string, unknown>;
		const props: Record<string, Schema> = schema.properties || {};
		const ci = ctx.service === 'autotask';
		const lookup = new Map<string, string>();
		for (const name of Object.keys(props)) lookup.set(ci ? name.toLowerCase() : name, name);
		for (const [k, v] of Object.entries(obj)) {
			const name = lookup.get(ci ? k.toLowerCase() : k);
			if (name) {
				if (v !== undefined) validateSchema(ctx, props[name], v, `${at}.${k}`, depth + 1);
			} else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
				validateSchema(ctx, schema.additionalProperties, v, `${at}.${k}`, depth + 1);
			} else if (schema.additionalProperties !== true && Object.keys(props).length > 0) {
				ctx.errors.push(`${at}.${k}: property not in the contract`);
			}
		}
		// ilert: "For POST and PUT requests only the id field is required for sub entities"
		// (spec, SimpleIdField64): a nested object with an id is a reference.
		const isReference = ctx.direction === 'request' && at !== 'body' && obj.id !== undefined;
		for (const r of isReference ? [] : schema.required || []) {
			const key = Object.keys(obj).find((k) =>
				ci ? k.toLowerCase() === String(r).toLowerCase() : k === r,
			);
			if (key === undefined || obj[key] === undefined)
				ctx.errors.push(`${at}.${r}: required property missing`);
		}
	}
}

/**
 * Keys of `value` that the contract's example spells differently (case only). Arrays are
 * checked element by element against the example's first element; an empty example array
 * (the Filter example's nested `items: []`) reuses the enclosing array's element example.
 */
function checkExampleCasing(
	errors: string[],
	value: unknown,
	example: unknown,
	at: string,
	elementExample?: unknown,
): void {
	if (Array.isArray(value)) {
		const element = Array.isArray(example) && example.length > 0 ? example[0] : elementExample;
		value.forEach((v, i) => checkExampleCasing(errors, v, element, `${at}[${i}]`, element));
		return;
	}
	if (
		!value ||
		typeof value !== 'object' ||
		!example ||
		typeof example !== 'object' ||
		Array.isArray(example)
	)
		return;
	const spelled = new Map(Object.keys(example).map((k) => [k.toLowerCase(), k]));
	for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
		const expected = spelled.get(k.toLowerCase());
		if (expected === undefined) continue;
		if (expected !== k)
			errors.push(`${at}.${k}: spelled "${k}", the contract spells it "${expected}"`);
		checkExampleCasing(
			errors,
			v,
			(example as Record<string, unknown>)[expected],
			`${at}.${k}`,
			elementExample,
		);
	}
}

function bodyExample(doc: any, schema: Schema | undefined): unknown {
	let s = schema;
	for (let depth = 0; s?.$ref && depth < 10; depth++) s = resolveRef(doc, s.$ref);
	return s?.example;
}

/* ----------------------------------------------------------------- paths */

function normalizePath(
	service: Service,
	rawPath: string,
): { path: string; query: URLSearchParams } {
	let p = rawPath;
	let query = new URLSearchParams();
	if (/^https?:\/\//i.test(p)) {
		const u = new URL(p);
		p = u.pathname;
		query = u.searchParams;
	} else if (p.includes('?')) {
		const i = p.indexOf('?');
		query = new URLSearchParams(p.slice(i + 1));
		p = p.slice(0, i);
	}
	if (service === 'autotask') {
		p = p.replace(/^\/atservicesrest(?=\/)/i, '');
		if (!/^\/v1\.0\//i.test(p)) p = `/V1.0${p.startsWith('/') ? '' : '/'}${p}`;
		p = p.replace(/^\/v1\.0\//i, '/V1.0/');
		if (/\/query\/next\/?$/i.test(p)) {
			// nextPageUrl: not in the swagger; validated as the query itself, its paging/search
			// parameters are Autotask's own.
			p = p.replace(/\/query\/next\/?$/i, '/query');
			query.delete('paging');
			query.delete('search');
		}
	} else {
		p = p.replace(/^\/api(?=\/)/, '');
		p = p.replace(/^\/v1(?=\/events)/, '');
	}
	return { path: p.replace(/\/+$/, '') || '/', query };
}

export interface OperationMatch {
	template: string;
	method: string;
	operation: any;
	pathItem: any;
	pathParams: Record<string, string>;
}

/** Find the contract operation for a concrete method and path (or full URL). */
export function findOperation(
	service: Service,
	method: string,
	rawPath: string,
): OperationMatch | undefined {
	const spec = SPECS[service];
	const { path } = normalizePath(service, rawPath);
	const segs = path.split('/').filter(Boolean);
	const ci = service === 'autotask';
	for (const t of spec.templates) {
		if (t.segments.length !== segs.length) continue;
		const params: Record<string, string> = {};
		let ok = true;
		for (let i = 0; i < segs.length; i++) {
			const ts = t.segments[i];
			if (ts.startsWith('{')) params[ts.slice(1, -1)] = decodeURIComponent(segs[i]);
			else if (ci ? ts.toLowerCase() !== segs[i].toLowerCase() : ts !== segs[i]) {
				ok = false;
				break;
			}
		}
		if (!ok) continue;
		const item = spec.doc.paths[t.template];
		const op = item[method.toLowerCase()];
		if (!op) continue;
		return {
			template: t.template,
			method: method.toUpperCase(),
			operation: op,
			pathItem: item,
			pathParams: params,
		};
	}
	return undefined;
}

function paramSchema(spec: Spec, p: any): Schema {
	if (spec.kind === 'openapi') return p.schema || {};
	const { name, in: _in, required, description, ...rest } = p;
	return rest;
}

function coerce(schema: Schema, raw: string): unknown {
	const t = schema.type;
	if (t === 'integer') return /^-?\d+$/.test(raw) ? Number(raw) : raw;
	if (t === 'number') return raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
	if (t === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
	return raw;
}

function toSearchParams(query: QueryInput): URLSearchParams {
	if (!query) return new URLSearchParams();
	if (query instanceof URLSearchParams) return query;
	const sp = new URLSearchParams();
	for (const [k, v] of Object.entries(query)) {
		if (v === undefined) continue;
		if (Array.isArray(v)) for (const x of v) sp.append(k, String(x));
		else sp.append(k, String(v));
	}
	return sp;
}

function checkParams(ctx: Ctx, spec: Spec, match: OperationMatch, query: URLSearchParams): void {
	const params: any[] = [
		...(match.pathItem.parameters || []),
		...(match.operation.parameters || []),
	].map((p) => (p.$ref ? resolveRef(spec.doc, p.$ref) : p));
	const queryParams = params.filter((p) => p.in === 'query');
	const known = new Set(queryParams.map((p) => p.name));
	for (const name of new Set(query.keys())) {
		if (!known.has(name)) ctx.errors.push(`query.${name}: parameter not in the contract`);
	}
	for (const p of queryParams) {
		const values = query.getAll(p.name);
		if (values.length === 0) {
			if (p.required) ctx.errors.push(`query.${p.name}: required parameter missing`);
			continue;
		}
		const schema = paramSchema(spec, p);
		if (schema.type === 'array') {
			const items = schema.items?.$ref
				? resolveRef(spec.doc, schema.items.$ref)
				: schema.items || {};
			const all = values.flatMap((v) =>
				p.explode === false || spec.kind === 'swagger' ? v.split(',') : [v],
			);
			validateSchema(
				ctx,
				schema,
				all.map((v) => coerce(items, v)),
				`query.${p.name}`,
			);
		} else {
			if (values.length > 1) ctx.errors.push(`query.${p.name}: repeated but not an array`);
			validateSchema(ctx, schema, coerce(schema, values[0]), `query.${p.name}`);
		}
	}
	for (const p of params.filter((x) => x.in === 'path')) {
		const raw = match.pathParams[p.name];
		if (raw === undefined) continue;
		const schema = paramSchema(spec, p);
		validateSchema(ctx, schema, coerce(schema, raw), `path.${p.name}`);
	}
}

function requestBodySchema(
	spec: Spec,
	op: any,
): { schema?: Schema; required: boolean; declared: boolean } {
	if (spec.kind === 'swagger') {
		const p = (op.parameters || []).find((x: any) => x.in === 'body');
		return p
			? { schema: p.schema, required: Boolean(p.required), declared: true }
			: { required: false, declared: false };
	}
	let rb = op.requestBody;
	if (!rb) return { required: false, declared: false };
	if (rb.$ref) rb = resolveRef(spec.doc, rb.$ref);
	const content = rb.content?.['application/json'] ?? Object.values(rb.content || {})[0];
	return { schema: (content as any)?.schema, required: Boolean(rb.required), declared: true };
}

/** Validate a request the package (or a test) sends. `path` may be a full URL or carry a query string. */
export function validateRequest(
	service: Service,
	method: string,
	path: string,
	body?: unknown,
	query?: QueryInput,
): ValidationResult {
	const spec = SPECS[service];
	const match = findOperation(service, method, path);
	if (!match)
		return {
			ok: false,
			errors: [`${method.toUpperCase()} ${path}: operation not in the ${service} contract subset`],
		};
	const ctx: Ctx = { service, doc: spec.doc, direction: 'request', errors: [] };
	const sp = new URLSearchParams(normalizePath(service, path).query);
	for (const [k, v] of toSearchParams(query)) sp.append(k, v);
	if (service === 'autotask' && /\/query\/next\/?(\?|$)/i.test(path)) {
		sp.delete('paging');
		sp.delete('search');
	}
	checkParams(ctx, spec, match, sp);
	if (service === 'autotask' && sp.has('search')) {
		// GET .../query?search=<QueryModel as JSON>: the same spelling rule as a POSTed body.
		const example = spec.doc.definitions?.QueryModel?.example;
		let search: unknown;
		try {
			search = JSON.parse(sp.get('search') ?? '');
		} catch {
			ctx.errors.push('query.search: not JSON');
		}
		if (search !== undefined && example !== undefined)
			checkExampleCasing(ctx.errors, search, example, 'query.search');
	}
	const rb = requestBodySchema(spec, match.operation);
	const hasBody = body !== undefined && body !== null && !(typeof body === 'string' && body === '');
	if (rb.declared) {
		if (!hasBody && rb.required) ctx.errors.push('body: required request body missing');
		if (hasBody) validateSchema(ctx, rb.schema, body, 'body');
		const example =
			service === 'autotask' && hasBody ? bodyExample(spec.doc, rb.schema) : undefined;
		if (example !== undefined) checkExampleCasing(ctx.errors, body, example, 'body');
	} else if (hasBody) ctx.errors.push('body: this operation takes no request body');
	const operation = `${match.method} ${match.template}`;
	return {
		ok: ctx.errors.length === 0,
		errors: ctx.errors.map((e) => `${operation} ${e}`),
		operation,
	};
}

function errorShape(service: Service, body: unknown, ctx: Ctx): void {
	if (service === 'autotask') {
		if (body === undefined || body === '') return;
		const b = body as any;
		if (!b || typeof b !== 'object') ctx.errors.push('error body: expected an object');
		else if ('errors' in b) {
			if (!Array.isArray(b.errors) || !b.errors.every((e: unknown) => typeof e === 'string'))
				ctx.errors.push('error body: errors must be string[]');
		} else if (!('item' in b && b.item === null))
			ctx.errors.push('error body: expected { errors: string[] }');
		return;
	}
	const b = body as any;
	if (!b || typeof b !== 'object') {
		ctx.errors.push('error body: expected { status, message, code }');
		return;
	}
	if (typeof b.status !== 'number') ctx.errors.push('error body: status must be a number');
	if (typeof b.message !== 'string') ctx.errors.push('error body: message must be a string');
	if (b.code !== undefined && typeof b.code !== 'string')
		ctx.errors.push('error body: code must be a string');
}

/** Validate a response (status + parsed JSON body) against the contract. */
export function validateResponse(
	service: Service,
	method: string,
	path: string,
	status: number,
	body: unknown,
): ValidationResult {
	const spec = SPECS[service];
	const match = findOperation(service, method, path);
	if (!match)
		return {
			ok: false,
			errors: [`${method.toUpperCase()} ${path}: operation not in the ${service} contract subset`],
		};
	const ctx: Ctx = { service, doc: spec.doc, direction: 'response', errors: [] };
	const operation = `${match.method} ${match.template}`;
	const responses = match.operation.responses || {};
	let resp = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
	if (resp?.$ref) resp = resolveRef(spec.doc, resp.$ref);
	const hasBody = body !== undefined && body !== null && body !== '';
	if (status >= 400) {
		const schema =
			resp && (spec.kind === 'swagger' ? resp.schema : resp.content?.['application/json']?.schema);
		if (schema) validateSchema(ctx, schema, body, 'body');
		else errorShape(service, body, ctx);
	} else if (!resp) {
		ctx.errors.push(
			`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`,
		);
	} else {
		const schema =
			spec.kind === 'swagger'
				? resp.schema
				: (resp.content?.['application/json'] ?? (Object.values(resp.content || {})[0] as any))
						?.schema;
		if (schema) {
			if (!hasBody) ctx.errors.push('body: expected a JSON body');
			else validateSchema(ctx, schema, body, 'body');
		} else if (hasBody && status === 204) ctx.errors.push('body: 204 must be empty');
	}
	return {
		ok: ctx.errors.length === 0,
		errors: ctx.errors.map((e) => `${operation} ${e}`),
		operation,
	};
}

/** Throwing variants for tests: the error message lists every violation. */
export function assertValidRequest(
	service: Service,
	method: string,
	path: string,
	body?: unknown,
	query?: QueryInput,
): void {
	const r = validateRequest(service, method, path, body, query);
	if (!r.ok) throw new Error(`Request violates the ${service} contract:\n${r.errors.join('\n')}`);
}

export function assertValidResponse(
	service: Service,
	method: string,
	path: string,
	status: number,
	body: unknown,
): void {
	const r = validateResponse(service, method, path, status, body);
	if (!r.ok) throw new Error(`Response violates the ${service} contract:\n${r.errors.join('\n')}`);
}

/** Every (method, template) the subsets describe: for coverage checks. */
export function contractOperations(service: Service): string[] {
	const doc = SPECS[service].doc;
	const out: string[] = [];
	for (const [template, item] of Object.entries<any>(doc.paths)) {
		for (const m of Object.keys(item))
			if (m !== 'parameters') out.push(`${m.toUpperCase()} ${template}`);
	}
	return out;
}

/**
 * Validate every request in a simulator's request log (`sim.requests`): what a node or the
 * transport really sent. Returns the violations (empty when all requests conform).
 */
export function validateRequestLog(
	service: Service,
	log: ReadonlyArray<{
		method: string;
		path: string;
		query: Record<string, string | string[]>;
		body: unknown;
	}>,
): string[] {
	const errors: string[] = [];
	for (const r of log) {
		const res = validateRequest(service, r.method, r.path, r.body, r.query);
		errors.push(...res.errors);
	}
	return errors;
}
