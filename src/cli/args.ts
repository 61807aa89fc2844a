import { parseArgs, type ParseArgsConfig } from 'node:util';
import { guessWsPairName } from '../rest/pairResolver';

/**
 * A command line the CLI cannot use (unknown option, missing argument, value out of range).
 * The command prints its message and its usage, and exits with code 2.
 * @example
 * ```ts
 * throw new UsageError('--depth must be an integer from 1 to 1000, got "abc"');
 * ```
 * @category CLI
 * @since 0.1.0
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Exit codes of every command: 0 ok, 1 runtime error, 2 usage error.
 * @example
 * ```ts
 * process.exitCode = parsed === undefined ? EXIT.usage : EXIT.ok;
 * ```
 * @category CLI
 * @since 0.1.0
 */
export const EXIT = Object.freeze({ ok: 0, error: 1, usage: 2 });

/**
 * Where the market data comes from: the embedded simulator (default), a URL, or Kraken itself.
 * @example
 * ```ts
 * const target: MarketSource = { kind: 'url', url: 'ws://127.0.0.1:8080', restUrl: 'http://127.0.0.1:8080' };
 * ```
 * @category CLI
 * @since 0.1.0
 */
export type MarketSource =
  | { readonly kind: 'simulator'; readonly seed: number; readonly eventsPerSecond: number }
  | { readonly kind: 'url'; readonly url: string; readonly restUrl: string }
  | { readonly kind: 'live' };

/** Kraken's public endpoints, used by `--live`. @internal */
export const LIVE_URLS = Object.freeze({ url: 'wss://ws.kraken.com', restUrl: 'https://api.kraken.com' });

