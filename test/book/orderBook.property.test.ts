/**
 * Random message sequences, applied to the library's book and to a deliberately naive model
 * written here (a Map per side, a full sort after every message, BigInt price comparison and a
 * bit-by-bit table CRC32 of its own), compared level by level after every message, checksums
 * included. Frames go through decodeFrame, as on the wire.
 */
import fc from 'fast-check';
import { applyBookMessage } from '../../src/book/applyBookMessage';
import type { BookLevel, OrderBook } from '../../src/book/orderBook';
import { BookChecksumError } from '../../src/errors/bookChecksumError';
import { decodeFrame } from '../../src/protocol/decodeFrame';
import type { BookSnapshotMessage, BookUpdateMessage } from '../../src/protocol/messages';

// ---------------------------------------------------------------------------------------------
// The reference model.

const CRC_TABLE = (() => {
  const table: number[] = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (0xedb88320 ^ (c >>> 1)) >>> 0 : c >>> 1;
    table.push(c >>> 0);
  }
  return table;
})();

function referenceCrc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8)) >>> 0;
  return (crc ^ 0xffffffff) >>> 0;
}

/** An exact numeric key: the decimal scaled to 30 places, as a BigInt. */
function exact(decimal: string): bigint {
  const [int, frac = ''] = decimal.split('.');
  return BigInt(int! + frac.padEnd(30, '0'));
}

type Tuple = [price: string, volume: string, timestamp: string] | [string, string, string, 'r'];

class ReferenceBook {
  readonly asks = new Map<bigint, BookLevel>();
  readonly bids = new Map<bigint, BookLevel>();

  constructor(readonly depth: number) {}

  set(side: 'ask' | 'bid', [price, volume, timestamp]: Tuple): void {
    const map = side === 'ask' ? this.asks : this.bids;
    if (exact(volume) === 0n) map.delete(exact(price));
    else map.set(exact(price), { price, volume, timestamp });
  }

  sorted(side: 'ask' | 'bid'): BookLevel[] {
    const map = side === 'ask' ? this.asks : this.bids;
    const keys = [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (side === 'bid') keys.reverse();
    return keys.map((k) => map.get(k)!);
  }

  truncate(): void {
    for (const side of ['ask', 'bid'] as const) {
      const map = side === 'ask' ? this.asks : this.bids;
      for (const level of this.sorted(side).slice(this.depth)) map.delete(exact(level.price));
    }
  }

  checksum(): number {
    const digits = (s: string) => s.replace('.', '').replace(/^0+/, '');
    let text = '';
    for (const side of ['ask', 'bid'] as const) {
      for (const level of this.sorted(side).slice(0, 10)) text += digits(level.price) + digits(level.volume);
    }
    return referenceCrc32(text);
  }
}

// ---------------------------------------------------------------------------------------------
// Generators.

interface Pair {
  readonly decimals: number;
  /** Extra trailing zeros allowed when writing a price (0: every price has `decimals`). */
  readonly extraZeros: number;
  /** Integer part of the mid price (0, or close below/above a power of ten, or large). */
  readonly mid: number;
}

interface LevelSpec {
  readonly tick: number;
  readonly kind: 'set' | 'delete' | 'republish';
  readonly volume: string;
  readonly zeros: number;
}

type Op =
  | { readonly type: 'snapshot'; readonly asks: ReadonlyArray<number>; readonly bids: ReadonlyArray<number>; readonly volume: string }
  | {
      readonly type: 'update';
      readonly dicts: ReadonlyArray<{ readonly side: 'ask' | 'bid'; readonly levels: ReadonlyArray<LevelSpec> }>;
      readonly checksum: 'correct' | 'missing' | 'wrong';
    };

const volumeArb = fc
  .tuple(fc.stringMatching(/^[1-9]\d{0,11}$|^0$/), fc.stringMatching(/^\d{8}$/))
  .map(([int, frac]) => (int === '0' && /^0+$/.test(frac) ? '0.00000001' : `${int}.${frac}`));

function levelArb(pool: number): fc.Arbitrary<LevelSpec> {
  return fc.record({
    tick: fc.integer({ min: 1, max: pool }),
    kind: fc.constantFrom('set', 'set', 'delete', 'republish'),
    volume: volumeArb,
    zeros: fc.integer({ min: 0, max: 2 }),
  });
}

function opsArb(depth: number, maxUpdates: number): fc.Arbitrary<{ pair: Pair; ops: Op[] }> {
  const pool = Math.ceil(depth * 1.5) + 10;
  const ticks = Array.from({ length: pool }, (_, i) => i + 1);
  // Mostly full sides, as Kraken sends them (so that inserts push levels out), else any size.
  const side = (max: number) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.shuffledSubarray(ticks, { minLength: max, maxLength: max }) },
      { weight: 1, arbitrary: fc.shuffledSubarray(ticks, { minLength: 0, maxLength: max }) },
      { weight: 1, arbitrary: fc.shuffledSubarray(ticks, { minLength: 0, maxLength: 9 }) },
    );
  const snapshotArb = fc.record({
    type: fc.constant('snapshot' as const),
    asks: side(depth),
    bids: side(depth),
    volume: volumeArb,
  });
  const levels = fc.array(levelArb(pool), { minLength: 1, maxLength: 6 });
  const updateArb = fc.record({
    type: fc.constant('update' as const),
    dicts: fc.oneof(
      { weight: 8, arbitrary: fc.tuple(fc.constantFrom('ask' as const, 'bid' as const), levels).map(([s, l]) => [{ side: s, levels: l }]) },
      { weight: 2, arbitrary: fc.tuple(levels, levels).map(([a, b]) => [{ side: 'ask' as const, levels: a }, { side: 'bid' as const, levels: b }]) },
    ),
    checksum: fc.constantFrom('correct', 'correct', 'correct', 'correct', 'correct', 'correct', 'missing', 'wrong'),
  });
  const pairArb = fc.record({
    decimals: fc.integer({ min: 0, max: 12 }),
    extraZeros: fc.constantFrom(0, 0, 2),
    mid: fc.constantFrom(0, 1, 9, 10, 99, 100, 27120),
  });
  return fc.record({
    pair: pairArb,
    ops: fc
      .tuple(snapshotArb, fc.array(fc.oneof({ weight: 20, arbitrary: updateArb }, { weight: 1, arbitrary: snapshotArb }), { maxLength: maxUpdates }))
      .map(([first, rest]) => [first, ...rest] as Op[]),
  });
}

