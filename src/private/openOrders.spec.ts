import type { OpenOrdersMessage } from '../protocol/messages';
import type { OpenOrderPatch } from '../protocol/privateMessages';
import { applyOpenOrdersMessage, findOrderByUserref, findOrdersByUserref, isTerminalStatus, type OpenOrdersState } from './openOrders';

const msg = (sequence: number | undefined, ...orders: Array<[string, OpenOrderPatch]>): OpenOrdersMessage =>
  sequence === undefined
    ? { kind: 'openOrders', orders: orders.map(([id, patch]) => ({ id, patch })) }
    : { kind: 'openOrders', orders: orders.map(([id, patch]) => ({ id, patch })), sequence };

const full = (over: OpenOrderPatch = {}): OpenOrderPatch => ({
  avg_price: '0.00000',
  cost: '0.00000',
  descr: { close: null, leverage: null, order: 'buy 1.00000000 SOL/USD @ limit 25.00000', ordertype: 'limit', pair: 'SOL/USD', price: '25.00000', price2: '0.00000', type: 'buy' },
  expiretm: null,
  fee: '0.00000',
  limitprice: '0.00000',
  misc: '',
  oflags: 'fciq',
  opentm: '1700220661.985020',
  refid: null,
  starttm: null,
  status: 'open',
  stopprice: '0.00000',
  timeinforce: 'GTC',
  userref: 0,
  vol: '1.00000000',
  vol_exec: '0.00000000',
  ...over,
});

function ids(state: OpenOrdersState): string[] {
  return [...state.orders.keys()];
}

