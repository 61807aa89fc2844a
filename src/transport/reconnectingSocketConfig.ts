import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { InvalidArgumentError, type KrakenError } from '../errors';
import { DEFAULT_BACKOFF_CONFIG, type BackoffConfig } from './backoff';
import { DEFAULT_LIVENESS_CONFIG, type LivenessConfig } from './liveness';
import { DEFAULT_RATE_BUDGET_CONFIG, type RateBudgetConfig } from './rateBudget';
import type { WebSocketFactory } from './webSocketLike';

/**
 * Configuration of {@link createReconnectingSocket}. Only `url` and `webSocketFactory` are
 * required; see {@link DEFAULT_RECONNECTING_SOCKET_CONFIG} for the rest.
 * @example
 * ```ts
 * const config: ReconnectingSocketConfig = {
 *   url: 'wss://ws.kraken.com',
 *   webSocketFactory: nodeWebSocketFactory,
 *   lingerMs: 2000,
 *   backoff: { maxAttempts: 20 },
 * };
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface ReconnectingSocketConfig {
  /** The endpoint, e.g. `wss://ws.kraken.com`. Connect by host name (TLS SNI), never by IP. */
  readonly url: string;
  /** Creates each socket: {@link nodeWebSocketFactory}, `webSocketFactoryFrom(WebSocket)`, or a fake. */
  readonly webSocketFactory: WebSocketFactory;
  /** Scheduler of every timer (linger, backoff, liveness, rate budget). Defaults to `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** How long the socket stays open after the last subscriber left, in ms. Default 1000. `0`: close at once. */
  readonly lingerMs?: number;
  /**
   * How long a socket may take to open, in ms, before the attempt is abandoned and counted as
   * a failure (`ConnectionError`, then backoff). Default 10000.
   */
  readonly connectTimeoutMs?: number;
  /** Reconnection backoff; missing fields take {@link DEFAULT_BACKOFF_CONFIG}. */
  readonly backoff?: Partial<BackoffConfig>;
  /** Outgoing message budget per connection; missing fields take {@link DEFAULT_RATE_BUDGET_CONFIG}. */
  readonly rateBudget?: Partial<RateBudgetConfig>;
  /** Liveness watchdog; missing fields take {@link DEFAULT_LIVENESS_CONFIG}; `false` disables it. */
  readonly liveness?: Partial<LivenessConfig> | false;
  /**
   * Looks at every received text frame (after it was delivered on `messages$`) and may declare
   * the connection broken by returning an error: the socket then closes and reconnects with
   * that error (a `ConnectionRateLimitError` gets the longer backoff). If it throws, the
   * connection fails with a `ConnectionError` whose `cause` is the thrown value.
   */
  readonly classifyFrame?: (text: string) => KrakenError | undefined;
}

/**
 * The defaults of {@link ReconnectingSocketConfig}.
 * @example
 * ```ts
 * const lingerMs = DEFAULT_RECONNECTING_SOCKET_CONFIG.lingerMs; // 1000
 * ```
 * @category Client
 * @since 0.1.0
 */
export const DEFAULT_RECONNECTING_SOCKET_CONFIG: {
  readonly lingerMs: number;
  readonly connectTimeoutMs: number;
  readonly backoff: BackoffConfig;
  readonly rateBudget: RateBudgetConfig;
  readonly liveness: LivenessConfig;
} = Object.freeze({
  lingerMs: 1_000,
  connectTimeoutMs: 10_000,
  backoff: DEFAULT_BACKOFF_CONFIG,
  rateBudget: DEFAULT_RATE_BUDGET_CONFIG,
  liveness: DEFAULT_LIVENESS_CONFIG,
});

export interface ResolvedConfig {
  readonly url: string;
  readonly webSocketFactory: WebSocketFactory;
  readonly scheduler: SchedulerLike;
  readonly lingerMs: number;
  readonly connectTimeoutMs: number;
  readonly backoff: BackoffConfig;
  readonly rateBudget: RateBudgetConfig;
  readonly liveness: LivenessConfig | false;
  readonly classifyFrame: ((text: string) => KrakenError | undefined) | undefined;
}

