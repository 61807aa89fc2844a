import { fullRateBudget, pauseRateBudget, refillRateBudget, takeFromRateBudget, type RateBudgetState } from './rateBudget';

const config = { burst: 3, intervalMs: 100 };

/** Takes at each time in `times`, returning which takes succeeded. */
function takes(times: number[], start: RateBudgetState = fullRateBudget(config, 0)): Array<boolean | number> {
  let state = start;
  return times.map((t) => {
    const take = takeFromRateBudget(state, t, config);
    state = take.state;
    return take.ok ? true : take.waitMs;
  });
}

describe('rate budget (token bucket)', () => {
  it('allows a burst, then says how long to wait for the next message', () => {
    expect(takes([0, 0, 0, 0])).toEqual([true, true, true, 100]);
  });

  it('earns one message per interval', () => {
    expect(takes([0, 0, 0, 100, 100, 150, 200])).toEqual([true, true, true, true, 100, 50, true]);
  });

  it('never holds more than the burst', () => {
    expect(takes([0, 0, 0, 10_000, 10_000, 10_000, 10_000])).toEqual([true, true, true, true, true, true, 100]);
  });

  it('refills up to the capacity', () => {
    const empty: RateBudgetState = { creditMs: 0, at: 0 };
    expect(refillRateBudget(empty, 150, config)).toEqual({ creditMs: 150, at: 150 });
    expect(refillRateBudget(empty, 1000, config)).toEqual({ creditMs: 300, at: 1000 });
    expect(refillRateBudget(empty, 0, config)).toBe(empty);
  });

  it('after a pause allows nothing until its end, then one message, then the steady rate', () => {
    const paused = pauseRateBudget(fullRateBudget(config, 0), 500, config);
    expect(takes([0, 499, 500, 500, 600, 650], paused)).toEqual([500, 1, true, 100, true, 50]);
  });

  it('a shorter pause does not shorten a longer one', () => {
    const paused = pauseRateBudget(pauseRateBudget(fullRateBudget(config, 0), 500, config), 200, config);
    expect(paused.at).toBe(500);
  });

  it('an interval of 0 means no limit', () => {
    const free = { burst: 1, intervalMs: 0 };
    let state = fullRateBudget(free, 0);
    for (let i = 0; i < 100; i += 1) {
      const take = takeFromRateBudget(state, 0, free);
      expect(take.ok).toBe(true);
      state = take.state;
    }
  });
});
