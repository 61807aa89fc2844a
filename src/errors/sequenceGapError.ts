import { KrakenError } from './krakenError';

/** @category Errors @since 0.1.0 */
export interface SequenceGapErrorInfo {
  /** The private feed: `openOrders` or `ownTrades`. */
  readonly feed: 'openOrders' | 'ownTrades';
  /** The sequence number that should have come next. */
  readonly expected: number;
  /** The sequence number that came. */
  readonly received: number;
}

/**
 * A private feed skipped (or repeated) a sequence number: a message was lost, so the local
 * state may be wrong. Resubscribe (or reconnect) for a fresh snapshot; the client does this
 * by itself, and `toOpenOrders()` errors with this error so a `retry` can.
 *
 * @example
 * ```ts
 * openOrders$.pipe(toOpenOrders()).subscribe({
 *   error: (err) => {
 *     if (err instanceof SequenceGapError) console.log(err.info.expected, err.info.received);
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class SequenceGapError extends KrakenError<SequenceGapErrorInfo> {
  override readonly name = 'SequenceGapError' as const;

  constructor(info: SequenceGapErrorInfo) {
    const what =
      info.received > info.expected
        ? `${info.received - info.expected} message(s) were lost`
        : 'a message was repeated or arrived out of order';
    super(
      `${info.feed} sequence ${info.received} arrived where ${info.expected} was expected: ${what}. Resubscribe for a fresh snapshot.`,
      info,
    );
  }
}
