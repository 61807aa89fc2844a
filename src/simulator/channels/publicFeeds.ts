import type { ResolvedConfig } from '../config';
import { toMicros } from '../core/time';
import type { Market, MarketObserver } from '../market/market';
import type { AppliedEvent, BookChangeNotice, PairMarket } from '../market/pairMarket';
import { BookWindow } from './bookWindow';
import {
  bookChecksum,
  bookSnapshotPayload,
  bookUpdatePayload,
  ohlcPayload,
  spreadPayload,
  tickerPayload,
  tradePayload,
} from './messages';

/** The public channel names of v1. @internal */
export type PublicChannelName = 'ticker' | 'spread' | 'trade' | 'ohlc' | 'book';

/** Where a subscription's messages go (a connection). @internal */
export interface FeedSink {
  send(text: string): void;
  /** Sends half of `text` as a frame announcing all of it, then ends the connection (fault). */
  cutMidFrame?(text: string): void;
}

/** One public subscription of one connection to one pair. @internal */
export interface FeedSubscription {
  readonly channelID: number;
  /** `ticker`, `spread`, `trade`, `ohlc-<interval>` or `book-<depth>`. */
  readonly channelName: string;
  readonly pair: string;
  readonly name: PublicChannelName;
  /** Depth (book) or interval (ohlc); 0 for the others. */
  readonly param: number;
  readonly sink: FeedSink;
}

class PairFeedState {
  readonly subs = new Map<string, Set<FeedSubscription>>();
  /** One window per subscribed depth. */
  readonly windows = new Map<number, BookWindow>();
  /** Depths whose next update gets a wrong checksum (fault). */
  readonly corrupt = new Set<number>();
  /** `","<channelName>","<pair>"]` per channel name. */
  readonly tails = new Map<string, string>();

  constructor(readonly pair: string) {}

  tail(channelName: string): string {
    let t = this.tails.get(channelName);
    if (t === undefined) {
      t = `,${JSON.stringify(channelName)},${JSON.stringify(this.pair)}]`;
      this.tails.set(channelName, t);
    }
    return t;
  }

  publish(channelName: string, payload: string): void {
    const set = this.subs.get(channelName);
    if (set === undefined || set.size === 0) return;
    const tail = this.tail(channelName);
    for (const s of set) s.sink.send(`[${s.channelID},${payload}${tail}`);
  }

  has(channelName: string): boolean {
    return (this.subs.get(channelName)?.size ?? 0) > 0;
  }
}

/**
 * The public channels: subscriber registry, initial messages on subscribe, and the messages
 * produced by every market event (book windows per depth, trades, candles, spread, ticker).
 * Each payload is built once per event and channel and shared by all its subscribers.
 * @internal
 */
export class PublicFeeds implements MarketObserver {
  private readonly state = new Map<string, PairFeedState>();
  private market: Market | undefined;
  /** Book snapshots still to send whole before the next one is cut mid-frame (fault), if armed. */
  private snapshotCut: number | undefined;

  constructor(private readonly config: ResolvedConfig) {
    for (const p of config.pairs) this.state.set(p.wsname, new PairFeedState(p.wsname));
  }

  /** Connects the market (done once, right after both are created). */
  attach(market: Market): void {
    this.market = market;
  }

