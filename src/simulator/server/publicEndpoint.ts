import { sortedJson } from '../core/json';
import type { FeedSubscription, PublicFeeds } from '../channels/publicFeeds';
import type { SimConnection } from './connection';
import { errorEvent, eventNotFound, subscriptionError, type EndpointHandler } from './endpoint';
import { ERROR_TEXT, TRADING_EVENTS, validateSubscription, type RequestId } from './requests';

/**
 * The public endpoint (`/`): `subscribe` / `unsubscribe` to the five public channels, one
 * `subscriptionStatus` per pair with a unique `channelID`, then the channel's initial messages.
 * Private feeds and trading requests are refused with Kraken's wrong-endpoint text.
 * @internal
 */
export class PublicEndpoint implements EndpointHandler {
  private readonly subscriptions = new Map<SimConnection, Map<string, FeedSubscription>>();

  constructor(
    private readonly feeds: PublicFeeds,
    private readonly isKnownPair: (pair: string) => boolean,
    private readonly nextChannelId: () => number,
  ) {}

  onRequest(conn: SimConnection, event: string, request: Record<string, unknown>, reqid: RequestId | undefined): void {
    if (event === 'subscribe' || event === 'unsubscribe') {
      this.subscription(conn, event, request, reqid);
      return;
    }
    if ((TRADING_EVENTS as readonly string[]).includes(event)) {
      conn.send(errorEvent(ERROR_TEXT.privateOnPublic, reqid));
      return;
    }
    conn.send(eventNotFound(reqid));
  }

  onClose(conn: SimConnection): void {
    const subs = this.subscriptions.get(conn);
    if (subs === undefined) return;
    for (const s of subs.values()) this.feeds.remove(s);
    this.subscriptions.delete(conn);
  }

  /** Number of subscriptions of a connection. */
  count(conn: SimConnection): number {
    return this.subscriptions.get(conn)?.size ?? 0;
  }

  private subscription(conn: SimConnection, event: 'subscribe' | 'unsubscribe', request: Record<string, unknown>, reqid: RequestId | undefined): void {
    const v = validateSubscription(request, 'public', this.isKnownPair);
    if (v.type === 'private') return; // cannot happen on the public endpoint (refused above)
    if (v.type === 'error') {
      if (v.pairs.length === 0) conn.send(subscriptionError(v.errorMessage, { reqid, subscription: v.echo }));
      for (const pair of v.pairs) conn.send(subscriptionError(v.errorMessage, { pair, reqid, subscription: v.echo }));
      return;
    }
    let subs = this.subscriptions.get(conn);
    if (subs === undefined) {
      subs = new Map();
      this.subscriptions.set(conn, subs);
    }
    for (const o of v.outcomes) {
      if (!o.ok) {
        conn.send(subscriptionError(o.errorMessage, { pair: o.pair, reqid, subscription: v.echo }));
        continue;
      }
      const key = `${o.channel.channelName}|${o.pair}`;
      const existing = subs.get(key);
      if (event === 'subscribe') {
        if (existing !== undefined) {
          conn.send(subscriptionError(ERROR_TEXT.alreadySubscribed, { pair: o.pair, reqid, subscription: o.channel.echo }));
          continue;
        }
        const sub: FeedSubscription = {
          channelID: this.nextChannelId(),
          channelName: o.channel.channelName,
          pair: o.pair,
          name: o.channel.name,
          param: o.channel.param,
          sink: conn,
        };
        subs.set(key, sub);
        conn.send(this.status('subscribed', sub, reqid, o.channel.echo));
        this.feeds.add(sub);
      } else {
        if (existing === undefined) {
          conn.send(subscriptionError(ERROR_TEXT.notFound, { pair: o.pair, reqid, subscription: o.channel.echo }));
          continue;
        }
        subs.delete(key);
        this.feeds.remove(existing);
        conn.send(this.status('unsubscribed', existing, reqid, o.channel.echo));
      }
    }
    conn.subscriptionsChanged(subs.size);
  }

  private status(status: 'subscribed' | 'unsubscribed', sub: FeedSubscription, reqid: RequestId | undefined, echo: unknown): string {
    return sortedJson({
      channelID: sub.channelID,
      channelName: sub.channelName,
      event: 'subscriptionStatus',
      pair: sub.pair,
      reqid,
      status,
      subscription: echo,
    });
  }
}
