import { decodeFrame } from '../../src/protocol';
import type { OpenOrdersMessage, OwnTradesMessage } from '../../src/protocol';
import { applyOpenOrdersMessage, checkSequence, findOrderByUserref, type OpenOrdersState } from '../../src/private';
import { SequenceGapError } from '../../src/errors';
import { fixtureFrames } from '../support/fixtures';
import { useLeakCheck } from '../support/leakCheck';

// The shared secrets check of the private suites (here: console output only, no client runs).
useLeakCheck();

// Recorded private traffic (SOURCES.md: single messages from several 2023 sessions, so the
// sequence numbers are not contiguous).
const FILE = 'kraken-private-kraken-async-rs-2023-11.jsonl';

function decodeAll(): { openOrders: OpenOrdersMessage[]; ownTrades: OwnTradesMessage[] } {
  const openOrders: OpenOrdersMessage[] = [];
  const ownTrades: OwnTradesMessage[] = [];
  for (const frame of fixtureFrames(FILE)) {
    const result = decodeFrame(frame);
    if (!result.ok) throw result.error;
    if (result.message.kind === 'openOrders') openOrders.push(result.message);
    if (result.message.kind === 'ownTrades') ownTrades.push(result.message);
  }
  return { openOrders, ownTrades };
}

const { openOrders, ownTrades } = decodeAll();
const [snapshot, pending, opened, canceled, fill, expired] = openOrders as [
  OpenOrdersMessage,
  OpenOrdersMessage,
  OpenOrdersMessage,
  OpenOrdersMessage,
  OpenOrdersMessage,
  OpenOrdersMessage,
];

