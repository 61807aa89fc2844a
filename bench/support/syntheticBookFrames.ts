/**
 * A compact, seeded generator of valid Kraken v1 book frames (one pair, one depth): a snapshot
 * followed by updates with correct checksums, written exactly as Kraken writes them.
 *
 * It keeps its own model of Kraken's full book (deeper than the subscribed window) and sends
 * only what Kraken would: changes inside the window, a `"r"` republish of the level that moves
 * into the window when one inside is deleted, nothing for levels pushed out by an insert (the
 * client truncates). Independent of `src/book` (plain sorted arrays and `zlib.crc32`), so the
 * benchmark also cross-checks the library: every update must verify.
 *
 * The mix follows the real recordings. Operations, as in the one recording of a full book
 * (kraken-book-python-kraken-sdk-2023-08.jsonl, book-10, where every level ever deleted inside
 * the window is followed by an `"r"`): 22% inserts, 21% deletes, 57% volume changes; 92% of the
 * messages carry one operation, 7% two, 1% three to six; 1 message in 100 has two dicts. That
 * gives about 1.3 levels per message, as there (1.32). Positions, as in the book-1000 capture
 * (kraken-book-cryptofeed-2021-04.jsonl: median 3, 78% in the top 10, 96% in the top 25):
 * 93% geometric(0.2) plus 7% uniform over the window.
 */
import { crc32 } from 'node:zlib';
import { mulberry32 } from './prng';

export interface SyntheticBookOptions {
  readonly depth: number;
  readonly updates: number;
  readonly seed?: number;
  readonly pair?: string;
  readonly channelID?: number;
}

export interface SyntheticBookStats {
  readonly frames: number;
  readonly levels: number;
  readonly inserts: number;
  readonly deletes: number;
  readonly changes: number;
  readonly republishes: number;
  readonly twoDict: number;
  readonly meanFrameLength: number;
}

type Level = [price: string, volume: string, timestamp: string];

interface SideModel {
  /** Price ticks, best first. */
  readonly ticks: number[];
  readonly levels: Map<number, Level>;
  /** 1 for asks (ascending ticks), -1 for bids (descending). */
  readonly sign: 1 | -1;
}

const INSERT_SHARE = 0.22;
const DELETE_SHARE = 0.21;
const TICKS_PER_UNIT = 10; // prices like "27120.10000": a tick of 0.1, written with 5 decimals
const MID_TICK = 271_200;

