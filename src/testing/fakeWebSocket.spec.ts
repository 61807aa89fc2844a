import { createFakeWebSocketFactory, FakeWebSocket } from './fakeWebSocket';

function record(socket: FakeWebSocket): string[] {
  const events: string[] = [];
  socket.onopen = () => events.push('open');
  socket.onmessage = (ev) => events.push(`message ${String(ev.data)}`);
  socket.onerror = (ev) => events.push(`error ${JSON.stringify(ev)}`);
  socket.onclose = (ev) => events.push(`close ${ev.code} ${ev.reason}`);
  return events;
}

describe('createFakeWebSocketFactory', () => {
  it('creates one socket per call, records them, and returns the latest', () => {
    const fake = createFakeWebSocketFactory();
    expect(() => fake.latest()).toThrow(/no socket/);
    const a = fake.factory('wss://a.example');
    const b = fake.factory('wss://b.example');
    expect(fake.sockets).toEqual([a, b]);
    expect(fake.latest()).toBe(b);
    expect(b.url).toBe('wss://b.example');
    expect(b.readyState).toBe(0);
  });
});

describe('FakeWebSocket', () => {
  it('plays the server side synchronously: open, frames, close', () => {
    const socket = new FakeWebSocket('wss://x');
    const events = record(socket);
    socket.serverOpen();
    expect(socket.isOpen).toBe(true);
    socket.serverSend('{"event":"heartbeat"}');
    socket.serverClose(1001, 'going away');
    expect(events).toEqual(['open', 'message {"event":"heartbeat"}', 'close 1001 going away']);
    expect(socket.readyState).toBe(3);
    expect(socket.closed).toBe(false); // the client did not close it
  });

  it('defaults a server close to the abnormal code 1006', () => {
    const socket = new FakeWebSocket('wss://x');
    const events = record(socket);
    socket.serverOpen();
    socket.serverClose();
    expect(events).toEqual(['open', 'close 1006 ']);
  });

  it('records what the client sends while open; throws while connecting; discards after close', () => {
    const socket = new FakeWebSocket('wss://x');
    expect(() => socket.send('early')).toThrow(/connecting/);
    socket.serverOpen();
    socket.send('a');
    socket.send('b');
    socket.close(1000, 'bye');
    socket.send('late');
    expect(socket.sent).toEqual(['a', 'b']);
    expect(socket.closed).toBe(true);
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'bye' });
  });

  it('fires onclose once when the client closes', () => {
    const socket = new FakeWebSocket('wss://x');
    const events = record(socket);
    socket.serverOpen();
    socket.close(1000, 'bye');
    socket.close();
    expect(events).toEqual(['open', 'close 1000 bye']);
  });

  it('reports a refused upgrade as an error with statusCode, then close 1006', () => {
    const socket = new FakeWebSocket('wss://x');
    const events = record(socket);
    socket.serverError({ statusCode: 403 });
    expect(events).toEqual(['error {"statusCode":403,"message":"Unexpected server response: 403"}', 'close 1006 ']);
    expect(socket.readyState).toBe(3);
  });

  it('reports a plain error without statusCode', () => {
    const socket = new FakeWebSocket('wss://x');
    const events = record(socket);
    socket.serverOpen();
    socket.serverError({ message: 'ECONNRESET' });
    expect(events).toEqual(['open', 'error {"message":"ECONNRESET"}', 'close 1006 ']);
  });

  it('refuses server actions that make no sense in the current state', () => {
    const socket = new FakeWebSocket('wss://x');
    expect(() => socket.serverSend('x')).toThrow(/readyState 1/);
    socket.serverOpen();
    expect(() => socket.serverOpen()).toThrow(/readyState 0/);
    socket.serverClose();
    expect(() => socket.serverClose()).toThrow(/closed/);
    expect(() => socket.serverError()).toThrow(/closed/);
  });

  it('works without handlers attached', () => {
    const socket = new FakeWebSocket('wss://x');
    socket.serverOpen();
    socket.serverSend('x');
    socket.serverError();
    expect(socket.readyState).toBe(3);
  });
});
