import { TestScheduler } from 'rxjs/testing';
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import type { Candle } from '../../src/candles';
import type { OhlcUpdate, Trade } from '../../src/feeds/values';

/** Jest's toEqual compares errors by message only: compare class, name and info too. */
export function errorsAsData(value: unknown): unknown {
  if (value instanceof Error) {
    return { class: value.constructor.name, name: value.name, message: value.message, info: (value as { info?: unknown }).info };
  }
  if (Array.isArray(value)) return value.map(errorsAsData);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, errorsAsData(v)]));
  }
  return value;
}

type RunHelpers = Parameters<Parameters<TestScheduler['run']>[0]>[0];

/** Runs `fn` in virtual time (one frame = 1 ms) with a TestScheduler comparing errors as data. */
export function marbles(fn: (helpers: RunHelpers, scheduler: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(errorsAsData(actual)).toEqual(errorsAsData(expected)));
  scheduler.run((helpers) => fn(helpers, scheduler));
}

/**
 * A scheduler that delegates to `inner` and remembers every action it scheduled, so a test
 * can count the timers still pending (not run and not unsubscribed). `epochMs` shifts
 * `now()`, so real Kraken times can be used in virtual time.
 *
 * An action that has run counts as no longer pending even though RxJS leaves it open (it is
 * closed only when unsubscribed). An action that reschedules itself (`this.schedule()` from
 * its work) is not followed: the operators here schedule a new action instead.
 */
export function probeScheduler(inner: SchedulerLike, epochMs = 0): SchedulerLike & { pending(): number; scheduled(): number } {
  const actions: Array<{ readonly action: Subscription; ran: boolean }> = [];
  return {
    now: () => epochMs + inner.now(),
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
      const entry = { action: undefined as unknown as Subscription, ran: false };
      entry.action = inner.schedule(
        function (this: SchedulerAction<T>, s?: T) {
          entry.ran = true;
          work.call(this, s);
        },
        delay,
        state as T,
      );
      actions.push(entry);
      return entry.action;
    },
    pending: () => actions.filter((a) => !a.ran && !a.action.closed).length,
    scheduled: () => actions.length,
  };
}

/** An ohlc-1 update of XBT/USD; times in seconds (small numbers in virtual time). */
export function ohlc(etime: number, time: string, values: Partial<Omit<OhlcUpdate, 'etime' | 'time'>> = {}): OhlcUpdate {
  return {
    pair: 'XBT/USD',
    interval: 1,
    time,
    etime: `${etime}.000000`,
    open: '100.0',
    high: '100.0',
    low: '100.0',
    close: '100.0',
    vwap: '100.0',
    volume: '1.00000000',
    count: 1,
    ...values,
  };
}

/** The candle the ohlc update gives. */
export function candleOf(update: OhlcUpdate, final: boolean): Candle {
  const end = Math.round(Number(update.etime) * 1000);
  const intervalMs = update.interval * 60_000;
  return {
    pair: update.pair,
    intervalMs,
    start: end - intervalMs,
    end,
    open: update.open,
    high: update.high,
    low: update.low,
    close: update.close,
    vwap: update.vwap,
    volume: update.volume,
    count: update.count,
    final,
  };
}

/** A XBT/USD trade at `micros` microseconds since the epoch. */
export function trade(micros: number, price: string, volume: string, extra: Partial<Trade> = {}): Trade {
  const s = String(micros).padStart(7, '0');
  return {
    pair: 'XBT/USD',
    price,
    volume,
    time: `${s.slice(0, -6)}.${s.slice(-6)}`,
    side: 'buy',
    orderType: 'limit',
    misc: '',
    ...extra,
  };
}

/** A candle literal with defaults for the identity fields. */
export function candle(start: number, intervalMs: number, values: Omit<Candle, 'pair' | 'intervalMs' | 'start' | 'end'>, pair = 'XBT/USD'): Candle {
  return { pair, intervalMs, start, end: start + intervalMs, ...values };
}

/**
 * A marble string from absolute frames: `timeline([[10000, 'a'], [61000, 'A'], [61000, '|']])`
 * gives `'10000ms a 50999ms (A|)'`. Values at the same frame are grouped.
 */
export function timeline(events: ReadonlyArray<readonly [number, string]>): string {
  const byFrame = new Map<number, string>();
  for (const [frame, char] of events) byFrame.set(frame, (byFrame.get(frame) ?? '') + char);
  let cursor = 0;
  const parts: string[] = [];
  for (const frame of [...byFrame.keys()].sort((a, b) => a - b)) {
    const chars = byFrame.get(frame) as string;
    const token = chars.length > 1 ? `(${chars})` : chars;
    if (frame < cursor) throw new Error(`timeline: frame ${frame} overlaps the previous token`);
    if (frame > cursor) parts.push(`${frame - cursor}ms`);
    parts.push(token);
    cursor = frame + token.length;
  }
  return parts.join(' ');
}
