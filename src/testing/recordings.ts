import { asyncScheduler, concatMap, defer, from, map, of, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { BookMessage } from '../feeds/publicFeeds';
import { ohlcUpdateOf, spreadOf, tickerOf, tradesOf, type OhlcUpdate, type Spread, type Ticker, type Trade } from '../feeds/values';
import { InvalidArgumentError } from '../errors/protocolErrors';
import { decodeFrame } from '../protocol/decodeFrame';
import type { KrakenMessage, OpenOrdersMessage, OwnTradesMessage } from '../protocol/messages';

/**
 * One frame of a recording: the text Kraken sent and, when the recording has them, when it
 * arrived and on which connection.
 * @example
 * ```ts
 * const [first]: RecordedFrame[] = parseRecording(text);
 * console.log(first?.line, first?.time, first?.frame);
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface RecordedFrame {
  /** The frame text, exactly as received. */
  readonly frame: string;
  /** Receive time, ms since the epoch (`kraken-rx record` files); absent in plain frame lists. */
  readonly time?: number;
  /** Connection number (1, 2... after reconnects), when recorded. */
  readonly connection?: number;
  /** Line number in the file (1-based), for error messages. */
  readonly line: number;
}

/**
 * A decoded frame of a recording.
 * @example
 * ```ts
 * const books = decodeRecording(text).filter((r: RecordedMessage) => r.message.kind === 'bookUpdate');
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface RecordedMessage extends Omit<RecordedFrame, 'frame'> {
  readonly message: KrakenMessage;
}

/**
 * Reads a JSON Lines recording of Kraken traffic into frames. Two formats are accepted, even
 * mixed: one raw Kraken frame per line (as in most public captures), and the lines
 * `kraken-rx record` writes, `{"t": <ms>, "conn": <n>, "frame": "<text>"}` (its `sent` lines,
 * the client's own requests, are skipped). Blank lines are ignored.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const frames = parseRecording(readFileSync('xbt.jsonl', 'utf8'));
 * ```
 * @param jsonl The file's text.
 * @return The frames received, in file order.
 * @throws {InvalidArgumentError} For a line that is not JSON, naming its number.
 * @category Testing
 * @since 0.1.0
 */
export function parseRecording(jsonl: string): RecordedFrame[] {
  const frames: RecordedFrame[] = [];
  const lines = jsonl.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = (lines[i] as string).trim();
    if (text === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new InvalidArgumentError(`recording line ${line}`, text, 'one JSON value per line (a Kraken frame or a `kraken-rx record` line)');
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && ('frame' in value || 'sent' in value)) {
      const record = value as { t?: unknown; conn?: unknown; frame?: unknown };
      if (record.frame === undefined) continue; // a request the recorder sent
      if (typeof record.frame !== 'string') throw new InvalidArgumentError(`recording line ${line} "frame"`, record.frame, 'the frame text');
      frames.push({
        frame: record.frame,
        line,
        ...(typeof record.t === 'number' ? { time: record.t } : {}),
        ...(typeof record.conn === 'number' ? { connection: record.conn } : {}),
      });
    } else {
      frames.push({ frame: text, line });
    }
  }
  return frames;
}

/**
 * Decodes every frame of a recording with the library's own decoder (`decodeFrame`), so the
 * values are exactly what a live client would see.
 *
 * @example
 * ```ts
 * const kinds = decodeRecording(text).map((r) => r.message.kind); // ['systemStatus', 'subscriptionStatus', 'bookSnapshot', ...]
 * ```
 * @param recording The JSONL text, or frames from {@link parseRecording}.
 * @return One decoded message per frame.
 * @throws {InvalidArgumentError} For a frame that does not decode, naming its line and why.
 * @category Testing
 * @since 0.1.0
 */
