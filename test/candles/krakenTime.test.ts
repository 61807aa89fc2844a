import fc from 'fast-check';
import { krakenTimeToMicros, krakenTimeToMs } from '../../src/candles';
import { InvalidArgumentError } from '../../src/errors';

describe('Kraken time strings', () => {
  it('converts recorded times exactly', () => {
    expect(krakenTimeToMicros('1699797181.803577')).toBe(1_699_797_181_803_577);
    expect(krakenTimeToMs('1699797240.000000')).toBe(1_699_797_240_000);
    expect(krakenTimeToMs('1618678150.826417')).toBe(1_618_678_150_826);
    expect(krakenTimeToMicros('60')).toBe(60_000_000);
    expect(krakenTimeToMicros('1.5')).toBe(1_500_000);
    expect(krakenTimeToMicros('1.')).toBe(1_000_000);
    // Digits past the microsecond are dropped (towards the past), never rounded up.
    expect(krakenTimeToMicros('9.9999999')).toBe(9_999_999);
  });

  it('rejects what is not a non-negative decimal', () => {
    for (const bad of ['', '-1', '1e9', 'abc', '1.2.3', ' 1', '99999999999999.0']) {
      expect(() => krakenTimeToMicros(bad)).toThrow(InvalidArgumentError);
    }
  });

  it('property: equals the integer arithmetic of its parts (no float rounding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: 0, max: 999_999 }), (seconds, micros) => {
        const text = `${seconds}.${String(micros).padStart(6, '0')}`;
        expect(BigInt(krakenTimeToMicros(text))).toBe(BigInt(seconds) * 1_000_000n + BigInt(micros));
        expect(BigInt(krakenTimeToMs(text))).toBe(BigInt(seconds) * 1000n + BigInt(micros) / 1000n);
      }),
    );
  });
});
