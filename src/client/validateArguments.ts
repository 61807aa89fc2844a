import { InvalidArgumentError } from '../errors/protocolErrors';
import { BOOK_DEPTHS, OHLC_INTERVALS, isBookDepth, isOhlcInterval } from '../protocol/channels';
import type { BookDepth, OhlcInterval } from '../protocol/channels';

const WS_PAIR = /^[A-Za-z0-9.]+\/[A-Za-z0-9.]+$/;
const REST_PAIR = /^[A-Za-z0-9.]{4,}$/;

/** Whether a pair is already in WebSocket form (`XBT/USD`): sent as given, Kraken decides. @internal */
export function isWsPairName(pair: string): boolean {
  return WS_PAIR.test(pair);
}

/** Whether a pair looks like a REST name (`XBTUSD`, `XXBTZUSD`) that can be resolved. @internal */
export function isRestPairName(pair: string): boolean {
  return REST_PAIR.test(pair);
}

/**
 * Normalises the `pairs` argument of a feed: one pair or a non-empty array of distinct pairs,
 * each a WebSocket name or a REST name to resolve.
 * @internal
 */
export function checkPairs(pairs: unknown, argument = 'pair'): readonly string[] {
  const list = typeof pairs === 'string' ? [pairs] : pairs;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidArgumentError(argument, pairs, 'a pair such as "XBT/USD" or a non-empty array of pairs');
  }
  for (const pair of list) {
    if (typeof pair !== 'string' || !(isWsPairName(pair) || isRestPairName(pair))) {
      throw new InvalidArgumentError(argument, pair, 'a pair such as "XBT/USD" (Kraken\'s WebSocket name, wsname)');
    }
  }
  return [...new Set(list as string[])];
}

/** @internal */
export function checkDepth(depth: unknown): BookDepth {
  if (depth === undefined) return 10;
  if (!isBookDepth(depth)) throw new InvalidArgumentError('depth', depth, `one of ${BOOK_DEPTHS.join(', ')}`);
  return depth;
}

/** @internal */
export function checkInterval(interval: unknown): OhlcInterval {
  if (interval === undefined) return 1;
  if (!isOhlcInterval(interval)) {
    throw new InvalidArgumentError('interval', interval, `one of ${OHLC_INTERVALS.join(', ')} (minutes)`);
  }
  return interval;
}

/**
 * Rejects option keys a function does not know (a typo must not silently fall back to a default).
 * @internal
 */
export function checkOptions(options: unknown, known: readonly string[], argument = 'options'): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    // The client's config itself is not shown: it may be a secret passed in the wrong place.
    throw new InvalidArgumentError(argument, options, 'an options object', undefined, { showValue: argument !== 'config' });
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      // The value is not shown: an unknown key may be a misspelt `credentials` holding a secret.
      throw new InvalidArgumentError(`${argument}.${key}`, (options as Record<string, unknown>)[key], `no such option (known: ${known.join(', ') || 'none'})`, undefined, {
        showValue: false,
      });
    }
  }
}

/** @internal */
export function checkBoolean(value: unknown, argument: string): void {
  if (value !== undefined && typeof value !== 'boolean') throw new InvalidArgumentError(argument, value, 'true or false');
}

/** The longest delay a timer can wait (setTimeout's limit). */
const MAX_DELAY_MS = 2_147_483_647;

/** A positive number of milliseconds (a timeout), when given. @internal */
export function checkTimeoutMs(value: unknown, argument: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_DELAY_MS) {
    throw new InvalidArgumentError(argument, value, `a positive number of milliseconds (at most ${MAX_DELAY_MS})`);
  }
}

/** A number of milliseconds, 0 or more, when given. @internal */
export function checkDelayMs(value: unknown, argument: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_DELAY_MS) {
    throw new InvalidArgumentError(argument, value, `a number of milliseconds, 0 or more (at most ${MAX_DELAY_MS})`);
  }
}

/** Options of trading requests (`{ timeoutMs }`). @internal */
export function checkRequestOptions(options: unknown): void {
  checkOptions(options, ['timeoutMs']);
  checkTimeoutMs((options as { timeoutMs?: unknown } | undefined)?.timeoutMs, 'timeoutMs');
}

