import { TestScheduler } from 'rxjs/testing';
import { createRestPacer } from './restPacer';

function marbles(fn: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0], scheduler: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run((helpers) => fn(helpers, scheduler));
}

describe('createRestPacer', () => {
  it('runs one request at once as is', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const paced = createRestPacer({ minIntervalMs: 5, scheduler });
      const a = cold('-a|');
      expectObservable(paced(a)).toBe('-a|');
      expectSubscriptions(a.subscriptions).toBe('^-!');
    });
  });

  it('never ends for a request that never answers, and keeps the next one waiting', () => {
    marbles(({ cold, hot, expectObservable, expectSubscriptions }, scheduler) => {
      const paced = createRestPacer({ minIntervalMs: 2, scheduler });
      const never = cold('-');
      const b = cold('b|');
      expectObservable(paced(never)).toBe('-');
      expectObservable(hot('-x').pipe(() => paced(b))).toBe('-');
      expectSubscriptions(b.subscriptions).toBe([]);
    });
  });

  it('runs requests subscribed together one after the other, spaced by minIntervalMs', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const paced = createRestPacer({ minIntervalMs: 3, scheduler });
      const a = cold('-a|');
      const b = cold('-b|');
      const c = cold('c|');
      expectObservable(paced(a)).toBe('-a|');
      expectObservable(paced(b)).toBe('----b|');
      expectObservable(paced(c)).toBe('------c|');
      expectSubscriptions(a.subscriptions).toBe('^-!');
      expectSubscriptions(b.subscriptions).toBe('---^-!');
      expectSubscriptions(c.subscriptions).toBe('------^!');
    });
  });

  it('waits for a slow request to end before the next starts', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const paced = createRestPacer({ minIntervalMs: 1, scheduler });
      const a = cold('-----a|');
      const b = cold('-b|');
      expectObservable(paced(a)).toBe('-----a|');
      expectObservable(paced(b)).toBe('-------b|');
      expectSubscriptions(b.subscriptions).toBe('------^-!');
    });
  });

  it('passes an error on and lets the next request go', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const paced = createRestPacer({ minIntervalMs: 2, scheduler });
      const a = cold('-#', undefined, new Error('rest down'));
      const b = cold('-b|');
      expectObservable(paced(a)).toBe('-#', undefined, new Error('rest down'));
      expectObservable(paced(b)).toBe('---b|');
      expectSubscriptions(b.subscriptions).toBe('--^-!');
    });
  });

  it('drops a waiting request that is unsubscribed, and aborts a running one', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const paced = createRestPacer({ minIntervalMs: 2, scheduler });
      const a = cold('----a|');
      const b = cold('-b|');
      const c = cold('-c|');
      expectObservable(paced(a), '^-!').toBe('--');
      expectObservable(paced(b), '^!').toBe('-');
      expectObservable(paced(c)).toBe('---c|');
      expectSubscriptions(a.subscriptions).toBe('^-!');
      expectSubscriptions(b.subscriptions).toBe([]);
      expectSubscriptions(c.subscriptions).toBe('--^-!');
    });
  });
});
