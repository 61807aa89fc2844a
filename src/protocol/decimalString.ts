import * as t from 'io-ts';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** @internal */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/**
 * Digits, optionally a `.` followed by digits: `"27120.00000"`, `"0"`. A character loop rather
 * than a regular expression: it runs three times per book level on the hot path.
 * @internal
 */
export function isUnsignedDecimalString(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const n = value.length;
  let i = 0;
  while (i < n && isDigit(value.charCodeAt(i))) i++;
  if (i === 0) return false;
  if (i === n) return true;
  if (value.charCodeAt(i) !== DOT) return false;
  const fraction = ++i;
  while (i < n && isDigit(value.charCodeAt(i))) i++;
  return i === n && i > fraction;
}

/** Only digits, 1 to `maxLength` of them. @internal */
export function isDigits(value: string, maxLength: number): boolean {
  const n = value.length;
  if (n === 0 || n > maxLength) return false;
  for (let i = 0; i < n; i++) if (!isDigit(value.charCodeAt(i))) return false;
  return true;
}

const DOT = 46;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** An io-ts codec of the strings `is` accepts, failing with `problem`. */
function stringCodec(name: string, is: (value: unknown) => value is string, problem: string): t.Type<string, string, unknown> {
  return new t.Type<string, string, unknown>(name, is, (input, context) => (is(input) ? t.success(input) : t.failure(input, context, problem)), t.identity);
}

/**
 * A decimal number written as a JSON string, kept exactly as Kraken sent it
 * (`"27120.00000"`, `"0.00000500"`). Never converted to a float.
 * @category Protocol
 * @since 0.1.0
 */
export const DecimalString = stringCodec('DecimalString', isDecimalString, 'not a decimal string');
/** @category Protocol @since 0.1.0 */
export type DecimalString = t.TypeOf<typeof DecimalString>;

/**
 * An unsigned decimal written as a JSON string (`"1699797222.188887"`): what Kraken sends for
 * times, prices and volumes that cannot be negative.
 * @category Protocol
 * @since 0.1.0
 */
export const UnsignedDecimalString = stringCodec('UnsignedDecimalString', isUnsignedDecimalString, 'not an unsigned decimal string');
/** @category Protocol @since 0.1.0 */
export type UnsignedDecimalString = t.TypeOf<typeof UnsignedDecimalString>;
