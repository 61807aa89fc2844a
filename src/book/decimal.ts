/**
 * Exact operations on unsigned decimal strings as Kraken sends them (`"27120.00000"`,
 * `"0.000022900"`). Nothing here goes through a float. Internal to the book.
 */

const ZERO = 48; // '0'
const DOT = 46; // '.'

/**
 * Compares two unsigned decimal strings by numeric value, exactly.
 *
 * Fast path: when both strings have the same length and the decimal point at the same place
 * (every price of a Kraken pair does), plain string order is numeric order. Otherwise the
 * slow path strips leading zeros of the integer parts, compares integer lengths, then digits,
 * then the fractions with missing digits read as zeros (`"1.5"` equals `"1.50"`).
 * @returns negative, zero or positive, like a sort comparator.
 * @internal
 */
export function compareDecimals(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === b.length) {
    const dot = a.indexOf('.');
    if (dot === b.indexOf('.')) return a < b ? -1 : 1;
  }
  return compareSlow(a, b);
}

function compareSlow(a: string, b: string): number {
  let da = a.indexOf('.');
  if (da < 0) da = a.length;
  let db = b.indexOf('.');
  if (db < 0) db = b.length;
  let ia = 0;
  while (ia < da && a.charCodeAt(ia) === ZERO) ia++;
  let ib = 0;
  while (ib < db && b.charCodeAt(ib) === ZERO) ib++;
  const intA = da - ia;
  const intB = db - ib;
  if (intA !== intB) return intA < intB ? -1 : 1;
  for (let k = 0; k < intA; k++) {
    const ca = a.charCodeAt(ia + k);
    const cb = b.charCodeAt(ib + k);
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  const fa = da < a.length ? a.length - da - 1 : 0;
  const fb = db < b.length ? b.length - db - 1 : 0;
  const n = fa > fb ? fa : fb;
  for (let k = 0; k < n; k++) {
    const ca = k < fa ? a.charCodeAt(da + 1 + k) : ZERO;
    const cb = k < fb ? b.charCodeAt(db + 1 + k) : ZERO;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * An unsigned decimal string as the nearest double, the same value `Number(value)` gives,
 * faster: up to 15 digits the digits form an exact integer and one correctly rounded division
 * by an exact power of ten gives the nearest double; longer strings use `Number`.
 * Rounding to nearest is monotonic, so these keys never order two decimals the wrong way
 * round (they can only tie).
 * @internal
 */
export function decimalKey(value: string): number {
  let units = 0;
  let dot = -1;
  const n = value.length;
  if (n > 15) return Number(value);
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === DOT) dot = i;
    else units = units * 10 + (c - ZERO);
  }
  return dot < 0 ? units : units / POWERS_OF_TEN[n - dot - 1]!;
}

/** A string of 1 to 15 decimal digits (a checksum `c`) as an integer. @internal */
export function parseDigits(value: string): number {
  if (value.length > 15) return Number(value);
  let n = 0;
  for (let i = 0; i < value.length; i++) n = n * 10 + (value.charCodeAt(i) - ZERO);
  return n;
}

/** Whether a decimal string is zero (`"0.00000000"`, `"0"`). @internal */
export function isZeroDecimal(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c !== ZERO && c !== DOT) return false;
  }
  return true;
}

/**
 * The checksum form of a decimal string: the decimal point removed and leading zeros
 * stripped (`"0.00000500"` → `"500"`, `"27120.00000"` → `"2712000000"`).
 * @internal
 */
export function checksumDigits(value: string): string {
  const dot = value.indexOf('.');
  const digits = dot < 0 ? value : value.slice(0, dot) + value.slice(dot + 1);
  let i = 0;
  while (i < digits.length && digits.charCodeAt(i) === ZERO) i++;
  return i === 0 ? digits : digits.slice(i);
}

/** A decimal as an integer and a count of decimals: `"27120.50"` → `{ units: 2712050n, scale: 2 }`. */
interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

function toScaled(value: string): Scaled {
  const dot = value.indexOf('.');
  if (dot < 0) return { units: BigInt(value), scale: 0 };
  return { units: BigInt(value.slice(0, dot) + value.slice(dot + 1)), scale: value.length - dot - 1 };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.scale === scale ? value.units : value.units * 10n ** BigInt(scale - value.scale);
}

function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

/**
 * `a - b`, exactly, with as many decimals as the more precise operand
 * (`"27120.00000" - "27119.90000"` → `"0.10000"`).
 * @internal
 */
export function subtractDecimals(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  return formatScaled(rescale(x, scale) - rescale(y, scale), scale);
}

/**
 * `(a + b) / 2`, exactly: as many decimals as the more precise operand, plus one when the
 * halving needs it (`"1.1"` and `"1.2"` → `"1.15"`).
 * @internal
 */
export function midpointDecimals(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  const sum = rescale(x, scale) + rescale(y, scale);
  return sum % 2n === 0n ? formatScaled(sum / 2n, scale) : formatScaled(sum * 5n, scale + 1);
}
