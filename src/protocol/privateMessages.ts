import * as t from 'io-ts';
import { DecimalString, UnsignedDecimalString } from './decimalString';

const NullableString = t.union([t.string, t.null]);

/**
 * One own trade (reference 8.2), keyed by its trade id in the message.
 * @category Protocol
 * @since 0.1.0
 */
export const OwnTrade = t.intersection([
  t.type({
    ordertxid: t.string,
    pair: t.string,
    time: UnsignedDecimalString,
    type: t.string,
    ordertype: t.string,
    price: DecimalString,
    cost: DecimalString,
    fee: DecimalString,
    vol: DecimalString,
  }),
  t.partial({
    postxid: t.string,
    margin: DecimalString,
    margin_borrow: t.boolean,
    userref: t.number,
    cl_ord_id: t.string,
    ext_exec_id: t.string,
    posstatus: t.string,
  }),
]);
/** @category Protocol @since 0.1.0 */
export type OwnTrade = t.TypeOf<typeof OwnTrade>;

/** The `descr` object of an order (reference 8.3). @category Protocol @since 0.1.0 */
export const OrderDescription = t.partial({
  pair: t.string,
  position: t.string,
  type: t.string,
  ordertype: t.string,
  price: t.string,
  price2: t.string,
  leverage: NullableString,
  order: t.string,
  close: NullableString,
});
/** @category Protocol @since 0.1.0 */
export type OrderDescription = t.TypeOf<typeof OrderDescription>;

/** Order states of the openOrders feed. @category Protocol @since 0.1.0 */
export const OrderStatus = t.keyof({ pending: null, open: null, closed: null, canceled: null, expired: null });
/** @category Protocol @since 0.1.0 */
export type OrderStatus = t.TypeOf<typeof OrderStatus>;

/**
 * An openOrders entry: the full order in a snapshot or for a new order, and a partial update
 * (status, fills, cancel reason) afterwards, so every field is optional (reference 8.3).
 * @category Protocol
 * @since 0.1.0
 */
export const OpenOrderPatch = t.partial({
  refid: NullableString,
  userref: t.union([t.number, t.null]),
  cl_ord_id: t.string,
  ext_ord_id: t.string,
  status: OrderStatus,
  opentm: NullableString,
  starttm: NullableString,
  expiretm: NullableString,
  lastupdated: t.string,
  descr: OrderDescription,
  vol: DecimalString,
  vol_exec: DecimalString,
  cost: DecimalString,
  fee: DecimalString,
  avg_price: DecimalString,
  stopprice: DecimalString,
  limitprice: DecimalString,
  misc: t.string,
  oflags: t.string,
  timeinforce: t.string,
  cancel_reason: t.string,
  ratecount: t.number,
  display_volume: DecimalString,
  display_volume_remain: DecimalString,
  contingent: t.UnknownRecord,
});
/** @category Protocol @since 0.1.0 */
export type OpenOrderPatch = t.TypeOf<typeof OpenOrderPatch>;

/** The optional `{"sequence": N}` of a private message. @category Protocol @since 0.1.0 */
export const SequenceObject = t.type({ sequence: t.number });
