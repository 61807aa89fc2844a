import { isLeft } from 'fp-ts/Either';
import type * as t from 'io-ts';
import { asyncScheduler, defer, finalize, from, throwError, timeout, type Observable, type SchedulerLike } from 'rxjs';
import type { KrakenCredentials } from '../auth/credentials';
import { InvalidArgumentError } from '../errors/protocolErrors';
import { registerSecret } from '../errors/redact';
import { KrakenRestError, RestRequestError } from '../errors/restErrors';
import { isOhlcInterval, OHLC_INTERVALS, type OhlcInterval } from '../protocol/channels';
import {
  AssetPairs,
  ClosedOrders,
  decodeOhlcResult,
  decodeTradesResult,
  describeErrors,
  RestEnvelope,
  WebSocketsToken,
  type OhlcHistory,
  type TradesHistory,
} from '../protocol/restMessages';

/**
 * The request options the REST client passes to `fetch` (a subset of `RequestInit`).
 * @category Client
 * @since 0.1.0
 */
export interface FetchInit {
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
}

/**
 * The part of a fetch `Response` the REST client reads.
 * @category Client
 * @since 0.1.0
 */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  /** The body as text (the REST client parses the JSON itself). */
  text(): Promise<string>;
}

/**
 * A `fetch` function: `globalThis.fetch` fits, and so does a test fake.
 * @category Client
 * @since 0.1.0
 */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

/**
 * Options of {@link createRestClient}.
 * @category Client
 * @since 0.1.0
 */
