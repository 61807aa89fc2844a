import { toMicros } from '../core/time';
import { candleRest } from '../market/candles';
import { OHLC_INTERVAL_LIST } from '../server/requests';
import { fail, ok, type RestContext, type RestRequest, type RestResponse } from './routes';

/** Kraken returns at most this many candles. */
const MAX_ROWS = 720;

/**
 * `GET /0/public/OHLC?pair=&interval=&since=`: Kraken's shape, `{"<REST name>": [[time, open,
 * high, low, close, vwap, volume, count], ...], "last": <time>}`.
 *
 * Rows come from the same candle series as the `ohlc-<interval>` feed (history generated at
 * start, continued by live trades), so REST and WebSocket agree: the last row is the most
 * recent candle (running while its interval lasts; Kraken: "the last entry is the current,
 * not-yet-committed frame and is always present"), rows before it are closed. `since` keeps
 * rows whose `time` is greater than it (the last row is always kept). `last` is the start of
 * the newest closed candle, the value to pass as `since` to poll for newly committed candles.
 * Intervals without trades have no row (as on the WebSocket; whether Kraken's REST fills them
 * is unconfirmed). Prices use `pair_decimals` (the WebSocket may pad more, see `wsPriceDecimals`).
 * @internal
 */
export function ohlc(ctx: RestContext, req: RestRequest): RestResponse {
  const name = req.query.get('pair');
  if (name === null || name === '') return fail('EGeneral:Invalid arguments:pair');
  const m = ctx.market.byAnyName.get(name);
  if (m === undefined) return fail('EQuery:Unknown asset pair');
  const intervalText = req.query.get('interval') ?? '1';
  const interval = /^\d+$/.test(intervalText) ? Number(intervalText) : NaN;
  if (!OHLC_INTERVAL_LIST.includes(interval)) return fail('EGeneral:Invalid arguments:interval');
  const sinceText = req.query.get('since');
  let since = Number.NEGATIVE_INFINITY;
  if (sinceText !== null && sinceText !== '') {
    if (!/^\d+$/.test(sinceText)) return fail('EGeneral:Invalid arguments:since');
    since = Number(sinceText);
  }
  const series = m.candles.at(interval);
  const all = series.candles;
  const nowSec = Math.floor(toMicros(ctx.config.clock()) / 1_000_000);
  const recent = all.slice(-MAX_ROWS);
  const rows = recent.filter((c, i) => c.start > since || i === recent.length - 1).map((c) => candleRest(c, m.pair));
  let last = 0;
  for (let i = all.length - 1; i >= 0; i--) {
    const c = all[i];
    if (c !== undefined && series.endOf(c) <= nowSec) {
      last = c.start;
      break;
    }
  }
  return ok({ [m.pair.restName]: rows, last });
}
