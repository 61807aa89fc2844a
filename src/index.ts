/**
 * kraken-rx: the Kraken WebSocket API v1 as cold RxJS streams.
 * @packageDocumentation
 */
export { createKrakenClient, DEFAULT_KRAKEN_CLIENT_CONFIG } from './client/createKrakenClient';
export type { KrakenClient, KrakenClientConfig, OhlcOptions, BookOptions } from './client/createKrakenClient';
export { DEFAULT_SUBSCRIPTION_CONFIG, type SubscriptionConfig } from './client/session';
export type { BookMessage } from './feeds/publicFeeds';
export type { Trade, OhlcUpdate, Ticker, TickerQuote, TodayAnd24h, Spread } from './feeds/values';
export * from './errors';
export * from './protocol';
export type { ConnectionStatus, LivenessConfig } from './transport/reconnectingSocket';
export type { BackoffConfig } from './transport/backoff';
export type { RateBudgetConfig } from './transport/rateBudget';
export type { WebSocketLike, WebSocketFactory } from './transport/webSocketLike';
export type { SendReceipt, SendStatus } from './transport/sendQueue';
