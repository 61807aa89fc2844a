import { KrakenError } from './krakenError';
import { redactSecrets } from './redact';

/** One thing wrong with a trading request's parameters. @category Errors @since 0.1.0 */
export interface OrderProblem {
  /** Kraken's field name, e.g. `price`, `close[price2]`, `oflags`; `(params)` for the whole object. */
  readonly field: string;
  /** What is wrong, e.g. `required for limit orders`. */
  readonly problem: string;
}

/** @category Errors @since 0.1.0 */
export interface InvalidOrderErrorInfo {
  /** The request: `addOrder`, `editOrder`, `cancelOrder`, `cancelAll`, `cancelAllOrdersAfter`. */
  readonly request: string;
  /** Every problem found, in field order. Never empty. */
  readonly problems: ReadonlyArray<OrderProblem>;
}

/**
 * The parameters of a trading request are invalid; nothing was sent. Lists every problem at
 * once (missing price on a limit order, negative volume, unknown order type, ...).
 *
 * @example
 * ```ts
 * kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', volume: '-1' }).subscribe({
 *   error: (err) => {
 *     if (err instanceof InvalidOrderError) for (const p of err.info.problems) console.log(p.field, p.problem);
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class InvalidOrderError extends KrakenError<InvalidOrderErrorInfo> {
  override readonly name = 'InvalidOrderError' as const;

  constructor(request: string, problems: ReadonlyArray<OrderProblem>) {
    const safe = problems.map((p) => ({ field: p.field, problem: redactSecrets(p.problem) }));
    const list = safe.map((p) => `${p.field}: ${p.problem}`).join('; ');
    super(`Invalid ${request} parameters, nothing was sent (${safe.length} problem${safe.length === 1 ? '' : 's'}): ${list}.`, {
      request,
      problems: Object.freeze(safe),
    });
  }
}
