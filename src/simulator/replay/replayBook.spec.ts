import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { FIXTURES_DIR } from '../../../test/support/fixtures';
import { BookCatchUp } from './bookCatchUp';
import { parseRecording } from './recording';
import { ReplayBook, bookDicts, compareDecimalText, type RecordedLevel } from './replayBook';

/** Kraken's v1 checksum (protocol reference 7.1) of the top 10 of each side, from the strings, with zlib's CRC32. */
function checksum(asks: readonly RecordedLevel[], bids: readonly RecordedLevel[]): number {
  const digits = (s: string) => s.replace('.', '').replace(/^0+/, '');
  const part = (levels: readonly RecordedLevel[]) =>
    levels
      .slice(0, 10)
      .map(([price, volume]) => digits(price) + digits(volume))
      .join('');
  return crc32(part(asks) + part(bids)) >>> 0;
}

/** The `{as, bs}` of a snapshot frame text (after the channel id). */
function snapshotOf(tail: string): { as: RecordedLevel[]; bs: RecordedLevel[] } {
  const [dict, ...rest] = bookDicts(tail) as [{ as: RecordedLevel[]; bs: RecordedLevel[] }];
  expect(rest).toEqual([]);
  expect(Object.keys(dict)).toEqual(['as', 'bs']);
  return dict;
}

const level = (price: string, volume: string, timestamp = '1.000000'): RecordedLevel => [price, volume, timestamp];

describe('compareDecimalText', () => {
  it.each([
    ['1.0', '1.00000', 0],
    ['27119.9', '27119.90000', 0],
    ['9.9', '10.0', -1],
    ['10', '9.99999', 1],
    ['0.074602700', '0.0746027', 0],
    ['0.0746', '0.07461', -1],
    ['007.5', '7.50', 0],
    ['100.00001', '100', 1],
  ])('%s vs %s: %i', (a, b, sign) => {
    expect(Math.sign(compareDecimalText(a, b))).toBe(sign);
    expect(Math.sign(compareDecimalText(b, a))).toBe(-sign || 0);
  });
});

