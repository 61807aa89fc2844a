/**
 * node-kraken-api 2.2.2: `kraken.ws.book({ depth }).subscribe(...pairs)` and its `mirror`
 * event (the book it keeps, verified against each update's checksum; on a mismatch it
 * unsubscribes and subscribes again). Its `error` events are recorded.
 *
 * It opens `"wss://" + hostname + ":443"` with a hard-coded hostname (`ws.kraken.com`), so the
 * bench puts a subclass of its own `ws` in the require cache that rewrites that one URL to the
 * bench's server (and refuses any other), before loading it.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { TopOfBook } from '../shared/referenceBook';
import { runClient } from './harness';
import { peersDir } from './peers';

type Level = [string, string, string];
interface Mirror {
  readonly as: Level[];
  readonly bs: Level[];
}
interface Emitter<T> {
  on(event: string, listener: (...args: never[]) => void): T;
}
interface BookSubscriber extends Emitter<BookSubscriber> {
  subscribe(...pairs: string[]): Promise<BookSubscriber>;
}
interface NodeKrakenApi {
  readonly Kraken: new () => { readonly ws: { book(options: { depth: number }): BookSubscriber } };
  readonly _WS_PUB_HOSTNAME: string;
}
type WebSocketClass = new (address: string, ...rest: unknown[]) => object;

runClient(async ({ config, book, error, silentResync }) => {
  const require = createRequire(path.join(peersDir(), 'package.json'));
  const packageDir = path.dirname(require.resolve('node-kraken-api/package.json'));
  const wsPath = require.resolve('ws', { paths: [packageDir] });
  const WebSocket = require(wsPath) as WebSocketClass;
  const hardCoded = 'wss://ws.kraken.com:443';
  class BenchWebSocket extends WebSocket {
    constructor(address: string, ...rest: unknown[]) {
      if (address !== hardCoded) throw new Error(`bench: unexpected URL ${address}`);
      super(config.url, ...rest);
    }
  }
  const cached = require.cache[wsPath];
  if (cached === undefined) throw new Error('bench: ws is not in the require cache');
  cached.exports = BenchWebSocket;
  const api = require('node-kraken-api') as NodeKrakenApi;
  if (`wss://${api._WS_PUB_HOSTNAME}:443` !== hardCoded) throw new Error(`bench: node-kraken-api now uses ${api._WS_PUB_HOSTNAME}`);

  const mirrors = new Map<string, Mirror>();
  const top = (pair: string) => (): TopOfBook | null => {
    const m = mirrors.get(pair);
    if (m === undefined) return null;
    const pick = (side: Level[]) => side.slice(0, 10).map((l) => [l[0], l[1]] as const);
    return { asks: pick(m.as), bids: pick(m.bs) };
  };
  const readers = new Map(config.pairs.map((pair) => [pair, top(pair)]));
  const kraken = new api.Kraken();
  await kraken.ws
    .book({ depth: config.depth })
    // The snapshot object is the mirror it then updates in place: both hand a book to the application.
    .on('snapshot', (snapshot: Mirror, pair: string) => {
      mirrors.set(pair, snapshot);
      book(pair, readers.get(pair)!);
    })
    .on('mirror', (mirror: Mirror, pair: string) => {
      mirrors.set(pair, mirror);
      book(pair, readers.get(pair)!);
    })
    .on('error', (e: unknown) => error(e))
    // On a checksum mismatch it unsubscribes and subscribes again, and tells the application nothing.
    .on('status', (status: { readonly status?: string }) => {
      if (status.status === 'unsubscribed') silentResync();
    })
    .subscribe(...config.pairs);
});
