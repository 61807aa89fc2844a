import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { InvalidArgumentError } from '../errors';
import type { ResolvedConfig } from './config';
import { deriveSeed, Prng } from './core/prng';
import { isRecord, RawJson, sortedJson } from './core/json';
import { formatMicros } from './core/time';
import { Faults } from './faults';
import { PublicFeeds } from './channels/publicFeeds';
import { candleWire, OHLC_INTERVALS } from './market/candles';
import { Market } from './market/market';
import { TradingEngine, type OwnTradeRecord } from './private/engine';
import { statusDescription, type Order } from './private/order';
import { checkAddOrder, modeRefusal } from './private/orderRequests';
import { createPrivateEndpoint } from './private/privateEndpoint';
import { PrivateFeeds } from './private/privateFeeds';
import { ResponseGate } from './private/responseGate';
import { TokenStore } from './private/tokens';
import { createRestRoutes, handleHttp, type RestRoute } from './rest/routes';
import { SimConnection, type ConnectionEnvironment } from './server/connection';
import { errorEvent, type EndpointHandler } from './server/endpoint';
import { PublicEndpoint } from './server/publicEndpoint';
import { ERROR_TEXT, readableReqid, readEnvelope, TRADING_EVENTS } from './server/requests';
import type {
  Simulator,
  SimulatorCandle,
  SimulatorEndpoint,
  SimulatorOhlcInterval,
  SimulatorOrder,
  SimulatorOrderRequest,
  SimulatorOwnTrade,
  SimulatorPlacedOrder,
  SimulatorReceivedMessage,
  SimulatorSystemStatus,
  SimulatorTrade,
  SimulatorTrueBook,
} from './types';

/** Largest inbound frame accepted (Kraken requests are small). */
const MAX_PAYLOAD = 256 * 1024;

/**
 * The running simulator: one HTTP server carrying REST routes and the two WebSocket endpoints,
 * the market, the public feeds, the private plug-in and the faults. Created by
 * `startSimulator`, which waits for {@link listen}.
 * @internal
 */
