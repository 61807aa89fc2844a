import type { RestTradeRow } from '../protocol/restMessages';
import { REST_TRADES_PAGE, TradeSeams, canonicalDecimal, decimalLike, microsToTime, timeToMicros } from './tradeSeams';
import type { Trade } from './values';

/** A live trade as the WebSocket writes XBT/USD: five price decimals, eight volume decimals. */
function live(price: string, volume: string, time: string, side: 'buy' | 'sell' = 'buy', orderType: 'market' | 'limit' = 'market'): Trade {
  return { pair: 'XBT/USD', price, volume, time, side, orderType, misc: '' };
}

/** The same trade as REST writes it: fewer price decimals, the time from a JSON number. */
function rest(t: Trade): RestTradeRow {
  return {
    price: canonicalDecimal(t.price),
    volume: t.volume,
    time: String(Number(t.time)),
    side: t.side === 'buy' ? 'b' : 's',
    orderType: t.orderType === 'market' ? 'm' : 'l',
    misc: '',
  };
}

const backfilled = (t: Trade): Trade => ({ ...t, backfilled: true });

describe('trade time and decimal helpers', () => {
  it('reads times exactly, rounding a seventh decimal to the nearest microsecond', () => {
    expect(timeToMicros('1699797222.188887')).toBe(1699797222188887);
    expect(timeToMicros('1699797222.1')).toBe(1699797222100000);
    expect(timeToMicros('1699797222')).toBe(1699797222000000);
    expect(timeToMicros('1688669597.8277369')).toBe(1688669597827737);
    expect(timeToMicros('1688669597.8277364')).toBe(1688669597827736);
    expect(microsToTime(1699797222100000)).toBe('1699797222.100000');
  });

  it('compares decimals by value and writes them like the live feed', () => {
    expect(canonicalDecimal('030000.10000')).toBe('30000.1');
    expect(canonicalDecimal('1.000')).toBe('1');
    expect(canonicalDecimal('0.00100')).toBe('0.001');
    expect(decimalLike('30000.1', '29999.90000')).toBe('30000.10000');
    expect(decimalLike('30000', '29999.90000')).toBe('30000.00000');
    expect(decimalLike('0.123456789', '0.50000000')).toBe('0.123456789');
    expect(decimalLike('12.50', '7')).toBe('12.5');
  });
});

