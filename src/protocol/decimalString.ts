import * as t from 'io-ts';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const UNSIGNED_DECIMAL = /^\d+(\.\d+)?$/;

/** @internal */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/** @internal */
export function isUnsignedDecimalString(value: unknown): value is string {
  return typeof value === 'string' && UNSIGNED_DECIMAL.test(value);
}

/**
 * A decimal number written as a JSON string, kept exactly as Kraken sent it
 * (`"27120.00000"`, `"0.00000500"`). Never converted to a float.
 * @category Protocol
 * @since 0.1.0
 */
export const DecimalString = new t.Type<string, string, unknown>(
  'DecimalString',
  isDecimalString,
  (input, context) => (isDecimalString(input) ? t.success(input) : t.failure(input, context, 'not a decimal string')),
  t.identity,
);
/** @category Protocol @since 0.1.0 */
export type DecimalString = t.TypeOf<typeof DecimalString>;
