/**
 * Channel names, depths and intervals of the Kraken v1 API (protocol reference 5.1).
 */

/** Book depths Kraken accepts. @category Protocol @since 0.1.0 */
export const BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;
/** @category Protocol @since 0.1.0 */
export type BookDepth = (typeof BOOK_DEPTHS)[number];

/** OHLC intervals Kraken accepts, in minutes. @category Protocol @since 0.1.0 */
export const OHLC_INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const;
/** @category Protocol @since 0.1.0 */
export type OhlcInterval = (typeof OHLC_INTERVALS)[number];

/** Public channel names as used in `subscription.name`. @category Protocol @since 0.1.0 */
export type PublicChannel = 'ticker' | 'trade' | 'spread' | 'ohlc' | 'book';
/** Private channel names. @category Protocol @since 0.1.0 */
export type PrivateChannel = 'ownTrades' | 'openOrders';

/** @internal */
export function isBookDepth(value: unknown): value is BookDepth {
  return (BOOK_DEPTHS as readonly unknown[]).includes(value);
}

/** @internal */
export function isOhlcInterval(value: unknown): value is OhlcInterval {
  return (OHLC_INTERVALS as readonly unknown[]).includes(value);
}

/**
 * The wire channel name of a public subscription: `book-25`, `ohlc-5`, `ticker`...
 * @internal
 */
export function channelNameOf(name: PublicChannel, options: { depth?: number; interval?: number } = {}): string {
  if (name === 'book') return `book-${options.depth ?? 10}`;
  if (name === 'ohlc') return `ohlc-${options.interval ?? 1}`;
  return name;
}

/** Parsed channel names: a connection sees a handful of distinct ones, once per frame each. */
const parsedChannelNames = new Map<string, { readonly name: string; readonly suffix?: number }>();
const MAX_CACHED_CHANNEL_NAMES = 256;

/** Splits `book-25` into `{ name: 'book', suffix: 25 }` (cached). @internal */
export function parseChannelName(channelName: string): { readonly name: string; readonly suffix?: number } {
  const cached = parsedChannelNames.get(channelName);
  if (cached !== undefined) return cached;
  const parsed = splitChannelName(channelName);
  // Bounded: unknown channel names in bad frames must not grow it without limit.
  if (parsedChannelNames.size < MAX_CACHED_CHANNEL_NAMES) parsedChannelNames.set(channelName, parsed);
  return parsed;
}

function splitChannelName(channelName: string): { readonly name: string; readonly suffix?: number } {
  const dash = channelName.indexOf('-');
  if (dash < 0) return { name: channelName };
  const digits = channelName.slice(dash + 1);
  const suffix = Number(digits);
  return digits !== '' && Number.isInteger(suffix) ? { name: channelName.slice(0, dash), suffix } : { name: channelName };
}
