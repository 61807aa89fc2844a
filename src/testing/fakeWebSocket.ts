import type { WebSocketFactory, WebSocketLike } from '../transport/webSocketLike';

/**
 * A scriptable, synchronous stand-in for a WebSocket, for tests in virtual time.
 *
 * The test plays the server: {@link FakeWebSocket.serverOpen}, {@link FakeWebSocket.serverSend},
 * {@link FakeWebSocket.serverClose} and {@link FakeWebSocket.serverError} call the socket's
 * handlers synchronously, with the event shapes a browser or the Node socket factory (`ws`) would
 * produce. What the client writes is recorded in {@link FakeWebSocket.sent}. No timer, no I/O.
 *
 * Mirrors a browser `WebSocket` where it matters: `send()` throws while connecting and silently
 * discards after closing; a failed connection reports `onerror` then `onclose` (code 1006).
 * Unlike a browser, a client-side `close()` fires `onclose` at once (synchronously).
 *
 * @example
 * ```ts
 * const fake = createFakeWebSocketFactory();
 * const socket = createReconnectingSocket({ url: 'wss://ws.kraken.com', webSocketFactory: fake.factory });
 * socket.connection$.subscribe((c) => c.send('{"event":"ping"}'));
 * fake.latest().serverOpen();
 * fake.latest().sent; // ['{"event":"ping"}']
 * ```
 * @category Testing
 * @since 0.1.0
 */
export class FakeWebSocket implements WebSocketLike {
  /** Set by the client; called by {@link FakeWebSocket.serverOpen}. */
  onopen: WebSocketLike['onopen'] = null;
  /** Set by the client; called by {@link FakeWebSocket.serverSend}. */
  onmessage: WebSocketLike['onmessage'] = null;
  /** Set by the client; called by `close()`, {@link FakeWebSocket.serverClose} and {@link FakeWebSocket.serverError}. */
  onclose: WebSocketLike['onclose'] = null;
  /** Set by the client; called by {@link FakeWebSocket.serverError}. */
  onerror: WebSocketLike['onerror'] = null;

  /** `0` connecting, `1` open, `2` closing, `3` closed. */
  readyState = 0;
  /** Every text the client sent while the socket was open, in order. */
  readonly sent: string[] = [];
  /** `true` once the client called `close()`. */
  closed = false;
  /** Code and reason the client passed to `close()`, if it did. */
  closedWith: { readonly code: number | undefined; readonly reason: string | undefined } | undefined;

  constructor(
    /** The URL the factory was called with. */
    readonly url: string,
  ) {}

  /** Client side: writes a text frame. Throws while connecting; discarded once closing/closed. */
  send(data: string): void {
    if (this.readyState === 0) throw new Error('FakeWebSocket: send() while connecting (InvalidStateError)');
    if (this.readyState !== 1) return;
    this.sent.push(data);
  }

  /** Client side: closes the socket and fires `onclose` synchronously (once). */
  close(code?: number, reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closedWith = { code, reason };
    if (this.readyState === 3) return;
    const wasOpen = this.readyState === 1;
    this.readyState = 3;
    this.onclose?.({ code: wasOpen ? (code ?? 1005) : 1006, reason: wasOpen ? (reason ?? '') : '' });
  }

  /** Server side: completes the handshake and fires `onopen`. */
  serverOpen(): void {
    this.expectState(0, 'serverOpen');
    this.readyState = 1;
    this.onopen?.({ type: 'open' });
  }

  /** Server side: delivers one text frame to `onmessage`. */
  serverSend(text: string): void {
    this.expectState(1, 'serverSend');
    this.onmessage?.({ data: text });
  }

  /** Server side: closes the connection (default code 1006, abnormal) and fires `onclose`. */
  serverClose(code = 1006, reason = ''): void {
    if (this.readyState === 3) throw new Error('FakeWebSocket: serverClose() on a closed socket');
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /**
   * Server side: fails the socket: fires `onerror` (with `statusCode` when given, as for a
   * refused upgrade), then `onclose` with code 1006.
   */
  serverError(options?: { readonly statusCode?: number; readonly message?: string }): void {
    if (this.readyState === 3) throw new Error('FakeWebSocket: serverError() on a closed socket');
    const statusCode = options?.statusCode;
    const message = options?.message ?? (statusCode === undefined ? 'FakeWebSocket error' : `Unexpected server response: ${statusCode}`);
    this.readyState = 2;
    this.onerror?.(statusCode === undefined ? { message } : { statusCode, message });
    if (this.readyState === 3) return; // the client closed it from onerror
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }

  /** `true` while open (after `serverOpen`, before any close). */
  get isOpen(): boolean {
    return this.readyState === 1;
  }

  private expectState(state: number, what: string): void {
    if (this.readyState !== state) {
      throw new Error(`FakeWebSocket: ${what}() needs readyState ${state}, the socket is in ${this.readyState}`);
    }
  }
}

/**
 * A fake WebSocket factory and the record of every socket it made.
 * @example
 * ```ts
 * const fake: FakeWebSocketFactory = createFakeWebSocketFactory();
 * fake.factory('wss://ws.kraken.com');
 * fake.latest().serverOpen();
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface FakeWebSocketFactory {
  /** Pass this as `webSocketFactory` (it is a {@link WebSocketFactory}). */
  readonly factory: ((url: string) => FakeWebSocket) & WebSocketFactory;
  /** Every socket created so far, oldest first. */
  readonly sockets: readonly FakeWebSocket[];
  /** The most recently created socket; throws if none was created yet. */
  latest(): FakeWebSocket;
}

/**
 * Creates a {@link WebSocketFactory} that returns {@link FakeWebSocket}s, for tests.
 *
 * @example
 * ```ts
 * const fake = createFakeWebSocketFactory();
 * const socket = createReconnectingSocket({ url: 'wss://ws.kraken.com', webSocketFactory: fake.factory, scheduler });
 * const sub = socket.connection$.subscribe();
 * fake.sockets.length;        // 1: the first subscriber opened it
 * fake.latest().serverOpen(); // the connection is open
 * fake.latest().serverSend('{"event":"heartbeat"}');
 * ```
 * @return The factory, the list of sockets it created, and `latest()`.
 * @category Testing
 * @since 0.1.0
 */
export function createFakeWebSocketFactory(): FakeWebSocketFactory {
  const sockets: FakeWebSocket[] = [];
  return {
    factory: (url) => {
      const socket = new FakeWebSocket(url);
      sockets.push(socket);
      return socket;
    },
    sockets,
    latest: () => {
      const socket = sockets[sockets.length - 1];
      if (socket === undefined) throw new Error('createFakeWebSocketFactory: no socket was created yet');
      return socket;
    },
  };
}
