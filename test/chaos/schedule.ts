import { ChaosRandom } from './prng';

/**
 * Every kind of fault the chaos run injects. Grouped by what they attack:
 *
 * - connections: `drop` (TCP destroyed, 1006), `dropWithCode` (close frame 1001/1011/1013/4000),
 *   `dropMidSnapshot` (a drop, then the reconnection is cut in the middle of a book snapshot
 *   frame on the wire, after 1 to 3 snapshots of the resubscription went out whole),
 *   `dropBetweenOrderAndAnswer`
 *   (the order is placed, the connection dies before its answer);
 * - liveness: `stallShort` (the server goes silent for less than the client's heartbeat
 *   deadline: nothing must be torn down), `stallLong` (silent for longer: the client must
 *   declare the connection dead and reconnect);
 * - frames: `notJson`, `wrongShape` (valid JSON in a Kraken-like shape with bad fields, some
 *   routed to a live book, some to a channel nobody subscribed, some unroutable),
 *   `unknownEvent`, `hugeFrame` (4 MB), `truncatedSnapshot` (a book snapshot cut short),
 *   `corruptChecksum` (the next update of a pair lies about its CRC32);
 * - admission: `refuse403` (HTTP 403 at the upgrade, then a drop), `connectionRateLimit`
 *   (Kraken's capacity error on the next connection, then a drop), `messageRateLimit`
 *   (`Exceeded msg rate` for the next messages, which a drop or a resync makes subscribes);
 * - private side: `expireTokens` (revoked tokens, then a drop or an order on the old token),
 *   `delayResponses`, `reorderResponses`, `tradingRateLimit`;
 * - the consumer: `slowConsumer` (a subscriber that burns CPU on every book for a while).
 */
export const FAULT_KINDS = [
  'drop',
  'dropWithCode',
  'dropMidSnapshot',
  'dropBetweenOrderAndAnswer',
  'stallShort',
  'stallLong',
  'notJson',
  'wrongShape',
  'unknownEvent',
  'hugeFrame',
  'truncatedSnapshot',
  'corruptChecksum',
  'refuse403',
  'connectionRateLimit',
  'messageRateLimit',
  'expireTokens',
  'slowConsumer',
  'delayResponses',
  'reorderResponses',
  'tradingRateLimit',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** How often each kind is drawn after the first round (which has every kind once). */
const WEIGHTS: Readonly<Record<FaultKind, number>> = {
  drop: 4,
  dropWithCode: 2,
  dropMidSnapshot: 2,
  dropBetweenOrderAndAnswer: 2,
  stallShort: 2,
  stallLong: 2,
  notJson: 1,
  wrongShape: 2,
  unknownEvent: 1,
  hugeFrame: 1,
  truncatedSnapshot: 1,
  corruptChecksum: 3,
  refuse403: 1,
  connectionRateLimit: 1,
  messageRateLimit: 2,
  expireTokens: 1,
  slowConsumer: 1,
  delayResponses: 1,
  reorderResponses: 1,
  tradingRateLimit: 1,
};

/** One fault of the schedule, with every random choice it needs already drawn. */
export interface FaultStep {
  /** 0, 1, 2... */
  readonly index: number;
  readonly kind: FaultKind;
  /** How long the market runs undisturbed before the fault, in ms. */
  readonly quietMs: number;
  /** Which simulated pair the fault targets (book faults), as an index into the run's pairs. */
  readonly pairIndex: number;
  /** A kind-specific variant (close code, frame shape, follow-up action...). */
  readonly variant: number;
  /** A kind-specific count (refused connections, refused messages, orders, reordered answers). */
  readonly count: number;
  /** A kind-specific duration in ms (stall, response delay, slow consumer window). */
  readonly durationMs: number;
}

/** Options of {@link generateSchedule}. */
export interface ScheduleOptions {
  /** Number of faults. */
  readonly faults: number;
  /** Number of simulated pairs (for `pairIndex`). */
  readonly pairs: number;
  /** The client's heartbeat deadline (liveness timeout), in ms: stalls are drawn around it. */
  readonly heartbeatDeadlineMs: number;
  /** Quiet time before each fault, in ms: drawn uniformly in [min, max]. */
  readonly quietMs: readonly [number, number];
  /** Restrict the kinds drawn (default: all). */
  readonly kinds?: readonly FaultKind[];
}

/**
 * A deterministic fault schedule: the same seed and options give the same steps, so a failing
 * run replays exactly (`npm run test:chaos -- --seed N`). The first steps hold every kind once,
 * in a seeded order; later ones are drawn by weight.
 */
export function generateSchedule(seed: number, options: ScheduleOptions): FaultStep[] {
  const random = new ChaosRandom(seed ^ 0x9e3779b9);
  const kinds = options.kinds ?? FAULT_KINDS;
  if (kinds.length === 0) throw new RangeError('no fault kinds to draw from');
  const firstRound = random.shuffle(kinds);
  const totalWeight = kinds.reduce((sum, k) => sum + WEIGHTS[k], 0);
  const draw = (): FaultKind => {
    let x = random.next() * totalWeight;
    for (const k of kinds) {
      x -= WEIGHTS[k];
      if (x < 0) return k;
    }
    return kinds[kinds.length - 1] as FaultKind;
  };
  const steps: FaultStep[] = [];
  for (let index = 0; index < options.faults; index++) {
    const kind = index < firstRound.length ? (firstRound[index] as FaultKind) : draw();
    const deadline = options.heartbeatDeadlineMs;
    steps.push({
      index,
      kind,
      quietMs: random.int(options.quietMs[0], options.quietMs[1]),
      pairIndex: random.int(0, options.pairs - 1),
      variant: random.int(0, 3),
      count: random.int(1, 3),
      durationMs:
        kind === 'stallShort'
          ? random.int(Math.round(deadline * 0.2), Math.round(deadline * 0.45))
          : kind === 'stallLong'
            ? random.int(Math.round(deadline * 1.6), Math.round(deadline * 2.5))
            : kind === 'delayResponses'
              ? random.int(150, 900)
              : random.int(600, 1500),
    });
  }
  return steps;
}
