import { NEVER, defer, retry } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { HeartbeatTimeoutError, InvalidArgumentError } from '../errors';
import { probeScheduler } from '../../test/candles/support';
import { heartbeatTimeout } from './heartbeatTimeout';

/** Jest's toEqual compares errors by message only: compare class, name and info too. */
function errorsAsData(value: unknown): unknown {
  if (value instanceof Error) {
    return { class: value.constructor.name, name: value.name, message: value.message, info: (value as { info?: unknown }).info };
  }
  if (Array.isArray(value)) return value.map(errorsAsData);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, errorsAsData(v)]));
  }
  return value;
}

function marbles(fn: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0], scheduler: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(errorsAsData(actual)).toEqual(errorsAsData(expected)));
  scheduler.run((helpers) => fn(helpers, scheduler));
}

// The time-operator checklist, and where each case is:
// - values on time: 'mirrors many values that arrive within the deadline';
// - late values: 'errors when a value is late...', 'errors at the deadline even if...';
// - an interval with no trades: for this operator, silence: 'errors after `each` when the source never emits';
// - a reconnect in the middle of a candle: there are no candles here; the reconnect case is a
//   resubscription (retry) after a timeout, which must re-arm the deadline: 're-arms the deadline...';
// - duplicate running candles: does not apply (values pass through unread; duplicates are the
//   candle operators' business);
// - early unsubscribe: 'releases the source and the deadline on early unsubscribe';
// - error propagation: 'passes a source error through', 'produces a typed error with name and info'.
describe('heartbeatTimeout', () => {
  it('errors after `each` when the source never emits', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold('-');
      const subs = '       ^----!';
      const expected = '   -----#';
      expectObservable(source.pipe(heartbeatTimeout({ each: 5, scheduler }))).toBe(
        expected,
        undefined,
        new HeartbeatTimeoutError({ each: 5 }),
      );
      expectSubscriptions(source.subscriptions).toBe(subs);
    });
  });

  it('completes with an empty source', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold('|');
      expectObservable(source.pipe(heartbeatTimeout({ each: 5, scheduler }))).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  it('mirrors one value and completion', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold('  ----a|');
      const expected = '     ----a|';
      expectObservable(source.pipe(heartbeatTimeout({ each: 5, scheduler }))).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('mirrors many values that arrive within the deadline', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }, scheduler) => {
      const source = hot('-^-a---b----c-d---|');
      const subs = '       ^----------------!';
      const expected = '   --a---b----c-d---|';
      expectObservable(source.pipe(heartbeatTimeout({ each: 5, scheduler }))).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe(subs);
    });
  });

  it('errors when a value is late, and unsubscribes from the source', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }, scheduler) => {
      const source = hot('  --a--b---------c--|');
      const subs = '        ^---------!';
      const expected = '    --a--b----#';
      expectObservable(source.pipe(heartbeatTimeout({ each: 5, scheduler, info: { url: 'wss://ws.kraken.com' } }))).toBe(
        expected,
        undefined,
        new HeartbeatTimeoutError({ each: 5, url: 'wss://ws.kraken.com' }),
      );
      expectSubscriptions(source.subscriptions).toBe(subs);
    });
  });

  it('errors at the deadline even if a value would come one frame later', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const source = cold('----a-----b----#');
      // a at 4 (within 5), then the deadline at 9 passes before b at 10
      const expected = '   ----a----#';
      expectObservable(source.pipe(heartbeatTimeout({ each: 5, scheduler }))).toBe(
        expected,
        { a: 'a' },
        new HeartbeatTimeoutError({ each: 5 }),
      );
    });
  });

  it('passes a source error through', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const error = new Error('socket broke');
      const source = cold('--a-#', undefined, error);
      expectObservable(source.pipe(heartbeatTimeout({ each: 5, scheduler }))).toBe('--a-#', undefined, error);
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('releases the source and the deadline on early unsubscribe', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, testScheduler) => {
      const scheduler = probeScheduler(testScheduler);
      const source = cold('--a--b--c--');
      const unsub = '      ^-------!   ';
      const expected = '   --a--b--   ';
      // The deadline timer (re-armed for the rest of the deadline each time it finds a value) is
      // pending until the unsubscription at 8 and gone right after it, before the deadline at 10
      // a leaked timer would fire at: nothing may be pending or scheduled after the unsubscription.
      const probes: Array<{ frame: number; pending: number; scheduled: number }> = [];
      for (const frame of [6, 9, 50]) testScheduler.schedule(() => probes.push({ frame, pending: scheduler.pending(), scheduled: scheduler.scheduled() }), frame);
      expectObservable(source.pipe(heartbeatTimeout({ each: 5, scheduler })), unsub).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe('^-------!');
      testScheduler.flush();
      expect(probes.map(({ frame, pending }) => [frame, pending])).toEqual([
        [6, 1],
        [9, 0],
        [50, 0],
      ]);
      expect(probes[2]?.scheduled).toBe(probes[1]?.scheduled);
    });
  });

  it('re-arms the deadline on each resubscription: a retry after a timeout (the reconnect case) gets a full deadline', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, testScheduler) => {
      const scheduler = probeScheduler(testScheduler);
      // The first connection goes silent after a; the second, 3 ms after the timeout, is healthy.
      const first = cold('  --a--------------');
      const second = cold('           ----b--c--|');
      const sources = [first, second];
      let connection = 0;
      const result = defer(() => sources[connection++] ?? NEVER).pipe(heartbeatTimeout({ each: 5, scheduler }), retry({ count: 1, delay: 3 }));
      // b comes 7 ms after the timeout at 7 but 4 ms after the resubscription at 10: in time.
      expectObservable(result).toBe('--a-----------b--c--|');
      expectSubscriptions(first.subscriptions).toBe('^------!');
      expectSubscriptions(second.subscriptions).toBe('----------^---------!');
      testScheduler.flush();
      expect(scheduler.pending()).toBe(0);
    });
  });

  it('times out again when a resubscribed source goes silent too, each deadline counted from its own subscription', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const first = cold('  --a--------------------------');
      const second = cold('           ----b----------------');
      const third = cold('                        ---------');
      const sources = [first, second, third];
      let connection = 0;
      const result = defer(() => sources[connection++] ?? NEVER).pipe(heartbeatTimeout({ each: 5, scheduler }), retry({ count: 2, delay: 3 }));
      // Timeouts at 7 (a at 2), 19 (b at 14) and 27 (subscribed at 22, never a value).
      expectObservable(result).toBe('--a-----------b------------#', undefined, new HeartbeatTimeoutError({ each: 5 }));
      expectSubscriptions(first.subscriptions).toBe('^------!');
      expectSubscriptions(second.subscriptions).toBe('----------^--------!');
      expectSubscriptions(third.subscriptions).toBe('----------------------^----!');
    });
  });

  it('uses virtual time for seconds-long deadlines', () => {
    marbles(({ hot, expectObservable }, scheduler) => {
      const source = hot('a 999ms b 999ms c 5s d');
      const expected = '  a 999ms b 999ms c 4999ms #';
      expectObservable(source.pipe(heartbeatTimeout({ each: 5000, scheduler }))).toBe(
        expected,
        undefined,
        new HeartbeatTimeoutError({ each: 5000 }),
      );
    });
  });

  it('rejects a deadline that is not a positive finite number', () => {
    expect(() => heartbeatTimeout({ each: 0 })).toThrow(InvalidArgumentError);
    expect(() => heartbeatTimeout({ each: -1 })).toThrow(InvalidArgumentError);
    expect(() => heartbeatTimeout({ each: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => heartbeatTimeout({ each: Number.POSITIVE_INFINITY })).toThrow(InvalidArgumentError);
  });

  it('produces a typed error with name and info', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const result = cold('-').pipe(heartbeatTimeout({ each: 3, scheduler, info: { url: 'wss://x' } }));
      const seen: unknown[] = [];
      result.subscribe({ error: (e: unknown) => seen.push(e) });
      expectObservable(result).toBe('---#', undefined, new HeartbeatTimeoutError({ each: 3, url: 'wss://x' }));
      scheduler.schedule(() => {
        const err = seen[0];
        expect(err).toBeInstanceOf(HeartbeatTimeoutError);
        expect((err as HeartbeatTimeoutError).name).toBe('HeartbeatTimeoutError');
        expect((err as HeartbeatTimeoutError).info).toEqual({ each: 3, url: 'wss://x' });
      }, 4);
    });
  });
});
