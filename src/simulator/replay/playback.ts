import { BookCatchUp } from './bookCatchUp';
import type { ReplayChannel, ReplayRecording } from './recording';

/**
 * The replay of one recording to one connection, without sockets or timers: a cursor over the
 * recording's frames that sends the frames of subscribed channels as the position advances.
 *
 * A channel subscribed after the cursor moved catches up at once, the way Kraken greets a new
 * subscriber: a book gets one fresh snapshot of the book at the cursor (rebuilt from its last
 * recorded snapshot and every recorded update before the cursor, see {@link BookCatchUp}; the
 * recorded updates after it then keep its checksums true), a ticker, spread or ohlc channel its
 * last frame, a trade channel nothing.
 * @internal
 */
export class Playback {
  readonly #recording: ReplayRecording;
  readonly #send: (text: string) => void;
  readonly #ids: ReadonlyMap<string, number>;
  readonly #books: BookCatchUp;
  readonly #subscribed = new Set<string>();
  #next = 0;
  #sent = 0;

  /**
   * @param recording What to play.
   * @param send Where the frames go.
   * @param books The book rebuilder, shared by the playbacks of one recording (default: its own).
   */
  constructor(recording: ReplayRecording, send: (text: string) => void, books: BookCatchUp = new BookCatchUp(recording)) {
    this.#recording = recording;
    this.#send = send;
    this.#books = books;
    this.#ids = new Map(recording.channels.map((c: ReplayChannel) => [c.key, c.channelId]));
  }

  /** Index of the next frame to play (frames before it are in the past). */
  get position(): number {
    return this.#next;
  }

  /** Frames sent so far. */
  get sent(): number {
    return this.#sent;
  }

  /** True once every frame of the recording is in the past. */
  get done(): boolean {
    return this.#next >= this.#recording.frames.length;
  }

  /** `at` of the next frame, or `undefined` when done. */
  get nextAt(): number | undefined {
    return this.#recording.frames[this.#next]?.at;
  }

  /** Whether a channel is subscribed. */
  isSubscribed(key: string): boolean {
    return this.#subscribed.has(key);
  }

  /** Subscribes a channel and sends its catch-up frame, if any (see the class comment). */
  subscribe(key: string): void {
    if (this.#subscribed.has(key)) return;
    this.#subscribed.add(key);
    const frames = this.#recording.frames;
    if (key.startsWith('book-')) {
      const snapshot = this.#books.snapshotAt(key, this.#next);
      if (snapshot !== undefined) this.#emit(key, snapshot);
      return;
    }
    if (key.startsWith('trade|')) return;
    for (let i = this.#next - 1; i >= 0; i--) {
      const frame = frames[i];
      if (frame !== undefined && frame.key === key) {
        this.#emit(key, frame.tail);
        return;
      }
    }
  }

  /** Stops sending a channel. */
  unsubscribe(key: string): void {
    this.#subscribed.delete(key);
  }

  /**
   * Plays every frame with `at <= position` (subscribed channels are sent, others skipped), at
   * most `limit` of them. Returns how many frames moved into the past.
   */
  advance(position: number, limit = Number.POSITIVE_INFINITY): number {
    const frames = this.#recording.frames;
    let moved = 0;
    while (moved < limit) {
      const frame = frames[this.#next];
      if (frame === undefined || frame.at > position) break;
      this.#next += 1;
      moved += 1;
      if (this.#subscribed.has(frame.key)) this.#emit(frame.key, frame.tail);
    }
    return moved;
  }

  /**
   * Plays every frame with `at < position` (strictly before; subscribed channels are sent,
   * others skipped): what a connection joining a paced replay at `position` has missed.
   * Returns how many frames moved into the past.
   */
  advanceBefore(position: number): number {
    const frames = this.#recording.frames;
    let moved = 0;
    for (let frame = frames[this.#next]; frame !== undefined && frame.at < position; frame = frames[this.#next]) {
      this.#next += 1;
      moved += 1;
      if (this.#subscribed.has(frame.key)) this.#emit(frame.key, frame.tail);
    }
    return moved;
  }

  #emit(key: string, tail: string): void {
    this.#sent += 1;
    this.#send(`[${this.#ids.get(key) ?? 0}${tail}`);
  }
}
