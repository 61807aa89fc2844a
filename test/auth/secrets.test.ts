import { inspect } from 'node:util';
import { firstValueFrom, NEVER } from 'rxjs';
import { KrakenCredentials } from '../../src/auth/credentials';
import { createTokenSource } from '../../src/auth/tokenProvider';
import { createRestClient } from '../../src/rest/restClient';
import * as errors from '../../src/errors';
import { registerSecret } from '../../src/errors/redact';

// Secrets as they look in practice: a base64 secret, a key, a WebSocket token with "/" and "+".
const API_KEY = 'SWEEPKEYk9h3Jx0Bq7LtYc2MvN4pR8sW1zA6dE5fG0hI3jK7lM';
const API_SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const TOKEN = 'xeAQ/RCChBYNVh53sTv1yZ5H4wIbwDF20PiHtTF+4UI';
const SECRETS = [API_KEY, API_SECRET, TOKEN];

new KrakenCredentials({ apiKey: API_KEY, apiSecret: API_SECRET });
registerSecret(TOKEN);

/** Text that carries every secret, as a careless server, user or frame might. */
const LEAKY = `key=${API_KEY} secret=${API_SECRET} token=${TOKEN} {"token":"${TOKEN}"}`;

type Factory = () => errors.KrakenError;

// Every error class exported from src/errors, built with the secrets in every text input it takes.
const CASES: Record<string, Factory> = {
  DecodeError: () => new errors.DecodeError('invalid-message', LEAKY, 'bad', { channelName: 'openOrders' }),
  SubscriptionError: () => new errors.SubscriptionError({ errorMessage: `EGeneral:Invalid arguments ${LEAKY}`, channel: 'openOrders' }, 'hint'),
  InvalidArgumentError: () => new errors.InvalidArgumentError('token', LEAKY, 'a token'),
  ConnectionError: () => new errors.ConnectionError('closed', { url: 'wss://ws-auth.kraken.com', reason: LEAKY, closeCode: 1006 }),
  UpgradeRejectedError: () => new errors.UpgradeRejectedError('wss://ws-auth.kraken.com', 403),
  ConnectionRateLimitError: () => new errors.ConnectionRateLimitError('wss://ws-auth.kraken.com', LEAKY, 429),
  MessageRateLimitError: () => new errors.MessageRateLimitError({ errorMessage: `Exceeded msg rate ${LEAKY}`, reqid: 1 }),
  HeartbeatTimeoutError: () => new errors.HeartbeatTimeoutError({ each: 5000, url: 'wss://ws-auth.kraken.com' }),
  ClientClosedError: () => new errors.ClientClosedError('addOrder'),
  BookChecksumError: () => new errors.BookChecksumError({ pair: 'XBT/USD', depth: 10, expected: 1, computed: 2 }),
  ConnectionLostError: () => new errors.ConnectionLostError({ url: 'wss://ws-auth.kraken.com', connectionId: 3 }),
  SubscriptionStalledError: () => new errors.SubscriptionStalledError({ channel: 'openOrders', waitingFor: 'acknowledgement', timeoutMs: 1, attempt: 1 }),
  KrakenRestError: () => new errors.KrakenRestError({ method: 'POST', path: '/0/private/GetWebSocketsToken', errors: [`EAPI:Invalid key:${LEAKY}`], status: 200 }),
  RestRequestError: () =>
    new errors.RestRequestError({ method: 'POST', path: '/0/private/GetWebSocketsToken', reason: 'http-status', status: 500, detail: LEAKY }),
  AuthenticationError: () =>
    new errors.AuthenticationError('rejected', LEAKY, {
      errorMessage: LEAKY,
      cause: new errors.KrakenRestError({ method: 'POST', path: '/p', errors: [LEAKY], status: 200 }),
    }),
  SequenceGapError: () => new errors.SequenceGapError({ feed: 'openOrders', expected: 2, received: 5 }),
  InvalidOrderError: () => new errors.InvalidOrderError('addOrder', [{ field: 'pair', problem: LEAKY }]),
  KrakenRequestError: () => new errors.KrakenRequestError({ event: 'addOrderStatus', errorMessage: `EGeneral:Invalid arguments:${LEAKY}`, reqid: 3 }),
  RequestTimeoutError: () => new errors.RequestTimeoutError({ request: 'cancelOrder', reqid: 4, outcome: 'unknown', timeoutMs: 10, txid: [LEAKY] }),
  RequestInterruptedError: () => new errors.RequestInterruptedError({ request: 'addOrder', reqid: 5, outcome: 'unknown', reason: LEAKY, userref: 42 }),
  CandleRevisionError: () =>
    new errors.CandleRevisionError({
      pair: 'XBT/USD',
      intervalMs: 60_000,
      start: 0,
      received: { pair: 'XBT/USD', price: '1', volume: '1', time: '1.0', side: 'buy', orderType: 'limit', misc: '' },
    }),
  CandleGapError: () => new errors.CandleGapError({ pair: 'XBT/USD', intervalMs: 60_000, lastHistoryStart: 0, firstLiveStart: 180_000, missing: 2 }),
  BookSequenceError: () => new errors.BookSequenceError({ reason: 'update-before-snapshot', pair: 'XBT/USD', channelName: 'book-10' }),
  UnexpectedError: () => new errors.UnexpectedError('frame dispatch', new Error(`boom ${LEAKY}`)),
  TradeGapError: () => new errors.TradeGapError({ pair: 'XBT/USD', from: '1700000000.1', since: '1700000000100000000', reason: 'rest-failed', detail: LEAKY }),
  DeadMansSwitchError: () =>
    new errors.DeadMansSwitchError(
      { timeoutSeconds: 60, triggerTime: LEAKY, failure: LEAKY },
      { cause: new errors.RequestTimeoutError({ request: 'cancelAllOrdersAfter', reqid: 6, outcome: 'unknown', timeoutMs: 10, txid: [LEAKY] }) },
    ),
};

