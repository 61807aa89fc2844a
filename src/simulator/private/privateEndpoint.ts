/*
 * The private endpoint (`/auth`): token sessions, the `openOrders` and `ownTrades` feeds, and
 * the trading requests (protocol reference sections 8-10, checklist items 3, 4, 8 and 9).
 * The server around it answers `ping`, sends `systemStatus`, parses frames, checks `reqid` and
 * applies the message-rate fault before a request gets here.
 */
import { sortedJson } from '../core/json';
import type { Market } from '../market/market';
import type { SimConnection } from '../server/connection';
import { eventNotFound, subscriptionError, type EndpointHandler } from '../server/endpoint';
import { ERROR_TEXT, validateSubscription, type RequestId } from '../server/requests';
import type { SimulatorSystemStatus } from '../types';
import type { TradingEngine } from './engine';
import {
  checkAddOrder,
  checkCancelAfter,
  checkCancelOrder,
  checkEditOrder,
  invalidArgument,
  modeRefusal,
  TRADING_ERROR,
  type Checked,
} from './orderRequests';
import type { PrivateFeedName, PrivateFeeds } from './privateFeeds';
import type { ResponseGate } from './responseGate';
import type { TokenStore } from './tokens';

/** What the private side uses from the rest of the simulator. @internal */
export interface PrivateEndpointContext {
  readonly market: Market;
  /** Whether a pair name is simulated. */
  readonly isKnownPair: (pair: string) => boolean;
  readonly tokens: TokenStore;
  readonly engine: TradingEngine;
  readonly feeds: PrivateFeeds;
  readonly gate: ResponseGate;
  /** The engine status currently announced. */
  readonly systemStatus: () => SimulatorSystemStatus;
  /** The simulator clock, ms. */
  readonly clock: () => number;
}

/** Trading requests the simulator implements (`amendOrder` is answered `Event(s) not found`). */
const TRADING = ['addOrder', 'editOrder', 'cancelOrder', 'cancelAll', 'cancelAllOrdersAfter'] as const;
type TradingEvent = (typeof TRADING)[number];

/**
 * The `/auth` request handler.
 *
 * - `subscribe`/`unsubscribe` to `openOrders`/`ownTrades`: the token is checked on every
 *   request (`ESession:Invalid session` for a missing, unknown, expired or revoked token —
 *   the exact v1 text and shape are unconfirmed, protocol reference 10.4; this is the text
 *   client error maps list), then `Already subscribed` / `Subscription Not Found` per feed.
 *   A successful subscription binds the token to the connection: it stays valid while the
 *   connection lives. Public channels get Kraken's wrong-endpoint text.
 * - trading requests: token, then the fields, then the engine status (`maintenance` refuses
 *   everything with `EService:Unavailable`; `cancel_only` refuses adds and edits; `post_only`
 *   accepts only post-only limit orders; `limit_only` refuses market orders), then the trading
 *   rate limit, then the engine. Every answer echoes `reqid` and goes through the
 *   {@link ResponseGate} (faults); the feed messages the request caused follow it.
 * @internal
 */
export class PrivateEndpoint implements EndpointHandler {
  constructor(private readonly ctx: PrivateEndpointContext) {}

  onRequest(conn: SimConnection, event: string, request: Record<string, unknown>, reqid: RequestId | undefined): void {
    if (event === 'subscribe' || event === 'unsubscribe') {
      const v = validateSubscription(request, 'private', this.ctx.isKnownPair);
      if (v.type === 'private') this.subscription(conn, event, v.name, v.subscription, reqid);
      else if (v.type === 'error') {
        if (v.pairs.length === 0) conn.send(subscriptionError(v.errorMessage, { reqid, subscription: v.echo }));
        for (const pair of v.pairs) conn.send(subscriptionError(v.errorMessage, { pair, reqid, subscription: v.echo }));
      } else {
        // Public channels were refused by validateSubscription with the wrong-endpoint text.
        conn.send(subscriptionError(ERROR_TEXT.publicOnPrivate, { reqid, subscription: v.echo }));
      }
      return;
    }
    if ((TRADING as readonly string[]).includes(event)) {
      this.trading(conn, event as TradingEvent, request, reqid);
      return;
    }
    conn.send(eventNotFound(reqid));
  }

  onClose(conn: SimConnection): void {
    this.ctx.feeds.removeAll(conn);
    this.ctx.tokens.release(conn);
  }

  // ------------------------------------------------------------------------------ feeds

