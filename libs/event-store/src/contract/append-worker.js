// A separate thread with its own store connection, for the contract suite's real-parallelism
// tests. Plain JS so it can load the TypeScript adapters through @swc-node/register.
require('@swc-node/register');
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const { createEventStore } = require('../factory.ts');
const { WrongExpectedRevisionError } = require('../errors.ts');

(async () => {
  const { url, stream, rounds, worker, mode } = workerData;
  const store = await createEventStore(url);
  const meta = { actor: `worker-${worker}`, correlationId: randomUUID(), occurredAt: new Date().toISOString() };
  let conflicts = 0;
  const written = [];
  try {
    for (let i = 0; i < rounds; i++) {
      if (mode === 'conflict') {
        // Read, decide, append with the expected revision; on conflict read again and retry.
        for (;;) {
          const last = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
          const expected = last.length ? last[0].revision : 'no_stream';
          const id = randomUUID();
          try {
            await store.append(stream, [{ id, type: 'Counted', data: { worker, i }, metadata: meta }], expected);
            written.push(id);
            break;
          } catch (e) {
            if (!(e instanceof WrongExpectedRevisionError)) throw e;
            conflicts++;
          }
        }
      } else {
        const id = randomUUID();
        await store.append(`${stream}-${worker}`, [{ id, type: 'Written', data: { worker, i }, metadata: meta }], 'any');
        written.push(id);
      }
    }
    parentPort.postMessage({ ok: true, conflicts, written });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String(e && e.stack || e) });
  } finally {
    await store.close();
  }
})();
