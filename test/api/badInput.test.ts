/**
 * Bad input at the API: every public function of the client rejects a bad argument with a
 * typed error that names the argument, says what was expected and, where it can, what was
 * meant; and it does so before anything touches the network (no WebSocket is created; no REST
 * call is made, except, in the default `pairNames: 'resolve'` mode, the AssetPairs lookup that
 * turns a REST pair name into its WebSocket name: `pairNames: 'strict'` refuses such a name
 * with no call at all, its hint computed locally). One row per case; a REST call a row does not
 * allow fails the row.
 */
import { firstValueFrom, of, type Observable } from 'rxjs';
import type { KrakenClientConfig } from '../../src/client/clientConfig';
import { createKrakenClient } from '../../src/client/createKrakenClient';
import type { KrakenClient } from '../../src/client/krakenClient';
import { InvalidArgumentError, InvalidOrderError, KrakenError } from '../../src/errors';
import { conflateLatest } from '../../src/operators/conflateLatest';
import { heartbeatTimeout } from '../../src/operators/heartbeatTimeout';
import { toCandles } from '../../src/operators/toCandles';
import { tradesToCandles } from '../../src/operators/tradesToCandles';
import { createFakeWebSocketFactory } from '../../src/testing/fakeWebSocket';

/** Kraken's AssetPairs for the pairs the table uses (the fields the resolver reads). */
const ASSET_PAIRS = {
  error: [],
  result: {
    XXBTZUSD: { altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD', pair_decimals: 1, lot_decimals: 8, ordermin: '0.0001', costmin: '0.5', status: 'online' },
    XETHZUSD: { altname: 'ETHUSD', wsname: 'ETH/USD', base: 'XETH', quote: 'ZUSD', pair_decimals: 2, lot_decimals: 8, ordermin: '0.002', costmin: '0.5', status: 'online' },
  },
};

interface Probe {
  readonly kraken: KrakenClient;
  readonly sockets: () => number;
  readonly fetches: string[];
  /** Frames the client wrote, once a socket exists. */
  readonly sent: () => string[];
}

/**
 * A client on a fake socket factory and a recording `fetch`. Unless `allowRest`, the fetch
 * fails the call (and the row checks that it was never reached).
 */
function probe(config: KrakenClientConfig = {}, allowRest = true): Probe {
  const fake = createFakeWebSocketFactory();
  const fetches: string[] = [];
  const kraken = createKrakenClient({
    webSocket: fake.factory,
    tokenProvider: () => of('WW91ciB0b2tlbiBnb2VzIGhlcmU'),
    fetch: (async (url: string) => {
      fetches.push(String(url));
      if (!allowRest) throw new Error(`unexpected REST call to ${url}: this input must be refused before any network call`);
      return new Response(JSON.stringify(ASSET_PAIRS), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
    liveness: false,
    ...config,
  });
  return {
    kraken,
    sockets: () => fake.sockets.length,
    fetches,
    sent: () => fake.sockets.flatMap((s) => s.sent),
  };
}

/** The error a call errors with, waiting for a REST lookup if there is one. */
async function errorOf(call: Observable<unknown>): Promise<unknown> {
  return new Promise((resolve) => {
    let settled = false;
    const sub = call.subscribe({
      error: (error: unknown) => {
        settled = true;
        resolve(error);
      },
    });
    setTimeout(() => {
      if (!settled) resolve(undefined);
      sub.unsubscribe();
    }, 50);
  });
}

type ErrorClass = typeof InvalidArgumentError | typeof InvalidOrderError;

interface Row {
  readonly what: string;
  readonly call: (k: KrakenClient) => Observable<unknown>;
  readonly config?: KrakenClientConfig;
  readonly error: ErrorClass;
  /** The message must match (what was wrong, what was expected, the hint). */
  readonly message: RegExp;
  /** Whether the AssetPairs lookup is allowed (REST names); never a WebSocket. */
  readonly rest?: boolean;
}

const XBT = 'XBT/USD';
const order = { ordertype: 'limit', type: 'buy', pair: XBT, price: '27000.5', volume: '0.01' } as const;
const feeds: ReadonlyArray<readonly [string, (k: KrakenClient, pair: never) => Observable<unknown>]> = [
  ['ticker', (k, p) => k.ticker(p)],
  ['trades', (k, p) => k.trades(p)],
  ['spread', (k, p) => k.spread(p)],
  ['ohlc', (k, p) => k.ohlc(p)],
  ['bookMessages', (k, p) => k.bookMessages(p)],
  ['book', (k, p) => k.book(p)],
  ['bookSync', (k, p) => k.bookSync(p)],
  ['candles', (k, p) => k.candles(p)],
];

const ROWS: Row[] = [
  // Malformed pairs, for every feed.
  ...feeds.flatMap(([name, call]): Row[] => [
    { what: `${name}: a pair with a dash`, call: (k) => call(k, 'XBT-USD' as never), error: InvalidArgumentError, message: /Invalid pair: got "XBT-USD", expected a pair such as "XBT\/USD"/ },
    { what: `${name}: an empty pair`, call: (k) => call(k, '' as never), error: InvalidArgumentError, message: /Invalid pair: got ""/ },
    { what: `${name}: a number as pair`, call: (k) => call(k, 42 as never), error: InvalidArgumentError, message: /Invalid pair: got 42/ },
    { what: `${name}: no pair`, call: (k) => call(k, undefined as never), error: InvalidArgumentError, message: /Invalid pair: got undefined/ },
    { what: `${name}: BASE/QUOTE/EXTRA`, call: (k) => call(k, 'XBT/USD/EUR' as never), error: InvalidArgumentError, message: /Invalid pair: got "XBT\/USD\/EUR"/ },
    {
      what: `${name}: a REST name with pairNames 'strict' gets the WebSocket name as a hint, with no REST call`,
      call: (k) => call(k, 'XBTUSD' as never),
      config: { pairNames: 'strict' },
      error: InvalidArgumentError,
      message: /Invalid pair: got "XBTUSD", expected a WebSocket pair name \(wsname\)\. did you mean "XBT\/USD"\?/,
    },
    {
      what: `${name}: an unknown REST-like name`,
      call: (k) => call(k, 'FOOBAR' as never),
      error: InvalidArgumentError,
      message: /FOOBAR/,
      rest: true,
    },
  ]),
  // Strict pair names: refused locally, the hint split from Kraken's codes (no AssetPairs).
  ...(
    [
      ['XXBTZUSD', /got "XXBTZUSD", expected a WebSocket pair name \(wsname\)\. did you mean "XBT\/USD"\?/],
      ['ETHXBT', /did you mean "ETH\/XBT"\?/],
      ['XETHXXBT', /did you mean "ETH\/XBT"\?/],
      ['btcusdt', /did you mean "XBT\/USDT"\?/],
      ['FOOBAR', /got "FOOBAR", expected a WebSocket pair name \(wsname\)\. The WebSocket form is BASE\/QUOTE .*"XBT\/USD"/],
    ] as const
  ).flatMap(([pair, message]): Row[] => [
    { what: `ticker: ${pair} with pairNames 'strict'`, call: (k) => k.ticker(pair), config: { pairNames: 'strict' }, error: InvalidArgumentError, message },
    { what: `book: [XBT/USD, ${pair}] with pairNames 'strict'`, call: (k) => k.book([XBT, pair]), config: { pairNames: 'strict' }, error: InvalidArgumentError, message },
  ]),
  { what: 'resolvePair: a number', call: (k) => k.resolvePair(42 as never), error: InvalidArgumentError, message: /Invalid pair: got 42/ },
  { what: 'resolvePair: a pair with a dash', call: (k) => k.resolvePair('XBT-USD'), error: InvalidArgumentError, message: /Invalid pair: got "XBT-USD"/ },
  { what: 'resolvePair: two pairs', call: (k) => k.resolvePair(['XBTUSD', 'ETHUSD'] as never), error: InvalidArgumentError, message: /Invalid pair: got \["XBTUSD","ETHUSD"\], expected one pair name/ },
  { what: 'ticker: an empty list of pairs', call: (k) => k.ticker([]), error: InvalidArgumentError, message: /non-empty array of pairs/ },
  { what: 'trades: a list holding a number', call: (k) => k.trades([XBT, 7 as never]), error: InvalidArgumentError, message: /Invalid pair: got 7/ },
  { what: 'candles: two pairs (one per call)', call: (k) => k.candles([XBT, 'ETH/USD'] as never), error: InvalidArgumentError, message: /Invalid pair: got \["XBT\/USD","ETH\/USD"\], expected one pair/ },
  // Depths and intervals.
  { what: 'book: depth 42', call: (k) => k.book(XBT, { depth: 42 }), error: InvalidArgumentError, message: /Invalid depth: got 42, expected one of 10, 25, 100, 500, 1000/ },
  { what: 'bookMessages: depth "25" (a string)', call: (k) => k.bookMessages(XBT, { depth: '25' as never }), error: InvalidArgumentError, message: /Invalid depth: got "25"/ },
  { what: 'bookSync: depth 0', call: (k) => k.bookSync(XBT, { depth: 0 }), error: InvalidArgumentError, message: /Invalid depth: got 0/ },
  { what: 'book: depth NaN', call: (k) => k.book(XBT, { depth: Number.NaN }), error: InvalidArgumentError, message: /Invalid depth/ },
  { what: 'ohlc: interval 2', call: (k) => k.ohlc(XBT, { interval: 2 }), error: InvalidArgumentError, message: /Invalid interval: got 2, expected one of 1, 5, 15, 30, 60, 240, 1440, 10080, 21600 \(minutes\)/ },
  { what: 'candles: interval 3', call: (k) => k.candles(XBT, { interval: 3 }), error: InvalidArgumentError, message: /Invalid interval: got 3/ },
  { what: 'candles: interval "5"', call: (k) => k.candles(XBT, { interval: '5' as never }), error: InvalidArgumentError, message: /Invalid interval: got "5"/ },
  { what: 'candles: history -1', call: (k) => k.candles(XBT, { history: -1 }), error: InvalidArgumentError, message: /Invalid history: got -1, expected an integer from 0 to 719/ },
  { what: 'candles: history 720', call: (k) => k.candles(XBT, { history: 720 }), error: InvalidArgumentError, message: /Invalid history: got 720/ },
  { what: 'candles: graceMs -5', call: (k) => k.candles(XBT, { graceMs: -5 }), error: InvalidArgumentError, message: /graceMs: got -5/ },
  { what: 'candles: includeRunning "yes"', call: (k) => k.candles(XBT, { includeRunning: 'yes' as never }), error: InvalidArgumentError, message: /Invalid includeRunning: got "yes", expected true or false/ },
  // Unknown options (a typo must not silently fall back to a default).
  { what: 'book: option "deph"', call: (k) => k.book(XBT, { deph: 25 } as never), error: InvalidArgumentError, message: /Invalid options\.deph: got a number \(value not shown\), expected no such option \(known: depth\)/ },
  { what: 'ohlc: option "intervall"', call: (k) => k.ohlc(XBT, { intervall: 5 } as never), error: InvalidArgumentError, message: /options\.intervall/ },
  { what: 'candles: option "histroy"', call: (k) => k.candles(XBT, { histroy: 5 } as never), error: InvalidArgumentError, message: /options\.histroy/ },
  { what: 'book: options that are not an object', call: (k) => k.book(XBT, 25 as never), error: InvalidArgumentError, message: /Invalid options: got 25, expected an options object/ },
  { what: 'openOrders: option "ratecounter" (it is rateCounter)', call: (k) => k.openOrders({ ratecounter: true } as never), error: InvalidArgumentError, message: /options\.ratecounter.*known: rateCounter/ },
  { what: 'openOrders: rateCounter "yes"', call: (k) => k.openOrders({ rateCounter: 'yes' as never }), error: InvalidArgumentError, message: /Invalid rateCounter: got "yes", expected true or false/ },
  { what: 'ownTrades: option "snapshots"', call: (k) => k.ownTrades({ snapshots: false } as never), error: InvalidArgumentError, message: /options\.snapshots/ },
  { what: 'ownTrades: snapshot "no"', call: (k) => k.ownTrades({ snapshot: 'no' as never }), error: InvalidArgumentError, message: /Invalid snapshot: got "no", expected true or false/ },
  { what: 'deadMansSwitch: option "timeout"', call: (k) => k.deadMansSwitch({ timeout: 60 } as never), error: InvalidArgumentError, message: /options\.timeout.*known: timeoutSeconds, refreshSeconds/ },
  { what: 'deadMansSwitch: refresh not below timeout', call: (k) => k.deadMansSwitch({ timeoutSeconds: 10, refreshSeconds: 20 }), error: InvalidArgumentError, message: /Invalid refreshSeconds: got 20, expected a positive number below timeoutSeconds \(10\)/ },
  // Orders: volumes and prices.
  { what: 'addOrder: negative volume', call: (k) => k.addOrder({ ...order, volume: '-1' }), error: InvalidOrderError, message: /volume: must not be negative, got "-1"/ },
  { what: 'addOrder: negative volume (number)', call: (k) => k.addOrder({ ...order, volume: -0.5 }), error: InvalidOrderError, message: /volume: must not be negative, got -0\.5/ },
  { what: 'addOrder: non-numeric volume', call: (k) => k.addOrder({ ...order, volume: 'abc' }), error: InvalidOrderError, message: /volume: must be a decimal string like "0\.25", got "abc"/ },
  { what: 'addOrder: volume NaN', call: (k) => k.addOrder({ ...order, volume: Number.NaN }), error: InvalidOrderError, message: /volume: must be a finite volume, got NaN/ },
  { what: 'addOrder: volume Infinity', call: (k) => k.addOrder({ ...order, volume: Number.POSITIVE_INFINITY }), error: InvalidOrderError, message: /volume: must be a finite volume/ },
  { what: 'addOrder: volume in exponent notation', call: (k) => k.addOrder({ ...order, volume: '1e-3' }), error: InvalidOrderError, message: /volume: must be a decimal string/ },
  { what: 'addOrder: no volume', call: (k) => k.addOrder({ ...order, volume: undefined as never }), error: InvalidOrderError, message: /volume: is required/ },
  { what: 'addOrder: negative price (number)', call: (k) => k.addOrder({ ...order, price: -5 }), error: InvalidOrderError, message: /price: must be a positive price, got -5 \(a relative price such as "-5" must be a string\)/ },
  { what: 'addOrder: non-numeric price', call: (k) => k.addOrder({ ...order, price: 'cheap' }), error: InvalidOrderError, message: /price: must be a price like "27500\.5"/ },
  { what: 'addOrder: zero price', call: (k) => k.addOrder({ ...order, price: '0' }), error: InvalidOrderError, message: /price: must be positive, got "0"/ },
  { what: 'addOrder: unknown order type', call: (k) => k.addOrder({ ...order, ordertype: 'limt' as never }), error: InvalidOrderError, message: /unknown order type "limt"/ },
  { what: 'addOrder: unknown side', call: (k) => k.addOrder({ ...order, type: 'hold' as never }), error: InvalidOrderError, message: /unknown side "hold"/ },
  { what: 'addOrder: userref beyond 32 bits', call: (k) => k.addOrder({ ...order, userref: 2 ** 31 }), error: InvalidOrderError, message: /userref: must be a 32-bit signed integer/ },
  { what: 'addOrder: unknown field', call: (k) => k.addOrder({ ...order, leverag: '2' } as never), error: InvalidOrderError, message: /leverag: is not a v1 field of this request/ },
  { what: 'addOrder: params that are not an object', call: (k) => k.addOrder(null as never), error: InvalidOrderError, message: /must be an object, got null/ },
  { what: 'addOrder: a pair with a dash', call: (k) => k.addOrder({ ...order, pair: 'XBT-USD' }), error: InvalidArgumentError, message: /Invalid pair: got "XBT-USD"/ },
  {
    what: "addOrder: a REST name with pairNames 'strict' gets the WebSocket name as a hint, with no REST call",
    call: (k) => k.addOrder({ ...order, pair: 'XBTUSD' }),
    config: { pairNames: 'strict' },
    error: InvalidArgumentError,
    message: /did you mean "XBT\/USD"\?/,
  },
  { what: 'addOrder: option "timeout" (it is timeoutMs)', call: (k) => k.addOrder(order, { timeout: 5 } as never), error: InvalidArgumentError, message: /options\.timeout.*known: timeoutMs/ },
  { what: 'addOrder: timeoutMs -1', call: (k) => k.addOrder(order, { timeoutMs: -1 }), error: InvalidArgumentError, message: /Invalid timeoutMs: got -1, expected a positive number of milliseconds/ },
  { what: 'editOrder: negative volume', call: (k) => k.editOrder({ orderid: 'OA', pair: XBT, volume: '-2' }), error: InvalidOrderError, message: /volume: must not be negative/ },
  { what: 'editOrder: non-numeric price', call: (k) => k.editOrder({ orderid: 'OA', pair: XBT, volume: '1', price: 'x' }), error: InvalidOrderError, message: /price: must be a price like/ },
  { what: 'editOrder: a pair with a dash', call: (k) => k.editOrder({ orderid: 'OA', pair: 'XBT-USD', volume: '1' }), error: InvalidArgumentError, message: /Invalid pair: got "XBT-USD"/ },
  { what: 'cancelOrder: no id', call: (k) => k.cancelOrder([]), error: InvalidOrderError, message: /txid: must name at least one order/ },
  { what: 'cancelOrder: a fractional userref', call: (k) => k.cancelOrder(1.5), error: InvalidOrderError, message: /txid: must hold order txids or userrefs, got 1\.5/ },
  { what: 'cancelAll: unknown option', call: (k) => k.cancelAll({ force: true } as never), error: InvalidArgumentError, message: /options\.force/ },
  { what: 'cancelAllOrdersAfter: negative seconds', call: (k) => k.cancelAllOrdersAfter(-1), error: InvalidOrderError, message: /timeout: must be whole seconds from 0 \(disable\) to 86400, got -1/ },
  { what: 'cancelAllOrdersAfter: "60" (a string)', call: (k) => k.cancelAllOrdersAfter('60' as never), error: InvalidOrderError, message: /timeout: must be whole seconds/ },
  { what: 'findOrderByUserref: 1.5', call: (k) => k.findOrderByUserref(1.5), error: InvalidArgumentError, message: /Invalid userref: got 1\.5, expected a 32-bit signed integer/ },
  { what: 'findOrderByUserref: "42"', call: (k) => k.findOrderByUserref('42' as never), error: InvalidArgumentError, message: /Invalid userref: got "42"/ },
];

describe('bad input at the API: rejected with a typed error before anything touches the network', () => {
  it.each(ROWS.map((row) => [row.what, row] as const))('%s', async (_what, row) => {
    const p = probe(row.config, row.rest === true);
    try {
      const error = await errorOf(row.call(p.kraken));
      expect(error).toBeInstanceOf(row.error);
      expect(error).toBeInstanceOf(KrakenError);
      expect((error as Error).message).toMatch(row.message);
      expect((error as Error).message).not.toMatch(/unexpected REST call/);
      expect(p.sockets()).toBe(0);
      if (row.rest === true) expect(p.fetches.every((url) => url.includes('/0/public/AssetPairs'))).toBe(true);
      else expect(p.fetches).toEqual([]);
    } finally {
      p.kraken.close();
    }
  });
});

describe('pair names: REST names are resolved through AssetPairs by default', () => {
  it.each([
    ['XBTUSD', 'XBT/USD'],
    ['XXBTZUSD', 'XBT/USD'],
    ['ethusd', 'ETH/USD'],
  ])('ticker("%s") subscribes to %s', async (name, wsname) => {
    const fake = createFakeWebSocketFactory();
    const fetches: string[] = [];
    const kraken = createKrakenClient({
      webSocket: fake.factory,
      fetch: (async (url: string) => {
        fetches.push(url);
        return new Response(JSON.stringify(ASSET_PAIRS), { status: 200 });
      }),
      liveness: false,
    });
    try {
      let failure: unknown;
      const sub = kraken.ticker(name).subscribe({ error: (error: unknown) => (failure = error) });
      await new Promise((r) => setTimeout(r, 30));
      expect(fetches).toEqual([expect.stringContaining('/0/public/AssetPairs')]);
      expect(fake.sockets).toHaveLength(1);
      fake.latest().serverOpen();
      await new Promise((r) => setTimeout(r, 30));
      const subscribes = fake
        .latest()
        .sent.map((t) => JSON.parse(t) as { event: string; pair?: string[]; subscription?: { name: string } })
        .filter((m) => m.event === 'subscribe');
      expect(subscribes.map((m) => [m.subscription?.name, m.pair])).toEqual([['ticker', [wsname]]]);
      expect(failure).toBeUndefined();
      sub.unsubscribe();
    } finally {
      kraken.close();
    }
  });

  it('kraken.resolvePair() looks a REST name up in the same cached AssetPairs as the feeds, and passes a WebSocket name through', async () => {
    const p = probe();
    try {
      await expect(firstValueFrom(p.kraken.resolvePair('XXBTZUSD'))).resolves.toBe('XBT/USD');
      await expect(firstValueFrom(p.kraken.resolvePair('ethusd'))).resolves.toBe('ETH/USD');
      await expect(firstValueFrom(p.kraken.resolvePair('ETH/EUR'))).resolves.toBe('ETH/EUR');
      const unknown = await errorOf(p.kraken.resolvePair('FOOBAR'));
      expect(unknown).toBeInstanceOf(InvalidArgumentError);
      expect((unknown as Error).message).toMatch(/Unknown pair "FOOBAR": it is none of Kraken's AssetPairs \(kraken\.assetPairs\(\) lists them/);
      expect(p.fetches).toHaveLength(1);
      expect(p.sockets()).toBe(0);
    } finally {
      p.kraken.close();
    }
  });

  it("kraken.resolvePair() resolves with pairNames 'strict' too (the explicit lookup)", async () => {
    const p = probe({ pairNames: 'strict' });
    try {
      await expect(firstValueFrom(p.kraken.resolvePair('XBTUSD'))).resolves.toBe('XBT/USD');
      expect(p.fetches).toHaveLength(1);
    } finally {
      p.kraken.close();
    }
  });

  it('addOrder({ pair: "XBTUSD" }) is sent with the WebSocket name', async () => {
    const fake = createFakeWebSocketFactory();
    const kraken = createKrakenClient({
      webSocket: fake.factory,
      tokenProvider: () => of('WW91ciB0b2tlbiBnb2VzIGhlcmU'),
      fetch: (async () => new Response(JSON.stringify(ASSET_PAIRS), { status: 200 })),
      liveness: false,
    });
    try {
      const sub = kraken.addOrder({ ...order, pair: 'XBTUSD' }).subscribe({ error: () => undefined });
      await new Promise((r) => setTimeout(r, 30));
      fake.latest().serverOpen();
      await new Promise((r) => setTimeout(r, 30));
      const sent = fake.latest().sent.map((t) => JSON.parse(t) as { event: string; pair?: string });
      expect(sent.filter((m) => m.event === 'addOrder').map((m) => m.pair)).toEqual(['XBT/USD']);
      sub.unsubscribe();
    } finally {
      kraken.close();
    }
  });
});

describe('bad configuration: createKrakenClient throws at once', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown option', { urll: 'wss://ws.kraken.com' }, /Invalid config\.urll: got a string \(value not shown\), expected no such option/],
    ['pairNames "loose"', { pairNames: 'loose' }, /Invalid pairNames: got "loose", expected 'resolve' or 'strict'/],
    ['a url that is not a string', { url: 42 }, /Invalid url: got 42/],
    ['a negative linger', { lingerMs: -1 }, /Invalid lingerMs: got -1/],
    ['a negative backoff', { reconnect: { baseMs: -1 } }, /Invalid backoff\.baseMs: got -1/],
    ['an unknown backoff option', { reconnect: { base: 1 } }, /Invalid reconnect\.base/],
    ['requestTimeoutMs 0', { requestTimeoutMs: 0 }, /Invalid requestTimeoutMs: got 0, expected a positive number of milliseconds/],
    ['pingTimeoutMs "5s"', { pingTimeoutMs: '5s' }, /Invalid pingTimeoutMs: got "5s"/],
    ['an unknown bookResync option', { bookResync: { base: 1 } }, /Invalid bookResync\.base/],
    ['a negative bookResync delay', { bookResync: { baseMs: -1 } }, /Invalid bookResync\.baseMs: got -1/],
    ['an unknown subscriptions option', { subscriptions: { ackTimeout: 5 } }, /Invalid subscriptions\.ackTimeout/],
    ['subscriptions.ackTimeoutMs -1', { subscriptions: { ackTimeoutMs: -1 } }, /Invalid subscriptions\.ackTimeoutMs: got -1/],
    ['subscriptions.maxAttempts 0', { subscriptions: { maxAttempts: 0 } }, /Invalid subscriptions\.maxAttempts: got 0, expected a whole number >= 1/],
    ['an unknown liveness option', { liveness: { timeout: 5 } }, /Invalid liveness\.timeout/],
    ['a config that is not an object', 'wss://ws.kraken.com' as never, /Invalid config: got a string \(value not shown\), expected an options object/],
  ])('%s', (_what, config, message) => {
    expect(() => createKrakenClient(config as KrakenClientConfig)).toThrow(InvalidArgumentError);
    expect(() => createKrakenClient(config as KrakenClientConfig)).toThrow(message);
  });
});

describe('bad options of the operators: thrown when the operator is made', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['toCandles graceMs -1', () => toCandles({ graceMs: -1 }), /graceMs: got -1/],
    ['tradesToCandles intervalMs 0', () => tradesToCandles({ intervalMs: 0 }), /intervalMs/],
    ['heartbeatTimeout each 0', () => heartbeatTimeout({ each: 0 }), /Invalid heartbeatTimeout each: got 0/],
    ['conflateLatest config 42', () => conflateLatest(42 as never), /Invalid conflateLatest config: got 42/],
  ])('%s', (_what, make, message) => {
    expect(make).toThrow(InvalidArgumentError);
    expect(make).toThrow(message);
  });
});
