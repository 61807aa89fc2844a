import { sortedJson } from '../core/json';
import type { SimConnection } from '../server/connection';
import { POSTXID, type AccountFeedItem, type AccountSink, type OwnTradeRecord, type TradingEngine } from './engine';

/** The private feed names. @internal */
export type PrivateFeedName = 'openOrders' | 'ownTrades';

/** One private subscription of one connection. @internal */
export interface PrivateSubscription {
  readonly conn: SimConnection;
  readonly name: PrivateFeedName;
  /** The last sequence number sent (the snapshot is 1). */
  sequence: number;
  /** openOrders: add `ratecount` to every order entry. */
  readonly ratecounter: boolean;
  /** ownTrades: one trade per taker order (default) instead of one per fill. */
  readonly consolidateTaker: boolean;
}

/** How many trades an `ownTrades` snapshot holds (protocol reference 8.2). */
const OWN_TRADES_SNAPSHOT = 50;

/**
 * The `openOrders` and `ownTrades` feeds: per-connection subscriptions, each with its own
 * sequence counter (snapshot = 1, then +1 per message, protocol reference 8.1), snapshots on
 * subscribe, and one message per account change.
 * @internal
 */
export class PrivateFeeds implements AccountSink {
  private readonly subs = new Map<SimConnection, Map<PrivateFeedName, PrivateSubscription>>();

  constructor(private readonly engine: TradingEngine) {
    engine.addSink(this);
  }

  get(conn: SimConnection, name: PrivateFeedName): PrivateSubscription | undefined {
    return this.subs.get(conn)?.get(name);
  }

  /** Number of private subscriptions of a connection. */
  count(conn: SimConnection): number {
    return this.subs.get(conn)?.size ?? 0;
  }

  /**
   * Registers a subscription and sends its snapshot: openOrders always (every open order,
   * newest first, possibly empty); ownTrades the last 50 trades, newest first, unless
   * `snapshot` is false (then the first live message is sequence 1).
   */
  add(sub: PrivateSubscription, snapshot: boolean): void {
    let map = this.subs.get(sub.conn);
    if (map === undefined) {
      map = new Map();
      this.subs.set(sub.conn, map);
    }
    map.set(sub.name, sub);
    if (sub.name === 'openOrders') {
      const entries = this.engine.openOrders().map((o) => o.fullEntry(sub.ratecounter ? this.engine.rate.current(o.pair.wsname) : undefined));
      this.send(sub, entries);
    } else if (snapshot) {
      const records: OwnTradeRecord[] = [];
      for (const g of this.engine.recentTrades(OWN_TRADES_SNAPSHOT)) {
        if (sub.consolidateTaker) records.push(g.consolidated);
        else records.push(...[...g.fills].reverse());
        if (records.length >= OWN_TRADES_SNAPSHOT) break;
      }
      this.send(sub, records.slice(0, OWN_TRADES_SNAPSHOT).map(tradeEntry));
    }
  }

  remove(conn: SimConnection, name: PrivateFeedName): PrivateSubscription | undefined {
    const map = this.subs.get(conn);
    const sub = map?.get(name);
    map?.delete(name);
    if (map !== undefined && map.size === 0) this.subs.delete(conn);
    return sub;
  }

  removeAll(conn: SimConnection): void {
    this.subs.delete(conn);
  }

  deliver(items: readonly AccountFeedItem[]): void {
    // Per connection, in the order the changes happened (across both feeds).
    for (const map of this.subs.values()) {
      for (const item of items) {
        const sub = map.get(item.channel);
        if (sub === undefined) continue;
        if (item.channel === 'openOrders') {
          const ratecount = sub.ratecounter ? item.ratecount : undefined;
          const body =
            item.full !== undefined
              ? sortedJson({ ...item.full, ratecount })
              : JSON.stringify(ratecount === undefined ? item.update : { ...item.update, ratecount });
          this.send(sub, [`{${JSON.stringify(item.txid)}:${body}}`]);
        } else {
          const records = sub.consolidateTaker ? [item.group.consolidated] : item.group.fills;
          this.send(sub, records.map(tradeEntry));
        }
      }
    }
  }

  private send(sub: PrivateSubscription, entries: readonly string[]): void {
    sub.sequence += 1;
    sub.conn.send(`[[${entries.join(',')}],${JSON.stringify(sub.name)},{"sequence":${sub.sequence}}]`);
  }
}

/** `{"T…":{cost, fee, margin, ordertxid, ordertype, pair, postxid, price, time, type, vol}}` (recorded keys, sorted). */
function tradeEntry(t: OwnTradeRecord): string {
  const body = sortedJson({
    cost: t.cost,
    fee: t.fee,
    margin: t.margin,
    ordertxid: t.ordertxid,
    ordertype: t.ordertype,
    pair: t.pair,
    postxid: POSTXID,
    price: t.price,
    time: t.time,
    type: t.type,
    vol: t.vol,
  });
  return `{${JSON.stringify(t.id)}:${body}}`;
}
