/**
 * Pipeable operators of kraken-rx: book reconstruction, candles, open orders, liveness.
 * @packageDocumentation
 */
export { toOrderBook } from './toOrderBook';
export { toCandles, DEFAULT_TO_CANDLES_CONFIG, type ToCandlesConfig } from './toCandles';
export { tradesToCandles, DEFAULT_TRADES_TO_CANDLES_CONFIG, type TradesToCandlesConfig } from './tradesToCandles';
export { withCandleHistory, type WithCandleHistoryConfig } from './withCandleHistory';
export { toOpenOrders, DEFAULT_TO_OPEN_ORDERS_CONFIG, type ToOpenOrdersConfig } from './toOpenOrders';
export { heartbeatTimeout, type HeartbeatTimeoutConfig } from './heartbeatTimeout';
export type { OrderBook, BookLevel, OrderBookConfig } from '../book/orderBook';
export { bestAsk, bestBid, spread, midPrice } from '../book/bookPrices';
export { applyBookMessage } from '../book/applyBookMessage';
export { bookChecksum, bookChecksumInput } from '../book/checksum';
export type { Candle } from '../candles/candle';
// The pure candle state behind the operators, for backtests and custom operators.
export {
  applyCandleHistory,
  applyLiveCandle,
  applyOhlcUpdate,
  applyTrade,
  candleFromRestRow,
  closeDueCandles,
  closedCandlesFromRest,
  DEFAULT_OHLC_CANDLE_CONFIG,
  DEFAULT_TRADE_CANDLE_CONFIG,
  initialCandleSeam,
  initialOhlcCandleState,
  initialTradeCandleState,
  krakenTimeToMicros,
  krakenTimeToMs,
  mergeHistoryAndLive,
  nextCloseTime,
  VWAP_EXTRA_DECIMALS,
  type CandleSeam,
  type CandleSeamStep,
  type CandleStep,
  type ClosingParts,
  type OhlcCandleConfig,
  type OhlcCandleState,
  type RestOhlcRow,
  type TradeCandleConfig,
  type TradeCandleState,
  type TradeCandleSums,
} from '../candles';
export { applyOpenOrdersMessage, findOrderByUserref, findOrdersByUserref, type OpenOrder, type OpenOrdersState } from '../private/openOrders';
export { conflateLatest, type ConflateLatestConfig } from './conflateLatest';