export function decodeRecording(recording: string | readonly RecordedFrame[]): RecordedMessage[] {
  const frames = typeof recording === 'string' ? parseRecording(recording) : recording;
  return frames.map(({ frame, ...where }) => {
    const result = decodeFrame(frame);
    if (!result.ok) throw new InvalidArgumentError(`recording line ${where.line}`, frame, 'a Kraken v1 frame', result.error.message);
    return { ...where, message: result.message };
  });
}

/**
 * The feeds {@link replayRecording} can extract, and the value each emits: the same values as
 * the client's feed of that name (`book` gives the raw book messages of `bookMessages()`, for
 * `toOrderBook()`; `ownTrades` gives the raw messages).
 * @example
 * ```ts
 * const trade: RecordedFeedValues['trade'] = buildTrade();
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface RecordedFeedValues {
  readonly ticker: Ticker;
  readonly trade: Trade;
  readonly spread: Spread;
  readonly ohlc: OhlcUpdate;
  readonly book: BookMessage;
  readonly openOrders: OpenOrdersMessage;
  readonly ownTrades: OwnTradesMessage;
}

/**
 * Which feed values {@link recordedValues} and {@link replayRecording} keep, and (for
 * `replayRecording`) when they are emitted.
 * @example
 * ```ts
 * const config: ReplayConfig = { pair: 'XBT/USD', depth: 10, timing: 'recorded', speed: 10 };
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface ReplayConfig {
  /** Only this pair (WebSocket name). Default: every pair. */
  readonly pair?: string;
  /** `book` only: only this depth. Default: every depth. */
  readonly depth?: number;
  /** `ohlc` only: only this interval, in minutes. Default: every interval. */
  readonly interval?: number;
  /**
   * `'instant'` (default): every value synchronously on subscribe, in order. `'recorded'`:
   * each value at its receive time relative to the first frame of the recording, on
   * `scheduler` (virtual time inside `TestScheduler.run`); the recording needs times.
   */
  readonly timing?: 'instant' | 'recorded';
  /** With `timing: 'recorded'`: play this many times faster. Default 1. */
  readonly speed?: number;
  /** With `timing: 'recorded'`. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * A recorded feed value and when its frame arrived (ms since the epoch, when recorded).
 * @example
 * ```ts
 * const [first]: RecordedValue<Trade>[] = recordedValues(text, 'trade');
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface RecordedValue<T> {
  readonly value: T;
  readonly time?: number;
  readonly line: number;
}

/**
 * The values one feed would have emitted for a recording, with their receive times: trades one
 * by one, tickers, spreads and ohlc updates with named fields, book messages as they are.
 *
 * @example
 * ```ts
 * const trades = recordedValues(text, 'trade', { pair: 'XBT/USD' }).map((r) => r.value);
 * const candles = await lastValueFrom(from(trades).pipe(tradesToCandles({ intervalMs: 60_000 }), toArray()));
 * ```
 * @param recording The JSONL text, or frames from {@link parseRecording}.
 * @param feed Which feed.
 * @param config `pair`, `depth`, `interval` filters (timing options are ignored here).
 * @return The values, in recording order.
 * @throws {InvalidArgumentError} For a frame that does not decode.
 * @category Testing
 * @since 0.1.0
 */
export function recordedValues<F extends keyof RecordedFeedValues>(
  recording: string | readonly RecordedFrame[],
  feed: F,
  config: Pick<ReplayConfig, 'pair' | 'depth' | 'interval'> = {},
): RecordedValue<RecordedFeedValues[F]>[] {
  const values: RecordedValue<unknown>[] = [];
  for (const { message, time, line } of decodeRecording(recording)) {
    const at = time === undefined ? { line } : { line, time };
    for (const value of valuesOf(message, feed, config)) values.push({ value, ...at });
  }
  return values as RecordedValue<RecordedFeedValues[F]>[];
}

