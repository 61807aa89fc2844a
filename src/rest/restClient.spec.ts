import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ASSET_PAIRS_RESULT } from '../../test/auth/assetPairsSample';
import { KrakenCredentials } from '../auth/credentials';
import { signKrakenRequest } from '../auth/sign';
import { InvalidArgumentError, KrakenRestError, RestRequestError } from '../errors';
import { redactSecrets } from '../errors/redact';
import type { OhlcInterval } from '../protocol/channels';
import { createRestClient, type FetchInit, type FetchLike, type FetchResponseLike } from './restClient';

const API_KEY = 'rest-spec-api-key-ABCDEFGHIJKLMNOP';
const API_SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
const credentials = new KrakenCredentials({ apiKey: API_KEY, apiSecret: API_SECRET, clock: () => 1_700_000_000_000 });

interface Call {
  readonly url: string;
  readonly init: FetchInit;
}

function response(status: number, body: string, statusText = status === 200 ? 'OK' : 'Error'): FetchResponseLike {
  return { ok: status >= 200 && status < 300, status, statusText, text: () => Promise.resolve(body) };
}

/** A fake fetch answering every call with `answer` and recording the calls. */
function fakeFetch(answer: (call: Call) => Promise<FetchResponseLike>): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: (url, init) => {
      const call = { url, init };
      calls.push(call);
      return answer(call);
    },
  };
}

const json = (value: unknown, status = 200) => () => Promise.resolve(response(status, JSON.stringify(value)));

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => {
      throw new Error(`expected a failure, got ${JSON.stringify(v)}`);
    },
    (e: unknown) => e,
  );
}

