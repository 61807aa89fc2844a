import { KrakenRequestError, RequestInterruptedError, RequestTimeoutError } from './requestErrors';

describe('KrakenRequestError', () => {
  it('parses the code of a recorded refusal and names the field', () => {
    const e = new KrakenRequestError({ event: 'addOrderStatus', errorMessage: 'EGeneral:Invalid arguments:volume' });
    expect(e.name).toBe('KrakenRequestError');
    expect(e.info).toEqual({
      event: 'addOrderStatus',
      request: 'addOrder',
      errorMessage: 'EGeneral:Invalid arguments:volume',
      code: 'EGeneral:Invalid arguments',
      severity: 'error',
      category: 'General',
      detail: 'volume',
    });
    expect(e.message).toBe('addOrder was refused by Kraken: EGeneral:Invalid arguments:volume. Kraken rejected the field "volume".');
  });

  it('keeps the reqid and gives a hint for the rate limit', () => {
    const e = new KrakenRequestError({ event: 'editOrderStatus', errorMessage: 'EOrder:Rate limit exceeded', reqid: 7 });
    expect(e.info.reqid).toBe(7);
    expect(e.info.category).toBe('Order');
    expect(e.message).toMatch(/^editOrder reqid 7 was refused by Kraken: EOrder:Rate limit exceeded\. The per-pair trading rate counter is full/);
  });

  it('handles uncoded texts', () => {
    const e = new KrakenRequestError({ event: 'addOrderStatus', errorMessage: 'Reqid field must be a positive integer less than 18446744073709551616' });
    expect(e.info.severity).toBeUndefined();
    expect(e.info.category).toBeUndefined();
    expect(e.info.code).toBe('Reqid field must be a positive integer less than 18446744073709551616');
  });

  it('is JSON-safe with a frozen info', () => {
    const e = new KrakenRequestError({ event: 'cancelOrderStatus', errorMessage: 'EOrder:Unknown order', reqid: 1 });
    expect(JSON.parse(JSON.stringify(e))).toEqual({ name: 'KrakenRequestError', message: e.message, info: e.info });
    expect(Object.isFrozen(e.info)).toBe(true);
  });
});

describe('RequestTimeoutError', () => {
  it('says plainly that an unanswered addOrder may have been placed, with the userref to check', () => {
    const e = new RequestTimeoutError({ request: 'addOrder', reqid: 12, outcome: 'unknown', timeoutMs: 10000, userref: 42 });
    expect(e.message).toBe(
      'addOrder reqid 12 got no answer within 10000 ms; the order MAY have been placed, and even filled — check findOrderByUserref(42) (open) and findClosedOrdersByUserref(42) (filled, cancelled) before retrying.',
    );
    expect(e.info).toEqual({ request: 'addOrder', reqid: 12, outcome: 'unknown', timeoutMs: 10000, userref: 42 });
  });

  it('suggests a userref when the order had none', () => {
    const e = new RequestTimeoutError({ request: 'addOrder', reqid: 3, outcome: 'unknown', timeoutMs: 5000 });
    expect(e.message).toContain('check openOrders and your closed orders before retrying (give orders a userref to find them)');
  });

  it('says a request that was never sent placed nothing', () => {
    const e = new RequestTimeoutError({ request: 'addOrder', reqid: 12, outcome: 'not-sent', timeoutMs: 10000, userref: 42 });
    expect(e.message).toBe(
      'addOrder reqid 12 was not sent within 10000 ms (it was still waiting to be sent); Kraken never received it, so nothing was placed; it is safe to retry.',
    );
  });

  it.each([
    ['editOrder', { txid: ['O26VH7-COEPR-YFYXLK'] }, 'the order (O26VH7-COEPR-YFYXLK) MAY have been replaced by a new one'],
    ['cancelOrder', { txid: ['O1', 'O2'] }, 'the order(s) (O1, O2) MAY have been cancelled'],
    ['cancelAll', {}, 'open orders MAY have been cancelled'],
    ['cancelAllOrdersAfter', {}, "the dead man's switch MAY have been set or changed"],
    ['subscribe', {}, 'Kraken MAY have acted on it'],
  ])('words the consequence for %s', (request, extra, text) => {
    expect(new RequestTimeoutError({ request, reqid: 1, outcome: 'unknown', timeoutMs: 1, ...extra }).message).toContain(text);
  });
});

describe('RequestInterruptedError', () => {
  it('says a request cut off after sending may have been acted on', () => {
    const e = new RequestInterruptedError({ request: 'cancelAll', reqid: 9, outcome: 'unknown', reason: 'the connection closed (code 1006)' });
    expect(e.name).toBe('RequestInterruptedError');
    expect(e.message).toBe(
      'cancelAll reqid 9 was interrupted after it was sent and before Kraken answered (the connection closed (code 1006)); open orders MAY have been cancelled — check openOrders before retrying.',
    );
  });

  it('says a request cut off before sending did nothing', () => {
    const e = new RequestInterruptedError({ request: 'cancelOrder', reqid: 2, outcome: 'not-sent', reason: 'the client was closed', txid: ['O1'] });
    expect(e.message).toContain('was interrupted before it was sent');
    expect(e.message).toContain('nothing was cancelled; it is safe to retry');
    expect(e.info.txid).toEqual(['O1']);
    expect(Object.isFrozen(e.info.txid)).toBe(true);
  });
});