describe('openOrders state from the recorded fixture', () => {
  it('holds the six recorded openOrders messages', () => {
    expect(openOrders.map((m) => m.sequence)).toEqual([1, 2, 3, 4, 10, 4]);
  });

  it('builds the snapshot of three open orders, exact strings kept', () => {
    const state = applyOpenOrdersMessage(undefined, snapshot);
    expect([...state.orders.keys()]).toEqual(['OKJASZ-554YM-L7YMU7', 'OYEXS2-3M26S-PYLEVF', 'OVZYZV-IJH2T-QPSLPF']);
    expect(state.snapshot).toBe(true);
    const atom = state.orders.get('OKJASZ-554YM-L7YMU7');
    expect(atom).toMatchObject({
      id: 'OKJASZ-554YM-L7YMU7',
      status: 'open',
      vol: '5.00000000',
      vol_exec: '0.00000000',
      opentm: '1700076648.883709',
      descr: { pair: 'ATOM/USD', price: '9.250000', price2: '0.000000', type: 'buy', ordertype: 'limit', leverage: null, close: null },
    });
    expect(state.orders.get('OYEXS2-3M26S-PYLEVF')?.descr?.price).toBe('0.00877000');
  });

  it('follows one order through pending → open → canceled, then forgets it', () => {
    const s1 = applyOpenOrdersMessage(undefined, snapshot);
    const s2 = applyOpenOrdersMessage(s1, pending);
    expect(s2.orders.size).toBe(4);
    expect(s2.changed).toEqual(['O7AIWV-HEBBH-COCEUU']);
    expect(s2.orders.get('O7AIWV-HEBBH-COCEUU')?.status).toBe('pending');

    const s3 = applyOpenOrdersMessage(s2, opened);
    const open = s3.orders.get('O7AIWV-HEBBH-COCEUU');
    // The recorded update is only {"status":"open","userref":0}: everything else comes from the pending message.
    expect(open).toMatchObject({ status: 'open', userref: 0, vol: '1.00000000', opentm: '1700220661.985020', oflags: 'fciq' });
    expect(open?.descr).toEqual({
      close: null,
      leverage: null,
      order: 'buy 1.00000000 SOL/USD @ limit 25.00000',
      ordertype: 'limit',
      pair: 'SOL/USD',
      price: '25.00000',
      price2: '0.00000',
      type: 'buy',
    });

    const s4 = applyOpenOrdersMessage(s3, canceled);
    expect(s4.orders.has('O7AIWV-HEBBH-COCEUU')).toBe(false);
    expect(s4.orders.size).toBe(3);
    expect(s4.terminal).toHaveLength(1);
    expect(s4.terminal[0]).toMatchObject({
      id: 'O7AIWV-HEBBH-COCEUU',
      status: 'canceled',
      cancel_reason: 'User requested',
      lastupdated: '1700220675.012776',
      vol: '1.00000000',
      vol_exec: '0.00000000',
      opentm: '1700220661.985020',
      descr: { pair: 'SOL/USD', price: '25.00000' },
    });
    // The earlier states are untouched.
    expect(s3.orders.get('O7AIWV-HEBBH-COCEUU')?.status).toBe('open');
  });

  it('merges the recorded fill into an order placed before it', () => {
    // The order behind the recorded fill (OX6J4U..., ETH/USD buy 0.01 @ 1967.68, matching the
    // recorded ownTrades fill TROWH4...) was not recorded; this new-order message is constructed
    // in the recorded shape.
    const placed: OpenOrdersMessage = {
      kind: 'openOrders',
      sequence: 9,
      orders: [
        {
          id: 'OX6J4U-3FWTH-NPST2W',
          patch: {
            avg_price: '0.00000',
            cost: '0.00000',
            descr: { close: null, leverage: null, order: 'buy 0.01000000 ETH/USD @ limit 1967.68000', ordertype: 'limit', pair: 'ETH/USD', price: '1967.68000', price2: '0.00000', type: 'buy' },
            fee: '0.00000',
            opentm: '1700220760.000000',
            status: 'open',
            userref: 0,
            vol: '0.01000000',
            vol_exec: '0.00000000',
          },
        },
      ],
    };
    const before = applyOpenOrdersMessage(applyOpenOrdersMessage(undefined, { kind: 'openOrders', orders: [], sequence: 1 }), placed);
    const after = applyOpenOrdersMessage(before, fill);
    expect(after.orders.get('OX6J4U-3FWTH-NPST2W')).toMatchObject({
      status: 'open',
      vol: '0.01000000',
      vol_exec: '0.01000000',
      cost: '19.67680',
      fee: '0.03148',
      avg_price: '1967.68000',
      descr: { price: '1967.68000' },
    });
    const trade = ownTrades[1]?.trades[0]?.trade;
    expect(trade?.ordertxid).toBe('OX6J4U-3FWTH-NPST2W');
    expect(after.orders.get('OX6J4U-3FWTH-NPST2W')?.cost).toBe(trade?.cost);
  });

  it('reports the recorded expiry as terminal even for an order it never saw', () => {
    const state = applyOpenOrdersMessage(applyOpenOrdersMessage(undefined, snapshot), expired);
    expect(state.orders.size).toBe(3);
    expect(state.terminal).toEqual([
      {
        id: 'O7WZ5U-XB4S4-KJSIL5',
        lastupdated: '1700309901.358598',
        status: 'expired',
        vol_exec: '0.00000000',
        cost: '0.00000000',
        fee: '0.00000000',
        avg_price: '0.00000000',
        userref: 0,
      },
    ]);
  });

  it('replays the whole file: checkSequence finds the two breaks SOURCES.md describes', () => {
    let state: OpenOrdersState | undefined;
    let sequence: number | undefined;
    const gaps: SequenceGapError[] = [];
    for (const message of openOrders) {
      const check = checkSequence(sequence, message);
      if (check.ok) sequence = check.sequence;
      else {
        gaps.push(check.error);
        sequence = message.sequence;
      }
      state = applyOpenOrdersMessage(state, message);
    }
    expect(gaps.map((g) => g.info)).toEqual([
      { feed: 'openOrders', expected: 5, received: 10 },
      { feed: 'openOrders', expected: 11, received: 4 },
    ]);
    expect([...(state?.orders.keys() ?? [])]).toEqual(['OKJASZ-554YM-L7YMU7', 'OYEXS2-3M26S-PYLEVF', 'OVZYZV-IJH2T-QPSLPF', 'OX6J4U-3FWTH-NPST2W']);
    expect(findOrderByUserref(state as OpenOrdersState, 0)?.id).toBe('OKJASZ-554YM-L7YMU7');
  });

  it('finds the ownTrades sequence contiguous', () => {
    let sequence: number | undefined;
    for (const message of ownTrades) {
      const check = checkSequence(sequence, message);
      expect(check.ok).toBe(true);
      if (check.ok) sequence = check.sequence;
    }
    expect(sequence).toBe(2);
  });
});
