import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** SQLite's own default: a checkpoint once the write-ahead log holds 1,000 pages. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/** Between two checkpoints: the log holds about a fifth of a second of commits, plus what readers still needed. */
export const CHECKPOINT_INTERVAL_MS = 200;

/**
 * The worker: its own connection to the same file, a PASSIVE checkpoint at every tick (the
 * mode SQLite's automatic checkpoint uses: it copies what no reader still needs and never
 * waits for readers or writers). Plain JS evaluated as a string, so that it runs the same
 * from the TypeScript sources, from the tests and from the built service; the driver's path
 * comes from the caller.
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 10000 });
db.pragma('synchronous = ' + workerData.synchronous);
setInterval(() => {
  let r;
  try {
    [r] = db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    if (String(e && e.code).startsWith('SQLITE_BUSY')) return; // another connection is checkpointing: next tick
    throw e;
  }
  if (r.log > 0) parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed });
}, workerData.intervalMs);
parentPort.postMessage({ ready: true });
`;

export interface WalCheckpointerOptions {
  intervalMs?: number;
  /** The connection's `synchronous` setting, which a checkpoint's syncs follow: FULL for the event store. */
  synchronous: 'FULL' | 'NORMAL';
  /** Told when the worker could not start or stopped: checkpoints are then back on the connection's commits. */
  onFallback?: (reason: Error) => void;
}

/**
 * Moves a SQLite database's WAL checkpoints off the thread that serves requests.
 *
 * better-sqlite3 is synchronous: a commit that crosses SQLite's automatic checkpoint
 * threshold copies the log into the database file and syncs it on the event loop's own
 * thread, holding every request for 10–25 ms about once a second under the command load
 * (the longest projection batch 11–25 ms with automatic checkpoints, 4–12 ms with this
 * worker: README, "Where a command's tail goes"). Here the connection's automatic
 * checkpoint is turned off and a worker thread checkpoints the same file every
 * `intervalMs`, in the same mode. If the worker cannot start or stops, the automatic
 * checkpoint is turned back on: the log never grows unchecked.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopping = false;
  private fellBack = false;
  /** Frames copied into the database file by the worker's latest checkpoint that found a log. */
  lastCheckpoint: { log: number; checkpointed: number } | null = null;
  /** Resolves true once the worker's connection is open, false if checkpoints fell back to the connection first. */
  readonly ready: Promise<boolean>;
  private settleReady: (running: boolean) => void = () => undefined;

  constructor(
    private readonly db: Database.Database,
    path: string,
    private readonly options: WalCheckpointerOptions,
  ) {
    db.pragma('wal_autocheckpoint = 0');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // Not the parent's flags: a `-r @swc-node/register` (development, tests, benchmarks) would load a TypeScript compiler into every worker, 60 MB each.
      execArgv: [],
      workerData: { driver: require.resolve('better-sqlite3'), path, synchronous: options.synchronous, intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS },
    });
    this.ready = new Promise((r) => (this.settleReady = r));
    this.worker.on('message', (m: { ready?: true; log?: number; checkpointed?: number }) => {
      if (m.ready) this.settleReady(true);
      if (m.log !== undefined) this.lastCheckpoint = { log: m.log, checkpointed: m.checkpointed ?? 0 };
    });
    this.worker.on('error', (e) => this.fallBack(e));
    this.worker.on('exit', (code) => this.fallBack(new Error(`the checkpoint worker stopped (exit code ${code})`)));
    // After the listeners, which would hold the process otherwise: a store left open must not keep a CLI command from exiting.
    this.worker.unref();
  }

  /** True once checkpoints are back on the connection's own commits. */
  get fallenBack(): boolean {
    return this.fellBack;
  }

  private fallBack(reason: Error): void {
    if (this.stopping || this.fellBack) return;
    this.fellBack = true;
    this.settleReady(false);
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    (this.options.onFallback ?? defaultWarning)(reason);
  }

  /** Stops the worker and closes its connection: before the connection it serves is closed, so that the last close still checkpoints and removes the log. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }
}

function defaultWarning(reason: Error): void {
  process.emitWarning(`SQLite checkpoints are back on the request thread: ${reason.message}`, { code: 'VIGIE_WAL_CHECKPOINTER' });
}
