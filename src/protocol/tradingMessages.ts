import * as t from 'io-ts';

const Reqid = t.union([t.number, t.null]);
const Status = t.keyof({ ok: null, error: null });

/** `addOrderStatus` (reference 9.1). @category Protocol @since 0.1.0 */
export const AddOrderStatusEvent = t.intersection([
  t.type({ event: t.literal('addOrderStatus'), status: Status }),
  t.partial({ reqid: Reqid, txid: t.string, descr: t.string, errorMessage: t.string, pair: t.string }),
]);
/** @category Protocol @since 0.1.0 */
export type AddOrderStatusEvent = t.TypeOf<typeof AddOrderStatusEvent>;

/** `editOrderStatus` (reference 9.2). @category Protocol @since 0.1.0 */
export const EditOrderStatusEvent = t.intersection([
  t.type({ event: t.literal('editOrderStatus'), status: Status }),
  t.partial({ reqid: Reqid, txid: t.string, originaltxid: t.string, descr: t.string, errorMessage: t.string }),
]);
/** @category Protocol @since 0.1.0 */
export type EditOrderStatusEvent = t.TypeOf<typeof EditOrderStatusEvent>;

/** `cancelOrderStatus`, one per txid named in the request (reference 9.3). @category Protocol @since 0.1.0 */
export const CancelOrderStatusEvent = t.intersection([
  t.type({ event: t.literal('cancelOrderStatus'), status: Status }),
  t.partial({ reqid: Reqid, errorMessage: t.string }),
]);
/** @category Protocol @since 0.1.0 */
export type CancelOrderStatusEvent = t.TypeOf<typeof CancelOrderStatusEvent>;

/** `cancelAllStatus` (reference 9.4). @category Protocol @since 0.1.0 */
export const CancelAllStatusEvent = t.intersection([
  t.type({ event: t.literal('cancelAllStatus'), status: Status }),
  t.partial({ reqid: Reqid, count: t.number, errorMessage: t.string }),
]);
/** @category Protocol @since 0.1.0 */
export type CancelAllStatusEvent = t.TypeOf<typeof CancelAllStatusEvent>;

/** `cancelAllOrdersAfterStatus` (reference 9.5). @category Protocol @since 0.1.0 */
export const CancelAllOrdersAfterStatusEvent = t.intersection([
  t.type({ event: t.literal('cancelAllOrdersAfterStatus'), status: Status }),
  t.partial({ reqid: Reqid, currentTime: t.string, triggerTime: t.string, errorMessage: t.string }),
]);
/** @category Protocol @since 0.1.0 */
export type CancelAllOrdersAfterStatusEvent = t.TypeOf<typeof CancelAllOrdersAfterStatusEvent>;
