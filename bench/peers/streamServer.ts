/**
 * A max-rate Kraken v1 endpoint for one prepared stream of book frames (one or several
 * pairs, one depth), with one optional fault.
 *
 * The frames are encoded as WebSocket frames once, up front, into one buffer; a connection
 * subscribed to every channel gets them in 64 KB writes (whole frames only) as fast as the
 * client reads, so the server costs next to nothing and the client is what is measured.
 *
 * What a book client sees of Kraken: `systemStatus` on connect; `subscribe` answered per pair
 * with `subscriptionStatus` (Kraken's error texts for a wrong name, depth, pair or a
 * duplicate), then the pair's snapshot, then its updates; `unsubscribe` stops a pair at a
 * frame boundary (frames already written still arrive, as on Kraken) and is answered
 * `unsubscribed`; `ping` events and WebSocket pings are answered; a heartbeat after 1 s
 * without anything sent.
 *
 * The market does not move by itself: it stands at the furthest frame written to any
 * connection. A subscription gets the snapshot of its pair at that position, built by the
 * independent reference book (for a connection already streaming, at that connection's
 * position), then the frames after it. This is what Kraken does on a resubscribe: a fresh
 * snapshot of the book now, never a replay of the updates in between.
 *
 * Faults, once per server, when a connection is about to write frame `at`:
 * - `drop`: the TCP connection is destroyed (no close frame);
 * - `stall`: that connection goes silent for `stallMs` (no data, heartbeats, pongs or
 *   answers; requests are held), then resumes where it stopped;
 * - `garbage`: frame `at` is replaced by a truncated copy of itself (not JSON): it is lost;
 * - `checksum`: frame `at` is sent with a wrong `c` (its levels are intact).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ReferenceBook } from './shared/referenceBook';
import { OPCODE_PONG, encodeFrame, encodeTextFrames, textFrame, type EncodedFrames } from './shared/wsFrames';

export interface BookChannel {
  readonly pair: string;
  readonly channelId: number;
}

/** Book frames of one depth, in the order they are sent, and the channel of each. */
export interface BookStream {
  readonly depth: number;
  readonly channels: ReadonlyArray<BookChannel>;
  readonly frames: ReadonlyArray<string>;
  /** Index in `channels` of each frame's channel. */
  readonly channelOf: Uint16Array;
  readonly encoded: EncodedFrames;
}

/** Prepares a stream from Kraken book frames (each pair's first frame must be its snapshot). */
export function prepareBookStream(frames: ReadonlyArray<string>): BookStream {
  const channels: BookChannel[] = [];
  const index = new Map<string, number>();
  const channelOf = new Uint16Array(frames.length);
  let depth: number | undefined;
  frames.forEach((frame, i) => {
    const message = JSON.parse(frame) as unknown[];
    const pair = message[message.length - 1] as string;
    const channelName = message[message.length - 2] as string;
    const frameDepth = Number(channelName.slice('book-'.length));
    if (depth !== undefined && frameDepth !== depth) throw new Error(`stream server: frames of depths ${depth} and ${frameDepth}`);
    depth = frameDepth;
    let c = index.get(pair);
    if (c === undefined) {
      c = channels.length;
      index.set(pair, c);
      channels.push({ pair, channelId: message[0] as number });
    }
    channelOf[i] = c;
  });
  if (depth === undefined) throw new Error('stream server: no frames');
  return { depth, channels, frames, channelOf, encoded: encodeTextFrames(frames) };
}

export type FaultKind = 'drop' | 'stall' | 'garbage' | 'checksum';

export interface Fault {
  readonly kind: FaultKind;
  /** Index of the frame where the fault happens. */
  readonly at: number;
  /** How long a stall lasts. Default 10 s. */
  readonly stallMs?: number;
}

export interface ServerEvent {
  /** Epoch ms. */
  readonly at: number;
  readonly connection: number;
  readonly what: string;
}

export interface StreamServer {
  readonly url: string;
  /** What happened, in order: connections, requests, snapshots (with their position), the fault. */
  readonly events: ReadonlyArray<ServerEvent>;
  /** When the fault happened (epoch ms). */
  readonly faultAt: number | undefined;
  close(): Promise<void>;
}

const CHUNK_BYTES = 64 * 1024;
const HEARTBEAT_MS = 1_000;

const ERROR = {
  malformed: 'Malformed request',
  eventNotFound: 'Event(s) not found',
  nameInvalid: 'Subscription name invalid',
  depthUnsupported: 'Subscription depth not supported',
  pairUnsupported: 'Currency pair not supported',
  alreadySubscribed: 'Already subscribed',
  notFound: 'Subscription Not Found',
} as const;

export async function startStreamServer(options: { readonly stream: BookStream; readonly fault?: Fault }): Promise<StreamServer> {
  const server = new BookStreamServer(options.stream, options.fault);
  await server.listen();
  return server;
}

/** The book of one channel at any position of the stream, by replaying its frames. */
class SnapshotSource {
  #book: ReferenceBook | undefined;
  #position = 0;

  constructor(
    private readonly stream: BookStream,
    private readonly channel: number,
  ) {}

