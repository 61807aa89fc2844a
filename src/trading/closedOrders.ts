import { Observable, defer, map, of, switchMap } from 'rxjs';
import type { KrakenCredentials } from '../auth/credentials';
import type { ClosedOrderInfo } from '../protocol/restMessages';
import type { KrakenRestClient } from '../rest/restClient';

/**
 * An order that is no longer open, as Kraken's REST `ClosedOrders` reports it: its txid as
 * `id`, then Kraken's fields and texts. `status` is `closed` (filled: `vol_exec` equals `vol`),
 * `canceled` (with `reason`, e.g. `User requested`, `Post only order`; `vol_exec` says what
 * filled before) or `expired`; `price` is the average fill price.
 * @example
 * ```ts
 * const order: ClosedOrder = { id: 'OQCLML-BW3P3-BUCMWZ', status: 'closed', userref: 42, vol: '0.01000000', vol_exec: '0.01000000' };
 * ```
 * @category Trading
 * @since 0.1.0
 */
export interface ClosedOrder extends ClosedOrderInfo {
  /** The order's txid. */
  readonly id: string;
}

/** Pages read at most (50 orders each): the 1 000 most recently closed orders with the userref. */
const MAX_PAGES = 20;

/**
 * The account's closed orders with `userref`, most recently closed first, read page by page
 * (50 per call) until Kraken's `count` is reached (at most 1 000 orders). Orders Kraken lists
 * on two pages (one closed between the calls) appear once. Emits once and completes.
 * @internal
 */
export function closedOrdersByUserref(
  rest: Pick<KrakenRestClient, 'closedOrders'>,
  credentials: KrakenCredentials,
  userref: number,
): Observable<readonly ClosedOrder[]> {
  return defer(() => {
    const found = new Map<string, ClosedOrder>();
    const page = (ofs: number, pagesLeft: number): Observable<readonly ClosedOrder[]> =>
      rest.closedOrders(credentials, { userref, ofs }).pipe(
        switchMap(({ closed, count }) => {
          const ids = Object.keys(closed);
          for (const id of ids) {
            const info = closed[id] as ClosedOrderInfo;
            // Kraken filters by userref; checked again so that a server ignoring the field
            // cannot pass another order off as this one.
            if (info.userref === userref && !found.has(id)) found.set(id, { id, ...info });
          }
          const done = ids.length === 0 || ofs + ids.length >= count || pagesLeft <= 1;
          return done ? of(undefined) : page(ofs + ids.length, pagesLeft - 1);
        }),
        map(() => [...found.values()]),
      );
    return page(0, MAX_PAGES);
  });
}
