import { TestScheduler } from 'rxjs/testing';
import { SendQueue } from './sendQueue';

function virtual(fn: (scheduler: TestScheduler) => void): void {
  const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
  scheduler.run(() => fn(scheduler));
}

function setup(scheduler: TestScheduler, config = { burst: 3, intervalMs: 100 }) {
  const written: Array<[number, string]> = [];
  let writable = true;
  const queue = new SendQueue(config, scheduler, (text) => {
    if (!writable) return false;
    written.push([scheduler.now(), text]);
    return true;
  });
  return { queue, written, setWritable: (w: boolean) => (writable = w) };
}

describe('SendQueue', () => {
  it('sends a burst at once, then one per interval', () => {
    virtual((scheduler) => {
      const { queue, written } = setup(scheduler);
      const receipts = ['a', 'b', 'c', 'd', 'e'].map((t) => queue.enqueue(t));
      expect(receipts.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'queued', 'queued']);
      scheduler.flush();
      expect(written).toEqual([
        [0, 'a'],
        [0, 'b'],
        [0, 'c'],
        [100, 'd'],
        [200, 'e'],
      ]);
      expect(receipts.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
      expect(scheduler.actions.length).toBe(0);
    });
  });

  it('puts priority messages ahead of ordinary ones, in their own order', () => {
    virtual((scheduler) => {
      const { queue, written } = setup(scheduler, { burst: 1, intervalMs: 100 });
      queue.enqueue('a');
      queue.enqueue('b');
      queue.enqueue('c');
      queue.enqueue('p1', { priority: true });
      queue.enqueue('p2', { priority: true });
      scheduler.flush();
      expect(written.map(([, t]) => t)).toEqual(['a', 'p1', 'p2', 'b', 'c']);
      expect(written.map(([t]) => t)).toEqual([0, 100, 200, 300, 400]);
    });
  });

  it('holds everything during a pause, then resumes at the steady rate without a burst', () => {
    virtual((scheduler) => {
      const { queue, written } = setup(scheduler);
      queue.pause(1000);
      ['a', 'b', 'c'].forEach((t) => queue.enqueue(t));
      scheduler.flush();
      expect(written).toEqual([
        [1000, 'a'],
        [1100, 'b'],
        [1200, 'c'],
      ]);
    });
  });

  it('a pause delays messages already waiting for the budget', () => {
    virtual((scheduler) => {
      const { queue, written } = setup(scheduler, { burst: 1, intervalMs: 100 });
      queue.enqueue('a');
      queue.enqueue('b'); // due at 100
      scheduler.schedule(() => queue.pause(500), 50); // until 550
      scheduler.flush();
      expect(written).toEqual([
        [0, 'a'],
        [550, 'b'],
      ]);
    });
  });

  it('cancel() withdraws a queued message only', () => {
    virtual((scheduler) => {
      const { queue, written } = setup(scheduler, { burst: 1, intervalMs: 100 });
      const a = queue.enqueue('a');
      const b = queue.enqueue('b');
      const c = queue.enqueue('c');
      expect(a.cancel()).toBe(false);
      expect(b.cancel()).toBe(true);
      expect(b.cancel()).toBe(false);
      scheduler.flush();
      expect(written.map(([t, x]) => `${t}:${x}`)).toEqual(['0:a', '100:c']);
      expect([a.status, b.status, c.status]).toEqual(['sent', 'cancelled', 'sent']);
    });
  });

  it('cancelling the last queued message clears the pending wake-up', () => {
    virtual((scheduler) => {
      const { queue } = setup(scheduler, { burst: 1, intervalMs: 100 });
      queue.enqueue('a');
      const b = queue.enqueue('b');
      expect(scheduler.actions.length).toBe(1);
      b.cancel();
      expect(scheduler.actions.length).toBe(0);
    });
  });

  it('stop() drops queued messages, cancels its timer, and drops later ones at once', () => {
    virtual((scheduler) => {
      const { queue, written } = setup(scheduler, { burst: 1, intervalMs: 100 });
      const a = queue.enqueue('a');
      const b = queue.enqueue('b');
      queue.stop();
      const c = queue.enqueue('c');
      expect([a.status, b.status, c.status]).toEqual(['sent', 'dropped', 'dropped']);
      expect(b.cancel()).toBe(false);
      expect(queue.size).toBe(0);
      expect(scheduler.actions.length).toBe(0);
      scheduler.flush();
      expect(written.map(([, t]) => t)).toEqual(['a']);
    });
  });

  it('marks a message dropped when the socket refuses the write', () => {
    virtual((scheduler) => {
      const { queue, setWritable } = setup(scheduler);
      setWritable(false);
      expect(queue.enqueue('a').status).toBe('dropped');
    });
  });

  it('survives a write that stops the queue while draining (re-entrant end of connection)', () => {
    virtual((scheduler) => {
      const written: string[] = [];
      const holder: { queue?: SendQueue } = {};
      // intervalMs 0: no limit, so after the pause the whole queue drains in one loop
      const queue = new SendQueue({ burst: 1, intervalMs: 0 }, scheduler, (text) => {
        written.push(text);
        if (text === 'b') holder.queue?.stop();
        return true;
      });
      holder.queue = queue;
      queue.pause(10);
      const receipts = ['a', 'b', 'c'].map((t) => queue.enqueue(t));
      expect(receipts.map((r) => r.status)).toEqual(['queued', 'queued', 'queued']);
      scheduler.flush();
      expect(written).toEqual(['a', 'b']);
      expect(receipts.map((r) => r.status)).toEqual(['sent', 'sent', 'dropped']);
    });
  });
});

describe('SendQueue urgent messages', () => {
  it('puts an urgent message ahead of queued priority messages', () => {
    const scheduler = new TestScheduler(() => undefined);
    const written: string[] = [];
    const queue = new SendQueue({ burst: 1, intervalMs: 100 }, scheduler, (text) => {
      written.push(text);
      return true;
    });
    queue.enqueue('first');
    queue.enqueue('order-1', { priority: true });
    queue.enqueue('order-2', { priority: true });
    queue.enqueue('probe', { urgent: true });
    scheduler.maxFrames = 1000;
    scheduler.flush();
    expect(written).toEqual(['first', 'probe', 'order-1', 'order-2']);
  });
});
