// `npm start` and `npm test` must work on a fresh clone: install the development
// dependencies (exactly as locked) when they are missing or older than the lockfile.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function ensureDeps() {
	const marker = path.join(projectRoot, 'node_modules', '.package-lock.json');
	const lock = path.join(projectRoot, 'package-lock.json');
	if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
	console.log('Installing development dependencies (npm ci) ...');
	execFileSync('npm', ['ci'], { cwd: projectRoot, stdio: 'inherit' });
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDeps();
