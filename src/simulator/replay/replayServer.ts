import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';
import { InvalidArgumentError } from '../../errors';
import { isRecord, sortedJson } from '../core/json';
import { BOOK_DEPTHS, ERROR_TEXT, OHLC_INTERVAL_LIST, isValidReqid } from '../server/requests';
import { BookCatchUp } from './bookCatchUp';
import { Playback } from './playback';
import { DEFAULT_FRAME_INTERVAL_MS, parseRecording, type ReplayRecording } from './recording';
import { ReplaySession } from './replaySession';

/**
 * Options of {@link startReplayServer}. Only `recording` is required.
 * @example
 * ```ts
 * const options: ReplayServerOptions = { recording: fs.readFileSync('xbt.jsonl', 'utf8'), speed: 10 };
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface ReplayServerOptions {
  /** The recording: the text of a `.jsonl` file (record format or one raw frame per line), or one already parsed. */
  readonly recording: string | ReplayRecording;
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  readonly host?: string;
  /** Playback speed: 1 (default) is the recorded pace, 10 ten times faster. */
  readonly speed?: number;
  /**
   * Play as fast as each connection takes it, ignoring the recorded times. Default false. With
   * the shared clock, a connection's first `subscribe` joins the replay at the furthest frame
   * any connection has reached since the start (or the last idle restart).
   */
  readonly maxRate?: boolean;
  /**
   * `'shared'` (default): one market for every connection, as on Kraken. The clock starts at
   * the first `subscribe` on the server and runs on for everyone (also while no client is
   * connected); a connection that arrives later joins at the current position, and what it
   * subscribes catches up there (a book with one fresh snapshot), so a client that reconnects
   * continues where the market is, without repeated trades or time going backwards.
   * `'per-connection'`: every connection gets its own playback of the whole recording, its
   * clock starting at its own first `subscribe` (for tests that want every client to see
   * every frame).
   */
  readonly clock?: 'shared' | 'per-connection';
  /**
   * With the shared clock: a connection that arrives after no client has been connected for
   * this many ms restarts the session from the first frame, so that backtest after backtest
   * against one running server each get the whole recording. Default 5000;
   * `Number.POSITIVE_INFINITY`: never restart.
   */
  readonly idleRestartMs?: number;
  /** Spacing of frames of a recording without receive times, at speed 1. Default 100 ms. */
  readonly frameIntervalMs?: number;
  /** Heartbeat after this many ms without anything sent on a subscribed connection. Default 1000. */
  readonly heartbeatIntervalMs?: number;
  /** `version` in `systemStatus`. Default `"1.9.2"`. */
  readonly version?: string;
  /** Called when a connection has played to the end of the recording. */
  readonly onFinished?: (info: { readonly connection: number; readonly framesSent: number }) => void;
}

/**
 * A running replay server, as returned by {@link startReplayServer}.
 * @example
 * ```ts
 * const replay = await startReplayServer({ recording: text, maxRate: true });
 * const kraken = createKrakenClient({ url: replay.url });
 * // ...
 * await replay.close();
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface ReplayServer {
  /** The endpoint, `ws://127.0.0.1:PORT`. */
  readonly url: string;
  /** The bound TCP port. */
  readonly port: number;
  /** The recording being served. */
  readonly recording: ReplayRecording;
  /** Number of open WebSocket connections. */
  readonly connectionCount: number;
  /** Closes every connection, the server and every timer. */
  close(): Promise<void>;
}

/** Frames played per turn of the event loop at `maxRate`. */
const MAX_RATE_BATCH = 256;
/** Above this many buffered bytes a `maxRate` connection waits for the socket to drain. */
const MAX_BUFFERED_BYTES = 1 << 20;
/** Default of {@link ReplayServerOptions.idleRestartMs}. */
const DEFAULT_IDLE_RESTART_MS = 5000;

