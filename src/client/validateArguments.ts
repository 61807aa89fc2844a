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
    throw new InvalidArgumentError(argument, options, 'an options object');
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new InvalidArgumentError(`${argument}.${key}`, (options as Record<string, unknown>)[key], `no such option (known: ${known.join(', ') || 'none'})`);
    }
  }
}
