'use strict';
// Local simulators of the Autotask PSA REST API and the ilert API (see index.d.ts).
const autotask = require('./autotask');
const ilert = require('./ilert');

module.exports = {
	startAutotaskSimulator: autotask.startAutotaskSimulator,
	startIlertSimulator: ilert.startIlertSimulator,
	AUTOTASK_THREAD_ERROR: autotask.THREAD_ERROR,
	AUTOTASK_DEFAULT_USER: autotask.DEFAULT_USER,
	ILERT_DEFAULT_API_KEY: ilert.DEFAULT_API_KEY,
	signAutotaskBody: autotask.signBody,
	dotnetJson: autotask.dotnetJson,
};
