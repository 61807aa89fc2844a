/**
 * Pair names against the simulator: the client keeps ONE cached AssetPairs, shared by
 * `kraken.assetPairs()`, `kraken.resolvePair()` and the feeds that resolve REST names
 * (`XBTUSD`), so all of them together make one REST call; strict mode never calls REST.
 */
import { firstValueFrom } from 'rxjs';
import { InvalidArgumentError } from '../../src/errors';
import type { FetchLike } from '../../src/rest/restClient';
import { errorOf, startHarness, takeValues, type SimHarness } from '../support/simulatorClient';

/** A real `fetch` that records every URL (and can be told to fail the next calls). */
function countingFetch(): { fetch: FetchLike; urls: string[]; failNext: (n: number) => void } {
  const urls: string[] = [];
  let failures = 0;
  const fetch: FetchLike = async (url, init) => {
    urls.push(url);
    if (failures > 0) {
      failures -= 1;
      throw new TypeError('fetch failed (simulated network error)');
    }
    return globalThis.fetch(url, init);
  };
  return { fetch, urls, failNext: (n) => (failures = n) };
}

const assetPairCalls = (urls: readonly string[]): number => urls.filter((u) => u.includes('/0/public/AssetPairs')).length;

describe('pair names: one cached AssetPairs for the whole client', () => {
  let h: SimHarness;
  afterEach(async () => h.close());

  it('assetPairs() twice, spread("XBTUSD") and spread("ETHUSD") make one AssetPairs call', async () => {
    const rest = countingFetch();
    h = await startHarness({}, { fetch: rest.fetch });
    const first = await firstValueFrom(h.kraken.assetPairs());
    const second = await firstValueFrom(h.kraken.assetPairs());
    expect(second).toBe(first);
    expect(first['XXBTZUSD']?.wsname).toBe('XBT/USD');
    const [xbt] = await takeValues(h.kraken.spread('XBTUSD'), 1);
    const [eth] = await takeValues(h.kraken.spread('ETHUSD'), 1);
    expect([xbt?.pair, eth?.pair]).toEqual(['XBT/USD', 'ETH/USD']);
    expect(assetPairCalls(rest.urls)).toBe(1);
    expect(rest.urls).toHaveLength(1);
  });

  it('a feed resolving a REST name first fills the cache that assetPairs() then answers from', async () => {
    const rest = countingFetch();
    h = await startHarness({}, { fetch: rest.fetch });
    const [spread] = await takeValues(h.kraken.spread('XXBTZUSD'), 1);
    expect(spread?.pair).toBe('XBT/USD');
    const pairs = await firstValueFrom(h.kraken.assetPairs());
    expect(pairs['XETHZUSD']?.wsname).toBe('ETH/USD');
    expect(await firstValueFrom(h.kraken.resolvePair('ETHXBT'))).toBe('ETH/XBT');
    expect(assetPairCalls(rest.urls)).toBe(1);
  });

  it('assetPairs() keeps a success but not a failure: the next call retries', async () => {
    const rest = countingFetch();
    h = await startHarness({}, { fetch: rest.fetch });
    rest.failNext(1);
    const error = await errorOf(h.kraken.assetPairs());
    expect((error as Error).name).toBe('RestRequestError');
    const pairs = await firstValueFrom(h.kraken.assetPairs());
    expect(pairs['XXBTZUSD']?.altname).toBe('XBTUSD');
    await firstValueFrom(h.kraken.assetPairs());
    expect(assetPairCalls(rest.urls)).toBe(2);
  });

  it('resolvePair: XBTUSD, XXBTZUSD and XBT/USD all give XBT/USD (the last with no REST call); an unknown name a typed error with a hint', async () => {
    const rest = countingFetch();
    h = await startHarness({}, { fetch: rest.fetch });
    expect(await firstValueFrom(h.kraken.resolvePair('XBT/USD'))).toBe('XBT/USD');
    expect(rest.urls).toEqual([]);
    const resolved = await Promise.all(['XBTUSD', 'XXBTZUSD', 'xbtusd', 'BTCUSD'].map((n) => firstValueFrom(h.kraken.resolvePair(n))));
    expect(resolved).toEqual(['XBT/USD', 'XBT/USD', 'XBT/USD', 'XBT/USD']);
    expect(assetPairCalls(rest.urls)).toBe(1);
    const unknown = await errorOf(h.kraken.resolvePair('FOOUSD'));
    expect(unknown).toBeInstanceOf(InvalidArgumentError);
    expect((unknown as Error).message).toMatch(/Unknown pair "FOOUSD": it is none of Kraken's AssetPairs \(kraken\.assetPairs\(\) lists them/);
    expect(assetPairCalls(rest.urls)).toBe(1);
    expect(await firstValueFrom(h.kraken.resolvePair('XETHZUSD'))).toBe('ETH/USD');
    expect(assetPairCalls(rest.urls)).toBe(1);
    // Looking names up opens no socket.
    expect(h.sim.connectionCount).toBe(0);
  });

  it('strict mode refuses XBTUSD with a hint and no REST call at all; resolvePair still looks it up', async () => {
    const rest = countingFetch();
    h = await startHarness({}, { fetch: rest.fetch, pairNames: 'strict' });
    const error = await errorOf(h.kraken.spread('XBTUSD'));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain('did you mean "XBT/USD"?');
    expect(rest.urls).toEqual([]);
    expect(h.sim.connectionCount).toBe(0);
    const wsname = await firstValueFrom(h.kraken.resolvePair('XBTUSD'));
    const [spread] = await takeValues(h.kraken.spread(wsname), 1);
    expect(spread?.pair).toBe('XBT/USD');
    expect(assetPairCalls(rest.urls)).toBe(1);
  });
});
