/**
 * A trimmed AssetPairs answer in Kraken's shape (keys, altnames and wsnames as Kraken lists
 * them), plus two synthetic pairs used only to exercise alias ambiguity.
 */
const common = {
  aclass_base: 'currency',
  aclass_quote: 'currency',
  lot: 'unit',
  lot_multiplier: 1,
  fees: [[0, 0.26]],
  fees_maker: [[0, 0.16]],
  margin_call: 80,
  margin_stop: 40,
  status: 'online',
};

export const ASSET_PAIRS_RESULT = {
  XXBTZUSD: { ...common, altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD', cost_decimals: 5, pair_decimals: 1, lot_decimals: 8, leverage_buy: [2, 3, 4, 5], leverage_sell: [2, 3, 4, 5], fee_volume_currency: 'ZUSD', ordermin: '0.0001', costmin: '0.5', tick_size: '0.1' },
  'XXBTZUSD.d': { ...common, altname: 'XBTUSD.d', base: 'XXBT', quote: 'ZUSD', cost_decimals: 5, pair_decimals: 1, lot_decimals: 8, leverage_buy: [], leverage_sell: [], fee_volume_currency: 'ZUSD', ordermin: '0.0001' },
  XXBTZEUR: { ...common, altname: 'XBTEUR', wsname: 'XBT/EUR', base: 'XXBT', quote: 'ZEUR', cost_decimals: 5, pair_decimals: 1, lot_decimals: 8, leverage_buy: [2, 3, 4, 5], leverage_sell: [2, 3, 4, 5], fee_volume_currency: 'ZUSD', ordermin: '0.0001', costmin: '0.5', tick_size: '0.1' },
  XBTUSDT: { ...common, altname: 'XBTUSDT', wsname: 'XBT/USDT', base: 'XXBT', quote: 'USDT', cost_decimals: 5, pair_decimals: 1, lot_decimals: 8, leverage_buy: [2, 3], leverage_sell: [2, 3], fee_volume_currency: 'ZUSD', ordermin: '0.0001', costmin: '0.5', tick_size: '0.1' },
  XETHXXBT: { ...common, altname: 'ETHXBT', wsname: 'ETH/XBT', base: 'XETH', quote: 'XXBT', cost_decimals: 10, pair_decimals: 5, lot_decimals: 8, leverage_buy: [2, 3, 4, 5], leverage_sell: [2, 3, 4, 5], fee_volume_currency: 'ZUSD', ordermin: '0.002', costmin: '0.00002', tick_size: '0.00001' },
  XETHZUSD: { ...common, altname: 'ETHUSD', wsname: 'ETH/USD', base: 'XETH', quote: 'ZUSD', cost_decimals: 5, pair_decimals: 2, lot_decimals: 8, leverage_buy: [2, 3, 4, 5], leverage_sell: [2, 3, 4, 5], fee_volume_currency: 'ZUSD', ordermin: '0.002', costmin: '0.5', tick_size: '0.01' },
  XDGUSD: { ...common, altname: 'XDGUSD', wsname: 'XDG/USD', base: 'XXDG', quote: 'ZUSD', cost_decimals: 7, pair_decimals: 7, lot_decimals: 8, leverage_buy: [2, 3], leverage_sell: [2, 3], fee_volume_currency: 'ZUSD', ordermin: '20', costmin: '0.5', tick_size: '0.0000001' },
  XDGXBT: { ...common, altname: 'XDGXBT', wsname: 'XDG/XBT', base: 'XXDG', quote: 'XXBT', cost_decimals: 10, pair_decimals: 9, lot_decimals: 8, leverage_buy: [], leverage_sell: [], fee_volume_currency: 'ZUSD', ordermin: '20', costmin: '0.00002', tick_size: '0.000000001' },
  // Synthetic: two wsnames whose aliases collide ("BTC/XDG" could mean either).
  SYNTHAXBTXDG: { ...common, altname: 'XBTXDG', wsname: 'XBT/XDG', base: 'XXBT', quote: 'XXDG' },
  SYNTHBBTCXDG: { ...common, altname: 'BTCXDGALT', wsname: 'BTC/DOGE', base: 'BTC', quote: 'DOGE' },
};
