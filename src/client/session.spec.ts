import { Subject, of } from 'rxjs';
import type { KrakenError } from '../errors/krakenError';
import { TestScheduler } from 'rxjs/testing';
import type { Connection } from '../transport/connection';
import type { SendReceipt } from '../transport/sendQueue';
import type { ChannelSpec } from './channelSpec';
import { createReqidSource } from './reqids';
import { Session } from './session';
import { DEFAULT_SUBSCRIPTION_CONFIG } from './subscriptionConfig';

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

describe('Session first-message timer', () => {
  function privateSession() {
    const scheduler = new TestScheduler(() => undefined);
    const { connection, messages$, sent } = fakeConnection();
    const reported: KrakenError[] = [];
    const session = new Session(connection, {
      url: 'wss://ws-auth.kraken.com',
      reqids: createReqidSource(),
      scheduler,
      config: DEFAULT_SUBSCRIPTION_CONFIG,
      report: (e) => reported.push(e),
      systemStatus: () => undefined,
      token: () => of('token'),
    });
    const advance = (ms: number) => {
      scheduler.maxFrames = scheduler.now() + ms;
      scheduler.schedule(() => undefined, ms);
      scheduler.flush();
    };
    const answer = (request: Record<string, unknown> | undefined) => {
      const status = request?.['event'] === 'subscribe' ? 'subscribed' : 'unsubscribed';
      messages$.next(JSON.stringify({ channelName: 'openOrders', event: 'subscriptionStatus', reqid: request?.['reqid'], status, subscription: { name: 'openOrders' } }));
    };
    return { session, messages$, sent, reported, advance, answer };
  }
  const spec: ChannelSpec = { scope: 'private', name: 'openOrders' };
  const openOrders = (sequence: number) => `[[{"OAVY7T-MV5VK-KHDF5X":{"status":"open","userref":0}}],"openOrders",{"sequence":${sequence}}]`;

  it('only the snapshot (sequence 1) counts as the first message of openOrders: a left-over update of the replaced subscription does not', () => {
    const s = privateSession();
    const subscription = s.session.register(spec, 'subscribe').subscribe();
    s.advance(1);
    s.answer(s.sent[0]);
    s.messages$.next('[[],"openOrders",{"sequence":1}]');
    s.messages$.next(openOrders(2));
    expect(s.session.resubscribe(spec)).toBe(true);
    s.advance(1);
    expect(s.sent.map((r) => r['event'])).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
    s.messages$.next(openOrders(3));
    s.answer(s.sent[1]);
    s.answer(s.sent[2]);
    s.advance(10_000);
    expect(s.reported.map((e) => e.name)).toEqual(['SubscriptionStalledError']);
    expect(s.reported[0]?.info).toMatchObject({ channel: 'openOrders', waitingFor: 'first-message', attempt: 1 });
    s.advance(1);
    expect(s.sent.map((r) => r['event'])).toEqual(['subscribe', 'unsubscribe', 'subscribe', 'unsubscribe', 'subscribe']);
    subscription.unsubscribe();
    s.messages$.complete();
  });

  it('a snapshot after the acknowledgement stops the timer', () => {
    const s = privateSession();
    const subscription = s.session.register(spec, 'subscribe').subscribe();
    s.advance(1);
    s.answer(s.sent[0]);
    s.messages$.next('[[],"openOrders",{"sequence":1}]');
    s.advance(60_000);
    expect(s.reported).toEqual([]);
    expect(s.sent).toHaveLength(1);
    subscription.unsubscribe();
    s.messages$.complete();
  });
});