  private subscription(
    conn: SimConnection,
    event: 'subscribe' | 'unsubscribe',
    name: PrivateFeedName,
    subscription: Record<string, unknown>,
    reqid: RequestId | undefined,
  ): void {
    const { feeds, tokens } = this.ctx;
    const fail = (errorMessage: string): void => conn.send(subscriptionError(errorMessage, { reqid, subscription }));
    const token = tokens.check(subscription['token']);
    if (token === undefined) {
      fail(ERROR_TEXT.invalidSession);
      return;
    }
    const existing = feeds.get(conn, name);
    if (event === 'unsubscribe') {
      if (existing === undefined) {
        fail(ERROR_TEXT.notFound);
        return;
      }
      feeds.remove(conn, name);
      conn.send(sortedJson({ channelName: name, event: 'subscriptionStatus', reqid, status: 'unsubscribed', subscription: { name } }));
      conn.subscriptionsChanged(feeds.count(conn));
      return;
    }
    if (existing !== undefined) {
      fail(ERROR_TEXT.alreadySubscribed);
      return;
    }
    const flags: Record<string, boolean> = {};
    for (const [field, dflt] of [['ratecounter', false], ['snapshot', true], ['consolidate_taker', true]] as const) {
      const v = subscription[field];
      if (v !== undefined && typeof v !== 'boolean') {
        // Unconfirmed text: Kraken's reply to a non-boolean flag is not recorded.
        fail(invalidArgument(field));
        return;
      }
      flags[field] = v ?? dflt;
    }
    tokens.bind(token, conn);
    const maxratecount = this.ctx.engine.rate.maxCount;
    const echo = name === 'openOrders' && maxratecount > 0 ? { maxratecount, name } : { name };
    conn.send(sortedJson({ channelName: name, event: 'subscriptionStatus', reqid, status: 'subscribed', subscription: echo }));
    feeds.add(
      { conn, name, sequence: 0, ratecounter: flags['ratecounter'] === true, consolidateTaker: flags['consolidate_taker'] !== false },
      flags['snapshot'] !== false,
    );
    conn.subscriptionsChanged(feeds.count(conn));
  }

  // ------------------------------------------------------------------------------ trading

  private trading(conn: SimConnection, event: TradingEvent, request: Record<string, unknown>, reqid: RequestId | undefined): void {
    const { engine, gate } = this.ctx;
    // `dropAfterNextOrder`: the request is processed in full; where its (first) answer would
    // go out, the connection is dropped instead, so its feed messages are lost with it.
    const drop = gate.takeDrop();
    const respond = (fields: Record<string, unknown>): void => {
      if (drop) conn.terminate();
      else gate.send(conn, sortedJson({ event: `${event}Status`, reqid, ...fields }));
    };
    const error = (errorMessage: string): void => respond({ errorMessage, status: 'error' });
    engine.batch(() => {
      engine.expireDue();
      if (this.ctx.tokens.check(request['token']) === undefined) {
        error(TRADING_ERROR.invalidSession);
        return;
      }
      const status = this.ctx.systemStatus();
      if (status === 'maintenance') {
        error(TRADING_ERROR.maintenance);
        return;
      }
      switch (event) {
        case 'addOrder': {
          const input = checkAddOrder(request, this.ctx.market, this.ctx.clock());
          const refused = input.ok ? modeRefusal(status, input.value.ordertype, input.value.post) : undefined;
          const r = !input.ok ? input : refused !== undefined ? ({ ok: false, error: refused } as const) : engine.addOrder(input.value);
          if (!r.ok) error(r.error);
          else respond({ descr: r.value.descr, status: 'ok', txid: r.value.txid });
          return;
        }
        case 'editOrder': {
          const input = checkEditOrder(request, this.ctx.market);
          const refused = input.ok ? modeRefusal(status, 'limit', input.value.post ?? this.postOf(input.value.orderid)) : undefined;
          const r = !input.ok ? input : refused !== undefined ? ({ ok: false, error: refused } as const) : engine.editOrder(input.value);
          if (!r.ok) error(r.error);
          else respond({ descr: r.value.descr, originaltxid: r.value.originaltxid, status: 'ok', txid: r.value.txid });
          return;
        }
        case 'cancelOrder': {
          const ids: Checked<readonly string[]> = checkCancelOrder(request);
          if (!ids.ok) {
            error(ids.error);
            return;
          }
          for (const e of engine.cancel(ids.value)) {
            if (e === undefined) respond({ status: 'ok' });
            else error(e);
          }
          return;
        }
        case 'cancelAll':
          respond({ count: engine.cancelAll(), status: 'ok' });
          return;
        case 'cancelAllOrdersAfter': {
          const timeout = checkCancelAfter(request);
          if (!timeout.ok) {
            error(timeout.error);
            return;
          }
          respond({ ...engine.cancelAfter(timeout.value), status: 'ok' });
          return;
        }
      }
    });
  }

  /** Whether the open order an edit names is post-only (for the `post_only` mode check). */
  private postOf(orderid: string): boolean {
    return this.ctx.engine.orders.get(orderid)?.post ?? false;
  }
}

/** Creates the `/auth` request handler. @internal */
export function createPrivateEndpoint(ctx: PrivateEndpointContext): EndpointHandler {
  return new PrivateEndpoint(ctx);
}
