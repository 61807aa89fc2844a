import { sortedJson } from '../core/json';
import type { SimConnection } from './connection';
import type { RequestId } from './requests';

/**
 * The contract between the WebSocket server and what answers requests on one endpoint
 * (`/` public, `/auth` private). The server handles everything common to both endpoints
 * before a request reaches its handler: the `systemStatus` greeting, JSON parsing
 * (`Malformed request`), the `reqid` check, the message-rate fault, logging, and `ping`.
 * @internal
 */
export interface EndpointHandler {
  /** One request with a string `event` other than `ping`. */
  onRequest(conn: SimConnection, event: string, request: Record<string, unknown>, reqid: RequestId | undefined): void;
  /** The connection ended: drop everything it held. */
  onClose(conn: SimConnection): void;
}

/** `{"errorMessage":..,"event":"error","reqid":..}`. @internal */
export function errorEvent(errorMessage: string, reqid: RequestId | undefined): string {
  return sortedJson({ errorMessage, event: 'error', reqid });
}

/** A `subscriptionStatus` with `status: "error"`. @internal */
export function subscriptionError(
  errorMessage: string,
  fields: { readonly pair?: string; readonly reqid?: RequestId | undefined; readonly subscription?: unknown },
): string {
  return sortedJson({
    errorMessage,
    event: 'subscriptionStatus',
    pair: fields.pair,
    reqid: fields.reqid,
    status: 'error',
    subscription: fields.subscription,
  });
}

/**
 * The reply to an unknown `event`, as in the protocol reference (5.2):
 * `{"errorMessage":"Event(s) not found","event":"subscriptionStatus","status":"error"}`.
 * @internal
 */
export function eventNotFound(reqid: RequestId | undefined): string {
  return sortedJson({ errorMessage: 'Event(s) not found', event: 'subscriptionStatus', reqid, status: 'error' });
}
