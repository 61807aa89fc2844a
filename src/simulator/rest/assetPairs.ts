import type { ResolvedPair } from '../config';
import { formatUnits } from '../core/decimal';
import type { PairMarket } from '../market/pairMarket';
import { fail, ok, type RestContext, type RestRequest, type RestResponse } from './routes';

/** Kraken's standard taker and maker fee schedules (volume in USD, fee in percent). */
const FEES = [[0, 0.4], [10000, 0.35], [50000, 0.24], [100000, 0.22], [250000, 0.2], [500000, 0.18], [1000000, 0.16], [2500000, 0.14], [5000000, 0.12], [10000000, 0.1]];
const FEES_MAKER = [[0, 0.25], [10000, 0.2], [50000, 0.14], [100000, 0.12], [250000, 0.1], [500000, 0.08], [1000000, 0.06], [2500000, 0.04], [5000000, 0.02], [10000000, 0]];

/** One `AssetPairs` entry, in Kraken's field order. @internal */
export function assetPairEntry(p: ResolvedPair): Record<string, unknown> {
  return {
    altname: p.altname,
    wsname: p.wsname,
    aclass_base: 'currency',
    base: p.base,
    aclass_quote: 'currency',
    quote: p.quote,
    lot: 'unit',
    cost_decimals: p.costDecimals,
    pair_decimals: p.priceDecimals,
    lot_decimals: p.lotDecimals,
    lot_multiplier: 1,
    leverage_buy: [],
    leverage_sell: [],
    fees: FEES,
    fees_maker: FEES_MAKER,
    fee_volume_currency: 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: p.ordermin,
    costmin: p.costmin,
    tick_size: formatUnits(1, p.priceDecimals),
    status: 'online',
  };
}

/**
 * `GET /0/public/AssetPairs[?pair=A,B]`: entries keyed by REST name; `pair` accepts REST names,
 * altnames and wsnames; an unknown one gives `EQuery:Unknown asset pair`.
 * @internal
 */
export function assetPairs(ctx: RestContext, req: RestRequest): RestResponse {
  const filter = req.query.get('pair');
  let selected: PairMarket[];
  if (filter === null || filter === '') {
    selected = [...ctx.market.byName.values()];
  } else {
    selected = [];
    for (const name of filter.split(',').map((s) => s.trim())) {
      const m = ctx.market.byAnyName.get(name);
      if (m === undefined) return fail('EQuery:Unknown asset pair');
      if (!selected.includes(m)) selected.push(m);
    }
  }
  const result: Record<string, unknown> = {};
  for (const m of selected) result[m.pair.restName] = assetPairEntry(m.pair);
  return ok(result);
}
