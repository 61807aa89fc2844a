import { BookChecksumError } from '../errors/bookChecksumError';
import { BookSequenceError } from '../errors/bookSequenceError';
import { InvalidArgumentError } from '../errors/protocolErrors';
import type { BookLevelTuple } from '../protocol/bookLevels';
import type { BookSnapshotMessage, BookUpdateMessage } from '../protocol/messages';
import { EMPTY_SIDE, FLAT_DEPTH, FlatDraft, SideDraft, bestOfSide, flattenSide, sideFromSorted, type Side, type SideSign } from './bookSide';
import { bookCrc } from './checksum';
import { compareDecimals, isZeroDecimal, parseDigits } from './decimal';
import { BookLevel } from './level';
import type { BookLevel as BookLevelShape, OrderBook as OrderBookShape, OrderBookConfig } from './orderBook';

const ASKS: SideSign = 1;
const BIDS: SideSign = -1;

/**
 * The book values this module makes. `asks`/`bids` are own, enumerable properties (so
 * spreading, `JSON.stringify` and deep equality see them): plain arrays when a side is
 * one chunk, otherwise getters that build the flat array on first read from the shared
 * chunks (cached on the side, so versions that share a side share it too). That way a
 * depth-1000 book is never copied just to be emitted.
 */
class OrderBook implements OrderBookShape {
  declare readonly pair: string;
  declare readonly depth: number;
  declare readonly asks: ReadonlyArray<BookLevelShape>;
  declare readonly bids: ReadonlyArray<BookLevelShape>;
  declare readonly checksum: number;
  readonly #asks: Side;
  readonly #bids: Side;

  constructor(pair: string, depth: number, asks: Side, bids: Side, checksum: number) {
    this.#asks = asks;
    this.#bids = bids;
    this.pair = pair;
    this.depth = depth;
    const askChunks = asks.chunks;
    if (askChunks.length > 1) Object.defineProperty(this, 'asks', LAZY_ASKS);
    else this.asks = askChunks.length === 1 ? askChunks[0]! : NO_LEVELS;
    const bidChunks = bids.chunks;
    if (bidChunks.length > 1) Object.defineProperty(this, 'bids', LAZY_BIDS);
    else this.bids = bidChunks.length === 1 ? bidChunks[0]! : NO_LEVELS;
    this.checksum = checksum;
    Object.freeze(this);
  }

  static asksOf(book: OrderBook): Side {
    return book.#asks;
  }

  static bidsOf(book: OrderBook): Side {
    return book.#bids;
  }

