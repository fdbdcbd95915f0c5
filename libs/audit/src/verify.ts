import { BrokenLink, ChainVerifier, EventStore } from '@app/event-store';
import type { ReadModelDb } from '@app/projections';
import { TurnTaker } from '@app/kernel';
import { createHash } from 'node:crypto';

/**
 * Events read and checked at a time: verifying the whole log takes seconds on a large
 * store, and the service keeps answering meanwhile. Pages are small (a page is read in one
 * piece: a few ms), and a turn is given to the event loop every TURN_BUDGET_MS of work.
 */
const PAGE = 250;

/**
 * Global anchoring: a chained checkpoint over the whole log. Anchor k covers the events
 * after anchor k−1 up to its position; its root is SHA-256 of the previous root and every
 * event hash in order. Stored apart from the events (the read-model database), so a
 * stream rewritten with consistent hashes still breaks an anchor.
 */
export interface Anchor {
  seq: number;
  position: number;
  root: string;
  events: number;
  createdAt: string;
}

const ANCHORS_DDL = `CREATE TABLE IF NOT EXISTS audit_anchors (seq INTEGER PRIMARY KEY, position BIGINT NOT NULL, root TEXT NOT NULL, events INTEGER NOT NULL, created_at TEXT NOT NULL)`;
const ZERO = '0'.repeat(64);

export async function listAnchors(db: ReadModelDb): Promise<Anchor[]> {
  await db.run(ANCHORS_DDL);
  const rows = await db.all<{ seq: number; position: number | string; root: string; events: number; created_at: string }>('SELECT seq, position, root, events, created_at FROM audit_anchors ORDER BY seq');
  return rows.map((r) => ({ seq: Number(r.seq), position: Number(r.position), root: r.root, events: Number(r.events), createdAt: r.created_at }));
}

async function rootOver(store: EventStore, prevRoot: string, after: number, upTo: number): Promise<{ root: string; events: number; last: number }> {
  const h = createHash('sha256').update(prevRoot);
  let n = 0;
  let cursor = after;
  let last = after;
  const turns = new TurnTaker();
  for (;;) {
    const page = await store.readAll({ after: cursor, maxCount: PAGE });
    for (const e of page.events) {
      if (e.position > upTo) return { root: h.digest('hex'), events: n, last };
      h.update(e.hash ?? '');
      n++;
      last = e.position;
    }
    cursor = page.nextAfter;
    if (page.isEnd) return { root: h.digest('hex'), events: n, last };
    await turns.due();
  }
}

/** Anchors every event not yet anchored (nothing when the log has not grown). */
export async function anchorNow(store: EventStore, db: ReadModelDb, now: Date): Promise<Anchor | null> {
  const anchors = await listAnchors(db);
  const prev = anchors[anchors.length - 1];
  const head = await store.headPosition();
  if (prev && prev.position >= head) return null;
  const { root, events, last } = await rootOver(store, prev?.root ?? ZERO, prev?.position ?? 0, head);
  if (events === 0) return null;
  const anchor: Anchor = { seq: (prev?.seq ?? 0) + 1, position: last, root, events, createdAt: now.toISOString() };
  await db.run('INSERT INTO audit_anchors (seq, position, root, events, created_at) VALUES (?, ?, ?, ?, ?)', [anchor.seq, anchor.position, anchor.root, anchor.events, anchor.createdAt]);
  return anchor;
}

export interface VerifyReport {
  ok: boolean;
  eventsChecked: number;
  streams: number;
  firstBrokenLink: BrokenLink | null;
  anchorsChecked: number;
  firstBrokenAnchor: { seq: number; position: number; expected: string; actual: string } | null;
}

/** Recomputes every stream's chain and every anchor; reports the first broken link of each. */
export async function verifyLog(store: EventStore, db: ReadModelDb, onProgress?: (checked: number) => void): Promise<VerifyReport> {
  const verifier = new ChainVerifier();
  const streams = new Set<string>();
  let firstBrokenLink: BrokenLink | null = null;
  let after = 0;
  const turns = new TurnTaker();
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const e of page.events) {
      streams.add(e.streamId);
      const broken = verifier.check(e);
      if (broken && !firstBrokenLink) firstBrokenLink = broken;
    }
    onProgress?.(verifier.checked);
    after = page.nextAfter;
    if (page.isEnd) break;
    await turns.due();
  }
  let firstBrokenAnchor: VerifyReport['firstBrokenAnchor'] = null;
  const anchors = await listAnchors(db);
  let prevRoot = ZERO;
  let prevPos = 0;
  for (const a of anchors) {
    const { root } = await rootOver(store, prevRoot, prevPos, a.position);
    if (root !== a.root) {
      firstBrokenAnchor = { seq: a.seq, position: a.position, expected: a.root, actual: root };
      break;
    }
    prevRoot = a.root;
    prevPos = a.position;
  }
  return { ok: !firstBrokenLink && !firstBrokenAnchor, eventsChecked: verifier.checked, streams: streams.size, firstBrokenLink, anchorsChecked: anchors.length, firstBrokenAnchor };
}