export interface RestClientConfig {
  /** The fetch implementation. Defaults to `globalThis.fetch` (looked up at request time). */
  readonly fetch?: FetchLike;
  /** Base URL of Kraken's REST API. Defaults to `https://api.kraken.com`. */
  readonly restUrl?: string;
  /**
   * The `User-Agent` header. Defaults to `kraken-rx/0.1.0`; `false` sends none (browsers
   * ignore it, and on public GETs it triggers a CORS preflight).
   */
  readonly userAgent?: string | false;
  /** Milliseconds to wait for an answer before failing with a `timeout`. Defaults to 10000. */
  readonly timeout?: number;
  /** Scheduler of the timeout (tests pass a `TestScheduler`). Defaults to `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Defaults of {@link RestClientConfig}.
 * @category Client
 * @since 0.1.0
 */
export const DEFAULT_REST_CLIENT_CONFIG = Object.freeze({
  restUrl: 'https://api.kraken.com',
  userAgent: 'kraken-rx/0.1.0',
  timeout: 10_000,
});

/**
 * The few Kraken REST calls the library needs. Every method returns a cold Observable: nothing
 * is requested until subscription, each subscription makes its own request, and
 * unsubscribing aborts it.
 * @category Client
 * @since 0.1.0
 */
export interface KrakenRestClient {
  /**
   * `POST /0/private/GetWebSocketsToken`: a token for the private WebSocket (reference 10.1).
   * The token is registered as a secret (redacted from errors and logs).
   * @example
   * ```ts
   * rest.getWebSocketsToken(credentials).subscribe(({ token, expires }) => console.log(expires)); // 900
   * ```
   */
  getWebSocketsToken(credentials: KrakenCredentials): Observable<WebSocketsToken>;
  /**
   * `GET /0/public/AssetPairs`: every pair (or those named) by Kraken's key.
   * @example
   * ```ts
   * rest.assetPairs().subscribe((pairs) => console.log(pairs['XXBTZUSD']?.wsname)); // 'XBT/USD'
   * ```
   */
  assetPairs(pairs?: ReadonlyArray<string>): Observable<AssetPairs>;
  /**
   * `GET /0/public/OHLC`: up to 720 candles of `interval` minutes, newest last (the last one
   * is still open), optionally only those after `since` (Kraken's `last` of an earlier call).
   * @example
   * ```ts
   * rest.ohlc('XBTUSD', 5).subscribe(({ rows, last }) => console.log(rows.length, last));
   * ```
   */
  ohlc(pair: string, interval: OhlcInterval, since?: number): Observable<OhlcHistory>;
  /**
   * `GET /0/public/Trades`: up to 1000 public trades, oldest first, after `since` (a timestamp
   * in nanoseconds since the epoch as digits, e.g. Kraken's `last` of an earlier call), or the
   * most recent ones without it. Kraken's public REST endpoints are rate-limited per IP
   * (about one call per second sustained): pace repeated calls.
   * @example
   * ```ts
   * rest.trades('XBTUSD', '1700000000000000000').subscribe(({ trades, last }) => console.log(trades.length, last));
   * ```
   */
  trades(pair: string, since?: string): Observable<TradesHistory>;
  /**
   * `POST /0/private/ClosedOrders`, signed like `GetWebSocketsToken`: one page (up to 50) of
   * the account's filled, cancelled and expired orders, most recent first, and how many match
   * in all. The key needs the "Query closed orders & trades" permission. Shape and parameters
   * follow Kraken's REST documentation ("Get Closed Orders").
   * @example
   * ```ts
   * rest.closedOrders(credentials, { userref: 42 }).subscribe(({ closed, count }) => console.log(Object.keys(closed), count));
   * ```
   */
  closedOrders(credentials: KrakenCredentials, params?: ClosedOrdersParams): Observable<ClosedOrders>;
}

/**
 * Parameters of {@link KrakenRestClient.closedOrders} (Kraken's names).
 * @category Client
 * @since 0.1.0
 */
export interface ClosedOrdersParams {
  /** Only the orders placed with this `userref` (32-bit integer). */
  readonly userref?: number;
  /** How many matching orders to skip (pages of 50). */
  readonly ofs?: number;
  /** Unix time in seconds: only orders after it (exclusive). */
  readonly start?: number;
  /** Unix time in seconds: only orders up to it (inclusive). */
  readonly end?: number;
  /** Which time `start`/`end` compare with: `open`, `close` or `both` (Kraken's default). */
  readonly closetime?: 'open' | 'close' | 'both';
  /** Add each order's trade ids (`trades`). */
  readonly trades?: boolean;
}

const TOKEN_PATH = '/0/private/GetWebSocketsToken';
const CLOSED_ORDERS_PATH = '/0/private/ClosedOrders';
const ASSET_PAIRS_PATH = '/0/public/AssetPairs';
const OHLC_PATH = '/0/public/OHLC';
const TRADES_PATH = '/0/public/Trades';

type Decoded<A> = { ok: true; value: A } | { ok: false; detail: string };

interface RequestSpec<A> {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: string;
  readonly credentials?: KrakenCredentials;
  /** Fields of a signed body, after the nonce. */
  readonly params?: Readonly<Record<string, string>>;
  readonly decode: (result: unknown) => Decoded<A>;
}

/**
 * Creates a {@link KrakenRestClient} over an injectable `fetch`.
 *
 * Kraken's envelope `{"error":[...],"result":...}` is unwrapped: an `error` entry that is not a
 * warning (`W...`) fails the request with {@link KrakenRestError} carrying the codes; HTTP
 * errors without that envelope, network failures, timeouts and unexpected bodies fail with
 * {@link RestRequestError}. No error ever contains the key, secret or token.
 *
 * @example
 * ```ts
 * const rest = createRestClient({ timeout: 5000 });
 * rest.assetPairs(['XBTUSD']).subscribe((pairs) => console.log(Object.keys(pairs)));
 * ```
 * @param config Fetch, base URL, user agent, timeout and scheduler.
 * @return A REST client whose methods return cold, abortable Observables.
 * @category Client
 * @since 0.1.0
 */
export function createRestClient(config: RestClientConfig = {}): KrakenRestClient {
  const restUrl = (config.restUrl ?? DEFAULT_REST_CLIENT_CONFIG.restUrl).replace(/\/+$/, '');
  const userAgent = config.userAgent ?? DEFAULT_REST_CLIENT_CONFIG.userAgent;
  const timeoutMs = config.timeout ?? DEFAULT_REST_CLIENT_CONFIG.timeout;
  const scheduler = config.scheduler ?? asyncScheduler;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
    throw new InvalidArgumentError('timeout', timeoutMs, 'a positive number of milliseconds');
  }

