import { checksumDigits, divRoundHalfUp, formatTicks, formatUnits, formatVwap, parseUnits } from './decimal';
import { RawJson, sortedJson } from './json';
import { deriveSeed, Prng } from './prng';
import { formatMicros, formatSeconds } from './time';

describe('Prng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Prng(7);
    const b = new Prng(7);
    const c = new Prng(8);
    const sa = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('keeps int(), bigInt() and next() in range', () => {
    const r = new Prng(1);
    for (let i = 0; i < 5000; i++) {
      const x = r.int(-3, 3);
      expect(x).toBeGreaterThanOrEqual(-3);
      expect(x).toBeLessThanOrEqual(3);
      const y = r.bigInt(1, 2 ** 50);
      expect(Number.isSafeInteger(y) && y >= 1 && y <= 2 ** 50).toBe(true);
      const f = r.next();
      expect(f >= 0 && f < 1).toBe(true);
    }
    expect(r.int(5, 5)).toBe(5);
    expect(new Set(Array.from({ length: 200 }, () => r.int(0, 3)))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('produces u64 decimal ids and independent derived seeds', () => {
    const id = new Prng(3).uint64String();
    expect(id).toMatch(/^\d{1,20}$/);
    expect(BigInt(id) < 2n ** 64n).toBe(true);
    expect(deriveSeed(1, 'market:XBT/USD')).toBe(deriveSeed(1, 'market:XBT/USD'));
    expect(deriveSeed(1, 'market:XBT/USD')).not.toBe(deriveSeed(1, 'market:ETH/USD'));
    expect(deriveSeed(1, 'market:XBT/USD')).not.toBe(deriveSeed(2, 'market:XBT/USD'));
  });
});

describe('decimal', () => {
  it('formats integer units exactly', () => {
    expect(formatUnits(271200, 1)).toBe('27120.0');
    expect(formatUnits(500, 8)).toBe('0.00000500');
    expect(formatUnits(0, 8)).toBe('0.00000000');
    expect(formatUnits(12345678901234567n, 8)).toBe('123456789.01234567');
    expect(formatUnits(42, 0)).toBe('42');
    expect(() => formatUnits(1.5, 2)).toThrow(RangeError);
    expect(formatTicks(271200, 1, 5)).toBe('27120.00000');
    expect(formatTicks(7, 0, 2)).toBe('7.00');
  });

  it('parses decimals exactly, refusing more decimals than allowed', () => {
    expect(parseUnits('27120.0', 1)).toBe(271200n);
    expect(parseUnits('27120.00000', 1)).toBe(271200n);
    expect(parseUnits('0.00002800', 8)).toBe(2800n);
    expect(parseUnits('5', 2)).toBe(500n);
    expect(parseUnits('0.001', 2)).toBeUndefined();
    expect(parseUnits('-1', 2)).toBeUndefined();
    expect(parseUnits('1e5', 2)).toBeUndefined();
  });

  it('rounds half up and formats a VWAP at any number of decimals', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(4n, 3n)).toBe(1n);
    // 1 lot at 10.0 + 2 lots at 10.1 → 10.0666...
    expect(formatVwap(100n * 1n + 101n * 2n, 3n, 1, 1)).toBe('10.1');
    expect(formatVwap(100n * 1n + 101n * 2n, 3n, 1, 5)).toBe('10.06667');
    expect(formatVwap(0n, 0n, 1, 5)).toBe('0.00000');
  });

  it('turns wire decimals into checksum digits', () => {
    expect(checksumDigits('27120.00000')).toBe('2712000000');
    expect(checksumDigits('0.00000500')).toBe('500');
    expect(checksumDigits('0.05005')).toBe('5005');
  });
});

describe('json and time', () => {
  it('writes sorted keys and raw u64 integers', () => {
    expect(sortedJson({ version: '1.9.2', event: 'systemStatus', connectionID: new RawJson('18239578009413566319'), status: 'online' })).toBe(
      '{"connectionID":18239578009413566319,"event":"systemStatus","status":"online","version":"1.9.2"}',
    );
    expect(sortedJson({ b: [1, { d: 1, c: undefined, a: 'x' }], a: null })).toBe('{"a":null,"b":[1,{"a":"x","d":1}]}');
  });

  it('formats microseconds and seconds like Kraken', () => {
    expect(formatMicros(1693415330621700)).toBe('1693415330.621700');
    expect(formatMicros(1693415330000001)).toBe('1693415330.000001');
    expect(formatSeconds(1699797240)).toBe('1699797240.000000');
  });
});
