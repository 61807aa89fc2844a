import type { SchedulerLike } from 'rxjs';
import type { CredentialsConfig, KrakenCredentials } from '../auth/credentials';
import type { TokenProvider } from '../auth/tokenProvider';
import type { BookResyncConfig } from '../feeds/bookFeed';
import type { TradeBackfillConfig } from '../feeds/tradesFeed';
import type { FetchLike } from '../rest/restClient';
import type { BackoffConfig } from '../transport/backoff';
import type { LivenessConfig } from '../transport/liveness';
import type { RateBudgetConfig } from '../transport/rateBudget';
import type { WebSocketFactory, WebSocketLike } from '../transport/webSocketLike';
import type { SubscriptionConfig } from './subscriptionConfig';

/**
 * Options of {@link createKrakenClient}. Every field is optional.
 * @category Client
 * @since 0.1.0
 */
export interface KrakenClientConfig {
  /** Public endpoint. Default `wss://ws.kraken.com`. */
  readonly url?: string;
  /** Private and trading endpoint. Default `wss://ws-auth.kraken.com`. */
  readonly authUrl?: string;
  /** REST API (AssetPairs, OHLC history, tokens). Default `https://api.kraken.com`. */
  readonly restUrl?: string;
  /**
   * How sockets are made: a factory, or a WebSocket constructor such as the browser's
   * native `WebSocket`. Default: the `ws` package in Node, with TLS SNI.
   */
  readonly webSocket?: WebSocketFactory | (new (url: string) => WebSocketLike);
  /** Scheduler of every timer (backoff, linger, liveness, timeouts). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** How long a socket stays open after its last feed left, in ms. Default 1000. */
  readonly lingerMs?: number;
  /** Reconnection backoff (base, cap, attempt limit...). */
  readonly reconnect?: Partial<BackoffConfig>;
  /** Outgoing message budget per connection. Default: a burst of 10, then one per 100 ms. */
  readonly rateBudget?: Partial<RateBudgetConfig>;
  /** Liveness watchdog per socket (default: 5 s of silence is fatal, a ping after 2.5 s); `false` disables it. */
  readonly liveness?: Partial<Omit<LivenessConfig, 'probe'>> | false;
  /** Subscription acknowledgement and first-message timeouts, rate-limit pauses. */
  readonly subscriptions?: Partial<SubscriptionConfig>;
  /** How long `ping()` waits for its `pong`, in ms. Default 5000. */
  readonly pingTimeoutMs?: number;
  /**
   * Your API key and secret, for private feeds and trading. Kept out of every log, error and
   * `toString()`; used only to sign `GetWebSocketsToken` requests.
   */
  readonly credentials?: CredentialsConfig | KrakenCredentials;
  /** Your own source of WebSocket tokens (e.g. your backend), instead of `credentials`. */
  readonly tokenProvider?: TokenProvider;
  /** The `fetch` used for REST calls. Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Default deadline of trading requests, in ms. Default 10 000. */
  readonly requestTimeoutMs?: number;
  /**
   * Pair names not in WebSocket form (`XBTUSD`, `XXBTZUSD`): `'resolve'` (default) looks them
   * up in Kraken's AssetPairs and uses the `wsname`; `'strict'` rejects them with a hint naming
   * the `wsname`. Names in WebSocket form (`XBT/USD`) are always sent as given.
   */
  readonly pairNames?: 'resolve' | 'strict';
  /** Backoff of repeated resyncs of one book (`book()`): first at once, then 0.5 s doubling to 30 s. */
  readonly bookResync?: Partial<BookResyncConfig>;
  /**
   * How `trades()` fills the gaps reconnects leave from REST `Trades`: the spacing of those
   * calls across every pair (default 1000 ms, Kraken's public REST rate limit) and the most
   * calls per gap (default 10). `false` turns backfill off for every `trades()` feed.
   */
  readonly tradeBackfill?: Partial<TradeBackfillConfig> | false;
}

/**
 * The defaults of {@link KrakenClientConfig}.
 * @category Client
 * @since 0.1.0
 */
export const DEFAULT_KRAKEN_CLIENT_CONFIG = Object.freeze({
  url: 'wss://ws.kraken.com',
  authUrl: 'wss://ws-auth.kraken.com',
  restUrl: 'https://api.kraken.com',
  lingerMs: 1_000,
  pingTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
});

/** Options of `ohlc()`. @category Feeds @since 0.1.0 */
export interface OhlcOptions {
  /** Candle interval in minutes: 1 (default), 5, 15, 30, 60, 240, 1440, 10080 or 21600. */
  readonly interval?: number;
}

/** Options of `bookMessages()`. @category Feeds @since 0.1.0 */
export interface BookOptions {
  /** Levels per side: 10 (default), 25, 100, 500 or 1000. */
  readonly depth?: number;
}
