import type { OwnTradeEvent } from '../../src/feeds/privateFeeds';
import { applyOpenOrdersMessage, type OpenOrdersState } from '../../src/private/openOrders';
import type { OpenOrdersMessage } from '../../src/protocol/messages';
import type { Simulator } from '../../src/simulator';
import type { Violations } from './violations';
import { channelKey, privateFrame, type ChannelModel } from './wireModel';
import type { TapConnection, WireListener } from './wireTap';

/** Figures of the private feeds. */
export interface PrivateFeedFigures {
  openOrdersMessages: number;
  openOrdersSnapshots: number;
  ownTrades: number;
  /** Own trades first delivered by a snapshot after a resubscription (missed live, recovered). */
  ownTradesRecovered: number;
  /** Orders that reached a final state while the client was not subscribed (absent from the next snapshot). */
  ordersClosedWhileAway: number;
}

const OPEN_ORDERS = channelKey('openOrders', '');
const OWN_TRADES = channelKey('ownTrades', '');

/**
 * openOrders and ownTrades.
 *
 * openOrders: every frame of a live subscription is emitted by `openOrders()` exactly once,
 * with its sequence number and orders, while it is delivered; the sequence numbers of a
 * subscription run 1, 2, 3... with no gap or repeat; at a checkpoint the open orders folded
 * from the feed equal the simulator's open orders (ids, status, executed volume).
 *
 * ownTrades: no trade id is ever emitted twice; every frame's trades not emitted before are
 * emitted while it is delivered (so the snapshot after a reconnect brings the fills missed
 * meanwhile, and nothing else); at a checkpoint the emitted trades are exactly the simulator's
 * trades of the account, field for field.
 */
export class PrivateFeedChecker implements WireListener {
  readonly figures: PrivateFeedFigures = { openOrdersMessages: 0, openOrdersSnapshots: 0, ownTrades: 0, ownTradesRecovered: 0, ordersClosedWhileAway: 0 };
  private state: OpenOrdersState | undefined;
  private expectedOrders: { sequence: number; ids: string[] } | undefined;
  private lastSequence = new Map<number, number>();
  private readonly emittedTrades = new Map<string, OwnTradeEvent>();
  private expectedTrades: Set<string> | undefined;
  private tradeFrameIsSnapshot = false;
  private sawFirstTradeSnapshot = false;
  private seenIds = new Set<string>();

  constructor(
    private readonly channels: ChannelModel,
    private readonly violations: Violations,
  ) {}

  beforeFrame(conn: TapConnection, _text: string, message: unknown): void {
    if (conn.endpoint !== 'private') return;
    const frame = privateFrame(message);
    if (frame === undefined) return;
    const key = frame.channelName === 'openOrders' ? OPEN_ORDERS : OWN_TRADES;
    if (!this.channels.isLive(conn, key)) return;
    const ids = frame.entries.map((e) => Object.keys(e)[0] as string);
    if (frame.channelName === 'openOrders') {
      const previous = this.lastSequence.get(conn.id);
      this.violations.expect(
        frame.sequence === 1 || frame.sequence === (previous ?? 0) + 1,
        'openOrders.wireSequence',
        () => `connection ${conn.id}: sequence ${frame.sequence} after ${previous}`,
      );
      this.lastSequence.set(conn.id, frame.sequence);
      this.expectedOrders = { sequence: frame.sequence, ids };
    } else {
      // Own trades the client already emitted, sent again (the snapshot after a resubscription):
      // the client must not emit them twice.
      const again = ids.filter((id) => this.seenIds.has(id)).length;
      if (again > 0) this.violations.exercise('ownTrades.neverTwice', again);
      this.expectedTrades = new Set(ids.filter((id) => !this.seenIds.has(id)));
      // A snapshot after the first one (a resubscription) recovers the fills missed meanwhile.
      this.tradeFrameIsSnapshot = frame.sequence === 1 && this.sawFirstTradeSnapshot;
      if (frame.sequence === 1) this.sawFirstTradeSnapshot = true;
    }
  }

