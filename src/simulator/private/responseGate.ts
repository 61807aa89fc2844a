import { Prng } from '../core/prng';
import type { SimConnection } from '../server/connection';

/**
 * Where trading answers (`addOrderStatus`, `cancelOrderStatus`, ...) go out, so the faults can
 * delay them, shuffle them, or drop the connection before one is sent. Feed messages
 * (`openOrders`, `ownTrades`) never pass here: they keep flowing, which is the point of these
 * faults (a client must reconcile an order it sees on the feed before, or without, its answer).
 * @internal
 */
export class ResponseGate {
  private delayMs = 0;
  private reorderRemaining = 0;
  private held: { conn: SimConnection; text: string }[] = [];
  private dropNext = false;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly rng: Prng) {}

  /** Sends (or holds) one answer. */
  send(conn: SimConnection, text: string): void {
    if (this.reorderRemaining > 0) {
      this.held.push({ conn, text });
      this.reorderRemaining -= 1;
      if (this.reorderRemaining === 0) this.releaseShuffled();
      return;
    }
    this.deliver(conn, text);
  }

  /** Every later answer waits `ms` (0 ends the delay). */
  delay(ms: number): void {
    this.delayMs = ms;
  }

  /** The next `n` answers are held until all `n` arrived, then sent in a shuffled order. */
  reorder(n: number): void {
    this.releaseInOrder();
    this.reorderRemaining = n;
  }

  /** The next trading request is processed, then its connection dropped before the answer. */
  armDrop(): void {
    this.dropNext = true;
  }

  /** True (once) when the current trading request must drop its connection. */
  takeDrop(): boolean {
    const d = this.dropNext;
    this.dropNext = false;
    return d;
  }

  /** Clears the faults: held answers go out in their original order, delayed ones now. */
  reset(): void {
    this.delayMs = 0;
    this.dropNext = false;
    this.releaseInOrder();
  }

  /** Stops every timer (shutdown); nothing more is sent. */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.held = [];
    this.reorderRemaining = 0;
  }

  private deliver(conn: SimConnection, text: string): void {
    if (this.delayMs <= 0) {
      conn.send(text);
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      conn.send(text);
    }, this.delayMs);
    this.timers.add(t);
  }

  private releaseInOrder(): void {
    const held = this.held;
    this.held = [];
    this.reorderRemaining = 0;
    for (const h of held) this.deliver(h.conn, h.text);
  }

  /** A seeded Fisher–Yates shuffle that never returns the original order (for 2+ answers). */
  private releaseShuffled(): void {
    const held = this.held;
    this.held = [];
    const order = held.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.rng.int(0, i);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    if (order.length > 1 && order.every((v, i) => v === i)) order.push(order.shift() as number);
    for (const i of order) {
      const h = held[i] as { conn: SimConnection; text: string };
      this.deliver(h.conn, h.text);
    }
  }
}
