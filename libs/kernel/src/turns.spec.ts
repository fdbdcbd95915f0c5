import { TurnTaker } from './turns';

describe('TurnTaker', () => {
  it('lets work go on while its budget lasts, then gives one turn and starts a new budget', async () => {
    let now = 1000;
    const turns = new TurnTaker(20, () => now);
    now += 19;
    expect(turns.due()).toBeUndefined();
    now += 1;
    const turn = turns.due();
    expect(turn).toBeInstanceOf(Promise);
    await turn;
    expect(turns.due()).toBeUndefined();
    now += 20;
    expect(turns.due()).toBeInstanceOf(Promise);
  });

  it('workers sharing a taker share its turn: asking while a turn is pending waits for that same turn', async () => {
    let now = 0;
    const turns = new TurnTaker(10, () => now);
    now = 10;
    const first = turns.due();
    now = 11; // another worker asks before the turn came
    const second = turns.due();
    expect(second).toBe(first);
    await first;
    expect(turns.due()).toBeUndefined();
  });

  it('a turn lets what was waiting for the event loop run first (a macrotask, not a microtask)', async () => {
    let now = 0;
    const turns = new TurnTaker(5, () => now);
    const order: string[] = [];
    setImmediate(() => order.push('other request'));
    now = 5;
    await turns.due();
    order.push('work goes on');
    expect(order).toEqual(['other request', 'work goes on']);
  });
});
