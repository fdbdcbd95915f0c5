import { AppendSignal, EventStore, HeadWatch, ReadAllPage, RecordedEvent } from '@app/event-store';
import { DomainError, TurnTaker } from '@app/kernel';
import type { Projection } from './projection';
import type { ReadModelDb, ReadModelTx } from './read-model-db';

export interface ProjectionStatus {
  name: string;
  version: number;
  status: 'live' | 'building' | 'retired';
  position: number;
  head: number;
  lagEvents: number;
  lagSeconds: number;
}

export interface RunnerOptions {
  /** Events read per page of the log (and, live, applied per transaction). */
  batchSize?: number;
  /**
   * A rebuild's events per transaction (default 10,000), read in pages of `batchSize`. The
   * documents they touch are held in memory until the transaction writes them, one write each.
   */
  rebuildSpan?: number;
  now?: () => Date;
  pollMs?: number;
  /** The work the loops do between two turns given to the event loop, in ms (TURN_BUDGET_MS). */
  turnBudgetMs?: number;
  /**
   * A live loop starts a batch at most this often, in ms (PROJECTION_GATHER_MS; default 0, a
   * batch for every append): appends that come closer together are applied together, and
   * one after a quiet moment at once. Under a sustained command load a batch per append
   * costs each command six read-model transactions (A/B, 32 connections, 5 ms: commands
   * 1,186-1,329 -> 1,643-1,654 req/s, p99 61-65 -> 39-43 ms). The read models then trail
   * the log by up to that much more, except for a reader who waits for them (`settle`,
   * `waitFor`): the loops apply what they gathered at once.
   */
  gatherMs?: number;
  /** Test hook: runs inside each batch's transaction, after the documents are written and before the checkpoint commits. */
  beforeCommit?: (projection: string, lastPosition: number) => Promise<void> | void;
  onError?: (projection: string, error: unknown) => void;
}

export interface Progress {
  projection: string;
  position: number;
  head: number;
  processed: number;
}

interface Row {
  key: string;
  doc: string;
}

/**
 * Runs projections from their own checkpoints over the global log. Each batch's
 * documents and its checkpoint commit in one transaction, so a crash anywhere neither
 * applies an event twice nor skips one. Projections are pure: a rebuild has no side
 * effects by construction.
 */
export class ProjectionRunner {
  /** Appends seen in the store: wakes the projection loops. */
  private readonly appended = new AppendSignal();
  /** Projections advanced: wakes read-your-writes waiters. */
  private readonly progressed = new AppendSignal();
  private readonly scanned = new Map<string, number>();
  private readonly loops: Promise<void>[] = [];
  private wake: HeadWatch | null = null;
  /** The pages being read for the live loops, by position: loops at the same checkpoint share one read (and one parse). */
  private readonly sharedPages = new Map<number, { generation: number; page: Promise<ReadAllPage> }>();
  private stopped = false;
  /**
   * The loops' batches run one after the other, and each asks this taker before it starts:
   * loops resumed together after a turn would otherwise queue their batches at once and
   * run them back to back (four projections' batches: one long stall).
   */
  private readonly turns: TurnTaker;
  private batches: Promise<unknown> = Promise.resolve();
  private readonly batchSize: number;
  private readonly rebuildSpan: number;
  private readonly gatherMs: number;
  /** Notified by stop() and by a reader waiting for the read models: a loop gathering appends stops waiting. */
  private readonly hurried = new AppendSignal();
  /** The loops whose last batch did not reach the end of the log (catching up after a start, a version built beside the live one) or failed. */
  private readonly behind = new Set<string>();
  /** Versions found live or retired: a version never goes back to building, so a live loop does not ask again at every batch. */
  private readonly settled = new Set<string>();
  private readonly now: () => Date;

  constructor(
    private readonly store: EventStore,
    readonly db: ReadModelDb,
    readonly projections: Projection<unknown>[],
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.rebuildSpan = options.rebuildSpan ?? 10_000;
    this.gatherMs = options.gatherMs ?? 0;
    this.turns = new TurnTaker(options.turnBudgetMs);
    this.now = options.now ?? (() => new Date());
  }