/** A 32-bit signed integer (Kraken's `userref`). @internal */
export function checkUserref(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value > 2 ** 31 - 1) {
    throw new InvalidArgumentError('userref', value, 'a 32-bit signed integer');
  }
  return value;
}

/** The keys of `KrakenClientConfig`, and of its nested option objects. */
const CLIENT_CONFIG_KEYS = [
  'url',
  'authUrl',
  'restUrl',
  'webSocket',
  'scheduler',
  'lingerMs',
  'reconnect',
  'rateBudget',
  'liveness',
  'subscriptions',
  'pingTimeoutMs',
  'credentials',
  'tokenProvider',
  'fetch',
  'requestTimeoutMs',
  'pairNames',
  'bookResync',
  'tradeBackfill',
];

/**
 * Checks what `createKrakenClient` can check by itself: no unknown option at any level, and
 * the values no lower layer checks (the transport checks its own: URLs, linger, backoff, rate
 * budget and liveness values).
 * @internal
 */
export function checkClientConfig(config: unknown): void {
  checkOptions(config, CLIENT_CONFIG_KEYS, 'config');
  const c = (config ?? {}) as Record<string, unknown>;
  if (c['pairNames'] !== undefined && c['pairNames'] !== 'resolve' && c['pairNames'] !== 'strict') {
    throw new InvalidArgumentError('pairNames', c['pairNames'], "'resolve' or 'strict'");
  }
  if (c['restUrl'] !== undefined && (typeof c['restUrl'] !== 'string' || !/^https?:\/\//.test(c['restUrl']))) {
    throw new InvalidArgumentError('restUrl', c['restUrl'], 'an http:// or https:// URL');
  }
  checkTimeoutMs(c['requestTimeoutMs'], 'requestTimeoutMs');
  checkTimeoutMs(c['pingTimeoutMs'], 'pingTimeoutMs');
  checkOptions(c['reconnect'], ['baseMs', 'capMs', 'maxAttempts', 'healthyAfterMs', 'rateLimitedMinMs', 'random'], 'reconnect');
  checkOptions(c['rateBudget'], ['burst', 'intervalMs'], 'rateBudget');
  if (c['liveness'] !== false) checkOptions(c['liveness'], ['timeoutMs', 'probeAfterMs'], 'liveness');
  const subscriptions = c['subscriptions'] as Record<string, unknown> | undefined;
  checkOptions(subscriptions, ['ackTimeoutMs', 'firstMessageTimeoutMs', 'maxAttempts', 'rateLimitPauseMs', 'rateLimitPauseCapMs'], 'subscriptions');
  for (const key of ['ackTimeoutMs', 'firstMessageTimeoutMs', 'rateLimitPauseMs', 'rateLimitPauseCapMs']) {
    checkTimeoutMs(subscriptions?.[key], `subscriptions.${key}`);
  }
  const maxAttempts = subscriptions?.['maxAttempts'];
  if (maxAttempts !== undefined && !(typeof maxAttempts === 'number' && Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    throw new InvalidArgumentError('subscriptions.maxAttempts', maxAttempts, 'a whole number >= 1');
  }
  const bookResync = c['bookResync'] as Record<string, unknown> | undefined;
  checkOptions(bookResync, ['baseMs', 'capMs', 'healthyAfterMs'], 'bookResync');
  for (const key of ['baseMs', 'capMs', 'healthyAfterMs']) checkDelayMs(bookResync?.[key], `bookResync.${key}`);
  if (c['tradeBackfill'] !== false) {
    const tradeBackfill = c['tradeBackfill'] as Record<string, unknown> | undefined;
    checkOptions(tradeBackfill, ['minIntervalMs', 'maxRequests'], 'tradeBackfill');
    checkDelayMs(tradeBackfill?.['minIntervalMs'], 'tradeBackfill.minIntervalMs');
    const maxRequests = tradeBackfill?.['maxRequests'];
    if (maxRequests !== undefined && !(typeof maxRequests === 'number' && Number.isInteger(maxRequests) && maxRequests >= 1)) {
      throw new InvalidArgumentError('tradeBackfill.maxRequests', maxRequests, 'a whole number >= 1');
    }
  }
}
