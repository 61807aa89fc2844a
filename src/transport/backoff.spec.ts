import fc from 'fast-check';
import { DEFAULT_BACKOFF_CONFIG, backoffDelay, backoffWindow, type BackoffConfig } from './backoff';

const config = (random: () => number, overrides: Partial<BackoffConfig> = {}): BackoffConfig => ({
  ...DEFAULT_BACKOFF_CONFIG,
  baseMs: 1000,
  capMs: 10_000,
  rateLimitedMinMs: 60_000,
  random,
  ...overrides,
});

describe('backoffWindow', () => {
  it('doubles from baseMs and stops at capMs', () => {
    const c = { baseMs: 1000, capMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6, 50, 5000].map((n) => backoffWindow(n, c))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 10_000]);
  });

  it('treats attempt 0 or below as the first attempt', () => {
    expect(backoffWindow(0, { baseMs: 300, capMs: 1000 })).toBe(300);
  });
});

describe('backoffDelay (full jitter)', () => {
  it('is random() times the window, in whole ms', () => {
    expect(backoffDelay(1, false, config(() => 0.5))).toBe(500);
    expect(backoffDelay(3, false, config(() => 0.25))).toBe(1000);
    expect(backoffDelay(3, false, config(() => 0.3333))).toBe(1333);
  });

  it('spans [0, window): 0 at random() = 0, just below the window near 1', () => {
    expect(backoffDelay(4, false, config(() => 0))).toBe(0);
    expect(backoffDelay(4, false, config(() => 0.99999))).toBe(7999);
    expect(backoffDelay(20, false, config(() => 0.99999))).toBe(9999);
  });

  it('clamps a misbehaving random() into the window', () => {
    expect(backoffDelay(2, false, config(() => 1.5))).toBe(2000);
    expect(backoffDelay(2, false, config(() => -1))).toBe(0);
    expect(backoffDelay(2, false, config(() => Number.NaN))).toBe(0);
  });

  it('adds rateLimitedMinMs after a connection-rate refusal', () => {
    expect(backoffDelay(1, true, config(() => 0))).toBe(60_000);
    expect(backoffDelay(2, true, config(() => 0.5))).toBe(61_000);
  });

  it('always lies within [0, min(cap, base * 2^(n-1))) for random() in [0, 1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 120_000 }),
        (attempt, r, baseMs, capMs) => {
          const delay = backoffDelay(attempt, false, config(() => r, { baseMs, capMs }));
          const window = Math.min(capMs, baseMs * 2 ** (attempt - 1));
          return Number.isInteger(delay) && delay >= 0 && delay < window;
        },
      ),
    );
  });
});