  /** Registers every projection version: a new version is built beside the live one. */
  async register(): Promise<void> {
    for (const p of this.projections) {
      const rows = await this.db.all<{ version: number; status: string }>('SELECT version, status FROM projection_state WHERE name = ?', [p.name]);
      if (!rows.some((r) => Number(r.version) === p.version)) {
        const hasLive = rows.some((r) => r.status === 'live');
        await this.db.run('INSERT INTO projection_state (name, version, position, status, updated_at) VALUES (?, ?, 0, ?, ?)', [p.name, p.version, hasLive ? 'building' : 'live', this.now().toISOString()]);
      }
    }
  }

  /** Starts catch-up then live processing for every projection, in the background. */
  async start(): Promise<void> {
    await this.register();
    const head = await this.store.headPosition();
    // Only a wake-up: the loops read what was appended themselves (a subscription would read and parse every event once more).
    this.wake = this.store.watchHead({ after: head });
    void (async () => {
      for await (const _ of this.wake!) this.appended.notify();
    })().catch(() => undefined);
    for (const p of this.projections) this.behind.add(versionKey(p)); // until each loop's first batch reaches the end
    for (const p of this.projections) this.loops.push(this.loop(p));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.appended.notify();
    this.hurried.notify();
    await this.wake?.close();
    await Promise.allSettled(this.loops);
  }

