'use strict';
// Install and run a real, pinned n8n with this package (see index.d.ts for the API).
const runtime = require('./runtime');
const pkg = require('./package');
const instance = require('./instance');

module.exports = { ...runtime, ...pkg, ...instance };
