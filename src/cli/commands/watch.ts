import { Observable, from, map, merge, take, takeUntil } from 'rxjs';
import type { KrakenClient } from '../../client/krakenClient';
import type { OrderBook } from '../../book/orderBook';
import { bestAsk, bestBid, midPrice, spread } from '../../book/bookPrices';
import type { ConnectionStatus } from '../../transport/connection';
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
  readPairs,
  readSource,
  type MarketSource,
} from '../args';
import { openCommandSource, parseCommand } from '../commandSteps';
import { withStop, type CliIo } from '../io';
import { clientFor } from '../source';

/** The channels `watch` can print. @internal */
export const WATCH_CHANNELS = ['ticker', 'trades', 'spread', 'book', 'candles'] as const;
/** @internal */
export type WatchChannel = (typeof WATCH_CHANNELS)[number];

/**
 * What `kraken-rx watch` was asked to do.
 * @example
 * ```ts
 * const options: WatchOptions = { channel: 'book', pairs: ['XBT/USD'], depth: 10, interval: 1, history: 0, retries: 3, source: { kind: 'live' } };
 * ```
 * @category CLI
 * @since 0.1.0
 */
export interface WatchOptions {
  readonly channel: WatchChannel;
  readonly pairs: readonly string[];
  /** Book depth (book). */
  readonly depth: number;
  /** Levels per side printed (book); default: all of `depth`. */
  readonly levels?: number;
  /** Candle interval in minutes (candles). */
  readonly interval: number;
  /** Closed candles of REST history printed first (candles). */
  readonly history: number;
  /** Stop after this many lines. */
  readonly count?: number;
  /** Reconnection attempts before giving up. */
  readonly retries: number;
  readonly source: MarketSource;
}

/** Usage text of `kraken-rx watch`. @internal */
export const WATCH_USAGE = `Usage: kraken-rx watch <channel> <pair>... [options]

Prints one JSON object per line (pipe it to jq). Prices and volumes are Kraken's exact
decimal strings. Without --url or --live, an embedded simulator is started.

Channels:
  ticker               the ticker (best bid/ask, last trade, 24 h statistics)
  trades               public trades, one line per trade
  spread               best bid and offer
  book                 the verified order book after every update, with its checksum
  candles              closed OHLC candles (after --history candles of REST history)

Options:
  --depth <n>          book depth: 10 (default), 25, 100, 500 or 1000
  --levels <n>         book levels printed per side (default: the whole depth)
  --interval <min>     candle interval: 1 (default), 5, 15, 30, 60, 240, 1440, 10080, 21600
  --history <n>        candles: closed candles from REST history first (default 0, max 719)
  --count <n>          stop after n lines
  --retries <n>        reconnection attempts before giving up (default 3)
${SOURCE_USAGE}
  -h, --help           show this help

Exit codes: 0 done (--count reached, Ctrl-C, or the reader closed the pipe),
1 error (e.g. Kraken refused the subscription, the endpoint is unreachable), 2 bad arguments.

Examples:
  kraken-rx watch ticker XBT/USD ETH/USD
  kraken-rx watch trades XBT/USD --live | jq -r '[.time, .side, .price, .volume] | @tsv'
  kraken-rx watch book ETH/USD --depth 25 --levels 3 --count 5
  kraken-rx watch candles XBT/USD --history 10 --count 10
  kraken-rx watch spread XBT/USD --url ws://127.0.0.1:8080`;