// Classes that would keep free text verbatim (none since KrakenError redacts in its constructor).
const KNOWN_LEAKS = new Set<string>();
const MINE = [
  'KrakenRestError',
  'RestRequestError',
  'AuthenticationError',
  'SequenceGapError',
  'InvalidOrderError',
  'KrakenRequestError',
  'RequestTimeoutError',
  'RequestInterruptedError',
];

describe('no error class shows a registered secret', () => {
  it('covers every error class exported from src/errors', () => {
    const exported = Object.entries(errors)
      .filter(([, v]) => typeof v === 'function' && v.prototype instanceof errors.KrakenError)
      .map(([name]) => name)
      .sort();
    expect(Object.keys(CASES).sort()).toEqual(exported);
  });

  it.each(MINE)('%s redacts every secret in message, JSON, toString and inspect', (name) => {
    const error = CASES[name]!();
    expect(error.name).toBe(name);
    const views = [error.message, JSON.stringify(error), String(error), error.toString(), inspect(error, { depth: 10 }), JSON.stringify(error.info)];
    for (const view of views) for (const secret of SECRETS) expect(view).not.toContain(secret);
    // Classes that take text show where a secret was removed (SequenceGapError takes none).
    if (name !== 'SequenceGapError') expect(error.message + JSON.stringify(error.info)).toContain('[redacted]');
  });

  it.each(Object.keys(CASES).filter((n) => !MINE.includes(n)))('%s shows no secret in message, JSON and toString', (name) => {
    const error = CASES[name]!();
    const leaks = SECRETS.some((s) => [error.message, JSON.stringify(error), String(error)].some((v) => v.includes(s)));
    // Documented leaks (see the report) are expected to be fixed by their owners; flip them here then.
    expect(leaks).toBe(KNOWN_LEAKS.has(name));
  });
});

