import { scan, type OperatorFunction } from 'rxjs';
import { applyOpenOrdersMessage, type OpenOrdersState } from '../private/openOrders';
import { checkSequence } from '../private/sequence';
import type { OpenOrdersMessage } from '../protocol/messages';

/**
 * Options of {@link toOpenOrders}.
 * @category Operators
 * @since 0.1.0
 */
export interface ToOpenOrdersConfig {
  /**
   * Error with a `SequenceGapError` when a message's sequence number is not the previous one
   * + 1 (a lost message leaves the state wrong). Default true.
   */
  readonly checkSequence?: boolean;
}

/**
 * Defaults of {@link ToOpenOrdersConfig}.
 * @category Operators
 * @since 0.1.0
 */
export const DEFAULT_TO_OPEN_ORDERS_CONFIG = Object.freeze({ checkSequence: true }) satisfies ToOpenOrdersConfig;

/**
 * Turns the openOrders feed into the live set of open orders.
 *
 * <span class="informal">Each message becomes an immutable {@link OpenOrdersState}: every
 * open order by id, and what the message changed (ids, and orders that were closed, canceled
 * or expired, which leave the set).</span>
 *
 * ```
 * source:  --s----u----c--|        s: snapshot (sequence 1), u: fill, c: cancel
 * toOpenOrders()
 * result:  --S----U----C--|        C.terminal = [the canceled order]
 * ```
 *
 * A thin `scan` around {@link applyOpenOrdersMessage}. The first message (and any message
 * with sequence 1) replaces the state; later ones are merged by id. With `checkSequence`
 * (default) a gap in sequence numbers errors the result with a `SequenceGapError`, so that a
 * `retry` can resubscribe for a fresh snapshot. Each subscription has its own state.
 *
 * @example
 * ```ts
 * kraken.openOrders().pipe(toOpenOrders()).subscribe((state) => {
 *   console.log(`${state.orders.size} open`);
 *   for (const order of state.terminal) console.log(order.id, order.status);
 * });
 * ```
 * @param config Whether to check sequence numbers.
 * @return A function that returns an Observable that emits the open-orders state after each
 * message of the source.
 * @see {@link applyOpenOrdersMessage}
 * @see `checkSequence` (in `src/private/sequence.ts`), which the openOrders feed uses.
 * @category Operators
 * @since 0.1.0
 */
export function toOpenOrders(config: ToOpenOrdersConfig = {}): OperatorFunction<OpenOrdersMessage, OpenOrdersState> {
  const check = config.checkSequence ?? DEFAULT_TO_OPEN_ORDERS_CONFIG.checkSequence;
  return scan<OpenOrdersMessage, OpenOrdersState, undefined>((state, message) => {
    if (check) {
      const result = checkSequence(state?.sequence, message);
      if (!result.ok) throw result.error;
    }
    return applyOpenOrdersMessage(state, message);
  }, undefined);
}
