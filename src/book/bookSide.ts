/**
 * One side of an order book as a persistent, chunked sorted array (internal).
 *
 * A side is a list of chunks of levels (never changed once made), best level first. Books of depth up to
 * {@link FLAT_DEPTH} keep each side in one chunk, which is the side's array itself; a message
 * works on a {@link FlatDraft}, which copies that array once and finds each level with a binary
 * search. Deeper books work on a {@link SideDraft}: it copies the chunk list and only the
 * chunks it changes (copy-on-write), and finds a level with two binary searches (over the
 * chunks' last prices, then inside one chunk). Either way the previous version stays intact and
 * shares everything untouched with the new one.
 */
import { foldTop } from './checksum';
import { decimalKey } from './decimal';
import { BookLevel, compareLevelToPrice } from './level';

/** A run of consecutive levels, never changed once made (copy-on-write). @internal */
export type Chunk = ReadonlyArray<BookLevel>;

/** One side of one book version. Never changed once built (but for the `flat` cache). @internal */
export interface Side {
  readonly chunks: ReadonlyArray<Chunk>;
  readonly size: number;
  /** CRC32 of this side's top-10 checksum fragments alone (see checksum.ts). */
  readonly topCrc: number;
  /** Their total length in bytes. */
  readonly topLength: number;
  /**
   * The side as one flat array, built on first read when there are several chunks, and
   * shared by every book version with this side (an unobservable cache).
   */
  flat: ReadonlyArray<BookLevel> | undefined;
}

/**
 * Books of a depth up to this keep each side in one flat array (one chunk), whatever happens:
 * depth 10, 25 and 100. Chosen by measurement (docs/performance.md).
 * @internal
 */
export const FLAT_DEPTH = 128;

/**
 * The most levels in one chunk of a deeper book's side (split beyond, merged below a quarter).
 * Chosen by measurement (docs/performance.md).
 * @internal
 */
export const CHUNK_CAPACITY = 64;
const MERGE_BELOW = CHUNK_CAPACITY >>> 2;
/** How many levels per side the checksum covers. */
const TOP = 10;

const NO_LEVELS: ReadonlyArray<BookLevel> = Object.freeze([]);

/** @internal */
export const EMPTY_SIDE: Side = Object.freeze({
  chunks: Object.freeze([]),
  size: 0,
  topCrc: 0,
  topLength: 0,
  flat: undefined,
});

/** A side with its top-10 CRC computed. @internal */
export function makeSide(chunks: ReadonlyArray<Chunk>, size: number): Side {
  return foldTop(chunks, size);
}

/** Asks sort ascending (sign 1), bids descending (sign -1). @internal */
export type SideSign = 1 | -1;

/**
 * The changes of one message to one side. Call {@link finish} once at the end.
 * @internal
 */
export class SideDraft {
  /** The working chunk list: the base's own list until the first change, then a copy. */
  private list: Array<Chunk>;
  private copied = false;
  /** Chunks created by this draft (mutable until `finish`): the first, then any others. */
  private fresh0: BookLevel[] | undefined;
  private freshMore: Array<BookLevel[]> | undefined;
  private size: number;
  /** Where `locate` found (or would insert) the price. */
  private ci = 0;
  private j = 0;
  /** Whether a change reached the top 10 (the part the checksum covers). */
  topChanged = false;

  constructor(
    private readonly base: Side,
    private readonly sign: SideSign,
  ) {
    this.list = base.chunks as Array<Chunk>;
    this.size = base.size;
  }

  /** Sets the level at its price (insert or replace). */
  upsert(level: BookLevel): void {
    const found = this.locate(level.price, BookLevel.key(level));
    if (!this.topChanged) this.noteChange();
    if (found) {
      this.own(this.ci)[this.j] = level;
      return;
    }
    if (this.list.length === 0) {
      const list = this.writableList();
      const chunk = [level];
      this.addFresh(chunk);
      list.push(chunk);
      this.size = 1;
      return;
    }
    const chunk = this.own(this.ci);
    insertAt(chunk, this.j, level);
    this.size++;
    if (chunk.length > CHUNK_CAPACITY) {
      const right = chunk.splice(chunk.length >>> 1);
      this.addFresh(right);
      this.list.splice(this.ci + 1, 0, right);
    }
  }

  /** Deletes the level at this price, if there is one. */
  remove(price: string): void {
    if (!this.locate(price, decimalKey(price))) return;
    if (!this.topChanged) this.noteChange();
    const ci = this.ci;
    const chunk = this.own(ci);
    removeAt(chunk, this.j);
    this.size--;
    if (chunk.length === 0) this.list.splice(ci, 1);
    else if (chunk.length < MERGE_BELOW) this.mergeAround(ci);
  }