/** The price string of a tick on one side: asks above the mid, bids below (never below zero). */
function priceOf(pair: Pair, side: 'ask' | 'bid', tick: number, zeros: number): string {
  const scale = 10n ** BigInt(pair.decimals);
  const mid = BigInt(pair.mid) * scale + scale / 2n;
  let units = side === 'ask' ? mid + BigInt(tick) : mid - BigInt(tick);
  if (units <= 0n) units = BigInt(tick) * 1000n + 1n; // far side of a tiny mid: still a valid, distinct price
  let text = units.toString().padStart(pair.decimals + 1, '0');
  if (pair.decimals > 0) text = `${text.slice(0, -pair.decimals)}.${text.slice(-pair.decimals)}`;
  if (pair.extraZeros > 0 && zeros > 0) text += (pair.decimals > 0 ? '' : '.') + '0'.repeat(zeros);
  return text;
}

// ---------------------------------------------------------------------------------------------
// The property.

let clock = 1_690_000_000_000_000;
function stamp(): string {
  clock += 137;
  return `${Math.floor(clock / 1e6)}.${String(clock % 1e6).padStart(6, '0')}`;
}

function decode<T extends BookSnapshotMessage | BookUpdateMessage>(frame: unknown[]): T {
  const result = decodeFrame(JSON.stringify(frame));
  if (!result.ok) throw result.error;
  return result.message as T;
}

