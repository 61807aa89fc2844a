import type { Observable } from 'rxjs';
import type { KrakenError } from '../errors';
import type { SendOptions, SendReceipt } from './sendQueue';

/**
 * One open WebSocket connection, as emitted by {@link ReconnectingSocket.connection$}. It is
 * valid until its `messages$` completes; a later reconnection emits a new `Connection`.
 * @example
 * ```ts
 * socket.connection$.pipe(
 *   switchMap((connection) => {
 *     connection.send(JSON.stringify({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'trade' } }));
 *     return connection.messages$;
 *   }),
 * );
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface Connection {
  /** 1, 2, 3...: one per socket that opened, over the life of the `ReconnectingSocket`. */
  readonly id: number;
  /**
   * Text frames received on this connection. Hot: subscribe synchronously when the
   * `Connection` is emitted (the server may speak right after the open). Completes when the
   * connection ends, for whatever reason; it never errors.
   */
  readonly messages$: Observable<string>;
  /**
   * Queues a text frame; it leaves as the rate budget allows (a burst, then one per interval).
   * Never throws for a string; after the connection ended the receipt is `dropped` at once.
   * Queued messages are never carried over to a later connection.
   */
  send(text: string, options?: SendOptions): SendReceipt;
  /**
   * Holds all outgoing traffic for `ms` (e.g. after Kraken's "Exceeded msg rate"); after the
   * pause, messages leave one per interval, without a burst.
   */
  pause(ms: number): void;
  /**
   * Declares this connection broken (the layer above found it unusable): it is closed and the
   * socket reconnects with backoff, reporting `error` on `status$` (a
   * `ConnectionRateLimitError` gets the longer backoff). No-op once ended.
   */
  fail(error: KrakenError): void;
  /** `true` once the connection ended (set before `messages$` completes). */
  readonly ended: boolean;
  /**
   * Why the connection ended: the error that closed it, or `undefined` while it is open or
   * when it ended because nobody needed it any more (linger, `close()`).
   */
  readonly endError: KrakenError | undefined;
}

/**
 * The state of a socket (the client's `status$` and `privateStatus$`).
 *
 * - `connecting`: a socket is being opened. `attempt` is 0 for the first connection after an
 *   idle period, else the number of the reconnection attempt (same as the `reconnecting`
 *   status before it).
 * - `open`: connection `connectionId` is open.
 * - `reconnecting`: the last connection (or attempt) failed with `error`; reconnection attempt
 *   `attempt` (1, 2, ... counting failures in a row, reset after a healthy connection) starts
 *   in `delayMs`.
 * - `closed`: no socket. `idle` (nobody subscribed: the initial state, and after the linger),
 *   `client-closed` (after `close()`, final), or `gave-up` (after `backoff.maxAttempts`
 *   failures in a row; `error` is the last one; a new subscriber starts over).
 * @example
 * ```ts
 * socket.status$.subscribe((status) => {
 *   if (status.state === 'reconnecting') console.warn(`retry ${status.attempt} in ${status.delayMs} ms: ${status.error.message}`);
 * });
 * ```
 * @category Client
 * @since 0.1.0
 */
export type ConnectionStatus =
  | { readonly state: 'connecting'; readonly attempt: number }
  | { readonly state: 'open'; readonly connectionId: number }
  | { readonly state: 'reconnecting'; readonly attempt: number; readonly delayMs: number; readonly error: KrakenError }
  | { readonly state: 'closed'; readonly reason: 'idle' | 'client-closed' | 'gave-up'; readonly error?: KrakenError };

/**
 * A shared, reconnecting WebSocket for one endpoint. See {@link createReconnectingSocket}.
 * @example
 * ```ts
 * const socket: ReconnectingSocket = createReconnectingSocket({ url: 'wss://ws.kraken.com', webSocketFactory: nodeWebSocketFactory });
 * socket.close();
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface ReconnectingSocket {
  /**
   * Emits a {@link Connection} each time a socket opens. Cold and shared: the first subscriber
   * opens the socket, every subscriber shares it, and it closes `lingerMs` after the last one
   * leaves (a subscriber arriving within the linger keeps it). A late subscriber receives the
   * current connection at once if one is open. Never errors while reconnecting; errors with the
   * last connection error when `backoff.maxAttempts` is exhausted; completes on `close()`.
   */
  readonly connection$: Observable<Connection>;
  /**
   * The connection state; replays the current state to every subscriber (initially
   * `{ state: 'closed', reason: 'idle' }`). Completes, after `closed`/`client-closed`, on
   * `close()`.
   */
  readonly status$: Observable<ConnectionStatus>;
  /**
   * Closes the socket for good: releases every socket, timer and subscription, completes
   * `connection$` and `status$`. Later subscribers to `connection$` complete at once.
   * Idempotent.
   */
  close(): void;
}
