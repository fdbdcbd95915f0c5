/** The longest time the event loop went without a turn: a 5 ms timer's longest gap between two ticks, until stopped. */
export function stallMeter() {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return {
    async stop(): Promise<number> {
      await new Promise((r) => setTimeout(r, 20)); // one more tick: a stall that ends with the work is counted too
      clearInterval(timer);
      return Math.round(longest);
    },
  };
}