  static flatAsks(book: OrderBook): ReadonlyArray<BookLevelShape> {
    return flattenSide(book.#asks);
  }

  static flatBids(book: OrderBook): ReadonlyArray<BookLevelShape> {
    return flattenSide(book.#bids);
  }

  static best(book: OrderBook, sign: SideSign): BookLevelShape | undefined {
    return bestOfSide(sign === ASKS ? book.#asks : book.#bids);
  }

  static is(value: unknown): value is OrderBook {
    return typeof value === 'object' && value !== null && #asks in value;
  }
}

const NO_LEVELS: ReadonlyArray<BookLevelShape> = Object.freeze([]);

/** What the reducer needs of a book version besides its public fields. */
interface BookState {
  readonly asks: Side;
  readonly bids: Side;
  /** The checksum, unsigned. */
  readonly crc: number;
}

function stateWith(asks: Side, bids: Side): BookState {
  return { asks, bids, crc: bookCrc(asks, bids) };
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
 * @throws {BookChecksumError} when the checksum does not match (the book is wrong:
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
  const verify = config.verify ?? true;
  if (OrderBook.is(book)) return applyUpdate(OrderBook.asksOf(book), OrderBook.bidsOf(book), book.checksum, message, depth, verify);
  const state = stateOf(book);
  return applyUpdate(state.asks, state.bids, state.crc, message, depth, verify);
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
  return new OrderBook(message.pair, depth, asks, bids, bookCrc(asks, bids));
}

function sideFromLevels(levels: ReadonlyArray<BookLevelTuple | BookLevelShape>, sign: SideSign, depth: number): Side {
  // Fast path: a snapshot in order (as Kraken sends them), no zero volume, within the depth.
  if (levels.length <= depth) {
    const made: BookLevel[] = [];
    let previous: string | undefined;
    for (const level of levels) {
      const made1 = Array.isArray(level) ? levelOf(level as BookLevelTuple) : levelFrom(level as BookLevelShape);
      if (isZeroDecimal(made1.volume) || (previous !== undefined && sign * compareDecimals(previous, made1.price) >= 0)) {
        return sideFromAnyLevels(levels, sign, depth);
      }
      previous = made1.price;
      made.push(made1);
    }
    return sideFromSorted(made);
  }
  return sideFromAnyLevels(levels, sign, depth);
}

/** Levels in any order, possibly repeated or with zero volumes: applied one by one. */
function sideFromAnyLevels(levels: ReadonlyArray<BookLevelTuple | BookLevelShape>, sign: SideSign, depth: number): Side {
  const draft = new SideDraft(EMPTY_SIDE, sign);
  for (const level of levels) {
    const isTuple = Array.isArray(level);
    const price = isTuple ? (level as BookLevelTuple)[0] : (level as BookLevelShape).price;
    const volume = isTuple ? (level as BookLevelTuple)[1] : (level as BookLevelShape).volume;
    if (isZeroDecimal(volume)) draft.remove(price);
    else draft.upsert(isTuple ? levelOf(level as BookLevelTuple) : levelFrom(level as BookLevelShape));
  }
  draft.truncate(depth);
  const side = draft.finish();
  // Books of depth up to FLAT_DEPTH keep each side in one array.
  return side.chunks.length > 1 && side.size <= FLAT_DEPTH ? sideFromSorted(flattenSide(side)) : side;
}

/** The internal state of a book made elsewhere (e.g. parsed from JSON): rebuilt from its arrays. */
function stateOf(book: OrderBookShape): BookState {
  return stateWith(
    sideFromLevels(book.asks, ASKS, book.depth),
    sideFromLevels(book.bids, BIDS, book.depth),
  );
}

function draftOf(side: Side, sign: SideSign, depth: number): SideDraft | FlatDraft {
  return depth <= FLAT_DEPTH && side.chunks.length <= 1 ? new FlatDraft(side, sign) : new SideDraft(side, sign);
}

function applyUpdate(
  baseAsks: Side,
  baseBids: Side,
  baseCrc: number,
  message: BookUpdateMessage,
  depth: number,
  verify: boolean,
): OrderBook {
  let askDraft: SideDraft | FlatDraft | undefined;
  let bidDraft: SideDraft | FlatDraft | undefined;
  const sides = message.sides;
  for (let s = 0; s < sides.length; s++) {
    const update = sides[s]!;
    const draft =
      update.side === 'ask'
        ? (askDraft ??= draftOf(baseAsks, ASKS, depth))
        : (bidDraft ??= draftOf(baseBids, BIDS, depth));
    const levels = update.levels;
    for (let i = 0; i < levels.length; i++) {
      const tuple = levels[i]!;
      if (isZeroDecimal(tuple[1])) draft.remove(tuple[0]);
      else draft.upsert(levelOf(tuple));
    }
  }
  let asks = baseAsks;
  if (askDraft !== undefined) {
    askDraft.truncate(depth);
    asks = askDraft.finish();
  }
  let bids = baseBids;
  if (bidDraft !== undefined) {
    bidDraft.truncate(depth);
    bids = bidDraft.finish();
  }
  // A side whose top 10 changed has folded its own CRC again (in finish); combine the two.
  const crc = asks === baseAsks && bids === baseBids ? baseCrc : bookCrc(asks, bids);
  if (verify && message.checksum !== undefined) {
    const expected = parseDigits(message.checksum);
    if (expected !== crc) {
      throw new BookChecksumError({ pair: message.pair, depth, expected, computed: crc });
    }
  }
  return new OrderBook(message.pair, depth, asks, bids, crc);
}

function levelOf(tuple: BookLevelTuple): BookLevel {
  return new BookLevel(tuple[0], tuple[1], tuple[2]);
}

function levelFrom(level: BookLevelShape): BookLevel {
  return level instanceof BookLevel ? level : new BookLevel(level.price, level.volume, level.timestamp);
}

/**
 * The best level of one side of a book without materialising the side's array.
 * @internal
 */
export function bestLevel(book: OrderBookShape, side: 'ask' | 'bid'): BookLevelShape | undefined {
  if (OrderBook.is(book)) return OrderBook.best(book, side === 'ask' ? ASKS : BIDS);
  return (side === 'ask' ? book.asks : book.bids)[0];
}
