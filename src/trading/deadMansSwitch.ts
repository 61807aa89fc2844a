import { Observable, concatMap, timer } from 'rxjs';
import { DeadMansSwitchError } from '../errors/deadMansSwitchError';
import type { KrakenError } from '../errors/krakenError';
import { InvalidArgumentError } from '../errors/protocolErrors';
import { cancelAllOrdersAfter, type CancelAllOrdersAfterResult } from './orders';
import type { TradingContext } from './tradingRequest';

/**
 * Options of the dead man's switch.
 * @category Trading
 * @since 0.1.0
 */
export interface DeadMansSwitchConfig {
  /** Seconds after which Kraken cancels every order unless refreshed. Default 60. */
  readonly timeoutSeconds?: number;
  /** How often to refresh, in seconds; must be well below `timeoutSeconds`. Default 20. */
  readonly refreshSeconds?: number;
}

/** @category Trading @since 0.1.0 */
export const DEFAULT_DEAD_MANS_SWITCH_CONFIG = Object.freeze({ timeoutSeconds: 60, refreshSeconds: 20 });

/**
 * Keeps Kraken's `cancelAllOrdersAfter` armed while subscribed: sends it at once and every
 * `refreshSeconds`, emitting each answer.
 *
 * Only an unsubscribe disarms it (sends `timeout: 0`). A refresh that fails (no answer in
 * time, the connection dropped, Kraken refused it) ends the stream with a
 * {@link DeadMansSwitchError} and leaves the switch **armed**: when the countdown ends Kraken
 * cancels every open order, which is the point of the switch. Never disarming on an error is
 * deliberate: an error is exactly when nobody may be watching the orders.
 * @internal
 */
export function deadMansSwitch(
  context: TradingContext,
  config: DeadMansSwitchConfig,
  report: (error: KrakenError) => void,
): Observable<CancelAllOrdersAfterResult> {
  const timeoutSeconds = config.timeoutSeconds ?? DEFAULT_DEAD_MANS_SWITCH_CONFIG.timeoutSeconds;
  const refreshSeconds = config.refreshSeconds ?? DEFAULT_DEAD_MANS_SWITCH_CONFIG.refreshSeconds;
  return new Observable<CancelAllOrdersAfterResult>((subscriber) => {
    if (!(refreshSeconds > 0) || !(refreshSeconds < timeoutSeconds)) {
      subscriber.error(new InvalidArgumentError('refreshSeconds', refreshSeconds, `a positive number below timeoutSeconds (${timeoutSeconds})`));
      return undefined;
    }
    let triggerTime: string | undefined;
    // Set before the error is delivered: the teardown below runs inside `subscriber.error`.
    let failed = false;
    // Hold the private connection between refreshes (rather than reconnecting, with a new
    // token, every `refreshSeconds`).
    const hold = context.endpoint.sessions$.subscribe({ error: () => undefined });
    const refresh = timer(0, refreshSeconds * 1000, context.scheduler)
      .pipe(concatMap(() => cancelAllOrdersAfter(context, { timeout: timeoutSeconds })))
      .subscribe({
        next: (result) => {
          if (result.triggerTime !== undefined) triggerTime = result.triggerTime;
          subscriber.next(result);
        },
        error: (error: unknown) => {
          failed = true;
          const failure = error instanceof Error ? error.name : 'Error';
          subscriber.error(
            new DeadMansSwitchError({ timeoutSeconds, failure, ...(triggerTime === undefined ? {} : { triggerTime }) }, { cause: error }),
          );
        },
      });
    return () => {
      refresh.unsubscribe();
      // The user unsubscribed: disarm, even if no answer came yet (the switch may be armed on
      // Kraken's side), with a request of its own that outlives this subscription until Kraken
      // answers. After a failure the switch stays armed (see above).
      if (!failed) cancelAllOrdersAfter(context, { timeout: 0 }).subscribe({ error: (error: unknown) => report(error as KrakenError) });
      hold.unsubscribe();
    };
  });
}
