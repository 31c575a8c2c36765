'use strict';
// Install and run a real, pinned n8n with this package (see index.d.ts for the API).
const runtime = require('./runtime');
const pkg = require('./package');
const instance = require('./instance');
const queue = require('./queue');
const mode = require('./e2e-mode');
const { startServices } = require('./services');
const { startProxy, BACKEND_HEADER } = require('./proxy');

module.exports = {
	...runtime,
	...pkg,
	...instance,
	...queue,
	...mode,
	startServices,
	startProxy,
	BACKEND_HEADER,
};
