import { map, type Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  ConnectionError,
  ConnectionRateLimitError,
  HeartbeatTimeoutError,
  InvalidArgumentError,
  KrakenError,
  MessageRateLimitError,
  UpgradeRejectedError,
} from '../errors';
import { createFakeWebSocketFactory, FakeWebSocket } from '../testing/fakeWebSocket';
import type { Connection, ConnectionStatus, ReconnectingSocket } from './connection';
import { createReconnectingSocket } from './reconnectingSocket';
import { DEFAULT_RECONNECTING_SOCKET_CONFIG, type ReconnectingSocketConfig } from './reconnectingSocketConfig';
import type { SendReceipt } from './sendQueue';
import type { WebSocketFactory } from './webSocketLike';

const URL = 'wss://ws.kraken.com';

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

function describeStatus(status: ConnectionStatus): string {
  switch (status.state) {
    case 'connecting':
      return `connecting ${status.attempt}`;
    case 'open':
      return `open ${status.connectionId}`;
    case 'reconnecting':
      return `reconnecting ${status.attempt} in ${status.delayMs} after ${status.error.name}`;
    case 'closed':
      return `closed ${status.reason}${status.error === undefined ? '' : ` ${status.error.name}`}`;
  }
}

type Step = (socket: FakeWebSocket) => void;

interface Harness {
  readonly scheduler: TestScheduler;
  readonly helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0];
  readonly socket: ReconnectingSocket;
  /** Every socket created, oldest first. */
  readonly sockets: readonly FakeWebSocket[];
  latest(): FakeWebSocket;
  /** `[time, description]` of every status, from creation. */
  readonly statuses: Array<[number, string]>;
  /** The raw statuses, for checking errors. */
  readonly rawStatuses: ConnectionStatus[];
  /**
   * Runs `fn` at virtual time `ms` (absolute: the harness starts at 0). Within one frame, test
   * actions scheduled before the run go first: check an effect of a timer due at `t` at `t + 1`.
   */
  at(ms: number, fn: () => void): void;
  /** Actions the socket still has scheduled (test actions from `at` excluded). */
  timers(): number;
}

/**
 * Runs `body` in virtual time with a socket on a fake factory. `script[i]` (if any) runs on the
 * i-th socket created, in the same frame, right after its creation.
 */
function virtual(
  config: Partial<ReconnectingSocketConfig> & { script?: Array<Step | undefined> },
  body: (h: Harness) => void,
): void {
  const scheduler = new TestScheduler((actual, expected) => expect(errorsAsData(actual)).toEqual(errorsAsData(expected)));
  scheduler.run((helpers) => {
    const fake = createFakeWebSocketFactory();
    const { script = [], ...rest } = config;
    let created = 0;
    const factory: WebSocketFactory =
      rest.webSocketFactory ??
      ((url) => {
        const s = fake.factory(url);
        const step = script[created];
        created += 1;
        if (step !== undefined) scheduler.schedule(() => step(s), 0);
        return s;
      });
    const socket = createReconnectingSocket({
      url: URL,
      scheduler,
      liveness: false,
      ...rest,
      webSocketFactory: factory,
      backoff: { baseMs: 1000, capMs: 30_000, random: () => 0.5, ...rest.backoff },
    });
    const statuses: Array<[number, string]> = [];
    const rawStatuses: ConnectionStatus[] = [];
    let outstanding = 0;
    socket.status$.subscribe((s) => {
      statuses.push([scheduler.now(), describeStatus(s)]);
      rawStatuses.push(s);
    });
    const at = (ms: number, fn: () => void): void => {
      outstanding += 1;
      scheduler.schedule(() => {
        outstanding -= 1;
        fn();
      }, ms - scheduler.now());
    };
    body({
      scheduler,
      helpers,
      socket,
      sockets: fake.sockets,
      latest: () => fake.latest(),
      statuses,
      rawStatuses,
      at,
      timers: () => scheduler.actions.length - outstanding,
    });
    // Tests that do not close the socket would otherwise reconnect forever in virtual time.
    at(Math.max(END_OF_TEST, scheduler.now()), () => socket.close());
  });
}

/** Virtual time at which the harness closes the socket, if the test did not. */
const END_OF_TEST = 1_000_000;

const open: Step = (s) => s.serverOpen();
const fail: Step = (s) => s.serverError();

/** Collects the connections emitted to one subscriber. */
function collect(socket: ReconnectingSocket): { connections: Connection[]; subscription: Subscription; events: string[] } {
  const connections: Connection[] = [];
  const events: string[] = [];
  const subscription = socket.connection$.subscribe({
    next: (c) => {
      connections.push(c);
      events.push(`next ${c.id}`);
    },
    error: (e: unknown) => events.push(`error ${(e as Error).name}`),
    complete: () => events.push('complete'),
  });
  return { connections, subscription, events };
}

