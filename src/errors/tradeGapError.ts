import { KrakenError } from './krakenError';

/** @category Errors @since 0.1.0 */
export interface TradeGapErrorInfo {
  /** The pair (WebSocket name). */
  readonly pair: string;
  /** Time of the last trade known before the gap, Kraken's `"<seconds>.<micro>"`. */
  readonly from: string;
  /**
   * Time of the first live trade after the gap, when one had arrived; absent when the gap is
   * open-ended (no live trade yet).
   */
  readonly to?: string;
  /** The REST `since` (nanoseconds) a manual backfill can start from. */
  readonly since: string;
  /** Why the gap could not be filled: the REST call failed, or it still lagged behind the live feed. */
  readonly reason: 'rest-failed' | 'incomplete';
  /** What the REST call said (error name and message), when it failed. */
  readonly detail?: string;
}

/**
 * Trades of a pair may be missing from `kraken.trades()`: after a reconnect the feed fills
 * the interruption from Kraken's REST `Trades` endpoint, and that did not work (the call
 * failed, or its answers never reached the live feed within the allowed pages). The feed
 * carries on live: trades after `to` are complete, trades between `from` and `to` may be
 * missing. Fetch `GET /0/public/Trades?pair=...&since=<info.since>` yourself to fill the window.
 *
 * @example
 * ```ts
 * kraken.errors$.subscribe((err) => {
 *   if (err instanceof TradeGapError) console.warn(`${err.info.pair}: trades may be missing after ${err.info.from}`);
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class TradeGapError extends KrakenError<TradeGapErrorInfo> {
  override readonly name = 'TradeGapError' as const;

  constructor(info: TradeGapErrorInfo) {
    const window = `after ${info.from}${info.to === undefined ? '' : ` and before ${info.to}`}`;
    const why =
      info.reason === 'rest-failed'
        ? `the REST Trades backfill failed${info.detail === undefined ? '' : ` (${info.detail})`}`
        : 'the REST Trades backfill did not reach the live feed';
    super(
      `${info.pair} trades ${window} may be missing: ${why}. The live feed continues; fetch GET /0/public/Trades with since=${info.since} to fill the window.`,
      info,
    );
  }
}
