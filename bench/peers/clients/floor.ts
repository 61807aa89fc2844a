/**
 * The floor: a bare `ws` client that subscribes and `JSON.parse`s every frame, nothing else.
 * Each channel frame counts as a "book" (it keeps none), so its rate is the ceiling any client
 * on `ws` can reach on this machine.
 */
import WebSocket from 'ws';
import { runClient } from './harness';

runClient(({ config, book }) => {
  const ws = new WebSocket(config.url, { perMessageDeflate: false });
  const none = () => null;
  ws.on('open', () => {
    ws.send(JSON.stringify({ event: 'subscribe', reqid: 1, pair: config.pairs, subscription: { name: 'book', depth: config.depth } }));
  });
  ws.on('message', (data: Buffer) => {
    const message: unknown = JSON.parse(data.toString());
    if (Array.isArray(message)) book(message[message.length - 1] as string, none);
  });
});
