import { KrakenError } from './krakenError';

/** @category Errors @since 0.1.0 */
export interface BookSequenceErrorInfo {
  /**
   * What was wrong: an update came before any snapshot, or a message of another book
   * (another pair or depth) reached this one.
   */
  readonly reason: 'update-before-snapshot' | 'other-book';
  /** The message's pair. */
  readonly pair: string;
  /** The message's channel, e.g. `book-25`. */
  readonly channelName: string;
  /** The pair of the book the message was applied to, for `other-book`. */
  readonly bookPair?: string;
  /** The depth of the book the message was applied to, for `other-book`. */
  readonly bookDepth?: number;
}

/**
 * A book message arrived where it cannot be applied: an update before any snapshot, or an
 * update of another pair or depth than the book it was given to. Applying it anyway would give
 * a silently wrong book, so `applyBookMessage()` throws this and `toOrderBook()` errors with it.
 *
 * @example
 * ```ts
 * updates$.pipe(toOrderBook()).subscribe({
 *   error: (err) => {
 *     if (err instanceof BookSequenceError) console.log(err.info.reason, err.info.pair);
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class BookSequenceError extends KrakenError<BookSequenceErrorInfo> {
  override readonly name = 'BookSequenceError' as const;

  constructor(info: BookSequenceErrorInfo) {
    const what =
      info.reason === 'update-before-snapshot'
        ? `A ${info.channelName} update for ${info.pair} arrived before any snapshot. Subscribe (or resubscribe) so that Kraken sends a snapshot first.`
        : `A ${info.channelName} update for ${info.pair} was applied to the ${info.bookPair ?? '?'} book of depth ${info.bookDepth ?? '?'}. Give each book (channelName and pair) its own toOrderBook(), e.g. after groupBy.`;
    super(what, info);
  }
}
