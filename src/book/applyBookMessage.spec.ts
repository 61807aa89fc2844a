import { bookKey, bookMessage, bookMessages, type BookMessage } from '../../test/book/bookFixtures';
import { BookChecksumError } from '../errors/bookChecksumError';
import { BookSequenceError } from '../errors/bookSequenceError';
import { InvalidArgumentError } from '../errors/protocolErrors';
import type { BookLevelTuple } from '../protocol/bookLevels';
import type { BookSnapshotMessage, BookUpdateMessage } from '../protocol/messages';
import { applyBookMessage } from './applyBookMessage';
import { bookChecksum } from './checksum';
import type { BookLevel, OrderBook } from './orderBook';

const SDK_2023_08 = 'kraken-book-python-kraken-sdk-2023-08.jsonl';
const GOCRYPTO = 'kraken-book-gocryptotrader-2023-07.jsonl';
const CRYPTOFEED = 'kraken-book-cryptofeed-2021-04.jsonl';

/** Applies messages in order, keyed by book; returns every book after every message. */
function replay(messages: ReadonlyArray<BookMessage>): Array<{ message: BookMessage; book: OrderBook }> {
  const books = new Map<string, OrderBook>();
  return messages.map((message) => {
    const book = applyBookMessage(books.get(bookKey(message)), message);
    books.set(bookKey(message), book);
    return { message, book };
  });
}

function level(tuple: BookLevelTuple): BookLevel {
  return { price: tuple[0], volume: tuple[1], timestamp: tuple[2] };
}

function snapshot(asks: BookLevelTuple[], bids: BookLevelTuple[], depth = 10, pair = 'XBT/USD'): BookSnapshotMessage {
  return { kind: 'bookSnapshot', channelID: 1, channelName: `book-${depth}`, pair, depth, asks, bids };
}

function update(
  sides: BookUpdateMessage['sides'],
  checksum?: string,
  depth = 10,
  pair = 'XBT/USD',
): BookUpdateMessage {
  const base = { kind: 'bookUpdate' as const, channelID: 1, channelName: `book-${depth}`, pair, depth, sides };
  return checksum === undefined ? base : { ...base, checksum };
}

/** The checksum Kraken would send for a book with these levels (computed from scratch with zlib). */
function expectedChecksum(asks: ReadonlyArray<BookLevel>, bids: ReadonlyArray<BookLevel>): string {
  return String(bookChecksum({ asks, bids }));
}

