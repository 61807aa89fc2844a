import { KrakenError } from './krakenError';
import { parseKrakenErrorCode } from './krakenErrorCode';
import { redactSecrets } from './redact';
import { effectOf } from './requestEffect';

/** @category Errors @since 0.1.0 */
export interface KrakenRequestErrorInfo {
  /** The response event, e.g. `addOrderStatus`. */
  readonly event: string;
  /** The request that was refused, e.g. `addOrder` (the event without `Status`). */
  readonly request: string;
  /** Kraken's `errorMessage`, verbatim (secrets redacted). */
  readonly errorMessage: string;
  readonly reqid?: number;
  /** The error text up to its detail, e.g. `EGeneral:Invalid arguments`. */
  readonly code: string;
  /** `error` (`E…`) or `warning` (`W…`); absent for uncoded texts such as `Exceeded msg rate`. */
  readonly severity?: 'error' | 'warning';
  /** `Order`, `General`, `Service`, `Session`, ... */
  readonly category?: string;
  /** The detail after the message, e.g. `volume` in `EGeneral:Invalid arguments:volume`. */
  readonly detail?: string;
}

/**
 * Kraken answered a trading request with `status: "error"`, e.g. `EOrder:Insufficient funds`
 * or `EGeneral:Invalid arguments:volume`. The request was processed and refused: nothing was
 * placed, changed or cancelled by it.
 *
 * @example
 * ```ts
 * kraken.addOrder(params).subscribe({
 *   error: (err) => {
 *     if (err instanceof KrakenRequestError && err.info.category === 'Order') console.log(err.info.code);
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class KrakenRequestError extends KrakenError<KrakenRequestErrorInfo> {
  override readonly name = 'KrakenRequestError' as const;

  constructor(info: { event: string; errorMessage: string; reqid?: number }) {
    const errorMessage = redactSecrets(info.errorMessage);
    const parsed = parseKrakenErrorCode(errorMessage);
    const request = info.event.endsWith('Status') ? info.event.slice(0, -'Status'.length) : info.event;
    const full: KrakenRequestErrorInfo = {
      event: info.event,
      request,
      errorMessage,
      ...(info.reqid === undefined ? {} : { reqid: info.reqid }),
      code: parsed.code,
      ...(parsed.severity === undefined ? {} : { severity: parsed.severity }),
      ...(parsed.category === undefined ? {} : { category: parsed.category }),
      ...(parsed.detail === undefined ? {} : { detail: parsed.detail }),
    };
    super(`${describeRequest(request, info.reqid)} was refused by Kraken: ${errorMessage}.${requestHint(parsed.code, parsed.detail)}`, full);
  }
}

function requestHint(code: string, detail: string | undefined): string {
  if (code === 'EGeneral:Invalid arguments' && detail !== undefined) return ` Kraken rejected the field "${detail}".`;
  if (code === 'EOrder:Rate limit exceeded') return ' The per-pair trading rate counter is full: wait for it to decay before sending more.';
  if (code === 'EGeneral:Permission denied') return ' The API key behind the token lacks the order permissions.';
  if (code.startsWith('EService:Market in')) return ' The market is in a restricted mode; see systemStatus.';
  if (code === 'ESession:Invalid session' || code === 'EAPI:Invalid token') {
    return ' The token is no longer valid: the client fetches a fresh one for the next request. Kraken did nothing with this one, so it is safe to send it again.';
  }
  return '';
}

function describeRequest(request: string, reqid: number | undefined): string {
  return reqid === undefined ? request : `${request} reqid ${reqid}`;
}

/** @category Errors @since 0.1.0 */
export interface RequestOutcomeInfo {
  /** The request, e.g. `addOrder`, `editOrder`, `cancelOrder`, `cancelAll`, `cancelAllOrdersAfter`. */
  readonly request: string;
  readonly reqid?: number;
  /**
   * `not-sent`: the request never left this process, so Kraken cannot have acted on it;
   * `unknown`: it was sent and no answer came, so Kraken may or may not have acted on it.
   */
  readonly outcome: 'unknown' | 'not-sent';
  /** The `userref` of the order (addOrder) or the new one (editOrder `newuserref`), to find it in openOrders. */
  readonly userref?: number;
  /** The order ids or userrefs the request concerned (editOrder `orderid`, cancelOrder `txid`). */
  readonly txid?: ReadonlyArray<string>;
}