  /** The snapshot frame of the channel's book after frames [0, position), or undefined before its first snapshot. */
  at(position: number): string | undefined {
    if (position < this.#position) {
      this.#book = undefined;
      this.#position = 0;
    }
    const { frames, channelOf, depth } = this.stream;
    for (; this.#position < position; this.#position++) {
      if (channelOf[this.#position] !== this.channel) continue;
      this.#book ??= new ReferenceBook(depth);
      if (!this.#book.applyFrame(JSON.parse(frames[this.#position]!) as unknown[])) {
        throw new Error(`stream server: frame ${this.#position} does not verify in the reference book`);
      }
    }
    const { pair, channelId } = this.stream.channels[this.channel]!;
    return this.#book?.snapshotFrame(channelId, pair);
  }
}

class BookStreamServer implements StreamServer {
  readonly events: ServerEvent[] = [];
  faultAt: number | undefined;
  /** The fault, until a connection reaches it. */
  pendingFault: Fault | undefined;
  /** The market: the furthest frame written to any connection. */
  cursor = 0;
  readonly snapshots: ReadonlyArray<SnapshotSource>;
  readonly #http: Server;
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, autoPong: false });
  readonly #connections = new Set<Connection>();
  #nextId = 1;
  #port = 0;

  constructor(
    readonly stream: BookStream,
    fault: Fault | undefined,
  ) {
    this.pendingFault = fault;
    this.snapshots = stream.channels.map((_, i) => new SnapshotSource(stream, i));
    this.#http = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":["EGeneral:Unknown method"]}');
    });
    this.#http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.#wss.handleUpgrade(request, socket, head, (ws) => {
        const connection = new Connection(this, this.#nextId++, ws, socket as Socket, () => this.#connections.delete(connection));
        this.#connections.add(connection);
      });
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  log(connection: number, what: string): void {
    this.events.push({ at: Date.now(), connection, what });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(0, '127.0.0.1', () => {
        this.#port = (this.#http.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    for (const connection of this.#connections) connection.destroy();
    this.#connections.clear();
    return new Promise((resolve) => {
      this.#wss.close(() => {
        this.#http.close(() => resolve());
        this.#http.closeAllConnections();
      });
    });
  }
}

