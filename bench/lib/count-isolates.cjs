/**
 * Loaded into n8n with `--require` by `npm run bench -- --count-isolates`: counts the expression
 * isolates n8n builds (`IsolatedVmBridge` initialisations of @n8n/expression-runtime, the
 * default `vm` engine) and writes the running total to the file named by
 * AUTOTASK_ILERT_ISOLATE_COUNT_FILE once a second. Diagnostic only; changes nothing else.
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
				return original.apply(this, args);
			};
		}
	}
	return loaded;
};

// Only the process that builds isolates writes (NODE_OPTIONS also reaches n8n's task runner).
if (file) {
	setInterval(() => {
		if (patched) fs.writeFileSync(file, String(count));
	}, 250).unref();
}