  // Signed calls go one at a time: each takes its nonce when it is signed, and Kraken refuses
  // a nonce not larger than the last one it saw for the key (`EAPI:Invalid nonce`), which a
  // call signed later but arriving first (a token request racing a ClosedOrders) would cause.
  let signedQueue: Promise<unknown> = Promise.resolve();

  function request<A>(spec: RequestSpec<A>): Observable<A> {
    return defer(() => {
      const controller = new AbortController();
      let result: Promise<A>;
      if (spec.credentials === undefined) result = perform(spec, controller.signal);
      else {
        result = signedQueue.then(() => {
          if (controller.signal.aborted) throw new RestRequestError({ method: spec.method, path: spec.path, reason: 'network', detail: 'aborted before it was sent' });
          return perform(spec, controller.signal);
        });
        signedQueue = result.catch(() => undefined);
      }
      return from(result).pipe(finalize(() => controller.abort()));
    }).pipe(
      timeout({
        first: timeoutMs,
        scheduler,
        with: () =>
          throwError(() => new RestRequestError({ method: spec.method, path: spec.path, reason: 'timeout', detail: 'timed out', timeoutMs })),
      }),
    );
  }

  async function perform<A>(spec: RequestSpec<A>, signal: AbortSignal): Promise<A> {
    const { method, path } = spec;
    const headers: Record<string, string> = {};
    if (userAgent !== false) headers['User-Agent'] = userAgent;
    let body: string | undefined;
    if (spec.credentials !== undefined) {
      const signed = await spec.credentials.signRequest(path, spec.params);
      body = signed.body;
      headers['API-Key'] = signed.headers['API-Key'];
      headers['API-Sign'] = signed.headers['API-Sign'];
      headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    }
    const fetchFn = config.fetch ?? defaultFetch();
    if (fetchFn === undefined) {
      throw new RestRequestError({ method, path, reason: 'network', detail: 'no fetch function: pass `fetch` in the config' });
    }
    const url = `${restUrl}${path}${spec.query === undefined || spec.query === '' ? '' : `?${spec.query}`}`;
    let response: FetchResponseLike;
    let text: string;
    try {
      response = await fetchFn(url, body === undefined ? { method, headers, signal } : { method, headers, body, signal });
      text = await response.text();
    } catch (e) {
      throw new RestRequestError({ method, path, reason: 'network', detail: errorText(e) }, { cause: e });
    }
    return interpret(spec, response, text);
  }