export function resolveConfig(config: ReconnectingSocketConfig): ResolvedConfig {
  const defaults = DEFAULT_RECONNECTING_SOCKET_CONFIG;
  if (typeof config.url !== 'string' || config.url === '') {
    throw new InvalidArgumentError('url', config.url, 'a ws:// or wss:// URL');
  }
  if (typeof config.webSocketFactory !== 'function') {
    throw new InvalidArgumentError('webSocketFactory', typeof config.webSocketFactory, 'a function (url) => WebSocketLike');
  }
  const lingerMs = config.lingerMs ?? defaults.lingerMs;
  requireNumber('lingerMs', lingerMs, 0);
  const connectTimeoutMs = config.connectTimeoutMs ?? defaults.connectTimeoutMs;
  requireNumber('connectTimeoutMs', connectTimeoutMs, 1);
  const backoff: BackoffConfig = { ...defaults.backoff, ...withoutUndefined(config.backoff ?? {}) };
  if (config.backoff !== undefined && 'maxAttempts' in config.backoff) {
    Object.assign(backoff, { maxAttempts: config.backoff.maxAttempts });
  }
  requireNumber('backoff.baseMs', backoff.baseMs, 0);
  requireNumber('backoff.capMs', backoff.capMs, 0);
  requireNumber('backoff.healthyAfterMs', backoff.healthyAfterMs, 0);
  requireNumber('backoff.rateLimitedMinMs', backoff.rateLimitedMinMs, 0);
  if (backoff.maxAttempts !== undefined && !(Number.isInteger(backoff.maxAttempts) && backoff.maxAttempts >= 0)) {
    throw new InvalidArgumentError('backoff.maxAttempts', backoff.maxAttempts, 'a whole number >= 0, or undefined to never give up');
  }
  if (typeof backoff.random !== 'function') {
    throw new InvalidArgumentError('backoff.random', typeof backoff.random, 'a function returning a number in [0, 1)');
  }
  const rateBudget: RateBudgetConfig = { ...defaults.rateBudget, ...withoutUndefined(config.rateBudget ?? {}) };
  if (!(Number.isInteger(rateBudget.burst) && rateBudget.burst >= 1)) {
    throw new InvalidArgumentError('rateBudget.burst', rateBudget.burst, 'a whole number >= 1');
  }
  requireNumber('rateBudget.intervalMs', rateBudget.intervalMs, 0);
  let liveness: LivenessConfig | false = false;
  if (config.liveness !== false) {
    const merged: LivenessConfig = { ...defaults.liveness, ...withoutUndefined(config.liveness ?? {}) };
    if (!(typeof merged.timeoutMs === 'number' && Number.isFinite(merged.timeoutMs) && merged.timeoutMs > 0)) {
      throw new InvalidArgumentError('liveness.timeoutMs', merged.timeoutMs, 'a positive number of milliseconds');
    }
    if (merged.probe !== undefined) {
      if (typeof merged.probe !== 'function') throw new InvalidArgumentError('liveness.probe', typeof merged.probe, 'a function returning a text frame');
      if (!(Number.isFinite(merged.probeAfterMs) && merged.probeAfterMs > 0 && merged.probeAfterMs < merged.timeoutMs)) {
        throw new InvalidArgumentError('liveness.probeAfterMs', merged.probeAfterMs, `a positive number of milliseconds below timeoutMs (${merged.timeoutMs})`);
      }
    }
    liveness = merged;
  }
  if (config.classifyFrame !== undefined && typeof config.classifyFrame !== 'function') {
    throw new InvalidArgumentError('classifyFrame', typeof config.classifyFrame, 'a function (text) => KrakenError | undefined');
  }
  return {
    url: config.url,
    webSocketFactory: config.webSocketFactory,
    scheduler: config.scheduler ?? asyncScheduler,
    lingerMs,
    connectTimeoutMs,
    backoff,
    rateBudget,
    liveness,
    classifyFrame: config.classifyFrame,
  };
}

function requireNumber(name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new InvalidArgumentError(name, value, `a finite number of milliseconds >= ${min}`);
  }
}

/** Drops keys whose value is `undefined`, so that they do not override defaults. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
