import { TestScheduler } from 'rxjs/testing';
import { map } from 'rxjs';
import { fixtureFrames } from '../../test/support/fixtures';
import { SequenceGapError } from '../errors';
import { applyOpenOrdersMessage, type OpenOrdersState } from '../private/openOrders';
import { decodeFrame } from '../protocol/decodeFrame';
import type { OpenOrdersMessage } from '../protocol/messages';
import { toOpenOrders } from './toOpenOrders';

function marbles(fn: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0]) => void): void {
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(fn);
}

// The recorded openOrders messages, in file order: sequence 1, 2, 3, 4, 10, 4.
const recorded = fixtureFrames('kraken-private-kraken-async-rs-2023-11.jsonl')
  .map((frame) => decodeFrame(frame))
  .flatMap((r) => (r.ok && r.message.kind === 'openOrders' ? [r.message] : []));
const [s, p, o, c, f] = recorded as [OpenOrdersMessage, OpenOrdersMessage, OpenOrdersMessage, OpenOrdersMessage, OpenOrdersMessage];
const values = { s, p, o, c, f };

/** The states the reducer gives for a run of messages (the operator must emit exactly these). */
function states(...messages: OpenOrdersMessage[]): OpenOrdersState[] {
  const out: OpenOrdersState[] = [];
  let state: OpenOrdersState | undefined;
  for (const m of messages) out.push((state = applyOpenOrdersMessage(state, m)));
  return out;
}

describe('toOpenOrders', () => {
  it('never emits for a source that never emits', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<OpenOrdersMessage>('-');
      expectObservable(source.pipe(toOpenOrders())).toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  it('completes with an empty source', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<OpenOrdersMessage>('|');
      expectObservable(source.pipe(toOpenOrders())).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  it('emits the snapshot state for one message', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--s--|', values);
      const [S] = states(s);
      expectObservable(source.pipe(toOpenOrders())).toBe('--S--|', { S });
      expectSubscriptions(source.subscriptions).toBe('^----!');
      expect(S?.orders.size).toBe(3);
    });
  });

  it('follows the recorded lifecycle: snapshot, pending, open, canceled', () => {
    marbles(({ cold, expectObservable }) => {
      const source = cold('-s-p-o-c-|', values);
      const [S, P, O, C] = states(s, p, o, c);
      expectObservable(source.pipe(toOpenOrders())).toBe('-S-P-O-C-|', { S, P, O, C });
      expect([S, P, O, C].map((x) => x?.orders.size)).toEqual([3, 4, 4, 3]);
      expect(C?.terminal.map((t) => [t.id, t.status])).toEqual([['O7AIWV-HEBBH-COCEUU', 'canceled']]);
    });
  });

  it('emits what each message changed', () => {
    marbles(({ cold, expectObservable }) => {
      const source = cold('-s-p-o-c-|', values);
      const changed = source.pipe(
        toOpenOrders(),
        map((state) => `${state.orders.size}:${state.changed.join(',')}/${state.terminal.map((t) => t.status).join(',')}`),
      );
      expectObservable(changed).toBe('-a-b-c-d-|', {
        a: '3:OKJASZ-554YM-L7YMU7,OYEXS2-3M26S-PYLEVF,OVZYZV-IJH2T-QPSLPF/',
        b: '4:O7AIWV-HEBBH-COCEUU/',
        c: '4:O7AIWV-HEBBH-COCEUU/',
        d: '3:O7AIWV-HEBBH-COCEUU/canceled',
      });
    });
  });

  it('errors with SequenceGapError on a gap and unsubscribes from the source', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-s-p-o-c-f-|', values);
      const [S, P, O, C] = states(s, p, o, c);
      expectObservable(source.pipe(toOpenOrders())).toBe(
        '-S-P-O-C-#',
        { S, P, O, C },
        new SequenceGapError({ feed: 'openOrders', expected: 5, received: 10 }),
      );
      expectSubscriptions(source.subscriptions).toBe('^--------!');
    });
  });

  it('errors when the first message is not the snapshot', () => {
    marbles(({ cold, expectObservable }) => {
      const source = cold('-p-|', values);
      expectObservable(source.pipe(toOpenOrders())).toBe('-#', undefined, new SequenceGapError({ feed: 'openOrders', expected: 1, received: 2 }));
    });
  });

  it('applies every message when checkSequence is off', () => {
    marbles(({ cold, expectObservable }) => {
      const source = cold('-s-c-f-|', values);
      const [S, C, F] = states(s, c, f);
      expectObservable(source.pipe(toOpenOrders({ checkSequence: false }))).toBe('-S-C-F-|', { S, C, F });
    });
  });

  it('starts over on a new snapshot (sequence 1) mid-stream', () => {
    marbles(({ cold, expectObservable }) => {
      const source = cold('-s-p-s-|', values);
      const [S, P] = states(s, p);
      const [S2] = states(s);
      expectObservable(source.pipe(toOpenOrders())).toBe('-S-P-T-|', { S, P, T: S2 });
    });
  });

  it('passes a source error through', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-s-#', values, new Error('socket closed'));
      const [S] = states(s);
      expectObservable(source.pipe(toOpenOrders())).toBe('-S-#', { S }, new Error('socket closed'));
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('unsubscribes from the source on early unsubscribe', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-s-p-o-c-|', values);
      const [S, P] = states(s, p);
      expectObservable(source.pipe(toOpenOrders()), '^---!').toBe('-S-P', { S, P });
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('keeps separate state for each subscription', () => {
    marbles(({ cold, expectObservable }) => {
      const source = cold('-s-p-|', values);
      const [S, P] = states(s, p);
      const orders$ = source.pipe(toOpenOrders());
      expectObservable(orders$).toBe('-S-P-|', { S, P });
      expectObservable(orders$).toBe('-S-P-|', { S, P });
    });
  });
});
