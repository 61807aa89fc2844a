import { nodeWebSocketFactory } from '../../src/transport/nodeWebSocket';
import type { WebSocketFactory, WebSocketLike } from '../../src/transport/webSocketLike';

/** One socket the client opened, as the tap sees it. */
export interface TapConnection {
  /** 1, 2, 3... in creation order, over both endpoints. */
  readonly id: number;
  readonly endpoint: 'public' | 'private';
  /** Wall time (ms) of the upgrade, or undefined if it never opened. */
  openedAt: number | undefined;
  /** Wall time (ms) the connection ended for the client (it closed it, or the server did). */
  endedAt: number | undefined;
}

/** What the checkers hear, synchronously and in order. */
export interface WireListener {
  opened?(conn: TapConnection): void;
  /** A text frame is about to be handed to the client; `message` is its JSON, if it parses. */
  beforeFrame?(conn: TapConnection, text: string, message: unknown): void;
  /** The client has finished handling that frame (every feed value it caused was emitted). */
  afterFrame?(conn: TapConnection, text: string, message: unknown): void;
  /** The client wrote a frame. */
  sent?(conn: TapConnection, text: string, message: unknown): void;
  /** The connection ended for the client. */
  ended?(conn: TapConnection): void;
}

/** Counters of the tap. */
export interface WireStats {
  connections: number;
  framesIn: number;
  bytesIn: number;
  framesOut: number;
  /** Frames that arrived after the client had let go of the socket (not delivered). */
  framesAfterRelease: number;
}

/**
 * A WebSocket factory that wraps the real one (`ws`) and reports, synchronously, every frame
 * the client receives and sends, with the connection it belongs to: the client-side view of
 * the wire, against which the chaos checkers compare what the feeds emitted. It changes
 * nothing: frames are delivered as they came.
 */
export class WireTap {
  readonly stats: WireStats = { connections: 0, framesIn: 0, bytesIn: 0, framesOut: 0, framesAfterRelease: 0 };
  readonly connections: TapConnection[] = [];
  private readonly listeners: WireListener[] = [];
  /** The frame being delivered right now (feed values emitted meanwhile were caused by it). */
  current: { readonly conn: TapConnection; readonly text: string; readonly message: unknown } | undefined;

  constructor(
    private readonly privateUrl: string,
    private readonly inner: WebSocketFactory = nodeWebSocketFactory,
  ) {}

  listen(listener: WireListener): void {
    this.listeners.push(listener);
  }

  readonly factory: WebSocketFactory = (url) => {
    const conn: TapConnection = {
      id: this.connections.length + 1,
      endpoint: url === this.privateUrl ? 'private' : 'public',
      openedAt: undefined,
      endedAt: undefined,
    };
    this.connections.push(conn);
    this.stats.connections += 1;
    return new TappedSocket(this.inner(url), conn, this);
  };

  /** The newest connection of an endpoint that is open and not ended. */
  live(endpoint: 'public' | 'private'): TapConnection | undefined {
    for (let i = this.connections.length - 1; i >= 0; i--) {
      const c = this.connections[i] as TapConnection;
      if (c.endpoint !== endpoint) continue;
      return c.openedAt !== undefined && c.endedAt === undefined ? c : undefined;
    }
    return undefined;
  }

  /** @internal */
  emit<K extends keyof WireListener>(event: K, ...args: Parameters<NonNullable<WireListener[K]>>): void {
    for (const l of this.listeners) (l[event] as ((...a: unknown[]) => void) | undefined)?.apply(l, args);
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

class TappedSocket implements WebSocketLike {
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  private released = false;

  constructor(
    private readonly socket: WebSocketLike,
    private readonly conn: TapConnection,
    private readonly tap: WireTap,
  ) {
    socket.onopen = (event) => {
      conn.openedAt = Date.now();
      tap.emit('opened', conn);
      this.onopen?.(event);
    };
    socket.onmessage = (event) => {
      const text = typeof event.data === 'string' ? event.data : undefined;
      if (text === undefined) {
        this.onmessage?.(event);
        return;
      }
      if (this.released || this.onmessage === null) {
        tap.stats.framesAfterRelease += 1;
        return;
      }
      tap.stats.framesIn += 1;
      tap.stats.bytesIn += text.length;
      const message = parse(text);
      const previous = tap.current;
      tap.current = { conn, text, message };
      tap.emit('beforeFrame', conn, text, message);
      try {
        this.onmessage(event);
      } finally {
        tap.current = previous;
        tap.emit('afterFrame', conn, text, message);
      }
    };
    socket.onerror = (event) => this.onerror?.(event);
    socket.onclose = (event) => {
      this.release();
      this.onclose?.(event);
    };
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  send(data: string): void {
    this.tap.stats.framesOut += 1;
    this.tap.emit('sent', this.conn, data, parse(data));
    this.socket.send(data);
  }

  close(code?: number, reason?: string): void {
    this.release();
    this.socket.close(code, reason);
  }

  /** The client let go of the socket (or it closed): the connection has ended for it. */
  private release(): void {
    if (this.released) return;
    this.released = true;
    this.conn.endedAt = Date.now();
    this.tap.emit('ended', this.conn);
  }
}