describe('applyBookMessage on real recordings', () => {
  const sdk = bookMessages(SDK_2023_08);

  it('reproduces the reference\'s worked example B (snapshot, then one bid update, c = 3572756970)', () => {
    const [first, second] = sdk;
    const book = applyBookMessage(applyBookMessage(undefined, first!), second!);
    expect(book.checksum).toBe(3572756970);
    expect(book.bids[0]).toEqual({ price: '27119.90000', volume: '13.54109952', timestamp: '1693415330.621700' });
  });

  it('starts from a snapshot with the exact strings, asks ascending and bids descending', () => {
    const first = sdk[0] as BookSnapshotMessage;
    const book = applyBookMessage(undefined, first);
    expect(book.pair).toBe('XBT/USD');
    expect(book.depth).toBe(10);
    expect(book.asks).toEqual(first.asks.map(level));
    expect(book.bids).toEqual(first.bids.map(level));
    expect(book.checksum).toBe(bookChecksum(book));
  });

  it('applies the levels of one message in wire order: the same price twice, the last one wins (GST/EUR)', () => {
    const gst = bookMessages(GOCRYPTO).filter((m) => m.pair === 'GST/EUR');
    expect(gst).toHaveLength(2);
    const last = gst[1] as BookUpdateMessage;
    expect(last.sides[0]!.levels.map((l) => l[0])).toEqual(['0.01000', '0.01000']);
    const book = replay(gst)[1]!.book; // verifies Kraken's c on the way
    expect(book.bids.find((l) => l.price === '0.01000')?.volume).toBe('63083.48958963');
  });

  it('never reorders by timestamp: a later entry with an older timestamp still wins', () => {
    const book = applyBookMessage(undefined, snapshot([['10.0', '1.0', '100.000001']], [['9.0', '1.0', '100.000001']]));
    const next = applyBookMessage(
      book,
      update([
        {
          side: 'ask',
          levels: [
            ['10.0', '2.0', '100.000300'],
            ['10.0', '3.0', '100.000200'],
            ['10.5', '0.00000000', '100.000400'],
            ['10.5', '4.0', '100.000100'],
          ],
        },
      ]),
    );
    expect(next.asks).toEqual([
      { price: '10.0', volume: '3.0', timestamp: '100.000200' },
      { price: '10.5', volume: '4.0', timestamp: '100.000100' },
    ]);
  });

  it('applies both dicts of a two-dict message before checking the checksum in the last one', () => {
    const index = sdk.findIndex((m) => m.kind === 'bookUpdate' && m.sides.length === 2);
    const twoDict = sdk[index] as BookUpdateMessage;
    expect(twoDict.sides.map((s) => s.side)).toEqual(['ask', 'bid']);
    const before = replay(sdk.slice(0, index)).at(-1)!.book;
    const after = applyBookMessage(before, twoDict); // throws if not verified
    expect(after.checksum).toBe(Number(twoDict.checksum));
    // Checking after the first dict alone would have failed: the test can tell the difference.
    const asksOnly = applyBookMessage(before, { ...twoDict, sides: [twoDict.sides[0]!] }, { verify: false });
    expect(asksOnly.checksum).not.toBe(Number(twoDict.checksum));
    // This message also names 27130.20000 five times; the last (a delete) wins.
    expect(twoDict.sides[0]!.levels.filter((l) => l[0] === '27130.20000')).toHaveLength(5);
    expect(after.asks.some((l) => l.price === '27130.20000')).toBe(false);
  });

  it('deletes a level on volume zero', () => {
    const index = sdk.findIndex(
      (m) => m.kind === 'bookUpdate' && m.sides.some((s) => s.levels.some((l) => /^0\.0+$/.test(l[1]))),
    );
    const message = sdk[index] as BookUpdateMessage;
    const deleted = message.sides.flatMap((s) => s.levels).find((l) => /^0\.0+$/.test(l[1]))!;
    const before = replay(sdk.slice(0, index)).at(-1)!.book;
    expect([...before.asks, ...before.bids].some((l) => l.price === deleted[0])).toBe(true);
    const after = applyBookMessage(before, message);
    expect([...after.asks, ...after.bids].some((l) => l.price === deleted[0])).toBe(false);
  });

  it('applies "r" republished levels like any other, keeping their older timestamp', () => {
    const index = sdk.findIndex((m) => m.kind === 'bookUpdate' && m.sides.some((s) => s.levels.some((l) => l[3] === 'r')));
    const message = sdk[index] as BookUpdateMessage;
    const republished = message.sides.flatMap((s) => s.levels).find((l) => l[3] === 'r')!;
    const before = replay(sdk.slice(0, index)).at(-1)!.book;
    const after = applyBookMessage(before, message);
    expect([...after.asks, ...after.bids]).toContainEqual(level(republished));
    // Without it the checksum Kraken sent would not match.
    const without = {
      ...message,
      sides: message.sides.map((s) => ({ ...s, levels: s.levels.filter((l) => l[3] !== 'r') })),
    };
    expect(() => applyBookMessage(before, without)).toThrow(BookChecksumError);
  });

  it('keeps at most `depth` levels per side after every message of a book-10 recording', () => {
    for (const { book } of replay(sdk)) {
      expect(book.asks.length).toBeLessThanOrEqual(10);
      expect(book.bids.length).toBeLessThanOrEqual(10);
    }
  });

  it('verifies a book with fewer than 10 bids (GST/EUR snapshot has 8)', () => {
    const gst = bookMessages(GOCRYPTO).filter((m) => m.pair === 'GST/EUR');
    expect((gst[0] as BookSnapshotMessage).bids).toHaveLength(8);
    expect(replay(gst)[1]!.book.checksum).toBe(Number((gst[1] as BookUpdateMessage).checksum));
  });

  it('handles 12-decimal prices and huge volumes (LUNA/EUR, which float-based checksums get wrong)', () => {
    const luna = bookMessages(GOCRYPTO).filter((m) => m.pair === 'LUNA/EUR');
    const { book } = replay(luna)[1]!;
    expect(book.checksum).toBe(Number((luna[1] as BookUpdateMessage).checksum));
    expect(book.asks[0]!.price).toBe('0.000074650000');
    expect([...book.asks, ...book.bids].some((l) => l.volume.length >= 17)).toBe(true);
  });

  it('does not change a book already returned, across thousands of depth-1000 messages', () => {
    const messages = bookMessages(CRYPTOFEED).slice(0, 1500);
    const seen = replay(messages).map(({ book }) => ({ book, json: JSON.stringify(book) }));
    for (const { book, json } of seen) expect(JSON.stringify(book)).toBe(json);
  });
});