/** @category Errors @since 0.1.0 */
export interface RequestTimeoutErrorInfo extends RequestOutcomeInfo {
  /** The deadline that passed, in milliseconds. */
  readonly timeoutMs: number;
}

/**
 * A request got no answer within its deadline. `info.outcome` says whether it was sent at all;
 * the message says plainly whether the order may have been placed, and what to check before
 * retrying (never blindly resend an `addOrder`).
 *
 * @example
 * ```ts
 * kraken.addOrder({ ...params, userref: 42 }).subscribe({
 *   error: (err) => {
 *     if (err instanceof RequestTimeoutError && err.info.outcome === 'unknown') reconcile(42);
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class RequestTimeoutError extends KrakenError<RequestTimeoutErrorInfo> {
  override readonly name = 'RequestTimeoutError' as const;

  constructor(info: RequestTimeoutErrorInfo) {
    const safe = freezeOutcome(info);
    const what =
      safe.outcome === 'not-sent'
        ? `was not sent within ${safe.timeoutMs} ms (it was still waiting to be sent)`
        : `got no answer within ${safe.timeoutMs} ms`;
    super(`${describeRequest(safe.request, safe.reqid)} ${what}; ${consequence(safe)}`, safe);
  }
}

/** @category Errors @since 0.1.0 */
export interface RequestInterruptedErrorInfo extends RequestOutcomeInfo {
  /** Why it was interrupted, e.g. `the connection closed (code 1006)` or `unsubscribed`. */
  readonly reason: string;
}

/**
 * A request was cut short before its answer arrived: the connection dropped, or the client
 * was closed. `info.outcome` and the message say whether the order may have been placed.
 *
 * @example
 * ```ts
 * kraken.cancelAll().subscribe({
 *   error: (err) => {
 *     if (err instanceof RequestInterruptedError) console.warn(err.message);
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class RequestInterruptedError extends KrakenError<RequestInterruptedErrorInfo> {
  override readonly name = 'RequestInterruptedError' as const;

  constructor(info: RequestInterruptedErrorInfo) {
    const safe = { ...freezeOutcome(info), reason: redactSecrets(info.reason) };
    const when = safe.outcome === 'not-sent' ? 'before it was sent' : 'after it was sent and before Kraken answered';
    super(`${describeRequest(safe.request, safe.reqid)} was interrupted ${when} (${safe.reason}); ${consequence(safe)}`, safe);
  }
}

function freezeOutcome<T extends RequestOutcomeInfo>(info: T): T {
  return info.txid === undefined ? { ...info } : { ...info, txid: Object.freeze(info.txid.map((id) => redactSecrets(id))) };
}

/** What the caller must know and do, given the request and whether it left. */
function consequence(info: RequestOutcomeInfo): string {
  if (info.outcome === 'not-sent') {
    return `Kraken never received it, so nothing was ${effectOf(info.request)}; it is safe to retry.`;
  }
  const ids = info.txid === undefined || info.txid.length === 0 ? '' : ` (${info.txid.join(', ')})`;
  const byUserref = info.userref === undefined ? '' : ` (userref ${info.userref})`;
  switch (info.request) {
    case 'addOrder':
      return info.userref === undefined
        ? 'the order MAY have been placed, and even filled — check openOrders and your closed orders before retrying (give orders a userref to find them).'
        : `the order MAY have been placed, and even filled — check findOrderByUserref(${info.userref}) (open) and findClosedOrdersByUserref(${info.userref}) (filled, cancelled) before retrying.`;
    case 'editOrder':
      return `the order${ids} MAY have been replaced by a new one — check openOrders${byUserref}${
        info.userref === undefined ? '' : ` and findClosedOrdersByUserref(${info.userref})`
      } before retrying.`;
    case 'cancelOrder':
      return `the order(s)${ids} MAY have been cancelled — check openOrders before retrying.`;
    case 'cancelAll':
      return 'open orders MAY have been cancelled — check openOrders before retrying.';
    case 'cancelAllOrdersAfter':
      return "the dead man's switch MAY have been set or changed — send it again to be sure of its state.";
    default:
      return 'Kraken MAY have acted on it — check before retrying.';
  }
}
