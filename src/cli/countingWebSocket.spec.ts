import { FakeWebSocket } from '../testing/fakeWebSocket';
import { countingWebSocketFactory } from './countingWebSocket';

describe('countingWebSocketFactory', () => {
  it('counts every frame received, hands it on, and passes everything else through', () => {
    const sockets: FakeWebSocket[] = [];
    let frames = 0;
    const factory = countingWebSocketFactory((url) => {
      const socket = new FakeWebSocket(url);
      sockets.push(socket);
      return socket;
    }, () => (frames += 1));
    const socket = factory('ws://127.0.0.1:1');
    const received: unknown[] = [];
    const events: string[] = [];
    socket.onopen = () => events.push('open');
    socket.onmessage = (event) => received.push(event.data);
    socket.onclose = (event) => events.push(`close ${event.code}`);
    const fake = sockets[0]!;
    expect(fake.url).toBe('ws://127.0.0.1:1');
    fake.serverOpen();
    expect(socket.readyState).toBe(1);
    fake.serverSend('{"event":"heartbeat"}');
    fake.serverSend('[1,{},"book-10","XBT/USD"]');
    socket.send('{"event":"ping"}');
    expect(fake.sent).toEqual(['{"event":"ping"}']);
    expect(received).toEqual(['{"event":"heartbeat"}', '[1,{},"book-10","XBT/USD"]']);
    expect(frames).toBe(2);
    socket.onmessage = null;
    fake.serverSend('{"event":"heartbeat"}');
    expect(frames).toBe(2);
    socket.close(1000, 'bye');
    expect(fake.closedWith).toEqual({ code: 1000, reason: 'bye' });
    expect(events).toEqual(['open', 'close 1000']);
  });
});