  function interpret<A>(spec: RequestSpec<A>, response: FetchResponseLike, text: string): A {
    const { method, path } = spec;
    const status = response.status;
    const httpError = (): RestRequestError =>
      new RestRequestError({ method, path, reason: 'http-status', status, detail: `${response.statusText} ${text}`.trim() });
    const malformed = (detail: string): RestRequestError =>
      new RestRequestError({ method, path, reason: 'malformed-response', status, detail });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw response.ok ? malformed(`not JSON: ${text}`) : httpError();
    }
    const envelope = RestEnvelope.decode(json);
    if (isLeft(envelope)) throw response.ok ? malformed(`not a Kraken envelope: ${describeErrors(envelope.left)}`) : httpError();
    const errors = envelope.right.error;
    if (errors.some((e) => !e.startsWith('W'))) throw new KrakenRestError({ method, path, errors, status });
    if (!response.ok) throw httpError();
    if (envelope.right.result === undefined) throw malformed('the envelope has no result');
    const decoded = spec.decode(envelope.right.result);
    if (!decoded.ok) throw malformed(decoded.detail);
    return decoded.value;
  }

  return {
    getWebSocketsToken(credentials) {
      return request({
        method: 'POST',
        path: TOKEN_PATH,
        credentials,
        decode: (result) => {
          const decoded = decodeWith(WebSocketsToken, result);
          if (decoded.ok) registerSecret(decoded.value.token, { ephemeral: true });
          return decoded;
        },
      });
    },
    assetPairs(pairs) {
      const query = pairs === undefined || pairs.length === 0 ? undefined : `pair=${pairs.map(encodeURIComponent).join(',')}`;
      return request({ method: 'GET', path: ASSET_PAIRS_PATH, ...(query === undefined ? {} : { query }), decode: (r) => decodeWith(AssetPairs, r) });
    },
    ohlc(pair, interval, since) {
      return defer(() => {
        if (typeof pair !== 'string' || pair === '') throw new InvalidArgumentError('pair', pair, 'a non-empty pair name');
        if (!isOhlcInterval(interval)) throw new InvalidArgumentError('interval', interval, `one of ${OHLC_INTERVALS.join(', ')} (minutes)`);
        if (since !== undefined && (!Number.isSafeInteger(since) || since < 0)) {
          throw new InvalidArgumentError('since', since, 'a non-negative integer (the `last` of an earlier answer)');
        }
        const params = new URLSearchParams({ pair, interval: String(interval) });
        if (since !== undefined) params.append('since', String(since));
        return request({ method: 'GET', path: OHLC_PATH, query: params.toString(), decode: decodeOhlcResult });
      });
    },
    trades(pair, since) {
      return defer(() => {
        if (typeof pair !== 'string' || pair === '') throw new InvalidArgumentError('pair', pair, 'a non-empty pair name');
        if (since !== undefined && !(typeof since === 'string' && /^\d{1,30}$/.test(since))) {
          throw new InvalidArgumentError('since', since, 'digits: nanoseconds since the epoch (the `last` of an earlier answer)');
        }
        const params = new URLSearchParams({ pair });
        if (since !== undefined) params.append('since', since);
        return request({ method: 'GET', path: TRADES_PATH, query: params.toString(), decode: decodeTradesResult });
      });
    },
    closedOrders(credentials, params = {}) {
      return defer(() => {
        const { userref, ofs, start, end, closetime, trades } = params;
        if (userref !== undefined && !(Number.isInteger(userref) && userref >= -2147483648 && userref <= 2147483647)) {
          throw new InvalidArgumentError('userref', userref, 'a 32-bit signed integer');
        }
        if (ofs !== undefined && !(Number.isSafeInteger(ofs) && ofs >= 0)) throw new InvalidArgumentError('ofs', ofs, 'a non-negative integer');
        for (const [name, value] of [['start', start], ['end', end]] as const) {
          if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new InvalidArgumentError(name, value, 'a Unix time in seconds');
        }
        const fields: Record<string, string> = {};
        if (trades === true) fields['trades'] = 'true';
        if (userref !== undefined) fields['userref'] = String(userref);
        if (start !== undefined) fields['start'] = String(start);
        if (end !== undefined) fields['end'] = String(end);
        if (ofs !== undefined) fields['ofs'] = String(ofs);
        if (closetime !== undefined) fields['closetime'] = closetime;
        return request({ method: 'POST', path: CLOSED_ORDERS_PATH, credentials, params: fields, decode: (r) => decodeWith(ClosedOrders, r) });
      });
    },
  };
}

function decodeWith<A>(codec: t.Decoder<unknown, A>, input: unknown): Decoded<A> {
  const decoded = codec.decode(input);
  return isLeft(decoded) ? { ok: false, detail: describeErrors(decoded.left) } : { ok: true, value: decoded.right };
}

function defaultFetch(): FetchLike | undefined {
  const f = (globalThis as { fetch?: FetchLike }).fetch;
  return typeof f === 'function' ? (url, init) => f.call(globalThis, url, init) : undefined;
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message}: ${cause.message}` : e.message;
  }
  return String(e);
}