function runSequence(depth: number, pair: Pair, ops: ReadonlyArray<Op>): void {
  const channelName = `book-${depth}`;
  const name = 'TST/USD';
  let reference = new ReferenceBook(depth);
  let book: OrderBook | undefined;
  const emitted: Array<{ book: OrderBook; asks: BookLevel[]; bids: BookLevel[]; checksum: number }> = [];
  for (const op of ops) {
    if (op.type === 'snapshot') {
      reference = new ReferenceBook(depth);
      const tuples = (side: 'ask' | 'bid', ticks: ReadonlyArray<number>): Tuple[] =>
        ticks.map((tick) => [priceOf(pair, side, tick, 0), op.volume, stamp()]);
      // Kraken sends snapshots sorted; the library must not depend on it, so keep fast-check's order.
      const asks = tuples('ask', op.asks);
      const bids = tuples('bid', op.bids);
      for (const t of asks) reference.set('ask', t);
      for (const t of bids) reference.set('bid', t);
      reference.truncate();
      book = applyBookMessage(book, decode<BookSnapshotMessage>([42, { as: asks, bs: bids }, channelName, name]));
    } else {
      const dicts: Array<Record<string, unknown>> = [];
      for (const dict of op.dicts) {
        const levels: Tuple[] = [];
        for (const spec of dict.levels) {
          const price = priceOf(pair, dict.side, spec.tick, spec.zeros);
          const tuple: Tuple =
            spec.kind === 'delete'
              ? [price, ['0.00000000', '0', '0.0'][spec.zeros]!, stamp()]
              : spec.kind === 'republish'
                ? [price, spec.volume, stamp(), 'r']
                : [price, spec.volume, stamp()];
          reference.set(dict.side, tuple);
          levels.push(tuple);
        }
        dicts.push({ [dict.side === 'ask' ? 'a' : 'b']: levels });
      }
      reference.truncate();
      const expected = reference.checksum();
      if (op.checksum !== 'missing') {
        dicts[dicts.length - 1]!['c'] = String(op.checksum === 'correct' ? expected : (expected + 1) % 2 ** 32);
      }
      const message = decode<BookUpdateMessage>([42, ...dicts, channelName, name]);
      if (op.checksum === 'wrong') {
        let error: unknown;
        try {
          applyBookMessage(book, message);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(BookChecksumError);
        expect((error as BookChecksumError).info).toEqual({
          pair: name,
          depth,
          expected: (expected + 1) % 2 ** 32,
          computed: expected,
        });
        book = applyBookMessage(book, message, { verify: false });
      } else {
        book = applyBookMessage(book, message);
      }
    }
    const asks = reference.sorted('ask');
    const bids = reference.sorted('bid');
    const checksum = reference.checksum();
    expect(book.asks).toEqual(asks);
    expect(book.bids).toEqual(bids);
    expect(book.checksum).toBe(checksum);
    emitted.push({ book, asks, bids, checksum });
  }
  // No later message changed an earlier book.
  for (const e of emitted) {
    expect(e.book.asks).toEqual(e.asks);
    expect(e.book.bids).toEqual(e.bids);
    expect(e.book.checksum).toBe(e.checksum);
  }
}

describe('the book against a naive reference model, message by message', () => {
  it.each([
    [10, 150, 40],
    [25, 150, 40],
    [100, 60, 40],
    [1000, 12, 30],
  ])('depth %i (%i random sequences of up to %i messages)', (depth, numRuns, maxUpdates) => {
    fc.assert(
      fc.property(opsArb(depth, maxUpdates), ({ pair, ops }) => runSequence(depth, pair, ops)),
      { numRuns },
    );
  });

  it('exercises what it claims: deletes, repeats, two dicts, republishes, wide decimals, deep books', () => {
    const samples = fc.sample(opsArb(25, 40), { numRuns: 60, seed: 7 });
    const updates = samples.flatMap((s) => s.ops).filter((op): op is Extract<Op, { type: 'update' }> => op.type === 'update');
    const levels = updates.flatMap((u) => u.dicts.flatMap((d) => d.levels));
    expect(levels.some((l) => l.kind === 'delete')).toBe(true);
    expect(levels.some((l) => l.kind === 'republish')).toBe(true);
    expect(updates.some((u) => u.dicts.length === 2)).toBe(true);
    expect(updates.some((u) => u.dicts.some((d) => new Set(d.levels.map((l) => l.tick)).size < d.levels.length))).toBe(true);
    expect(samples.some((s) => s.pair.decimals === 12)).toBe(true);
    expect(samples.some((s) => s.pair.extraZeros > 0)).toBe(true);
    const snapshots = samples.flatMap((s) => s.ops).filter((op) => op.type === 'snapshot');
    expect(snapshots.some((op) => op.asks.length === 25)).toBe(true);
    expect(snapshots.some((op) => op.bids.length < 10)).toBe(true);
    const deep = fc.sample(opsArb(1000, 5), { numRuns: 12, seed: 7 });
    expect(deep.some((s) => s.ops.some((op) => op.type === 'snapshot' && op.asks.length > 3 * 128))).toBe(true);
  });
});