  afterFrame(conn: TapConnection, _text: string, message: unknown): void {
    if (conn.endpoint !== 'private') return;
    const frame = privateFrame(message);
    if (frame === undefined) return;
    if (frame.channelName === 'openOrders' && this.expectedOrders !== undefined) {
      const e = this.expectedOrders;
      this.violations.expect(false, 'openOrders.deliveredOnce', () => `openOrders sequence ${e.sequence} (${e.ids.length} orders) was not emitted`);
      this.expectedOrders = undefined;
    }
    if (frame.channelName === 'ownTrades' && this.expectedTrades !== undefined) {
      const left = this.expectedTrades;
      this.violations.expect(left.size === 0, 'ownTrades.deliveredOnce', () => `ownTrades frame: ${[...left].join(', ')} not emitted`);
      this.expectedTrades = undefined;
    }
  }

  /** A value of `openOrders()`. */
  onOpenOrders(message: OpenOrdersMessage): void {
    const e = this.expectedOrders;
    const ids = message.orders.map((o) => o.id);
    const ok = e !== undefined && e.sequence === message.sequence && e.ids.length === ids.length && e.ids.every((id, i) => ids[i] === id);
    this.violations.expect(ok, 'openOrders.equalsFrame', () => `openOrders sequence ${message.sequence} emitted, frame being delivered: ${e === undefined ? 'none' : e.sequence}`);
    this.expectedOrders = undefined;
    if (message.sequence === 1) {
      this.figures.openOrdersSnapshots += 1;
      // Orders we knew as open that the snapshot no longer lists ended while we were away.
      if (this.state !== undefined) {
        const listed = new Set(ids);
        for (const id of this.state.orders.keys()) if (!listed.has(id)) this.figures.ordersClosedWhileAway += 1;
      }
    }
    this.figures.openOrdersMessages += 1;
    this.state = applyOpenOrdersMessage(this.state, message);
  }

  /** A value of `ownTrades()`. */
  onOwnTrade(event: OwnTradeEvent): void {
    const v = this.violations;
    v.expect(!this.emittedTrades.has(event.id), 'ownTrades.neverTwice', () => `own trade ${event.id} emitted twice`);
    v.expect(this.expectedTrades?.delete(event.id) === true, 'ownTrades.equalsFrame', () => `own trade ${event.id} emitted outside its frame (or not new)`);
    this.emittedTrades.set(event.id, event);
    this.seenIds.add(event.id);
    this.figures.ownTrades += 1;
    if (this.tradeFrameIsSnapshot) this.figures.ownTradesRecovered += 1;
  }

  /** At a checkpoint (no order in flight, market paused, quiet). */
  checkpoint(sim: Simulator): void {
    const v = this.violations;
    const open = sim.orders().filter((o) => o.status === 'open' || o.status === 'pending');
    const known = this.state?.orders ?? new Map();
    v.expect(
      open.length === known.size && open.every((o) => known.has(o.txid)),
      'openOrders.equalsSimulator',
      () => `client has ${known.size} open orders, simulator ${open.length}: missing ${open.filter((o) => !known.has(o.txid)).map((o) => o.txid).join(',')}; extra ${[...known.keys()].filter((id) => !open.some((o) => o.txid === id)).join(',')}`,
    );
    for (const o of open) {
      const mine = known.get(o.txid);
      if (mine === undefined) continue;
      v.expect(
        mine.status === o.status && (mine.vol_exec === undefined || mine.vol_exec === o.volumeExecuted),
        'openOrders.orderEqualsSimulator',
        () => `${o.txid}: client ${mine.status} ${mine.vol_exec}, simulator ${o.status} ${o.volumeExecuted}`,
      );
    }
    const truth = sim.ownTrades();
    v.expect(truth.length === this.emittedTrades.size, 'ownTrades.equalsSimulator', () => `client emitted ${this.emittedTrades.size} own trades, simulator has ${truth.length}`);
    for (const t of truth) {
      const mine = this.emittedTrades.get(t.id);
      v.expect(
        mine !== undefined &&
          mine.trade.ordertxid === t.orderTxid &&
          mine.trade.price === t.price &&
          mine.trade.vol === t.volume &&
          mine.trade.cost === t.cost &&
          mine.trade.fee === t.fee &&
          mine.trade.time === t.time,
        'ownTrades.tradeEqualsSimulator',
        () => `own trade ${t.id} ${mine === undefined ? 'never emitted' : 'differs from the simulator'}`,
      );
    }
  }
}