describe('createReconnectingSocket: sharing and lifecycle', () => {
  it('is cold: no socket before the first subscriber, one on subscribe', () => {
    virtual({}, ({ socket, sockets, latest, statuses }) => {
      expect(sockets.length).toBe(0);
      expect(statuses).toEqual([[0, 'closed idle']]);
      const { connections } = collect(socket);
      expect(sockets.length).toBe(1);
      expect(latest().url).toBe(URL);
      expect(connections).toEqual([]);
      latest().serverOpen();
      expect(connections.map((c) => c.id)).toEqual([1]);
      expect(statuses).toEqual([
        [0, 'closed idle'],
        [0, 'connecting 0'],
        [0, 'open 1'],
      ]);
    });
  });

  it('shares one socket among subscribers; a late subscriber gets the open connection at once', () => {
    virtual({}, ({ socket, sockets, latest, at, helpers: { expectObservable } }) => {
      at(10, () => latest().serverOpen());
      const ids$ = socket.connection$.pipe(map((c) => c.id));
      expectObservable(ids$, '        ^ 99ms !').toBe('10ms a', { a: 1 });
      expectObservable(ids$, '50ms    ^ 99ms !').toBe('50ms a', { a: 1 });
      expectObservable(ids$, '5ms     ^ 1s   !').toBe('10ms a', { a: 1 });
      at(500, () => expect(sockets.length).toBe(1));
    });
  });

  it('lingers after the last subscriber leaves, keeps the socket for a returning one, then closes it', () => {
    virtual({ lingerMs: 1000, script: [open, open] }, ({ timers, socket, sockets, latest, statuses, at, scheduler }) => {
      const a = collect(socket);
      at(100, () => a.subscription.unsubscribe());
      let b: ReturnType<typeof collect> | undefined;
      at(600, () => {
        expect(latest().closed).toBe(false);
        b = collect(socket);
        expect(b.connections.map((c) => c.id)).toEqual([1]); // the same connection, replayed
      });
      at(700, () => b?.subscription.unsubscribe());
      at(1700, () => expect(latest().closed).toBe(false)); // the linger timer due at 1700 runs after this
      at(1701, () => {
        expect(sockets.length).toBe(1);
        expect(latest().closed).toBe(true);
        expect(latest().closedWith).toEqual({ code: 1000, reason: 'client closed' });
        expect(a.connections[0]?.ended).toBe(true);
        expect(a.connections[0]?.endError).toBeUndefined();
        expect(timers()).toBe(0);
      });
      at(2000, () => {
        collect(socket);
        expect(sockets.length).toBe(2);
      });
      scheduler.flush();
      expect(statuses).toEqual([
        [0, 'closed idle'],
        [0, 'connecting 0'],
        [0, 'open 1'],
        [1700, 'closed idle'],
        [2000, 'connecting 0'],
        [2000, 'open 2'],
      ]);
    });
  });

  it('a subscriber arriving while reconnecting gets no dead connection, only the next one', () => {
    virtual({ script: [open, open] }, ({ socket, at, sockets }) => {
      const a = collect(socket);
      at(10, () => sockets[0]?.serverClose());
      let b: ReturnType<typeof collect> | undefined;
      at(20, () => {
        b = collect(socket);
        expect(b.connections).toEqual([]);
      });
      at(600, () => {
        expect(a.connections.map((c) => c.id)).toEqual([1, 2]);
        expect(b?.connections.map((c) => c.id)).toEqual([2]);
        socket.close();
      });
    });
  });

  it('survives a subscriber that fails the connection synchronously when it is emitted', () => {
    virtual({ script: [open, open] }, ({ socket, at, sockets, statuses }) => {
      let failed = false;
      const ids: number[] = [];
      socket.connection$.subscribe((c) => {
        ids.push(c.id);
        if (!failed) {
          failed = true;
          c.send('a');
          c.fail(new ConnectionError('refused by the layer above', { url: URL }));
          expect(c.send('b').status).toBe('dropped');
        }
      });
      at(600, () => {
        expect(ids).toEqual([1, 2]);
        expect(sockets[0]?.sent).toEqual(['a']);
        expect(sockets[0]?.closed).toBe(true);
        expect(statuses.map(([t, s]) => `${t} ${s}`)).toEqual([
          '0 closed idle',
          '0 connecting 0',
          '0 open 1',
          '0 reconnecting 1 in 500 after ConnectionError',
          '500 connecting 1',
          '500 open 2',
        ]);
        socket.close();
      });
    });
  });

  it('closes at once with lingerMs 0', () => {
    virtual({ lingerMs: 0 }, ({ socket, latest, statuses }) => {
      const a = collect(socket);
      latest().serverOpen();
      a.subscription.unsubscribe();
      expect(latest().closed).toBe(true);
      expect(statuses.at(-1)).toEqual([0, 'closed idle']);
    });
  });

  it('delivers frames on messages$ of the current connection, which completes when it ends', () => {
    virtual({ script: [open, open] }, ({ socket, latest, at, scheduler }) => {
      const frames: string[] = [];
      const { connections } = collect(socket);
      at(1, () => {
        connections[0]?.messages$.subscribe({ next: (t) => frames.push(`1:${t}`), complete: () => frames.push('1:complete') });
        latest().serverSend('{"event":"systemStatus"}');
        latest().serverSend('{"event":"heartbeat"}');
        latest().serverClose(1001, 'going away');
      });
      at(600, () => {
        connections[1]?.messages$.subscribe((t) => frames.push(`2:${t}`));
        latest().serverSend('x');
      });
      scheduler.flush();
      expect(frames).toEqual(['1:{"event":"systemStatus"}', '1:{"event":"heartbeat"}', '1:complete', '2:x']);
      expect(connections.map((c) => c.id)).toEqual([1, 2]);
      const ended = connections[0];
      expect(ended?.ended).toBe(true);
      expect(ended?.endError).toBeInstanceOf(ConnectionError);
      expect(ended?.endError?.info).toEqual({ url: URL, closeCode: 1001, reason: 'going away' });
    });
  });

  it('decodes binary frames as UTF-8 and ignores data it cannot read', () => {
    virtual({ script: [open] }, ({ socket, latest, at }) => {
      const frames: string[] = [];
      const { connections } = collect(socket);
      at(1, () => {
        connections[0]?.messages$.subscribe((t) => frames.push(t));
        latest().onmessage?.({ data: new TextEncoder().encode('{"event":"pong"}') });
        latest().onmessage?.({ data: new TextEncoder().encode('ab').buffer });
        latest().onmessage?.({ data: { size: 3 } });
        expect(frames).toEqual(['{"event":"pong"}', 'ab']);
      });
    });
  });
});

