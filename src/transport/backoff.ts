/**
 * Reconnection backoff policy of the transport: full jitter, i.e. the delay before reconnection
 * attempt `n` is `random() * min(capMs, baseMs * 2^(n-1))`, plus `rateLimitedMinMs` after a
 * `ConnectionRateLimitError`.
 * @example
 * ```ts
 * const backoff: Partial<BackoffConfig> = { baseMs: 1000, capMs: 60_000, maxAttempts: 10 };
 * createReconnectingSocket({ url, webSocketFactory, backoff });
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface BackoffConfig {
  /** Upper bound of the first retry's delay, in ms (the exponential window starts here). */
  readonly baseMs: number;
  /** Largest exponential window, in ms. */
  readonly capMs: number;
  /**
   * How many reconnection attempts in a row may fail before the socket gives up (status
   * `closed`, reason `gave-up`, and `connection$` errors). `undefined`: never give up.
   * `0`: never reconnect.
   */
  readonly maxAttempts?: number | undefined;
  /** A connection that stayed open this long resets the backoff: its drop counts as a first failure. */
  readonly healthyAfterMs: number;
  /** Extra delay, in ms, added to the jittered delay after a `ConnectionRateLimitError`. */
  readonly rateLimitedMinMs: number;
  /** Source of randomness in `[0, 1)`, injectable for tests. */
  readonly random: () => number;
}

/**
 * Defaults of {@link BackoffConfig}: retries jittered within 0.5 s, 1 s, 2 s ... up to 30 s;
 * never give up; reset after 10 s of healthy connection; after a connection-rate refusal wait
 * at least 60 s (Kraken's Cloudflare front bans an address that opens too many connections).
 * @example
 * ```ts
 * createReconnectingSocket({ url, webSocketFactory, backoff: { ...DEFAULT_BACKOFF_CONFIG, maxAttempts: 5 } });
 * ```
 * @category Client
 * @since 0.1.0
 */
export const DEFAULT_BACKOFF_CONFIG: BackoffConfig = Object.freeze({
  baseMs: 500,
  capMs: 30_000,
  healthyAfterMs: 10_000,
  rateLimitedMinMs: 60_000,
  random: Math.random,
});

/**
 * The exponential window of attempt `attempt` (1-based): `min(capMs, baseMs * 2^(attempt-1))`.
 * @internal
 */
export function backoffWindow(attempt: number, config: Pick<BackoffConfig, 'baseMs' | 'capMs'>): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(config.capMs, config.baseMs * 2 ** exponent);
}

/**
 * Full-jitter delay before reconnection attempt `attempt` (1-based), in whole ms:
 * `floor(random() * window)`, plus `rateLimitedMinMs` when the failure was a connection-rate
 * refusal. Pure apart from `config.random`.
 * @internal
 */
export function backoffDelay(attempt: number, rateLimited: boolean, config: BackoffConfig): number {
  const window = backoffWindow(attempt, config);
  const r = config.random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  const jitter = Math.min(window, Math.floor(unit * window));
  return rateLimited ? config.rateLimitedMinMs + jitter : jitter;
}