describe('applyBookMessage rules on constructed messages', () => {
  const asks: BookLevelTuple[] = Array.from({ length: 10 }, (_, i) => [`${100 + i}.0`, '1.0', '1.000001']);
  const bids: BookLevelTuple[] = Array.from({ length: 10 }, (_, i) => [`${99 - i}.0`, '1.0', '1.000001']);

  it('truncates each side to the depth after the message, dropping the worst levels', () => {
    const book = applyBookMessage(undefined, snapshot(asks, bids));
    const next = applyBookMessage(book, update([{ side: 'ask', levels: [['99.5', '2.0', '2.000001']] }]));
    expect(next.asks.map((l) => l.price)).toEqual(['99.5', ...asks.slice(0, 9).map((l) => l[0])]);
  });

  it('truncates after the whole message, not after each level', () => {
    const book = applyBookMessage(undefined, snapshot(asks, bids));
    const next = applyBookMessage(
      book,
      update([
        {
          side: 'ask',
          levels: [
            ['120.0', '5.0', '2.000001'], // beyond the depth for now...
            ['100.0', '0.0', '2.000002'], // ...inside again after this delete
          ],
        },
      ]),
    );
    expect(next.asks.map((l) => l.price)).toEqual([...asks.slice(1).map((l) => l[0]), '120.0']);
  });

  it('works with an empty book (a real empty snapshot, PERP/EUR) and then with one level', () => {
    const empty = bookMessage('[6304,{"as":[],"bs":[]},"book-25","PERP/EUR"]');
    const book = applyBookMessage(undefined, empty);
    expect(book).toEqual({ pair: 'PERP/EUR', depth: 25, asks: [], bids: [], checksum: 0 });
    const level1: BookLevel = { price: '1.2345', volume: '10.00000000', timestamp: '1622714245.847093' };
    const next = applyBookMessage(
      book,
      update([{ side: 'bid', levels: [[level1.price, level1.volume, level1.timestamp]] }], expectedChecksum([], [level1]), 25, 'PERP/EUR'),
    );
    expect(next.bids).toEqual([level1]);
  });

  it('orders prices exactly, whatever their integer lengths (9.9 < 10.0) and decimals', () => {
    const book = applyBookMessage(
      undefined,
      snapshot(
        [
          ['10.000000000001', '1', '1.0'],
          ['9.999999999999', '1', '1.0'],
          ['100.5', '1', '1.0'],
        ],
        [],
        25,
      ),
    );
    expect(book.asks.map((l) => l.price)).toEqual(['9.999999999999', '10.000000000001', '100.5']);
    const next = applyBookMessage(book, update([{ side: 'ask', levels: [['10.0000000000010', '2', '2.0']] }], undefined, 25));
    expect(next.asks.map((l) => [l.price, l.volume])).toEqual([
      ['9.999999999999', '1'],
      ['10.0000000000010', '2'],
      ['100.5', '1'],
    ]);
  });

  it('rebuilds an unordered snapshot with repeated prices into order', () => {
    const book = applyBookMessage(
      undefined,
      snapshot(
        [
          ['101.0', '1', '1.0'],
          ['100.0', '1', '1.0'],
          ['101.0', '2', '1.1'],
        ],
        [
          ['98.0', '1', '1.0'],
          ['99.0', '1', '1.0'],
        ],
      ),
    );
    expect(book.asks.map((l) => [l.price, l.volume])).toEqual([
      ['100.0', '1'],
      ['101.0', '2'],
    ]);
    expect(book.bids.map((l) => l.price)).toEqual(['99.0', '98.0']);
  });

  it('throws BookChecksumError with pair, depth, expected and computed on a mismatch', () => {
    const book = applyBookMessage(undefined, snapshot(asks, bids));
    const message = update([{ side: 'bid', levels: [['99.0', '7.0', '2.0']] }], '12345');
    const computed = applyBookMessage(book, message, { verify: false }).checksum;
    let error: unknown;
    try {
      applyBookMessage(book, message);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BookChecksumError);
    expect((error as BookChecksumError).info).toEqual({ pair: 'XBT/USD', depth: 10, expected: 12345, computed });
    expect(computed).not.toBe(12345);
  });

  it('skips the check with verify: false, and checks a correct c', () => {
    const book = applyBookMessage(undefined, snapshot(asks, bids));
    const changed: BookLevel = { price: '99.0', volume: '7.0', timestamp: '2.0' };
    const expectedBids = [changed, ...bids.slice(1).map(level)];
    const message = update([{ side: 'bid', levels: [['99.0', '7.0', '2.0']] }], expectedChecksum(asks.map(level), expectedBids));
    expect(applyBookMessage(book, message).bids).toEqual(expectedBids);
    expect(() => applyBookMessage(book, { ...message, checksum: '1' }, { verify: false })).not.toThrow();
  });

  it('throws BookSequenceError for an update before any snapshot', () => {
    expect(() => applyBookMessage(undefined, update([{ side: 'ask', levels: [['1.0', '1.0', '1.0']] }]))).toThrow(
      new BookSequenceError({ reason: 'update-before-snapshot', pair: 'XBT/USD', channelName: 'book-10' }),
    );
  });

  it('throws BookSequenceError for an update of another pair or depth', () => {
    const book = applyBookMessage(undefined, snapshot(asks, bids));
    const other = update([{ side: 'ask', levels: [['1.0', '1.0', '1.0']] }], undefined, 10, 'ETH/USD');
    expect(() => applyBookMessage(book, other)).toThrow(BookSequenceError);
    const deeper = update([{ side: 'ask', levels: [['1.0', '1.0', '1.0']] }], undefined, 25);
    try {
      applyBookMessage(book, deeper);
      throw new Error('no error');
    } catch (e) {
      expect((e as BookSequenceError).info).toEqual({
        reason: 'other-book',
        pair: 'XBT/USD',
        channelName: 'book-25',
        bookPair: 'XBT/USD',
        bookDepth: 10,
      });
    }
  });

  it('accepts config.depth equal to the channel\'s, and rejects another one', () => {
    expect(applyBookMessage(undefined, snapshot(asks, bids), { depth: 10 }).depth).toBe(10);
    expect(() => applyBookMessage(undefined, snapshot(asks, bids), { depth: 25 })).toThrow(InvalidArgumentError);
  });

  it('starts over on a new snapshot', () => {
    const book = applyBookMessage(undefined, snapshot(asks, bids));
    const fresh = applyBookMessage(book, snapshot([['50.0', '1', '1.0']], []));
    expect(fresh.asks).toEqual([{ price: '50.0', volume: '1', timestamp: '1.0' }]);
    expect(fresh.bids).toEqual([]);
  });
});

