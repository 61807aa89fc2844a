import { Subject, defer, of, throwError, type Observable } from 'rxjs';
import type { Candle } from '../candles/candle';
import { candle, marbles, ohlc } from '../../test/candles/support';
import { OhlcGaps, repairAfterGaps } from './candlesFeed';

const MIN = 60_000;
/** A one-minute XBT/USD candle starting at `minute` minutes. */
const at = (minute: number, close: string, final = true): Candle =>
  candle(minute * MIN, MIN, { open: close, high: close, low: close, close, vwap: close, volume: '1', count: 1, final });
/** An ohlc-1 update of the interval starting at `minute` minutes. */
const update = (minute: number) => ohlc((minute + 1) * 60, `${minute * 60 + 1}.000000`);

/** Gaps after: an update of minute 0, the feed stopped, then back with an update of `backAt`. */
function gapsAfterOutage(backAt: number): OhlcGaps {
  const gaps = new OhlcGaps();
  gaps.received(update(0));
  gaps.stopped();
  gaps.received(update(backAt));
  return gaps;
}

describe('OhlcGaps', () => {
  it('doubts nothing while the feed never stopped', () => {
    const gaps = new OhlcGaps();
    gaps.received(update(0));
    gaps.received(update(1));
    expect([0, 1, 2].map((m) => gaps.doubts(m * MIN))).toEqual([false, false, false]);
  });

  it('doubts nothing when the feed stopped before any update', () => {
    const gaps = new OhlcGaps();
    gaps.stopped();
    gaps.received(update(3));
    expect(gaps.from).toBeUndefined();
    expect(gaps.doubts(0)).toBe(false);
  });

  it('doubts the interval that was running while the feed is down, and every later one', () => {
    const gaps = new OhlcGaps();
    gaps.received(update(0));
    gaps.received(update(1));
    gaps.stopped();
    expect([0, 1, 2, 9].map((m) => gaps.doubts(m * MIN))).toEqual([false, true, true, true]);
  });

  it('clears the doubt when the feed comes back in the same interval (the running candle re-sent whole)', () => {
    const gaps = gapsAfterOutage(0);
    expect(gaps.from).toBeUndefined();
    expect(gaps.doubts(0)).toBe(false);
  });

  it('when the feed comes back in a later interval, doubts the intervals from the one running to the one it came back in (exclusive)', () => {
    const gaps = gapsAfterOutage(3);
    expect([0, 1, 2, 3, 4].map((m) => gaps.doubts(m * MIN))).toEqual([true, true, true, false, false]);
  });

  it('keeps the first interval in doubt across repeated stops (an interruption, then the resubscription)', () => {
    const gaps = new OhlcGaps();
    gaps.received(update(0));
    gaps.stopped();
    gaps.stopped();
    gaps.received(update(2));
    expect([gaps.from, gaps.until]).toEqual([0, 2 * MIN]);
  });

  it('settles intervals as they are repaired, and forgets the gap once all are', () => {
    const gaps = gapsAfterOutage(3);
    gaps.settledBefore(2 * MIN);
    expect([0, 1, 2].map((m) => gaps.doubts(m * MIN))).toEqual([false, false, true]);
    gaps.settledBefore(3 * MIN);
    expect([gaps.from, gaps.until]).toEqual([undefined, undefined]);
  });

  it('ignores settledBefore without a gap', () => {
    const gaps = new OhlcGaps();
    gaps.settledBefore(5 * MIN);
    expect(gaps.from).toBeUndefined();
  });
});