  private async loop(p: Projection<unknown>): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const generation = this.appended.generation;
        let hurry = this.hurried.generation;
        const started = Date.now();
        const caughtUp = await this.batchInTurn(p);
        failures = 0;
        if (caughtUp) this.behind.delete(versionKey(p));
        else this.behind.add(versionKey(p));
        // Caught up: wait for an append. Not (a new version built beside the live one, a restart behind the log): straight to the next batch, which takes its turn.
        if (caughtUp && this.appended.generation === generation) {
          hurry = this.hurried.generation; // nothing was appended since the batch began: it served the readers waiting so far
          await this.appended.wait(this.options.pollMs ?? 500).promise;
        }
        // Appends that follow one another closely are gathered into one batch, not a batch each; not while a reader waits for them.
        const gather = caughtUp && this.hurried.generation === hurry ? started + this.gatherMs - Date.now() : 0;
        if (gather > 0 && !this.stopped) await this.hurried.wait(gather).promise;
      } catch (e) {
        this.options.onError?.(p.name, e);
        this.behind.add(versionKey(p)); // failing: readers are not kept waiting for it (health reports its lag)
        failures++;
        await this.appended.wait(Math.min(10_000, 100 * 2 ** Math.min(failures, 7))).promise;
      }
    }
  }

  /** A loop's batch, after the batches queued before it, and after a turn given to the event loop when one is due. */
  private batchInTurn(p: Projection<unknown>): Promise<boolean> {
    const next = this.batches.then(async () => {
      await this.turns.due();
      return this.step(p, undefined, true);
    });
    this.batches = next.catch(() => undefined);
    return next;
  }

  /** Processes one batch; returns true when the projection has reached the end of the log. */
  async step(p: Projection<unknown>, onProgress?: (processed: number, position: number) => void, live = false): Promise<boolean> {
    const position = await this.position(p);
    const page = await (live ? this.sharedPage(position) : this.store.readAll({ after: position, maxCount: this.batchSize }));
    if (page.events.length) {
      const applied = await this.db.transaction((tx) => this.applyEvents(tx, p, page.events, position, page.nextAfter));
      if (!applied) return false; // another runner (another gateway, a CLI rebuild) moved the checkpoint: read again from it
      onProgress?.(page.events.length, page.nextAfter);
    }
    this.scanned.set(versionKey(p), page.nextAfter);
    this.progressed.notify();
    if (page.isEnd) await this.promoteIfBuilding(p);
    return page.isEnd;
  }

  /**
   * A page of the log after `position`, for the live loops. They wake on the same appends
   * and usually stand at the same checkpoint: they share one read while no append has
   * been signalled since it began. A page read before an append only lacks that append's
   * events, and the append signal's new generation (every append is signalled while the
   * runner is started) makes every loop read again, so nothing is missed. Events are
   * shared read-only: a projection's evolve never modifies the event it is given.
   */
  private sharedPage(position: number): Promise<ReadAllPage> {
    const generation = this.appended.generation;
    const shared = this.sharedPages.get(position);
    if (shared && shared.generation === generation) return shared.page;
    for (const [at, entry] of this.sharedPages) if (entry.generation !== generation) this.sharedPages.delete(at);
    const page = this.store.readAll({ after: position, maxCount: this.batchSize });
    this.sharedPages.set(position, { generation, page });
    page.catch(() => this.sharedPages.delete(position));
    return page;
  }

  async position(p: Projection<unknown>): Promise<number> {
    const r = await this.db.all<{ position: number | string }>('SELECT position FROM projection_state WHERE name = ? AND version = ?', [p.name, p.version]);
    return Number(r[0]?.position ?? 0);
  }

  /** The checkpoint row, read inside a transaction and locked on PostgreSQL (SQLite's `BEGIN IMMEDIATE` already holds the only write lock). */
  private lockedState(tx: ReadModelTx, p: Projection<unknown>) {
    const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    return tx.all<{ position: number | string; status: string }>(`SELECT position, status FROM projection_state WHERE name = ? AND version = ?${lock}`, [p.name, p.version]);
  }

  /**
   * Applies events read after `from` to a projection's documents and moves its checkpoint to
   * `lastPosition`, inside the caller's transaction: a compare-and-set. When the checkpoint is
   * no longer `from` (another runner applied those events since it was read: several gateways
   * on the same read models, or a CLI rebuild beside the server), nothing is applied and the
   * answer is false.
   */
  private async applyEvents(tx: ReadModelTx, p: Projection<unknown>, events: RecordedEvent[], from: number, lastPosition: number): Promise<boolean> {
    if (!(await this.checkpointIs(tx, p, from))) return false;
    const changes = new DocChanges(p);
    await changes.apply(tx, events);
    await this.commitChanges(tx, changes, lastPosition);
    return true;
  }

  /** Whether the projection's checkpoint, read and locked inside the transaction, still stands at `from`. */
  private async checkpointIs(tx: ReadModelTx, p: Projection<unknown>, from: number): Promise<boolean> {
    const [state] = await this.lockedState(tx, p);
    return Number(state?.position ?? 0) === from;
  }

  /** Writes the changed documents, then moves the checkpoint to `lastPosition`, in the caller's transaction. */
  private async commitChanges(tx: ReadModelTx, changes: DocChanges, lastPosition: number): Promise<void> {
    const p = changes.projection;
    await changes.write(tx);
    await this.options.beforeCommit?.(p.name, lastPosition);
    await tx.run('UPDATE projection_state SET position = ?, updated_at = ? WHERE name = ? AND version = ?', [lastPosition, this.now().toISOString(), p.name, p.version]);
  }

  /** A version built beside the live one takes over once it has caught up; the old one's documents go. */
  private async promoteIfBuilding(p: Projection<unknown>): Promise<void> {
    if (this.settled.has(versionKey(p))) return;
    const r = await this.db.all<{ status: string }>('SELECT status FROM projection_state WHERE name = ? AND version = ?', [p.name, p.version]);
    if (r[0]?.status !== 'building') {
      if (r[0]) this.settled.add(versionKey(p));
      return;
    }
    await this.db.transaction(async (tx) => {
      // Another runner may have promoted it since: promoting twice would retire the new live version and delete its documents.
      const [state] = await this.lockedState(tx, p);
      if (state?.status !== 'building') return;
      const old = await tx.all<{ version: number }>("SELECT version FROM projection_state WHERE name = ? AND status = 'live'", [p.name]);
      await tx.run("UPDATE projection_state SET status = 'retired' WHERE name = ? AND status = 'live'", [p.name]);
      await tx.run("UPDATE projection_state SET status = 'live' WHERE name = ? AND version = ?", [p.name, p.version]);
      for (const o of old) await tx.run('DELETE FROM read_model_docs WHERE projection = ? AND version = ?', [p.name, o.version]);
    });
  }

  /** Catches one projection up to the head now (CLI rebuild, tests). */
  async catchUp(p: Projection<unknown>, onProgress?: (processed: number, position: number) => void): Promise<void> {
    while (!(await this.step(p, onProgress))) {
      /* next batch */
    }
  }

  /** Throws away a projection version's documents and checkpoint, then rebuilds it from the first event. */
  async rebuild(p: Projection<unknown>, onProgress?: (processed: number, position: number) => void): Promise<void> {
    await this.register();
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM read_model_docs WHERE projection = ? AND version = ?', [p.name, p.version]);
      await tx.run('UPDATE projection_state SET position = 0, updated_at = ? WHERE name = ? AND version = ?', [this.now().toISOString(), p.name, p.version]);
    });
    await this.catchUp(p, onProgress);
  }

  /**
   * Rebuilds several projections in one pass over the log: each page is read and parsed
   * once and applied to every projection. One transaction (documents and checkpoints)
   * covers a span of up to `rebuildSpan` events, read in pages of the runner's batch size:
   * a page's events are done with before the next is read, so they die young instead of
   * being kept (and copied by the garbage collector) for a whole transaction, and a
   * document the span's pages touch several times (an order's thousands of penalty days)
   * is loaded and written once per span, not once per page.
   */
  async rebuildAll(ps: Projection<unknown>[], onProgress?: (processed: number, position: number) => void): Promise<void> {
    await this.register();
    await this.db.transaction(async (tx) => {
      for (const p of ps) {
        await tx.run('DELETE FROM read_model_docs WHERE projection = ? AND version = ?', [p.name, p.version]);
        await tx.run('UPDATE projection_state SET position = 0, updated_at = ? WHERE name = ? AND version = ?', [this.now().toISOString(), p.name, p.version]);
      }
    });
    let after = 0;
    let end = false;
    while (!end) {
      const from = after;
      const read = await this.db.transaction(async (tx) => {
        // A projection another runner has moved past `from` is left to it.
        const spans: DocChanges[] = [];
        for (const p of ps) if (await this.checkpointIs(tx, p, from)) spans.push(new DocChanges(p));
        let events = 0;
        let position = from;
        while (events < this.rebuildSpan && !end) {
          const page = await this.store.readAll({ after: position, maxCount: this.batchSize });
          for (const changes of spans) await changes.apply(tx, page.events);
          events += page.events.length;
          position = page.nextAfter;
          end = page.isEnd;
        }
        if (events) for (const changes of spans) await this.commitChanges(tx, changes, position);
        return { events, position };
      });
      after = read.position;
      if (read.events) onProgress?.(read.events, read.position);
    }
    for (const p of ps) {
      this.scanned.set(versionKey(p), after);
      await this.promoteIfBuilding(p);
    }
    this.progressed.notify();
  }

  /**
   * Read-your-writes: resolves true once every live projection has read past `position`,
   * false after `timeoutMs`. A projection has read past it when this runner's loops have
   * (they also count pages with nothing for it), or when its stored checkpoint has: the only
   * sign of progress when the projections run in another process (PROJECTIONS_ENABLED=false
   * here), which this process then polls every 20 ms.
   */
  async waitFor(position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const generation = this.progressed.generation;
      const live = await this.liveCheckpoints();
      const done = this.projections
        .filter((p) => live.get(p.name)?.version === p.version)
        .every((p) => Math.max(this.scanned.get(versionKey(p)) ?? 0, live.get(p.name)!.position) >= position);
      if (done) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      if (this.gatherMs > 0) this.hurried.notify(); // loops gathering appends apply them now
      if (this.progressed.generation === generation) await this.progressed.wait(Math.min(left, this.loops.length ? 100 : 20)).promise;
    }
  }

  /**
   * Read-your-writes without asking: when this runner keeps the read models (its loops run
   * in this process) and they are live at the end of the log, waits, at most `timeoutMs`,
   * until they hold the log as it stands now; false if they did not in time. A reader then
   * sees every write acknowledged before it asked, by this process or another, without
   * carrying a position back; loops gathering appends (PROJECTION_GATHER_MS) apply them at
   * once. Read models catching up a backlog (after a start), or kept by another process,
   * are not waited for: those readers ask for their write (X-Min-Position).
   */
  async settle(timeoutMs: number): Promise<boolean> {
    if (!this.loops.length || this.stopped || this.behind.size) return true;
    const head = await this.store.headPosition();
    if (this.projections.every((p) => (this.scanned.get(versionKey(p)) ?? 0) >= head)) return true;
    return this.waitFor(head, timeoutMs);
  }

  /** Waits, bounded, until the read models have read up to `position`: a 503 READ_MODEL_BEHIND (retry shortly) if they have not within `timeoutMs`. */
  async reach(position: number, timeoutMs = 5000): Promise<void> {
    if (!(await this.waitFor(position, timeoutMs))) {
      throw DomainError.unavailable('READ_MODEL_BEHIND', {
        en: `The read models have not reached position ${position} yet; retry shortly`,
        fr: `Les vues n’ont pas encore atteint la position ${position} ; réessayez sous peu`,
      });
    }
  }

  private async liveCheckpoints(): Promise<Map<string, { version: number; position: number }>> {
    const rows = await this.db.all<{ name: string; version: number; position: number | string }>("SELECT name, version, position FROM projection_state WHERE status = 'live'");
    return new Map(rows.map((r) => [r.name, { version: Number(r.version), position: Number(r.position) }]));
  }

  async liveVersions(): Promise<Map<string, number>> {
    return new Map([...(await this.liveCheckpoints())].map(([name, live]) => [name, live.version]));
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const rows = await this.db.all<{ name: string; version: number; position: number | string; status: ProjectionStatus['status'] }>(
      'SELECT name, version, position, status FROM projection_state ORDER BY name, version',
    );
    const out: ProjectionStatus[] = [];
    for (const r of rows) {
      const position = Number(r.position);
      let lagSeconds = 0;
      if (position < head) {
        const next = await this.store.readAll({ after: position, maxCount: 1 });
        if (next.events[0]) lagSeconds = Math.max(0, (this.now().getTime() - Date.parse(next.events[0].metadata.recordedAt)) / 1000);
      }
      out.push({ name: r.name, version: Number(r.version), status: r.status, position, head, lagEvents: Math.max(0, head - position), lagSeconds });
    }
    return out;
  }
}

