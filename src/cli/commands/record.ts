import { createWriteStream, type WriteStream } from 'node:fs';
import { Subscription, defer, map, mergeMap } from 'rxjs';
import type { Connection } from '../../transport/connection';
import { createReconnectingSocket } from '../../transport/reconnectingSocket';
import { nodeWebSocketFactory } from '../../transport/nodeWebSocket';
import {
  EXIT,
  SOURCE_OPTIONS,
  SOURCE_USAGE,
  UsageError,
  messageOf,
  parseStrict,
  readBookDepth,
  readInt,
  readInterval,
  readNumber,
  readPairs,
  readSource,
  type MarketSource,
} from '../args';
import { openCommandSource, parseCommand } from '../commandSteps';
import { withStop, type CliIo } from '../io';

/** Kraken's public channels `record` can subscribe to. @internal */
export const RECORD_CHANNELS = ['ticker', 'trade', 'spread', 'book', 'ohlc'] as const;
/** @internal */
export type RecordChannel = (typeof RECORD_CHANNELS)[number];

/**
 * What `kraken-rx record` was asked to do.
 * @example
 * ```ts
 * const options: RecordOptions = { out: 'xbt.jsonl', channels: ['book'], pairs: ['XBT/USD'], depth: 10, interval: 1, retries: 3, source: { kind: 'live' } };
 * ```
 * @category CLI
 * @since 0.1.0
 */
export interface RecordOptions {
  readonly out: string;
  readonly channels: readonly RecordChannel[];
  readonly pairs: readonly string[];
  readonly depth: number;
  readonly interval: number;
  /** Stop after this many seconds. */
  readonly durationS?: number;
  /** Stop after this many channel data frames. */
  readonly count?: number;
  readonly retries: number;
  readonly source: MarketSource;
}

/**
 * One line of a recording: a frame received (`frame`) or a request the recorder sent (`sent`),
 * with its time in ms since the epoch and the number of the connection (1, 2... after
 * reconnects). See docs/cli.md, "The record format".
 * @example
 * ```ts
 * const line: RecordLine = { t: 1732617600123, conn: 1, frame: '{"event":"heartbeat"}' };
 * ```
 * @category CLI
 * @since 0.1.0
 */
export type RecordLine =
  | { readonly t: number; readonly conn: number; readonly frame: string }
  | { readonly t: number; readonly conn: number; readonly sent: string };

/** Usage text of `kraken-rx record`. @internal */
export const RECORD_USAGE = `Usage: kraken-rx record --out <file.jsonl> <channel>[,<channel>...] <pair>... [options]

Records the raw frames received, with receive timestamps, one JSON object per line:
  {"t":<ms since epoch>,"conn":<connection number>,"frame":"<raw frame text>"}
and the subscribe requests it sent as {"t":...,"conn":...,"sent":"<request text>"}.
Play it back with: kraken-rx simulate --replay <file.jsonl>
Without --url or --live, an embedded simulator is recorded.

Channels: ticker, trade, spread, book, ohlc (comma-separated for several).

Options:
  --out <file>         the file to write (required; overwritten)
  --duration <s>       stop after this many seconds (default: until Ctrl-C)
  --count <n>          stop after this many channel data frames
  --depth <n>          book depth: 10 (default), 25, 100, 500 or 1000
  --interval <min>     ohlc interval: 1 (default), 5, 15, 30, 60, 240, 1440, 10080, 21600
  --retries <n>        reconnection attempts before giving up (default 3)
${SOURCE_USAGE}
  -h, --help           show this help

Examples:
  kraken-rx record --out xbt.jsonl --duration 60 book,trade,ticker XBT/USD --live
  kraken-rx record --out books.jsonl --depth 100 book XBT/USD ETH/USD --url ws://127.0.0.1:8080
  kraken-rx record --out sim.jsonl --duration 5 --seed 7 book,spread ETH/USD`;

