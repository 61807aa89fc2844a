import * as fc from 'fast-check';
import { InvalidArgumentError, InvalidOrderError, type OrderProblem } from '../errors';
import {
  addOrderRequest,
  cancelAllOrdersAfterRequest,
  cancelAllRequest,
  cancelOrderRequest,
  editOrderRequest,
  numberToDecimalString,
  validateAddOrder,
  validateCancelAllOrdersAfter,
  validateCancelOrder,
  validateEditOrder,
  type AddOrderParams,
  type EditOrderParams,
  type ValidationResult,
} from './tradingRequests';

const TOKEN = '<ws token>';

function value<A>(r: ValidationResult<A>): A {
  if (!r.ok) throw new Error(`expected valid params, got: ${r.error.message}`);
  return r.value;
}

function problems<A>(r: ValidationResult<A>): ReadonlyArray<OrderProblem> {
  if (r.ok) throw new Error('expected invalid params');
  expect(r.error).toBeInstanceOf(InvalidOrderError);
  return r.error.info.problems;
}

const limit = { ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '27500.1', volume: '0.5' } as const;

describe('validateAddOrder + addOrderRequest', () => {
  it.each<[string, AddOrderParams, number, string]>([
    [
      "Kraken's documented example",
      { ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '9857', volume: '0.002', leverage: '5', userref: 8874657, oflags: 'post', timeinforce: 'GTC' },
      12,
      '{"event":"addOrder","token":"<ws token>","reqid":12,"ordertype":"limit","type":"buy","pair":"XBT/USD","price":"9857","volume":"0.002","leverage":"5","userref":"8874657","oflags":"post","timeinforce":"GTC"}',
    ],
    [
      'a market order',
      { ordertype: 'market', type: 'sell', pair: 'XBT/USDT', volume: '0.00010000' },
      1,
      '{"event":"addOrder","token":"<ws token>","reqid":1,"ordertype":"market","type":"sell","pair":"XBT/USDT","volume":"0.00010000"}',
    ],
    [
      'decimal strings byte for byte (trailing zeros kept)',
      { ordertype: 'limit', type: 'buy', pair: 'ETH/USD', price: '1967.68000', volume: '0.01000000' },
      2,
      '{"event":"addOrder","token":"<ws token>","reqid":2,"ordertype":"limit","type":"buy","pair":"ETH/USD","price":"1967.68000","volume":"0.01000000"}',
    ],
    [
      'numbers in shortest round-trip form, exponents expanded',
      { ordertype: 'limit', type: 'buy', pair: 'XDG/USD', price: 0.0000015, volume: 1e21, userref: -1, leverage: 2 },
      3,
      '{"event":"addOrder","token":"<ws token>","reqid":3,"ordertype":"limit","type":"buy","pair":"XDG/USD","price":"0.0000015","volume":"1000000000000000000000","leverage":"2","userref":"-1"}',
    ],
    [
      'relative trigger and limit prices',
      { ordertype: 'stop-loss-limit', type: 'sell', pair: 'XBT/USD', price: '#5', price2: '-1.5%', volume: '1' },
      4,
      '{"event":"addOrder","token":"<ws token>","reqid":4,"ordertype":"stop-loss-limit","type":"sell","pair":"XBT/USD","price":"#5","price2":"-1.5%","volume":"1"}',
    ],
    [
      'a trailing stop with a + offset',
      { ordertype: 'trailing-stop', type: 'sell', pair: 'XBT/USD', price: '+50', volume: '1' },
      5,
      '{"event":"addOrder","token":"<ws token>","reqid":5,"ordertype":"trailing-stop","type":"sell","pair":"XBT/USD","price":"+50","volume":"1"}',
    ],
    [
      'a trailing stop limit with a percent offset and a - limit offset',
      { ordertype: 'trailing-stop-limit', type: 'sell', pair: 'XBT/USD', price: '+1.5%', price2: '-10', volume: '1' },
      6,
      '{"event":"addOrder","token":"<ws token>","reqid":6,"ordertype":"trailing-stop-limit","type":"sell","pair":"XBT/USD","price":"+1.5%","price2":"-10","volume":"1"}',
    ],
    [
      'GTD with expiretm, flags as an array, every optional field',
      {
        ...limit,
        timeinforce: 'GTD',
        expiretm: '+3600',
        starttm: 0,
        oflags: ['fciq', 'nompp'],
        reduce_only: false,
        validate: true,
        deadline: '2024-01-01T12:00:00.000Z',
        'close[ordertype]': 'stop-loss-limit',
        'close[price]': '26000',
        'close[price2]': '25990',
      },
      7,
      '{"event":"addOrder","token":"<ws token>","reqid":7,"ordertype":"limit","type":"buy","pair":"XBT/USD","price":"27500.1","volume":"0.5","reduce_only":false,"oflags":"fciq,nompp","starttm":"0","expiretm":"+3600","deadline":"2024-01-01T12:00:00.000Z","timeinforce":"GTD","validate":true,"close[ordertype]":"stop-loss-limit","close[price]":"26000","close[price2]":"25990"}',
    ],
    [
      'volume 0 closing a margin position',
      { ordertype: 'market', type: 'sell', pair: 'XBT/USD', volume: '0', leverage: '3' },
      8,
      '{"event":"addOrder","token":"<ws token>","reqid":8,"ordertype":"market","type":"sell","pair":"XBT/USD","volume":"0","leverage":"3"}',
    ],
    [
      'settle-position without price',
      { ordertype: 'settle-position', type: 'sell', pair: 'XBT/USD', volume: 0, leverage: 2 },
      9,
      '{"event":"addOrder","token":"<ws token>","reqid":9,"ordertype":"settle-position","type":"sell","pair":"XBT/USD","volume":"0","leverage":"2"}',
    ],
    [
      'explicitly undefined optional fields left out',
      { ...limit, price2: undefined, userref: undefined } as unknown as AddOrderParams,
      10,
      '{"event":"addOrder","token":"<ws token>","reqid":10,"ordertype":"limit","type":"buy","pair":"XBT/USD","price":"27500.1","volume":"0.5"}',
    ],
  ])('accepts %s and builds the exact text', (_label, params, reqid, text) => {
    expect(addOrderRequest(value(validateAddOrder(params)), TOKEN, reqid)).toBe(text);
  });

  it.each<[string, unknown, ReadonlyArray<[field: string, problem: RegExp]>]>([
    ['a limit order without price', { ...limit, price: undefined }, [['price', /is required for limit orders/]]],
    ['a negative volume', { ...limit, volume: '-1' }, [['volume', /must not be negative/]]],
    ['a negative volume number', { ...limit, volume: -1 }, [['volume', /must not be negative/]]],
    ['an unknown order type', { ...limit, ordertype: 'iceberg' }, [['ordertype', /unknown order type "iceberg", expected one of limit, market/]]],
    [
      'many problems at once',
      { ordertype: 'limit', type: 'hold', pair: '', volume: '-1' },
      [
        ['type', /unknown side "hold"/],
        ['pair', /non-empty/],
        ['price', /is required for limit orders/],
        ['volume', /must not be negative/],
      ],
    ],
    ['missing required fields', {}, [['ordertype', /is required/], ['type', /is required/], ['pair', /is required/], ['volume', /is required/]]],
    ['a stop-loss-limit without price2', { ordertype: 'stop-loss-limit', type: 'sell', pair: 'XBT/USD', price: '26000', volume: '1' }, [['price2', /is required for stop-loss-limit/]]],
    ['price2 on a limit order', { ...limit, price2: '1' }, [['price2', /only used by stop-loss-limit, take-profit-limit, trailing-stop-limit orders, not limit/]]],
    ['a market order with a price', { ordertype: 'market', type: 'buy', pair: 'XBT/USD', volume: '1', price: '1' }, [['price', /not used by market orders/]]],
    ['a stop-loss without trigger price', { ordertype: 'stop-loss', type: 'sell', pair: 'XBT/USD', volume: '1' }, [['price', /required for stop-loss/]]],
    ['an absolute trailing stop', { ordertype: 'trailing-stop', type: 'sell', pair: 'XBT/USD', price: '27000', volume: '1' }, [['price', /"\+" relative offset/]]],
    ['a "-" trailing stop', { ordertype: 'trailing-stop', type: 'sell', pair: 'XBT/USD', price: '-50', volume: '1' }, [['price', /"\+" relative offset/]]],
    [
      'an absolute trailing-stop-limit price2',
      { ordertype: 'trailing-stop-limit', type: 'sell', pair: 'XBT/USD', price: '+50', price2: '27000', volume: '1' },
      [['price2', /"\+" or "-" relative offset/]],
    ],
    ['GTD without expiretm', { ...limit, timeinforce: 'GTD' }, [['expiretm', /required \(and not 0\) when timeinforce is GTD/]]],
    ['GTD with expiretm 0', { ...limit, timeinforce: 'GTD', expiretm: 0 }, [['expiretm', /required \(and not 0\)/]]],
    ['an unknown time in force', { ...limit, timeinforce: 'FOK' }, [['timeinforce', /unknown time in force "FOK"/]]],
    ['post on a market order', { ordertype: 'market', type: 'buy', pair: 'XBT/USD', volume: '1', oflags: 'post' }, [['oflags', /"post" is only for limit orders/]]],
    ['post with IOC', { ...limit, oflags: 'post', timeinforce: 'IOC' }, [['oflags', /"post" cannot be combined with IOC/]]],
    ['fcib with fciq', { ...limit, oflags: 'fcib,fciq' }, [['oflags', /exclude each other/]]],
    ['viqc on a leveraged order', { ...limit, oflags: ['viqc'], leverage: '2' }, [['oflags', /not available for leveraged orders/]]],
    ['an unknown flag', { ...limit, oflags: 'post,hidden' }, [['oflags', /unknown flag\(s\) "hidden"/]]],
    ['a repeated flag', { ...limit, oflags: ['post', 'post'] }, [['oflags', /repeats "post"/]]],
    ['an empty flag list', { ...limit, oflags: '' }, [['oflags', /is empty/]]],
    ['a userref beyond 32 bits', { ...limit, userref: 2 ** 31 }, [['userref', /32-bit signed integer, got 2147483648/]]],
    ['a fractional userref', { ...limit, userref: 1.5 }, [['userref', /32-bit/]]],
    ['a string userref', { ...limit, userref: '42' }, [['userref', /32-bit/]]],
    ['a NaN volume', { ...limit, volume: Number.NaN }, [['volume', /finite/]]],
    ['an infinite price', { ...limit, price: Number.POSITIVE_INFINITY }, [['price', /finite/]]],
    ['an exponent in a volume string', { ...limit, volume: '1e-3' }, [['volume', /decimal string like/]]],
    ['spaces in a volume string', { ...limit, volume: ' 1' }, [['volume', /decimal string like/]]],
    ['a comma decimal', { ...limit, price: '27500,1' }, [['price', /price like/]]],
    ['volume 0 without leverage', { ...limit, volume: '0.000' }, [['volume', /must be positive/]]],
    ['volume 0 with leverage none', { ...limit, volume: 0, leverage: 'none' }, [['volume', /must be positive/]]],
    ['a negative price number', { ...limit, price: -5 }, [['price', /relative price such as "-5" must be a string/]]],
    ['a zero price', { ...limit, price: '0' }, [['price', /must be positive/]]],
    ['a percent without prefix', { ...limit, price: '5%' }, [['price', /relative price/]]],
    ['a relative price2 with #', { ordertype: 'stop-loss-limit', type: 'sell', pair: 'XBT/USD', price: '1', price2: '#5', volume: '1' }, [['price2', /relative price/]]],
    ['a misspelt field', { ...limit, prcie: '1' }, [['prcie', /not a v1 field/]]],
    ['a token in the params', { ...limit, token: 'abc' }, [['token', /set by the client/]]],
    ['cl_ord_id (not v1)', { ...limit, cl_ord_id: 'x' }, [['cl_ord_id', /not a v1 field/]]],
    ['close[price] without close[ordertype]', { ...limit, 'close[price]': '1' }, [['close[price]', /needs close\[ordertype\]/]]],
    [
      'a stop-loss-limit close without close[price2]',
      { ...limit, 'close[ordertype]': 'stop-loss-limit', 'close[price]': '1' },
      [['close[price2]', /required for a stop-loss-limit close order/]],
    ],
    ['a close order without close[price]', { ...limit, 'close[ordertype]': 'limit' }, [['close[price]', /required for a limit close order/]]],
    ['a market close order', { ...limit, 'close[ordertype]': 'market', 'close[price]': '1' }, [['close[ordertype]', /unknown close order type "market"/]]],
    ['a bad deadline', { ...limit, deadline: 'tomorrow' }, [['deadline', /RFC 3339/]]],
    ['a bad starttm', { ...limit, starttm: 'soon' }, [['starttm', /"\+<seconds>"/]]],
    ['a fractional expiretm', { ...limit, expiretm: 1.5 }, [['expiretm', /whole seconds/]]],
    ['a bad leverage', { ...limit, leverage: '5:1' }, [['leverage', /whole leverage/]]],
    ['a string boolean', { ...limit, validate: 'true' }, [['validate', /true or false/]]],
    ['null params', null, [['(params)', /must be an object/]]],
    ['an array', [limit], [['(params)', /must be an object/]]],
  ])('refuses %s, listing every problem', (_label, params, expected) => {
    const found = problems(validateAddOrder(params as AddOrderParams));
    expect(found.map((p) => p.field)).toEqual(expected.map(([field]) => field));
    expected.forEach(([, problem], i) => expect(found[i]?.problem).toMatch(problem));
  });

  it('names every problem in the error message', () => {
    const r = validateAddOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', volume: '-1', oflags: 'bogus' } as unknown as AddOrderParams);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.name).toBe('InvalidOrderError');
    expect(r.error.message).toMatch(/^Invalid addOrder parameters, nothing was sent \(3 problems\): /);
    expect(r.error.message).toContain('price: is required for limit orders');
    expect(r.error.message).toContain('volume: must not be negative');
    expect(r.error.message).toContain('oflags: unknown flag(s) "bogus"');
  });

  it('passes any valid decimal string through byte for byte', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,9}(\.\d{1,10})?$/).filter((s) => !/^0+(\.0+)?$/.test(s)), (decimal) => {
        const fields = value(validateAddOrder({ ...limit, price: decimal, volume: decimal }));
        expect(fields.price).toBe(decimal);
        expect(fields.volume).toBe(decimal);
        expect(JSON.parse(addOrderRequest(fields, TOKEN, 1))).toMatchObject({ price: decimal, volume: decimal });
      }),
    );
  });
});

