import type { OrderBook } from '../../src/book/orderBook';
import type { BookSyncState } from '../../src/feeds/bookFeed';
import type { Simulator } from '../../src/simulator';
import { ReferenceBook } from '../simulator/support/referenceBook';
import type { Violations } from './violations';
import { channelKey, publicFrame, type ChannelModel } from './wireModel';
import type { TapConnection, WireListener, WireTap } from './wireTap';

interface BookTrack {
  readonly pair: string;
  readonly depth: number;
  readonly key: string;
  /** The independent reference book, while it is known to be right. */
  ref: ReferenceBook | undefined;
  /** Connection of the reference's snapshot. */
  refConn: number | undefined;
  /** The latest `bookSync()` state. */
  sync: BookSyncState['state'];
  /** The last book `book()` emitted. */
  last: OrderBook | undefined;
  /** When the book last left `synced` (wall ms), while it is not synced. */
  leftSyncAt: number | undefined;
}

/**
 * Checks `book()` and `bookSync()` of every book against an independent reference client (its
 * own ordering, truncation and CRC32; test/simulator/support/referenceBook.ts) fed with the
 * same frames, and against the simulator's true book at checkpoints.
 *
 * - Every emitted book must be emitted while a frame of its own channel is being delivered,
 *   while the reference is in sync (a snapshot on the current subscription and every update's
 *   checksum verified since), while `bookSync()` says `synced`, and must equal the reference.
 * - The reference leaves sync when its connection ends, when the client unsubscribes the
 *   channel (a resync), when an update fails the reference's checksum, and when a frame the
 *   harness injected lands on the channel. A book emitted then is a violation.
 * - At a checkpoint (market paused, quiet), the last emitted book equals `sim.trueBook()`.
 */
export class BookChecker implements WireListener {
  private readonly tracks = new Map<string, BookTrack>();
  /** Wall-clock durations of completed resyncs (left `synced` → `synced` again), ms. */
  readonly resyncDurations: number[] = [];

  constructor(
    books: ReadonlyArray<{ readonly pair: string; readonly depth: number }>,
    private readonly tap: WireTap,
    private readonly channels: ChannelModel,
    private readonly violations: Violations,
    private readonly injected: ReadonlySet<string>,
  ) {
    for (const { pair, depth } of books) {
      const key = channelKey(`book-${depth}`, pair);
      this.tracks.set(key, { pair, depth, key, ref: undefined, refConn: undefined, sync: 'awaiting-snapshot', last: undefined, leftSyncAt: undefined });
    }
    channels.onStop((_conn, key) => {
      const track = this.tracks.get(key);
      if (track !== undefined) track.ref = undefined;
    });
  }

  /** Every book is `synced`. */
  allSynced(): boolean {
    for (const t of this.tracks.values()) if (t.sync !== 'synced') return false;
    return true;
  }

  /** Books not synced right now. */
  unsynced(): string[] {
    return [...this.tracks.values()].filter((t) => t.sync !== 'synced').map((t) => t.key);
  }

  beforeFrame(conn: TapConnection, text: string, message: unknown): void {
    if (conn.endpoint !== 'public') return;
    const frame = publicFrame(message);
    if (frame === undefined) return;
    const track = this.tracks.get(channelKey(frame.channelName, frame.pair));
    if (track === undefined) return;
    if (this.injected.has(text)) {
      // A bad frame on a live book: the client must not trust the book until a new snapshot.
      if (track.sync === 'synced') this.violations.exercise('book.emittedWhileOutOfSync');
      track.ref = undefined;
      return;
    }
    if (!this.channels.isLive(conn, track.key)) {
      track.ref = undefined;
      return;
    }
    const first = frame.payload[0] as Record<string, unknown> | undefined;
    const isSnapshot = first !== undefined && ('as' in first || 'bs' in first);
    // An update for a book known to be out of sync (a lying checksum seen, a bad frame, the
    // subscription being replaced): the client must not emit a book for it.
    if (!isSnapshot && track.ref === undefined) this.violations.exercise('book.emittedWhileOutOfSync');
    if (isSnapshot) {
      track.ref = new ReferenceBook(track.depth);
      track.refConn = conn.id;
      track.ref.apply(message as unknown[]);
      return;
    }
    if (track.ref === undefined || track.refConn !== conn.id) return;
    try {
      if (!track.ref.apply(message as unknown[])) {
        track.ref = undefined;
        // This very frame fails its checksum: a book emitted for it would be wrong.
        this.violations.exercise('book.emittedWhileOutOfSync');
      }
    } catch {
      track.ref = undefined;
    }
  }

  /** A value of `bookSync()`. */
  onSync(state: BookSyncState): void {
    const track = this.tracks.get(channelKey(`book-${state.depth}`, state.pair));
    if (track === undefined) {
      this.violations.add('book.unknown', `bookSync for ${state.pair} depth ${state.depth}`);
      return;
    }
    if (state.state !== 'synced' && track.sync === 'synced') track.leftSyncAt = Date.now();
    if (state.state === 'synced' && track.leftSyncAt !== undefined) {
      this.resyncDurations.push(Date.now() - track.leftSyncAt);
      track.leftSyncAt = undefined;
    }
    track.sync = state.state;
  }

  /** A value of `book()`. */
  onBook(book: OrderBook): void {
    const track = this.tracks.get(channelKey(`book-${book.depth}`, book.pair));
    const v = this.violations;
    if (track === undefined) {
      v.add('book.unknown', `book for ${book.pair} depth ${book.depth}`);
      return;
    }
    track.last = book;
    const current = this.tap.current;
    const frame = current === undefined ? undefined : publicFrame(current.message);
    v.expect(
      frame !== undefined && channelKey(frame.channelName, frame.pair) === track.key,
      'book.emittedWithoutItsFrame',
      () => `${track.key} emitted outside the delivery of one of its frames`,
    );
    v.expect(track.sync === 'synced', 'book.emittedWhileNotSynced', () => `${track.key} emitted while bookSync() said ${track.sync}`);
    if (!v.expect(track.ref !== undefined, 'book.emittedWhileOutOfSync', () => `${track.key} emitted while the reference knows it is out of sync`)) return;
    const ref = (track.ref as ReferenceBook).view();
    v.expect(sameSide(book.asks, ref.asks) && sameSide(book.bids, ref.bids), 'book.equalsReference', () => `${track.key} differs from the reference book`);
  }

  /** At a checkpoint: every last book equals the simulator's true book. */
  checkTrueBooks(sim: Simulator): void {
    for (const track of this.tracks.values()) {
      const truth = sim.trueBook(track.pair, track.depth);
      const last = track.last;
      this.violations.expect(
        last !== undefined && track.sync === 'synced' && sameSide(last.asks, truth.asks) && sameSide(last.bids, truth.bids),
        'book.equalsTrueBook',
        () =>
          `${track.key} (${track.sync}) differs from the true book: best ask ${last?.asks[0]?.price}/${truth.asks[0]?.[0]}, best bid ${last?.bids[0]?.price}/${truth.bids[0]?.[0]}, levels ${last?.asks.length}+${last?.bids.length} vs ${truth.asks.length}+${truth.bids.length}`,
      );
    }
  }
}

function sameSide(levels: OrderBook['asks'], truth: ReadonlyArray<readonly [string, string]>): boolean {
  if (levels.length !== truth.length) return false;
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i];
    const t = truth[i];
    if (l === undefined || t === undefined || l.price !== t[0] || l.volume !== t[1]) return false;
  }
  return true;
}
