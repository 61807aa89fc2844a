/**
 * The order book hot path: text frame → decodeFrame → toOrderBook (through an RxJS Subject)
 * → an emitted book whose checksum was verified on every update, against bare `JSON.parse` of
 * the same frames in the same run.
 *
 * Streams: the real book-1000 capture (10 interleaved pairs, replayed until it has about as
 * many messages as a synthetic stream; every replay restarts from the snapshots), and seeded
 * synthetic single-pair streams at depths 10, 25, 100 and 1000.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Subject, filter, groupBy, map, mergeMap, type Observable, type OperatorFunction } from 'rxjs';
import type { OrderBook } from '../src/book/orderBook';
import { toOrderBook } from '../src/operators/toOrderBook';
import { decodeFrame, type DecodeResult } from '../src/protocol/decodeFrame';
import type { BookSnapshotMessage, BookUpdateMessage } from '../src/protocol/messages';
import { canGc, collect, fmt, heapMb, median, timePerItem } from './support/measure';
import type { BenchOptions, BenchSuite } from './support/suite';
import { syntheticBookFrames } from './support/syntheticBookFrames';

type BookMessage = BookSnapshotMessage | BookUpdateMessage;
type BookResult = { readonly ok: true; readonly message: BookMessage };

const isBookResult = (r: DecodeResult): r is BookResult =>
  r.ok && (r.message.kind === 'bookUpdate' || r.message.kind === 'bookSnapshot');

interface Stream {
  readonly name: string;
  readonly depth: string;
  readonly frames: ReadonlyArray<string>;
  /** Several books interleaved (route with groupBy) or one. */
  readonly grouped: boolean;
  /** Book messages (each must give one verified book) and updates carrying a checksum. */
  readonly bookMessages: number;
  readonly checkedUpdates: number;
  /** Ratio target from the issue, when there is one. */
  readonly target?: number;
}

interface RunResult {
  books: number;
  error: unknown;
  checksumXor: number;
  last: OrderBook | undefined;
}

/** The measured pipeline: one Subject of text frames to one (or, grouped, several) verified book streams. */
interface Pipeline {
  readonly input: Subject<string>;
  readonly result: RunResult;
  close(): void;
}

function openPipeline(stream: Stream): Pipeline {
  const input = new Subject<string>();
  const result: RunResult = { books: 0, error: undefined, checksumXor: 0, last: undefined };
  const toBooks: OperatorFunction<BookMessage, OrderBook> = stream.grouped
    ? (messages: Observable<BookMessage>) =>
        messages.pipe(
          groupBy((m) => `${m.channelName} ${m.pair}`),
          mergeMap((book$) => book$.pipe(toOrderBook())),
        )
    : toOrderBook();
  const subscription = input
    .pipe(
      map(decodeFrame),
      filter(isBookResult),
      map((r) => r.message),
      toBooks,
    )
    .subscribe({
      next: (book) => {
        result.books++;
        result.checksumXor ^= book.checksum;
        result.last = book;
      },
      error: (err: unknown) => {
        result.error = err;
      },
    });
  return { input, result, close: () => subscription.unsubscribe() };
}

function runPipeline(stream: Stream, frames: ReadonlyArray<string>, checkpoint?: (index: number) => void): RunResult {
  const pipeline = openPipeline(stream);
  const n = frames.length;
  const step = Math.ceil(n / 4);
  for (let i = 0; i < n; i++) {
    pipeline.input.next(frames[i]!);
    if (checkpoint !== undefined && (i + 1) % step === 0) checkpoint(i + 1);
  }
  pipeline.close();
  return pipeline.result;
}

/** Every book message gave a verified book, and nothing failed. */
function check(stream: Stream, result: RunResult, expected: number): void {
  if (result.error !== undefined) throw result.error instanceof Error ? result.error : new Error(`${stream.name}: the pipeline failed`);
  if (result.books !== expected) throw new Error(`${stream.name}: ${result.books} books for ${expected} book messages`);
}

