import * as fc from 'fast-check';
import { createNonceSource } from './nonce';

describe('createNonceSource', () => {
  it('gives microseconds since the epoch from a millisecond clock', () => {
    const nonces = createNonceSource(() => 1_616_492_376_594);
    expect(nonces.next()).toBe('1616492376594000');
  });

  it('keeps sub-millisecond fractions of the clock', () => {
    const nonces = createNonceSource(() => 1_700_000_000_000.25);
    expect(nonces.next()).toBe('1700000000000250');
  });

  it('gives last + 1 when the clock did not advance', () => {
    const nonces = createNonceSource(() => 1_700_000_000_000);
    expect([nonces.next(), nonces.next(), nonces.next()]).toEqual(['1700000000000000', '1700000000000001', '1700000000000002']);
  });

  it('never goes back when the clock does', () => {
    const times = [1_700_000_000_005, 1_700_000_000_001, 1_700_000_000_010];
    const nonces = createNonceSource(() => times.shift() ?? 0);
    expect([nonces.next(), nonces.next(), nonces.next()]).toEqual(['1700000000005000', '1700000000005001', '1700000000010000']);
  });

  it('follows the clock again once it passes the last nonce', () => {
    let now = 1_700_000_000_000;
    const nonces = createNonceSource(() => now);
    nonces.next();
    now += 2;
    expect(nonces.next()).toBe('1700000000002000');
  });

  it('uses Date.now by default', () => {
    const before = Date.now() * 1000;
    const n = Number(createNonceSource().next());
    expect(n).toBeGreaterThanOrEqual(before);
    expect(Number.isSafeInteger(n)).toBe(true);
  });

  it('keeps separate sources independent', () => {
    const a = createNonceSource(() => 1);
    const b = createNonceSource(() => 1);
    a.next();
    a.next();
    expect(b.next()).toBe('1000');
  });

  it('is strictly increasing for any clock readings', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 4e12, noNaN: true }), { minLength: 1, maxLength: 50 }), (readings) => {
        const queue = [...readings];
        const nonces = createNonceSource(() => queue.shift() ?? 0);
        const values = readings.map(() => BigInt(nonces.next()));
        for (let i = 1; i < values.length; i++) expect(values[i]! > values[i - 1]!).toBe(true);
      }),
    );
  });

  it('stays strictly increasing when the clock gives garbage', () => {
    const readings = [NaN, Infinity, -5, 1];
    const nonces = createNonceSource(() => readings.shift() ?? 0);
    expect([nonces.next(), nonces.next(), nonces.next(), nonces.next()]).toEqual(['1', '2', '3', '1000']);
  });
});
