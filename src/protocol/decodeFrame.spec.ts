import { DecodeError } from '../errors';
import { registerSecret, unregisterSecret } from '../errors/redact';
import { decodeFrame } from './decodeFrame';
import type { KrakenMessage } from './messages';

function decoded(frame: string): KrakenMessage {
  const result = decodeFrame(frame);
  if (!result.ok) throw new Error(`expected ${frame} to decode: ${result.error.message}`);
  return result.message;
}

function rejected(frame: string): DecodeError {
  const result = decodeFrame(frame);
  if (result.ok) throw new Error(`expected ${frame} to be rejected`);
  return result.error;
}

describe('decodeFrame', () => {
  describe('events', () => {
    it('keeps a u64 connectionID exactly, as text', () => {
      const message = decoded('{"connectionID":18239578009413566319,"event":"systemStatus","status":"online","version":"1.9.1"}');
      expect(message).toEqual({ kind: 'systemStatus', status: 'online', version: '1.9.1', connectionId: '18239578009413566319' });
    });

    it('decodes heartbeat and pong with reqid', () => {
      expect(decoded('{"event":"heartbeat"}')).toEqual({ kind: 'heartbeat' });
      expect(decoded('{ "event": "heartbeat" }')).toEqual({ kind: 'heartbeat' });
      expect(decoded('{"event":"pong","reqid":1693415329704}')).toEqual({ kind: 'pong', reqid: 1693415329704 });
    });

    it('accepts all three shapes of the rate-limit error', () => {
      expect(decoded('{"errorMessage":"Exceeded msg rate","event":"error","reqid":42}')).toEqual({
        kind: 'error',
        errorMessage: 'Exceeded msg rate',
        reqid: 42,
      });
      expect(decoded('{"Error":"Exceeded msg rate"}')).toEqual({ kind: 'error', errorMessage: 'Exceeded msg rate' });
      expect(
        decoded('{"errorMessage":"Exceeded msg rate","event":"subscriptionStatus","pair":"XBT/USD","status":"error","subscription":{"name":"book"}}'),
      ).toMatchObject({ kind: 'subscriptionStatus', status: 'error', errorMessage: 'Exceeded msg rate', pair: 'XBT/USD' });
    });

    it('drops a null reqid', () => {
      const message = decoded(
        '{"errorMessage":"Reqid field must be a positive integer less than 18446744073709551616","event":"addOrderStatus","pair":"USDC/USD","reqid":null,"status":"error"}',
      );
      expect(message).toEqual({
        kind: 'addOrderStatus',
        status: 'error',
        errorMessage: 'Reqid field must be a positive integer less than 18446744073709551616',
      });
    });

    it('rejects an unknown event with a typed error', () => {
      const error = rejected('{"event":"surprise"}');
      expect(error).toBeInstanceOf(DecodeError);
      expect(error.info.reason).toBe('unknown-message');
      expect(error.message).toContain('surprise');
    });

    it('rejects a known event with bad fields', () => {
      const error = rejected('{"event":"subscriptionStatus","status":"maybe"}');
      expect(error.info.reason).toBe('invalid-message');
      expect(error.info.detail).toContain('status');
    });
  });

  describe('bad frames', () => {
    it.each([
      ['not JSON', '{not json', 'malformed-json'],
      ['truncated JSON', '[336,{"b":[["1.0"', 'malformed-json'],
      ['a bare number', '42', 'unknown-message'],
      ['null', 'null', 'unknown-message'],
      ['an object without event', '{"hello":1}', 'unknown-message'],
      ['an array of the wrong shape', '["a","b"]', 'unknown-message'],
      ['an unknown channel', '[1,{},"candles","XBT/USD"]', 'unknown-message'],
      ['a float price in a book', '[336,{"b":[[27119.9,"1.0","1.0"]],"c":"1"},"book-10","XBT/USD"]', 'invalid-message'],
      ['an unknown level flag', '[336,{"b":[["1.0","1.0","1.0","x"]],"c":"1"},"book-10","XBT/USD"]', 'invalid-message'],
      ['a non-numeric checksum', '[336,{"b":[["1.0","1.0","1.0"]],"c":"abc"},"book-10","XBT/USD"]', 'invalid-message'],
      ['a ticker missing a field', '[340,{"a":["1.0",0,"1.0"]},"ticker","XBT/USD"]', 'invalid-message'],
      ['a trade with a bad side', '[337,[["1.0","1.0","1.0","x","m",""]],"trade","XBT/USD"]', 'invalid-message'],
    ])('rejects %s', (_label, frame, reason) => {
      const error = rejected(frame);
      expect(error).toBeInstanceOf(DecodeError);
      expect(error.info.reason).toBe(reason);
      expect(error.info.frame).toBe(frame);
    });

    it('carries the route of a bad public frame so only that feed hears of it', () => {
      const error = rejected('[336,{"b":[["x","1.0","1.0"]],"c":"1"},"book-10","XBT/USD"]');
      expect(error.info).toMatchObject({ channelName: 'book-10', pair: 'XBT/USD' });
    });

    it('truncates huge frames and redacts tokens and registered secrets', () => {
      const huge = `[${'1,'.repeat(5000)}1]`;
      expect(rejected(huge).info.frame.length).toBeLessThan(600);
      const token = 'xeAQ/RCChBYNVh53sTv1yZ5H4wIbwDF20PiHtTF+4UI';
      registerSecret(token);
      try {
        const error = rejected(`{"event":"mystery","subscription":{"token":"${token}"},"note":"${token}"}`);
        expect(error.info.frame).not.toContain(token);
        expect(error.message).not.toContain(token);
        expect(JSON.stringify(error)).not.toContain(token);
      } finally {
        unregisterSecret(token);
      }
    });
  });

  describe('book', () => {
    it('keeps the "r" flag and the exact strings of every level', () => {
      const message = decoded(
        '[336,{"b":[["27117.40000","0.00000000","1693415330.886651"],["27116.80000","0.14741986","1693415325.036931","r"]],"c":"3139033408"},"book-10","XBT/USD"]',
      );
      expect(message).toEqual({
        kind: 'bookUpdate',
        channelID: 336,
        channelName: 'book-10',
        depth: 10,
        pair: 'XBT/USD',
        sides: [
          {
            side: 'bid',
            levels: [
              ['27117.40000', '0.00000000', '1693415330.886651'],
              ['27116.80000', '0.14741986', '1693415325.036931', 'r'],
            ],
          },
        ],
        checksum: '3139033408',
      });
    });

    it('keeps both dicts of a two-dict update in wire order, checksum from the last', () => {
      const message = decoded(
        '[336,{"a":[["27130.20000","0.01237956","1693415479.752899"]]},{"b":[["27136.00000","4.25513312","1693415479.752884"]],"c":"2366297588"},"book-10","XBT/USD"]',
      );
      expect(message).toMatchObject({
        kind: 'bookUpdate',
        sides: [
          { side: 'ask', levels: [['27130.20000', '0.01237956', '1693415479.752899']] },
          { side: 'bid', levels: [['27136.00000', '4.25513312', '1693415479.752884']] },
        ],
        checksum: '2366297588',
      });
    });

    it('decodes an empty snapshot', () => {
      expect(decoded('[6304,{"as":[],"bs":[]},"book-25","PERP/EUR"]')).toEqual({
        kind: 'bookSnapshot',
        channelID: 6304,
        channelName: 'book-25',
        depth: 25,
        pair: 'PERP/EUR',
        asks: [],
        bids: [],
      });
    });

    it('accepts an update without a checksum (2019 recordings)', () => {
      expect(decoded('[468,{"b":[["87.60000000","35.02658459","1561939258.527900"]]},"book-1000","XMR/USD"]')).not.toHaveProperty(
        'checksum',
      );
    });
  });

  describe('other channels', () => {
    it('decodes ohlc with its interval from the channel name', () => {
      expect(
        decoded('[343,["1699797181.803577","1699797240.000000","37080.20000","37080.20000","37080.20000","37080.20000","37080.20000","0.01032369",2],"ohlc-5","XBT/USD"]'),
      ).toMatchObject({ kind: 'ohlc', interval: 5, pair: 'XBT/USD', });
      expect((decoded('[343,["1699797181.803577","1699797240.000000","1.0","1.0","1.0","1.0","1.0","0.1",2],"ohlc-5","XBT/USD"]') as { data: readonly unknown[] }).data.slice(0, 2)).toEqual(['1699797181.803577', '1699797240.000000']);
    });

    it('decodes private messages with and without a sequence', () => {
      expect(decoded('[[],"openOrders"]')).toEqual({ kind: 'openOrders', orders: [] });
      expect(decoded('[[{"OX6J4U-3FWTH-NPST2W":{"vol_exec":"0.01000000","userref":0}}],"openOrders",{"sequence":10}]')).toEqual({
        kind: 'openOrders',
        orders: [{ id: 'OX6J4U-3FWTH-NPST2W', patch: { vol_exec: '0.01000000', userref: 0 } }],
        sequence: 10,
      });
    });
  });
});
