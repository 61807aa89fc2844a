/**
 * Exact fixed-point helpers. The simulator keeps prices as integer ticks (units of
 * 10^-priceDecimals) and volumes as integer lots (units of 10^-lotDecimals) and only turns
 * them into strings at the edge. No floating point ever touches a price or a volume.
 * @internal
 */

const POW10: readonly bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

/** 10^n as a bigint. */
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

/**
 * Formats a non-negative integer amount of 10^-decimals units as a fixed-decimal string.
 * @example formatUnits(271200, 1) === '27120.0'; formatUnits(500, 8) === '0.00000500'
 */
export function formatUnits(units: number | bigint, decimals: number): string {
  const digits = typeof units === 'bigint' ? units.toString() : integerString(units);
  if (decimals === 0) return digits;
  const padded = digits.length <= decimals ? '0'.repeat(decimals - digits.length + 1) + digits : digits;
  const cut = padded.length - decimals;
  return `${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/**
 * Formats integer ticks of `tickDecimals` with `displayDecimals >= tickDecimals` decimals, by
 * padding zeros (e.g. ticks of 0.1 shown with 5 decimals, as Kraken does for XBT/USD).
 */
export function formatTicks(ticks: number, tickDecimals: number, displayDecimals: number): string {
  const s = formatUnits(ticks, tickDecimals);
  const extra = displayDecimals - tickDecimals;
  if (extra <= 0) return s;
  return tickDecimals === 0 ? `${s}.${'0'.repeat(extra)}` : s + '0'.repeat(extra);
}

/**
 * Parses a non-negative decimal string into integer units of 10^-decimals, exactly.
 * Returns `undefined` when the text is not a plain decimal or has more decimals than allowed.
 */
export function parseUnits(text: string, decimals: number): bigint | undefined {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return undefined;
  const whole = m[1] ?? '0';
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > decimals) return undefined;
  return BigInt(whole) * pow10(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

/**
 * `numerator / denominator` rounded half-up to an integer (both non-negative, denominator > 0).
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * The volume-weighted average price of `notional` (sum of ticks × lots) over `volume` (sum of
 * lots), as a string with `displayDecimals` decimals, rounded half-up. `0` volume gives zero.
 */
export function formatVwap(notional: bigint, volume: bigint, tickDecimals: number, displayDecimals: number): string {
  if (volume === 0n) return formatUnits(0, displayDecimals);
  const extra = displayDecimals - tickDecimals;
  const scaled = extra >= 0 ? notional * pow10(extra) : notional;
  const denom = extra >= 0 ? volume : volume * pow10(-extra);
  return formatUnits(divRoundHalfUp(scaled, denom), displayDecimals);
}

/** The checksum form of a wire decimal (section 7.1): '.' removed, leading zeros stripped. */
export function checksumDigits(text: string): string {
  const s = text.replace('.', '');
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  return s.slice(i);
}

function integerString(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a non-negative safe integer: ${n}`);
  return String(n);
}