class Connection {
  readonly #subscribed = new Set<number>();
  /** Next frame to write on this connection. */
  #position = 0;
  #pumping = false;
  #stalled = false;
  #closed = false;
  #finishedLogged = false;
  #lastWriteAt = Date.now();
  readonly #held: string[] = [];
  readonly #heartbeat: NodeJS.Timeout;
  #stallTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly server: BookStreamServer,
    private readonly id: number,
    ws: WebSocket,
    private readonly socket: Socket,
    private readonly onEnd: () => void,
  ) {
    server.log(id, 'connect');
    this.#heartbeat = setInterval(() => {
      if (this.#subscribed.size > 0 && !this.#stalled && Date.now() - this.#lastWriteAt >= HEARTBEAT_MS) this.#sendJson({ event: 'heartbeat' });
    }, HEARTBEAT_MS / 4);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      const text = rawText(data);
      if (this.#stalled) this.#held.push(text);
      else this.#onMessage(text);
    });
    ws.on('ping', (data: Buffer) => {
      if (!this.#stalled) this.#write(encodeFrame(OPCODE_PONG, data));
    });
    ws.on('close', () => this.#end());
    ws.on('error', () => this.#end());
    this.#sendJson({ connectionID: 1_000_000 + id, event: 'systemStatus', status: 'online', version: '1.9.2' });
  }

  destroy(): void {
    this.#end();
    this.socket.destroy();
  }

  #end(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.server.log(this.id, 'close');
    clearInterval(this.#heartbeat);
    clearTimeout(this.#stallTimer);
    this.onEnd();
  }

  #write(bytes: Buffer): boolean {
    if (this.#closed || this.socket.destroyed) return true;
    this.#lastWriteAt = Date.now();
    return this.socket.write(bytes);
  }

  #sendJson(message: Record<string, unknown>): void {
    this.#write(textFrame(JSON.stringify(message)));
  }

  #onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.#sendJson({ errorMessage: ERROR.malformed, event: 'error' });
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.#sendJson({ errorMessage: ERROR.malformed, event: 'error' });
      return;
    }
    const request = message as Record<string, unknown>;
    const reqid = request['reqid'];
    switch (request['event']) {
      case 'ping':
        this.#sendJson({ event: 'pong', reqid });
        return;
      case 'subscribe':
      case 'unsubscribe':
        this.#onSubscription(request['event'], request, reqid);
        return;
      default:
        this.#sendJson({ errorMessage: ERROR.eventNotFound, event: 'error', reqid });
    }
  }

  #onSubscription(event: 'subscribe' | 'unsubscribe', request: Record<string, unknown>, reqid: unknown): void {
    const { stream } = this.server;
    const subscription = request['subscription'] as Record<string, unknown> | undefined;
    const pairs = Array.isArray(request['pair']) ? (request['pair'] as unknown[]) : [];
    const refuse = (errorMessage: string, pair?: unknown) =>
      this.#sendJson({ errorMessage, event: 'subscriptionStatus', pair, reqid, status: 'error', subscription });
    if (subscription?.['name'] !== 'book') return refuse(ERROR.nameInvalid);
    const depth = subscription['depth'] ?? 10;
    if (depth !== stream.depth) return refuse(ERROR.depthUnsupported);
    for (const pair of pairs) {
      const channel = stream.channels.findIndex((c) => c.pair === pair);
      if (channel < 0) {
        refuse(`${ERROR.pairUnsupported} ${String(pair)}`, pair);
        continue;
      }
      const { channelId } = stream.channels[channel]!;
      const status = (state: string) => ({
        channelID: channelId,
        channelName: `book-${stream.depth}`,
        event: 'subscriptionStatus',
        pair,
        reqid,
        status: state,
        subscription: { depth: stream.depth, name: 'book' },
      });
      if (event === 'unsubscribe') {
        if (!this.#subscribed.delete(channel)) {
          this.server.log(this.id, `unsubscribe ${String(pair)} refused: ${ERROR.notFound}`);
          refuse(ERROR.notFound, pair);
          continue;
        }
        this.server.log(this.id, `unsubscribe ${String(pair)}`);
        this.#sendJson(status('unsubscribed'));
        continue;
      }
      if (this.#subscribed.has(channel)) {
        this.server.log(this.id, `subscribe ${String(pair)} refused: ${ERROR.alreadySubscribed}`);
        refuse(ERROR.alreadySubscribed, pair);
        continue;
      }
      this.server.log(this.id, `subscribe ${String(pair)}`);
      // A connection streaming nothing joins the market where it is now.
      if (this.#subscribed.size === 0) this.#position = this.server.cursor;
      this.#subscribed.add(channel);
      this.#sendJson(status('subscribed'));
      const snapshot = this.server.snapshots[channel]!.at(this.#position);
      if (snapshot !== undefined) {
        this.server.log(this.id, `snapshot ${String(pair)} at ${this.#position}`);
        this.#write(textFrame(snapshot));
      }
    }
    // After the whole request, so that pairs subscribed together start at the same frame.
    this.#pump();
  }

  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    this.#loop();
  }

  readonly #loop = (): void => {
    const { encoded, channels, channelOf, frames } = this.server.stream;
    const { bytes, offsets } = encoded;
    const total = frames.length;
    for (;;) {
      if (this.#closed || this.#subscribed.size === 0 || this.#stalled) {
        this.#pumping = false;
        return;
      }
      if (this.#position >= total) {
        this.#pumping = false;
        if (!this.#finishedLogged) {
          this.#finishedLogged = true;
          this.server.log(this.id, 'finished');
        }
        return;
      }
      const fault = this.server.pendingFault;
      if (fault !== undefined && this.#position === fault.at) {
        this.server.pendingFault = undefined;
        if (!this.#fault(fault)) {
          this.#pumping = false;
          return;
        }
        continue;
      }
      const stop = fault !== undefined && this.#position < fault.at ? fault.at : total;
      const start = this.#position;
      const limit = offsets[start]! + CHUNK_BYTES;
      let end = start + 1;
      while (end < stop && offsets[end + 1]! <= limit) end++;
      let more: boolean;
      if (this.#subscribed.size === channels.length) {
        more = this.#write(bytes.subarray(offsets[start], offsets[end]));
      } else {
        // Only the frames of the subscribed channels.
        const parts: Buffer[] = [];
        for (let i = start; i < end; i++) if (this.#subscribed.has(channelOf[i]!)) parts.push(bytes.subarray(offsets[i], offsets[i + 1]));
        more = parts.length === 0 ? true : this.#write(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
      }
      this.#advance(end);
      if (!more) {
        this.socket.once('drain', this.#loop);
        return;
      }
    }
  };

  #advance(position: number): void {
    this.#position = position;
    if (position > this.server.cursor) this.server.cursor = position;
  }

  /** Applies the fault at the current position; returns whether to keep writing now. */
  #fault(fault: Fault): boolean {
    const frame = this.server.stream.frames[fault.at]!;
    this.server.faultAt = Date.now();
    this.server.log(this.id, `fault ${fault.kind} at ${fault.at}`);
    switch (fault.kind) {
      case 'drop':
        this.destroy();
        return false;
      case 'stall':
        this.#stalled = true;
        this.#stallTimer = setTimeout(() => {
          this.#stalled = false;
          this.server.log(this.id, 'stall over');
          for (const text of this.#held.splice(0)) this.#onMessage(text);
          this.#pump();
        }, fault.stallMs ?? 10_000);
        return false;
      case 'garbage':
        this.#write(textFrame(frame.slice(0, frame.length >> 1)));
        this.#advance(fault.at + 1);
        return true;
      case 'checksum': {
        const corrupted = frame.replace(/"c":"(\d+)"/, (_m, c: string) => `"c":"${(Number(c) + 1) >>> 0}"`);
        if (corrupted === frame) throw new Error(`stream server: frame ${fault.at} has no checksum to corrupt`);
        this.#write(textFrame(corrupted));
        this.#advance(fault.at + 1);
        return true;
      }
    }
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
