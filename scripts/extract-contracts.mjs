#!/usr/bin/env node
// Extracts the operations this package uses (and every schema they reference) from the
// official API descriptions into test/fixtures/contracts/*.subset.json, so that tests never need
// the large originals (a fresh clone has no ../shared).
//
// Usage: node scripts/extract-contracts.mjs [contractsDir]   (default ../shared/contracts)

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const contractsDir = resolve(root, process.argv[2] || '../shared/contracts');
const outDir = join(root, 'test/fixtures/contracts');
const require = createRequire(import.meta.url);

/** Autotask operations used by the package (Swagger paths under basePath /ATServicesRest). */
const AUTOTASK_OPERATIONS = {
	'/V1.0/ZoneInformation': ['get'],
	'/V1.0/ThresholdInformation': ['get'],
	'/V1.0/Tickets': ['post', 'patch'],
	'/V1.0/Tickets/{id}': ['get'],
	'/V1.0/Tickets/query': ['get', 'post'],
	'/V1.0/Tickets/query/count': ['post'],
	'/V1.0/Tickets/entityInformation': ['get'], // the credential test's read-only login check
	'/V1.0/Tickets/entityInformation/fields': ['get'],
	'/V1.0/Tickets/{parentId}/Notes': ['get', 'post'],
	'/V1.0/TicketNotes/query': ['post'],
	'/V1.0/TicketNotes/{id}': ['get'],
	'/V1.0/TicketNotes/entityInformation/fields': ['get'],
	'/V1.0/Resources/query': ['post'],
	'/V1.0/Resources/{id}': ['get'],
	'/V1.0/Companies/{id}': ['get'],
	'/V1.0/Contacts/{id}': ['get'],
	'/V1.0/TicketWebhooks': ['post', 'patch'],
	'/V1.0/TicketWebhooks/{id}': ['get', 'delete'],
	'/V1.0/TicketWebhooks/query': ['post'],
	'/V1.0/TicketWebhooks/{parentId}/Fields': ['get', 'post'],
	'/V1.0/TicketWebhooks/{parentId}/Fields/{id}': ['delete'],
	'/V1.0/TicketWebhooks/{parentId}/ExcludedResources': ['get', 'post'],
	'/V1.0/TicketWebhooks/{parentId}/ExcludedResources/{id}': ['delete'],
	'/V1.0/TicketWebhookFields/entityInformation/fields': ['get'],
	'/V1.0/InternalLocationWithBusinessHours/query': ['post'],
	'/V1.0/InternalLocationWithBusinessHours/{id}': ['get'],
	'/V1.0/InternalLocationWithBusinessHours/entityInformation/fields': ['get'],
	'/V1.0/HolidaySets/query': ['post'],
	'/V1.0/HolidaySets/{id}': ['get'],
	'/V1.0/HolidaySets/{parentId}/Holidays': ['get'],
	'/V1.0/Holidays/query': ['post'],
};

/** ilert operations used by the package (OpenAPI paths under server /api). */
const ILERT_OPERATIONS = {
	'/events': ['post'],
	'/alerts': ['get'],
	'/alerts/count': ['get'],
	'/alerts/{id}': ['get'],
	'/alerts/{id}/accept': ['put'],
	'/alerts/{id}/resolve': ['put'],
	'/alerts/{id}/assign': ['put'],
	'/alerts/{id}/log-entries': ['get'],
	'/alert-sources': ['get'],
	'/alert-sources/{id}': ['get'],
	'/escalation-policies': ['get'],
	'/users': ['get'],
	'/users/current': ['get'],
	'/users/{user-id}': ['get'],
	'/alert-actions': ['get', 'post'],
	'/alert-actions/{id}': ['get', 'put', 'delete'],
};

function pointerGet(doc, pointer) {
	const parts = pointer
		.replace(/^#\//, '')
		.split('/')
		.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
	let cur = doc;
	for (const p of parts) {
		if (cur === undefined) return undefined;
		cur = cur[p];
	}
	return { parts, value: cur };
}

function pointerSet(doc, parts, value) {
	let cur = doc;
	for (const p of parts.slice(0, -1)) {
		cur[p] = cur[p] || {};
		cur = cur[p];
	}
	cur[parts[parts.length - 1]] = value;
}

/** Copy every `$ref` target reachable from `node` (transitively) into `out`. */
function collectRefs(source, node, out, seen = new Set()) {
	if (Array.isArray(node)) {
		for (const n of node) collectRefs(source, n, out, seen);
		return;
	}
	if (!node || typeof node !== 'object') return;
	for (const [k, v] of Object.entries(node)) {
		if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) {
			if (seen.has(v)) continue;
			seen.add(v);
			const hit = pointerGet(source, v);
			if (!hit || hit.value === undefined) throw new Error(`Unresolvable $ref ${v}`);
			pointerSet(out, hit.parts, hit.value);
			collectRefs(source, hit.value, out, seen);
		} else collectRefs(source, v, out, seen);
	}
}

/**
 * Long prose descriptions are not needed to validate and the ilert /events one carries an
 * example integration key: shorten them (the source's SHA-256 is recorded for provenance).
 */
