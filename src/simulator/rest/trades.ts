import type { ResolvedPair } from '../config';
import { fail, ok, type RestContext, type RestRequest, type RestResponse } from './routes';

/** Kraken returns at most this many trades per call. */
const MAX_TRADES = 1000;

/**
 * `GET /0/public/Trades?pair=&since=&count=`: Kraken's shape, `{"<REST name>": [[price,
 * volume, time, side, ordertype, misc, trade_id], ...], "last": "<ns>"}`.
 *
 * Trades come from the pair's trade log: the live trades the simulator made (the same ones
 * its `trade` channel sent, in the same order; the last `tradeLogSize` of them). `since` is a
 * timestamp in nanoseconds (digits; values below 10^11 are read as seconds, as Kraken also
 * accepts) and keeps the trades after it, oldest first, at most `count` (default and maximum
 * 1000); without it the most recent ones are returned. `last` is the newest returned trade's
 * time in nanoseconds (the `since` of the next call), or `since` itself when none is newer.
 *
 * Written as Kraken's REST writes them, not as the WebSocket does: prices with `pair_decimals`
 * (the WebSocket pads XBT/USD to five), `time` a JSON number of seconds (so trailing zeros of
 * the microseconds disappear), `trade_id` counting the pair's live trades from 1. A client
 * comparing REST and WebSocket trades must compare values, not strings.
 * @internal
 */
export function trades(ctx: RestContext, req: RestRequest): RestResponse {
  const name = req.query.get('pair');
  if (name === null || name === '') return fail('EGeneral:Invalid arguments:pair');
  const m = ctx.market.byAnyName.get(name);
  if (m === undefined) return fail('EQuery:Unknown asset pair');
  const sinceText = req.query.get('since');
  let sinceNs: bigint | undefined;
  if (sinceText !== null && sinceText !== '') {
    if (!/^\d{1,30}$/.test(sinceText)) return fail('EGeneral:Invalid arguments:since');
    const n = BigInt(sinceText);
    sinceNs = n < 100_000_000_000n ? n * 1_000_000_000n : n;
  }
  const countText = req.query.get('count');
  let count = MAX_TRADES;
  if (countText !== null && countText !== '') {
    if (!/^\d+$/.test(countText) || Number(countText) < 1) return fail('EGeneral:Invalid arguments:count');
    count = Math.min(MAX_TRADES, Number(countText));
  }
  const log = m.tradeLog;
  const firstId = m.tradeCount - log.length + 1;
  const rows: { index: number; ns: bigint }[] = [];
  if (sinceNs === undefined) {
    const start = Math.max(0, log.length - count);
    for (let i = start; i < log.length; i++) rows.push({ index: i, ns: nanosOf(log[i]?.time ?? '0') });
  } else {
    for (let i = 0; i < log.length && rows.length < count; i++) {
      const ns = nanosOf(log[i]?.time ?? '0');
      if (ns > sinceNs) rows.push({ index: i, ns });
    }
  }
  const result = rows.map(({ index }) => {
    const t = log[index];
    if (t === undefined) throw new RangeError(`trade ${index} is not in the log`);
    return [restPrice(t.price, m.pair), t.volume, Number(t.time), t.side, t.orderType, '', firstId + index];
  });
  const newest = rows[rows.length - 1];
  const last = newest !== undefined ? newest.ns : (sinceNs ?? 0n);
  return ok({ [m.pair.restName]: result, last: String(last) });
}

/** `"<seconds>.<micro>"` to nanoseconds. */
function nanosOf(time: string): bigint {
  const [whole = '0', fraction = ''] = time.split('.');
  return BigInt(whole) * 1_000_000_000n + BigInt((fraction + '000000000').slice(0, 9));
}

/** The WebSocket's padded price (`"30000.10000"`) with `pair_decimals` (`"30000.1"`). */
function restPrice(ws: string, pair: ResolvedPair): string {
  const extra = pair.wsPriceDecimals - pair.priceDecimals;
  if (extra <= 0) return ws;
  const cut = ws.slice(0, ws.length - extra);
  return cut.endsWith('.') ? cut.slice(0, -1) : cut;
}