  /** Drops the worst levels beyond `depth`. */
  truncate(depth: number): void {
    if (this.size <= depth) return;
    if (depth < TOP) this.topChanged = true;
    const list = this.writableList();
    while (this.size > depth) {
      const last = list[list.length - 1]!;
      const rest = this.size - last.length;
      if (rest >= depth) {
        list.pop();
        this.size = rest;
      } else {
        const keep = depth - rest;
        if (this.isFresh(last)) {
          (last as BookLevel[]).length = keep;
        } else {
          const cut = [...last];
          cut.length = keep;
          this.addFresh(cut);
          list[list.length - 1] = cut;
        }
        this.size = depth;
      }
    }
  }

  /** The new side (the base itself when nothing changed). */
  finish(): Side {
    if (!this.copied) return this.base;
    if (this.topChanged) return makeSide(this.list, this.size);
    return { chunks: this.list, size: this.size, topCrc: this.base.topCrc, topLength: this.base.topLength, flat: undefined };
  }

  /**
   * Finds `price`: sets `ci`/`j` to its chunk and index, or to where it would be inserted.
   * @returns whether a level with that (numerically equal) price exists.
   */
  private locate(price: string, key: number): boolean {
    const list = this.list;
    const n = list.length;
    const sign = this.sign;
    if (n === 0) {
      this.ci = 0;
      this.j = 0;
      return false;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = list[mid]!;
      if (sign * compareLevelToPrice(chunk[chunk.length - 1]!, key, price) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === n) {
      this.ci = n - 1;
      this.j = list[n - 1]!.length;
      return false;
    }
    const chunk = list[lo]!;
    let a = 0;
    let b = chunk.length - 1;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (sign * compareLevelToPrice(chunk[mid]!, key, price) < 0) a = mid + 1;
      else b = mid;
    }
    this.ci = lo;
    this.j = a;
    return compareLevelToPrice(chunk[a]!, key, price) === 0;
  }

  /** Records whether the change at `ci`/`j` is within the top 10. */
  private noteChange(): void {
    let index = this.j;
    const list = this.list;
    for (let k = 0; k < this.ci && index < TOP; k++) index += list[k]!.length;
    if (index < TOP) this.topChanged = true;
  }

  private isFresh(chunk: Chunk): boolean {
    return chunk === this.fresh0 || (this.freshMore !== undefined && this.freshMore.includes(chunk as BookLevel[]));
  }

  private addFresh(chunk: BookLevel[]): void {
    if (this.fresh0 === undefined) this.fresh0 = chunk;
    else (this.freshMore ??= []).push(chunk);
  }

  private writableList(): Array<Chunk> {
    if (!this.copied) {
      this.list = this.list.slice();
      this.copied = true;
    }
    return this.list;
  }

  /** The chunk at `ci`, copied first unless this draft made it. */
  private own(ci: number): BookLevel[] {
    const list = this.writableList();
    const chunk = list[ci]!;
    if (this.isFresh(chunk)) return chunk as BookLevel[];
    // Spread, not slice(): V8 copies frozen arrays with slice/concat on a slow path (~50x).
    const copy = [...chunk];
    this.addFresh(copy);
    list[ci] = copy;
    return copy;
  }

  /** Merges a small chunk into a neighbour when they fit in one chunk together. */
  private mergeAround(ci: number): void {
    const list = this.list;
    const prev = ci > 0 ? list[ci - 1] : undefined;
    const next = ci + 1 < list.length ? list[ci + 1] : undefined;
    const left = prev !== undefined && (next === undefined || prev.length <= next.length) ? ci - 1 : ci;
    const a = list[left]!;
    const b = list[left + 1];
    if (b === undefined || a.length + b.length > CHUNK_CAPACITY) return;
    const merged = [...a, ...b];
    this.addFresh(merged);
    list.splice(left, 2, merged);
  }
}

// Copies are made with spread, never slice()/concat(): V8 copies frozen arrays with those on a
// slow path (about 50 times slower for 128 levels).

/**
 * The changes of one message to a side kept in one array (every book of depth up to
 * {@link FLAT_DEPTH}): one binary search per level in one array, copied once per message.
 * Same contract as {@link SideDraft}.
 * @internal
 */
export class FlatDraft {
  /** The working copy, made at the first change. */
  private levels: BookLevel[] | undefined;
  /** The lowest index changed so far. */
  private first = TOP;

