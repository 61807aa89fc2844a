import type { OpenOrdersMessage } from '../protocol/messages';
import type { OpenOrderPatch, OrderDescription, OrderStatus } from '../protocol/privateMessages';

/**
 * One order as known from the openOrders feed: every field Kraken sent for it so far, merged
 * (the snapshot or new-order message gives the full order; later messages only what changed).
 * Field names and exact decimal strings are Kraken's. Fields are optional because Kraken sends
 * them piecemeal: an order first seen through a partial update has only that update's fields.
 * @example
 * ```ts
 * const order: OpenOrder = state.orders.get('OKJASZ-554YM-L7YMU7')!;
 * console.log(order.status, order.vol_exec, '/', order.vol, order.descr?.price);
 * ```
 * @category Private
 * @since 0.1.0
 */
export type OpenOrder = Readonly<Omit<OpenOrderPatch, 'descr'>> & {
  /** The Kraken order id (txid). */
  readonly id: string;
  readonly descr?: Readonly<OrderDescription>;
};

/**
 * The live set of open orders after a message of the openOrders feed, plus what that message
 * changed. Immutable: every message gives a new state (unchanged orders are shared).
 * @category Private
 * @since 0.1.0
 */
export interface OpenOrdersState {
  /** Orders not yet closed, canceled or expired, by id, in the order Kraken first listed them. */
  readonly orders: ReadonlyMap<string, OpenOrder>;
  /** Ids the last message touched, in message order, each once (terminal ones included). */
  readonly changed: ReadonlyArray<string>;
  /** Orders the last message closed, canceled or expired, in their final state; they are no longer in `orders`. */
  readonly terminal: ReadonlyArray<OpenOrder>;
  /** Whether the last message was a snapshot (it replaced every order). */
  readonly snapshot: boolean;
  /** The sequence number of the last message that had one. */
  readonly sequence?: number;
}

const TERMINAL: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['closed', 'canceled', 'expired']);

/**
 * Whether an order status is final (`closed`, `canceled`, `expired`): the order leaves the open set.
 * @example
 * ```ts
 * isTerminalStatus('canceled'); // true
 * isTerminalStatus('open');     // false
 * ```
 * @category Private
 * @since 0.1.0
 */
export function isTerminalStatus(status: OrderStatus | undefined): boolean {
  return status !== undefined && TERMINAL.has(status);
}

/**
 * Applies one openOrders message to the state (a pure reducer).
 *
 * The first message (`state` undefined) and any message with `sequence: 1` (a new
 * subscription) are snapshots and replace every order. Later messages are merged by id: new
 * fields overwrite old ones, `descr` and `contingent` are merged key by key. An order that
 * reaches `closed`, `canceled` or `expired` is reported in `terminal` (its final, merged state)
 * and dropped from `orders`. Several entries for one id in a message apply in order.
 *
 * Sequence numbers are not checked here: see `checkSequence` in `src/private/sequence.ts`.
 *
 * @example
 * ```ts
 * let state = applyOpenOrdersMessage(undefined, snapshot);
 * state = applyOpenOrdersMessage(state, update);
 * for (const order of state.terminal) console.log(order.id, order.status, order.cancel_reason);
 * ```
 * @param state The state after the previous message, or `undefined` before the first.
 * @param message A decoded openOrders message.
 * @return The new state.
 * @category Private
 * @since 0.1.0
 */
export function applyOpenOrdersMessage(state: OpenOrdersState | undefined, message: OpenOrdersMessage): OpenOrdersState {
  const snapshot = state === undefined || message.sequence === 1;
  const orders = new Map<string, OpenOrder>(snapshot ? undefined : state.orders);
  const changed: string[] = [];
  const seen = new Set<string>();
  const terminal: OpenOrder[] = [];
  for (const { id, patch } of message.orders) {
    if (!seen.has(id)) {
      seen.add(id);
      changed.push(id);
    }
    const next = mergeOrder(orders.get(id), id, patch);
    if (isTerminalStatus(next.status)) {
      orders.delete(id);
      terminal.push(next);
    } else {
      orders.set(id, next);
    }
  }
  const sequence = message.sequence ?? state?.sequence;
  const result: OpenOrdersState = {
    orders,
    changed: Object.freeze(changed),
    terminal: Object.freeze(terminal),
    snapshot,
    ...(sequence === undefined ? {} : { sequence }),
  };
  return Object.freeze(result);
}

/** The order after a patch: shallow merge, with `descr` and `contingent` merged key by key. */
function mergeOrder(previous: OpenOrder | undefined, id: string, patch: OpenOrderPatch): OpenOrder {
  const merged: Record<string, unknown> = { ...previous, ...patch, id };
  if (patch.descr !== undefined) merged['descr'] = Object.freeze({ ...previous?.descr, ...patch.descr });
  if (patch.contingent !== undefined) merged['contingent'] = Object.freeze({ ...previous?.contingent, ...patch.contingent });
  return Object.freeze(merged) as OpenOrder;
}

/**
 * The open orders carrying a `userref`, in the order Kraken first listed them. Use it to
 * reconcile after a request timed out or a reconnect: an `addOrder` with a userref that
 * shows up here was placed. (An order placed and already filled is not open any more: look
 * for its fills in ownTrades.)
 * @example
 * ```ts
 * const mine = findOrdersByUserref(state, 42);
 * ```
 * @category Private
 * @since 0.1.0
 */
export function findOrdersByUserref(state: OpenOrdersState, userref: number): ReadonlyArray<OpenOrder> {
  const found: OpenOrder[] = [];
  for (const order of state.orders.values()) if (order.userref === userref) found.push(order);
  return found;
}

/**
 * The open order carrying a `userref`: the most recently opened one when several share it
 * (userrefs need not be unique), or `undefined`.
 * @example
 * ```ts
 * const order = findOrderByUserref(state, 42);
 * if (order === undefined) console.log('not placed (or already closed): safe to check ownTrades, then retry');
 * ```
 * @category Private
 * @since 0.1.0
 */
export function findOrderByUserref(state: OpenOrdersState, userref: number): OpenOrder | undefined {
  let best: OpenOrder | undefined;
  for (const order of findOrdersByUserref(state, userref)) {
    if (best === undefined || openedAt(order) >= openedAt(best)) best = order;
  }
  return best;
}

function openedAt(order: OpenOrder): number {
  const t = order.opentm;
  const n = typeof t === 'string' ? Number(t) : Number.NaN;
  return Number.isFinite(n) ? n : Number.NEGATIVE_INFINITY;
}