/** The `parseArgs` options shared by every command that reads market data. @internal */
export const SOURCE_OPTIONS = {
  url: { type: 'string' },
  'rest-url': { type: 'string' },
  live: { type: 'boolean' },
  seed: { type: 'string' },
  rate: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** Usage lines of {@link SOURCE_OPTIONS}. @internal */
export const SOURCE_USAGE = `  --url <ws-url>       a Kraken-compatible WebSocket endpoint (e.g. a simulator or a replay)
  --rest-url <url>     its REST base for candle history (default: derived from --url)
  --live               Kraken itself: wss://ws.kraken.com and https://api.kraken.com
  --seed <n>           seed of the embedded simulator (default 1; without --url/--live)
  --rate <n>           market events per second per pair of the embedded simulator (default 10)`;

/**
 * Runs node's `parseArgs` in strict mode and turns its errors into {@link UsageError}s with a
 * short message.
 * @internal
 */
export function parseStrict<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>> {
  try {
    return parseArgs({ args: [...argv], options, strict: true as const, allowPositionals: true as const });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node appends a long hint about '--' to unknown options; keep the first sentence.
    throw new UsageError(message.replace(/^\w*Error \[ERR_[A-Z_]+\]: /, '').replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/** Reads the source flags: `--url`/`--rest-url`, `--live`, or the embedded simulator's `--seed`/`--rate`. @internal */
export function readSource(values: {
  readonly url?: string | undefined;
  readonly 'rest-url'?: string | undefined;
  readonly live?: boolean | undefined;
  readonly seed?: string | undefined;
  readonly rate?: string | undefined;
}): MarketSource {
  if (values.live === true && values.url !== undefined) throw new UsageError('--url and --live cannot be used together');
  if (values.live === true || values.url !== undefined) {
    if (values.seed !== undefined || values.rate !== undefined) throw new UsageError('--seed and --rate only apply to the embedded simulator (without --url or --live)');
  }
  if (values.live === true) {
    if (values['rest-url'] !== undefined) throw new UsageError('--rest-url cannot be used with --live');
    return { kind: 'live' };
  }
  if (values.url !== undefined) {
    const url = checkUrl('--url', values.url, ['ws:', 'wss:']);
    const restUrl = values['rest-url'] === undefined ? restUrlFor(url) : checkUrl('--rest-url', values['rest-url'], ['http:', 'https:']);
    return { kind: 'url', url, restUrl };
  }
  if (values['rest-url'] !== undefined) throw new UsageError('--rest-url needs --url');
  return {
    kind: 'simulator',
    seed: readInt('--seed', values.seed, -2147483648, 4294967295) ?? 1,
    eventsPerSecond: readNumber('--rate', values.rate, 0, 10_000) ?? 10,
  };
}

/**
 * The REST base that goes with a WebSocket URL: `https://api.kraken.com` for Kraken's hosts,
 * else the same host and port over http(s) (what the simulator serves).
 * @internal
 */
export function restUrlFor(url: string): string {
  const parsed = new URL(url);
  if (/(^|\.)kraken\.com$/.test(parsed.hostname)) return LIVE_URLS.restUrl;
  return `${parsed.protocol === 'wss:' ? 'https:' : 'http:'}//${parsed.host}`;
}

function checkUrl(flag: string, text: string, protocols: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UsageError(`${flag} must be a URL (${protocols.join(' or ')}), got ${JSON.stringify(text)}`);
  }
  if (!protocols.includes(parsed.protocol)) throw new UsageError(`${flag} must be a ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL, got ${JSON.stringify(text)}`);
  return text;
}

/** An integer flag in `[min, max]`, or `undefined` when absent. @internal */
export function readInt(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** A non-negative decimal flag in `[min, max]`, or `undefined` when absent. @internal */
export function readNumber(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} must be a number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** Kraken's WebSocket pair names, `BASE/QUOTE`. @internal */
const PAIR = /^[A-Za-z0-9.]{1,16}\/[A-Za-z0-9.]{1,16}$/;

/**
 * Checks pair names (WebSocket form, `XBT/USD`); throws a {@link UsageError} otherwise, naming
 * the WebSocket name when a REST name splits into known codes (`XBTUSD`: did you mean
 * "XBT/USD"?). The CLI does not look names up in AssetPairs: a `--url` server (a replay) may
 * have no REST API. @internal
 */
export function readPairs(pairs: readonly string[]): readonly string[] {
  if (pairs.length === 0) throw new UsageError('at least one pair is needed, e.g. XBT/USD');
  for (const pair of pairs) {
    if (!PAIR.test(pair)) {
      const guess = guessWsPairName(pair);
      throw new UsageError(
        `${JSON.stringify(pair)} is not a pair name: use Kraken's WebSocket names (BASE/QUOTE)${guess === undefined ? ', e.g. XBT/USD or ETH/EUR' : `: did you mean "${guess}"?`}`,
      );
    }
  }
  return [...new Set(pairs)];
}

/** Book depths Kraken offers. @internal */
export const BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;
/** OHLC intervals Kraken offers, in minutes. @internal */
export const OHLC_INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const;

/** A `--depth` that must be one of Kraken's book depths. @internal */
export function readBookDepth(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const depth = Number(text);
  if (!(BOOK_DEPTHS as readonly number[]).includes(depth) || !/^\d+$/.test(text)) {
    throw new UsageError(`--depth must be one of Kraken's book depths ${BOOK_DEPTHS.join(', ')}, got ${JSON.stringify(text)}`);
  }
  return depth;
}

/** An `--interval` that must be one of Kraken's OHLC intervals (minutes). @internal */
export function readInterval(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const interval = Number(text);
  if (!(OHLC_INTERVALS as readonly number[]).includes(interval) || !/^\d+$/.test(text)) {
    throw new UsageError(`--interval must be one of Kraken's OHLC intervals ${OHLC_INTERVALS.join(', ')} (minutes), got ${JSON.stringify(text)}`);
  }
  return interval;
}

/** The smallest Kraken book depth that holds `levels` levels per side. @internal */
export function bookDepthFor(levels: number): number {
  return BOOK_DEPTHS.find((depth) => depth >= levels) ?? 1000;
}

/** The message of anything thrown. @internal */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