function shortenDescriptions(node) {
	if (Array.isArray(node)) return node.map(shortenDescriptions);
	if (!node || typeof node !== 'object') return node;
	const out = {};
	for (const [k, v] of Object.entries(node)) {
		if (k === 'description' && typeof v === 'string' && v.length > 300)
			out[k] = `${v.slice(0, 200).replace(/\s+\S*$/, '')} ... (shortened)`;
		else out[k] = shortenDescriptions(v);
	}
	return out;
}

function sha256(text) {
	return createHash('sha256').update(text).digest('hex');
}

function extract(source, operations) {
	const out = {};
	const paths = {};
	for (const [path, methods] of Object.entries(operations)) {
		const item = source.paths[path];
		if (!item) throw new Error(`Path ${path} not found in the source`);
		paths[path] = {};
		if (item.parameters) paths[path].parameters = item.parameters;
		for (const m of methods) {
			if (!item[m]) throw new Error(`Operation ${m.toUpperCase()} ${path} not found in the source`);
			paths[path][m] = item[m];
		}
	}
	out.paths = paths;
	collectRefs(source, paths, out);
	return out;
}

function writeFixture(name, fixture) {
	mkdirSync(outDir, { recursive: true });
	const file = join(outDir, name);
	fixture = {
		...fixture,
		paths: shortenDescriptions(fixture.paths),
		definitions: fixture.definitions && shortenDescriptions(fixture.definitions),
		components: fixture.components && shortenDescriptions(fixture.components),
	};
	for (const k of Object.keys(fixture)) if (fixture[k] === undefined) delete fixture[k];
	const ops = Object.values(fixture.paths).reduce(
		(n, item) => n + Object.keys(item).filter((k) => k !== 'parameters').length,
		0,
	);
	const schemas = Object.keys(
		fixture.definitions || (fixture.components && fixture.components.schemas) || {},
	).length;
	writeFileSync(file, `${JSON.stringify(fixture, null, '\t')}\n`);
	process.stdout.write(`${name}: ${ops} operations, ${schemas} schemas\n`);
}

const extractedAt = new Date().toISOString();

// Autotask (Swagger 2.0, JSON)
{
	const file = 'autotask-rest-v1.swagger.json';
	const text = readFileSync(join(contractsDir, file), 'utf8');
	const source = JSON.parse(text);
	const sub = extract(source, AUTOTASK_OPERATIONS);
	const normalizations = [];
	// .NET `Object` (used for itemId, isSupportedWebhookField) carries any JSON value on the wire.
	if (sub.definitions && sub.definitions.Object) {
		sub.definitions.Object = { description: '.NET System.Object: any JSON value' };
		normalizations.push(
			'definitions.Object replaced by {} (any value): the swagger types .NET object as an empty object, the wire carries numbers/booleans',
		);
	}
	if (sub.definitions && sub.definitions.Filter && sub.definitions.Filter.properties.value) {
		sub.definitions.Filter.properties.value = {
			description: sub.definitions.Filter.properties.value.description,
		};
		normalizations.push(
			'definitions.Filter.properties.value replaced by {} (any value), as its description says (integer, string, boolean or arrays of those)',
		);
	}
	writeFixture('autotask.subset.json', {
		'x-extracted': {
			source: `../shared/contracts/${file}`,
			origin:
				'https://webservices14.autotask.net/ATServicesRest/swagger/docs/v1 via github.com/aybouzaglou/autotask-rest-api-types (swagger.json)',
			sourceSha256: sha256(text),
			title: source.info.title,
			version: source.info.version,
			extractedAt,
			script: 'scripts/extract-contracts.mjs',
			normalizations,
			shortened: 'descriptions longer than 300 characters are cut to about 200',
			notes:
				'Swagger paths are /V1.0/... under basePath /ATServicesRest; calls go to /atservicesrest/v1.0/... (case-insensitive). Model property names: compare case-insensitively. Autotask returns null for unset fields.',
		},
		swagger: source.swagger,
		info: source.info,
		basePath: source.basePath,
		paths: sub.paths,
		definitions: sub.definitions || {},
	});
}

// ilert (OpenAPI 3.0, YAML)
{
	const file = 'ilert-rest-api.openapi.yml';
	const text = readFileSync(join(contractsDir, file), 'utf8');
	let yaml;
	try {
		yaml = require('js-yaml');
	} catch {
		throw new Error(
			'js-yaml is needed to read the ilert OpenAPI YAML (it is installed with eslint)',
		);
	}
	const source = yaml.load(text);
	const sub = extract(source, ILERT_OPERATIONS);
	writeFixture('ilert.subset.json', {
		'x-extracted': {
			source: `../shared/contracts/${file}`,
			origin:
				'https://api.ilert.com/api-docs/openapi.json via github.com/api-evangelist/ilert (openapi/_original/ilert-ilert-rest-api-openapi.yml)',
			sourceSha256: sha256(text),
			title: source.info.title,
			version: source.info.version,
			extractedAt,
			script: 'scripts/extract-contracts.mjs',
			normalizations: [],
			shortened: 'descriptions longer than 300 characters are cut to about 200',
			notes:
				'Server base /api. Error bodies {status, message, code} are not described per operation in the spec.',
		},
		openapi: source.openapi,
		info: { title: source.info.title, version: source.info.version },
		servers: source.servers,
		paths: sub.paths,
		components: sub.components || {},
	});
}
