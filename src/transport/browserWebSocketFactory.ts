import { InvalidArgumentError } from '../errors/protocolErrors';
import type { WebSocketFactory, WebSocketLike } from './webSocketLike';

/**
 * The socket factory used when the client is given none, in the browser build
 * (`kraken-rx` resolved with the `browser` export condition): the native `WebSocket` of
 * `globalThis`. It replaces `defaultWebSocketFactory.ts` there, so the browser bundle holds no
 * `ws` and no Node built-in.
 *
 * Browsers cannot see the HTTP status of a refused upgrade: such a failure reaches the
 * transport as a plain error, then a close with code 1006, and is retried with backoff.
 *
 * @example
 * ```ts
 * // what createKrakenClient() does in a browser when no `webSocket` option is given
 * const socket = browserWebSocketFactory('wss://ws.kraken.com');
 * ```
 * @internal
 */
export const browserWebSocketFactory: WebSocketFactory = (url) => {
  const NativeWebSocket = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (NativeWebSocket === undefined) {
    throw new InvalidArgumentError(
      'webSocket',
      undefined,
      'a global WebSocket (this runtime has none)',
      'Pass one: createKrakenClient({ webSocket: MyWebSocket })',
    );
  }
  return new NativeWebSocket(url);
};

/** The browser build's default factory (same export name as `defaultWebSocketFactory.ts`). @internal */
export const defaultWebSocketFactory: WebSocketFactory = browserWebSocketFactory;
