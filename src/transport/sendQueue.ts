import type { SchedulerLike, Subscription } from 'rxjs';
import { fullRateBudget, pauseRateBudget, refillRateBudget, takeFromRateBudget, type RateBudgetConfig, type RateBudgetState } from './rateBudget';

/**
 * Where an outgoing message stands:
 * - `queued`: waiting for the rate budget; it has not left and can still be cancelled;
 * - `sent`: handed to the socket (whether the server processed it is unknown to the transport);
 * - `dropped`: the connection ended (or the socket refused the write) before it was written:
 *   it never left and is never replayed on a later connection;
 * - `cancelled`: withdrawn with `cancel()` while queued: it never left.
 * @example
 * ```ts
 * const leftTheClient = (status: SendStatus): boolean => status === 'sent';
 * ```
 * @category Client
 * @since 0.1.0
 */
export type SendStatus = 'queued' | 'sent' | 'dropped' | 'cancelled';

/**
 * The receipt of `Connection.send()`. `status` is live: read it when you need to know whether a
 * request left (e.g. when the connection ends, to tell "not sent" from "outcome unknown").
 * When a connection ends, every queued message becomes `dropped` before its `messages$`
 * completes.
 * @example
 * ```ts
 * const receipt = connection.send(JSON.stringify({ event: 'ping', reqid: 1 }));
 * if (receipt.status === 'queued') receipt.cancel();
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface SendReceipt {
  readonly status: SendStatus;
  /**
   * Withdraws the message if it is still queued.
   * @return `true` if it was queued and is now `cancelled`; `false` if it had already been
   * sent, dropped or cancelled.
   */
  cancel(): boolean;
}

/**
 * Options of `Connection.send()`.
 * @example
 * ```ts
 * connection.send(JSON.stringify({ event: 'cancelOrder', token, txid: [id] }), { priority: true });
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface SendOptions {
  /**
   * Jump ahead of queued ordinary messages (still behind earlier priority messages, and
   * still within the rate budget). For time-critical requests such as cancellations and
   * liveness probes.
   */
  readonly priority?: boolean;
  /**
   * Jump ahead of every queued message, priority ones included (still within the rate
   * budget). For liveness probes: a backlog of our own requests must not delay the probe
   * until the connection looks dead.
   */
  readonly urgent?: boolean;
}

interface Entry {
  readonly text: string;
  readonly priority: boolean;
  status: SendStatus;
}

class Receipt implements SendReceipt {
  constructor(
    private readonly entry: Entry,
    private readonly withdraw: (entry: Entry) => boolean,
  ) {}

  get status(): SendStatus {
    return this.entry.status;
  }

  cancel(): boolean {
    return this.withdraw(this.entry);
  }
}

/**
 * The outgoing queue of one connection: messages leave in order (priority ones first) as the
 * token-bucket budget allows, driven by `scheduler`. `write` hands a text to the socket and
 * returns whether it was written.
 * @internal
 */
export class SendQueue {
  private readonly entries: Entry[] = [];
  private budget: RateBudgetState;
  private wakeUp: Subscription | undefined;
  private stopped = false;
  private pumping = false;

  constructor(
    private readonly config: RateBudgetConfig,
    private readonly scheduler: SchedulerLike,
    private readonly write: (text: string) => boolean,
  ) {
    this.budget = fullRateBudget(config, scheduler.now());
  }

  /** Queues a message and sends what the budget allows right away. */
  enqueue(text: string, options?: SendOptions): SendReceipt {
    const entry: Entry = { text, priority: options?.priority === true || options?.urgent === true, status: 'queued' };
    const receipt = new Receipt(entry, (e) => this.withdraw(e));
    if (this.stopped) {
      entry.status = 'dropped';
      return receipt;
    }
    if (options?.urgent === true) {
      this.entries.unshift(entry);
    } else if (entry.priority) {
      const firstOrdinary = this.entries.findIndex((e) => !e.priority);
      if (firstOrdinary === -1) this.entries.push(entry);
      else this.entries.splice(firstOrdinary, 0, entry);
    } else {
      this.entries.push(entry);
    }
    this.pump();
    return receipt;
  }

  /** Holds all traffic for `ms`, after which messages leave at the steady rate (no burst). */
  pause(ms: number): void {
    if (this.stopped || !(ms > 0)) return;
    const now = this.scheduler.now();
    this.budget = pauseRateBudget(refillRateBudget(this.budget, now, this.config), now + ms, this.config);
    this.cancelWakeUp();
    this.pump();
  }

  /** Ends the queue: every queued message becomes `dropped`; later messages are dropped at once. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelWakeUp();
    for (const entry of this.entries.splice(0)) entry.status = 'dropped';
  }

  /** Number of queued messages. */
  get size(): number {
    return this.entries.length;
  }

  private withdraw(entry: Entry): boolean {
    if (entry.status !== 'queued') return false;
    const index = this.entries.indexOf(entry);
    if (index !== -1) this.entries.splice(index, 1);
    entry.status = 'cancelled';
    if (this.entries.length === 0) this.cancelWakeUp();
    return true;
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.stopped && this.entries.length > 0) {
        if (this.wakeUp !== undefined) return; // a wake-up is already scheduled for the head
        const now = this.scheduler.now();
        const take = takeFromRateBudget(this.budget, now, this.config);
        this.budget = take.state;
        if (!take.ok) {
          this.scheduleWakeUp(take.waitMs);
          return;
        }
        const entry = this.entries.shift() as Entry;
        entry.status = 'sent';
        if (!this.write(entry.text)) entry.status = 'dropped';
      }
    } finally {
      this.pumping = false;
    }
  }

  private scheduleWakeUp(delay: number): void {
    this.wakeUp = this.scheduler.schedule(() => {
      this.wakeUp = undefined;
      this.pump();
    }, delay);
  }

  private cancelWakeUp(): void {
    this.wakeUp?.unsubscribe();
    this.wakeUp = undefined;
  }
}
