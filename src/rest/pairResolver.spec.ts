import { firstValueFrom, Observable, type Subscriber } from 'rxjs';
import { ASSET_PAIRS_RESULT } from '../../test/auth/assetPairsSample';
import { InvalidArgumentError } from '../errors';
import type { AssetPairs } from '../protocol/restMessages';
import { createPairIndex, createPairResolver, guessWsPairName, lookupPair, needsPairResolution, nonWsPairNameError, pairHint, resolvePair } from './pairResolver';

const pairs = ASSET_PAIRS_RESULT as unknown as AssetPairs;
const index = createPairIndex(pairs);

describe('resolvePair', () => {
  it.each([
    // wsname, altname, Kraken key, any case
    ['XBT/USD', 'XBT/USD'],
    ['XBTUSD', 'XBT/USD'],
    ['XXBTZUSD', 'XBT/USD'],
    ['xbt/usd', 'XBT/USD'],
    ['xbtusd', 'XBT/USD'],
    [' XBTUSD ', 'XBT/USD'],
    ['XBTEUR', 'XBT/EUR'],
    ['XBTUSDT', 'XBT/USDT'],
    ['ETHXBT', 'ETH/XBT'],
    ['XETHXXBT', 'ETH/XBT'],
    ['ETHUSD', 'ETH/USD'],
    // XBT <-> BTC and XDG <-> DOGE aliases
    ['BTC/USD', 'XBT/USD'],
    ['BTCUSD', 'XBT/USD'],
    ['btc/eur', 'XBT/EUR'],
    ['BTC/USDT', 'XBT/USDT'],
    ['ETH/BTC', 'ETH/XBT'],
    ['ETHBTC', 'ETH/XBT'],
    ['DOGE/USD', 'XDG/USD'],
    ['DOGEUSD', 'XDG/USD'],
    ['XDGUSD', 'XDG/USD'],
    ['DOGE/BTC', 'XDG/XBT'],
    ['DOGEXBT', 'XDG/XBT'],
    ['XDG/BTC', 'XDG/XBT'],
    // exact names win over aliases
    ['BTC/DOGE', 'BTC/DOGE'],
    ['XBT/XDG', 'XBT/XDG'],
  ])('resolves %j to %j', (name, wsname) => {
    expect(resolvePair(name, index)).toBe(wsname);
  });

  it.each([
    ['an unknown pair', 'FOO/BAR', /Unknown pair "FOO\/BAR"/],
    ['a dark-pool pair without wsname', 'XBTUSD.d', /Unknown pair "XBTUSD.d"/],
    ['an ambiguous alias', 'BTC/XDG', /it could mean "BTC\/DOGE" or "XBT\/XDG"/],
    ['another ambiguous alias', 'XBTDOGE', /it could mean "BTC\/DOGE" or "XBT\/XDG"/],
    ['an empty name', '', /Invalid pair/],
  ])('fails with InvalidArgumentError for %s', (_label, name, message) => {
    expect(() => resolvePair(name, index)).toThrow(InvalidArgumentError);
    expect(() => resolvePair(name, index)).toThrow(message);
  });

  describe('strict', () => {
    it('accepts WebSocket names exactly as Kraken writes them', () => {
      expect(resolvePair('XBT/USD', index, { strict: true })).toBe('XBT/USD');
    });

    it.each([
      ['XBTUSD', 'XBT/USD'],
      ['XXBTZUSD', 'XBT/USD'],
      ['BTC/USD', 'XBT/USD'],
      ['xbt/usd', 'XBT/USD'],
      ['DOGEUSD', 'XDG/USD'],
    ])('refuses %j with a hint naming %j', (name, wsname) => {
      let error: unknown;
      try {
        resolvePair(name, index, { strict: true });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toContain(`Unknown pair "${name}": did you mean "${wsname}"?`);
      expect((error as InvalidArgumentError).info.argument).toBe('pair');
    });
  });
});

describe('guessWsPairName (no AssetPairs: the hint of strict mode)', () => {
  it.each([
    ['XBTUSD', 'XBT/USD'],
    ['XXBTZUSD', 'XBT/USD'],
    ['xbtusd', 'XBT/USD'],
    ['ETHXBT', 'ETH/XBT'],
    ['XETHXXBT', 'ETH/XBT'],
    ['XETHZEUR', 'ETH/EUR'],
    ['XBTUSDT', 'XBT/USDT'],
    ['USDTZUSD', 'USDT/USD'],
    ['USDCUSD', 'USDC/USD'],
    ['ETHUSDC', 'ETH/USDC'],
    ['BTCUSD', 'XBT/USD'],
    ['DOGEUSD', 'XDG/USD'],
    ['XDGXBT', 'XDG/XBT'],
    ['SOLEUR', 'SOL/EUR'],
    ['ETHDAI', 'ETH/DAI'],
    ['DOTETH', 'DOT/ETH'],
    ['XBTJPY', 'XBT/JPY'],
    ['XBTCHF', 'XBT/CHF'],
    ['OPUSD', 'OP/USD'],
  ])('%j → %j', (name, wsname) => {
    expect(guessWsPairName(name)).toBe(wsname);
  });

  it.each(['FOOBAR', 'USD', 'XBT/USD', '', 'ZUSD'])('%j → undefined', (name) => {
    expect(guessWsPairName(name)).toBeUndefined();
  });

  it('makes the typed error of strict mode, with or without a guess', () => {
    expect(nonWsPairNameError('XXBTZUSD')).toBeInstanceOf(InvalidArgumentError);
    expect(nonWsPairNameError('XXBTZUSD').message).toBe('Invalid pair: got "XXBTZUSD", expected a WebSocket pair name (wsname). did you mean "XBT/USD"?');
    expect(nonWsPairNameError('FOOBAR').message).toMatch(/^Invalid pair: got "FOOBAR", expected a WebSocket pair name \(wsname\)\. The WebSocket form is BASE\/QUOTE/);
    expect(nonWsPairNameError('FOOBAR').info.argument).toBe('pair');
  });
});

describe('pairHint', () => {
  it.each([
    ['XBTUSD', 'did you mean "XBT/USD"?'],
    ['BTC/USD', 'did you mean "XBT/USD"?'],
    ['XBT/USD', undefined],
    ['FOO', undefined],
    ['BTC/XDG', 'it could mean "BTC/DOGE" or "XBT/XDG"'],
  ])('%j → %j', (name, hint) => {
    expect(pairHint(name, index)).toBe(hint);
  });
});

describe('lookupPair / needsPairResolution', () => {
  it('returns undefined for unknown and ambiguous names', () => {
    expect(lookupPair('NOPE', index)).toBeUndefined();
    expect(lookupPair('BTC/XDG', index)).toBeUndefined();
  });

  it('only names without "/" need the AssetPairs data', () => {
    expect(needsPairResolution('XBT/USD')).toBe(false);
    expect(needsPairResolution('BTC/USD')).toBe(false);
    expect(needsPairResolution('XBTUSD')).toBe(true);
  });

  it('indexes only pairs that have a wsname', () => {
    expect([...index.wsnames].sort()).toEqual(['BTC/DOGE', 'ETH/USD', 'ETH/XBT', 'XBT/EUR', 'XBT/USD', 'XBT/USDT', 'XBT/XDG', 'XDG/USD', 'XDG/XBT']);
  });
});

describe('createPairResolver', () => {
  function fakeRest() {
    const pending: Array<Subscriber<AssetPairs>> = [];
    let requests = 0;
    const rest = {
      assetPairs: () =>
        new Observable<AssetPairs>((subscriber) => {
          requests++;
          pending.push(subscriber);
        }),
    };
    return { rest, pending, requests: () => requests };
  }

  it('passes names with "/" through without a REST call', async () => {
    const { rest, requests } = fakeRest();
    await expect(firstValueFrom(createPairResolver(rest).resolve('BTC/USD'))).resolves.toBe('BTC/USD');
    expect(requests()).toBe(0);
  });

  it('fetches AssetPairs once for concurrent and later lookups', async () => {
    const { rest, pending, requests } = fakeRest();
    const resolver = createPairResolver(rest);
    const a = firstValueFrom(resolver.resolve('XBTUSD'));
    const b = firstValueFrom(resolver.resolve('DOGEUSD'));
    expect(requests()).toBe(1);
    pending[0]?.next(pairs);
    pending[0]?.complete();
    await expect(a).resolves.toBe('XBT/USD');
    await expect(b).resolves.toBe('XDG/USD');
    await expect(firstValueFrom(resolver.resolve('ETHXBT'))).resolves.toBe('ETH/XBT');
    expect(requests()).toBe(1);
  });

  it('errors with InvalidArgumentError for an unknown name', async () => {
    const { rest, pending } = fakeRest();
    const result = firstValueFrom(createPairResolver(rest).resolve('NOPE'));
    pending[0]?.next(pairs);
    pending[0]?.complete();
    await expect(result).rejects.toThrow(/Unknown pair "NOPE"/);
  });

  it('fetches again after a failed request', async () => {
    const { rest, pending, requests } = fakeRest();
    const resolver = createPairResolver(rest);
    const first = firstValueFrom(resolver.resolve('XBTUSD'));
    pending[0]?.error(new Error('network down'));
    await expect(first).rejects.toThrow('network down');
    const second = firstValueFrom(resolver.resolve('XBTUSD'));
    expect(requests()).toBe(2);
    pending[1]?.next(pairs);
    pending[1]?.complete();
    await expect(second).resolves.toBe('XBT/USD');
  });

});
