/**
 * kraken-rx as users run it: the built package (`dist/esm`, built by `npm run bench:peers`
 * first if stale): `kraken.book(pairs, { depth })`, verified books with the checksum checked on
 * every update, self-healing on a mismatch, a bad frame or a reconnect, with the liveness
 * watchdog on. Errors it reports on `errors$` are recorded.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OrderBook } from '../../../src/index';
import { runClient } from './harness';

type KrakenRx = typeof import('../../../src/index');

runClient(async ({ config, book, error }) => {
  const entry = path.resolve(process.cwd(), 'dist', 'esm', 'index.js');
  const { createKrakenClient } = (await import(pathToFileURL(entry).href)) as KrakenRx;
  const kraken = createKrakenClient({ url: config.url });
  kraken.errors$.subscribe((e) => error(e));
  const latest = new Map<string, OrderBook>();
  const top = (pair: string) => () => {
    const b = latest.get(pair);
    if (b === undefined) return null;
    const pick = (side: OrderBook['asks']) => side.slice(0, 10).map((l) => [l.price, l.volume] as const);
    return { asks: pick(b.asks), bids: pick(b.bids) };
  };
  const readers = new Map(config.pairs.map((pair) => [pair, top(pair)]));
  kraken.book(config.pairs, { depth: config.depth }).subscribe({
    next: (b) => {
      latest.set(b.pair, b);
      book(b.pair, readers.get(b.pair)!);
    },
    error: (e: unknown) => error(e),
  });
});
