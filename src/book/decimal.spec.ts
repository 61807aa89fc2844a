import fc from 'fast-check';
import {
  checksumDigits,
  compareDecimals,
  decimalKey,
  isZeroDecimal,
  midpointDecimals,
  parseDigits,
  subtractDecimals,
} from './decimal';

/** An independent exact comparison: scale both to 40 decimals as BigInt. */
function reference(a: string, b: string): number {
  const scaled = (s: string) => {
    const [int, frac = ''] = s.split('.');
    return BigInt(int! + frac.padEnd(40, '0'));
  };
  const x = scaled(a);
  const y = scaled(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const decimal = fc
  .tuple(fc.stringMatching(/^\d{1,6}$/), fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }))
  .map(([int, frac]) => (frac === undefined ? int : `${int}.${frac}`));

describe('compareDecimals', () => {
  it.each([
    ['27120.00000', '27119.90000', 1],
    ['9.99', '10.00', -1],
    ['9.99', '10.0', -1],
    ['1.5', '1.50', 0],
    ['1', '1.000', 0],
    ['0.000022900', '0.0000229', 0],
    ['007.5', '7.50', 0],
    ['0.05', '0.005', 1],
    ['100', '99.999999999999', 1],
    ['0.000000000001', '0.000000000002', -1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(Math.sign(compareDecimals(a, b))).toBe(expected);
    expect(Math.sign(compareDecimals(b, a))).toBe(0 - expected || 0);
  });

  it('agrees with an exact BigInt comparison on any two decimals, whatever their decimal counts', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(Math.sign(compareDecimals(a, b))).toBe(reference(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decimalKey', () => {
  it('is Number(value), and never orders two decimals the wrong way round', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(decimalKey(a)).toBe(Number(a));
        const order = reference(a, b);
        if (order < 0) expect(decimalKey(a)).toBeLessThanOrEqual(decimalKey(b));
        if (order > 0) expect(decimalKey(a)).toBeGreaterThanOrEqual(decimalKey(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('falls back to Number for long strings (more digits than a double holds exactly)', () => {
    expect(decimalKey('123456789.123456789')).toBe(Number('123456789.123456789'));
    expect(decimalKey('9007199254740993')).toBe(Number('9007199254740993'));
  });
});

describe('parseDigits', () => {
  it.each(['0', '7', '974947235', '4294967295', '3572756970'])('%s', (text) => {
    expect(parseDigits(text)).toBe(Number(text));
  });
});

describe('isZeroDecimal', () => {
  it.each([
    ['0.00000000', true],
    ['0', true],
    ['000.000', true],
    ['0.00000001', false],
    ['10.0', false],
  ])('%s → %s', (text, expected) => {
    expect(isZeroDecimal(text)).toBe(expected);
  });
});

describe('checksumDigits', () => {
  it.each([
    ['0.00000500', '500'],
    ['27120.00000', '2712000000'],
    ['0.05005', '5005'],
    ['0.000074650000', '74650000'],
    ['301727260.79999999', '30172726079999999'],
    ['100', '100'],
  ])('%s → %s', (text, expected) => {
    expect(checksumDigits(text)).toBe(expected);
  });
});

describe('subtractDecimals and midpointDecimals', () => {
  it.each([
    ['27120.00000', '27119.90000', '0.10000', '27119.95000'],
    ['1.2', '1.1', '0.1', '1.15'],
    ['0.000074710000', '0.000074650000', '0.000000060000', '0.000074680000'],
    ['100', '99.5', '0.5', '99.75'],
    ['99.5', '100', '-0.5', '99.75'],
    ['0.3', '0.3', '0.0', '0.3'],
  ])('%s and %s', (ask, bid, spread, mid) => {
    expect(subtractDecimals(ask, bid)).toBe(spread);
    expect(midpointDecimals(ask, bid)).toBe(mid);
  });

  it('are exact for any decimals (checked against BigInt arithmetic on 40 decimals)', () => {
    const scaled = (s: string) => {
      const negative = s.startsWith('-');
      const [int, frac = ''] = (negative ? s.slice(1) : s).split('.');
      const value = BigInt(int! + frac.padEnd(40, '0'));
      return negative ? -value : value;
    };
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(scaled(subtractDecimals(a, b))).toBe(scaled(a) - scaled(b));
        expect(scaled(midpointDecimals(a, b)) * 2n).toBe(scaled(a) + scaled(b));
      }),
      { numRuns: 1000 },
    );
  });
});