/** Parses the arguments after `watch`. Throws a {@link UsageError}. @internal */
export function parseWatchArgs(argv: readonly string[]): WatchOptions | 'help' {
  const { values, positionals } = parseStrict(argv, {
    ...SOURCE_OPTIONS,
    depth: { type: 'string' },
    levels: { type: 'string' },
    interval: { type: 'string' },
    history: { type: 'string' },
    count: { type: 'string' },
    retries: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return 'help';
  const [name, ...pairs] = positionals;
  if (name === undefined) throw new UsageError(`a channel is needed: ${WATCH_CHANNELS.join(', ')}`);
  const channel = name === 'trade' ? 'trades' : name === 'ohlc' ? 'candles' : name;
  if (!(WATCH_CHANNELS as readonly string[]).includes(channel)) {
    throw new UsageError(`unknown channel ${JSON.stringify(name)}: use one of ${WATCH_CHANNELS.join(', ')}`);
  }
  const only = (flag: string, present: boolean, channels: readonly WatchChannel[]): void => {
    if (present && !channels.includes(channel as WatchChannel)) throw new UsageError(`--${flag} only applies to ${channels.join(', ')}`);
  };
  only('depth', values.depth !== undefined, ['book']);
  only('levels', values.levels !== undefined, ['book']);
  only('interval', values.interval !== undefined, ['candles']);
  only('history', values.history !== undefined, ['candles']);
  const depth = readBookDepth(values.depth) ?? 10;
  const levels = readInt('--levels', values.levels, 1, 1000);
  if (levels !== undefined && levels > depth) throw new UsageError(`--levels ${levels} is more than the book depth ${depth}`);
  const count = readInt('--count', values.count, 1, Number.MAX_SAFE_INTEGER);
  return {
    channel: channel as WatchChannel,
    pairs: readPairs(pairs),
    depth,
    ...(levels === undefined ? {} : { levels }),
    interval: readInterval(values.interval) ?? 1,
    history: readInt('--history', values.history, 0, 719) ?? 0,
    ...(count === undefined ? {} : { count }),
    retries: readInt('--retries', values.retries, 0, 1000) ?? 3,
    source: readSource(values),
  };
}

/**
 * The JSON form of a verified book printed by `watch book`: the top levels as
 * `{price, volume, timestamp}` objects with Kraken's exact strings, the checksum, and the
 * best prices, spread and mid derived exactly from them.
 * @internal
 */
export function bookJson(book: OrderBook, levels: number) {
  const level = (l: { price: string; volume: string; timestamp: string }) => ({ price: l.price, volume: l.volume, timestamp: l.timestamp });
  return {
    pair: book.pair,
    depth: book.depth,
    checksum: book.checksum,
    bestBid: bestBid(book)?.price ?? null,
    bestAsk: bestAsk(book)?.price ?? null,
    spread: spread(book) ?? null,
    mid: midPrice(book) ?? null,
    asks: book.asks.slice(0, levels).map(level),
    bids: book.bids.slice(0, levels).map(level),
  };
}

/** The stream of JSON values `watch` prints. @internal */
export function watchValues(kraken: KrakenClient, options: WatchOptions): Observable<unknown> {
  switch (options.channel) {
    case 'ticker':
      return kraken.ticker(options.pairs);
    case 'trades':
      return kraken.trades(options.pairs);
    case 'spread':
      return kraken.spread(options.pairs);
    case 'book':
      return kraken.book(options.pairs, { depth: options.depth }).pipe(map((book) => bookJson(book, options.levels ?? options.depth)));
    case 'candles':
      return merge(...options.pairs.map((pair) => kraken.candles(pair, { interval: options.interval, history: options.history })));
  }
}

/**
 * The `kraken-rx watch` command: prints a feed as JSON lines until `--count`, Ctrl-C, a
 * closed pipe, or an error.
 *
 * @example
 * ```ts
 * const code = await runWatch(['ticker', 'XBT/USD', '--count', '1'], { out: console.log, err: console.error });
 * ```
 * @param argv The arguments after `watch`.
 * @param io Output and stop signal.
 * @returns A promise of the exit code: 0 done, 1 error, 2 bad arguments.
 * @category CLI
 * @since 0.1.0
 */
export async function runWatch(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseCommand('watch', argv, parseWatchArgs, WATCH_USAGE, io);
  if (typeof options === 'number') return options;
  return withStop(io, async (stop) => {
    const source = await openCommandSource('watch', options.source, io);
    if (typeof source === 'number') return source;
    const kraken = clientFor(source, { reconnect: { maxAttempts: options.retries } });
    let gaveUp: { attempts: number } | undefined;
    let attempts = 0;
    const statusSubscription = kraken.status$.subscribe((status: ConnectionStatus) => {
      if (status.state === 'connecting') attempts += 1;
      if (status.state === 'open') attempts = 0;
      if (status.state === 'closed' && status.reason === 'gave-up') gaveUp = { attempts };
    });
    try {
      return await new Promise<number>((resolve) => {
        const values$ = watchValues(kraken, options).pipe(takeUntil(from(stop)));
        const limited$ = options.count === undefined ? values$ : values$.pipe(take(options.count));
        limited$.subscribe({
          next: (value) => io.out(JSON.stringify(value)),
          error: (error: unknown) => {
            io.err(`kraken-rx watch: ${describeFeedError(error, source.url, gaveUp)}`);
            resolve(EXIT.error);
          },
          complete: () => resolve(EXIT.ok),
        });
      });
    } finally {
      statusSubscription.unsubscribe();
      kraken.close();
      await source.close();
    }
  });
}

/**
 * A feed error as one line for a human: Kraken's own text for refused subscriptions (in the
 * library's `SubscriptionError` message); for a connection that gave up, the URL, the number
 * of attempts and the last connection error.
 * @internal
 */
export function describeFeedError(error: unknown, url: string, gaveUp: { attempts: number } | undefined): string {
  const message = messageOf(error);
  if (gaveUp !== undefined && error instanceof Error && /Connection|Upgrade|Heartbeat/.test(error.name)) {
    return `gave up connecting to ${url} after ${gaveUp.attempts} attempt${gaveUp.attempts === 1 ? '' : 's'}: ${message}`;
  }
  return message;
}
