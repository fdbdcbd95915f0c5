/**
 * The gateway as it ships: the build's one-file bundle `dist/gateway/main.js` (what `npm
 * start` and the Docker image run), run by plain Node. Running the TypeScript sources
 * through @swc-node/register instead would measure the compiler too: it loads the
 * TypeScript package to read tsconfig and keeps an
 * inline source map beside each module, about 55 MB of RSS (245 against 300 MB under the
 * command's load on 2026-12-08), and its own hooks at every module load.
 * `npm run bench` (and each `bench:*` script that starts the gateway) builds it first.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const BUILT_GATEWAY = join(ROOT, 'dist/gateway/main.js');

/** The build's entry point, or an error that says how to make it. */
export function builtGateway(): string {
  if (!existsSync(BUILT_GATEWAY)) throw new Error(`${BUILT_GATEWAY} is missing: run \`npm run build\` first (npm run bench does)`);
  return BUILT_GATEWAY;
}
