/**
 * Time helpers. The simulator counts time in integer microseconds since the Unix epoch (safe
 * integers until the year 2255) and formats them the way Kraken does: `"1693415330.621700"`.
 * @internal
 */

/** A source of the current time in milliseconds since the epoch (may carry a fraction). */
export type Clock = () => number;

/** The default clock: wall time with sub-millisecond resolution. */
export const systemClock: Clock = () => performance.timeOrigin + performance.now();

/** Microseconds since the epoch for a clock reading in milliseconds. */
export function toMicros(ms: number): number {
  return Math.floor(ms * 1000);
}

/** Formats microseconds since the epoch as Kraken's `"<seconds>.<6 digits>"`. */
export function formatMicros(us: number): string {
  const sec = Math.floor(us / 1_000_000);
  const frac = us - sec * 1_000_000;
  return `${sec}.${String(frac).padStart(6, '0')}`;
}

/** Formats whole seconds as `"<seconds>.000000"` (candle end times). */
export function formatSeconds(sec: number): string {
  return `${sec}.000000`;
}