describe('ReplayBook', () => {
  it('starts from a snapshot, asks ascending and bids descending, truncated to the depth', () => {
    const book = new ReplayBook(2);
    book.apply([{ as: [level('3.0', '1.0'), level('2.0', '1.0'), level('4.0', '1.0')], bs: [level('1.0', '1.0'), level('1.5', '2.0')] }]);
    expect(book.asks).toEqual([level('2.0', '1.0'), level('3.0', '1.0')]);
    expect(book.bids).toEqual([level('1.5', '2.0'), level('1.0', '1.0')]);
    expect(book.snapshotTail('book-2', 'XBT/USD')).toBe(
      ',{"as":[["2.0","1.0","1.000000"],["3.0","1.0","1.000000"]],"bs":[["1.5","2.0","1.000000"],["1.0","1.0","1.000000"]]},"book-2","XBT/USD"]',
    );
    // A new snapshot replaces the book.
    book.apply([{ as: [level('9.0', '1.0')], bs: [] }]);
    expect(book.asks).toEqual([level('9.0', '1.0')]);
    expect(book.bids).toEqual([]);
    expect(book.snapshotTail('book-2', 'XBT/USD')).toBe(',{"as":[["9.0","1.0","1.000000"]],"bs":[]},"book-2","XBT/USD"]');
  });

  it('applies updates in order: new volumes, zero deletes, repeated prices (last wins), prices equal by value', () => {
    const book = new ReplayBook(10);
    book.apply([{ as: [level('2.0', '1.0'), level('3.0', '1.0')], bs: [level('1.0', '1.0')] }]);
    book.apply([{ a: [level('2.00', '5.0', '2.000000'), level('2.5', '1.0', '2.100000'), level('2.5', '0.4', '2.200000')], c: '1' }]);
    expect(book.asks).toEqual([level('2.00', '5.0', '2.000000'), level('2.5', '0.4', '2.200000'), level('3.0', '1.0')]);
    book.apply([{ a: [level('3.0', '0.00000000', '3.000000'), level('7.0', '0.00000000', '3.000001')], c: '2' }]);
    expect(book.asks).toEqual([level('2.00', '5.0', '2.000000'), level('2.5', '0.4', '2.200000')]);
    book.apply([{ b: [level('1.0', '0.00000000'), level('0.5', '2.0', '4.000000')], c: '3' }]);
    expect(book.bids).toEqual([level('0.5', '2.0', '4.000000')]);
  });

  it('applies both dicts of a two-dict update, asks then bids', () => {
    const book = new ReplayBook(10);
    book.apply([{ as: [level('2.0', '1.0')], bs: [level('1.0', '1.0')] }]);
    book.apply([{ a: [level('2.0', '0.00000000'), level('2.2', '3.0')] }, { b: [level('1.1', '2.0')], c: '4' }]);
    expect(book.asks).toEqual([level('2.2', '3.0')]);
    expect(book.bids).toEqual([level('1.1', '2.0'), level('1.0', '1.0')]);
  });

  it('truncates after each message, and takes a republished ("r") level back like any other', () => {
    const book = new ReplayBook(2);
    book.apply([{ as: [level('2.0', '1.0'), level('3.0', '1.0')], bs: [] }]);
    // An insert pushes 3.0 out of the window; within the message it still counts, then it is truncated.
    book.apply([{ a: [level('1.5', '1.0', '2.000000')], c: '5' }]);
    expect(book.asks).toEqual([level('1.5', '1.0', '2.000000'), level('2.0', '1.0')]);
    // A delete in the window: Kraken republishes the next level, with its old timestamp and "r".
    book.apply([{ a: [level('2.0', '0.00000000', '3.000000'), ['3.0', '1.0', '1.000000', 'r']], c: '6' }]);
    expect(book.asks).toEqual([level('1.5', '1.0', '2.000000'), level('3.0', '1.0')]);
    expect(book.snapshotTail('book-2', 'X/Y')).toBe(',{"as":[["1.5","1.0","2.000000"],["3.0","1.0","1.000000"]],"bs":[]},"book-2","X/Y"]');
  });

  it('ignores malformed entries', () => {
    const book = new ReplayBook(10);
    book.apply([{ as: [level('2.0', '1.0'), ['2.5'], 'x', [2.7, '1.0', '1.0']], bs: null }, 'junk']);
    expect(book.asks).toEqual([level('2.0', '1.0')]);
    expect(book.bids).toEqual([]);
  });
});