export class SimulatorServer implements Simulator, ConnectionEnvironment {
  readonly faults: Faults;
  readonly market: Market;
  readonly received: SimulatorReceivedMessage[] = [];
  private readonly feeds: PublicFeeds;
  private readonly tokens: TokenStore;
  private readonly engine: TradingEngine;
  private readonly gate: ResponseGate;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly routes: RestRoute[];
  private readonly handlers: Record<SimulatorEndpoint, EndpointHandler>;
  private readonly connections = new Set<SimConnection>();
  private readonly idRng: Prng;
  private connectionNumber = 0;
  private channelId = 0;
  private systemStatus: SimulatorSystemStatus = 'online';
  private boundPort = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly config: ResolvedConfig) {
    this.feeds = new PublicFeeds(config);
    this.market = new Market(config, this.feeds);
    this.feeds.attach(this.market);
    this.idRng = new Prng(deriveSeed(config.seed, 'connection-ids'));
    // channelIDs start where Kraken's recorded ones were (336...) and are unique per subscription.
    this.channelId = 335;
    const isKnownPair = (p: string): boolean => this.market.byName.has(p);
    this.tokens = new TokenStore(config.clock, config.tokenTtlMs);
    this.engine = new TradingEngine(this.market, {
      clock: config.clock,
      seed: config.seed,
      makerFee: config.makerFee,
      takerFee: config.takerFee,
      rateLimit: config.tradingRateLimit,
      tradeLogSize: config.tradeLogSize,
    });
    this.gate = new ResponseGate(new Prng(deriveSeed(config.seed, 'response-order')));
    this.handlers = {
      public: new PublicEndpoint(this.feeds, isKnownPair, () => ++this.channelId),
      private: createPrivateEndpoint({
        market: this.market,
        isKnownPair,
        tokens: this.tokens,
        engine: this.engine,
        feeds: new PrivateFeeds(this.engine),
        gate: this.gate,
        systemStatus: () => this.systemStatus,
        clock: config.clock,
      }),
    };
    this.faults = new Faults({
      connections: () => this.connections,
      feeds: this.feeds,
      market: this.market,
      gate: this.gate,
      tokens: this.tokens,
      engine: this.engine,
    });
    this.routes = createRestRoutes({
      config,
      market: this.market,
      tokens: { credentials: config.credentials, tokens: this.tokens, nonces: new Map() },
      engine: this.engine,
    });
    this.http = createServer((req, res) => {
      void handleHttp(this.routes, req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  // ------------------------------------------------------------------ lifecycle

  /** Starts listening; resolves once bound. */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => {
        this.market.close();
        reject(err);
      };
      this.http.once('error', onError);
      this.http.listen(this.config.port, this.config.host, () => {
        this.http.off('error', onError);
        const address = this.http.address();
        this.boundPort = typeof address === 'object' && address !== null ? address.port : this.config.port;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.market.close();
      this.engine.close();
      this.gate.close();
      this.faults.close();
      for (const c of [...this.connections]) c.terminate();
      for (const ws of this.wss.clients) ws.terminate();
      this.wss.close();
      this.http.closeAllConnections();
      this.http.close(() => resolve());
    });
    return this.closing;
  }

  // ------------------------------------------------------------------ Simulator

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `ws://${this.hostForUrl()}:${this.boundPort}`;
  }

  get authUrl(): string {
    return `ws://${this.hostForUrl()}:${this.boundPort}/auth`;
  }

  get restUrl(): string {
    return `http://${this.hostForUrl()}:${this.boundPort}`;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  clearReceived(): void {
    this.received.length = 0;
  }

  trueBook(pair: string, depth = 10): SimulatorTrueBook {
    if (!Number.isInteger(depth) || depth < 0) throw new InvalidArgumentError('depth', depth, 'a non-negative integer');
    const m = this.market.require(pair);
    const levels = (side: typeof m.asks): (readonly [string, string])[] => side.top(depth).map((l) => [l.priceText, l.volumeText] as const);
    return { asks: levels(m.asks), bids: levels(m.bids) };
  }

  trades(pair?: string): readonly SimulatorTrade[] {
    if (pair !== undefined) return [...this.market.require(pair).tradeLog];
    const all = [...this.market.byName.values()].flatMap((m) => m.tradeLog);
    return all.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }

  candles(pair: string, interval: SimulatorOhlcInterval): readonly SimulatorCandle[] {
    if (!(OHLC_INTERVALS as readonly number[]).includes(interval)) {
      throw new InvalidArgumentError('interval', interval, `one of ${OHLC_INTERVALS.join(', ')}`);
    }
    const m = this.market.require(pair);
    const series = m.candles.at(interval);
    return series.candles.map((c) => {
      const [time, etime, open, high, low, close, vwap, volume, count] = candleWire(c, series, m.pair);
      return { start: c.start, time, etime, open, high, low, close, vwap, volume, count };
    });
  }

  setSystemStatus(status: SimulatorSystemStatus): void {
    this.systemStatus = status;
    this.market.setMatching(status === 'online' || status === 'limit_only');
    const text = sortedJson({ event: 'systemStatus', status, version: this.config.version });
    for (const c of this.connections) c.send(text);
  }

  orders(): readonly SimulatorOrder[] {
    return [...this.engine.orders.values()].map(orderView);
  }

  ownTrades(options: { readonly consolidateTaker?: boolean } = {}): readonly SimulatorOwnTrade[] {
    const consolidate = options.consolidateTaker ?? true;
    return this.engine.trades.flatMap((g) => (consolidate ? [g.consolidated] : g.fills)).map(tradeView);
  }

  requestCount(event: string, filter: { readonly reqid?: number; readonly userref?: number | string } = {}): number {
    return this.received.filter((r) => {
      const m = r.message;
      if (!isRecord(m) || m['event'] !== event) return false;
      if (filter.reqid !== undefined && m['reqid'] !== filter.reqid) return false;
      const userref = m['userref'];
      if (filter.userref !== undefined && !((typeof userref === 'string' || typeof userref === 'number') && String(userref) === String(filter.userref))) return false;
      return true;
    }).length;
  }

  placeOrder(order: SimulatorOrderRequest): SimulatorPlacedOrder {
    const trades: SimulatorTrade[] = [];
    const off = this.market.onEvent((e) => trades.push(...e.trades));
    try {
      const request: Record<string, unknown> = { ...order };
      delete request['by'];
      const checked = checkAddOrder(request, this.market, this.config.clock());
      if (!checked.ok) throw new InvalidArgumentError('order', order, 'an order the simulator accepts', checked.error);
      const input = checked.value;
      // Another client is bound by the engine mode too.
      const refused = modeRefusal(this.systemStatus, input.ordertype, input.post);
      if (refused !== undefined) throw new InvalidArgumentError('order', order, 'an order the simulator accepts', refused);
      if (order.by === 'account') {
        const r = this.engine.batch(() => this.engine.addOrder(input));
        if (!r.ok) throw new InvalidArgumentError('order', order, 'an order the simulator accepts', r.error);
        return { txid: r.value.txid, descr: r.value.descr, trades };
      }
      this.engine.inject(input.market, input.type, input.ordertype, input.lots, input.price);
      return { txid: undefined, descr: statusDescription(input.market.pair, input.type, input.lots, input.ordertype, input.price), trades };
    } finally {
      off();
    }
  }

  issueToken(): string {
    return this.tokens.issue(this.config.credentials[0]?.apiKey ?? '').token;
  }

  issuedTokens(): readonly string[] {
    return [...this.tokens.issued];
  }

  // ------------------------------------------------------------------ ConnectionEnvironment

  get heartbeatIntervalMs(): number {
    return this.config.heartbeatIntervalMs;
  }

  get idleCloseMs(): number | false {
    return this.config.idleCloseMs;
  }

  isStalled(): boolean {
    return this.faults.stalled;
  }

  // ------------------------------------------------------------------ WebSocket

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const endpoint: SimulatorEndpoint | undefined =
      path === '/' || path === '' ? 'public' : path === '/auth' || path === '/auth/' ? 'private' : undefined;
    if (endpoint === undefined) {
      refuseUpgrade(socket, 404);
      return;
    }
    const refusal = this.faults.takeUpgradeRefusal();
    if (refusal !== undefined) {
      refuseUpgrade(socket, refusal);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, endpoint, socket));
  }

  private accept(ws: WebSocket, endpoint: SimulatorEndpoint, raw: Duplex): void {
    if (this.closing !== undefined) {
      ws.terminate();
      return;
    }
    const conn = new SimConnection(++this.connectionNumber, endpoint, this.idRng.uint64String(), ws, this, raw);
    if (this.faults.takeCapacityRefusal()) {
      // Shape unconfirmed (protocol reference 11.1): Kraken's Cloudflare front may instead answer
      // the upgrade with HTTP 429; the library must handle both. Close code 1008 is our choice.
      conn.send(errorEvent(ERROR_TEXT.capacity, undefined));
      conn.close(1008, 'connection rate limit');
      return;
    }
    const handler = this.handlers[endpoint];
    this.connections.add(conn);
    conn.onClose(() => {
      this.connections.delete(conn);
      handler.onClose(conn);
    });
    ws.on('message', (data: RawData) => this.onMessage(conn, handler, data));
    conn.send(
      sortedJson({
        connectionID: new RawJson(conn.connectionID),
        event: 'systemStatus',
        status: this.systemStatus,
        version: this.config.version,
      }),
    );
  }

  private onMessage(conn: SimConnection, handler: EndpointHandler, data: RawData): void {
    if (conn.isClosed) return;
    const raw = rawText(data);
    let message: unknown;
    let parsed = true;
    try {
      message = JSON.parse(raw);
    } catch {
      parsed = false;
    }
    const limited = this.faults.takeRateLimit();
    this.received.push({
      connectionId: conn.id,
      endpoint: conn.endpoint,
      raw,
      message: parsed ? message : undefined,
      rateLimited: limited,
      at: this.config.clock(),
    });
    conn.noteInbound();
    if (limited) {
      conn.send(errorEvent(ERROR_TEXT.rate, parsed ? readableReqid(message) : undefined));
      return;
    }
    if (!parsed) {
      conn.send(errorEvent(ERROR_TEXT.malformed, undefined));
      return;
    }
    const env = readEnvelope(message);
    if (!env.ok) {
      const event = isRecord(message) ? message['event'] : undefined;
      if (conn.endpoint === 'private' && env.errorMessage === ERROR_TEXT.reqid && (TRADING_EVENTS as readonly unknown[]).includes(event) && isRecord(message)) {
        // Recorded: a trading request with a bad reqid gets its own Status event, with the pair
        // (when given) and `"reqid":null`.
        const pair = typeof message['pair'] === 'string' ? message['pair'] : undefined;
        conn.send(sortedJson({ errorMessage: env.errorMessage, event: `${String(event)}Status`, pair, reqid: null, status: 'error' }));
        return;
      }
      conn.send(errorEvent(env.errorMessage, env.reqid));
      return;
    }
    if (env.event === 'ping') {
      conn.send(sortedJson({ event: 'pong', reqid: env.reqid }));
      return;
    }
    handler.onRequest(conn, env.event, env.request, env.reqid);
  }

  private hostForUrl(): string {
    const h = this.config.host;
    return h.includes(':') ? `[${h}]` : h;
  }
}