/** Parses the arguments after `record`. Throws a {@link UsageError}. @internal */
export function parseRecordArgs(argv: readonly string[]): RecordOptions | 'help' {
  const { values, positionals } = parseStrict(argv, {
    ...SOURCE_OPTIONS,
    out: { type: 'string', short: 'o' },
    duration: { type: 'string' },
    count: { type: 'string' },
    depth: { type: 'string' },
    interval: { type: 'string' },
    retries: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return 'help';
  if (values.out === undefined || values.out === '') throw new UsageError('--out <file> is required');
  const [list, ...pairs] = positionals;
  if (list === undefined) throw new UsageError(`a channel is needed: ${RECORD_CHANNELS.join(', ')}`);
  const channels = [
    ...new Set(
      list.split(',').map((name) => {
        const channel = name === 'trades' ? 'trade' : name === 'candles' ? 'ohlc' : name;
        if (!(RECORD_CHANNELS as readonly string[]).includes(channel)) throw new UsageError(`unknown channel ${JSON.stringify(name)}: use ${RECORD_CHANNELS.join(', ')}`);
        return channel as RecordChannel;
      }),
    ),
  ];
  if (values.depth !== undefined && !channels.includes('book')) throw new UsageError('--depth only applies to the book channel');
  if (values.interval !== undefined && !channels.includes('ohlc')) throw new UsageError('--interval only applies to the ohlc channel');
  const durationS = readNumber('--duration', values.duration, 0.001, 365 * 86_400);
  const count = readInt('--count', values.count, 1, Number.MAX_SAFE_INTEGER);
  return {
    out: values.out,
    channels,
    pairs: readPairs(pairs),
    depth: readBookDepth(values.depth) ?? 10,
    interval: readInterval(values.interval) ?? 1,
    ...(durationS === undefined ? {} : { durationS }),
    ...(count === undefined ? {} : { count }),
    retries: readInt('--retries', values.retries, 0, 1000) ?? 3,
    source: readSource(values),
  };
}

/** The subscribe request of one channel, as Kraken expects it (protocol reference 5.1). @internal */
export function subscribeRequest(channel: RecordChannel, options: Pick<RecordOptions, 'pairs' | 'depth' | 'interval'>, reqid: number): string {
  const subscription = channel === 'book' ? { name: 'book', depth: options.depth } : channel === 'ohlc' ? { name: 'ohlc', interval: options.interval } : { name: channel };
  return JSON.stringify({ event: 'subscribe', reqid, pair: options.pairs, subscription });
}

/**
 * The `kraken-rx record` command: subscribes to channels and writes every frame received,
 * with its receive time, to a JSON Lines file, until `--duration`, `--count`, Ctrl-C or an
 * error (a refused subscription, an endpoint that stays unreachable).
 *
 * @example
 * ```ts
 * const code = await runRecord(['--out', 'xbt.jsonl', '--duration', '10', 'book', 'XBT/USD'], { out: console.log, err: console.error });
 * ```
 * @param argv The arguments after `record`.
 * @param io Output and stop signal.
 * @returns A promise of the exit code: 0 done, 1 error, 2 bad arguments.
 * @category CLI
 * @since 0.1.0
 */
export async function runRecord(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseCommand('record', argv, parseRecordArgs, RECORD_USAGE, io);
  if (typeof options === 'number') return options;
  let file: WriteStream;
  try {
    file = await openFile(options.out);
  } catch (error) {
    io.err(`kraken-rx record: cannot write ${options.out}: ${messageOf(error)}`);
    return EXIT.error;
  }
  return withStop(io, async (stop) => {
    const source = await openCommandSource('record', options.source, io);
    if (typeof source === 'number') {
      file.end();
      return source;
    }
    const socket = createReconnectingSocket({
      url: source.url,
      webSocketFactory: nodeWebSocketFactory,
      lingerMs: 0,
      backoff: { maxAttempts: options.retries },
      liveness: { probe: () => JSON.stringify({ event: 'ping', reqid: 1_000_000 }) },
    });
    const startedAt = Date.now();
    let frames = 0;
    let dataFrames = 0;
    let attempts = 0;
    const write = (line: RecordLine): void => {
      file.write(`${JSON.stringify(line)}\n`);
    };
    const subscriptions = new Subscription();
    const result = await new Promise<{ code: number; message?: string }>((resolve) => {
      let finished = false;
      const finish = (code: number, message?: string): void => {
        finished = true;
        resolve(message === undefined ? { code } : { code, message });
      };
      void stop.then(() => finish(EXIT.ok));
      if (options.durationS !== undefined) {
        const timer = setTimeout(() => finish(EXIT.ok), options.durationS * 1000);
        subscriptions.add(() => clearTimeout(timer));
      }
      subscriptions.add(
        socket.status$.subscribe((status) => {
          if (status.state === 'connecting') attempts += 1;
          if (status.state === 'open') attempts = 0;
        }),
      );
      // On every (re)connection: subscribe as Kraken expects, and record every frame received.
      const frames$ = socket.connection$.pipe(
        mergeMap((connection: Connection) =>
          defer(() => {
            options.channels.forEach((channel, i) => {
              const request = subscribeRequest(channel, options, i + 1);
              write({ t: Date.now(), conn: connection.id, sent: request });
              connection.send(request);
            });
            return connection.messages$.pipe(map((text) => ({ conn: connection.id, text })));
          }),
        ),
      );
      subscriptions.add(
        frames$.subscribe({
          next: ({ conn, text }) => {
            if (finished) return;
            frames += 1;
            write({ t: Date.now(), conn, frame: text });
            if (text.startsWith('[')) {
              dataFrames += 1;
              if (options.count !== undefined && dataFrames >= options.count) finish(EXIT.ok);
              return;
            }
            const refusal = subscriptionRefusal(text);
            if (refusal !== undefined) finish(EXIT.error, refusal);
          },
          error: (error: unknown) =>
            finish(EXIT.error, `gave up connecting to ${source.url} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${messageOf(error)}`),
          complete: () => finish(EXIT.ok),
        }),
      );
    });
    subscriptions.unsubscribe();
    socket.close();
    await new Promise<void>((resolve) => file.end(resolve));
    await source.close();
    if (result.message !== undefined) io.err(`kraken-rx record: ${result.message}`);
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    io.out(`Recorded ${frames} frames (${dataFrames} channel data frames) in ${seconds} s to ${options.out}`);
    return result.code;
  });
}

/** Kraken's text when a frame is a refused subscription (`subscriptionStatus` with `status: "error"`). */
function subscriptionRefusal(text: string): string | undefined {
  if (!text.includes('"subscriptionStatus"') || !text.includes('"error"')) return undefined;
  try {
    const message = JSON.parse(text) as { event?: unknown; status?: unknown; errorMessage?: unknown; pair?: unknown; subscription?: { name?: unknown } };
    if (message.event !== 'subscriptionStatus' || message.status !== 'error') return undefined;
    const what = [message.subscription?.name, message.pair].filter((x) => typeof x === 'string').join(' ');
    return `Kraken refused the ${what} subscription: ${String(message.errorMessage)}`;
  } catch {
    return undefined;
  }
}

function openFile(path: string): Promise<WriteStream> {
  return new Promise((resolve, reject) => {
    const stream = createWriteStream(path, { flags: 'w' });
    stream.once('open', () => {
      stream.off('error', reject);
      resolve(stream);
    });
    stream.once('error', reject);
  });
}
