import fc from 'fast-check';
import { crc32 } from 'node:zlib';
import { fixtureJson } from '../../test/support/fixtures';
import { bookChecksum, bookChecksumInput } from './checksum';
import { shiftByZeros } from './crc32';
import { BookLevel } from './level';

interface DocsVector {
  readonly asks: ReadonlyArray<readonly [string, string]>;
  readonly bids: ReadonlyArray<readonly [string, string]>;
  readonly checksum_input: string;
  readonly checksum: string;
}

describe('Kraken\'s documented checksum example (kraken-checksum-docs-vector.json)', () => {
  const vector = fixtureJson<DocsVector>('kraken-checksum-docs-vector.json');
  const book = {
    asks: vector.asks.map(([price, volume]) => ({ price, volume })),
    bids: vector.bids.map(([price, volume]) => ({ price, volume })),
  };

  it('builds the documented input string', () => {
    expect(bookChecksumInput(book)).toBe(vector.checksum_input);
  });

  it('gives 974947235', () => {
    expect(vector.checksum).toBe('974947235');
    expect(bookChecksum(book)).toBe(974947235);
  });

  it('reads only the top 10 of each side', () => {
    const deeper = {
      asks: [...book.asks, { price: '0.05055', volume: '1.00000000' }],
      bids: [...book.bids, { price: '0.04945', volume: '1.00000000' }],
    };
    expect(bookChecksum(deeper)).toBe(974947235);
  });

  it('of an empty book is the CRC32 of nothing, 0', () => {
    expect(bookChecksumInput({ asks: [], bids: [] })).toBe('');
    expect(bookChecksum({ asks: [], bids: [] })).toBe(0);
  });
});

describe('the incremental CRC pieces', () => {
  it('combine like zlib: crc(A ‖ B) = Z_len(B)(crc(A)) xor crc(B)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{0,300}$/), fc.stringMatching(/^\d{0,300}$/), (a, b) => {
        const combined = (shiftByZeros(crc32(a) | 0, b.length) ^ crc32(b)) >>> 0;
        expect(combined).toBe(crc32(a + b));
      }),
      { numRuns: 500 },
    );
  });

  it('fold a level\'s fragment (price and volume digits, leading zeros stripped) like zlib on the text', () => {
    const prices = fc.tuple(fc.stringMatching(/^\d{1,8}$/), fc.stringMatching(/^\d{0,12}$/));
    fc.assert(
      fc.property(prices, prices, fc.stringMatching(/^\d{0,40}$/), ([pi, pf], [vi, vf], before) => {
        const price = pf === '' ? pi : `${pi}.${pf}`;
        const volume = vf === '' ? vi : `${vi}.${vf}`;
        const level = new BookLevel(price, volume, '1.0');
        const fragment = strip(price) + strip(volume);
        expect(BookLevel.fold(level, crc32(before) | 0) >>> 0).toBe(crc32(before + fragment));
        expect(BookLevel.fragmentLength(level)).toBe(fragment.length);
      }),
      { numRuns: 1000 },
    );
  });
});

function strip(decimal: string): string {
  return decimal.replace('.', '').replace(/^0+/, '');
}
