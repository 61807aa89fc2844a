/**
 * One price level of an order book, with the exact strings Kraken sent for it.
 *
 * @example
 * ```ts
 * const level: BookLevel = { price: '27120.00000', volume: '4.28732553', timestamp: '1693415327.935623' };
 * ```
 * @category Book
 * @since 0.1.0
 */
export interface BookLevel {
  /** The price, as sent (`"27120.00000"`). */
  readonly price: string;
  /** The total volume at that price, as sent (never zero: a zero volume deletes the level). */
  readonly volume: string;
  /** When the level last changed, seconds since the epoch with microseconds, as sent. */
  readonly timestamp: string;
}

/**
 * An immutable, checksum-verified order book: what `toOrderBook()` emits and
 * `applyBookMessage()` returns.
 *
 * `asks` are ascending by price from the best ask, `bids` descending from the best bid, each
 * side at most `depth` levels. No later message ever changes a book value already handed out:
 * every message gives a new value that shares the unchanged parts with the previous one.
 *
 * @example
 * ```ts
 * kraken.bookMessages('XBT/USD', { depth: 25 }).pipe(toOrderBook()).subscribe((book) => {
 *   console.log(book.pair, book.asks[0]?.price, book.bids[0]?.price, book.checksum);
 * });
 * ```
 * @category Book
 * @since 0.1.0
 */
export interface OrderBook {
  /** The pair, as in the channel (`"XBT/USD"`). */
  readonly pair: string;
  /** The subscribed depth: each side holds at most this many levels. */
  readonly depth: number;
  /** Asks, ascending by price (best ask first). */
  readonly asks: ReadonlyArray<BookLevel>;
  /** Bids, descending by price (best bid first). */
  readonly bids: ReadonlyArray<BookLevel>;
  /**
   * Kraken's v1 CRC32 of this book's top 10 levels per side, as an unsigned 32-bit integer.
   * After an update it equals the `c` Kraken sent (when verification is on).
   */
  readonly checksum: number;
}

/**
 * Options of `toOrderBook()` and `applyBookMessage()`.
 *
 * @example
 * ```ts
 * const config: OrderBookConfig = { depth: 25, verify: true };
 * ```
 * @category Book
 * @since 0.1.0
 */
export interface OrderBookConfig {
  /**
   * The subscribed depth, to which each side is truncated after every message. Defaults to
   * the depth in the message's channel (`book-25` → 25); when given it must equal it.
   */
  readonly depth?: number;
  /**
   * Whether to check every update's checksum `c` against the book (default `true`). A
   * mismatch throws, or errors the stream with, a `BookChecksumError`.
   */
  readonly verify?: boolean;
}

/**
 * The defaults of {@link OrderBookConfig}: verify every checksum; depth from the channel.
 *
 * @example
 * ```ts
 * const verifying = DEFAULT_ORDER_BOOK_CONFIG.verify; // true
 * ```
 * @category Book
 * @since 0.1.0
 */
export const DEFAULT_ORDER_BOOK_CONFIG: Readonly<{ verify: boolean }> = Object.freeze({ verify: true });
