import { of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createKrakenClient } from '../../src/client/createKrakenClient';
import type { KrakenClient } from '../../src/client/krakenClient';
import { createFakeWebSocketFactory } from '../../src/testing/fakeWebSocket';

/** The WebSocket token the fake-socket client's default token provider hands out. */
export const FAKE_TOKEN = 'WW91ciB0b2tlbiBnb2VzIGhlcmUgYW5kIGl0IGlzIHNlY3JldA';

/**
 * A client on fake sockets in virtual time, for specs of the private feeds and trading: no
 * liveness, a fixed backoff jitter, a token provider handing out {@link FAKE_TOKEN}.
 */
export function fakeSocketClient(overrides: Parameters<typeof createKrakenClient>[0] = {}) {
  const scheduler = new TestScheduler(() => undefined);
  const fake = createFakeWebSocketFactory();
  const kraken: KrakenClient = createKrakenClient({
    url: 'wss://ws.kraken.com',
    authUrl: 'wss://ws-auth.kraken.com',
    webSocket: fake.factory,
    scheduler,
    liveness: false,
    reconnect: { random: () => 0.5 },
    tokenProvider: () => of(FAKE_TOKEN),
    requestTimeoutMs: 10_000,
    ...overrides,
  });
  /** Runs virtual time `ms` forward. */
  const advance = (ms: number) => {
    scheduler.maxFrames = scheduler.now() + ms;
    scheduler.schedule(() => undefined, ms);
    scheduler.flush();
  };
  const socket = () => fake.latest();
  /** Parsed requests sent on the latest socket. */
  const sent = () => socket().sent.map((t) => JSON.parse(t) as Record<string, unknown>);
  /** Opens the latest socket and lets queued requests leave. */
  const open = () => {
    socket().serverOpen();
    advance(1);
  };
  return { scheduler, fake, kraken, advance, socket, sent, open };
}
