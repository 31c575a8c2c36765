// Removes dist/ so a build never ships files of nodes that were renamed or deleted.
import { rmSync } from 'node:fs';
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