describe('book values', () => {
  const messages = bookMessages(CRYPTOFEED);
  const deep = replay(messages.filter((m) => m.pair === 'ADA/XBT')).at(-1)!.book;

  it('are frozen objects; no later message changes an emitted book, its arrays or its levels', () => {
    expect(Object.isFrozen(deep)).toBe(true);
    for (const pair of ['ADA/XBT', 'XMR/USD', 'SC/EUR']) {
      const steps: Array<{ book: OrderBook; copy: string }> = [];
      let book: OrderBook | undefined;
      for (const message of messages.filter((m) => m.pair === pair)) {
        book = applyBookMessage(book, message);
        // A deep copy of every book, taken when it is made...
        steps.push({ book, copy: JSON.stringify(book) });
      }
      // ...still equals that book once the whole stream has been applied after it.
      for (const step of steps) expect(JSON.stringify(step.book)).toBe(step.copy);
      expect(steps.length).toBeGreaterThan(100);
    }
  });

  it('behave as plain data: own enumerable fields, JSON, spread and deep equality', () => {
    expect(deep.asks.length).toBeGreaterThan(128); // several chunks: the arrays are built on first read
    expect(Object.keys(deep)).toEqual(['pair', 'depth', 'asks', 'bids', 'checksum']);
    const plain = JSON.parse(JSON.stringify(deep)) as OrderBook;
    expect(plain.asks).toHaveLength(deep.asks.length);
    expect(deep).toEqual(plain);
    expect({ ...deep }).toEqual(plain);
    expect(structuredClone(deep)).toEqual(plain);
    expect(Object.keys(deep.asks[0]!)).toEqual(['price', 'volume', 'timestamp']);
  });

  it('share what did not change with the previous value (the untouched side is the same array)', () => {
    const ada = messages.filter((m) => m.pair === 'ADA/XBT');
    const books = replay(ada);
    const i = ada.findIndex((m, k) => k > 0 && m.kind === 'bookUpdate' && m.sides.every((s) => s.side === 'ask'));
    const [before, after] = [books[i - 1]!.book, books[i]!.book];
    expect(before.bids.length).toBeGreaterThan(128); // a chunked side, built on first read
    expect(after.bids).toBe(before.bids);
    expect(after.asks).not.toBe(before.asks);
  });

  it('are ordered: asks ascending, bids descending, best first', () => {
    const { asks, bids } = deep;
    for (let i = 1; i < asks.length; i++) expect(Number(asks[i]!.price)).toBeGreaterThan(Number(asks[i - 1]!.price));
    for (let i = 1; i < bids.length; i++) expect(Number(bids[i]!.price)).toBeLessThan(Number(bids[i - 1]!.price));
  });

  it('can be continued from a plain copy (e.g. after JSON), with the same results', () => {
    const ada = messages.filter((m) => m.pair === 'ADA/XBT');
    const books = replay(ada);
    const middle = Math.floor(ada.length / 2);
    let book = JSON.parse(JSON.stringify(books[middle]!.book)) as OrderBook;
    for (let i = middle + 1; i < ada.length; i++) {
      book = applyBookMessage(book, ada[i]!);
      expect(book.checksum).toBe(books[i]!.book.checksum);
    }
    expect(book).toEqual(books.at(-1)!.book);
  });
});
