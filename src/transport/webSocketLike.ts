/**
 * The smallest WebSocket surface the transport needs, so that the browser's native `WebSocket`,
 * the `ws` package (through {@link nodeWebSocketFactory}) and the test double in
 * `kraken-rx/testing` all plug in the same way.
 */

/**
 * An event handler slot (`onopen`, `onmessage`, ...). Declared through a method signature so
 * that handler parameters are compared bivariantly: the DOM declares
 * `onmessage: ((this: WebSocket, ev: MessageEvent) => any) | null`, and a browser `WebSocket`
 * must still be assignable to {@link WebSocketLike}.
 * @internal
 */
type Handler<E> = { bivarianceHack(ev: E): void }['bivarianceHack'];

/**
 * The minimal WebSocket surface used by the transport. A browser `WebSocket` satisfies it.
 *
 * The transport only ever sends text, assigns the four `on*` handlers once after creating the
 * socket, reads `readyState` (`0` connecting, `1` open, `2` closing, `3` closed) and calls
 * `close()`.
 *
 * Error events: when the server refused the HTTP upgrade, an implementation should pass an
 * object with a numeric `statusCode` to `onerror` (see {@link WebSocketUpgradeErrorEvent});
 * the transport turns it into an `UpgradeRejectedError` (or a `ConnectionRateLimitError` for
 * HTTP 429). Browsers cannot see the status, so they report a plain error.
 *
 * @example
 * ```ts
 * const socket: WebSocketLike = new WebSocket('wss://ws.kraken.com'); // in a browser
 * socket.onmessage = (ev) => console.log(ev.data);
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface WebSocketLike {
  /** `0` connecting, `1` open, `2` closing, `3` closed (the WHATWG values). */
  readonly readyState: number;
  /** Writes one text frame. May throw while connecting. */
  send(data: string): void;
  /** Starts the closing handshake (or aborts a pending connection). */
  close(code?: number, reason?: string): void;
  /** Called once when the connection opens. */
  onopen: Handler<unknown> | null;
  /** Called for each frame; text frames carry a string in `data`. */
  onmessage: Handler<{ data: unknown }> | null;
  /** Called once when the connection ends, with the close code (1006: abnormal) and reason. */
  onclose: Handler<{ code: number; reason: string }> | null;
  /** Called when the connection fails (then `onclose` follows); see {@link WebSocketUpgradeErrorEvent}. */
  onerror: Handler<unknown> | null;
}

/**
 * The shape of an `onerror` event that reports a refused WebSocket upgrade: the server answered
 * the HTTP upgrade request with a non-101 status. The Node socket factory (`ws`) and the fake
 * socket in `kraken-rx/testing` produce it.
 * @example
 * ```ts
 * socket.onerror?.({ statusCode: 403, message: 'Unexpected server response: 403' });
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface WebSocketUpgradeErrorEvent {
  readonly statusCode: number;
  readonly message?: string;
}

/**
 * Creates one new, connecting socket for a URL. The transport calls it once per connection
 * attempt; it must not throw for a well-formed URL (if it does, the attempt fails and is
 * retried with backoff).
 * @example
 * ```ts
 * const factory: WebSocketFactory = (url) => new WebSocket(url);
 * ```
 * @category Client
 * @since 0.1.0
 */
export type WebSocketFactory = (url: string) => WebSocketLike;

/**
 * WebSocket `readyState` values (the WHATWG numbers).
 * @example
 * ```ts
 * if (socket.readyState === WebSocketReadyState.OPEN) socket.send('{"event":"ping"}');
 * ```
 * @category Client
 * @since 0.1.0
 */
export const WebSocketReadyState = {
  CONNECTING: 0,
  OPEN: 1,
  CLOSING: 2,
  CLOSED: 3,
} as const;

/**
 * Turns a WebSocket constructor (the browser's native `WebSocket`, or any class with the same
 * surface) into a {@link WebSocketFactory}.
 *
 * @example
 * ```ts
 * // in a browser
 * const socket = createReconnectingSocket({
 *   url: 'wss://ws.kraken.com',
 *   webSocketFactory: webSocketFactoryFrom(WebSocket),
 * });
 * ```
 * @param ctor A constructor taking the URL.
 * @return A factory that calls `new ctor(url)`.
 * @see nodeWebSocketFactory for Node.
 * @category Client
 * @since 0.1.0
 */
export function webSocketFactoryFrom(ctor: new (url: string) => WebSocketLike): WebSocketFactory {
  return (url) => new ctor(url);
}

/**
 * Reads the HTTP status of a refused upgrade from an `onerror` event, if it carries one.
 * @internal
 */
export function upgradeStatusCodeOf(event: unknown): number | undefined {
  if (typeof event !== 'object' || event === null || !('statusCode' in event)) return undefined;
  const statusCode: unknown = event.statusCode;
  return typeof statusCode === 'number' && Number.isInteger(statusCode) ? statusCode : undefined;
}

/**
 * A short description of an `onerror` event (its `message`, or its `error.message`), for error
 * messages. Never throws.
 * @internal
 */
export function describeErrorEvent(event: unknown): string | undefined {
  try {
    if (typeof event !== 'object' || event === null) return undefined;
    if ('message' in event && typeof event.message === 'string' && event.message !== '') return event.message;
    if ('error' in event && event.error instanceof Error) return event.error.message;
    return undefined;
  } catch {
    return undefined;
  }
}
