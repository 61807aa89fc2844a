/**
 * Integration test of nodeWebSocketFactory against local servers on 127.0.0.1 (real sockets,
 * real timers; no timing assertions). Every server and socket is closed at the end.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { filter, firstValueFrom, switchMap, take, toArray } from 'rxjs';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { UpgradeRejectedError } from '../errors';
import { nodeWebSocketFactory, nodeWebSocketOptions } from './nodeWebSocket';
import { createReconnectingSocket } from './reconnectingSocket';
import type { WebSocketLike } from './webSocketLike';

interface Recorded {
  events: string[];
  errors: unknown[];
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  message: () => Promise<unknown>;
}

function record(socket: WebSocketLike): Recorded {
  const events: string[] = [];
  const errors: unknown[] = [];
  const queue: unknown[] = [];
  const waiters: Array<(data: unknown) => void> = [];
  let resolveOpen: () => void = () => undefined;
  let resolveClose: (ev: { code: number; reason: string }) => void = () => undefined;
  const opened = new Promise<void>((r) => (resolveOpen = r));
  const closed = new Promise<{ code: number; reason: string }>((r) => (resolveClose = r));
  socket.onopen = () => {
    events.push('open');
    resolveOpen();
  };
  socket.onmessage = (ev) => {
    events.push('message');
    const waiter = waiters.shift();
    if (waiter) waiter(ev.data);
    else queue.push(ev.data);
  };
  socket.onerror = (ev) => {
    events.push('error');
    errors.push(ev);
  };
  socket.onclose = (ev) => {
    events.push(`close ${ev.code}`);
    resolveClose(ev);
  };
  return {
    events,
    errors,
    opened,
    closed,
    message: () => (queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r))),
  };
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('nodeWebSocketOptions', () => {
  it('sets the TLS SNI server name to the host name of a wss URL', () => {
    expect(nodeWebSocketOptions('wss://ws.kraken.com').servername).toBe('ws.kraken.com');
    expect(nodeWebSocketOptions('wss://ws-auth.kraken.com/').servername).toBe('ws-auth.kraken.com');
  });

  it('never sets an IP address as server name, nor one for plain ws', () => {
    expect(nodeWebSocketOptions('wss://127.0.0.1:8443').servername).toBeUndefined();
    expect(nodeWebSocketOptions('wss://[::1]:8443').servername).toBeUndefined();
    expect(nodeWebSocketOptions('ws://localhost:8080').servername).toBeUndefined();
  });

  it('does not follow redirects', () => {
    expect(nodeWebSocketOptions('wss://ws.kraken.com').followRedirects).toBe(false);
  });
});

describe('nodeWebSocketFactory against a local ws server', () => {
  let http: Server;
  let wss: WebSocketServer;
  let url: string;
  const serverSockets: ServerSocket[] = [];
  const received: string[] = [];

  beforeAll(async () => {
    http = createServer();
    wss = new WebSocketServer({ server: http });
    wss.on('connection', (ws) => {
      serverSockets.push(ws);
      ws.on('message', (data, isBinary) => {
        const text = isBinary ? '<binary>' : Buffer.from(data as Buffer).toString('utf8');
        received.push(text);
        if (text === 'binary please') ws.send(Buffer.from('{"event":"binary"}'), { binary: true });
        else ws.send(`echo:${text}`);
      });
      ws.send('{"event":"systemStatus","status":"online"}');
    });
    url = `ws://127.0.0.1:${await listen(http)}`;
  });

  afterAll(async () => {
    for (const ws of serverSockets) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await closeServer(http);
  });

  it('opens, receives text frames as strings, sends, and closes cleanly', async () => {
    const socket = nodeWebSocketFactory(url);
    const rec = record(socket);
    expect(socket.readyState).toBe(0);
    await rec.opened;
    expect(socket.readyState).toBe(1);
    expect(await rec.message()).toBe('{"event":"systemStatus","status":"online"}');
    socket.send('{"event":"ping","reqid":1}');
    expect(await rec.message()).toBe('echo:{"event":"ping","reqid":1}');
    socket.close(1000, 'done');
    const ev = await rec.closed;
    expect(ev.code).toBe(1000);
    expect(rec.errors).toEqual([]);
    expect(received).toContain('{"event":"ping","reqid":1}');
  });

  it('carries frames through createReconnectingSocket, binary ones decoded as text', async () => {
    const socket = createReconnectingSocket({ url, webSocketFactory: nodeWebSocketFactory, lingerMs: 0, liveness: false });
    const frames = await firstValueFrom(
      socket.connection$.pipe(
        switchMap((connection) => {
          connection.send('hello');
          connection.send('binary please');
          return connection.messages$;
        }),
        take(3),
        toArray(),
      ),
    );
    expect(frames).toEqual(['{"event":"systemStatus","status":"online"}', 'echo:hello', '{"event":"binary"}']);
    socket.close();
    expect(await firstValueFrom(socket.status$)).toEqual({ state: 'closed', reason: 'client-closed' });
  });
});

describe('nodeWebSocketFactory against a server that refuses the upgrade', () => {
  let http: Server;
  let url: string;

  beforeAll(async () => {
    http = createServer();
    http.on('upgrade', (_req, socket) => {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nForbidden');
    });
    url = `ws://127.0.0.1:${await listen(http)}`;
  });

  afterAll(async () => {
    await closeServer(http);
  });

  it('reports the HTTP status on the error event, once, then closes', async () => {
    const socket = nodeWebSocketFactory(url);
    const rec = record(socket);
    const ev = await rec.closed;
    expect(ev.code).toBe(1006);
    expect(rec.events).toEqual(['error', 'close 1006']);
    expect(rec.errors[0]).toMatchObject({ statusCode: 403 });
    expect(socket.readyState).toBe(3);
  });

  it('lets the reconnecting socket raise UpgradeRejectedError mentioning SNI', async () => {
    const socket = createReconnectingSocket({ url, webSocketFactory: nodeWebSocketFactory, lingerMs: 0, liveness: false });
    const subscription = socket.connection$.subscribe();
    const status = await firstValueFrom(socket.status$.pipe(filter((s) => s.state === 'reconnecting')));
    subscription.unsubscribe();
    socket.close();
    const error = status.state === 'reconnecting' ? status.error : undefined;
    expect(error).toBeInstanceOf(UpgradeRejectedError);
    expect(error?.info).toEqual({ url, statusCode: 403 });
    expect(error?.message).toMatch(/SNI/);
  });
});