describe('createReconnectingSocket: status$ and reconnection', () => {
  it('walks connecting → open → reconnecting → connecting → open → closed idle', () => {
    virtual({ lingerMs: 100, script: [open, open] }, ({ socket, at, sockets, helpers: { expectObservable } }) => {
      // the first socket drops at 20; 0.5 * 1000 ms later the second opens; the only
      // subscriber leaves at 1000; the socket closes 100 ms later
      at(20, () => sockets[0]?.serverClose());
      const ids$ = socket.connection$.pipe(map((c) => c.id));
      expectObservable(socket.status$.pipe(map(describeStatus)), '^ 1999ms !').toBe('(abc) 15ms d 499ms (ef) 576ms g', {
        a: 'closed idle',
        b: 'connecting 0',
        c: 'open 1',
        d: 'reconnecting 1 in 500 after ConnectionError',
        e: 'connecting 1',
        f: 'open 2',
        g: 'closed idle',
      });
      expectObservable(ids$, '^ 999ms !').toBe('a 519ms b', { a: 1, b: 2 });
    });
  });

  it('reports the error of the drop on status$', () => {
    virtual({ script: [open] }, ({ socket, latest, rawStatuses, at }) => {
      collect(socket);
      at(20, () => latest().serverClose(1006, ''));
      at(21, () => {
        const status = rawStatuses.at(-1);
        expect(status?.state).toBe('reconnecting');
        const error = status?.state === 'reconnecting' ? status.error : undefined;
        expect(error).toBeInstanceOf(ConnectionError);
        expect(error?.message).toMatch(/closed by the server \(code 1006\)/);
        expect(error?.info).toEqual({ url: URL, closeCode: 1006 });
      });
    });
  });

  it('reconnects after a clean server close too (any drop)', () => {
    virtual({ script: [open, open] }, ({ socket, latest, at, statuses, scheduler }) => {
      collect(socket);
      at(20, () => latest().serverClose(1000, 'bye'));
      scheduler.flush();
      expect(statuses.map(([, s]) => s)).toEqual(['closed idle', 'connecting 0', 'open 1', 'reconnecting 1 in 500 after ConnectionError', 'connecting 1', 'open 2']);
    });
  });

  it('backs off with full jitter: exponential windows up to the cap, random within each', () => {
    const randoms = [0.9999, 0.9999, 0.9999, 0.9999, 0, 0.25];
    virtual(
      {
        backoff: { baseMs: 1000, capMs: 4000, random: () => randoms.shift() ?? 0.5 },
        script: [fail, fail, fail, fail, fail, open],
      },
      ({ socket, statuses, scheduler, sockets }) => {
        collect(socket);
        scheduler.flush();
        expect(statuses).toEqual([
          [0, 'closed idle'],
          [0, 'connecting 0'],
          [0, 'reconnecting 1 in 999 after ConnectionError'], // window 1000
          [999, 'connecting 1'],
          [999, 'reconnecting 2 in 1999 after ConnectionError'], // window 2000
          [2998, 'connecting 2'],
          [2998, 'reconnecting 3 in 3999 after ConnectionError'], // window 4000
          [6997, 'connecting 3'],
          [6997, 'reconnecting 4 in 3999 after ConnectionError'], // window capped at 4000
          [10996, 'connecting 4'],
          [10996, 'reconnecting 5 in 0 after ConnectionError'], // random() = 0: immediately
          [10996, 'connecting 5'],
          [10996, 'open 1'],
        ]);
        expect(sockets.length).toBe(6);
        expect(sockets.slice(0, 5).every((s) => s.readyState === 3)).toBe(true);
      },
    );
  });

  it('resets the backoff after a connection stayed open healthyAfterMs, not before', () => {
    virtual(
      {
        backoff: { baseMs: 1000, capMs: 30_000, healthyAfterMs: 10_000, random: () => 0.5 },
        script: [
          fail,
          (s) => {
            s.serverOpen(); // at 500, unhealthy: drops after 9999 ms
          },
          open, // healthy: drops after 10000 ms
          open,
        ],
      },
      ({ socket, statuses, at, sockets, scheduler }) => {
        collect(socket);
        at(500 + 9999, () => sockets[1]?.serverClose());
        // attempt 2 after the unhealthy drop: 0.5 * 2000 = 1000 ms → third socket at 11499
        at(11_499 + 10_000, () => sockets[2]?.serverClose());
        scheduler.flush();
        expect(statuses).toEqual([
          [0, 'closed idle'],
          [0, 'connecting 0'],
          [0, 'reconnecting 1 in 500 after ConnectionError'],
          [500, 'connecting 1'],
          [500, 'open 1'],
          [10_499, 'reconnecting 2 in 1000 after ConnectionError'],
          [11_499, 'connecting 2'],
          [11_499, 'open 2'],
          [21_499, 'reconnecting 1 in 500 after ConnectionError'],
          [21_999, 'connecting 1'],
          [21_999, 'open 3'],
        ]);
      },
    );
  });

  it('gives up after maxAttempts failures in a row: closed gave-up, connection$ errors, a new subscriber starts over', () => {
    virtual({ backoff: { maxAttempts: 2 }, script: [fail, fail, fail, open] }, ({ timers, socket, statuses, rawStatuses, scheduler, at, sockets }) => {
      const a = collect(socket);
      at(1501, () => expect(timers()).toBe(0)); // no backoff, no linger timer left after giving up
      at(5000, () => {
        expect(a.events).toEqual(['error ConnectionError']);
        expect(timers()).toBe(0);
        expect(sockets.length).toBe(3);
        const last = rawStatuses.at(-1);
        expect(last?.state === 'closed' && last.error instanceof ConnectionError).toBe(true);
        collect(socket);
      });
      scheduler.flush();
      expect(statuses).toEqual([
        [0, 'closed idle'],
        [0, 'connecting 0'],
        [0, 'reconnecting 1 in 500 after ConnectionError'],
        [500, 'connecting 1'],
        [500, 'reconnecting 2 in 1000 after ConnectionError'],
        [1500, 'connecting 2'],
        [1500, 'closed gave-up ConnectionError'],
        [5000, 'connecting 0'],
        [5000, 'open 1'],
      ]);
    });
  });

  it('with maxAttempts 0 never reconnects', () => {
    virtual({ backoff: { maxAttempts: 0 }, script: [fail] }, ({ socket, statuses, scheduler }) => {
      const a = collect(socket);
      scheduler.flush();
      expect(a.events).toEqual(['error ConnectionError']);
      expect(statuses.map(([, s]) => s)).toEqual(['closed idle', 'connecting 0', 'closed gave-up ConnectionError']);
    });
  });

  it('waits longer after a connection-rate refusal flagged by classifyFrame; the frame is delivered first', () => {
    const capacity = '{"event":"error","errorMessage":"You have reached maximum capacity for WebSocket connections"}';
    virtual(
      {
        backoff: { baseMs: 1000, rateLimitedMinMs: 60_000, random: () => 0.5 },
        classifyFrame: (text) => (text.includes('maximum capacity') ? new ConnectionRateLimitError(URL, 'maximum capacity') : undefined),
        script: [open, open],
      },
      ({ socket, statuses, at, sockets, scheduler }) => {
        const { connections } = collect(socket);
        const frames: string[] = [];
        at(1, () => {
          connections[0]?.messages$.subscribe((t) => frames.push(t));
          sockets[0]?.serverSend('{"event":"systemStatus"}');
          sockets[0]?.serverSend(capacity);
          expect(sockets[0]?.closed).toBe(true);
        });
        scheduler.flush();
        expect(frames).toEqual(['{"event":"systemStatus"}', capacity]);
        expect(connections[0]?.endError).toBeInstanceOf(ConnectionRateLimitError);
        expect(statuses.slice(3)).toEqual([
          [1, 'reconnecting 1 in 60500 after ConnectionRateLimitError'],
          [60_501, 'connecting 1'],
          [60_501, 'open 2'],
        ]);
      },
    );
  });

  it('treats HTTP 429 at the upgrade as a connection-rate refusal', () => {
    virtual({ backoff: { rateLimitedMinMs: 60_000 }, script: [(s) => s.serverError({ statusCode: 429 })] }, ({ socket, rawStatuses, at }) => {
      collect(socket);
      at(1, () => {
        const status = rawStatuses.at(-1);
        expect(status).toMatchObject({ state: 'reconnecting', attempt: 1, delayMs: 60_500 });
        const error = status?.state === 'reconnecting' ? status.error : undefined;
        expect(error).toBeInstanceOf(ConnectionRateLimitError);
        expect(error?.info).toMatchObject({ url: URL, statusCode: 429 });
      });
    });
  });

  it('turns HTTP 403 at the upgrade into an UpgradeRejectedError that explains SNI', () => {
    virtual({ script: [(s) => s.serverError({ statusCode: 403 })] }, ({ socket, rawStatuses, at }) => {
      collect(socket);
      at(1, () => {
        const status = rawStatuses.at(-1);
        const error = status?.state === 'reconnecting' ? status.error : undefined;
        expect(error).toBeInstanceOf(UpgradeRejectedError);
        expect(error?.name).toBe('UpgradeRejectedError');
        expect(error?.message).toMatch(/403/);
        expect(error?.message).toMatch(/SNI/);
        expect(error?.info).toEqual({ url: URL, statusCode: 403 });
      });
    });
  });

  it('lets the layer above fail a connection: close, then reconnect with its error', () => {
    virtual({ script: [open, open] }, ({ socket, statuses, at, sockets, scheduler }) => {
      const { connections } = collect(socket);
      const error = new MessageRateLimitError({ errorMessage: 'Exceeded msg rate' });
      at(5, () => connections[0]?.fail(error));
      at(6, () => connections[0]?.fail(error)); // no-op once ended
      scheduler.flush();
      expect(sockets[0]?.closed).toBe(true);
      expect(connections[0]?.endError).toBe(error);
      expect(statuses.slice(3).map(([, s]) => s)).toEqual(['reconnecting 1 in 500 after MessageRateLimitError', 'connecting 1', 'open 2']);
    });
  });

  it('retries when the factory throws', () => {
    let calls = 0;
    const fake = createFakeWebSocketFactory();
    virtual(
      {
        webSocketFactory: (url) => {
          calls += 1;
          if (calls === 1) throw new TypeError('Invalid URL');
          return fake.factory(url);
        },
      },
      ({ socket, rawStatuses, at }) => {
        collect(socket);
        at(1, () => {
          const status = rawStatuses.at(-1);
          const error = status?.state === 'reconnecting' ? status.error : undefined;
          expect(error).toBeInstanceOf(ConnectionError);
          expect(error?.message).toMatch(/Could not create a WebSocket .*Invalid URL/);
        });
        at(500, () => expect(fake.sockets.length).toBe(1));
      },
    );
  });

  it('unsubscribing during the backoff delay stops reconnecting after the linger and leaves nothing scheduled', () => {
    virtual({ lingerMs: 100, script: [fail] }, ({ timers, socket, statuses, at, sockets, scheduler }) => {
      const a = collect(socket);
      at(50, () => a.subscription.unsubscribe());
      at(151, () => expect(timers()).toBe(0)); // the linger timer due at 150 ran just before
      scheduler.flush();
      expect(sockets.length).toBe(1);
      expect(statuses.map(([t, s]) => `${t} ${s}`)).toEqual(['0 closed idle', '0 connecting 0', '0 reconnecting 1 in 500 after ConnectionError', '150 closed idle']);
    });
  });

  it('abandons an attempt that does not open within connectTimeoutMs', () => {
    virtual({ connectTimeoutMs: 10_000, script: [undefined, open] }, ({ socket, at, sockets, rawStatuses, statuses }) => {
      collect(socket);
      at(9_999, () => expect(sockets[0]?.closed).toBe(false));
      at(10_001, () => {
        expect(sockets[0]?.closed).toBe(true);
        const status = rawStatuses.find((s) => s.state === 'reconnecting');
        expect(status?.state === 'reconnecting' && status.error.message).toMatch(/did not open within 10000 ms/);
      });
      at(11_000, () => {
        expect(statuses.map(([t, s]) => `${t} ${s}`)).toEqual([
          '0 closed idle',
          '0 connecting 0',
          '10000 reconnecting 1 in 500 after ConnectionError',
          '10500 connecting 1',
          '10500 open 1',
        ]);
        socket.close();
      });
    });
  });

  it('an opened connection is not subject to the connect timeout', () => {
    virtual({ connectTimeoutMs: 100, script: [open] }, ({ socket, at, sockets, timers }) => {
      collect(socket);
      at(1, () => expect(timers()).toBe(0)); // no liveness, no connect timer once open
      at(5000, () => {
        expect(sockets[0]?.isOpen).toBe(true);
        socket.close();
      });
    });
  });

  it('unsubscribing while connecting aborts the pending socket', () => {
    virtual({ lingerMs: 0 }, ({ socket, latest, statuses }) => {
      const a = collect(socket);
      a.subscription.unsubscribe();
      expect(latest().closed).toBe(true);
      expect(statuses.map(([, s]) => s)).toEqual(['closed idle', 'connecting 0', 'closed idle']);
    });
  });
});

