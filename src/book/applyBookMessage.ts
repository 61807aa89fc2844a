import { BookChecksumError } from '../errors/bookChecksumError';
import { BookSequenceError } from '../errors/bookSequenceError';
import { InvalidArgumentError } from '../errors/protocolErrors';
import type { BookLevelTuple } from '../protocol/bookLevels';
import type { BookSnapshotMessage, BookUpdateMessage } from '../protocol/messages';
import { EMPTY_SIDE, SideDraft, bestOfSide, flattenSide, type Side, type SideSign } from './bookSide';
import { topCache, type TopCache } from './checksum';
import { isZeroDecimal } from './decimal';
import type { BookLevel, OrderBook as OrderBookShape, OrderBookConfig } from './orderBook';

const ASKS: SideSign = 1;
const BIDS: SideSign = -1;

/**
 * The book values this module makes. `asks`/`bids` are own, enumerable properties (so
 * spreading, `JSON.stringify` and deep equality see them): plain frozen arrays when a side fits
 * in one chunk, otherwise getters that build the flat frozen array once, on first read, from
 * the shared chunks. That way a depth-1000 book is never copied just to be emitted.
 */
class OrderBook implements OrderBookShape {
  declare readonly pair: string;
  declare readonly depth: number;
  declare readonly asks: ReadonlyArray<BookLevel>;
  declare readonly bids: ReadonlyArray<BookLevel>;
  declare readonly checksum: number;
  readonly #asks: Side;
  readonly #bids: Side;
  readonly #top: TopCache;
  #flatAsks: ReadonlyArray<BookLevel> | undefined;
  #flatBids: ReadonlyArray<BookLevel> | undefined;

  constructor(pair: string, depth: number, asks: Side, bids: Side, top: TopCache) {
    this.#asks = asks;
    this.#bids = bids;
    this.#top = top;
    this.pair = pair;
    this.depth = depth;
    if (asks.chunks.length > 1) Object.defineProperty(this, 'asks', LAZY_ASKS);
    else this.asks = flattenSide(asks);
    if (bids.chunks.length > 1) Object.defineProperty(this, 'bids', LAZY_BIDS);
    else this.bids = flattenSide(bids);
    this.checksum = top.crc;
    Object.freeze(this);
  }