/**
 * Replays one feed of a recorded JSONL file as an Observable, to drive operators and
 * strategies with real traffic: instantly, or at the recorded pace on a scheduler (in virtual
 * time inside `TestScheduler.run`).
 *
 * ```
 * recording:  book snapshot @0 ms, update @120 ms, update @250 ms
 * replayRecording(text, 'book', { timing: 'recorded' })
 * result:     s 119ms u 129ms (u|)
 * ```
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { toOrderBook } from 'kraken-rx/operators';
 * import { replayRecording } from 'kraken-rx/testing';
 *
 * const text = readFileSync('xbt-book.jsonl', 'utf8');
 * replayRecording(text, 'book', { pair: 'XBT/USD' })
 *   .pipe(toOrderBook())
 *   .subscribe((book) => console.log(book.checksum)); // every recorded checksum verified
 * ```
 * @param recording The JSONL text, or frames from {@link parseRecording}.
 * @param feed Which feed: `ticker`, `trade`, `spread`, `ohlc`, `book`, `openOrders`, `ownTrades`.
 * @param config Filters (`pair`, `depth`, `interval`) and timing (`timing`, `speed`, `scheduler`).
 * @return An Observable that emits the feed's values and completes. Cold: each subscriber gets
 * the whole replay.
 * @throws {InvalidArgumentError} For a frame that does not decode, `timing: 'recorded'` on a
 * recording without times, or a `speed` that is not positive.
 * @category Testing
 * @since 0.1.0
 */
export function replayRecording<F extends keyof RecordedFeedValues>(
  recording: string | readonly RecordedFrame[],
  feed: F,
  config: ReplayConfig = {},
): Observable<RecordedFeedValues[F]> {
  const frames = typeof recording === 'string' ? parseRecording(recording) : recording;
  const values = recordedValues(frames, feed, config);
  if ((config.timing ?? 'instant') === 'instant') return from(values.map((v) => v.value));
  const speed = config.speed ?? 1;
  if (!(speed > 0 && Number.isFinite(speed))) throw new InvalidArgumentError('speed', speed, 'a positive number');
  const start = frames[0]?.time;
  if (start === undefined || values.some((v) => v.time === undefined)) {
    throw new InvalidArgumentError('timing', 'recorded', 'a recording with receive times (`kraken-rx record` files)', "use timing: 'instant'");
  }
  const scheduler = config.scheduler ?? asyncScheduler;
  return defer(() => {
    // Each value waits for its own offset from the previous one, so equal times keep file order.
    let previous = 0;
    return from(values).pipe(
      concatMap((recorded) => {
        const offset = ((recorded.time as number) - start) / speed;
        const wait = Math.max(0, offset - previous);
        previous = Math.max(previous, offset);
        return wait === 0 ? of(recorded.value) : timer(wait, scheduler).pipe(map(() => recorded.value));
      }),
    );
  });
}

function valuesOf(message: KrakenMessage, feed: keyof RecordedFeedValues, config: Pick<ReplayConfig, 'pair' | 'depth' | 'interval'>): readonly unknown[] {
  if ('pair' in message && typeof message.pair === 'string' && 'channelID' in message && config.pair !== undefined && message.pair !== config.pair) return [];
  switch (feed) {
    case 'ticker':
      return message.kind === 'ticker' ? [tickerOf(message)] : [];
    case 'trade':
      return message.kind === 'trade' ? tradesOf(message) : [];
    case 'spread':
      return message.kind === 'spread' ? [spreadOf(message)] : [];
    case 'ohlc':
      return message.kind === 'ohlc' && (config.interval === undefined || message.interval === config.interval) ? [ohlcUpdateOf(message)] : [];
    case 'book':
      return (message.kind === 'bookSnapshot' || message.kind === 'bookUpdate') && (config.depth === undefined || message.depth === config.depth)
        ? [message]
        : [];
    case 'openOrders':
      return message.kind === 'openOrders' ? [message] : [];
    case 'ownTrades':
      return message.kind === 'ownTrades' ? [message] : [];
  }
}
