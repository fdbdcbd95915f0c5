import { WAL_CHECKPOINT_PAGES } from '@app/event-store';
import { walHighWaterFrames } from '@app/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModelDb } from './read-model-db';

describe('SQLite read models', () => {
  it('copy their write-ahead log into the file every 250 pages, not after SQLite’s default 1,000: a projection batch that crosses the mark holds the event loop for a short copy', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vigie-read-models-')), 'read-models.db');
    const db = new SqliteReadModelDb(path);
    await db.run('CREATE TABLE pages (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    // Batches of ten rows of 3 kB (a page each), as projection batches write documents.
    for (let batch = 0; batch < (4 * WAL_CHECKPOINT_PAGES) / 10; batch++) {
      await db.transaction(async (tx) => {
        for (let i = 0; i < 10; i++) await tx.run('INSERT INTO pages (body) VALUES (?)', [`${batch}.${i} ${'x'.repeat(3000)}`]);
      });
    }
    const [{ n }] = await db.all<{ n: number }>('SELECT COUNT(*) AS n FROM pages');
    expect(n).toBe(4 * WAL_CHECKPOINT_PAGES);
    const most = walHighWaterFrames(path);
    expect(most).toBeGreaterThanOrEqual(WAL_CHECKPOINT_PAGES);
    expect(most).toBeLessThan(WAL_CHECKPOINT_PAGES + 25);
    await db.close();
  });
});
