import { KrakenError } from './krakenError';

/** @category Errors @since 0.1.0 */
export interface DeadMansSwitchErrorInfo {
  /** The countdown the switch was kept at, in seconds. */
  readonly timeoutSeconds: number;
  /**
   * When Kraken cancels every open order (RFC 3339), from the last refresh Kraken answered;
   * absent when none was answered. The earliest it can fire: later if the failed refresh
   * reached Kraken after all.
   */
  readonly triggerTime?: string;
  /** The `name` of the error that ended the refresh, e.g. `RequestTimeoutError` (it is the `cause`). */
  readonly failure: string;
}

/**
 * A refresh of `deadMansSwitch()` failed (no answer in time, the connection dropped, Kraken
 * refused it), so the stream ended. The switch was **left armed**: Kraken cancels every open
 * order when the countdown ends, which is what the switch is for. Subscribe again to re-arm it
 * (`retry()` does that), or send `cancelAllOrdersAfter(0)` to disarm it. The failed request's
 * error is the `cause`.
 *
 * @example
 * ```ts
 * kraken.deadMansSwitch().subscribe({
 *   error: (err) => {
 *     if (err instanceof DeadMansSwitchError) console.warn('orders will be cancelled at', err.info.triggerTime);
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class DeadMansSwitchError extends KrakenError<DeadMansSwitchErrorInfo> {
  override readonly name = 'DeadMansSwitchError' as const;

  constructor(info: DeadMansSwitchErrorInfo, options?: { cause?: unknown }) {
    const when =
      info.triggerTime === undefined
        ? `within ${info.timeoutSeconds} s of the last refresh that reached it (if any did)`
        : `at ${info.triggerTime} (later if the failed refresh reached Kraken)`;
    super(
      `The dead man's switch could not be refreshed (${info.failure}) and was left armed: Kraken cancels every open order ${when}. ` +
        'Subscribe to deadMansSwitch() again to keep it armed, or send cancelAllOrdersAfter(0) to disarm it.',
      info,
      options,
    );
  }
}
