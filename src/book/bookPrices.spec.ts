import { bookMessages } from '../../test/book/bookFixtures';
import { applyBookMessage } from './applyBookMessage';
import { bestAsk, bestBid, midPrice, spread } from './bookPrices';
import type { OrderBook } from './orderBook';

describe('best bid/ask, spread and mid', () => {
  const [first, second] = bookMessages('kraken-book-python-kraken-sdk-2023-08.jsonl');
  const book = applyBookMessage(applyBookMessage(undefined, first!), second!);

  it('read the best levels of a recorded book', () => {
    expect(bestAsk(book)).toEqual({ price: '27120.00000', volume: '4.28732553', timestamp: '1693415327.935623' });
    expect(bestBid(book)).toEqual({ price: '27119.90000', volume: '13.54109952', timestamp: '1693415330.621700' });
    expect(bestAsk(book)).toBe(book.asks[0]);
    expect(bestBid(book)).toBe(book.bids[0]);
  });

  it('give exact decimal strings with the pair\'s decimals', () => {
    expect(spread(book)).toBe('0.10000');
    expect(midPrice(book)).toBe('27119.95000');
  });

  it('add a decimal to the mid only when halving needs it, and never use floats', () => {
    const plain: OrderBook = {
      pair: 'X/Y',
      depth: 10,
      asks: [{ price: '0.30000000000001', volume: '1', timestamp: '1' }],
      bids: [{ price: '0.1', volume: '1', timestamp: '1' }],
      checksum: 0,
    };
    expect(spread(plain)).toBe('0.20000000000001'); // 0.30000000000001 - 0.1 in floats is 0.20000000000000998
    expect(midPrice(plain)).toBe('0.200000000000005');
  });

  it('are undefined when a side is empty', () => {
    const empty = applyBookMessage(undefined, {
      kind: 'bookSnapshot',
      channelID: 6304,
      channelName: 'book-25',
      pair: 'PERP/EUR',
      depth: 25,
      asks: [],
      bids: [['1.5', '1', '1.0']],
    });
    expect(bestAsk(empty)).toBeUndefined();
    expect(bestBid(empty)?.price).toBe('1.5');
    expect(spread(empty)).toBeUndefined();
    expect(midPrice(empty)).toBeUndefined();
  });

  it('work on deep books without building their arrays first, with the same answers', () => {
    const ada = bookMessages('kraken-book-cryptofeed-2021-04.jsonl').filter((m) => m.pair === 'ADA/XBT');
    let deep: OrderBook | undefined;
    for (const message of ada) deep = applyBookMessage(deep, message);
    const copy = JSON.parse(JSON.stringify(deep)) as OrderBook; // a plain object: the generic path
    expect(deep!.asks.length).toBeGreaterThan(128);
    expect(bestAsk(deep!)).toEqual(copy.asks[0]);
    expect(bestBid(deep!)).toEqual(copy.bids[0]);
    expect(spread(deep!)).toBe(spread(copy));
    expect(midPrice(deep!)).toBe(midPrice(copy));
  });
});
