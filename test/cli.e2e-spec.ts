import { createEventStore } from '@app/event-store';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The operator CLI, run as the operator runs it, on a data directory of its own. */
describe('operator CLI: mistakes on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-cli-'));
  const env = { ...process.env, DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}` };
  const cli = (...args: string[]) => spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], { encoding: 'utf8', env });

  it('issues a token for organization ids, and refuses an --org that is not one (a typo would give a token that reaches nothing)', () => {
    const ok = cli('token', 'issue', '--role', 'auditor', '--org', '01a23143-5a40-748d-9b70-212624f1baf0');
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const typo = cli('token', 'issue', '--role', 'auditor', '--org', '01a23143-5a40-748d-9b70-212624f1baf0', '--org', 'caisse-desjardins');
    expect({ status: typo.status, stdout: typo.stdout }).toEqual({ status: 64, stdout: '' });
    expect(typo.stderr).toContain("--org: not an organization id (a UUID) nor '*'");
    expect(typo.stderr).toContain('n’est ni un identifiant d’organisation (UUID)');
    expect(typo.stderr).toContain(': caisse-desjardins');
  }, 30_000);

  it('refuses an API key for an --org that is not one, and records nothing', async () => {
    const r = cli('apikey', 'issue', '--name', 'siem', '--role', 'auditor', '--org', 'nope');
    expect(r.status).toBe(64);
    expect(r.stderr).toContain('nope');
    const store = await createEventStore(env.EVENT_STORE_URL);
    try {
      expect(await store.headPosition()).toBe(0);
    } finally {
      await store.close();
    }
  }, 30_000);

  it('says in both languages what is wrong with the arguments, or with a file it was given', () => {
    const option = cli('token', 'issue', '--role', 'auditor', '--ttl', '-5');
    expect(option.status).toBe(64);
    expect(option.stderr).toMatch(/^Invalid arguments \/ arguments invalides : /);
    const short = cli('token', 'issue', '--role', 'auditor', '--ttl', '5');
    expect({ status: short.status, stderr: short.stderr.trim() }).toEqual({ status: 64, stderr: '--ttl must be a whole number of seconds ≥ 60 / doit être un nombre entier de secondes ≥ 60' });
    const missing = cli('snapshot', 'verify', join(dir, 'absent.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`No such file / fichier introuvable : ${join(dir, 'absent.json')}`);
    writeFileSync(join(dir, 'notes.txt'), 'pas un instantané');
    const notJson = cli('snapshot', 'verify', join(dir, 'notes.txt'));
    expect(notJson.status).toBe(64);
    expect(notJson.stderr.trim()).toBe(`Not a JSON file / pas un fichier JSON : ${join(dir, 'notes.txt')}`);
  }, 30_000);
});