describe('createRestClient', () => {
  describe('getWebSocketsToken', () => {
    it('POSTs a signed nonce body with API-Key, API-Sign and User-Agent, and returns token and expires', async () => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: { token: 'xeAQ/RCChBYNVh53sTv1yZ5H4wIbwDF20PiHtTF+4UI', expires: 900 } }));
      const rest = createRestClient({ fetch });
      const answer = await firstValueFrom(rest.getWebSocketsToken(credentials));
      expect(answer).toEqual({ token: 'xeAQ/RCChBYNVh53sTv1yZ5H4wIbwDF20PiHtTF+4UI', expires: 900 });
      expect(calls).toHaveLength(1);
      const [{ url, init }] = calls as [Call];
      expect(url).toBe('https://api.kraken.com/0/private/GetWebSocketsToken');
      expect(init.method).toBe('POST');
      expect(init.body).toBe('nonce=1700000000000000');
      expect(init.headers['API-Key']).toBe(API_KEY);
      expect(init.headers['User-Agent']).toBe('kraken-rx/0.1.0');
      expect(init.headers['Content-Type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
      const expectedSign = await signKrakenRequest({
        path: '/0/private/GetWebSocketsToken',
        nonce: '1700000000000000',
        postData: 'nonce=1700000000000000',
        secret: API_SECRET,
      });
      expect(init.headers['API-Sign']).toBe(expectedSign);
      expect(redactSecrets('xeAQ/RCChBYNVh53sTv1yZ5H4wIbwDF20PiHtTF+4UI')).toBe('[redacted]');
    });

    it('uses a fresh nonce for every request', async () => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: { token: 'some-token-value-1234', expires: 900 } }));
      const creds = new KrakenCredentials({ apiKey: API_KEY, apiSecret: API_SECRET, clock: () => 1 });
      const rest = createRestClient({ fetch });
      await firstValueFrom(rest.getWebSocketsToken(creds));
      await firstValueFrom(rest.getWebSocketsToken(creds));
      expect(calls.map((c) => c.init.body)).toEqual(['nonce=1000', 'nonce=1001']);
    });

    it.each([
      ['EAPI:Invalid key', 'Check the API key'],
      ['EAPI:Invalid signature', 'Check the API secret'],
      ['EAPI:Invalid nonce', 'nonce window'],
      ['EGeneral:Permission denied', 'Access WebSockets API'],
    ])('fails with KrakenRestError carrying %s, with a hint and no secret', async (code, hint) => {
      const { fetch } = fakeFetch(json({ error: [code] }));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).getWebSocketsToken(credentials)));
      expect(error).toBeInstanceOf(KrakenRestError);
      const e = error as KrakenRestError;
      expect(e.info.errors).toEqual([code]);
      expect(e.info.codes[0]?.code).toBe(code);
      expect(e.info.status).toBe(200);
      expect(e.info.path).toBe('/0/private/GetWebSocketsToken');
      expect(e.message).toContain(code);
      expect(e.message).toContain(hint);
      for (const text of [e.message, JSON.stringify(e), String(e)]) {
        expect(text).not.toContain(API_KEY);
        expect(text).not.toContain(API_SECRET);
      }
    });

    it('rejects a token answer without expires as malformed, without showing the token', async () => {
      const { fetch } = fakeFetch(json({ error: [], result: { token: 'leaky-token-value-abcdef' } }));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).getWebSocketsToken(credentials)));
      expect(error).toBeInstanceOf(RestRequestError);
      expect((error as RestRequestError).info.reason).toBe('malformed-response');
      expect(JSON.stringify(error)).not.toContain('leaky-token-value-abcdef');
    });
  });

  describe('closedOrders', () => {
    const CLOSED = {
      'OQCLML-BW3P3-BUCMWZ': {
        refid: 'None',
        userref: 42,
        status: 'closed',
        reason: null,
        opentm: 1688665496.7808,
        closetm: 1688665499.1922,
        starttm: 0,
        expiretm: 0,
        descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'market', price: '0', price2: '0', leverage: 'none', order: 'buy 0.01000000 XBTUSD @ market', close: '' },
        vol: '0.01000000',
        vol_exec: '0.01000000',
        cost: '303.35000',
        fee: '0.78871',
        price: '30335.0',
        stopprice: '0.00000',
        limitprice: '0.00000',
        misc: '',
        oflags: 'fciq',
        trigger: 'index',
      },
    };

    it('POSTs a signed body with nonce then the fields, and decodes Kraken\'s answer (unknown fields kept)', async () => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: { closed: CLOSED, count: 1 } }));
      const creds = new KrakenCredentials({ apiKey: API_KEY, apiSecret: API_SECRET, clock: () => 1_700_000_000_000 });
      const answer = await firstValueFrom(createRestClient({ fetch }).closedOrders(creds, { userref: 42, ofs: 50, trades: true }));
      expect(answer.count).toBe(1);
      expect(answer.closed['OQCLML-BW3P3-BUCMWZ']).toMatchObject({ status: 'closed', userref: 42, vol_exec: '0.01000000', price: '30335.0', trigger: 'index' });
      const [{ url, init }] = calls as [Call];
      expect(url).toBe('https://api.kraken.com/0/private/ClosedOrders');
      expect(init.method).toBe('POST');
      expect(init.body).toBe('nonce=1700000000000000&trades=true&userref=42&ofs=50');
      expect(init.headers['API-Key']).toBe(API_KEY);
      expect(init.headers['API-Sign']).toBe(
        await signKrakenRequest({ path: '/0/private/ClosedOrders', nonce: '1700000000000000', postData: init.body as string, secret: API_SECRET }),
      );
    });

    it('refuses a userref beyond 32 bits before any call; a malformed answer is a RestRequestError', async () => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: { closed: { X: { userref: 1 } }, count: 1 } }));
      const rest = createRestClient({ fetch });
      expect(await failure(firstValueFrom(rest.closedOrders(credentials, { userref: 2 ** 31 })))).toBeInstanceOf(InvalidArgumentError);
      expect(calls).toHaveLength(0);
      const error = await failure(firstValueFrom(rest.closedOrders(credentials)));
      expect(error).toBeInstanceOf(RestRequestError);
      expect((error as RestRequestError).info.reason).toBe('malformed-response');
    });

    it('sends signed calls one at a time, in the order their nonces were taken', async () => {
      const releases: Array<() => void> = [];
      const { fetch, calls } = fakeFetch(
        (call) =>
          new Promise<FetchResponseLike>((resolve) =>
            releases.push(() =>
              resolve(response(200, JSON.stringify(call.url.endsWith('ClosedOrders') ? { error: [], result: { closed: {}, count: 0 } } : { error: [], result: { token: 'tok-abcdefgh', expires: 900 } }))),
            ),
          ),
      );
      const creds = new KrakenCredentials({ apiKey: API_KEY, apiSecret: API_SECRET, clock: () => 1 });
      const rest = createRestClient({ fetch });
      const token = firstValueFrom(rest.getWebSocketsToken(creds));
      const closed = firstValueFrom(rest.closedOrders(creds, { userref: 1 }));
      const settle = () => new Promise((r) => setTimeout(r, 20));
      await settle();
      expect(calls.map((c) => c.url.split('/').pop())).toEqual(['GetWebSocketsToken']);
      releases[0]?.();
      await token;
      await settle();
      expect(calls.map((c) => c.init.body)).toEqual(['nonce=1000', 'nonce=1001&userref=1']);
      releases[1]?.();
      expect(await closed).toEqual({ closed: {}, count: 0 });
    });

    it('a signed call unsubscribed while waiting for its turn is never sent', async () => {
      const releases: Array<() => void> = [];
      const { fetch, calls } = fakeFetch(
        () => new Promise<FetchResponseLike>((resolve) => releases.push(() => resolve(response(200, JSON.stringify({ error: [], result: { closed: {}, count: 0 } }))))),
      );
      const rest = createRestClient({ fetch });
      const first = firstValueFrom(rest.closedOrders(credentials));
      const second = rest.closedOrders(credentials).subscribe();
      await new Promise((r) => setTimeout(r, 20));
      second.unsubscribe();
      releases[0]?.();
      await first;
      await new Promise((r) => setTimeout(r, 20));
      expect(calls).toHaveLength(1);
    });
  });

  describe('assetPairs', () => {
    it('GETs /0/public/AssetPairs and decodes the pairs', async () => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: ASSET_PAIRS_RESULT }));
      const pairs = await firstValueFrom(createRestClient({ fetch }).assetPairs());
      expect(calls[0]?.url).toBe('https://api.kraken.com/0/public/AssetPairs');
      expect(calls[0]?.init.method).toBe('GET');
      expect(calls[0]?.init.body).toBeUndefined();
      expect(pairs['XXBTZUSD']?.wsname).toBe('XBT/USD');
      expect(pairs['XXBTZUSD']?.tick_size).toBe('0.1');
      expect(pairs['XXBTZUSD.d']?.wsname).toBeUndefined();
    });

    it('names pairs in the query, comma-separated and encoded', async () => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: {} }));
      await firstValueFrom(createRestClient({ fetch, restUrl: 'http://127.0.0.1:9/', userAgent: false }).assetPairs(['XBTUSD', 'ETH/USD']));
      expect(calls[0]?.url).toBe('http://127.0.0.1:9/0/public/AssetPairs?pair=XBTUSD,ETH%2FUSD');
      expect(calls[0]?.init.headers).toEqual({});
    });

    it('passes EQuery errors as KrakenRestError', async () => {
      const { fetch } = fakeFetch(json({ error: ['EQuery:Unknown asset pair'] }));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).assetPairs(['NOPE'])));
      expect(error).toBeInstanceOf(KrakenRestError);
      expect((error as KrakenRestError).info.codes).toEqual([{ code: 'EQuery:Unknown asset pair', severity: 'error', category: 'Query', message: 'Unknown asset pair' }]);
    });

    it('succeeds when the error array holds only warnings', async () => {
      const { fetch } = fakeFetch(json({ error: ['WGeneral:Something to note'], result: {} }));
      await expect(firstValueFrom(createRestClient({ fetch }).assetPairs())).resolves.toEqual({});
    });

    it('rejects a pair without altname as malformed', async () => {
      const { fetch } = fakeFetch(json({ error: [], result: { X: { wsname: 'X/Y', base: 'X', quote: 'Y' } } }));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).assetPairs()));
      expect((error as RestRequestError).info).toMatchObject({ reason: 'malformed-response', status: 200 });
      expect((error as RestRequestError).info.detail).toContain('altname');
    });
  });

  describe('ohlc', () => {
    const RESULT = {
      XXBTZUSD: [
        [1688671200, '30306.1', '30306.2', '30305.7', '30305.7', '30305.9', '3.39243896', 23],
        [1688671260, '30305.7', '30306.0', '30305.1', '30305.10', '30305.30', '0.00000100', 1],
      ],
      last: 1688671200,
    };

    it('GETs pair, interval and since, and keeps every row with exact strings', async () => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: RESULT }));
      const history = await firstValueFrom(createRestClient({ fetch }).ohlc('XBTUSD', 1, 1688671000));
      expect(calls[0]?.url).toBe('https://api.kraken.com/0/public/OHLC?pair=XBTUSD&interval=1&since=1688671000');
      expect(history).toEqual({ pair: 'XXBTZUSD', rows: RESULT.XXBTZUSD, last: 1688671200 });
      expect(history.rows[1]?.[4]).toBe('30305.10');
    });

    it('omits since when not given', async () => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: RESULT }));
      await firstValueFrom(createRestClient({ fetch }).ohlc('XBT/USD', 60));
      expect(calls[0]?.url).toBe('https://api.kraken.com/0/public/OHLC?pair=XBT%2FUSD&interval=60');
    });

    it.each([
      ['an interval Kraken lacks', 'XBTUSD', 7, undefined],
      ['a negative since', 'XBTUSD', 5, -1],
      ['a fractional since', 'XBTUSD', 5, 1.5],
      ['an empty pair', '', 5, undefined],
    ])('fails with InvalidArgumentError for %s, without fetching', async (_label, pair, interval, since) => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: RESULT }));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).ohlc(pair, interval as OhlcInterval, since)));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(calls).toHaveLength(0);
    });

    it.each([
      ['a float time', { XXBTZUSD: [[1.5, '1', '1', '1', '1', '1', '1', 1]], last: 1 }, 'OHLC XXBTZUSD'],
      ['a numeric price', { XXBTZUSD: [[1, 1, '1', '1', '1', '1', '1', 1]], last: 1 }, 'OHLC XXBTZUSD'],
      ['a short row', { XXBTZUSD: [[1, '1', '1', '1', '1', '1', '1']], last: 1 }, 'OHLC XXBTZUSD'],
      ['no last', { XXBTZUSD: [] }, '"last"'],
      ['two pair keys', { A: [], B: [], last: 1 }, '2 pair keys'],
    ])('rejects a result with %s as malformed', async (_label, result, detail) => {
      const { fetch } = fakeFetch(json({ error: [], result }));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).ohlc('XBTUSD', 1)));
      expect(error).toBeInstanceOf(RestRequestError);
      expect((error as RestRequestError).info.reason).toBe('malformed-response');
      expect((error as RestRequestError).info.detail).toContain(detail);
    });
  });

  describe('trades', () => {
    // Shapes of Kraken's answers: times are JSON numbers; trade_id (since 2023) is the 7th element.
    const RESULT = {
      XXBTZUSD: [
        ['30243.40000', '0.34507674', 1688669597.8277369, 'b', 'm', '', 61044952],
        ['30243.3', '0.00100000', 1688669598.1, 's', 'l', ''],
      ],
      last: '1688669598100000000',
    };

    it('GETs pair and since, and keeps prices, volumes and the time as text', async () => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: RESULT }));
      const history = await firstValueFrom(createRestClient({ fetch }).trades('XBTUSD', '1688669597000000000'));
      expect(calls[0]?.url).toBe('https://api.kraken.com/0/public/Trades?pair=XBTUSD&since=1688669597000000000');
      expect(history).toEqual({
        pair: 'XXBTZUSD',
        last: '1688669598100000000',
        trades: [
          { price: '30243.40000', volume: '0.34507674', time: '1688669597.8277369', side: 'b', orderType: 'm', misc: '', tradeId: 61044952 },
          { price: '30243.3', volume: '0.00100000', time: '1688669598.1', side: 's', orderType: 'l', misc: '' },
        ],
      });
    });

    it('omits since when not given, and accepts a numeric last', async () => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: { XXBTZUSD: [], last: 1688669598 } }));
      const history = await firstValueFrom(createRestClient({ fetch }).trades('XBTUSD'));
      expect(calls[0]?.url).toBe('https://api.kraken.com/0/public/Trades?pair=XBTUSD');
      expect(history.last).toBe('1688669598');
    });

    it.each([
      ['an empty pair', '', undefined],
      ['a since that is not digits', 'XBTUSD', '1688669597.5'],
    ])('fails with InvalidArgumentError for %s, without fetching', async (_label, pair, since) => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: RESULT }));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).trades(pair, since)));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(calls).toHaveLength(0);
    });

    it.each([
      ['a numeric price', { XXBTZUSD: [[1, '1', 1, 'b', 'm', '']], last: '1' }, 'price'],
      ['a side that is not b/s', { XXBTZUSD: [['1', '1', 1, 'buy', 'm', '']], last: '1' }, 'side'],
      ['a short row', { XXBTZUSD: [['1', '1', 1, 'b', 'm']], last: '1' }, 'not a trade row'],
      ['no last', { XXBTZUSD: [] }, '"last"'],
      ['two pair keys', { A: [], B: [], last: '1' }, '2 pair keys'],
    ])('rejects a result with %s as malformed', async (_label, result, detail) => {
      const { fetch } = fakeFetch(json({ error: [], result }));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).trades('XBTUSD')));
      expect(error).toBeInstanceOf(RestRequestError);
      expect((error as RestRequestError).info.reason).toBe('malformed-response');
      expect((error as RestRequestError).info.detail).toContain(detail);
    });
  });

  describe('failures below the API', () => {
    it('maps an HTTP error without envelope to http-status with the status', async () => {
      const { fetch } = fakeFetch(() => Promise.resolve(response(502, '<html>Bad gateway</html>', 'Bad Gateway')));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).assetPairs()));
      expect(error).toBeInstanceOf(RestRequestError);
      expect((error as RestRequestError).info).toMatchObject({ reason: 'http-status', status: 502, method: 'GET', path: '/0/public/AssetPairs' });
      expect((error as RestRequestError).message).toContain('HTTP 502');
    });

    it('prefers Kraken errors in an envelope that came with an HTTP error', async () => {
      const { fetch } = fakeFetch(json({ error: ['EService:Unavailable'] }, 503));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).assetPairs()));
      expect(error).toBeInstanceOf(KrakenRestError);
      expect((error as KrakenRestError).info.status).toBe(503);
    });

    it('maps an HTTP error with an error-free envelope to http-status', async () => {
      const { fetch } = fakeFetch(json({ error: [], result: {} }, 500));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).assetPairs()));
      expect((error as RestRequestError).info).toMatchObject({ reason: 'http-status', status: 500 });
    });

    it('maps a rejected fetch to network, keeping the cause (as a redacted copy: name, message, stack)', async () => {
      const cause = new TypeError('fetch failed');
      const { fetch } = fakeFetch(() => Promise.reject(cause));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).assetPairs()));
      expect((error as RestRequestError).info).toMatchObject({ reason: 'network', detail: 'fetch failed' });
      const kept = (error as RestRequestError).cause as Error;
      expect(kept).toBeInstanceOf(Error);
      expect([kept.name, kept.message, kept.stack]).toEqual([cause.name, cause.message, cause.stack]);
    });

    it.each([
      ['not JSON', 'Service Unavailable'],
      ['JSON without envelope', '{"result":{}}'],
      ['an envelope without result', '{"error":[]}'],
    ])('maps a 200 answer that is %s to malformed-response', async (_label, body) => {
      const { fetch } = fakeFetch(() => Promise.resolve(response(200, body)));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).assetPairs()));
      expect((error as RestRequestError).info.reason).toBe('malformed-response');
    });

    it('redacts registered secrets echoed in an error body', async () => {
      const { fetch } = fakeFetch(() => Promise.resolve(response(400, `bad request for key ${API_KEY}`)));
      const error = await failure(firstValueFrom(createRestClient({ fetch }).getWebSocketsToken(credentials)));
      expect((error as RestRequestError).info.detail).toContain('[redacted]');
      expect(JSON.stringify(error)).not.toContain(API_KEY);
      expect((error as RestRequestError).message).not.toContain(API_KEY);
    });

    it('fails when no fetch exists', async () => {
      const saved = globalThis.fetch;
      (globalThis as { fetch?: unknown }).fetch = undefined;
      try {
        const error = await failure(firstValueFrom(createRestClient().assetPairs()));
        expect((error as RestRequestError).info.reason).toBe('network');
      } finally {
        globalThis.fetch = saved;
      }
    });
  });

  describe('as cold, abortable Observables', () => {
    it('fetches nothing until subscription, and once per subscription', async () => {
      const { fetch, calls } = fakeFetch(json({ error: [], result: {} }));
      const pairs$ = createRestClient({ fetch }).assetPairs();
      expect(calls).toHaveLength(0);
      await firstValueFrom(pairs$);
      await lastValueFrom(pairs$.pipe(toArray()));
      expect(calls).toHaveLength(2);
    });

    it('aborts the fetch on unsubscribe', () => {
      const { fetch, calls } = fakeFetch(() => new Promise<FetchResponseLike>(() => undefined));
      const subscription = createRestClient({ fetch }).assetPairs().subscribe();
      expect(calls[0]?.init.signal.aborted).toBe(false);
      subscription.unsubscribe();
      expect(calls[0]?.init.signal.aborted).toBe(true);
    });

    it('times out in virtual time with a RestRequestError and aborts the fetch', () => {
      const testScheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
      const { fetch, calls } = fakeFetch(() => new Promise<FetchResponseLike>(() => undefined));
      testScheduler.run(({ expectObservable }) => {
        const rest = createRestClient({ fetch, timeout: 50, scheduler: testScheduler });
        expectObservable(rest.assetPairs()).toBe(
          '50ms #',
          undefined,
          new RestRequestError({ method: 'GET', path: '/0/public/AssetPairs', reason: 'timeout', detail: 'timed out', timeoutMs: 50 }),
        );
      });
      expect(calls[0]?.init.signal.aborted).toBe(true);
    });

    it('rejects a non-positive timeout at creation', () => {
      expect(() => createRestClient({ timeout: 0 })).toThrow(InvalidArgumentError);
    });
  });
});
