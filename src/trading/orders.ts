import { Observable, defer, map, throwError } from 'rxjs';
import {
  addOrderRequest,
  cancelAllOrdersAfterRequest,
  cancelAllRequest,
  cancelOrderRequest,
  editOrderRequest,
  validateAddOrder,
  validateCancelAllOrdersAfter,
  validateCancelOrder,
  validateEditOrder,
  type AddOrderParams,
  type CancelAllOrdersAfterParams,
  type CancelOrderParams,
  type EditOrderParams,
} from '../protocol/tradingRequests';
import { KrakenRequestError } from '../errors/requestErrors';
import { tradingRequest, type TradingContext } from './tradingRequest';

/** Per-request options of trading calls. @category Trading @since 0.1.0 */
export interface RequestOptions {
  /** Deadline for Kraken's answer, in ms (default: the client's `requestTimeoutMs`, 10 000). */
  readonly timeoutMs?: number;
}

/**
 * {@link RequestOptions} plus, when the request's timer is what is left of a longer deadline
 * (the pair lookup took the rest), that deadline, for the error to report.
 * @internal
 */
export interface TradingCallOptions extends RequestOptions {
  readonly totalTimeoutMs?: number;
}

/** Kraken's answer to `addOrder`. @category Trading @since 0.1.0 */
export interface AddOrderResult {
  /** The new order's id; absent for a `validate: true` request, which places nothing. */
  readonly txid?: string;
  /** Kraken's description, e.g. `buy 0.00200000 XBTUSD @ limit 9857.0`. */
  readonly descr?: string;
  readonly reqid?: number;
}

/** Kraken's answer to `editOrder`. @category Trading @since 0.1.0 */
export interface EditOrderResult {
  /** The id of the new order that replaced the old one. */
  readonly txid?: string;
  readonly originaltxid?: string;
  readonly descr?: string;
  readonly reqid?: number;
}

/**
 * Kraken's answers to `cancelOrder`: one per id named, in arrival order. Kraken does not say
 * which id each answer is for (reference 9.3).
 * @category Trading
 * @since 0.1.0
 */
export interface CancelOrderResult {
  readonly cancelled: number;
  /** Kraken's error text of each id that could not be cancelled (e.g. `EOrder:Unknown order`). */
  readonly failed: readonly string[];
}

/** Kraken's answer to `cancelAll`. @category Trading @since 0.1.0 */
export interface CancelAllResult {
  /** How many orders were cancelled. */
  readonly count: number;
}

/** Kraken's answer to `cancelAllOrdersAfter`. @category Trading @since 0.1.0 */
export interface CancelAllOrdersAfterResult {
  /** Kraken's clock, RFC 3339. */
  readonly currentTime?: string;
  /** When every order will be cancelled (RFC 3339), or `"0"` when the switch is off. */
  readonly triggerTime?: string;
}

function validated<A, T>(result: { ok: true; value: A } | { ok: false; error: Error }, then: (value: A) => Observable<T>): Observable<T> {
  return result.ok ? then(result.value) : throwError(() => result.error);
}

/** @internal */
export function addOrder(context: TradingContext, params: AddOrderParams, options: TradingCallOptions = {}): Observable<AddOrderResult> {
  return defer(() =>
    validated(validateAddOrder(params), (fields) =>
      tradingRequest(context, {
        request: 'addOrder',
        answer: 'addOrderStatus',
        answers: 1,
        build: (token, reqid) => addOrderRequest(fields, token, reqid),
        outcome: params.userref === undefined ? {} : { userref: params.userref },
        ...options,
      }).pipe(
        map(([answer]) => ({
          ...(answer?.txid === undefined ? {} : { txid: answer.txid }),
          ...(answer?.descr === undefined ? {} : { descr: answer.descr }),
          ...(answer?.reqid === undefined ? {} : { reqid: answer.reqid }),
        })),
      ),
    ),
  );
}

/** @internal */
export function editOrder(context: TradingContext, params: EditOrderParams, options: TradingCallOptions = {}): Observable<EditOrderResult> {
  return defer(() =>
    validated(validateEditOrder(params), (fields) =>
      tradingRequest(context, {
        request: 'editOrder',
        answer: 'editOrderStatus',
        answers: 1,
        build: (token, reqid) => editOrderRequest(fields, token, reqid),
        outcome: {
          txid: [String(params.orderid)],
          ...(params.newuserref === undefined ? {} : { userref: params.newuserref }),
        },
        ...options,
      }).pipe(
        map(([answer]) => ({
          ...(answer?.txid === undefined ? {} : { txid: answer.txid }),
          ...(answer?.originaltxid === undefined ? {} : { originaltxid: answer.originaltxid }),
          ...(answer?.descr === undefined ? {} : { descr: answer.descr }),
          ...(answer?.reqid === undefined ? {} : { reqid: answer.reqid }),
        })),
      ),
    ),
  );
}

/**
 * Completes once every id has its answer. Errors with {@link KrakenRequestError} only when no
 * id could be cancelled; a partial success is a value listing the failures.
 * @internal
 */
export function cancelOrder(context: TradingContext, params: CancelOrderParams, options: RequestOptions = {}): Observable<CancelOrderResult> {
  return defer(() =>
    validated(validateCancelOrder(params), (fields) => {
      const txids = fields.txid.map(String);
      return tradingRequest(context, {
        request: 'cancelOrder',
        answer: 'cancelOrderStatus',
        answers: txids.length,
        build: (token, reqid) => cancelOrderRequest(fields, token, reqid),
        outcome: { txid: txids },
        ...options,
      }).pipe(
        map((answers) => {
          const failed = answers.filter((a) => a.status === 'error').map((a) => a.errorMessage ?? 'unknown error');
          if (failed.length === answers.length) {
            const first = answers[0];
            throw new KrakenRequestError({
              event: 'cancelOrderStatus',
              errorMessage: failed[0] ?? 'unknown error',
              ...(first?.reqid === undefined ? {} : { reqid: first.reqid }),
            });
          }
          return { cancelled: answers.length - failed.length, failed };
        }),
      );
    }),
  );
}

/** @internal */
export function cancelAll(context: TradingContext, options: RequestOptions = {}): Observable<CancelAllResult> {
  return tradingRequest(context, {
    request: 'cancelAll',
    answer: 'cancelAllStatus',
    answers: 1,
    build: (token, reqid) => cancelAllRequest(token, reqid),
    ...options,
  }).pipe(map(([answer]) => ({ count: answer?.count ?? 0 })));
}

/** @internal */
export function cancelAllOrdersAfter(
  context: TradingContext,
  params: CancelAllOrdersAfterParams,
  options: RequestOptions = {},
): Observable<CancelAllOrdersAfterResult> {
  return defer(() =>
    validated(validateCancelAllOrdersAfter(params), (fields) =>
      tradingRequest(context, {
        request: 'cancelAllOrdersAfter',
        answer: 'cancelAllOrdersAfterStatus',
        answers: 1,
        build: (token, reqid) => cancelAllOrdersAfterRequest(fields, token, reqid),
        ...options,
      }).pipe(
        map(([answer]) => ({
          ...(answer?.currentTime === undefined ? {} : { currentTime: answer.currentTime }),
          ...(answer?.triggerTime === undefined ? {} : { triggerTime: answer.triggerTime }),
        })),
      ),
    ),
  );
}
