import { KrakenError } from './krakenError';

/** @category Errors @since 0.1.0 */
export interface ConnectionLostErrorInfo {
  readonly url: string;
  readonly connectionId: number;
}

/**
 * The connection that carried a request ended before its answer arrived. Feeds never see it
 * (they resubscribe on the next connection); the request layers turn it into their own
 * outcome-aware errors.
 * @category Errors
 * @since 0.1.0
 */
export class ConnectionLostError extends KrakenError<ConnectionLostErrorInfo> {
  override readonly name = 'ConnectionLostError' as const;

  constructor(info: ConnectionLostErrorInfo) {
    super(`Connection ${info.connectionId} to ${info.url} ended before the answer arrived.`, info);
  }
}

/** @category Errors @since 0.1.0 */
export interface SubscriptionStalledErrorInfo {
  readonly channel: string;
  readonly pair?: string;
  /** What was missing: Kraken's acknowledgement, or the first message it promises after it. */
  readonly waitingFor: 'acknowledgement' | 'first-message';
  readonly timeoutMs: number;
  readonly attempt: number;
}

/**
 * A subscription got no acknowledgement, or was acknowledged but never delivered the first
 * message Kraken promises (a book or private snapshot, a ticker...). The client resubscribes
 * and reports this on `errors$`; the feed errors with it only after repeated attempts.
 * @category Errors
 * @since 0.1.0
 */
export class SubscriptionStalledError extends KrakenError<SubscriptionStalledErrorInfo> {
  override readonly name = 'SubscriptionStalledError' as const;

  constructor(info: SubscriptionStalledErrorInfo) {
    const where = info.pair === undefined ? info.channel : `${info.channel} ${info.pair}`;
    const what = info.waitingFor === 'acknowledgement' ? 'no acknowledgement' : 'no first message after the acknowledgement';
    super(`The ${where} subscription got ${what} within ${info.timeoutMs} ms (attempt ${info.attempt}); resubscribing.`, info);
  }
}

/** @category Errors @since 0.1.0 */
export interface UnexpectedErrorInfo {
  /** Where it happened, e.g. `frame dispatch`. */
  readonly where: string;
}

/**
 * Something failed that should not have (a bug in kraken-rx, or a value thrown by code it
 * called). Reported on `errors$` instead of being thrown out of a socket callback; the original
 * is the `cause`.
 * @category Errors
 * @since 0.1.0
 */
export class UnexpectedError extends KrakenError<UnexpectedErrorInfo> {
  override readonly name = 'UnexpectedError' as const;

  constructor(where: string, cause: unknown) {
    super(`Unexpected failure in ${where}: ${cause instanceof Error ? cause.message : String(cause)}`, { where }, { cause });
  }
}