describe('createReconnectingSocket: liveness', () => {
  it('reconnects after timeoutMs without any frame, reporting HeartbeatTimeoutError', () => {
    virtual({ liveness: { timeoutMs: 5000 }, script: [open, open] }, ({ socket, statuses, at, sockets, rawStatuses, scheduler }) => {
      collect(socket);
      for (const t of [1000, 2000, 3000]) at(t, () => sockets[0]?.serverSend('{"event":"heartbeat"}'));
      at(8000, () => expect(sockets[0]?.closed).toBe(false)); // the deadline at 8000 has not run yet
      at(8001, () => expect(sockets[0]?.closed).toBe(true));
      at(8501, () => sockets[1]?.serverSend('{"event":"heartbeat"}'));
      at(9000, () => socket.close());
      scheduler.flush();
      expect(statuses.map(([t, s]) => `${t} ${s}`)).toEqual([
        '0 closed idle',
        '0 connecting 0',
        '0 open 1',
        '8000 reconnecting 1 in 500 after HeartbeatTimeoutError',
        '8500 connecting 1',
        '8500 open 2',
        '9000 closed client-closed',
      ]);
      const timeout = rawStatuses.find((s) => s.state === 'reconnecting');
      const error = timeout?.state === 'reconnecting' ? timeout.error : undefined;
      expect(error).toBeInstanceOf(HeartbeatTimeoutError);
      expect(error?.info).toEqual({ each: 5000, url: URL });
    });
  });

  it('sends the probe when quiet; an answer keeps the connection, silence after it is a timeout', () => {
    virtual(
      { liveness: { timeoutMs: 5000, probeAfterMs: 2000, probe: () => '{"event":"ping"}' }, script: [open] },
      ({ socket, at, sockets, rawStatuses, scheduler }) => {
        collect(socket);
        const sentAt: Array<[number, number]> = [];
        for (const t of [2000, 2001, 2501, 4500, 4501, 7500]) at(t, () => sentAt.push([t, sockets[0]?.sent.length ?? -1]));
        at(2500, () => sockets[0]?.serverSend('{"event":"pong"}'));
        at(7500, () => expect(sockets[0]?.closed).toBe(false));
        at(7501, () => {
          expect(sockets[0]?.closed).toBe(true);
          socket.close();
        });
        scheduler.flush();
        // probe at 2000; the pong at 2500 restarts both clocks; probe at 4500; no answer: dead at 7500
        expect(sentAt).toEqual([
          [2000, 0],
          [2001, 1],
          [2501, 1],
          [4500, 1],
          [4501, 2],
          [7500, 2],
        ]);
        expect(sockets[0]?.sent).toEqual(['{"event":"ping"}', '{"event":"ping"}']);
        expect(rawStatuses.find((s) => s.state === 'reconnecting')).toMatchObject({ state: 'reconnecting', attempt: 1 });
        const status = rawStatuses.find((s) => s.state === 'reconnecting');
        expect(status?.state === 'reconnecting' && status.error instanceof HeartbeatTimeoutError).toBe(true);
      },
    );
  });

  it('keeps a connection that heartbeats alive indefinitely', () => {
    virtual({ liveness: { timeoutMs: 5000 }, script: [open] }, ({ socket, at, sockets, statuses, scheduler }) => {
      collect(socket);
      for (let t = 1000; t <= 60_000; t += 1000) at(t, () => sockets[0]?.serverSend('{"event":"heartbeat"}'));
      at(60_001, () => socket.close());
      scheduler.flush();
      expect(statuses.map(([, s]) => s)).toEqual(['closed idle', 'connecting 0', 'open 1', 'closed client-closed']);
    });
  });

  it('uses the default of 5 s when liveness is not configured', () => {
    virtual({ liveness: {}, script: [open] }, ({ socket, at, sockets }) => {
      collect(socket);
      at(5000, () => expect(sockets[0]?.closed).toBe(false));
      at(5001, () => {
        expect(sockets[0]?.closed).toBe(true);
        socket.close();
      });
    });
    expect(DEFAULT_RECONNECTING_SOCKET_CONFIG.liveness.timeoutMs).toBe(5000);
  });
});