/**
 * A projection's documents as a transaction changes them: each is loaded (or found absent)
 * the first time an event touches it, evolved in memory by every later event, and written
 * once, by `write`. A document evolve removes (null) is deleted.
 */
class DocChanges {
  private readonly docs = new Map<string, unknown>();

  constructor(readonly projection: Projection<unknown>) {}

  async apply(tx: ReadModelTx, events: RecordedEvent[]): Promise<void> {
    const p = this.projection;
    const byKey = new Map<string, RecordedEvent[]>();
    for (const e of events) {
      const key = p.keyOf(e);
      if (key === null) continue;
      const list = byKey.get(key);
      if (list) list.push(e);
      else byKey.set(key, [e]);
    }
    const loaded = await loadDocs(tx, p, [...byKey.keys()].filter((key) => !this.docs.has(key)));
    for (const [key, list] of byKey) {
      let doc = this.docs.has(key) ? this.docs.get(key)! : loaded.has(key) ? p.deserialize(loaded.get(key)!) : null;
      for (const e of list) doc = p.evolve(doc, e);
      this.docs.set(key, doc);
    }
  }

  async write(tx: ReadModelTx): Promise<void> {
    const p = this.projection;
    for (const [key, doc] of this.docs) {
      if (doc === null) {
        await tx.run('DELETE FROM read_model_docs WHERE projection = ? AND version = ? AND key = ?', [p.name, p.version, key]);
      } else {
        const ix = p.index(doc);
        await tx.run(
          `INSERT INTO read_model_docs (projection, version, key, org, status, kind, sort, doc, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (projection, version, key) DO UPDATE SET org = excluded.org, status = excluded.status, kind = excluded.kind, sort = excluded.sort, doc = excluded.doc, summary = excluded.summary`,
          [p.name, p.version, key, ix.org ?? null, ix.status ?? null, ix.kind ?? null, ix.sort ?? null, p.serialize(doc), p.summarize ? JSON.stringify(p.summarize(doc)) : null],
        );
      }
    }
  }
}

