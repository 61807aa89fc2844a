import * as t from 'io-ts';
import { isUnsignedDecimalString } from './decimalString';

/**
 * One book level as Kraken sends it: `[price, volume, timestamp]`, or
 * `[price, volume, timestamp, "r"]` for a republished level. The tuple is kept as received
 * (no copy) so that the exact strings reach the checksum.
 * @category Protocol
 * @since 0.1.0
 */
export type BookLevelTuple =
  | readonly [price: string, volume: string, timestamp: string]
  | readonly [price: string, volume: string, timestamp: string, republish: 'r'];

/**
 * Checks one level. Hand-written rather than an io-ts tuple: `t.tuple` would drop the 4th
 * `"r"` element, and a full io-ts decode of every level (a union of a 4- and a 3-tuple of
 * decimal-string codecs) made `decodeFrame` about 1.7× slower on book frames (2.3–2.4× a
 * `JSON.parse` instead of 1.4×; the level check alone 6–12× this guard), as measured in
 * docs/performance.md ("How frames are decoded, and why"); the design is explained in
 * docs/books.md ("How book frames are decoded").
 * @returns `undefined` when valid, otherwise what is wrong.
 * @internal
 */
export function checkBookLevel(level: unknown): string | undefined {
  if (!Array.isArray(level)) return 'a level is not an array';
  const n = level.length;
  if (n !== 3 && n !== 4) return `a level has ${n} elements, expected 3 or 4`;
  if (!isUnsignedDecimalString(level[0])) return `price ${JSON.stringify(level[0])} is not a decimal string`;
  if (!isUnsignedDecimalString(level[1])) return `volume ${JSON.stringify(level[1])} is not a decimal string`;
  if (!isUnsignedDecimalString(level[2])) return `timestamp ${JSON.stringify(level[2])} is not a decimal string`;
  if (n === 4 && level[3] !== 'r') return `unknown level flag ${JSON.stringify(level[3])}`;
  return undefined;
}

/**
 * Checks an array of levels.
 * @returns `undefined` when valid, otherwise what is wrong (with the level's index).
 * @internal
 */
export function checkBookLevels(levels: unknown): string | undefined {
  if (!Array.isArray(levels)) return 'levels are not an array';
  for (let i = 0; i < levels.length; i++) {
    const problem = checkBookLevel(levels[i]);
    if (problem !== undefined) return `level ${i}: ${problem}`;
  }
  return undefined;
}

/**
 * io-ts codec for an array of book levels (`as`/`bs` of a snapshot, `a`/`b` of an update):
 * the checked hand-written guard above as an io-ts type, for composing into your own codecs.
 * It accepts exactly what `decodeFrame` accepts and fails with the same problem text
 * (`level 1: volume "x" is not a decimal string`) as in the `DecodeError` of that frame, and
 * decodes to the input array itself (no copy; a 4th `"r"` element is kept), so the exact
 * strings reach the checksum. `decodeFrame` calls the guard directly, without the `Either`.
 * @example
 * ```ts
 * import * as t from 'io-ts';
 * import { isRight } from 'fp-ts/Either';
 * const Snapshot = t.type({ as: BookLevels, bs: BookLevels });
 * const result = Snapshot.decode({ as: [['27120.0', '1.5', '1616663113.2', 'r']], bs: [] });
 * if (isRight(result)) console.log(result.right.as[0]); // ['27120.0', '1.5', '1616663113.2', 'r']
 * ```
 * @category Protocol
 * @since 0.1.0
 */
export const BookLevels = new t.Type<ReadonlyArray<BookLevelTuple>, ReadonlyArray<BookLevelTuple>, unknown>(
  'BookLevels',
  (input): input is ReadonlyArray<BookLevelTuple> => checkBookLevels(input) === undefined,
  (input, context) => {
    const problem = checkBookLevels(input);
    return problem === undefined ? t.success(input as ReadonlyArray<BookLevelTuple>) : t.failure(input, context, problem);
  },
  t.identity,
);
/**
 * An array of book levels, as decoded by the {@link BookLevels} codec.
 * @category Protocol
 * @since 0.1.0
 */
export type BookLevels = t.TypeOf<typeof BookLevels>;