function orderView(o: Order): SimulatorOrder {
  return {
    txid: o.txid,
    pair: o.pair.wsname,
    type: o.type,
    orderType: o.ordertype,
    price: o.price === undefined ? undefined : o.priceText(),
    volume: o.volText(),
    volumeExecuted: o.volExecText(),
    cost: o.costText(),
    fee: o.feeText(),
    avgPrice: o.avgPriceText(),
    status: o.status,
    userref: o.userref,
    oflags: o.oflags.join(','),
    timeInForce: o.timeinforce,
    openTime: formatMicros(o.openUs),
    closeTime: o.closeUs === undefined ? undefined : formatMicros(o.closeUs),
    expireTime: o.expireMs === undefined ? undefined : formatMicros(Math.floor(o.expireMs * 1000)),
    cancelReason: o.cancelReason,
    refid: o.refid,
  };
}

function tradeView(t: OwnTradeRecord): SimulatorOwnTrade {
  return {
    id: t.id,
    orderTxid: t.ordertxid,
    pair: t.pair,
    type: t.type,
    orderType: t.ordertype,
    price: t.price,
    volume: t.vol,
    cost: t.cost,
    fee: t.fee,
    time: t.time,
    maker: t.maker,
    userref: t.userref,
  };
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function refuseUpgrade(socket: Duplex, status: number): void {
  const text = STATUS_CODES[status] ?? 'Error';
  const body = `${status} ${text}`;
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
