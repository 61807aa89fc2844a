import type { Observable } from 'rxjs';
import type { KrakenClient } from '../../src/client/krakenClient';
import { KrakenError } from '../../src/errors/krakenError';
import type { Simulator } from '../../src/simulator';
import type { ChaosRandom } from './prng';
import type { Violations } from './violations';

/** One trading request the chaos run made, and how it ended. */
interface RequestRecord {
  readonly kind: 'addOrder' | 'cancelOrder';
  readonly userref?: number;
  readonly txid?: string;
  /** `pending` until it answered or failed. */
  state: 'pending' | 'ok' | 'error';
  errorName?: string;
  outcome?: 'unknown' | 'not-sent';
  resultTxid?: string;
  typed?: boolean;
}

/** Figures of the order flow. */
export interface OrderFigures {
  requests: number;
  ok: number;
  /** Kraken refused it (KrakenRequestError: invalid session, rate counter...). */
  refused: number;
  /** `Exceeded msg rate` (MessageRateLimitError). */
  rateLimited: number;
  /** Interrupted or timed out after it was sent: may or may not have been placed. */
  outcomeUnknown: number;
  /** ... of which the simulator did place. */
  outcomeUnknownPlaced: number;
  /** Interrupted or timed out before it left: never placed. */
  notSent: number;
  other: number;
}

const PAIRS = [
  { pair: 'XBT/USD', decimals: 1, lot: 0.0001 },
  { pair: 'ETH/USD', decimals: 2, lot: 0.002 },
] as const;

/**
 * A stream of orders through every fault: limit orders resting away from the top, orders that
 * cross the book (so there are fills, and own trades), and cancels of orders known to be open.
 * Every request is followed to its end; `check` then proves, against the simulator's inbound
 * log, that none was sent twice and that each outcome says the truth (an order reported as
 * not sent was never received, one refused was not placed, one answered ok exists).
 */
export class OrderFlow {
  readonly records: RequestRecord[] = [];
  private nextUserref = 1;
  private readonly open: string[] = [];
  private readonly cancelled = new Set<string>();

  constructor(
    private readonly kraken: KrakenClient,
    private readonly sim: Simulator,
    private readonly random: ChaosRandom,
  ) {}

  get inFlight(): number {
    return this.records.filter((r) => r.state === 'pending').length;
  }

  /** One random request: mostly orders, sometimes a cancel. Resolves when it ended. */
  random1(): Promise<void> {
    if (this.open.length > 0 && this.random.chance(0.25)) {
      const index = this.random.int(0, this.open.length - 1);
      const [txid] = this.open.splice(index, 1) as [string];
      return this.cancel(txid);
    }
    return this.add(this.random.chance(0.4) ? 'cross' : 'rest');
  }

  /** Places an order that rests away from the top (`rest`) or takes liquidity (`cross`). */
  add(style: 'rest' | 'cross'): Promise<void> {
    const { pair, decimals, lot } = this.random.pick(PAIRS);
    const top = this.sim.trueBook(pair, 1);
    const bid = Number(top.bids[0]?.[0] ?? '1');
    const ask = Number(top.asks[0]?.[0] ?? '2');
    const tick = 10 ** -decimals;
    const type = this.random.chance(0.5) ? 'buy' : 'sell';
    const away = this.random.int(5, 60) * tick;
    const price =
      style === 'rest' ? (type === 'buy' ? bid - away : ask + away) : type === 'buy' ? ask + 3 * tick : Math.max(tick, bid - 3 * tick);
    const volume = (lot * this.random.int(1, 4)).toFixed(4);
    const userref = this.nextUserref++;
    const record: RequestRecord = { kind: 'addOrder', userref, state: 'pending' };
    this.records.push(record);
    return this.follow(
      record,
      this.kraken.addOrder({ ordertype: 'limit', type, pair, price: price.toFixed(decimals), volume, userref }),
      (result) => {
        if (result.txid !== undefined) {
          record.resultTxid = result.txid;
          if (style === 'rest') this.open.push(result.txid);
        }
      },
    );
  }

  cancel(txid: string): Promise<void> {
    const record: RequestRecord = { kind: 'cancelOrder', txid, state: 'pending' };
    this.records.push(record);
    this.cancelled.add(txid);
    return this.follow(record, this.kraken.cancelOrder([txid]), () => undefined);
  }