/** A projection version's key in the runner's in-memory state (what it scanned, whether it is behind). */
const versionKey = (p: Projection<unknown>) => `${p.name}@${p.version}`;

async function loadDocs(tx: ReadModelTx, p: Projection<unknown>, keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const rows = await tx.all<Row>(
      `SELECT key, doc FROM read_model_docs WHERE projection = ? AND version = ? AND key IN (${chunk.map(() => '?').join(', ')})`,
      [p.name, p.version, ...chunk],
    );
    for (const r of rows) out.set(r.key, r.doc);
  }
  return out;
}

export interface LiveFilter {
  org?: string;
  orgIn?: string[];
  status?: string[];
  kind?: string;
  key?: string;
}

export interface LivePage {
  limit?: number;
  afterSort?: string;
  afterKey?: string;
  descending?: boolean;
}

/**
 * The query over a projection's live version, filtered by its index columns, in (sort, key)
 * order: an index range scan (see the read-model schema), never a sort of every document.
 * Null when the filter can match nothing.
 */
export function liveQuery(p: Pick<Projection<unknown>, 'name'>, columns: string, filter: LiveFilter = {}, page: LivePage = {}): { sql: string; params: unknown[] } | null {
  const where = ['projection = ?', "version = (SELECT version FROM projection_state WHERE name = ? AND status = 'live')"];
  const params: unknown[] = [p.name, p.name];
  if (filter.key) (where.push('key = ?'), params.push(filter.key));
  if (filter.org) (where.push('org = ?'), params.push(filter.org));
  if (filter.kind) (where.push('kind = ?'), params.push(filter.kind));
  if (filter.orgIn) {
    if (filter.orgIn.length === 0) return null;
    where.push(`org IN (${filter.orgIn.map(() => '?').join(', ')})`);
    params.push(...filter.orgIn);
  }
  if (filter.status?.length) (where.push(`status IN (${filter.status.map(() => '?').join(', ')})`), params.push(...filter.status));
  const [cmp, dir] = page.descending ? ['<', ' DESC'] : ['>', ''];
  if (page.afterSort !== undefined) (where.push(`(sort ${cmp} ? OR (sort = ? AND key ${cmp} ?))`), params.push(page.afterSort, page.afterSort, page.afterKey ?? ''));
  const limit = page.limit ? ` LIMIT ${Math.floor(page.limit)}` : '';
  return { sql: `SELECT ${columns} FROM read_model_docs WHERE ${where.join(' AND ')} ORDER BY sort${dir}, key${dir}${limit}`, params };
}

