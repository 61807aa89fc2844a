/**
 * kraken-rx: the Kraken WebSocket API v1 as cold RxJS streams.
 * @packageDocumentation
 */
export { createKrakenClient } from './client/createKrakenClient';
export type { KrakenClient } from './client/krakenClient';
export { DEFAULT_KRAKEN_CLIENT_CONFIG, type KrakenClientConfig, type OhlcOptions, type BookOptions } from './client/clientConfig';
export { DEFAULT_SUBSCRIPTION_CONFIG, type SubscriptionConfig } from './client/subscriptionConfig';
export type { BookMessage } from './feeds/publicFeeds';
export type { BookSyncState, BookResyncConfig } from './feeds/bookFeed';
export { DEFAULT_BOOK_RESYNC_CONFIG } from './feeds/bookFeed';
export type { CandlesOptions } from './feeds/candlesFeed';
export { DEFAULT_TRADE_BACKFILL_CONFIG, type TradesOptions, type TradeBackfillConfig } from './feeds/tradesFeed';
export type { OwnTradeEvent, OwnTradesOptions, OpenOrdersOptions } from './feeds/privateFeeds';
export type { OrderBook, BookLevel } from './book/orderBook';
export { bestAsk, bestBid, spread, midPrice } from './book/bookPrices';
export type { Candle } from './candles/candle';
export type { OpenOrder, OpenOrdersState } from './private/openOrders';
export { findOrderByUserref } from './private/openOrders';
export { KrakenCredentials, type CredentialsConfig, type SignedRequest } from './auth/credentials';
export type { SubtleCryptoLike } from './auth/sign';
export type { TokenProvider } from './auth/tokenProvider';
export type { FetchLike, FetchInit, FetchResponseLike } from './rest/restClient';
export type { AssetPair, AssetPairs } from './protocol/restMessages';
export type {
  AddOrderParams,
  EditOrderParams,
  CancelOrderParams,
  CancelAllOrdersAfterParams,
  OrderType,
  OrderFlag,
  TimeInForce,
  DecimalInput,
} from './protocol/tradingRequests';
export type {
  AddOrderResult,
  EditOrderResult,
  CancelOrderResult,
  CancelAllResult,
  CancelAllOrdersAfterResult,
  RequestOptions,
} from './trading/orders';
export { DEFAULT_DEAD_MANS_SWITCH_CONFIG, type DeadMansSwitchConfig } from './trading/deadMansSwitch';
export type { ClosedOrder } from './trading/closedOrders';
export type { ClosedOrderInfo } from './protocol/restMessages';
export type { Trade, OhlcUpdate, Ticker, TickerQuote, TodayAnd24h, Spread } from './feeds/values';
export * from './errors';
export * from './protocol';
export type { ConnectionStatus } from './transport/connection';
export type { LivenessConfig } from './transport/liveness';
export type { BackoffConfig } from './transport/backoff';
export type { RateBudgetConfig } from './transport/rateBudget';
export type { WebSocketLike, WebSocketFactory, WebSocketUpgradeErrorEvent } from './transport/webSocketLike';
export type { SendReceipt, SendStatus } from './transport/sendQueue';