describe('repairAfterGaps', () => {
  /** Runs candles through the operator synchronously; REST answers `rest` (or throws it). */
  function run(gaps: OhlcGaps, candles: readonly Candle[], rest: readonly Candle[] | Error) {
    let restCalls = 0;
    const reported: unknown[] = [];
    const closedFromRest = (): Observable<readonly Candle[]> =>
      defer(() => {
        restCalls += 1;
        return rest instanceof Error ? throwError(() => rest) : of(rest);
      });
    const out: Candle[] = [];
    const source = new Subject<Candle>();
    source.pipe(repairAfterGaps(gaps, MIN, closedFromRest, (e) => reported.push(e))).subscribe((c) => out.push(c));
    for (const c of candles) source.next(c);
    source.complete();
    return { out, restCalls: () => restCalls, reported };
  }

  it('passes candles outside a gap unchanged, without asking REST', () => {
    const gaps = new OhlcGaps();
    gaps.received(update(0));
    const r = run(gaps, [at(0, '1', false), at(0, '1'), at(1, '2')], [at(0, 'REST')]);
    expect(r.out).toEqual([at(0, '1', false), at(0, '1'), at(1, '2')]);
    expect(r.restCalls()).toBe(0);
  });

  it('replaces the closed candle in doubt by REST\'s, and adds the intervals the outage hid, in order', () => {
    // Minute 0 was running when the feed stopped; it came back in minute 3: 0 closes (with
    // possibly missing trades) when 3's update arrives; 1 and 2 were never sent.
    const rest = [at(0, 'R0'), at(1, 'R1'), at(2, 'R2'), at(3, 'R3')];
    const r = run(gapsAfterOutage(3), [at(0, 'feed0'), at(3, 'feed3', false), at(3, 'feed3')], rest);
    expect(r.out).toEqual([at(0, 'R0'), at(1, 'R1'), at(2, 'R2'), at(3, 'feed3', false), at(3, 'feed3')]);
    expect(r.restCalls()).toBe(1);
  });

  it('keeps the feed\'s candle where REST does not have its interval, in order among REST\'s', () => {
    const r = run(gapsAfterOutage(3), [at(0, 'feed0')], [at(1, 'R1'), at(2, 'R2')]);
    expect(r.out).toEqual([at(0, 'feed0'), at(1, 'R1'), at(2, 'R2')]);
  });

  it('leaves running candles in a gap alone', () => {
    const r = run(gapsAfterOutage(3), [at(0, 'feed0', false)], [at(0, 'R0')]);
    expect(r.out).toEqual([at(0, 'feed0', false)]);
    expect(r.restCalls()).toBe(0);
  });

  it('asks REST once per gap: later closed candles are no longer in doubt', () => {
    const r = run(gapsAfterOutage(2), [at(0, 'feed0'), at(2, 'feed2'), at(3, 'feed3')], [at(0, 'R0'), at(1, 'R1'), at(2, 'R2')]);
    expect(r.out).toEqual([at(0, 'R0'), at(1, 'R1'), at(2, 'feed2'), at(3, 'feed3')]);
    expect(r.restCalls()).toBe(1);
  });

  it('while the feed is still down, repairs each candle in doubt from REST as the timer closes it', () => {
    const gaps = new OhlcGaps();
    gaps.received(update(0));
    gaps.stopped();
    const r = run(gaps, [at(0, 'feed0'), at(1, 'feed1')], [at(0, 'R0'), at(1, 'R1')]);
    expect(r.out).toEqual([at(0, 'R0'), at(1, 'R1')]);
    expect(r.restCalls()).toBe(2);
  });

  it('fetches the intervals an outage hid when the candle running at the drop had already closed (by the timer), before the next candle', () => {
    // Minute 0 closed by the grace timer; the feed dropped in minute 1 (no update yet) and came
    // back in minute 3: minutes 1 and 2 passed unseen, and no closed candle in doubt will come.
    const gaps = new OhlcGaps();
    gaps.received(update(0));
    const rest = [at(0, 'R0'), at(1, 'R1'), at(2, 'R2')];
    let restCalls = 0;
    const out: Candle[] = [];
    const source = new Subject<Candle>();
    source.pipe(repairAfterGaps(gaps, MIN, () => defer(() => ((restCalls += 1), of(rest))), () => undefined)).subscribe((c) => out.push(c));
    source.next(at(0, 'feed0'));
    gaps.stopped();
    gaps.received(update(3));
    source.next(at(3, 'feed3', false));
    source.next(at(3, 'feed3'));
    source.next(at(4, 'feed4'));
    source.complete();
    // Minute 0 is not emitted twice; 1 and 2 come from REST, before minute 3's running candle.
    expect(out).toEqual([at(0, 'feed0'), at(1, 'R1'), at(2, 'R2'), at(3, 'feed3', false), at(3, 'feed3'), at(4, 'feed4')]);
    expect(restCalls).toBe(1);
  });

  it('asks REST nothing when the only interval in doubt had closed before the drop and the feed came back in the next one', () => {
    const gaps = new OhlcGaps();
    gaps.received(update(0));
    let restCalls = 0;
    const out: Candle[] = [];
    const source = new Subject<Candle>();
    source.pipe(repairAfterGaps(gaps, MIN, () => defer(() => ((restCalls += 1), of([at(0, 'R0')]))), () => undefined)).subscribe((c) => out.push(c));
    source.next(at(0, 'feed0'));
    gaps.stopped();
    gaps.received(update(1));
    source.next(at(1, 'feed1', false));
    source.next(at(1, 'feed1'));
    expect(out).toEqual([at(0, 'feed0'), at(1, 'feed1', false), at(1, 'feed1')]);
    expect(restCalls).toBe(0);
    expect(gaps.from).toBeUndefined();
  });

  it('reports a REST failure and emits the candle as the feed left it', () => {
    const failure = new Error('REST down');
    const r = run(gapsAfterOutage(3), [at(0, 'feed0'), at(3, 'feed3')], failure);
    expect(r.out).toEqual([at(0, 'feed0'), at(3, 'feed3')]);
    expect(r.reported).toEqual([failure]);
  });

  it('keeps the order while REST answers: later candles wait for the repair (marbles)', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const rest = cold('   -----(x|)', { x: [at(0, 'R0'), at(1, 'R1')] });
      const source = cold('-ab-c-------------|', { a: at(0, 'feed0'), b: at(2, 'feed2', false), c: at(2, 'feed2') });
      const expected = '   ------(rsbc)------|';
      expectObservable(source.pipe(repairAfterGaps(gapsAfterOutage(2), MIN, () => rest, () => undefined))).toBe(expected, {
        r: at(0, 'R0'),
        s: at(1, 'R1'),
        b: at(2, 'feed2', false),
        c: at(2, 'feed2'),
      });
      expectSubscriptions(rest.subscriptions).toBe('-^----!');
    });
  });
});
