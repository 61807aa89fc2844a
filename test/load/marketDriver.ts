import type { SimulatorMarket } from '../../src/simulator';

/** A market driven at a chosen rate; `stop()` ends it and returns the events it ran. */
export interface MarketDrive {
  stop(): number;
}

/**
 * Runs the simulator's market at `eventsPerSecond` per pair (instead of its configured rate)
 * for the max-rate phase of the load run: pauses the market's own timer, then every 10 ms
 * steps every pair by the events due. When the process cannot keep up, at most 250 ms of
 * events are carried over (the rest is dropped, as the simulator's own timer caps its ticks),
 * so the rate reached is what counts: `stop()` returns the events actually run.
 */
export function driveMarket(market: SimulatorMarket, eventsPerSecond: number): MarketDrive {
  market.pause();
  const pairs = market.pairs.length;
  const maxCarry = Math.max(1, eventsPerSecond / 4);
  let due = 0;
  let events = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    due = Math.min(due + (eventsPerSecond * (now - last)) / 1000, maxCarry);
    last = now;
    const n = Math.floor(due);
    if (n === 0) return;
    due -= n;
    market.step(n);
    events += n * pairs;
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      return events;
    },
  };
}
