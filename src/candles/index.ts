export type { Candle } from './candle';
export { krakenTimeToMicros, krakenTimeToMs } from './krakenTime';
export { nextCloseTime, type CandleStep, type ClosingParts } from './closing';
export { closeDueCandles } from './closeDueCandles';
export {
  applyOhlcUpdate,
  initialOhlcCandleState,
  DEFAULT_OHLC_CANDLE_CONFIG,
  type OhlcCandleConfig,
  type OhlcCandleState,
} from './ohlcCandles';
export {
  applyTrade,
  initialTradeCandleState,
  DEFAULT_TRADE_CANDLE_CONFIG,
  VWAP_EXTRA_DECIMALS,
  type TradeCandleConfig,
  type TradeCandleState,
  type TradeCandleSums,
} from './tradeCandles';
export { candleFromRestRow, closedCandlesFromRest, type RestOhlcRow } from './restCandles';
export {
  applyCandleHistory,
  applyLiveCandle,
  initialCandleSeam,
  mergeHistoryAndLive,
  type CandleSeam,
  type CandleSeamStep,
} from './candleSeam';