export function syntheticBookFrames(options: SyntheticBookOptions): { frames: string[]; stats: SyntheticBookStats } {
  const { depth, updates, seed = 20240417, pair = 'XBT/USD', channelID = 336 } = options;
  const channelName = `book-${depth}`;
  const rng = mulberry32(seed ^ depth);
  const int = (n: number) => Math.floor(rng() * n);
  const margin = Math.max(20, depth >> 2);
  const target = depth + margin;
  let clock = 1_693_415_330_000_000; // microseconds
  const stamp = () => {
    clock += 1 + int(400);
    return `${Math.floor(clock / 1e6)}.${String(clock % 1e6).padStart(6, '0')}`;
  };
  const volume = () => {
    const units = 1 + int(5_000_000_000);
    return `${Math.floor(units / 1e8)}.${String(units % 1e8).padStart(8, '0')}`;
  };
  const price = (tick: number) => `${Math.floor(tick / TICKS_PER_UNIT)}.${tick % TICKS_PER_UNIT}0000`;

  const asks: SideModel = { ticks: [], levels: new Map(), sign: 1 };
  const bids: SideModel = { ticks: [], levels: new Map(), sign: -1 };
  for (const side of [asks, bids]) {
    let tick = MID_TICK;
    for (let i = 0; i < target; i++) {
      tick += side.sign * (1 + int(4));
      side.ticks.push(tick);
      side.levels.set(tick, [price(tick), volume(), stamp()]);
    }
  }

  const frames: string[] = [];
  const window = (side: SideModel) => side.ticks.slice(0, depth).map((t) => side.levels.get(t)!);
  frames.push(JSON.stringify([channelID, { as: window(asks), bs: window(bids) }, channelName, pair]));

  let levelsSent = 0;
  let inserts = 0;
  let deletes = 0;
  let changes = 0;
  let republishes = 0;
  let twoDict = 0;
  let totalLength = frames[0]!.length;

  const position = (limit: number) => {
    const p = rng() < 0.93 ? Math.floor(Math.log(1 - rng()) / Math.log(0.8)) : int(limit);
    return p < limit ? p : int(limit);
  };

  /**
   * Kraken's book beyond the window changes without messages: keep it stocked so that deletes
   * inside the window have a level to republish.
   */
  const refill = (side: SideModel) => {
    while (side.ticks.length >= depth && side.ticks.length < target) {
      const tick = side.ticks[side.ticks.length - 1]! + side.sign * (1 + int(4));
      side.ticks.push(tick);
      side.levels.set(tick, [price(tick), volume(), stamp()]);
    }
  };

  /** One change on one side, appended to `out` as Kraken would send it. */
  const change = (side: SideModel, other: SideModel, out: Array<Level | [string, string, string, 'r']>) => {
    refill(side);
    const size = side.ticks.length;
    const inWindow = Math.min(size, depth);
    const r = size < depth ? 0 : rng();
    if (r >= INSERT_SHARE && r < INSERT_SHARE + DELETE_SHARE) {
      const p = position(inWindow);
      const tick = side.ticks[p]!;
      side.ticks.splice(p, 1);
      side.levels.delete(tick);
      out.push([price(tick), '0.00000000', stamp()]);
      deletes++;
      if (side.ticks.length >= depth) {
        const moved = side.levels.get(side.ticks[depth - 1]!)!;
        out.push([moved[0], moved[1], moved[2], 'r']);
        republishes++;
      }
      return;
    }
    if (r < INSERT_SHARE) {
      const p = size < depth ? size : position(depth);
      const better =
        p > 0 ? side.ticks[p - 1]! : (other.ticks[0] ?? (size > 0 ? side.ticks[0]! - side.sign * 6 : MID_TICK - side.sign));
      const worse = p < size ? side.ticks[p]! : better + side.sign * 5;
      const gap = Math.abs(worse - better) - 1;
      if (gap > 0) {
        const tick = better + side.sign * (1 + int(gap));
        side.ticks.splice(p, 0, tick);
        const level: Level = [price(tick), volume(), stamp()];
        side.levels.set(tick, level);
        out.push(level);
        inserts++;
        if (side.ticks.length > target + margin) side.levels.delete(side.ticks.pop()!);
        return;
      }
    }
    const tick = side.ticks[position(inWindow)]!;
    const level = side.levels.get(tick)!;
    if (rng() < 0.05) out.push([level[0], volume(), stamp()]); // the same price twice in one message
    const next: Level = [level[0], volume(), stamp()];
    side.levels.set(tick, next);
    out.push(next);
    changes++;
  };

  const digits = (s: string) => s.replace('.', '').replace(/^0+/, '');
  const checksum = () => {
    let text = '';
    for (const side of [asks, bids]) {
      const n = Math.min(10, side.ticks.length);
      for (let i = 0; i < n; i++) {
        const level = side.levels.get(side.ticks[i]!)!;
        text += digits(level[0]) + digits(level[1]);
      }
    }
    return String(crc32(text) >>> 0);
  };

  for (let u = 0; u < updates; u++) {
    const r = rng();
    const count = r < 0.92 ? 1 : r < 0.99 ? 2 : 3 + int(4);
    let frame: unknown[];
    if (rng() < 0.01) {
      const a: Level[] = [];
      const b: Level[] = [];
      change(asks, bids, a);
      for (let k = 1; k < count; k++) change(bids, asks, b);
      if (b.length === 0) change(bids, asks, b);
      twoDict++;
      levelsSent += a.length + b.length;
      frame = a.length === 0 ? [channelID, { b, c: checksum() }, channelName, pair] : [channelID, { a }, { b, c: checksum() }, channelName, pair];
    } else {
      const isAsk = rng() < 0.5;
      const levels: Level[] = [];
      for (let k = 0; k < count; k++) change(isAsk ? asks : bids, isAsk ? bids : asks, levels);
      if (levels.length === 0) {
        u--;
        continue;
      }
      levelsSent += levels.length;
      frame = [channelID, isAsk ? { a: levels, c: checksum() } : { b: levels, c: checksum() }, channelName, pair];
    }
    const text = JSON.stringify(frame);
    totalLength += text.length;
    frames.push(text);
  }
  return {
    frames,
    stats: {
      frames: frames.length,
      levels: levelsSent,
      inserts,
      deletes,
      changes,
      republishes,
      twoDict,
      meanFrameLength: totalLength / frames.length,
    },
  };
}
