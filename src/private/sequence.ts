import { SequenceGapError } from '../errors/sequenceGapError';

/**
 * The outcome of {@link checkSequence}: the sequence to remember, or the gap.
 * @category Private
 * @since 0.1.0
 */
export type SequenceCheck =
  | { readonly ok: true; readonly sequence: number | undefined }
  | { readonly ok: false; readonly error: SequenceGapError };

/**
 * Checks a private message's sequence number against the previous one (reference 8.1).
 *
 * - `sequence: 1` is always fine: it is the snapshot of a (new) subscription;
 * - otherwise it must be the previous one + 1; the first message of a subscription must be 1;
 * - a message without a sequence (Kraken's 2019 feeds) passes and keeps the previous number.
 *
 * Anything else is a {@link SequenceGapError} with the feed, the expected and the received
 * number: resubscribe for a fresh snapshot.
 *
 * @example
 * ```ts
 * checkSequence(3, { kind: 'openOrders', sequence: 4 });  // { ok: true, sequence: 4 }
 * checkSequence(3, { kind: 'openOrders', sequence: 10 }); // { ok: false, error: SequenceGapError (expected 4, received 10) }
 * ```
 * @param previous The last sequence number seen on this subscription, `undefined` before the first message.
 * @param message The private message (only `kind` and `sequence` are read).
 * @return `ok` with the sequence to remember, or the error.
 * @category Private
 * @since 0.1.0
 */
export function checkSequence(
  previous: number | undefined,
  message: { readonly kind: 'openOrders' | 'ownTrades'; readonly sequence?: number },
): SequenceCheck {
  const received = message.sequence;
  if (received === undefined) return { ok: true, sequence: previous };
  if (received === 1) return { ok: true, sequence: 1 };
  const expected = previous === undefined ? 1 : previous + 1;
  if (received === expected) return { ok: true, sequence: received };
  return { ok: false, error: new SequenceGapError({ feed: message.kind, expected, received }) };
}