  static state(book: OrderBook): { asks: Side; bids: Side; top: TopCache } {
    return { asks: book.#asks, bids: book.#bids, top: book.#top };
  }

  static flatAsks(book: OrderBook): ReadonlyArray<BookLevel> {
    return (book.#flatAsks ??= flattenSide(book.#asks));
  }

  static flatBids(book: OrderBook): ReadonlyArray<BookLevel> {
    return (book.#flatBids ??= flattenSide(book.#bids));
  }

  static best(book: OrderBook, sign: SideSign): BookLevel | undefined {
    return bestOfSide(sign === ASKS ? book.#asks : book.#bids);
  }

  static is(value: unknown): value is OrderBook {
    return typeof value === 'object' && value !== null && #top in value;
  }
}

const LAZY_ASKS: PropertyDescriptor = {
  get(this: OrderBook) {
    return OrderBook.flatAsks(this);
  },
  enumerable: true,
};
const LAZY_BIDS: PropertyDescriptor = {
  get(this: OrderBook) {
    return OrderBook.flatBids(this);
  },
  enumerable: true,
};

type BookMessage = BookSnapshotMessage | BookUpdateMessage;

/**
 * The order book reducer: the book after one snapshot or update message.
 *
 * A snapshot starts a new book (whatever `book` was). An update applies every level of every
 * dict in wire order (a zero volume deletes the level; `"r"` republished levels are applied like
 * any other; a repeated price: the last one wins), truncates each side to the depth, then checks
 * Kraken's checksum `c`. Pure: `book` is never changed; the result shares what did not change.
 *
 * @param book The current book, or `undefined` before the first snapshot. Any value with the
 *   {@link OrderBookShape | OrderBook} shape works; values made here are the fastest.
 * @param message A decoded book message of the same channel and pair.
 * @param config `depth` (default: from the channel) and `verify` (default `true`).
 * @returns The new book.
 * @throws {@link BookChecksumError} when the checksum does not match (the book is wrong:
 *   resubscribe); {@link BookSequenceError} for an update before any snapshot or of another
 *   book; {@link InvalidArgumentError} when `config.depth` is not the channel's depth.
 *
 * @example
 * ```ts
 * let book: OrderBook | undefined;
 * for (const frame of frames) {
 *   const decoded = decodeFrame(frame);
 *   if (decoded.ok && (decoded.message.kind === 'bookSnapshot' || decoded.message.kind === 'bookUpdate')) {
 *     book = applyBookMessage(book, decoded.message);
 *   }
 * }
 * ```
 * @category Book
 * @since 0.1.0
 */
export function applyBookMessage(
  book: OrderBookShape | undefined,
  message: BookSnapshotMessage | BookUpdateMessage,
  config: OrderBookConfig = {},
): OrderBookShape {
  const depth = depthOf(message, config);
  if (message.kind === 'bookSnapshot') return fromSnapshot(message, depth);
  if (book === undefined) {
    throw new BookSequenceError({ reason: 'update-before-snapshot', pair: message.pair, channelName: message.channelName });
  }
  if (book.pair !== message.pair || book.depth !== depth) {
    throw new BookSequenceError({
      reason: 'other-book',
      pair: message.pair,
      channelName: message.channelName,
      bookPair: book.pair,
      bookDepth: book.depth,
    });
  }
  const state = OrderBook.is(book) ? OrderBook.state(book) : stateOf(book);
  return applyUpdate(state, message, depth, config.verify ?? true);
}

function depthOf(message: BookMessage, config: OrderBookConfig): number {
  const wanted = config.depth;
  if (wanted === undefined) return message.depth;
  if (wanted !== message.depth) {
    throw new InvalidArgumentError(
      'depth',
      wanted,
      `the depth of the subscription (${message.channelName})`,
      'A book truncated to another depth than Kraken\'s would silently lose or keep levels',
    );
  }
  return wanted;
}

function fromSnapshot(message: BookSnapshotMessage, depth: number): OrderBook {
  const asks = sideFromLevels(message.asks, ASKS, depth);
  const bids = sideFromLevels(message.bids, BIDS, depth);
  return new OrderBook(message.pair, depth, asks, bids, topCache(undefined, asks, bids));
}

function sideFromLevels(levels: ReadonlyArray<BookLevelTuple | BookLevel>, sign: SideSign, depth: number): Side {
  const draft = new SideDraft(EMPTY_SIDE, sign);
  for (const level of levels) {
    const isTuple = Array.isArray(level);
    const price = isTuple ? (level as BookLevelTuple)[0] : (level as BookLevel).price;
    const volume = isTuple ? (level as BookLevelTuple)[1] : (level as BookLevel).volume;
    if (isZeroDecimal(volume)) draft.remove(price);
    else draft.upsert(isTuple ? levelOf(level as BookLevelTuple) : freezeLevel(level as BookLevel));
  }
  draft.truncate(depth);
  return draft.finish();
}

/** The internal state of a book made elsewhere (e.g. parsed from JSON): rebuilt from its arrays. */
function stateOf(book: OrderBookShape): { asks: Side; bids: Side; top: TopCache | undefined } {
  return {
    asks: sideFromLevels(book.asks, ASKS, Number.POSITIVE_INFINITY),
    bids: sideFromLevels(book.bids, BIDS, Number.POSITIVE_INFINITY),
    top: undefined,
  };
}

function applyUpdate(
  state: { asks: Side; bids: Side; top: TopCache | undefined },
  message: BookUpdateMessage,
  depth: number,
  verify: boolean,
): OrderBook {
  let askDraft: SideDraft | undefined;
  let bidDraft: SideDraft | undefined;
  const sides = message.sides;
  for (let s = 0; s < sides.length; s++) {
    const update = sides[s]!;
    const draft =
      update.side === 'ask'
        ? (askDraft ??= new SideDraft(state.asks, ASKS))
        : (bidDraft ??= new SideDraft(state.bids, BIDS));
    const levels = update.levels;
    for (let i = 0; i < levels.length; i++) {
      const tuple = levels[i]!;
      if (isZeroDecimal(tuple[1])) draft.remove(tuple[0]);
      else draft.upsert(levelOf(tuple));
    }
  }
  let asks = state.asks;
  if (askDraft !== undefined) {
    askDraft.truncate(depth);
    asks = askDraft.finish();
  }
  let bids = state.bids;
  if (bidDraft !== undefined) {
    bidDraft.truncate(depth);
    bids = bidDraft.finish();
  }
  const top = topCache(state.top, asks, bids);
  if (verify && message.checksum !== undefined) {
    const expected = Number(message.checksum);
    if (expected !== top.crc) {
      throw new BookChecksumError({ pair: message.pair, depth, expected, computed: top.crc });
    }
  }
  return new OrderBook(message.pair, depth, asks, bids, top);
}

function levelOf(tuple: BookLevelTuple): BookLevel {
  return Object.freeze({ price: tuple[0], volume: tuple[1], timestamp: tuple[2] });
}

function freezeLevel(level: BookLevel): BookLevel {
  return Object.isFrozen(level) ? level : Object.freeze({ price: level.price, volume: level.volume, timestamp: level.timestamp });
}

/**
 * The best level of one side of a book without materialising the side's array.
 * @internal
 */
export function bestLevel(book: OrderBookShape, side: 'ask' | 'bid'): BookLevel | undefined {
  if (OrderBook.is(book)) return OrderBook.best(book, side === 'ask' ? ASKS : BIDS);
  return (side === 'ask' ? book.asks : book.bids)[0];
}
