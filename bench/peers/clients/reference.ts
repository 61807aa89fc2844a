/**
 * The baseline: the bench's own simple correct book (`shared/referenceBook.ts`: sorted arrays,
 * exact decimal ordering, CRC32 on every update) on a bare `ws` socket. No reconnection, no
 * resync: it is here to show what a straightforward correct book costs, not as a product.
 */
import WebSocket from 'ws';
import { ReferenceBook } from '../shared/referenceBook';
import { runClient } from './harness';

runClient(({ config, book, error }) => {
  const books = new Map(config.pairs.map((pair) => [pair, new ReferenceBook(config.depth)]));
  const ws = new WebSocket(config.url, { perMessageDeflate: false });
  ws.on('open', () => {
    ws.send(JSON.stringify({ event: 'subscribe', reqid: 1, pair: config.pairs, subscription: { name: 'book', depth: config.depth } }));
  });
  ws.on('message', (data: Buffer) => {
    const message: unknown = JSON.parse(data.toString());
    if (!Array.isArray(message)) return;
    const pair = message[message.length - 1] as string;
    const reference = books.get(pair);
    if (reference === undefined) return;
    if (!reference.applyFrame(message)) error(new Error(`checksum mismatch on ${pair}`));
    book(pair, () => reference.top());
  });
});
