import type { Level } from '../market/bookSide';
import type { BookChangeNotice } from '../market/pairMarket';

/** `["price","volume","timestamp"]` or with `"r"` for a republished level. @internal */
export function levelEntry(level: Level, republish = false): string {
  return republish
    ? `["${level.priceText}","${level.volumeText}","${level.timeText}","r"]`
    : `["${level.priceText}","${level.volumeText}","${level.timeText}"]`;
}

/**
 * Turns the stream of true-book changes of one pair into the `book-<depth>` update a client
 * subscribed at `depth` must receive, exactly as Kraken does.
 *
 * The client applies each update in order and, after each side's array, truncates that side
 * to `depth` levels (protocol reference 6.5). The window computes, per change, what that
 * client needs, using only ranks in the true book (O(log n) per change, nothing proportional
 * to the depth):
 *
 * - **insert** at rank < depth: sent. The level it pushes to rank `depth` drops out of the
 *   window; the client still holds it until it truncates at the end of the message, so it is
 *   remembered in a small per-message *overflow* set.
 * - **insert** at rank >= depth: nothing.
 * - **volume change** at rank < depth: sent. (A level in the overflow set needs nothing: if it
 *   comes back into the window within the message, it comes back as a republish carrying its
 *   current volume; otherwise the client truncates it.)
 * - **delete** at rank < depth: sent with volume zero; the level that thereby enters the window
 *   (the new rank `depth - 1`, if any) is sent with its own, older timestamp and the flag `"r"`.
 * - **delete** of a level in the overflow set: sent with volume zero (otherwise a stale level
 *   could survive truncation when a later delete in the same message pulls the window back).
 * - anything else (deeper than the window): nothing.
 *
 * Invariant: after every sent entry, the client's side holds exactly the true top `depth`
 * levels plus some true levels below them (never a stale one), so its truncation at the end of
 * the message yields the true top `depth`. The overflow set is cleared when the message ends.
 * @internal
 */
export class BookWindow {
  private readonly overflowA = new Set<number>();
  private readonly overflowB = new Set<number>();
  private asks: string[] = [];
  private bids: string[] = [];

  constructor(readonly depth: number) {}

  /** Handles one change of the true book (called in application order). */
  onChange(n: BookChangeNotice): void {
    const depth = this.depth;
    const overflow = n.side === 'a' ? this.overflowA : this.overflowB;
    const out = n.side === 'a' ? this.asks : this.bids;
    const { rankBefore, rankAfter, level, book } = n;
    if (rankBefore < 0) {
      if (rankAfter >= depth) return;
      out.push(levelEntry(level));
      const pushedOut = book.at(depth);
      if (pushedOut !== undefined) overflow.add(pushedOut.price);
    } else if (rankAfter >= 0) {
      if (rankAfter < depth) out.push(levelEntry(level));
    } else if (rankBefore < depth) {
      out.push(levelEntry(level));
      const entering = book.at(depth - 1);
      if (entering !== undefined) {
        out.push(levelEntry(entering, true));
        overflow.delete(entering.price);
      }
    } else if (overflow.delete(level.price)) {
      out.push(levelEntry(level));
    }
  }

  /** True when the current message has entries. */
  get pending(): boolean {
    return this.asks.length > 0 || this.bids.length > 0;
  }

  /**
   * Ends the current message: returns its ask and bid entries (either may be empty; both empty
   * when the window did not change) and resets the window for the next message.
   */
  take(): { readonly asks: readonly string[]; readonly bids: readonly string[] } {
    const result = { asks: this.asks, bids: this.bids };
    this.asks = [];
    this.bids = [];
    this.overflowA.clear();
    this.overflowB.clear();
    return result;
  }
}