  constructor(
    private readonly base: Side,
    private readonly sign: SideSign,
  ) {}

  get topChanged(): boolean {
    return this.first < TOP;
  }

  upsert(level: BookLevel): void {
    const current = this.levels ?? this.base.chunks[0] ?? NO_LEVELS;
    const found = search(current, this.sign, BookLevel.key(level), level.price);
    if (found >= 0) {
      const levels = (this.levels ??= [...current]);
      levels[found] = level;
      if (found < this.first) this.first = found;
      return;
    }
    const at = ~found;
    let levels = this.levels;
    if (levels === undefined) {
      // Copy with the extra slot at once (a push after the copy would grow it again).
      levels = this.levels = [...current, level];
      for (let k = levels.length - 1; k > at; k--) levels[k] = levels[k - 1]!;
      levels[at] = level;
    } else {
      insertAt(levels, at, level);
    }
    if (at < this.first) this.first = at;
  }

  remove(price: string): void {
    const current = this.levels ?? this.base.chunks[0];
    if (current === undefined) return;
    const found = search(current, this.sign, decimalKey(price), price);
    if (found < 0) return;
    const levels = (this.levels ??= [...current]);
    removeAt(levels, found);
    if (found < this.first) this.first = found;
  }

  truncate(depth: number): void {
    const levels = this.levels;
    if (levels === undefined || levels.length <= depth) return;
    levels.length = depth;
    if (depth < this.first) this.first = depth;
  }

  finish(): Side {
    const levels = this.levels;
    if (levels === undefined) return this.base;
    const chunks = levels.length === 0 ? NO_CHUNKS : [levels];
    if (this.first < TOP) return makeSide(chunks, levels.length);
    return { chunks, size: levels.length, topCrc: this.base.topCrc, topLength: this.base.topLength, flat: undefined };
  }
}

const NO_CHUNKS: ReadonlyArray<Chunk> = Object.freeze([]);

/** Binary search of one sorted chunk: the index of the price, or ~(where it would go). */
function search(levels: Chunk, sign: SideSign, key: number, price: string): number {
  let a = 0;
  let b = levels.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    const order = sign * compareLevelToPrice(levels[mid]!, key, price);
    if (order < 0) a = mid + 1;
    else if (order > 0) b = mid;
    else return mid;
  }
  return ~a;
}

function insertAt(chunk: BookLevel[], index: number, level: BookLevel): void {
  let k = chunk.length;
  chunk.push(level);
  while (k > index) {
    chunk[k] = chunk[k - 1]!;
    k--;
  }
  chunk[index] = level;
}

function removeAt(chunk: BookLevel[], index: number): void {
  const n = chunk.length - 1;
  for (let k = index; k < n; k++) chunk[k] = chunk[k + 1]!;
  chunk.pop();
}

/**
 * A side from levels already in order (best first, strictly), e.g. a snapshot: chunked
 * directly, half full when there is more than one chunk so that inserts rarely split at once.
 * @internal
 */
export function sideFromSorted(levels: ReadonlyArray<BookLevel>): Side {
  const n = levels.length;
  if (n === 0) return EMPTY_SIDE;
  if (n <= FLAT_DEPTH) return makeSide([[...levels]], n);
  const per = CHUNK_CAPACITY >>> 1;
  const chunks: Chunk[] = [];
  for (let start = 0; start < n; start += per) {
    const chunk: BookLevel[] = [];
    const end = Math.min(n, start + per);
    for (let k = start; k < end; k++) chunk.push(levels[k]!);
    chunks.push(chunk);
  }
  return makeSide(chunks, n);
}

/**
 * The side as one array, best level first: the chunk itself when there is one, else
 * built once and cached on the side.
 * @internal
 */
export function flattenSide(side: Side): ReadonlyArray<BookLevel> {
  const chunks = side.chunks;
  if (chunks.length === 0) return NO_LEVELS;
  if (chunks.length === 1) return chunks[0]!;
  return (side.flat ??= flattenChunks(side));
}

function flattenChunks(side: Side): ReadonlyArray<BookLevel> {
  const chunks = side.chunks;
  const out = new Array<BookLevel>(side.size);
  let k = 0;
  for (const chunk of chunks) for (let j = 0; j < chunk.length; j++) out[k++] = chunk[j]!;
  return out;
}

/** The best level of a side, if any. @internal */
export function bestOfSide(side: Side): BookLevel | undefined {
  return side.chunks[0]?.[0];
}
