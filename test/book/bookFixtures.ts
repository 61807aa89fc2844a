import { decodeFrame } from '../../src/protocol/decodeFrame';
import type { BookSnapshotMessage, BookUpdateMessage } from '../../src/protocol/messages';
import { fixtureFiles, fixtureFrames } from '../support/fixtures';

/** A decoded book message of a recording. */
export type BookMessage = BookSnapshotMessage | BookUpdateMessage;

/** Every book message of a recording, decoded, in order (other messages are skipped). */
export function bookMessages(file: string): BookMessage[] {
  const messages: BookMessage[] = [];
  for (const frame of fixtureFrames(file)) {
    const result = decodeFrame(frame);
    if (!result.ok) throw new Error(`${file}: ${result.error.message}`);
    const message = result.message;
    if (message.kind === 'bookSnapshot' || message.kind === 'bookUpdate') messages.push(message);
  }
  return messages;
}

/** Decodes one recorded book frame. */
export function bookMessage(frame: string): BookMessage {
  const result = decodeFrame(frame);
  if (!result.ok) throw result.error;
  const message = result.message;
  if (message.kind !== 'bookSnapshot' && message.kind !== 'bookUpdate') throw new Error(`not a book message: ${frame}`);
  return message;
}

/** The recordings whose every update checksum must verify. */
export const VERIFIABLE_BOOK_FILES = fixtureFiles('kraken-book-');
/** The recordings whose snapshots were trimmed by their authors: every update must mismatch. */
export const TRIMMED_BOOK_FILES = fixtureFiles('kraken-booktrimmed-');

/** Books are keyed by channel name and pair (reference section 3). */
export function bookKey(message: BookMessage): string {
  return `${message.channelName} ${message.pair}`;
}