/** Every view of an error a log line may show, with its causes expanded. */
function viewsOf(error: Error): string[] {
  return [error.message, String(error), JSON.stringify(error), error.stack ?? '', inspect(error, { depth: 10 }), inspect(error, { depth: 10, showHidden: true })];
}

/** A foreign error as a careless library throws it: the secrets in its message, stack, own properties and own cause. */
function leakyForeignError(name = 'TypeError'): Error {
  const inner = Object.assign(new Error(`connect ECONNREFUSED ${LEAKY}`), { code: 'ECONNREFUSED', config: { headers: { 'API-Key': API_KEY }, token: TOKEN } });
  const outer = new Error(`fetch failed ${LEAKY}`, { cause: inner });
  outer.name = name;
  return Object.assign(outer, { request: { body: `nonce=1&token=${TOKEN}`, secret: API_SECRET } });
}

describe('a foreign cause is kept as a redacted copy', () => {
  it('UnexpectedError: util.inspect shows the cause without any secret', () => {
    const error = new errors.UnexpectedError('frame dispatch', leakyForeignError());
    for (const view of viewsOf(error)) for (const secret of SECRETS) expect(view).not.toContain(secret);
    // The copy still says what happened.
    const cause = error.cause as Error & { code?: string };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('TypeError');
    expect(cause.message).toBe('fetch failed key=[redacted] secret=[redacted] token=[redacted] {"token":"[redacted]"}');
    expect((cause.cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(inspect(error, { depth: 10 })).toContain('ECONNREFUSED');
  });

  it('UnexpectedError: a thrown string or object is redacted too', () => {
    for (const thrown of [`boom ${LEAKY}`, { token: TOKEN, note: LEAKY }, [API_KEY]]) {
      const error = new errors.UnexpectedError('frame dispatch', thrown);
      for (const view of viewsOf(error)) for (const secret of SECRETS) expect(view).not.toContain(secret);
    }
  });

  it("AuthenticationError('token-provider-failed'): the provider's own error is redacted", async () => {
    const tokens = createTokenSource({
      tokenProvider: () => Promise.reject(leakyForeignError('ProviderError')),
      rest: { getWebSocketsToken: () => NEVER },
    });
    const error = (await firstValueFrom(tokens.token()).catch((e: unknown) => e)) as errors.AuthenticationError;
    expect(error).toBeInstanceOf(errors.AuthenticationError);
    expect(error.info.reason).toBe('token-provider-failed');
    expect((error.cause as Error).name).toBe('ProviderError');
    for (const view of viewsOf(error)) for (const secret of SECRETS) expect(view).not.toContain(secret);
  });

  it('RestRequestError: the network error fetch threw is redacted', async () => {
    const rest = createRestClient({
      restUrl: 'http://127.0.0.1:1',
      fetch: () => Promise.reject(leakyForeignError()),
    });
    const error = (await firstValueFrom(rest.assetPairs()).catch((e: unknown) => e)) as errors.RestRequestError;
    expect(error).toBeInstanceOf(errors.RestRequestError);
    expect(error.info.reason).toBe('network');
    expect((error.cause as Error).name).toBe('TypeError');
    for (const view of viewsOf(error)) for (const secret of SECRETS) expect(view).not.toContain(secret);
  });

  it('a KrakenError cause is kept as it is (it redacted itself)', () => {
    const inner = new errors.KrakenRestError({ method: 'POST', path: '/p', errors: [LEAKY], status: 200 });
    const error = new errors.AuthenticationError('rejected', undefined, { cause: inner });
    expect(error.cause).toBe(inner);
    for (const view of viewsOf(error)) for (const secret of SECRETS) expect(view).not.toContain(secret);
  });

  it.each(Object.keys(CASES))('%s shows no secret in util.inspect, causes included', (name) => {
    const error = CASES[name]!();
    for (const view of viewsOf(error)) for (const secret of SECRETS) expect(view).not.toContain(secret);
  });
});
