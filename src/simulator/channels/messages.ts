import { crc32 } from 'node:zlib';
import { formatTicks, formatUnits, formatVwap, pow10 } from '../core/decimal';
import { formatMicros } from '../core/time';
import type { BookSide, Level } from '../market/bookSide';
import { candleWire, type CandleSeries } from '../market/candles';
import type { PairMarket } from '../market/pairMarket';
import type { Aggregate } from '../market/tickerStats';
import type { SimulatorTrade } from '../types';
import { levelEntry } from './bookWindow';

/**
 * Builders of the payload part of public channel messages (the element(s) between
 * `channelID` and `channelName`). Payloads are built once per event and shared by every
 * subscriber; only the leading `channelID` differs.
 * @internal
 */

/** The v1 book checksum (protocol reference 7): CRC32 of the top 10 asks then top 10 bids. */
export function bookChecksum(asks: BookSide, bids: BookSide): number {
  let s = '';
  for (let i = 0; i < 10; i++) {
    const l = asks.at(i);
    if (l === undefined) break;
    s += l.checksumText;
  }
  for (let i = 0; i < 10; i++) {
    const l = bids.at(i);
    if (l === undefined) break;
    s += l.checksumText;
  }
  return crc32(s) >>> 0;
}

/** `{"as":[...],"bs":[...]}`: the top `depth` levels of each side, with their own timestamps. */
export function bookSnapshotPayload(m: PairMarket, depth: number): string {
  const side = (b: BookSide): string => b.top(depth).map((l) => levelEntry(l)).join(',');
  return `{"as":[${side(m.asks)}],"bs":[${side(m.bids)}]}`;
}

/**
 * The update payload: one dict when only one side changed, Kraken's two-dict form (asks first,
 * checksum in the last dict) when both did.
 */
export function bookUpdatePayload(asks: readonly string[], bids: readonly string[], checksum: number): string {
  if (asks.length > 0 && bids.length > 0) return `{"a":[${asks.join(',')}]},{"b":[${bids.join(',')}],"c":"${checksum}"}`;
  if (asks.length > 0) return `{"a":[${asks.join(',')}],"c":"${checksum}"}`;
  return `{"b":[${bids.join(',')}],"c":"${checksum}"}`;
}

/** `[["price","volume","time","b|s","m|l",""],...]`. */
export function tradePayload(trades: readonly SimulatorTrade[]): string {
  return `[${trades.map((t) => `["${t.price}","${t.volume}","${t.time}","${t.side}","${t.orderType}",""]`).join(',')}]`;
}

/** `["bid","ask","time","bidVolume","askVolume"]`; `time` defaults to the newer best level's. */
export function spreadPayload(m: PairMarket, timeUs?: number): string | undefined {
  const a = m.asks.best();
  const b = m.bids.best();
  if (a === undefined || b === undefined) return undefined;
  const t = timeUs === undefined ? (a.time > b.time ? a.timeText : b.timeText) : formatMicros(timeUs);
  return `["${b.priceText}","${a.priceText}","${t}","${b.volumeText}","${a.volumeText}"]`;
}

/** The latest candle of a series, as `[time, etime, o, h, l, c, vwap, volume, count]`. */
export function ohlcPayload(m: PairMarket, series: CandleSeries): string | undefined {
  const c = series.latest();
  return c === undefined ? undefined : JSON.stringify(candleWire(c, series, m.pair));
}

/** The ticker object `{"a":..,"b":..,"c":..,"v":..,"p":..,"t":..,"l":..,"h":..,"o":..}` at `nowUs`. */
export function tickerPayload(m: PairMarket, nowUs: number): string | undefined {
  const a = m.asks.best();
  const b = m.bids.best();
  if (a === undefined || b === undefined) return undefined;
  const p = m.pair;
  const nowSec = Math.floor(nowUs / 1_000_000);
  const lastPrice = m.lastTrade?.price ?? Math.floor((a.price + b.price) / 2);
  const price = (ticks: number): string => formatTicks(ticks, p.priceDecimals, p.wsPriceDecimals);
  const vol = (lots: bigint | number): string => formatUnits(lots, p.lotDecimals);
  const vwap = (g: Aggregate): string =>
    g.volume === 0n ? price(lastPrice) : formatVwap(g.notional, g.volume, p.priceDecimals, p.wsPriceDecimals);
  const low = (g: Aggregate): string => price(g.count === 0 ? lastPrice : g.low);
  const high = (g: Aggregate): string => price(g.count === 0 ? lastPrice : g.high);
  const open = (g: Aggregate): string => price(g.open < 0 ? lastPrice : g.open);
  const today = m.stats.today(nowSec);
  const day = m.stats.last24h(nowSec);
  const whole = (l: Level): number => Math.floor(l.lots / Number(pow10(p.lotDecimals)));
  return (
    `{"a":["${a.priceText}",${whole(a)},"${a.volumeText}"],` +
    `"b":["${b.priceText}",${whole(b)},"${b.volumeText}"],` +
    `"c":["${price(lastPrice)}","${m.lastTrade?.trade.volume ?? vol(0)}"],` +
    `"v":["${vol(today.volume)}","${vol(day.volume)}"],` +
    `"p":["${vwap(today)}","${vwap(day)}"],` +
    `"t":[${today.count},${day.count}],` +
    `"l":["${low(today)}","${low(day)}"],` +
    `"h":["${high(today)}","${high(day)}"],` +
    `"o":["${open(today)}","${open(day)}"]}`
  );
}