  private follow<T>(record: RequestRecord, request$: Observable<T>, onValue: (value: T) => void): Promise<void> {
    return new Promise<void>((resolve) => {
      request$.subscribe({
        next: onValue,
        complete: () => {
          if (record.state === 'pending') record.state = 'ok';
          resolve();
        },
        error: (error: unknown) => {
          record.state = 'error';
          record.typed = error instanceof KrakenError;
          record.errorName = error instanceof Error ? error.name : typeof error;
          const outcome = (error as { info?: { outcome?: unknown } }).info?.outcome;
          if (outcome === 'unknown' || outcome === 'not-sent') record.outcome = outcome;
          resolve();
        },
      });
    });
  }

  /** After every request ended and the run is quiet: no request sent twice, every outcome true. */
  check(violations: Violations): OrderFigures {
    const figures: OrderFigures = { requests: 0, ok: 0, refused: 0, rateLimited: 0, outcomeUnknown: 0, outcomeUnknownPlaced: 0, notSent: 0, other: 0 };
    const adds = new Map<string, number>();
    const cancels = new Map<string, number>();
    for (const r of this.sim.received) {
      const m = r.message as { event?: unknown; userref?: unknown; txid?: unknown } | undefined;
      const userref = typeof m?.userref === 'string' || typeof m?.userref === 'number' ? String(m.userref) : undefined;
      if (m?.event === 'addOrder' && userref !== undefined) adds.set(userref, (adds.get(userref) ?? 0) + 1);
      if (m?.event === 'cancelOrder' && Array.isArray(m.txid)) for (const t of m.txid) cancels.set(String(t), (cancels.get(String(t)) ?? 0) + 1);
    }
    const placed = new Map(this.sim.orders().map((o) => [o.userref, o]));
    for (const r of this.records) {
      figures.requests += 1;
      const label = r.kind === 'addOrder' ? `addOrder userref ${r.userref}` : `cancelOrder ${r.txid}`;
      if (!violations.expect(r.state !== 'pending', 'order.ended', () => `${label} never ended`)) continue;
      // Ended although a fault cut it (connection lost before the answer, deadline passed).
      if (r.outcome !== undefined) violations.exercise('order.ended');
      if (r.state === 'error') violations.expect(r.typed === true, 'order.typedError', () => `${label} failed with an untyped ${r.errorName}`);
      const sent = r.kind === 'addOrder' ? (adds.get(String(r.userref)) ?? 0) : (cancels.get(r.txid ?? '') ?? 0);
      violations.expect(sent <= 1, 'order.neverSentTwice', () => `${label} reached the simulator ${sent} times`);
      const order = r.userref === undefined ? undefined : placed.get(r.userref);
      if (r.state === 'ok') {
        figures.ok += 1;
        violations.expect(sent === 1, 'order.okWasSent', () => `${label} answered ok but the simulator received it ${sent} times`);
        if (r.kind === 'addOrder') {
          violations.expect(order !== undefined && order.txid === r.resultTxid, 'order.okWasPlaced', () => `${label} answered ${r.resultTxid}, simulator has ${order?.txid}`);
        }
        continue;
      }
      if (r.outcome === 'not-sent') {
        figures.notSent += 1;
        violations.expect(sent === 0 && order === undefined, 'order.notSentIsTrue', () => `${label} said not sent, but the simulator received it ${sent} times`);
      } else if (r.outcome === 'unknown') {
        figures.outcomeUnknown += 1;
        if (order !== undefined) figures.outcomeUnknownPlaced += 1;
      } else if (r.errorName === 'KrakenRequestError' || r.errorName === 'MessageRateLimitError') {
        if (r.errorName === 'KrakenRequestError') figures.refused += 1;
        else figures.rateLimited += 1;
        violations.expect(sent === 1, 'order.refusedWasSent', () => `${label} refused by Kraken but received ${sent} times`);
        if (r.kind === 'addOrder') violations.expect(order === undefined, 'order.refusedNotPlaced', () => `${label} was refused, yet the simulator placed ${order?.txid}`);
      } else {
        figures.other += 1;
        violations.add('order.unexpectedError', `${label} failed with ${r.errorName}`);
      }
    }
    return figures;
  }
}
