import { InvalidArgumentError } from '../errors/protocolErrors';

const KRAKEN_TIME = /^(\d+)(?:\.(\d*))?$/;

/**
 * Converts a Kraken time string (seconds since the epoch with a decimal fraction, e.g.
 * `"1699797222.188887"`) to whole microseconds, exactly.
 *
 * The integer and fraction parts are parsed separately, so no binary floating-point rounding
 * happens; digits beyond the sixth decimal are dropped (rounding towards the past), which keeps
 * bucketing exact: a time is in an interval exactly when its microseconds are.
 *
 * @example
 * ```ts
 * krakenTimeToMicros('1699797222.188887'); // 1699797222188887
 * krakenTimeToMicros('60');                // 60000000
 * ```
 * @throws {InvalidArgumentError} When `time` is not a non-negative decimal, or its
 * microseconds exceed `Number.MAX_SAFE_INTEGER` (the year 2255).
 * @category Candles
 * @since 0.1.0
 */
export function krakenTimeToMicros(time: string): number {
  const match = KRAKEN_TIME.exec(time);
  if (match === null) {
    throw new InvalidArgumentError('Kraken time', time, 'seconds since the epoch as a decimal string, e.g. "1699797222.188887"');
  }
  const whole = Number(match[1]);
  const fraction = Number(((match[2] ?? '') + '000000').slice(0, 6));
  const micros = whole * 1_000_000 + fraction;
  if (!Number.isSafeInteger(micros)) {
    throw new InvalidArgumentError('Kraken time', time, 'a time whose microseconds are a safe integer');
  }
  return micros;
}

/**
 * Converts a Kraken time string to whole milliseconds since the epoch (sub-millisecond digits
 * are dropped). Interval ends (`etime`) are whole seconds, so they convert exactly.
 *
 * @example
 * ```ts
 * krakenTimeToMs('1699797240.000000'); // 1699797240000
 * ```
 * @throws {InvalidArgumentError} As {@link krakenTimeToMicros}.
 * @category Candles
 * @since 0.1.0
 */
export function krakenTimeToMs(time: string): number {
  const micros = krakenTimeToMicros(time);
  return (micros - (micros % 1000)) / 1000;
}