function countBookMessages(frames: ReadonlyArray<string>): { bookMessages: number; checkedUpdates: number } {
  let bookMessages = 0;
  let checkedUpdates = 0;
  for (const frame of frames) {
    const r = decodeFrame(frame);
    if (!isBookResult(r)) continue;
    bookMessages++;
    if (r.message.kind === 'bookUpdate' && r.message.checksum !== undefined) checkedUpdates++;
  }
  return { bookMessages, checkedUpdates };
}

let sink = 0;

function parseRange(frames: ReadonlyArray<string>, from: number, to: number): void {
  let n = 0;
  for (let i = from; i < to; i++) if (Array.isArray(JSON.parse(frames[i]!))) n++;
  sink ^= n;
}

function decodeRange(frames: ReadonlyArray<string>, from: number, to: number): void {
  let n = 0;
  for (let i = from; i < to; i++) if (decodeFrame(frames[i]!).ok) n++;
  sink ^= n;
}

function pipeRange(pipeline: Pipeline, frames: ReadonlyArray<string>, from: number, to: number): void {
  const input = pipeline.input;
  for (let i = from; i < to; i++) input.next(frames[i]!);
}

interface Measured {
  /** Medians over rounds of the whole stream's time, ns per message. */
  readonly parse: number;
  readonly decode: number;
  readonly pipeline: number;
  /** Median over every block of every round of pipeline ÷ JSON.parse on the same block. */
  readonly ratio: number;
  readonly decodeRatio: number;
  /** Per round: the median block ratio. */
  readonly roundRatios: ReadonlyArray<number>;
  readonly heapBefore: number;
  readonly heapAfter: number;
  readonly heapCheckpoints: ReadonlyArray<number>;
}

/** Frames per block: JSON.parse, decodeFrame and the pipeline take turns on each block. */
const BLOCK = 5_000;

function measure(stream: Stream, options: BenchOptions): Measured {
  const frames = stream.frames;
  const n = frames.length;
  // Warm-up: every path, on a prefix.
  const warm = frames.slice(0, Math.min(n, 100_000));
  const warmBooks = countBookMessages(warm).bookMessages;
  for (let k = 0; k < 2; k++) {
    parseRange(warm, 0, warm.length);
    decodeRange(warm, 0, warm.length);
    check(stream, runPipeline(stream, warm), warmBooks);
  }
  const parse: number[] = [];
  const decode: number[] = [];
  const pipeline: number[] = [];
  const ratios: number[] = [];
  const decodeRatios: number[] = [];
  const roundRatios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    collect();
    const open = openPipeline(stream);
    let p = 0;
    let d = 0;
    let q = 0;
    const blockRatios: number[] = [];
    for (let from = 0, block = 0; from < n; from += BLOCK, block++) {
      const to = Math.min(n, from + BLOCK);
      let tp = 0;
      let td = 0;
      let tq = 0;
      const steps = [
        () => (tp = timePerItem(to - from, () => parseRange(frames, from, to))),
        () => (td = timePerItem(to - from, () => decodeRange(frames, from, to))),
        () => (tq = timePerItem(to - from, () => pipeRange(open, frames, from, to))),
      ];
      // Rotate the order so that no path always runs first (or last) in a block.
      for (let k = 0; k < 3; k++) steps[(block + round + k) % 3]!();
      p += tp * (to - from);
      d += td * (to - from);
      q += tq * (to - from);
      blockRatios.push(tq / tp);
      decodeRatios.push(td / tp);
    }
    open.close();
    check(stream, open.result, stream.bookMessages);
    parse.push(p / n);
    decode.push(d / n);
    pipeline.push(q / n);
    ratios.push(...blockRatios);
    roundRatios.push(median(blockRatios));
  }
  // Memory: an untimed run, heap after a GC before, at four checkpoints, and after (the last
  // book is still referenced by the result).
  const heapBefore = heapMb();
  const heapCheckpoints: number[] = [];
  const memoryRun = runPipeline(stream, frames, () => heapCheckpoints.push(heapMb()));
  check(stream, memoryRun, stream.bookMessages);
  const heapAfter = heapMb();
  sink ^= memoryRun.last?.checksum ?? 0;
  return {
    parse: median(parse),
    decode: median(decode),
    pipeline: median(pipeline),
    ratio: median(ratios),
    decodeRatio: median(decodeRatios),
    roundRatios,
    heapBefore,
    heapAfter,
    heapCheckpoints,
  };
}

