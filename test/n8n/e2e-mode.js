'use strict';
/**
 * Which n8n the end-to-end stories run in: E2E_MODE=regular (default; one n8n per test file, SQLite)
 * or E2E_MODE=queue (one queue-mode cluster per jest run, see queue.js). `npm test` runs both.
 */
const MODES = ['regular', 'queue'];

function e2eMode(env = process.env) {
	const mode = (env.E2E_MODE || 'regular').trim().toLowerCase();
	if (!MODES.includes(mode))
		throw new Error(`E2E_MODE must be one of ${MODES.join(', ')}, not "${env.E2E_MODE}"`);
	return mode;
}

module.exports = { e2eMode, MODES };