describe('applyOpenOrdersMessage', () => {
  it('takes the first message as a snapshot', () => {
    const state = applyOpenOrdersMessage(undefined, msg(1, ['A', full()], ['B', full({ userref: 7 })]));
    expect(ids(state)).toEqual(['A', 'B']);
    expect(state.snapshot).toBe(true);
    expect(state.changed).toEqual(['A', 'B']);
    expect(state.terminal).toEqual([]);
    expect(state.sequence).toBe(1);
    expect(state.orders.get('B')).toEqual({ id: 'B', ...full({ userref: 7 }) });
  });

  it('takes an empty snapshot as no orders', () => {
    const state = applyOpenOrdersMessage(undefined, msg(1));
    expect(state.orders.size).toBe(0);
    expect(state.snapshot).toBe(true);
  });

  it('replaces everything on a later sequence-1 snapshot (a new subscription)', () => {
    let state = applyOpenOrdersMessage(undefined, msg(1, ['A', full()], ['B', full()]));
    state = applyOpenOrdersMessage(state, msg(2, ['C', full({ status: 'pending' })]));
    state = applyOpenOrdersMessage(state, msg(1, ['B', full({ vol_exec: '0.50000000' })]));
    expect(ids(state)).toEqual(['B']);
    expect(state.snapshot).toBe(true);
    expect(state.orders.get('B')?.vol_exec).toBe('0.50000000');
  });

  it('adds a new order and merges partial updates into it', () => {
    let state = applyOpenOrdersMessage(undefined, msg(1));
    state = applyOpenOrdersMessage(state, msg(2, ['A', full({ status: 'pending' })]));
    state = applyOpenOrdersMessage(state, msg(3, ['A', { status: 'open', userref: 0 }]));
    state = applyOpenOrdersMessage(state, msg(4, ['A', { vol_exec: '0.40000000', cost: '10.00000', fee: '0.01600', avg_price: '25.00000', userref: 0 }]));
    expect(state.snapshot).toBe(false);
    expect(state.changed).toEqual(['A']);
    expect(state.orders.get('A')).toEqual({
      id: 'A',
      ...full(),
      status: 'open',
      vol_exec: '0.40000000',
      cost: '10.00000',
      fee: '0.01600',
      avg_price: '25.00000',
    });
  });

  it('merges descr key by key', () => {
    let state = applyOpenOrdersMessage(undefined, msg(1, ['A', full()]));
    state = applyOpenOrdersMessage(state, msg(2, ['A', { descr: { price: '26.00000', order: 'buy 1.00000000 SOL/USD @ limit 26.00000' } }]));
    expect(state.orders.get('A')?.descr).toEqual({
      ...full().descr,
      price: '26.00000',
      order: 'buy 1.00000000 SOL/USD @ limit 26.00000',
    });
  });

  it('merges contingent key by key', () => {
    let state = applyOpenOrdersMessage(undefined, msg(1, ['A', full({ contingent: { ordertype: 'stop-loss', price: '20' } })]));
    state = applyOpenOrdersMessage(state, msg(2, ['A', { contingent: { price: '21' } }]));
    expect(state.orders.get('A')?.contingent).toEqual({ ordertype: 'stop-loss', price: '21' });
  });

  it.each(['closed', 'canceled', 'expired'] as const)('emits a %s order in its final state, then drops it', (status) => {
    let state = applyOpenOrdersMessage(undefined, msg(1, ['A', full()], ['B', full()]));
    state = applyOpenOrdersMessage(state, msg(2, ['A', { lastupdated: '1700220675.012776', status, cancel_reason: 'User requested' }]));
    expect(ids(state)).toEqual(['B']);
    expect(state.changed).toEqual(['A']);
    expect(state.terminal).toEqual([{ id: 'A', ...full(), status, lastupdated: '1700220675.012776', cancel_reason: 'User requested' }]);
    state = applyOpenOrdersMessage(state, msg(3, ['B', { vol_exec: '0.10000000' }]));
    expect(state.terminal).toEqual([]);
  });

  it('applies several entries of one message in order, listing each id once', () => {
    let state = applyOpenOrdersMessage(undefined, msg(1, ['A', full()]));
    state = applyOpenOrdersMessage(
      state,
      msg(2, ['B', full({ status: 'pending' })], ['A', { vol_exec: '0.1' }], ['B', { status: 'open' }], ['A', { vol_exec: '0.2' }]),
    );
    expect(state.changed).toEqual(['B', 'A']);
    expect(state.orders.get('A')?.vol_exec).toBe('0.2');
    expect(state.orders.get('B')?.status).toBe('open');
  });

  it('reports an order that opens and closes in one message as terminal only', () => {
    let state = applyOpenOrdersMessage(undefined, msg(1));
    state = applyOpenOrdersMessage(state, msg(2, ['M', full({ status: 'pending' })], ['M', { status: 'closed', vol_exec: '1.00000000' }]));
    expect(state.orders.size).toBe(0);
    expect(state.terminal.map((o) => [o.id, o.status, o.vol_exec])).toEqual([['M', 'closed', '1.00000000']]);
  });

  it('keeps what it knows of an order first seen through a partial update', () => {
    let state = applyOpenOrdersMessage(undefined, msg(1));
    state = applyOpenOrdersMessage(state, msg(2, ['X', { vol_exec: '0.01000000', userref: 0 }]));
    expect(state.orders.get('X')).toEqual({ id: 'X', vol_exec: '0.01000000', userref: 0 });
  });

  it('never changes an earlier state, and shares unchanged orders', () => {
    const first = applyOpenOrdersMessage(undefined, msg(1, ['A', full()], ['B', full()]));
    const before = JSON.stringify([...first.orders]);
    const second = applyOpenOrdersMessage(first, msg(2, ['A', { status: 'canceled' }], ['B', { vol_exec: '0.5' }]));
    expect(JSON.stringify([...first.orders])).toBe(before);
    expect(first.orders.size).toBe(2);
    expect(second.orders.size).toBe(1);
    const third = applyOpenOrdersMessage(second, msg(3, ['C', full()]));
    expect(third.orders.get('B')).toBe(second.orders.get('B'));
    expect(Object.isFrozen(third)).toBe(true);
    expect(Object.isFrozen(third.orders.get('B'))).toBe(true);
    expect(Object.isFrozen(third.orders.get('C')?.descr)).toBe(true);
  });

  it('keeps the last sequence through messages without one (2019 feeds)', () => {
    let state = applyOpenOrdersMessage(undefined, msg(undefined, ['A', full()]));
    expect(state.sequence).toBeUndefined();
    expect(state.snapshot).toBe(true);
    state = applyOpenOrdersMessage(state, msg(undefined, ['A', { status: 'canceled' }]));
    expect(state.snapshot).toBe(false);
    expect(state.orders.size).toBe(0);
  });

  it('drops a terminal order that was in the snapshot', () => {
    const state = applyOpenOrdersMessage(undefined, msg(1, ['A', full({ status: 'closed' })]));
    expect(state.orders.size).toBe(0);
    expect(state.terminal.map((o) => o.id)).toEqual(['A']);
  });
});

describe('isTerminalStatus', () => {
  it.each([
    ['closed', true],
    ['canceled', true],
    ['expired', true],
    ['open', false],
    ['pending', false],
    [undefined, false],
  ] as const)('%s → %s', (status, terminal) => {
    expect(isTerminalStatus(status)).toBe(terminal);
  });
});

describe('findOrderByUserref / findOrdersByUserref', () => {
  const state = applyOpenOrdersMessage(
    undefined,
    msg(
      1,
      ['A', full({ userref: 42, opentm: '1700000002.000000' })],
      ['B', full({ userref: 7 })],
      ['C', full({ userref: 42, opentm: '1700000009.500000' })],
      ['D', full({ userref: 42, opentm: '1700000001.000000' })],
    ),
  );

  it('finds every open order with the userref, in feed order', () => {
    expect(findOrdersByUserref(state, 42).map((o) => o.id)).toEqual(['A', 'C', 'D']);
    expect(findOrdersByUserref(state, 1)).toEqual([]);
  });

  it('picks the most recently opened one', () => {
    expect(findOrderByUserref(state, 42)?.id).toBe('C');
    expect(findOrderByUserref(state, 7)?.id).toBe('B');
    expect(findOrderByUserref(state, 1)).toBeUndefined();
  });

  it('does not find orders that left the open set', () => {
    const after = applyOpenOrdersMessage(state, msg(2, ['B', { status: 'canceled' }]));
    expect(findOrderByUserref(after, 7)).toBeUndefined();
  });
});