function realCapture(options: BenchOptions): Stream {
  const file = path.join(options.root, '..', 'shared', 'fixtures', 'kraken-book-cryptofeed-2021-04.jsonl');
  const once = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const repeats = Math.max(1, Math.round(options.updates / once.length));
  const frames: string[] = [];
  for (let r = 0; r < repeats; r++) for (const frame of once) frames.push(frame);
  const counts = countBookMessages(once);
  return {
    name: `real capture ×${repeats}`,
    depth: '1000 (10 pairs)',
    frames,
    grouped: true,
    bookMessages: counts.bookMessages * repeats,
    checkedUpdates: counts.checkedUpdates * repeats,
  };
}

function synthetic(depth: number, options: BenchOptions): Stream & { readonly meanLength: number } {
  const { frames, stats } = syntheticBookFrames({ depth, updates: options.updates });
  const target = depth === 25 ? 2.5 : depth === 1000 ? 4 : undefined;
  return {
    name: 'synthetic',
    depth: String(depth),
    frames,
    grouped: false,
    bookMessages: stats.frames,
    checkedUpdates: stats.frames - 1,
    meanLength: stats.meanFrameLength,
    ...(target === undefined ? {} : { target }),
  };
}

function row(stream: Stream, m: Measured): string {
  const target = stream.target === undefined ? '' : ` (target ≤ ${stream.target}×: ${m.ratio <= stream.target ? 'met' : 'NOT met'})`;
  const heap = `${fmt(m.heapBefore, 1)} → ${fmt(m.heapAfter, 1)}`;
  return (
    `| ${stream.name} | ${stream.depth} | ${fmt(stream.frames.length)} | ${fmt(stream.checkedUpdates)} | ` +
    `${fmt(m.parse)} | ${fmt(m.decode)} | ${fmt(m.pipeline)} | ${fmt(1e9 / m.pipeline)} | ` +
    `${fmt(m.decodeRatio, 2)}× | **${fmt(m.ratio, 2)}×**${target} | ${heap} |`
  );
}

export const bookBench: BenchSuite = {
  name: 'book',
  description: 'decodeFrame → toOrderBook with a checksum on every update, vs bare JSON.parse',
  run(options) {
    const { log } = options;
    log(
      `rounds: ${options.rounds}; in each, JSON.parse, decodeFrame and the pipeline take turns on blocks of ${fmt(BLOCK)} frames ` +
        `(ratios: median over all blocks of the two times on the same block; ns/msg: median over rounds). ` +
        `Synthetic updates per stream: ${fmt(options.updates)}. GC between phases: ${canGc ? 'yes' : 'no (run with node --expose-gc)'}`,
    );
    log('');
    log('| stream | depth | frames | checksums verified | JSON.parse ns/msg | decodeFrame ns/msg (incl. parse) | pipeline ns/msg | pipeline msgs/s | decode ÷ parse | pipeline ÷ parse | heap MB before → after |');
    log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    const details: string[] = [];
    const real = realCapture(options);
    const realMeasured = measure(real, options);
    log(row(real, realMeasured));
    details.push(describe(real, realMeasured));
    const runDepth = (depth: number) => {
      const stream = synthetic(depth, options);
      const measured = measure(stream, options);
      log(row(stream, measured));
      details.push(`${describe(stream, measured)}; mean frame ${fmt(stream.meanLength)} chars`);
    };
    for (const depth of [10, 25, 100, 1000]) {
      runDepth(depth); // the stream's frames are garbage once it returns
      collect();
    }
    log('');
    for (const line of details) log(line);
    if (sink === 0.5) log('');
  },
};

function describe(stream: Stream, m: Measured): string {
  return (
    `- ${stream.name} depth ${stream.depth}: per-round median block ratio pipeline ÷ parse ${m.roundRatios.map((r) => fmt(r, 2)).join(', ')}; ` +
    `heap at ¼, ½ and ¾ of the memory run ${m.heapCheckpoints.map((h) => fmt(h, 1)).join(', ')} MB`
  );
}
