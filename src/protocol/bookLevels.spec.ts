import { isLeft, isRight } from 'fp-ts/Either';
import * as t from 'io-ts';
import { fixtureFiles, fixtureFrames } from '../../test/support/fixtures';
import { BookLevels, checkBookLevels } from './bookLevels';
import { decodeFrame } from './decodeFrame';

/** The message of the first io-ts error of a failed decode. */
function failureOf(input: unknown): string | undefined {
  const result = BookLevels.decode(input);
  if (!isLeft(result)) return undefined;
  expect(result.left).toHaveLength(1);
  return result.left[0]!.message;
}

describe('BookLevels (io-ts codec of the checked level guard)', () => {
  it('decodes valid levels to the input array itself, keeping the exact strings and the 4th "r" element', () => {
    const levels = [
      ['27120.00000', '4.28732553', '1616663113.208811'],
      ['27120.10000', '0.00000000', '1616663113.209420', 'r'],
      ['0.000074650000', '301727260.79999999', '1690200000.000001'],
    ];
    const result = BookLevels.decode(levels);
    expect(isRight(result)).toBe(true);
    if (!isRight(result)) return;
    expect(result.right).toBe(levels); // no copy: the checksum sees Kraken's strings
    expect(result.right[1]).toEqual(['27120.10000', '0.00000000', '1616663113.209420', 'r']);
    expect(BookLevels.is(levels)).toBe(true);
    expect(BookLevels.encode(result.right)).toBe(levels);
  });

  it('decodes an empty side (an empty snapshot)', () => {
    expect(isRight(BookLevels.decode([]))).toBe(true);
    expect(BookLevels.is([])).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['not an array', { 0: ['1.0', '1.0', '1.0'] }, 'levels are not an array'],
    ['a level that is not an array', ['1.0'], 'level 0: a level is not an array'],
    ['a level of 2 elements', [['1.0', '1.0']], 'level 0: a level has 2 elements, expected 3 or 4'],
    ['a level of 5 elements', [['1.0', '1.0', '1.0', 'r', 'x']], 'level 0: a level has 5 elements, expected 3 or 4'],
    ['a price as a number', [[27120.1, '1.0', '1.0']], 'level 0: price 27120.1 is not a decimal string'],
    ['a negative price', [['-1.0', '1.0', '1.0']], 'level 0: price "-1.0" is not a decimal string'],
    ['a price ending in a dot', [['1.', '1.0', '1.0']], 'level 0: price "1." is not a decimal string'],
    ['a bad volume in the second level', [['1.0', '1.0', '1.0'], ['1.1', '1e-8', '1.0']], 'level 1: volume "1e-8" is not a decimal string'],
    ['a missing timestamp', [['1.0', '1.0', null]], 'level 0: timestamp null is not a decimal string'],
    ['an unknown flag', [['1.0', '1.0', '1.0', 'x']], 'level 0: unknown level flag "x"'],
  ])('rejects %s with the guard\'s own message', (_name, input, message) => {
    expect(failureOf(input)).toBe(message);
    expect(checkBookLevels(input)).toBe(message);
    expect(BookLevels.is(input)).toBe(false);
  });

  it('fails with the same problem text decodeFrame puts in its DecodeError for a bad book frame', () => {
    const asks = [['27120.00000', 'x', '1616663113.208811']];
    const result = decodeFrame(JSON.stringify([336, { as: asks, bs: [] }, 'book-10', 'XBT/USD']));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.name).toBe('DecodeError');
    expect(result.error.info.detail).toBe(`book snapshot: ${failureOf(asks)!}`);
  });

  it('reports the path inside an enclosing io-ts codec', () => {
    const Snapshot = t.type({ as: BookLevels, bs: BookLevels });
    const result = Snapshot.decode({ as: [], bs: [['1.0', '1.0', '1.0', 'x']] });
    expect(isLeft(result)).toBe(true);
    if (!isLeft(result)) return;
    expect(result.left[0]!.context.map((c) => c.key)).toEqual(['', 'bs']);
    expect(result.left[0]!.message).toBe('level 0: unknown level flag "x"');
  });

  it('accepts every level array of the real book recordings, as decodeFrame does', () => {
    let sides = 0;
    const rejected: string[] = [];
    for (const file of fixtureFiles('kraken-book')) {
      for (const frame of fixtureFrames(file)) {
        const value: unknown = JSON.parse(frame);
        if (!Array.isArray(value) || typeof value[0] !== 'number' || !String(value[value.length - 2]).startsWith('book-')) continue;
        if (!decodeFrame(frame).ok) rejected.push(`decodeFrame: ${frame}`);
        for (const dict of value.slice(1, -2) as Array<Record<string, unknown>>) {
          for (const key of ['as', 'bs', 'a', 'b']) {
            const levels = dict[key];
            if (levels === undefined) continue;
            sides += 1;
            const decoded = BookLevels.decode(levels);
            if (!(isRight(decoded) && decoded.right === levels)) rejected.push(`BookLevels: ${JSON.stringify(levels)}`);
          }
        }
      }
    }
    expect(rejected).toEqual([]);
    expect(sides).toBeGreaterThan(5_000);
  });
});