describe('BookCatchUp', () => {
  const synthetic = parseRecording(
    [
      '[5,{"as":[["2.0","1.0","1.000000"],["3.0","1.0","1.000000"],["4.0","1.0","1.000000"]],"bs":[["1.0","1.0","1.000000"]]},"book-3","XBT/USD"]',
      '[6,[["1.5","0.1","1.100000","b","m",""]],"trade","XBT/USD"]',
      '[5,{"a":[["2.0","0.00000000","1.200000"],["5.0","1.0","0.900000","r"]]},{"b":[["0.9","2.0","1.200000"]],"c":"1"},"book-3","XBT/USD"]',
      '[5,{"a":[["1.8","1.0","1.300000"]],"c":"2"},"book-3","XBT/USD"]',
    ].join('\n'),
  );

  it('gives the snapshot at a position: the last recorded snapshot before it plus every update before it', () => {
    const books = new BookCatchUp(synthetic);
    expect(books.snapshotAt('book-3|XBT/USD', 0)).toBeUndefined();
    expect(books.snapshotAt('trade|XBT/USD', 4)).toBeUndefined();
    expect(books.snapshotAt('book-3|XBT/USD', 2)).toBe(
      ',{"as":[["2.0","1.0","1.000000"],["3.0","1.0","1.000000"],["4.0","1.0","1.000000"]],"bs":[["1.0","1.0","1.000000"]]},"book-3","XBT/USD"]',
    );
    // Two dicts, a delete and a republish; then an insert that truncates 5.0 away.
    expect(books.snapshotAt('book-3|XBT/USD', 3)).toBe(
      ',{"as":[["3.0","1.0","1.000000"],["4.0","1.0","1.000000"],["5.0","1.0","0.900000"]],"bs":[["1.0","1.0","1.000000"],["0.9","2.0","1.200000"]]},"book-3","XBT/USD"]',
    );
    expect(books.snapshotAt('book-3|XBT/USD', 4)).toBe(
      ',{"as":[["1.8","1.0","1.300000"],["3.0","1.0","1.000000"],["4.0","1.0","1.000000"]],"bs":[["1.0","1.0","1.000000"],["0.9","2.0","1.200000"]]},"book-3","XBT/USD"]',
    );
    // Going back rebuilds from the snapshot instead of using the later book.
    expect(books.snapshotAt('book-3|XBT/USD', 3)).toBe(new BookCatchUp(synthetic).snapshotAt('book-3|XBT/USD', 3));
  });

  const FIXTURES = [
    'kraken-book-python-kraken-sdk-2023-08.jsonl',
    'kraken-book-python-kraken-sdk-2023-05.jsonl',
    'kraken-book-gocryptotrader-2023-07.jsonl',
    'kraken-book-cryptofeed-2021-04.jsonl',
  ];
  const recordedC = (tail: string) => bookDicts(tail).map((d) => (d as { c?: string }).c).find((c) => c !== undefined);

  // Real recordings have it all: "r" republishes, two-dict updates, deletes, repeated prices,
  // truncation, depths 10 and 1000, 12-decimal prices, several pairs and snapshots per file.
  it.each(FIXTURES)('%s: after every recorded update, the book has its recorded checksum, in order, within the depth', (file) => {
    const recording = parseRecording(readFileSync(path.join(FIXTURES_DIR, file), 'utf8'));
    const books = new Map<string, ReplayBook>();
    const failures: string[] = [];
    let checked = 0;
    for (const frame of recording.frames) {
      if (!frame.channelName.startsWith('book-')) continue;
      const depth = Number(frame.channelName.slice(5));
      let book = books.get(frame.key);
      if (book === undefined) books.set(frame.key, (book = new ReplayBook(depth)));
      book.apply(bookDicts(frame.tail));
      const { asks, bids } = book;
      if (asks.length > depth || bids.length > depth) failures.push(`${frame.key}: more than ${depth} levels`);
      if (asks.some((l, i) => i > 0 && compareDecimalText(asks[i - 1]![0], l[0]) >= 0)) failures.push(`${frame.key}: asks out of order`);
      if (bids.some((l, i) => i > 0 && compareDecimalText(bids[i - 1]![0], l[0]) <= 0)) failures.push(`${frame.key}: bids out of order`);
      const c = recordedC(frame.tail);
      if (c === undefined) continue;
      checked += 1;
      if (checksum(asks, bids) !== Number(c)) failures.push(`${frame.key} at ${frame.at}: checksum ${checksum(asks, bids)}, recorded ${c}`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it.each(FIXTURES)('%s: the snapshot at the position after an update has that update\'s checksum', (file) => {
    const recording = parseRecording(readFileSync(path.join(FIXTURES_DIR, file), 'utf8'));
    const books = new BookCatchUp(recording);
    // Depth 1000 snapshots are large: every 25th update there (the cache still applies each update).
    const step = recording.channels.some((c) => c.channelName === 'book-1000') ? 25 : 1;
    const failures: string[] = [];
    let updates = 0;
    recording.frames.forEach((frame, index) => {
      const c = frame.channelName.startsWith('book-') ? recordedC(frame.tail) : undefined;
      if (c === undefined || updates++ % step !== 0) return;
      const { as, bs } = snapshotOf(books.snapshotAt(frame.key, index + 1) ?? '');
      if (checksum(as, bs) !== Number(c)) failures.push(`${frame.key} at frame ${index}: checksum ${checksum(as, bs)}, recorded ${c}`);
    });
    expect(failures).toEqual([]);
    expect(updates).toBeGreaterThan(10);
  });

  it('keeps the recorded strings byte for byte: right after a snapshot, it is the recorded snapshot', () => {
    const text = readFileSync(path.join(FIXTURES_DIR, 'kraken-book-python-kraken-sdk-2023-08.jsonl'), 'utf8');
    const recording = parseRecording(text);
    const first = recording.frames.findIndex((f) => f.snapshot);
    expect(new BookCatchUp(recording).snapshotAt(recording.frames[first]!.key, first + 1)).toBe(recording.frames[first]!.tail);
  });
});
