import type { ReplayRecording } from './recording';
import { ReplayBook, bookDicts } from './replayBook';

/** The frames of one book channel: their indices in the recording, and which are snapshots. */
interface BookChannelFrames {
  readonly depth: number;
  readonly channelName: string;
  readonly pair: string;
  /** Indices in `recording.frames`, ascending. */
  readonly indices: number[];
  /** Ordinals (positions in `indices`) of the snapshots, ascending. */
  readonly snapshots: number[];
}

/** A book built up to (not including) frame ordinal `upTo`, from the snapshot at ordinal `from`. */
interface CachedBook {
  readonly from: number;
  upTo: number;
  readonly book: ReplayBook;
}

/**
 * The snapshot a new subscriber of a recorded book gets at any position of the replay: the
 * book rebuilt from the channel's last recorded snapshot before the position through every
 * recorded update before it (see {@link ReplayBook}), as one snapshot frame.
 *
 * One instance serves every connection of a replay server. It keeps, per channel, the book it
 * built last, so the usual case (subscriptions at later and later positions) applies each
 * update once; a position before the cached one rebuilds from the snapshot.
 * @internal
 */
export class BookCatchUp {
  readonly #recording: ReplayRecording;
  #channels: Map<string, BookChannelFrames> | undefined;
  readonly #cache = new Map<string, CachedBook>();

  constructor(recording: ReplayRecording) {
    this.#recording = recording;
  }

  /**
   * The snapshot frame of book channel `key` (`book-10|XBT/USD`) as a client holds it once
   * every frame before index `position` is applied, after its channel id (`,{"as":...},
   * "book-10","XBT/USD"]`); `undefined` when no snapshot of the channel is before `position`
   * (or `key` is not a book channel).
   */
  snapshotAt(key: string, position: number): string | undefined {
    const channel = this.#channelsByKey().get(key);
    if (channel === undefined) return undefined;
    const count = countBelow(channel.indices, position);
    const snapshotIndex = countBelow(channel.snapshots, count) - 1;
    const from = channel.snapshots[snapshotIndex];
    if (from === undefined) return undefined;
    let cached = this.#cache.get(key);
    if (cached === undefined || cached.from !== from || cached.upTo > count) {
      cached = { from, upTo: from, book: new ReplayBook(channel.depth) };
      this.#cache.set(key, cached);
    }
    const frames = this.#recording.frames;
    for (; cached.upTo < count; cached.upTo++) {
      const frame = frames[channel.indices[cached.upTo] as number];
      if (frame !== undefined) cached.book.apply(bookDicts(frame.tail));
    }
    return cached.book.snapshotTail(channel.channelName, channel.pair);
  }

  #channelsByKey(): Map<string, BookChannelFrames> {
    if (this.#channels !== undefined) return this.#channels;
    const channels = new Map<string, BookChannelFrames>();
    this.#recording.frames.forEach((frame, index) => {
      if (!frame.channelName.startsWith('book-')) return;
      let channel = channels.get(frame.key);
      if (channel === undefined) {
        channel = { depth: Number(frame.channelName.slice(5)), channelName: frame.channelName, pair: frame.pair, indices: [], snapshots: [] };
        channels.set(frame.key, channel);
      }
      if (frame.snapshot) channel.snapshots.push(channel.indices.length);
      channel.indices.push(index);
    });
    this.#channels = channels;
    return channels;
  }
}

/** How many of the ascending `values` are below `limit`. */
function countBelow(values: readonly number[], limit: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
