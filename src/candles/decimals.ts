import Big from 'big.js';

/** Number of digits after the decimal point, trailing zeros included (`"354.11000000"` → 8). @internal */
export function decimalsOf(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

const dividers = new Map<number, Big.BigConstructor>();

/**
 * `numerator / denominator` rounded half-up to exactly `decimals` places, with one rounding
 * (big.js rounds a division at the constructor's `DP` using the exact remainder).
 * @internal
 */
export function divideRounded(numerator: Big, denominator: Big, decimals: number): string {
  let Divider = dividers.get(decimals);
  if (Divider === undefined) {
    Divider = Big();
    Divider.DP = decimals;
    Divider.RM = Big.roundHalfUp;
    dividers.set(decimals, Divider);
  }
  return new Divider(numerator).div(denominator).toFixed(decimals);
}

export { Big };
