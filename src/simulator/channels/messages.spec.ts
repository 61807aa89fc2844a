import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseUnits } from '../core/decimal';
import { BookSide } from '../market/bookSide';
import { bookChecksum, bookUpdatePayload } from './messages';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');

function micros(text: string): number {
  const [s = '0', f = ''] = text.split('.');
  return Number(s) * 1_000_000 + Number(f.padEnd(6, '0'));
}

describe('bookChecksum', () => {
  it('reproduces Kraken\'s documented vector (974947235)', () => {
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'kraken-checksum-docs-vector.json'), 'utf8')) as { asks: string[][]; bids: string[][] };
    const format = { priceDecimals: 5, wsPriceDecimals: 5, lotDecimals: 8 };
    const asks = new BookSide('a', format);
    const bids = new BookSide('b', format);
    for (const [p, v] of doc.asks) asks.set(Number(parseUnits(p as string, 5)), Number(parseUnits(v as string, 8)), 0);
    for (const [p, v] of doc.bids) bids.set(Number(parseUnits(p as string, 5)), Number(parseUnits(v as string, 8)), 0);
    expect(bookChecksum(asks, bids)).toBe(974947235);
  });

  it('matches every checksum of a recorded Kraken XBT/USD book-10 stream (979 updates)', () => {
    // Prices have tick 0.1 but arrive with 5 decimals, as the simulator's XBT/USD default.
    const format = { priceDecimals: 1, wsPriceDecimals: 5, lotDecimals: 8 };
    const lines = readFileSync(path.join(FIXTURES, 'kraken-book-python-kraken-sdk-2023-08.jsonl'), 'utf8').split('\n').filter((l) => l.startsWith('['));
    const asks = new BookSide('a', format);
    const bids = new BookSide('b', format);
    const apply = (side: BookSide, levels: string[][]): void => {
      for (const [p, v, t] of levels) {
        const price = Number(parseUnits(p as string, 1));
        const lots = Number(parseUnits(v as string, 8));
        if (lots === 0 && side.rankOf(price) < 0) continue;
        side.set(price, lots, micros(t as string));
      }
      while (side.size > 10) side.set((side.worst() as { price: number }).price, 0, 0);
    };
    let checked = 0;
    for (const line of lines) {
      const msg = JSON.parse(line) as unknown[];
      const dicts = msg.slice(1, -2) as Record<string, string[][] | string>[];
      let expected: string | undefined;
      for (const d of dicts) {
        if (d['as']) apply(asks, d['as'] as string[][]);
        if (d['bs']) apply(bids, d['bs'] as string[][]);
        if (d['a']) apply(asks, d['a'] as string[][]);
        if (d['b']) apply(bids, d['b'] as string[][]);
        if (typeof d['c'] === 'string') expected = d['c'];
      }
      if (expected === undefined) continue;
      expect(String(bookChecksum(asks, bids))).toBe(expected);
      checked++;
    }
    expect(checked).toBe(979);
  });
});

describe('bookUpdatePayload', () => {
  it('uses one dict for one side and Kraken\'s two-dict form (asks first, c last) for both', () => {
    expect(bookUpdatePayload(['["1.0","2.00000000","3.000000"]'], [], 7)).toBe('{"a":[["1.0","2.00000000","3.000000"]],"c":"7"}');
    expect(bookUpdatePayload([], ['["1.0","2.00000000","3.000000"]'], 7)).toBe('{"b":[["1.0","2.00000000","3.000000"]],"c":"7"}');
    expect(bookUpdatePayload(['x'], ['y'], 4294967295)).toBe('{"a":[x]},{"b":[y],"c":"4294967295"}');
  });
});
