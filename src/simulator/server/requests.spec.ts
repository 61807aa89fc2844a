import { ERROR_TEXT, readEnvelope, validateSubscription } from './requests';

const known = (p: string): boolean => p === 'XBT/USD' || p === 'ETH/USD';

describe('readEnvelope', () => {
  it('accepts an object with a string event and a valid reqid', () => {
    expect(readEnvelope({ event: 'ping', reqid: 0 })).toEqual({ ok: true, request: { event: 'ping', reqid: 0 }, event: 'ping', reqid: 0 });
    expect(readEnvelope({ event: 'ping' })).toMatchObject({ ok: true, reqid: undefined });
  });

  it.each([[[1, 2]], [null], ['ping'], [{ event: 3 }], [{}]])('refuses %j as Malformed request', (m) => {
    expect(readEnvelope(m)).toMatchObject({ ok: false, errorMessage: ERROR_TEXT.malformed });
  });

  it.each([[-1], [1.5], ['7'], [2 ** 64]])('refuses reqid %j', (reqid) => {
    expect(readEnvelope({ event: 'ping', reqid })).toEqual({ ok: false, errorMessage: ERROR_TEXT.reqid, reqid: undefined });
  });
});

describe('validateSubscription (order of protocol reference 13)', () => {
  const v = (request: Record<string, unknown>, endpoint: 'public' | 'private' = 'public') => validateSubscription(request, endpoint, known);

  it('checks the subscription object before anything else', () => {
    expect(v({ pair: 'XBT/USD' })).toMatchObject({ type: 'error', errorMessage: ERROR_TEXT.malformed });
    expect(v({ pair: ['XBT/USD'], subscription: 'book' })).toMatchObject({ type: 'error', errorMessage: ERROR_TEXT.subscriptionNotObject, pairs: ['XBT/USD'] });
  });

  it('checks the endpoint before the name and the pair field', () => {
    expect(v({ pair: 'oops', subscription: { name: 'ownTrades' } })).toMatchObject({ errorMessage: ERROR_TEXT.privateOnPublic });
    expect(v({ pair: 'oops', subscription: { name: 'book', depth: 3 } }, 'private')).toMatchObject({ errorMessage: ERROR_TEXT.publicOnPrivate });
    expect(v({ subscription: { name: 'openOrders', token: 't' } }, 'private')).toEqual({ type: 'private', name: 'openOrders', subscription: { name: 'openOrders', token: 't' } });
  });

  it('then the name, then the pair field', () => {
    expect(v({ pair: 'XBT/USD', subscription: { name: 'nope' } })).toMatchObject({ errorMessage: ERROR_TEXT.nameInvalid });
    expect(v({ pair: 'XBT/USD', subscription: { name: '*' } })).toMatchObject({ errorMessage: ERROR_TEXT.nameInvalid });
    expect(v({ pair: 'XBT/USD', subscription: { name: 'book', depth: 3 } })).toMatchObject({ errorMessage: ERROR_TEXT.pairNotArray });
    expect(v({ subscription: { name: 'ticker' } })).toMatchObject({ errorMessage: ERROR_TEXT.pairNotArray });
    expect(v({ pair: [], subscription: { name: 'ticker' } })).toMatchObject({ errorMessage: ERROR_TEXT.pairsNotFound });
  });

  it('then each pair, then depth or interval, per pair', () => {
    const r = v({ pair: ['XBT/USD', 'foobar', 'DOT/USD', 7], subscription: { name: 'book', depth: 42 } });
    expect(r).toMatchObject({
      type: 'public',
      outcomes: [
        { ok: false, pair: 'XBT/USD', errorMessage: ERROR_TEXT.depthUnsupported },
        { ok: false, pair: 'foobar', errorMessage: 'Currency pair not in ISO 4217-A3 format foobar' },
        { ok: false, pair: 'DOT/USD', errorMessage: 'Currency pair not supported DOT/USD' },
        { ok: false, pair: '7', errorMessage: 'Currency pair not in ISO 4217-A3 format 7' },
      ],
    });
    expect(v({ pair: ['XBT/USD'], subscription: { name: 'book', depth: '10' } })).toMatchObject({ outcomes: [{ errorMessage: ERROR_TEXT.depthNotInteger }] });
    expect(v({ pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: 2 } })).toMatchObject({ outcomes: [{ errorMessage: ERROR_TEXT.intervalUnsupported }] });
    expect(v({ pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: 1.5 } })).toMatchObject({ outcomes: [{ errorMessage: ERROR_TEXT.intervalNotInteger }] });
  });

  it('fills in default depth and interval and builds channel names', () => {
    expect(v({ pair: ['ETH/USD'], subscription: { name: 'book' } })).toMatchObject({
      outcomes: [{ ok: true, pair: 'ETH/USD', channel: { name: 'book', param: 10, channelName: 'book-10', echo: { depth: 10, name: 'book' } } }],
    });
    expect(v({ pair: ['ETH/USD'], subscription: { name: 'ohlc', interval: 21600 } })).toMatchObject({
      outcomes: [{ ok: true, channel: { param: 21600, channelName: 'ohlc-21600', echo: { interval: 21600, name: 'ohlc' } } }],
    });
    expect(v({ pair: ['ETH/USD'], subscription: { name: 'trade' } })).toMatchObject({ outcomes: [{ ok: true, channel: { channelName: 'trade', param: 0 } }] });
  });
});