  /** Registers a subscription and sends its initial messages (snapshot, ticker, spread, candle...). */
  add(sub: FeedSubscription): void {
    const st = this.pairState(sub.pair);
    let set = st.subs.get(sub.channelName);
    if (set === undefined) {
      set = new Set();
      st.subs.set(sub.channelName, set);
    }
    set.add(sub);
    if (sub.name === 'book' && !st.windows.has(sub.param)) st.windows.set(sub.param, new BookWindow(sub.param));
    const m = this.pairMarket(sub.pair);
    const send = (payload: string | undefined): void => {
      if (payload !== undefined) sub.sink.send(`[${sub.channelID},${payload}${st.tail(sub.channelName)}`);
    };
    switch (sub.name) {
      case 'book': {
        const payload = bookSnapshotPayload(m, sub.param);
        if (this.snapshotCut !== undefined && sub.sink.cutMidFrame !== undefined) {
          if (this.snapshotCut > 0) this.snapshotCut -= 1;
          else {
            this.snapshotCut = undefined;
            sub.sink.cutMidFrame(`[${sub.channelID},${payload}${st.tail(sub.channelName)}`);
            break;
          }
        }
        send(payload);
        break;
      }
      case 'ticker':
        send(tickerPayload(m, toMicros(this.config.clock())));
        break;
      case 'spread':
        send(spreadPayload(m));
        break;
      case 'ohlc':
        send(ohlcPayload(m, m.candles.at(sub.param)));
        break;
      case 'trade':
        if (this.config.tradeSnapshot > 0 && m.recentTrades.length > 0) {
          send(tradePayload(m.recentTrades.slice(-this.config.tradeSnapshot)));
        }
        break;
    }
  }

  /** Removes a subscription (no message). */
  remove(sub: FeedSubscription): void {
    const st = this.pairState(sub.pair);
    const set = st.subs.get(sub.channelName);
    if (set === undefined) return;
    set.delete(sub);
    if (set.size === 0) {
      st.subs.delete(sub.channelName);
      if (sub.name === 'book') st.windows.delete(sub.param);
    }
  }

  /** After `after` more book snapshots sent whole, the next one is cut mid-frame and its connection ended. */
  armSnapshotCut(after: number): void {
    this.snapshotCut = after;
  }

  /** Disarms {@link armSnapshotCut}. */
  disarmSnapshotCut(): void {
    this.snapshotCut = undefined;
  }

  /** Marks the next update of every currently subscribed depth of `pair` to carry a wrong checksum. */
  corruptNextChecksum(pair: string): void {
    const st = this.pairState(pair);
    for (const depth of st.windows.keys()) st.corrupt.add(depth);
  }

  onBookChange(market: PairMarket, notice: BookChangeNotice): void {
    const st = this.state.get(market.name);
    if (st === undefined || st.windows.size === 0) return;
    for (const w of st.windows.values()) w.onChange(notice);
  }

  onEvent(market: PairMarket, applied: AppliedEvent): void {
    const st = this.state.get(market.name);
    if (st === undefined) return;
    if (st.windows.size > 0) {
      let checksum: number | undefined;
      for (const w of st.windows.values()) {
        const { asks, bids } = w.take();
        if (asks.length === 0 && bids.length === 0) continue;
        checksum ??= bookChecksum(market.asks, market.bids);
        let c = checksum;
        if (st.corrupt.delete(w.depth)) c = (checksum ^ 0x5a5a5a5a) >>> 0;
        st.publish(`book-${w.depth}`, bookUpdatePayload(asks, bids, c));
      }
    }
    if (applied.fills.length > 0) {
      if (st.has('trade')) st.publish('trade', tradePayload(applied.event.trades));
      for (const [name, subs] of st.subs) {
        if (subs.size === 0 || !name.startsWith('ohlc-')) continue;
        const payload = ohlcPayload(market, market.candles.at(Number(name.slice(5))));
        if (payload !== undefined) st.publish(name, payload);
      }
    }
    if (applied.topChanged && st.has('spread')) {
      const payload = spreadPayload(market, applied.time);
      if (payload !== undefined) st.publish('spread', payload);
    }
    if ((applied.topChanged || applied.fills.length > 0) && st.has('ticker')) {
      const payload = tickerPayload(market, applied.time);
      if (payload !== undefined) st.publish('ticker', payload);
    }
  }

  private pairState(pair: string): PairFeedState {
    const st = this.state.get(pair);
    if (st === undefined) throw new RangeError(`unknown pair ${pair}`);
    return st;
  }

  private pairMarket(pair: string): PairMarket {
    if (this.market === undefined) throw new Error('PublicFeeds used before attach()');
    return this.market.require(pair);
  }
}