/**
 * Starts a Kraken-compatible WebSocket server on 127.0.0.1 that plays a recording back: the
 * library (or any Kraken v1 client) connects, subscribes, and receives the recorded frames of
 * the channels it subscribed to, at the recorded pace, `speed` times faster, or as fast as
 * possible (`maxRate`). Book checksums hold: recorded frames are replayed byte for byte (only
 * the channel id is rewritten, consistently with the `subscriptionStatus`), and a snapshot made
 * for a late subscriber keeps the recorded strings.
 *
 * The replay is one market shared by every connection (`clock: 'shared'`, the default): its
 * clock starts at the first `subscribe` on the server, and a client that connects (or
 * reconnects) later joins at the current position, as on Kraken; at `maxRate` it joins at the
 * furthest frame any connection has reached. When a connection arrives after no client has
 * been connected for `idleRestartMs` (default 5 s), the replay starts again from the first
 * frame. `clock: 'per-connection'` gives each connection its own playback of the whole
 * recording instead, its clock starting at its first `subscribe`.
 *
 * Per connection: `systemStatus` on connect; `subscribe` is answered per pair with
 * `subscriptionStatus` (`subscribed` for a channel in the recording, else `error`),
 * `unsubscribe` likewise; `ping` with `pong`; heartbeats while quiet. A channel subscribed
 * after the start catches up at once, as Kraken greets a new subscriber: a book with one
 * snapshot of the book at the current position (rebuilt from the last recorded snapshot and
 * every recorded update since, levels `[price, volume, timestamp]` as recorded, truncated to
 * the depth, no checksum), then the recorded updates; a ticker, spread or ohlc channel with its
 * last frame; a trade channel with nothing. When the recording is over the connection stays
 * open with heartbeats. REST requests are answered with Kraken's `EGeneral:Unknown method` (a
 * recording has no REST history).
 *
 * @example
 * ```ts
 * import { startReplayServer } from 'kraken-rx/simulator';
 *
 * const replay = await startReplayServer({ recording: fs.readFileSync('xbt.jsonl', 'utf8'), speed: 10 });
 * const kraken = createKrakenClient({ url: replay.url });
 * kraken.book('XBT/USD').subscribe((book) => console.log(book.checksum));
 * ```
 * @param options The recording and how to play it.
 * @returns A promise of the running server, resolved once the port is bound.
 * @throws InvalidArgumentError (rejected promise) for a bad option (`speed`, `heartbeatIntervalMs`,
 *   `clock`, `idleRestartMs`) or a recording without data frames.
 * @category Simulator
 * @since 0.1.0
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const speed = options.speed ?? 1;
  if (!(speed > 0 && Number.isFinite(speed))) throw new InvalidArgumentError('speed', speed, 'a positive number');
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1000;
  if (!(heartbeatIntervalMs >= 1)) throw new InvalidArgumentError('heartbeatIntervalMs', heartbeatIntervalMs, 'at least 1 ms');
  const clock = options.clock ?? 'shared';
  if (clock !== 'shared' && clock !== 'per-connection') throw new InvalidArgumentError('clock', clock, "'shared' or 'per-connection'");
  const idleRestartMs = options.idleRestartMs ?? DEFAULT_IDLE_RESTART_MS;
  if (!(idleRestartMs >= 0)) throw new InvalidArgumentError('idleRestartMs', idleRestartMs, 'a number of ms >= 0 (Infinity: never)');
  const recording =
    typeof options.recording === 'string'
      ? parseRecording(options.recording, { frameIntervalMs: options.frameIntervalMs ?? DEFAULT_FRAME_INTERVAL_MS })
      : options.recording;
  const server = new ReplayHttpServer(recording, {
    speed,
    maxRate: options.maxRate === true,
    clock,
    idleRestartMs,
    heartbeatIntervalMs,
    version: options.version ?? '1.9.2',
    onFinished: options.onFinished,
  });
  await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return server;
}

interface Settings {
  readonly speed: number;
  readonly maxRate: boolean;
  readonly clock: 'shared' | 'per-connection';
  readonly idleRestartMs: number;
  readonly heartbeatIntervalMs: number;
  readonly version: string;
  readonly onFinished: ReplayServerOptions['onFinished'];
}

class ReplayHttpServer implements ReplayServer {
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly #connections = new Set<ReplayConnection>();
  readonly #books: BookCatchUp;
  /** The market every connection shares (`clock: 'shared'`). */
  readonly #shared: ReplaySession | undefined;
  #port = 0;
  #host = '127.0.0.1';
  #nextConnection = 1;
  #closing: Promise<void> | undefined;

  constructor(
    readonly recording: ReplayRecording,
    private readonly settings: Settings,
  ) {
    this.#books = new BookCatchUp(recording);
    this.#shared = settings.clock === 'shared' ? new ReplaySession({ speed: settings.speed, idleRestartMs: settings.idleRestartMs }) : undefined;
    this.#http = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":["EGeneral:Unknown method"]}');
    });
    this.#wss = new WebSocketServer({ server: this.#http, perMessageDeflate: false });
    this.#wss.on('connection', (ws) => {
      const session = this.#shared ?? new ReplaySession({ speed: settings.speed, idleRestartMs: Number.POSITIVE_INFINITY });
      session.join(Date.now());
      const playback = new Playback(this.recording, (text) => connection.send(text), this.#books);
      const connection = new ReplayConnection(ws, this.#nextConnection++, this.recording, playback, session, this.settings, () => {
        this.#connections.delete(connection);
        session.leave(Date.now());
      });
      this.#connections.add(connection);
    });
  }

  get url(): string {
    const host = this.#host.includes(':') ? `[${this.#host}]` : this.#host;
    return `ws://${host}:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(port, host, () => {
        this.#http.off('error', reject);
        this.#port = (this.#http.address() as AddressInfo).port;
        this.#host = host;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const connection of this.#connections) connection.terminate();
      this.#connections.clear();
      this.#wss.close(() => {
        this.#http.close(() => resolve());
        this.#http.closeAllConnections();
      });
    });
    return this.#closing;
  }
}

/** One client: its playback (a cursor in the session's market) and its heartbeat. */
class ReplayConnection {
  /** True from the first `subscribe`: the playback follows the session from then on. */
  #playing = false;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  readonly #heartbeat: NodeJS.Timeout;
  #lastSentAt = Date.now();
  #finished = false;
  #ended = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly id: number,
    private readonly recording: ReplayRecording,
    private readonly playback: Playback,
    private readonly session: ReplaySession,
    private readonly settings: Settings,
    private readonly onEnd: () => void,
  ) {
    this.#heartbeat = setInterval(() => this.#beat(), Math.max(1, Math.floor(settings.heartbeatIntervalMs / 4)));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) this.#onMessage(data.toString('utf8'));
    });
    ws.on('close', () => this.#end());
    ws.on('error', () => this.#end());
    this.send(sortedJson({ connectionID: 1_000_000 + id, event: 'systemStatus', status: 'online', version: settings.version }));
  }

  terminate(): void {
    this.#end();
    this.ws.terminate();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#timer);
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    this.onEnd();
  }

  send(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(text);
    this.#lastSentAt = Date.now();
  }

  #beat(): void {
    if (Date.now() - this.#lastSentAt < this.settings.heartbeatIntervalMs) return;
    if (!this.recording.channels.some((c) => this.playback.isSubscribed(c.key))) return;
    this.send('{"event":"heartbeat"}');
  }

  #onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.send(sortedJson({ errorMessage: ERROR_TEXT.malformed, event: 'error' }));
      return;
    }
    if (!isRecord(message) || typeof message['event'] !== 'string') {
      this.send(sortedJson({ errorMessage: ERROR_TEXT.malformed, event: 'error' }));
      return;
    }
    const rawReqid = message['reqid'];
    if (rawReqid !== undefined && !isValidReqid(rawReqid)) {
      this.send(sortedJson({ errorMessage: ERROR_TEXT.reqid, event: 'error' }));
      return;
    }
    const reqid = rawReqid;
    switch (message['event']) {
      case 'ping':
        this.send(sortedJson({ event: 'pong', reqid }));
        return;
      case 'subscribe':
      case 'unsubscribe':
        this.#onSubscription(message['event'], message, reqid);
        return;
      default:
        this.send(sortedJson({ errorMessage: ERROR_TEXT.eventNotFound, event: 'subscriptionStatus', reqid, status: 'error' }));
    }
  }

  #onSubscription(event: 'subscribe' | 'unsubscribe', request: Record<string, unknown>, reqid: number | undefined): void {
    const subscription = request['subscription'];
    const rawPairs = request['pair'];
    const refuse = (errorMessage: string, pair?: string): void =>
      this.send(sortedJson({ errorMessage, event: 'subscriptionStatus', pair, reqid, status: 'error', subscription }));
    if (!isRecord(subscription)) return refuse(subscription === undefined ? ERROR_TEXT.malformed : ERROR_TEXT.subscriptionNotObject);
    const name = subscription['name'];
    if (name === 'ownTrades' || name === 'openOrders') return refuse(ERROR_TEXT.privateOnPublic);
    if (name !== 'book' && name !== 'ohlc' && name !== 'ticker' && name !== 'trade' && name !== 'spread') return refuse(ERROR_TEXT.nameInvalid);
    if (!Array.isArray(rawPairs)) return refuse(ERROR_TEXT.pairNotArray);
    if (rawPairs.length === 0) return refuse(ERROR_TEXT.pairsNotFound);
    let channelName: string = name;
    let echo: Record<string, unknown> = { name };
    if (name === 'book') {
      const depth = subscription['depth'] ?? 10;
      if (typeof depth !== 'number' || !BOOK_DEPTHS.includes(depth)) return refuse(typeof depth === 'number' ? ERROR_TEXT.depthUnsupported : ERROR_TEXT.depthNotInteger);
      channelName = `book-${depth}`;
      echo = { depth, name };
    } else if (name === 'ohlc') {
      const interval = subscription['interval'] ?? 1;
      if (typeof interval !== 'number' || !OHLC_INTERVAL_LIST.includes(interval)) return refuse(typeof interval === 'number' ? ERROR_TEXT.intervalUnsupported : ERROR_TEXT.intervalNotInteger);
      channelName = `ohlc-${interval}`;
      echo = { interval, name };
    }
    for (const rawPair of rawPairs) {
      const pair = typeof rawPair === 'string' ? rawPair : JSON.stringify(rawPair);
      const key = `${channelName}|${pair}`;
      const channel = this.recording.channels.find((c) => c.key === key);
      if (channel === undefined) {
        const recorded = this.recording.channels.filter((c) => c.pair === pair).map((c) => c.channelName);
        refuse(
          recorded.length === 0
            ? `${ERROR_TEXT.pairUnsupported} ${pair}`
            : `${ERROR_TEXT.notFound}: ${channelName} ${pair} is not in this recording (recorded for ${pair}: ${recorded.join(', ')})`,
          pair,
        );
        continue;
      }
      if (event === 'subscribe' && this.playback.isSubscribed(key)) {
        refuse(`${ERROR_TEXT.alreadySubscribed}`, pair);
        continue;
      }
      if (event === 'unsubscribe' && !this.playback.isSubscribed(key)) {
        refuse(ERROR_TEXT.notFound, pair);
        continue;
      }
      const status = event === 'subscribe' ? 'subscribed' : 'unsubscribed';
      this.send(sortedJson({ channelID: channel.channelId, channelName, event: 'subscriptionStatus', pair, reqid, status, subscription: echo }));
      if (event === 'unsubscribe') {
        this.playback.unsubscribe(key);
        continue;
      }
      this.#catchUp();
      this.playback.subscribe(key);
    }
    this.#pump();
  }

  /**
   * Before a subscribe: moves the playback to where the session is. Paced: starts the session's
   * clock (the first subscribe on the server) and plays what is before its position (frames of
   * channels already subscribed are sent; the new channel then catches up there). `maxRate`: a
   * connection's first subscribe joins at the furthest frame the session has reached.
   */
  #catchUp(): void {
    if (this.settings.maxRate) {
      if (!this.#playing) this.playback.advance(Number.POSITIVE_INFINITY, this.session.furthest - this.playback.position);
    } else {
      const now = Date.now();
      this.session.start(now);
      this.playback.advanceBefore(this.session.position(now));
    }
    this.#playing = true;
  }

  /** Plays what is due, then waits for the next frame (or the next turn of the loop at max rate). */
  #pump(): void {
    if (this.#ended || !this.#playing) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#immediate !== undefined) {
      clearImmediate(this.#immediate);
      this.#immediate = undefined;
    }
    if (this.settings.maxRate) {
      if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        this.#timer = setTimeout(() => this.#pump(), 10);
        return;
      }
      this.playback.advance(Number.POSITIVE_INFINITY, MAX_RATE_BATCH);
      this.session.reach(this.playback.position);
      if (!this.playback.done) {
        this.#immediate = setImmediate(() => {
          this.#immediate = undefined;
          this.#pump();
        });
        return;
      }
    } else {
      const position = this.session.position(Date.now());
      this.playback.advance(position);
      const nextAt = this.playback.nextAt;
      if (nextAt !== undefined) {
        const delay = Math.min(2_147_483_647, Math.max(0, Math.ceil((nextAt - position) / this.settings.speed)));
        this.#timer = setTimeout(() => this.#pump(), delay);
        return;
      }
    }
    if (!this.#finished) {
      this.#finished = true;
      this.settings.onFinished?.({ connection: this.id, framesSent: this.playback.sent });
    }
  }
}
