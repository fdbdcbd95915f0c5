/**
 * The gateway and the CLI, started as `npm start` and `npm run cli` start them, on a Node.js
 * whose require() cannot load ES modules (here the machine's own Node with the feature turned
 * off, as on Node 20.12–20.18): they stop with a message in both languages and write nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

describe.each([
  ['the gateway', ['apps/gateway/src/main.ts']],
  ['the CLI', ['apps/cli/src/main.ts', 'token', 'issue', '--role', 'admin', '--org', '*']],
])('%s on a Node.js that cannot require() ES modules', (_name, args) => {
  it('refuses to start, in English and in French, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-node-'));
    const r = spawnSync(process.execPath, ['--no-experimental-require-module', '-r', '@swc-node/register', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}` },
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('Vigie refuses to start / Vigie refuse de démarrer.');
    expect(r.stderr).toContain('Vigie needs Node.js 20.19 or later, or 22.12 or later');
    expect(r.stderr).toContain('Vigie a besoin de Node.js 20.19 ou plus récent');
    expect(r.stderr).not.toContain('ERR_REQUIRE_ESM');
    expect(readdirSync(dir)).toEqual([]);
  });
});
