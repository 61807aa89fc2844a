import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { Connection } from '../transport/reconnectingSocket';
import type { SendReceipt } from '../transport/sendQueue';
import { createReqidSource } from './reqids';
import { DEFAULT_SUBSCRIPTION_CONFIG, Session } from './session';

function fakeConnection() {
  const messages$ = new Subject<string>();
  const sent: Array<Record<string, unknown>> = [];
  const connection: Connection = {
    id: 1,
    messages$,
    send(text: string): SendReceipt {
      sent.push(JSON.parse(text) as Record<string, unknown>);
      return { status: 'sent', cancel: () => false };
    },
    pause: () => undefined,
    fail: () => undefined,
    ended: false,
    endError: undefined,
  };
  return { connection, messages$, sent };
}

describe('Session bookkeeping', () => {
  it('forgets each request once every pair has its answer, so nothing grows over days of resubscribing', () => {
    const scheduler = new TestScheduler(() => undefined);
    const { connection, messages$, sent } = fakeConnection();
    const session = new Session(connection, {
      url: 'wss://ws.kraken.com',
      reqids: createReqidSource(),
      scheduler,
      config: DEFAULT_SUBSCRIPTION_CONFIG,
      report: () => undefined,
      systemStatus: () => undefined,
    });
    for (let round = 0; round < 50; round++) {
      const subs = ['XBT/USD', 'ETH/USD'].map((pair) => session.register({ scope: 'public', name: 'ticker', pair }, 'subscribe').subscribe());
      scheduler.flush();
      const subscribe = sent[sent.length - 1] as { reqid: number; pair: string[] };
      for (const pair of subscribe.pair) {
        messages$.next(JSON.stringify({ channelID: 1, channelName: 'ticker', event: 'subscriptionStatus', pair, reqid: subscribe.reqid, status: 'subscribed', subscription: { name: 'ticker' } }));
      }
      subs.forEach((s) => s.unsubscribe());
      scheduler.flush();
      const unsubscribe = sent[sent.length - 1] as { reqid: number; pair: string[]; event: string };
      expect(unsubscribe.event).toBe('unsubscribe');
      for (const pair of unsubscribe.pair) {
        messages$.next(JSON.stringify({ channelID: 1, channelName: 'ticker', event: 'subscriptionStatus', pair, reqid: unsubscribe.reqid, status: 'unsubscribed', subscription: { name: 'ticker' } }));
      }
    }
    expect(sent).toHaveLength(100);
    expect(session.pendingRequests).toBe(0);
    messages$.complete();
  });
});
