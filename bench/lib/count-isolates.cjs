/**
 * Loaded into n8n with `--require` by `npm run bench`: counts the expression isolates n8n builds
 * (`IsolatedVmBridge` initialisations of @n8n/expression-runtime, the default `vm` engine) and
 * writes the running total to `<AUTOTASK_ILERT_ISOLATE_COUNT_FILE>.<pid>` at every build, so
 * the bench reads an exact figure right after a slice. Diagnostic only; changes nothing else.
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');

const file = process.env.AUTOTASK_ILERT_ISOLATE_COUNT_FILE;
const load = Module._load;
let count = 0;
let patched = false;

Module._load = function patchedLoad(request, ...rest) {
	const loaded = load.call(this, request, ...rest);
	if (!patched && /expression-runtime/.test(request) && loaded && loaded.IsolatedVmBridge) {
		patched = true;
		const proto = loaded.IsolatedVmBridge.prototype;
		for (const name of ['initialize', 'initializeSync']) {
			const original = proto[name];
			if (typeof original !== 'function') continue;
			proto[name] = function countedInitialize(...args) {
				count++;
				// One small synchronous write per isolate (a few µs) against ~60 ms to build one.
				// Per process: NODE_OPTIONS also reaches n8n's task runner.
				if (file) fs.writeFileSync(`${file}.${process.pid}`, String(count));
				return original.apply(this, args);
			};
		}
	}
	return loaded;
};
