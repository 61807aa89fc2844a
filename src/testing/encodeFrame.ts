import { InvalidArgumentError } from '../errors/protocolErrors';
import type { BookUpdateMessage, KrakenMessage } from '../protocol/messages';

/**
 * Writes a typed {@link KrakenMessage} as the text frame Kraken would send: the inverse of
 * `decodeFrame`, so that `decodeFrame(encodeFrame(m))` gives `m` back. Use it to play the server
 * with a `FakeWebSocket`, or to write a JSONL recording for a test.
 *
 * Public data becomes Kraken's arrays (`[channelID, payload, channelName, pair]`; a book update
 * with both sides becomes two dicts, the checksum in the last), private data
 * `[[{id: value}, ...], channelName, {"sequence": n}]`, and events objects with `event` first
 * in Kraken's field order. The `connectionID` of `systemStatus` is written as the exact digits
 * it holds.
 *
 * @example
 * ```ts
 * encodeFrame(heartbeatMessage()); // '{"event":"heartbeat"}'
 * encodeFrame(tradeMessage([buildTrade()]));
 * // '[42,[["30000.00000","0.10000000","1700000000.000000","b","m",""]],"trade","XBT/USD"]'
 * ```
 * @param message Any decoded Kraken message.
 * @return The frame text.
 * @throws {InvalidArgumentError} For a book update without levels or a `connectionId` that is
 * not digits.
 * @see decodeFrame
 * @category Testing
 * @since 0.1.0
 */
export function encodeFrame(message: KrakenMessage): string {
  switch (message.kind) {
    case 'heartbeat':
      return '{"event":"heartbeat"}';
    case 'systemStatus': {
      const { connectionId } = message;
      if (connectionId !== undefined && !/^\d+$/.test(connectionId)) {
        throw new InvalidArgumentError('connectionId', connectionId, 'decimal digits (a u64)');
      }
      const rest = JSON.stringify({ event: 'systemStatus', status: message.status, ...(message.version === undefined ? {} : { version: message.version }) });
      return connectionId === undefined ? rest : `{"connectionID":${connectionId},${rest.slice(1)}`;
    }
    case 'pong':
      return JSON.stringify({ event: 'pong', ...(message.reqid === undefined ? {} : { reqid: message.reqid }) });
    case 'error':
      return JSON.stringify({ event: 'error', errorMessage: message.errorMessage, ...(message.reqid === undefined ? {} : { reqid: message.reqid }) });
    case 'subscriptionStatus': {
      const { kind: _kind, ...fields } = message;
      return JSON.stringify({ event: 'subscriptionStatus', ...fields });
    }
    case 'ticker':
    case 'spread':
    case 'ohlc':
      return JSON.stringify([message.channelID, message.data, message.channelName, message.pair]);
    case 'trade':
      return JSON.stringify([message.channelID, message.trades, message.channelName, message.pair]);
    case 'bookSnapshot':
      return JSON.stringify([message.channelID, { as: message.asks, bs: message.bids }, message.channelName, message.pair]);
    case 'bookUpdate':
      return JSON.stringify([message.channelID, ...bookDicts(message), message.channelName, message.pair]);
    case 'ownTrades':
      return JSON.stringify([
        message.trades.map(({ id, trade }) => ({ [id]: trade })),
        'ownTrades',
        ...(message.sequence === undefined ? [] : [{ sequence: message.sequence }]),
      ]);
    case 'openOrders':
      return JSON.stringify([
        message.orders.map(({ id, patch }) => ({ [id]: patch })),
        'openOrders',
        ...(message.sequence === undefined ? [] : [{ sequence: message.sequence }]),
      ]);
    case 'addOrderStatus':
    case 'editOrderStatus':
    case 'cancelOrderStatus':
    case 'cancelAllStatus':
    case 'cancelAllOrdersAfterStatus': {
      const { kind, ...fields } = message;
      return JSON.stringify({ event: kind, ...fields });
    }
  }
}

function bookDicts(message: BookUpdateMessage): Record<string, unknown>[] {
  if (message.sides.length === 0) throw new InvalidArgumentError('book update', message.pair, 'at least one side with levels');
  const dicts: Record<string, unknown>[] = message.sides.map(({ side, levels }) => ({ [side === 'ask' ? 'a' : 'b']: levels }));
  if (message.checksum !== undefined) (dicts[dicts.length - 1] as Record<string, unknown>)['c'] = message.checksum;
  return dicts;
}
