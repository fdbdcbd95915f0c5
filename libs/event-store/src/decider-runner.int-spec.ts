import { DeciderLike, EventStore, newResource, runDecider, SqliteEventStore, WrongExpectedRevisionError } from '@app/event-store';

type Event = { type: 'Opened'; data: { by: string }; occurredAt: string };
type State = { opened: boolean };
const decider: DeciderLike<{ by: string }, Event, State> = {
  initialState: () => ({ opened: false }),
  evolve: (_s, _e) => ({ opened: true }),
  decide: (c, s) => (s.opened ? [] : [{ type: 'Opened', data: { by: c.by }, occurredAt: '2026-11-22T15:00:00.000Z' }]),
};
const ctx = { actor: 'user:test', correlationId: 'c' };

describe('runDecider on a stream whose id was just minted (newStream)', () => {
  let store: SqliteEventStore;
  let reads: string[];
  let spy: EventStore;
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    reads = [];
    spy = Object.create(store, { readStream: { value: (s: string, o?: never) => (reads.push(s), store.readStream(s, o)) } });
  });
  afterEach(() => store.close());

  it('decides from the initial state without reading the stream, and appends expecting no stream', async () => {
    const r = await runDecider(spy, 'thing-1', decider, { by: 'a' }, ctx, { newStream: true });
    expect(reads).toEqual([]);
    expect(r).toMatchObject({ revision: 0, events: [{ type: 'Opened' }] });
    expect((await store.readStream('thing-1')).map((e) => e.data)).toEqual([{ by: 'a' }]);
  });

  it('refuses, and writes nothing, when a stream bears the id after all: never an overwrite', async () => {
    await runDecider(store, 'thing-1', decider, { by: 'first' }, ctx);
    await expect(runDecider(spy, 'thing-1', decider, { by: 'second' }, ctx, { newStream: true })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect((await store.readStream('thing-1')).map((e) => e.data)).toEqual([{ by: 'first' }]);
  });

  it('without it, reads the stream and decides on what it holds', async () => {
    await runDecider(store, 'thing-1', decider, { by: 'first' }, ctx);
    const r = await runDecider(spy, 'thing-1', decider, { by: 'second' }, ctx);
    expect(reads).toEqual(['thing-1']);
    expect(r).toMatchObject({ revision: 0, events: [] });
  });
});

describe('newResource', () => {
  it('mints a new id for each command without an Idempotency-Key', () => {
    const a = newResource(ctx);
    const b = newResource(ctx);
    expect(a.minted && b.minted).toBe(true);
    expect(a.id).not.toBe(b.id);
  });

  it('derives the id from an Idempotency-Key, the same at every retry, and does not call it minted (a retry finds its stream)', () => {
    const a = newResource({ ...ctx, idempotencyKey: 'k-1' });
    expect(a).toEqual({ id: newResource({ ...ctx, idempotencyKey: 'k-1' }).id, minted: false });
    expect(newResource({ ...ctx, idempotencyKey: 'k-2' }).id).not.toBe(a.id);
  });
});
