import { KrakenError } from './krakenError';
import { effectOf } from './requestEffect';

/** @category Errors @since 0.1.0 */
export interface ConnectionErrorInfo {
  readonly url: string;
  /** HTTP status of a refused upgrade, when there was one. */
  readonly statusCode?: number;
  /** WebSocket close code, when the socket closed. */
  readonly closeCode?: number;
  readonly reason?: string;
}

/**
 * The socket could not be opened, or closed without being asked to.
 * The transport reconnects after it with backoff; it is reported on `status$`.
 * @category Errors
 * @since 0.1.0
 */
export class ConnectionError extends KrakenError<ConnectionErrorInfo> {
  override readonly name: 'ConnectionError' | 'UpgradeRejectedError' | 'ConnectionRateLimitError' = 'ConnectionError';

  constructor(message: string, info: ConnectionErrorInfo, options?: { cause?: unknown }) {
    super(message, info, options);
  }
}

/**
 * The server refused the WebSocket upgrade with an HTTP status (Kraken answers 403 when the
 * TLS handshake carried no SNI server name).
 * @category Errors
 * @since 0.1.0
 */
export class UpgradeRejectedError extends ConnectionError {
  override readonly name = 'UpgradeRejectedError' as const;

  constructor(url: string, statusCode: number) {
    const hint =
      statusCode === 403
        ? ' Kraken sits behind Cloudflare, which answers 403 when the TLS handshake has no SNI server name: connect by host name (never by IP) with a WebSocket client that sends SNI.'
        : '';
    super(`The WebSocket upgrade to ${url} was refused with HTTP ${statusCode}.${hint}`, { url, statusCode });
  }
}

/**
 * Kraken refused the connection because too many were opened from this address
 * ("You have reached maximum capacity for WebSocket connections"). The transport backs off
 * for longer before the next attempt.
 * @category Errors
 * @since 0.1.0
 */
export class ConnectionRateLimitError extends ConnectionError {
  override readonly name = 'ConnectionRateLimitError' as const;

  constructor(url: string, reason: string, statusCode?: number) {
    super(
      `Kraken refused the connection to ${url}: too many connections from this address (${reason}). Waiting longer before reconnecting.`,
      { url, reason, ...(statusCode === undefined ? {} : { statusCode }) },
    );
  }
}

/** @category Errors @since 0.1.0 */
export interface MessageRateLimitErrorInfo {
  readonly reqid?: number;
  readonly errorMessage: string;
  /** The trading request Kraken refused, e.g. `addOrder` (absent for subscriptions and other messages). */
  readonly request?: string;
  /**
   * For a trading request: `refused`, Kraken received it and refused it without acting on it,
   * so nothing was placed, changed or cancelled, and it is safe to retry (after a pause).
   */
  readonly outcome?: 'refused';
}

/**
 * Kraken answered `Exceeded msg rate`: the connection sent messages too fast. The client pauses
 * the connection's outgoing messages (longer on each repeat) and retries refused
 * subscriptions. A trading request refused this way fails with this error, with `info.request`
 * and `info.outcome: 'refused'`, and is never resent: Kraken did not act on it, and whether to
 * send it again is the caller's decision.
 *
 * @example
 * ```ts
 * kraken.addOrder(params).subscribe({
 *   error: (err) => {
 *     if (err instanceof MessageRateLimitError && err.info.outcome === 'refused') retryLater(params);
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class MessageRateLimitError extends KrakenError<MessageRateLimitErrorInfo> {
  override readonly name = 'MessageRateLimitError' as const;

  constructor(info: MessageRateLimitErrorInfo) {
    const what = info.request === undefined ? 'a message' : info.reqid === undefined ? info.request : `${info.request} reqid ${info.reqid}`;
    const consequence =
      info.outcome === 'refused'
        ? ` Kraken did not act on it: nothing was ${effectOf(info.request)}, and it is safe to send it again after a pause (the client already slowed this connection down).`
        : '';
    super(`Kraken refused ${what}: ${info.errorMessage} (the connection sent messages faster than Kraken allows).${consequence}`, info);
  }
}

/** @category Errors @since 0.1.0 */
export interface HeartbeatTimeoutErrorInfo {
  /** The deadline in milliseconds that passed without any message. */
  readonly each: number;
  /** The endpoint, when the timeout concerns a socket. */
  readonly url?: string;
}

/**
 * No message of any kind (data, heartbeat, pong) arrived within the deadline.
 * @category Errors
 * @since 0.1.0
 */
export class HeartbeatTimeoutError extends KrakenError<HeartbeatTimeoutErrorInfo> {
  override readonly name = 'HeartbeatTimeoutError' as const;

  constructor(info: HeartbeatTimeoutErrorInfo) {
    super(`No message arrived within ${info.each} ms${info.url ? ` on ${info.url}` : ''}; the connection is presumed dead.`, info);
  }
}

/** @category Errors @since 0.1.0 */
export interface ClientClosedErrorInfo {
  readonly operation: string;
}

/**
 * The client was closed with `close()` while an operation still needed it.
 * @category Errors
 * @since 0.1.0
 */
export class ClientClosedError extends KrakenError<ClientClosedErrorInfo> {
  override readonly name = 'ClientClosedError' as const;

  constructor(operation: string) {
    super(`The client was closed; ${operation} cannot continue.`, { operation });
  }
}