/** Reads the live documents of a projection, filtered by its index columns. */
export async function liveDocs<D>(db: ReadModelDb, p: Projection<D>, filter: LiveFilter = {}, page: LivePage = {}): Promise<D[]> {
  const q = liveQuery(p, 'doc', filter, page);
  if (!q) return [];
  const rows = await db.all<{ doc: string }>(q.sql, q.params);
  return rows.map((r) => p.deserialize(r.doc));
}

export interface LiveSummary<S> {
  summary: S;
  sort: string;
  key: string;
}

/**
 * Reads list items (a projection's `summarize`) without parsing whole documents. A row
 * written before its projection stored summaries (a new version still building) is
 * summarized from its document.
 */
export async function liveSummaries<D, S>(db: ReadModelDb, p: Omit<Projection<D>, 'summarize'> & { summarize(doc: D): S }, filter: LiveFilter = {}, page: LivePage = {}): Promise<LiveSummary<S>[]> {
  const q = liveQuery(p, 'summary, CASE WHEN summary IS NULL THEN doc END AS doc, sort, key', filter, page);
  if (!q) return [];
  const rows = await db.all<{ summary: string | null; doc: string | null; sort: string; key: string }>(q.sql, q.params);
  return rows.map((r) => ({ summary: r.summary !== null ? (JSON.parse(r.summary) as S) : p.summarize(p.deserialize(r.doc!)), sort: r.sort, key: r.key }));
}
