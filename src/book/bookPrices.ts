import { bestLevel } from './applyBookMessage';
import { midpointDecimals, subtractDecimals } from './decimal';
import type { BookLevel, OrderBook } from './orderBook';

/**
 * The best (lowest) ask of a book, or `undefined` when there are no asks. Does not build the
 * asks array of a deep book.
 *
 * @example
 * ```ts
 * book$.pipe(map((book) => bestAsk(book)?.price)); // '27120.00000'
 * ```
 * @category Book
 * @since 0.1.0
 */
export function bestAsk(book: OrderBook): BookLevel | undefined {
  return bestLevel(book, 'ask');
}

/**
 * The best (highest) bid of a book, or `undefined` when there are no bids.
 *
 * @example
 * ```ts
 * book$.pipe(map((book) => bestBid(book)?.price)); // '27119.90000'
 * ```
 * @category Book
 * @since 0.1.0
 */
export function bestBid(book: OrderBook): BookLevel | undefined {
  return bestLevel(book, 'bid');
}

/**
 * Best ask minus best bid, exactly, as a decimal string with the prices' decimals
 * (`"27120.00000"` and `"27119.90000"` give `"0.10000"`); `undefined` when a side is empty.
 *
 * @example
 * ```ts
 * book$.pipe(map(spread)); // '0.10000'
 * ```
 * @category Book
 * @since 0.1.0
 */
export function spread(book: OrderBook): string | undefined {
  const ask = bestAsk(book);
  const bid = bestBid(book);
  return ask === undefined || bid === undefined ? undefined : subtractDecimals(ask.price, bid.price);
}

/**
 * The mid price, `(best ask + best bid) / 2`, exactly, as a decimal string: the prices'
 * decimals, plus one when halving needs it (`"27120.00000"` and `"27119.90000"` give
 * `"27119.95000"`; `"1.1"` and `"1.2"` give `"1.15"`); `undefined` when a side is empty.
 *
 * @example
 * ```ts
 * book$.pipe(map(midPrice)); // '27119.95000'
 * ```
 * @category Book
 * @since 0.1.0
 */
export function midPrice(book: OrderBook): string | undefined {
  const ask = bestAsk(book);
  const bid = bestBid(book);
  return ask === undefined || bid === undefined ? undefined : midpointDecimals(ask.price, bid.price);
}
