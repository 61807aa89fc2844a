/*
 * ============================================================================================
 *  PRIVATE SIDE PLUG-IN POINT
 * ============================================================================================
 * This file is where the private/trading side of the simulator goes (protocol reference
 * sections 8-10 and checklist items 4, 8-10): token sessions issued by
 * `POST /0/private/GetWebSocketsToken` (see `../rest/routes.ts`), the `ownTrades` and
 * `openOrders` feeds with sequence numbers, and the trading requests (`addOrder`, `editOrder`,
 * `cancelOrder`, `cancelAll`, `cancelAllOrdersAfter`).
 *
 * For now the endpoint only refuses: the server around it already answers `ping`, sends
 * `systemStatus`, parses frames and enforces the message-rate fault; `validateSubscription`
 * refuses public channels with Kraken's wrong-endpoint text. What is left here is small on
 * purpose: replace `PrivateEndpoint` (keeping the `EndpointHandler` contract) and wire it in
 * `createPrivateEndpoint`, which `startSimulator` calls with the shared context.
 * ============================================================================================
 */
import { sortedJson } from '../core/json';
import type { Market } from '../market/market';
import type { SimConnection } from '../server/connection';
import { eventNotFound, subscriptionError, type EndpointHandler } from '../server/endpoint';
import { ERROR_TEXT, TRADING_EVENTS, validateSubscription, type RequestId } from '../server/requests';

/** What the private side may use from the rest of the simulator. @internal */
export interface PrivateEndpointContext {
  /** The market (pairs, true books), e.g. to match orders. */
  readonly market: Market;
  /** Whether a pair name is simulated. */
  readonly isKnownPair: (pair: string) => boolean;
}

/**
 * The `/auth` endpoint until the private side exists: every private subscription and trading
 * request is refused with `ESession:Invalid session` (no token can be valid yet), public
 * subscriptions with Kraken's wrong-endpoint text.
 * @internal
 */
export class PrivateEndpoint implements EndpointHandler {
  constructor(private readonly ctx: PrivateEndpointContext) {}

  onRequest(conn: SimConnection, event: string, request: Record<string, unknown>, reqid: RequestId | undefined): void {
    if (event === 'subscribe' || event === 'unsubscribe') {
      const v = validateSubscription(request, 'private', this.ctx.isKnownPair);
      if (v.type === 'private') {
        conn.send(subscriptionError(ERROR_TEXT.invalidSession, { reqid, subscription: v.subscription }));
      } else if (v.type === 'error') {
        if (v.pairs.length === 0) conn.send(subscriptionError(v.errorMessage, { reqid, subscription: v.echo }));
        for (const pair of v.pairs) conn.send(subscriptionError(v.errorMessage, { pair, reqid, subscription: v.echo }));
      }
      return;
    }
    if ((TRADING_EVENTS as readonly string[]).includes(event)) {
      conn.send(sortedJson({ errorMessage: ERROR_TEXT.invalidSession, event: `${event}Status`, reqid, status: 'error' }));
      return;
    }
    conn.send(eventNotFound(reqid));
  }

  onClose(): void {
    // No per-connection state yet.
  }
}

/** Creates the `/auth` request handler. @internal */
export function createPrivateEndpoint(ctx: PrivateEndpointContext): EndpointHandler {
  return new PrivateEndpoint(ctx);
}
