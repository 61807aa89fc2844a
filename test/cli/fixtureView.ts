/**
 * Dashboard views built from real recorded Kraken frames, for the renderer's specs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyBookMessage } from '../../src/book/applyBookMessage';
import type { OrderBook } from '../../src/book/orderBook';
import type { Candle } from '../../src/candles/candle';
import { tickerOf, tradesOf } from '../../src/feeds/values';
import { decodeFrame } from '../../src/protocol/decodeFrame';
import type { KrakenMessage } from '../../src/protocol/messages';
import { initialView, reduceDashboard, type DashboardEvent, type DashboardView } from '../../src/cli/dashboard/dashboardView';

/** The shared fixtures folder, from the repository root. */
export function fixturesDir(repoRoot: string): string {
  return path.resolve(repoRoot, '..', 'shared', 'fixtures');
}

function messages(file: string): KrakenMessage[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => decodeFrame(line))
    .flatMap((result) => (result.ok ? [result.message] : []));
}

/**
 * The recorded XBT/USD book-10 of 2023-08-30 (python-kraken-sdk fixture) after its snapshot
 * and `updates` updates, the recorded XBT/USD ticker and trade of 2023-11-12 (kraken-async-rs),
 * and the given candles.
 */
export function recordedEvents(repoRoot: string, options: { readonly updates?: number; readonly candles?: readonly Candle[] } = {}): DashboardEvent[] {
  const dir = fixturesDir(repoRoot);
  const book = messages(path.join(dir, 'kraken-book-python-kraken-sdk-2023-08.jsonl'));
  let orderBook: OrderBook | undefined;
  let updates = 0;
  for (const message of book) {
    if (message.kind !== 'bookSnapshot' && message.kind !== 'bookUpdate') continue;
    if (message.kind === 'bookUpdate' && updates++ >= (options.updates ?? 0)) break;
    orderBook = applyBookMessage(orderBook, message);
  }
  const events: DashboardEvent[] = [
    { type: 'status', status: { state: 'connecting', attempt: 0 } },
    { type: 'status', status: { state: 'open', connectionId: 1 } },
    { type: 'system', status: 'online' },
    { type: 'sync', state: { pair: 'XBT/USD', depth: 10, state: 'synced' } },
  ];
  if (orderBook !== undefined) events.push({ type: 'book', book: orderBook });
  for (const message of messages(path.join(dir, 'kraken-public-kraken-async-rs-2023-11.jsonl'))) {
    if (message.kind === 'ticker') events.push({ type: 'ticker', ticker: tickerOf(message) });
    if (message.kind === 'trade') for (const trade of tradesOf(message)) events.push({ type: 'trade', trade });
  }
  for (const candle of options.candles ?? []) events.push({ type: 'candle', candle });
  return events;
}

/** A view after {@link recordedEvents}. */
export function recordedView(repoRoot: string, options: { readonly updates?: number; readonly candles?: readonly Candle[]; readonly levels?: number } = {}): DashboardView {
  const initial = initialView({ pair: 'XBT/USD', levels: options.levels ?? 10, depth: 10, source: 'recorded', now: Date.UTC(2023, 10, 12, 13, 53, 42) });
  return recordedEvents(repoRoot, options).reduce(reduceDashboard, initial);
}

/** A closed 1-minute XBT/USD candle from strings. */
export function candle(startMinute: number, open: string, high: string, low: string, close: string): Candle {
  const start = Date.UTC(2023, 10, 12, 13, 0) + startMinute * 60_000;
  return { pair: 'XBT/USD', intervalMs: 60_000, start, end: start + 60_000, open, high, low, close, vwap: close, volume: '1.00000000', count: 3, final: true };
}
