/**
 * Gives the event loop a turn (timers, I/O, other requests) before long work goes on. A
 * macrotask: awaiting a resolved promise (a microtask) lets nothing else run.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
