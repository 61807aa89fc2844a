import type { ResolvedPair } from '../config';
import { formatTicks, formatUnits } from '../core/decimal';
import type { Prng } from '../core/prng';
import { formatMicros } from '../core/time';
import type { SimulatorTrade } from '../types';
import type { Candle, PairCandles } from './candles';
import type { TradeFill } from './pairMarket';

/**
 * Generates `minutes` minutes of deterministic past trading that ends at `endSec` (exclusive,
 * a minute boundary) with a last trade at the pair's start price, so the live market (whose
 * book is centred on that price) continues it without a jump.
 *
 * The price path is drawn backwards from the start price (a bounded random walk), then every
 * minute's trades are folded into a 1-minute candle and merged into every interval's series.
 * Every minute gets at least one trade. Returns the last `keep` trades (for trade snapshots)
 * and the very last trade (for the ticker's `c`).
 * @internal
 */
export function generateHistory(
  pair: ResolvedPair,
  rng: Prng,
  endSec: number,
  minutes: number,
  candles: PairCandles,
  keep: number,
): { recent: SimulatorTrade[]; last: TradeFill | undefined } {
  if (minutes <= 0) return { recent: [], last: undefined };
  const step = pair.maxGapTicks * 2;
  const low = Math.max(1, Math.floor(pair.startTicks * 0.8));
  const high = Math.ceil(pair.startTicks * 1.2);
  // Walk backwards, newest minute first.
  const perMinute: { start: number; trades: { price: number; lots: number; time: number; buy: boolean; market: boolean }[] }[] = [];
  let price = pair.startTicks;
  for (let m = 1; m <= minutes; m++) {
    const start = endSec - m * 60;
    const count = rng.int(1, 12);
    const offsets: number[] = [];
    for (let i = 0; i < count; i++) offsets.push(rng.int(0, 59_999_999));
    offsets.sort((a, b) => a - b);
    const trades: { price: number; lots: number; time: number; buy: boolean; market: boolean }[] = new Array<{ price: number; lots: number; time: number; buy: boolean; market: boolean }>(count);
    for (let i = count - 1; i >= 0; i--) {
      const lots = rng.bigInt(Math.max(1, Math.floor(pair.typicalLots / 50)), pair.typicalLots * 2);
      trades[i] = { price, lots, time: start * 1_000_000 + (offsets[i] as number), buy: rng.chance(0.5), market: rng.chance(0.8) };
      let move = rng.int(-step, step);
      if (price + move < low) move = Math.abs(move);
      if (price + move > high) move = -Math.abs(move);
      price = Math.max(1, price + move);
    }
    perMinute.push({ start, trades });
  }
  const recent: SimulatorTrade[] = [];
  let last: TradeFill | undefined;
  for (let m = perMinute.length - 1; m >= 0; m--) {
    const { start, trades } = perMinute[m] as (typeof perMinute)[number];
    let candle: Candle | undefined;
    for (const t of trades) {
      const v = BigInt(t.lots);
      if (candle === undefined) {
        candle = { start, open: t.price, high: t.price, low: t.price, close: t.price, volume: v, notional: v * BigInt(t.price), count: 1, last: t.time };
      } else {
        candle.high = Math.max(candle.high, t.price);
        candle.low = Math.min(candle.low, t.price);
        candle.close = t.price;
        candle.volume += v;
        candle.notional += v * BigInt(t.price);
        candle.count += 1;
        candle.last = t.time;
      }
      if (m >= keep && m !== 0) continue;
      const trade: SimulatorTrade = {
        pair: pair.wsname,
        price: formatTicks(t.price, pair.priceDecimals, pair.wsPriceDecimals),
        volume: formatUnits(t.lots, pair.lotDecimals),
        time: formatMicros(t.time),
        side: t.buy ? 'b' : 's',
        orderType: t.market ? 'm' : 'l',
      };
      if (m < keep) recent.push(trade);
      if (m === 0) last = { price: t.price, lots: t.lots, time: t.time, trade };
    }
    if (candle !== undefined) candles.addMinute(candle);
  }
  return { recent: recent.slice(-keep), last };
}