describe('TradeSeams', () => {
  const a = live('30000.10000', '0.10000000', '1700000000.000100');
  const b = live('30000.20000', '0.20000000', '1700000000.000100', 'sell');
  // Same time and fields as `a`: a second trade, identical but for the engine's order.
  const aTwin = live('30000.10000', '0.10000000', '1700000000.000100');
  const c = live('30001.00000', '0.30000000', '1700000001.500000', 'buy', 'limit');
  const d = live('30002.00000', '0.40000000', '1700000002.000000');
  const e = live('30003.00000', '0.50000000', '1700000003.000000', 'sell', 'limit');
  const f = live('30004.00000', '0.60000000', '1700000004.000000');
  const g = live('30005.00000', '0.70000000', '1700000005.000000');

  it('passes live trades through while nothing was interrupted', () => {
    const seams = new TradeSeams('XBT/USD');
    expect(seams.live([a, b])).toEqual([a, b]);
    expect(seams.request()).toBeUndefined();
    expect(seams.pending).toBe(false);
  });

  it('has nothing to fill when the feed stopped before any trade', () => {
    const seams = new TradeSeams('XBT/USD');
    seams.stopped();
    expect(seams.request()).toBeUndefined();
    expect(seams.live([a])).toEqual([a]);
  });

  it('asks REST from a millisecond before the last trade, and holds live trades back meanwhile', () => {
    const seams = new TradeSeams('XBT/USD');
    seams.live([a, b]);
    seams.stopped();
    expect(seams.request()).toEqual({ since: '1699999999999100000', from: '1700000000.000100' });
    expect(seams.pending).toBe(true);
    expect(seams.live([f])).toEqual([]);
    expect(seams.firstHeld).toBe(f.time);
  });

  it('emits the missed trades in order before the held ones: no duplicate at either seam, twins kept (multiset)', () => {
    const seams = new TradeSeams('XBT/USD');
    const before = live('29999.00000', '1.00000000', '1699999999.999500');
    seams.live([before, a, b]);
    seams.stopped();
    seams.request();
    seams.live([f]); // live again: f arrives, g not yet
    // REST: a trade before the gap (inside the 1 ms margin), a and b again, a's twin (missed),
    // c, d, e (missed), f (also live), g (made after f, not on the socket yet).
    expect(seams.page([before, a, b, aTwin, c, d, e, f, g].map(rest), '1700000005000000000')).toEqual({ more: false });
    const restored = seams.restored();
    expect(restored.complete).toBe(true);
    expect(restored.trades).toEqual([backfilled(aTwin), backfilled(c), backfilled(d), backfilled(e), f, backfilled(g)]);
    expect(seams.pending).toBe(false);
    // The socket now delivers g (already emitted from REST), then a new trade.
    const h = live('30006.00000', '0.80000000', '1700000006.000000');
    expect(seams.live([g, h])).toEqual([h]);
  });

  it('writes REST trades as the live feed writes the pair: padded decimals, six-decimal times', () => {
    const seams = new TradeSeams('XBT/USD');
    seams.live([a]);
    seams.stopped();
    seams.request();
    const row: RestTradeRow = { price: '30010', volume: '0.25', time: '1700000001.1', side: 's', orderType: 'l', misc: '', tradeId: 7 };
    seams.page([row], '1700000001100000000');
    expect(seams.restored().trades).toEqual([
      { pair: 'XBT/USD', price: '30010.00000', volume: '0.25000000', time: '1700000001.100000', side: 'sell', orderType: 'limit', misc: '', backfilled: true },
    ]);
  });

  it('matches a REST time with a seventh decimal to the live time within a microsecond', () => {
    const seams = new TradeSeams('XBT/USD');
    const t = live('30000.10000', '0.10000000', '1700000000.123457');
    seams.live([t]);
    seams.stopped();
    seams.request();
    seams.page([{ ...rest(t), time: '1700000000.1234565' }, rest(c)], '1');
    expect(seams.restored().trades).toEqual([backfilled(c)]);
  });

  it('asks for another page when one is full, or when REST has not reached the first held live trade', () => {
    const seams = new TradeSeams('XBT/USD');
    seams.live([a]);
    seams.stopped();
    seams.request();
    seams.live([e]);
    const full = Array.from({ length: REST_TRADES_PAGE }, (_, i) => rest(live('30000.00000', '0.01000000', microsToTime(1700000000000200 + i))));
    expect(seams.page(full, 'L1')).toEqual({ more: true, since: 'L1' });
    expect(seams.page([rest(c)], 'L2')).toEqual({ more: true, since: 'L2' });
    // An inclusive `since` repeats the last trade of the previous page: taken once.
    expect(seams.page([rest(c), rest(d), rest(e)], 'L3')).toEqual({ more: false });
    const { trades, complete } = seams.restored();
    expect(complete).toBe(true);
    expect(trades).toHaveLength(REST_TRADES_PAGE + 3);
    expect(trades.slice(-3)).toEqual([backfilled(c), backfilled(d), e]);
  });

  it('says when REST never reached the live feed: the window after the newest REST trade stays open', () => {
    const seams = new TradeSeams('XBT/USD');
    seams.live([a]);
    seams.stopped();
    seams.request();
    seams.live([e]);
    seams.page([rest(c)], 'L');
    expect(seams.restored()).toEqual({ trades: [backfilled(c), e], complete: false, from: c.time, to: e.time });
  });

  it('on a REST failure hands back the held live trades and the window', () => {
    const seams = new TradeSeams('XBT/USD');
    seams.live([a]);
    seams.stopped();
    seams.request();
    seams.live([e, f]);
    expect(seams.failed()).toEqual({ trades: [e, f], from: a.time, to: e.time, since: '1699999999999100000' });
    expect(seams.live([g])).toEqual([g]);
  });

  it('keeps the first gap when the feed stops again before it was filled', () => {
    const seams = new TradeSeams('XBT/USD');
    seams.live([a]);
    seams.stopped();
    seams.request();
    seams.live([d]); // live for a while, then down again
    seams.stopped();
    const again = seams.request();
    expect(again?.from).toBe(a.time);
    seams.live([f]);
    seams.page([a, c, d, e, f].map(rest), 'L');
    expect(seams.restored().trades).toEqual([backfilled(c), d, backfilled(e), f]);
  });

  it('drops live trades re-sent after a resubscription (a trade snapshot) that were already emitted', () => {
    const seams = new TradeSeams('XBT/USD');
    seams.live([a, b, c]);
    seams.stopped();
    seams.request();
    // The snapshot repeats a, b and c and brings d (missed); then live e.
    expect(seams.live([a, b, c, d, e])).toEqual([]);
    seams.page([c, d, e].map(rest), 'L');
    expect(seams.restored().trades).toEqual([d, e]);
  });

  it('never drops a live trade while nothing was interrupted, even a twin of the previous one', () => {
    const seams = new TradeSeams('XBT/USD');
    expect(seams.live([a])).toEqual([a]);
    expect(seams.live([aTwin])).toEqual([aTwin]);
  });
});
