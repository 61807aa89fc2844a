/**
 * ccxt 4.4.82 (installed as `ccxt-v1`: the last releases whose Kraken order book speaks v1),
 * `exchange.watchOrderBook(symbol, depth)` (`watchOrderBookForSymbols` for several pairs) with
 * its checksum validation on (the default, set explicitly), in the loop ccxt's documentation
 * shows: await, use the book, and on an error log it and call again.
 *
 * Pointed at the bench's server by setting `urls.api.ws.public`; one market per pair is given
 * with `setMarkets()` (no REST), and `loadHttpProxyAgent()` is called first, which ccxt needs
 * before it opens a `ws://` URL.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runClient } from './harness';
import { peersDir, plainNumber } from './peers';

/** The parts of ccxt this client uses (the package is not installed for type checking). */
interface CcxtOrderBook {
  readonly symbol: string;
  readonly asks: ReadonlyArray<readonly [number, number]>;
  readonly bids: ReadonlyArray<readonly [number, number]>;
}
interface CcxtKraken {
  handleOrderBook(client: unknown, message: unknown[], subscription: unknown): void;
  urls: { api: { ws: { public: string } } };
  options: { watchOrderBook: { checksum: boolean } };
  orderbooks: Record<string, CcxtOrderBook | undefined>;
  loadHttpProxyAgent(): Promise<unknown>;
  setMarkets(markets: Record<string, unknown>): unknown;
  watchOrderBook(symbol: string, limit: number): Promise<CcxtOrderBook>;
  watchOrderBookForSymbols(symbols: string[], limit: number): Promise<CcxtOrderBook>;
}
interface CcxtModule {
  readonly version: string;
  readonly pro: { readonly kraken: new (config?: Record<string, unknown>) => CcxtKraken };
}

/** A spot market as ccxt's Kraken class builds it from AssetPairs, for a v1 `wsname`. */
function market(wsname: string): Record<string, unknown> {
  const [base, quote] = wsname.split('/') as [string, string];
  return {
    id: `${base}${quote}`,
    symbol: wsname,
    base,
    quote,
    baseId: base,
    quoteId: quote,
    altname: `${base}${quote}`,
    darkpool: false,
    type: 'spot',
    spot: true,
    margin: false,
    swap: false,
    future: false,
    option: false,
    contract: false,
    active: true,
    precision: { amount: 1e-8, price: 1e-10 },
    limits: { amount: { min: undefined, max: undefined }, price: { min: undefined, max: undefined }, cost: { min: undefined, max: undefined } },
    info: { altname: `${base}${quote}`, wsname },
  };
}

runClient(async ({ config, book, error, delivered }) => {
  const entry = path.join(peersDir(), 'node_modules', 'ccxt-v1', 'js', 'ccxt.js');
  const ccxt = (await import(pathToFileURL(entry).href)) as CcxtModule;
  const exchange = new ccxt.pro.kraken();
  exchange.urls.api.ws.public = config.url;
  exchange.options.watchOrderBook.checksum = true;
  await exchange.loadHttpProxyAgent();
  exchange.setMarkets(Object.fromEntries(config.pairs.map((pair) => [pair, market(pair)])));
  const top = (pair: string) => () => {
    const b = exchange.orderbooks[pair];
    if (b === undefined) return null;
    const pick = (side: CcxtOrderBook['asks']) => side.slice(0, 10).map(([p, v]) => [plainNumber(p), plainNumber(v)] as const);
    return { asks: pick(b.asks), bids: pick(b.bids) };
  };
  const readers = new Map(config.pairs.map((pair) => [pair, top(pair)]));
  // ccxt updates its book on every message, but resolves the caller's promise through a
  // setTimeout (base/ws/Future.js), which does not run while the socket keeps delivering data:
  // at max rate the application is handed a book only when the stream pauses. So "the client
  // holds the book after this message" is timed where ccxt handles each book message, and the
  // books actually handed to the application are counted apart.
  const handleOrderBook = exchange.handleOrderBook;
  exchange.handleOrderBook = function (this: CcxtKraken, client, message, subscription) {
    try {
      handleOrderBook.call(this, client, message, subscription);
    } catch (e) {
      // ccxt's onMessage catches it and rejects the pending watch calls, if any: with none
      // pending (see above) the application never hears of it. Counted apart.
      error(e, false);
      throw e;
    }
    const pair = message[message.length - 1] as string;
    if (this.orderbooks[pair] !== undefined) book(pair, readers.get(pair)!, false);
  };
  const single = config.pairs.length === 1;
  const symbol = config.pairs[0]!;
  const symbols = [...config.pairs];
  for (;;) {
    try {
      // What an application does with each book it is given: here, nothing.
      if (single) await exchange.watchOrderBook(symbol, config.depth);
      else await exchange.watchOrderBookForSymbols(symbols, config.depth);
      delivered();
    } catch (e) {
      error(e);
    }
  }
});