describe('createReconnectingSocket: outgoing messages', () => {
  it('paces sends with the rate budget: a burst, then one per interval; priority jumps the queue', () => {
    virtual({ rateBudget: { burst: 2, intervalMs: 100 }, script: [open] }, ({ socket, at, sockets, scheduler }) => {
      const { connections } = collect(socket);
      const seen: Array<[number, string[]]> = [];
      at(1, () => {
        const c = connections[0] as Connection;
        for (const t of ['a', 'b', 'c', 'd']) c.send(t);
        c.send('p', { priority: true });
      });
      for (const t of [2, 101, 102, 202, 302]) at(t, () => seen.push([t, [...(sockets[0]?.sent ?? [])]]));
      at(400, () => socket.close());
      scheduler.flush();
      // a, b at 1 (burst); then p (priority), c, d at 101, 201, 301
      expect(seen).toEqual([
        [2, ['a', 'b']],
        [101, ['a', 'b']],
        [102, ['a', 'b', 'p']],
        [202, ['a', 'b', 'p', 'c']],
        [302, ['a', 'b', 'p', 'c', 'd']],
      ]);
    });
  });

  it('pause() holds traffic, then resumes at the steady rate', () => {
    virtual({ rateBudget: { burst: 10, intervalMs: 100 }, script: [open] }, ({ socket, at, sockets, scheduler }) => {
      const { connections } = collect(socket);
      const receipts: SendReceipt[] = [];
      at(1, () => {
        const c = connections[0] as Connection;
        c.pause(1000);
        for (const t of ['a', 'b', 'c']) receipts.push(c.send(t));
      });
      const seen: Array<[number, number]> = [];
      for (const t of [1001, 1002, 1101, 1102, 1202]) at(t, () => seen.push([t, sockets[0]?.sent.length ?? -1]));
      at(1300, () => socket.close());
      scheduler.flush();
      // paused from 1 to 1001; then a at 1001, b at 1101, c at 1201
      expect(seen).toEqual([
        [1001, 0],
        [1002, 1],
        [1101, 1],
        [1102, 2],
        [1202, 3],
      ]);
      expect(receipts.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    });
  });

  it('drops queued messages when the connection ends and never sends them on the next one', () => {
    virtual({ rateBudget: { burst: 1, intervalMs: 1000 }, script: [open, open] }, ({ socket, at, sockets, scheduler }) => {
      const { connections } = collect(socket);
      const receipts: SendReceipt[] = [];
      const statusWhenComplete: string[] = [];
      at(1, () => {
        const c = connections[0] as Connection;
        c.messages$.subscribe({ complete: () => statusWhenComplete.push(...receipts.map((r) => r.status)) });
        for (const t of ['a', 'b', 'c']) receipts.push(c.send(t));
        expect(receipts.map((r) => r.status)).toEqual(['sent', 'queued', 'queued']);
      });
      at(10, () => sockets[0]?.serverClose());
      at(11, () => {
        expect(receipts.map((r) => r.status)).toEqual(['sent', 'dropped', 'dropped']);
        expect(receipts[1]?.cancel()).toBe(false);
        expect(connections[0]?.send('late').status).toBe('dropped');
      });
      at(20_000, () => socket.close());
      scheduler.flush();
      expect(statusWhenComplete).toEqual(['sent', 'dropped', 'dropped']);
      expect(sockets[0]?.sent).toEqual(['a']);
      expect(sockets[1]?.isOpen).toBe(false);
      expect(sockets[1]?.sent).toEqual([]);
    });
  });

  it('a queued message can be cancelled', () => {
    virtual({ rateBudget: { burst: 1, intervalMs: 1000 }, script: [open] }, ({ socket, at, sockets, scheduler }) => {
      const { connections } = collect(socket);
      at(1, () => {
        const c = connections[0] as Connection;
        c.send('a');
        const b = c.send('b');
        c.send('c');
        expect(b.cancel()).toBe(true);
        expect(b.status).toBe('cancelled');
      });
      at(3000, () => socket.close());
      scheduler.flush();
      expect(sockets[0]?.sent).toEqual(['a', 'c']);
    });
  });

  it('a socket whose send() throws fails the connection; the message is dropped, nothing escapes', () => {
    class BrokenSendSocket extends FakeWebSocket {
      override send(): void {
        throw new Error('EPIPE');
      }
    }
    const made: FakeWebSocket[] = [];
    virtual(
      {
        webSocketFactory: (url) => {
          const s = made.length === 0 ? new BrokenSendSocket(url) : new FakeWebSocket(url);
          made.push(s);
          return s;
        },
      },
      ({ socket, at, rawStatuses }) => {
        const { connections } = collect(socket);
        at(1, () => made[0]?.serverOpen());
        at(2, () => {
          let receipt: SendReceipt | undefined;
          expect(() => (receipt = connections[0]?.send('x'))).not.toThrow();
          expect(receipt?.status).toBe('dropped');
          const status = rawStatuses.at(-1);
          expect(status?.state).toBe('reconnecting');
          expect(status?.state === 'reconnecting' && status.error.message).toMatch(/Writing to the WebSocket .* failed: EPIPE/);
        });
        at(3, () => socket.close());
      },
    );
  });
});

describe('createReconnectingSocket: never throws out of socket callbacks', () => {
  it('a throwing classifyFrame fails the connection with a ConnectionError instead', () => {
    virtual(
      {
        classifyFrame: () => {
          throw new Error('bug in classifier');
        },
        script: [open],
      },
      ({ socket, at, sockets, rawStatuses }) => {
        collect(socket);
        at(1, () => {
          expect(() => sockets[0]?.serverSend('{}')).not.toThrow();
          const status = rawStatuses.at(-1);
          const error = status?.state === 'reconnecting' ? status.error : undefined;
          expect(error).toBeInstanceOf(ConnectionError);
          expect(error?.message).toMatch(/classifyFrame threw .*bug in classifier/);
          expect(error?.cause).toBeInstanceOf(Error);
        });
        at(2, () => socket.close());
      },
    );
  });

  it('events after the connection ended are ignored', () => {
    virtual({ script: [open] }, ({ socket, at, sockets }) => {
      const { connections } = collect(socket);
      at(1, () => {
        const s = sockets[0] as FakeWebSocket;
        const { onmessage, onclose, onerror } = s;
        s.serverClose();
        // handlers were detached; calling the old ones is harmless
        expect(() => onmessage?.({ data: 'late' })).not.toThrow();
        expect(() => onerror?.({})).not.toThrow();
        expect(() => onclose?.({ code: 1006, reason: '' })).not.toThrow();
        expect(connections[0]?.ended).toBe(true);
      });
      at(2, () => socket.close());
    });
  });
});

describe('createReconnectingSocket: close()', () => {
  it('releases everything: socket, queue, timers; completes connection$ and status$', () => {
    virtual({ rateBudget: { burst: 1, intervalMs: 1000 }, liveness: { timeoutMs: 5000, probeAfterMs: 1000, probe: () => 'ping' }, script: [open] }, ({ timers, socket, at, sockets, statuses, scheduler }) => {
      const a = collect(socket);
      const statusEvents: string[] = [];
      socket.status$.subscribe({ complete: () => statusEvents.push('complete') });
      let queued: SendReceipt | undefined;
      at(10, () => {
        a.connections[0]?.send('a');
        queued = a.connections[0]?.send('b');
      });
      at(20, () => {
        socket.close();
        expect(sockets[0]?.closed).toBe(true);
        expect(queued?.status).toBe('dropped');
        expect(a.events).toEqual(['next 1', 'complete']);
        expect(a.connections[0]?.ended).toBe(true);
        expect(statusEvents).toEqual(['complete']);
        expect(timers()).toBe(0);
        socket.close(); // idempotent
        late = collect(socket);
        socket.status$.subscribe({ next: (s) => lateStatuses.push(describeStatus(s)), complete: () => lateStatuses.push('complete') });
      });
      let late: ReturnType<typeof collect> | undefined;
      const lateStatuses: string[] = [];
      scheduler.flush();
      expect(sockets.length).toBe(1);
      expect(late?.events).toEqual(['complete']);
      expect(lateStatuses).toEqual(['closed client-closed', 'complete']);
      expect(statuses.map(([t, s]) => `${t} ${s}`)).toEqual(['0 closed idle', '0 connecting 0', '0 open 1', '20 closed client-closed']);
    });
  });

  it('during the linger closes the socket at once', () => {
    virtual({ lingerMs: 1000, script: [open] }, ({ timers, socket, at, sockets }) => {
      const a = collect(socket);
      at(10, () => a.subscription.unsubscribe());
      at(20, () => {
        socket.close();
        expect(sockets[0]?.closed).toBe(true);
        expect(timers()).toBe(0);
      });
    });
  });

  it('during the backoff delay cancels the reconnection', () => {
    virtual({ script: [fail] }, ({ timers, socket, at, sockets, scheduler }) => {
      const a = collect(socket);
      at(10, () => {
        socket.close();
        expect(a.events).toEqual(['complete']);
        expect(timers()).toBe(0);
      });
      scheduler.flush();
      expect(sockets.length).toBe(1);
    });
  });

  it('before any subscriber only completes the streams', () => {
    virtual({}, ({ socket, sockets, statuses }) => {
      socket.close();
      const a = collect(socket);
      expect(a.events).toEqual(['complete']);
      expect(sockets.length).toBe(0);
      expect(statuses.map(([, s]) => s)).toEqual(['closed idle', 'closed client-closed']);
    });
  });
});

describe('createReconnectingSocket: configuration', () => {
  const factory = createFakeWebSocketFactory().factory;
  it.each<[string, Partial<ReconnectingSocketConfig>]>([
    ['empty url', { url: '' }],
    ['negative linger', { lingerMs: -1 }],
    ['zero connect timeout', { connectTimeoutMs: 0 }],
    ['burst 0', { rateBudget: { burst: 0 } }],
    ['fractional burst', { rateBudget: { burst: 1.5 } }],
    ['negative interval', { rateBudget: { intervalMs: -5 } }],
    ['negative maxAttempts', { backoff: { maxAttempts: -1 } }],
    ['NaN base', { backoff: { baseMs: Number.NaN } }],
    ['zero liveness timeout', { liveness: { timeoutMs: 0 } }],
    ['probe after the timeout', { liveness: { timeoutMs: 1000, probeAfterMs: 1000, probe: () => 'ping' } }],
  ])('rejects %s', (_name, overrides) => {
    expect(() => createReconnectingSocket({ url: URL, webSocketFactory: factory, ...overrides })).toThrow(InvalidArgumentError);
  });

  it('accepts liveness: false and an explicit maxAttempts: undefined', () => {
    expect(() => createReconnectingSocket({ url: URL, webSocketFactory: factory, liveness: false, backoff: { maxAttempts: undefined } })).not.toThrow();
  });

  it('documents its defaults', () => {
    expect(DEFAULT_RECONNECTING_SOCKET_CONFIG).toMatchObject({
      lingerMs: 1000,
      connectTimeoutMs: 10_000,
      rateBudget: { burst: 10, intervalMs: 100 },
      liveness: { timeoutMs: 5000, probeAfterMs: 2500 },
      backoff: { baseMs: 500, capMs: 30_000, healthyAfterMs: 10_000, rateLimitedMinMs: 60_000 },
    });
    expect(DEFAULT_RECONNECTING_SOCKET_CONFIG.backoff.maxAttempts).toBeUndefined();
  });

  it('every error it reports is a KrakenError', () => {
    virtual({ script: [fail] }, ({ socket, rawStatuses, at }) => {
      collect(socket);
      at(1, () => {
        for (const s of rawStatuses) if (s.state === 'reconnecting') expect(s.error).toBeInstanceOf(KrakenError);
        socket.close();
      });
    });
  });
});