describe('numberToDecimalString', () => {
  it.each([
    [0.1, '0.1'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [123.456, '123.456'],
    [1e21, '1000000000000000000000'],
    [1.2345e22, '12345000000000000000000'],
    [-2.5e-8, '-0.000000025'],
    [0, '0'],
    [-0, '0'],
  ])('%p → %p', (n, text) => {
    expect(numberToDecimalString(n)).toBe(text);
  });

  it('gives plain text that reads back as the same number, for any finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = numberToDecimalString(n);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});

describe('validateEditOrder + editOrderRequest', () => {
  it.each<[string, EditOrderParams, number, string]>([
    [
      "Kraken's documented example",
      { orderid: 'O26VH7-COEPR-YFYXLK', pair: 'XBT/USD', price: '9000', volume: '0.5', oflags: '', newuserref: 666 },
      3,
      '{"event":"editOrder","token":"<ws token>","reqid":3,"orderid":"O26VH7-COEPR-YFYXLK","pair":"XBT/USD","price":"9000","volume":"0.5","oflags":"","newuserref":"666"}',
    ],
    [
      'a userref as orderid, flags as an array, validate',
      { orderid: 42, pair: 'XBT/USD', volume: 0.25, price2: '+5', oflags: ['post'], validate: true },
      4,
      '{"event":"editOrder","token":"<ws token>","reqid":4,"orderid":"42","pair":"XBT/USD","price2":"+5","volume":"0.25","oflags":"post","validate":true}',
    ],
  ])('accepts %s and builds the exact text', (_label, params, reqid, text) => {
    expect(editOrderRequest(value(validateEditOrder(params)), TOKEN, reqid)).toBe(text);
  });

  it.each<[string, unknown, ReadonlyArray<[string, RegExp]>]>([
    ['no orderid and no volume', { pair: 'XBT/USD' }, [['orderid', /is required/], ['volume', /is required/]]],
    ['volume 0', { orderid: 'O1', pair: 'XBT/USD', volume: '0' }, [['volume', /must be positive/]]],
    ['a string newuserref', { orderid: 'O1', pair: 'XBT/USD', volume: '1', newuserref: '666' }, [['newuserref', /32-bit/]]],
    ['an empty orderid', { orderid: '', pair: 'XBT/USD', volume: '1' }, [['orderid', /txid or a userref/]]],
    ['a userref field (addOrder only)', { orderid: 'O1', pair: 'XBT/USD', volume: '1', userref: 1 }, [['userref', /not a v1 field/]]],
    ['a bad price', { orderid: 'O1', pair: 'XBT/USD', volume: '1', price: 'abc' }, [['price', /price like/]]],
  ])('refuses %s', (_label, params, expected) => {
    const found = problems(validateEditOrder(params as EditOrderParams));
    expect(found.map((p) => p.field)).toEqual(expected.map(([f]) => f));
    expected.forEach(([, problem], i) => expect(found[i]?.problem).toMatch(problem));
  });
});

describe('validateCancelOrder + cancelOrderRequest', () => {
  it("builds Kraken's documented example", () => {
    const fields = value(validateCancelOrder({ txid: ['OGTT3Y-C6I3P-XRI6HX', 'OGTT3Y-C6I3P-X2I6HX'] }));
    expect(cancelOrderRequest(fields, TOKEN, 5)).toBe('{"event":"cancelOrder","token":"<ws token>","reqid":5,"txid":["OGTT3Y-C6I3P-XRI6HX","OGTT3Y-C6I3P-X2I6HX"]}');
  });

  it('accepts one id or userrefs and sends strings', () => {
    expect(value(validateCancelOrder({ txid: 'OGTT3Y-C6I3P-XRI6HX' })).txid).toEqual(['OGTT3Y-C6I3P-XRI6HX']);
    expect(value(validateCancelOrder({ txid: [42, 'O1'] })).txid).toEqual(['42', 'O1']);
  });

  it.each([
    ['an empty list', { txid: [] }, /at least one/],
    ['an empty id', { txid: ['O1', ''] }, /txids or userrefs, got ""/],
    ['no txid', {}, /is required/],
    ['an object id', { txid: [{}] }, /txids or userrefs, got a object/],
  ])('refuses %s', (_label, params, problem) => {
    const found = problems(validateCancelOrder(params as never));
    expect(found).toHaveLength(1);
    expect(found[0]?.field).toBe('txid');
    expect(found[0]?.problem).toMatch(problem);
  });
});

describe('cancelAllRequest', () => {
  it("builds Kraken's documented example", () => {
    expect(cancelAllRequest(TOKEN, 6)).toBe('{"event":"cancelAll","token":"<ws token>","reqid":6}');
  });
});

describe('validateCancelAllOrdersAfter + cancelAllOrdersAfterRequest', () => {
  it("builds Kraken's documented example", () => {
    const fields = value(validateCancelAllOrdersAfter({ timeout: 60 }));
    expect(cancelAllOrdersAfterRequest(fields, TOKEN, 1608543428050)).toBe(
      '{"event":"cancelAllOrdersAfter","token":"<ws token>","reqid":1608543428050,"timeout":60}',
    );
  });

  it.each([0, 1, 86400])('accepts %p seconds', (timeout) => {
    expect(value(validateCancelAllOrdersAfter({ timeout })).timeout).toBe(timeout);
  });

  it.each([-1, 1.5, 86401, Number.NaN, '60'])('refuses %p', (timeout) => {
    const found = problems(validateCancelAllOrdersAfter({ timeout } as never));
    expect(found).toEqual([{ field: 'timeout', problem: expect.stringMatching(/whole seconds from 0 \(disable\) to 86400/) }]);
  });
});

describe('builders', () => {
  const fields = value(validateAddOrder(limit));

  it.each([0, -1, 1.5, Number.NaN, 2 ** 53])('refuse reqid %p', (reqid) => {
    expect(() => addOrderRequest(fields, TOKEN, reqid)).toThrow(InvalidArgumentError);
    expect(() => cancelAllRequest(TOKEN, reqid)).toThrow(InvalidArgumentError);
  });

  it('refuse an empty token', () => {
    expect(() => addOrderRequest(fields, '', 1)).toThrow(InvalidArgumentError);
  });

  it('put the token and reqid first and keep nothing but known fields', () => {
    const sneaky = { ...fields, extra: 'x' } as typeof fields;
    expect(Object.keys(JSON.parse(addOrderRequest(sneaky, 'tok-123456789', 9)) as object)).toEqual([
      'event',
      'token',
      'reqid',
      'ordertype',
      'type',
      'pair',
      'price',
      'volume',
    ]);
  });
});
