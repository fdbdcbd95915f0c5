import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModelDb } from './read-model-db';

const dir = mkdtempSync(join(tmpdir(), 'vigie-read-models-'));

describe('SQLite read models: WAL checkpoints off the request thread', () => {
  it('projection batches never checkpoint; a worker copies the log into the file, and closing removes the log', async () => {
    const path = join(dir, 'read-models.db');
    const db = new SqliteReadModelDb(path);
    const empty = statSync(path).size;
    // About 2 MB in 20 batches: half of what SQLite's automatic checkpoint waits for, which only the worker can have copied.
    for (let b = 0; b < 20; b++) {
      await db.transaction(async (tx) => {
        for (let i = 0; i < 50; i++) await tx.run('INSERT INTO read_model_docs (projection, version, key, doc) VALUES (?, 1, ?, ?)', ['bulk', `k-${b}-${i}`, 'x'.repeat(2_000)]);
      });
    }
    const t0 = Date.now();
    while (statSync(path).size < empty + 1_500_000 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
    expect(statSync(path).size).toBeGreaterThan(empty + 1_500_000);
    await db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT COUNT(*) AS n FROM read_model_docs WHERE projection = 'bulk'").get()).toEqual({ n: 1_000 });
    check.close();
  });
});
