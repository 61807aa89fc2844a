import { decodeFrame } from '../protocol/decodeFrame';
import type { KrakenMessage } from '../protocol/messages';
import { fixtureFiles, fixtureFrames } from '../../test/support/fixtures';
import { buildOhlcUpdate, buildSpread, buildTicker, buildTrade } from './builders';
import { encodeFrame } from './encodeFrame';
import {
  bookMessageSequence,
  heartbeatMessage,
  ohlcMessage,
  openOrdersMessage,
  ownTradesMessage,
  pongMessage,
  spreadMessage,
  systemStatusMessage,
  tickerMessage,
  tradeMessage,
} from './messages';

function decoded(frame: string): KrakenMessage {
  const result = decodeFrame(frame);
  if (!result.ok) throw result.error;
  return result.message;
}

describe('encodeFrame', () => {
  it('is the inverse of decodeFrame on every real recorded frame that decodes', () => {
    let checked = 0;
    const kinds = new Set<string>();
    for (const file of fixtureFiles()) {
      for (const frame of fixtureFrames(file)) {
        const result = decodeFrame(frame);
        if (!result.ok) continue;
        expect(decoded(encodeFrame(result.message))).toEqual(result.message);
        kinds.add(result.message.kind);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
    // every shape of public and private data, and the common events, were covered
    for (const kind of ['systemStatus', 'heartbeat', 'subscriptionStatus', 'ticker', 'trade', 'spread', 'ohlc', 'bookSnapshot', 'bookUpdate', 'openOrders', 'ownTrades']) {
      expect(kinds).toContain(kind);
    }
  });

  it("writes Kraken's exact wire text", () => {
    expect(encodeFrame(heartbeatMessage())).toBe('{"event":"heartbeat"}');
    expect(encodeFrame(pongMessage(7))).toBe('{"event":"pong","reqid":7}');
    expect(encodeFrame(tradeMessage([buildTrade(), buildTrade({ side: 'sell', orderType: 'limit', misc: 'x' })], { channelID: 336 }))).toBe(
      '[336,[["30000.00000","0.10000000","1700000000.000000","b","m",""],["30000.00000","0.10000000","1700000000.000000","s","l","x"]],"trade","XBT/USD"]',
    );
    expect(encodeFrame(spreadMessage(buildSpread()))).toBe(
      '[42,["29999.90000","30000.00000","1700000000.000000","1.00000000","1.00000000"],"spread","XBT/USD"]',
    );
  });

  it('keeps a u64 connectionID exact (JSON numbers would round it)', () => {
    const frame = encodeFrame(systemStatusMessage({ connectionId: '13688620010177543517' }));
    expect(frame).toBe('{"connectionID":13688620010177543517,"event":"systemStatus","status":"online","version":"1.9.2"}');
    expect(decoded(frame)).toEqual({ kind: 'systemStatus', status: 'online', version: '1.9.2', connectionId: '13688620010177543517' });
    expect(() => encodeFrame(systemStatusMessage({ connectionId: '1,"x":2' }))).toThrow(/connectionId/);
  });

  it('writes a two-sided book update as two dicts with the checksum in the last', () => {
    const [, update] = bookMessageSequence({ asks: [['30000.1', '1.0']], bids: [['30000.0', '1.5']] }, [
      { asks: [['30000.2', '0.5']], bids: [['29999.9', '2.0']] },
    ]);
    const frame = encodeFrame(update!);
    expect(frame).toMatch(/^\[42,\{"a":\[\["30000\.2","0\.5","1700000000\.000000"\]\]\},\{"b":\[\["29999\.9","2\.0","1700000000\.000000"\]\],"c":"\d+"\},"book-10","XBT\/USD"\]$/);
    expect(decoded(frame)).toEqual(update);
  });

  it('round-trips every builder', () => {
    const messages: KrakenMessage[] = [
      tickerMessage(buildTicker({ pair: 'ETH/USD' })),
      ohlcMessage(buildOhlcUpdate({ interval: 5 })),
      openOrdersMessage({ 'OABC-1': { status: 'open', vol: '1.0', descr: { pair: 'XBT/USD', type: 'buy' } } }, 1),
      ownTradesMessage(
        { 'TXYZ-1': { ordertxid: 'OABC-1', pair: 'XBT/USD', time: '1700000000.000000', type: 'buy', ordertype: 'limit', price: '30000.0', cost: '300.0', fee: '0.48', vol: '0.01' } },
        2,
      ),
      openOrdersMessage({}),
      { kind: 'addOrderStatus', status: 'ok', reqid: 3, txid: 'OABC-1', descr: 'buy 0.01 XBTUSD @ limit 30000.0' },
      { kind: 'cancelAllOrdersAfterStatus', status: 'ok', reqid: 4, currentTime: '2023-01-01T00:00:00Z', triggerTime: '0' },
      { kind: 'error', errorMessage: 'Exceeded msg rate', reqid: 5 },
      { kind: 'subscriptionStatus', status: 'error', errorMessage: 'Currency pair not supported', pair: 'XXX/YYY', reqid: 6, subscription: { name: 'ticker' } },
    ];
    for (const message of messages) expect(decoded(encodeFrame(message))).toEqual(message);
  });
});
