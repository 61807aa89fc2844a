/** The largest reqid we use: Kraken accepts < 2^64, some of its services want 32-bit values. */
export const MAX_REQID = 2 ** 31 - 1;

/**
 * A source of request ids: positive integers, increasing, below 2^31, wrapping to 1.
 * One per client, shared by both endpoints, so a reqid never names two live requests.
 * @internal
 */
export interface ReqidSource {
  next(): number;
}

/** @internal */
export function createReqidSource(start = 1): ReqidSource {
  let current = Math.max(1, Math.min(start, MAX_REQID)) - 1;
  return {
    next() {
      current = current >= MAX_REQID ? 1 : current + 1;
      return current;
    },
  };
}
