/**
 * Client-side budget for outgoing messages on one connection: a token bucket holding up to
 * `burst` messages, refilled with one message every `intervalMs`. Each connection starts with
 * a full bucket.
 * @example
 * ```ts
 * const rateBudget: RateBudgetConfig = { burst: 10, intervalMs: 100 }; // the default
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface RateBudgetConfig {
  /** Messages that may leave back to back on a fresh (or rested) connection. */
  readonly burst: number;
  /** Time to earn one more message, in ms (steady rate: one message per interval). */
  readonly intervalMs: number;
}

/**
 * Defaults of {@link RateBudgetConfig}: a burst of 10, then one message per 100 ms, well under
 * the rate at which Kraken answers "Exceeded msg rate".
 * @example
 * ```ts
 * createReconnectingSocket({ url, webSocketFactory, rateBudget: { burst: 5, intervalMs: 200 } });
 * ```
 * @category Client
 * @since 0.1.0
 */
export const DEFAULT_RATE_BUDGET_CONFIG: RateBudgetConfig = Object.freeze({ burst: 10, intervalMs: 100 });

/**
 * The bucket, counted in ms of credit so that integer clocks give exact results: one message
 * costs `intervalMs` of credit; credit grows with elapsed time up to `burst * intervalMs`.
 * `at` is the time the credit was last brought up to date; it may be in the future after a
 * pause, in which case no credit accrues before it.
 * @internal
 */
export interface RateBudgetState {
  readonly creditMs: number;
  readonly at: number;
}

/** A full bucket at time `now`. @internal */
export function fullRateBudget(config: RateBudgetConfig, now: number): RateBudgetState {
  return { creditMs: config.burst * config.intervalMs, at: now };
}

/** The bucket brought up to date at `now`. @internal */
export function refillRateBudget(state: RateBudgetState, now: number, config: RateBudgetConfig): RateBudgetState {
  if (now <= state.at) return state;
  const capacity = config.burst * config.intervalMs;
  return { creditMs: Math.min(capacity, state.creditMs + (now - state.at)), at: now };
}

/** The outcome of {@link takeFromRateBudget}. @internal */
export type RateBudgetTake =
  | { readonly ok: true; readonly state: RateBudgetState }
  | { readonly ok: false; readonly state: RateBudgetState; readonly waitMs: number };

/**
 * Spends one message at `now` if the budget allows it; otherwise says how long to wait.
 * @internal
 */
export function takeFromRateBudget(state: RateBudgetState, now: number, config: RateBudgetConfig): RateBudgetTake {
  const current = refillRateBudget(state, now, config);
  if (now >= current.at && current.creditMs >= config.intervalMs) {
    return { ok: true, state: { creditMs: current.creditMs - config.intervalMs, at: current.at } };
  }
  const notBefore = Math.max(0, current.at - now);
  return { ok: false, state: current, waitMs: notBefore + Math.max(0, config.intervalMs - current.creditMs) };
}

/**
 * A bucket that allows nothing before `until`, then exactly one message, then earns credit at
 * the steady rate (used to hold traffic after Kraken answered "Exceeded msg rate": after the
 * pause, messages leave one per interval, not in a burst).
 * @internal
 */
export function pauseRateBudget(state: RateBudgetState, until: number, config: RateBudgetConfig): RateBudgetState {
  return { creditMs: config.intervalMs, at: Math.max(state.at, until) };
}
