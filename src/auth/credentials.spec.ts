import { inspect, format } from 'node:util';
import { AuthenticationError } from '../errors';
import { redactSecrets } from '../errors/redact';
import { KrakenCredentials, isKrakenCredentials } from './credentials';
import { signKrakenRequest } from './sign';

const API_KEY = 'HbE6cr1ay3ITtLhQiBXIw0dd7ZPAtRC4n4J6wUuIBOlLLiZ7oTQBCnpX';
const API_SECRET = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';

describe('KrakenCredentials', () => {
  const credentials = new KrakenCredentials({ apiKey: API_KEY, apiSecret: API_SECRET, clock: () => 1_616_492_376_594 });

  it.each([
    ['toString()', () => credentials.toString()],
    ['template literal', () => `${String(credentials)}`],
    ['JSON.stringify', () => JSON.stringify(credentials)],
    ['JSON.stringify nested', () => JSON.stringify({ config: { credentials } })],
    ['util.inspect', () => inspect(credentials)],
    ['util.inspect deep', () => inspect({ a: { b: { credentials } } }, { depth: 10, showHidden: true })],
    ['console.log formatting', () => format('%o %O %s %j', credentials, credentials, credentials, credentials)],
    ['spread', () => JSON.stringify({ ...credentials })],
    ['Object.keys', () => Object.keys(credentials).join(',')],
  ])('%s shows neither the key nor the secret', (_label, show) => {
    const text = show();
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(API_SECRET);
    expect(text).not.toContain(API_SECRET.slice(0, 20));
  });

  it('shows [redacted] in toString, toJSON and inspect', () => {
    expect(credentials.toString()).toBe('KrakenCredentials { apiKey: [redacted], apiSecret: [redacted] }');
    expect(JSON.parse(JSON.stringify(credentials))).toEqual({ apiKey: '[redacted]', apiSecret: '[redacted]' });
    expect(inspect(credentials)).toBe('KrakenCredentials { apiKey: [redacted], apiSecret: [redacted] }');
  });

  it('registers both values as secrets', () => {
    expect(redactSecrets(`key=${API_KEY} secret=${API_SECRET}`)).toBe('key=[redacted] secret=[redacted]');
  });

  it('signs a body that starts with the nonce, with the API-Key header', async () => {
    const signed = await credentials.signRequest('/0/private/AddOrder', {
      ordertype: 'limit',
      pair: 'XBTUSD',
      price: '37500',
      type: 'buy',
      volume: '1.25',
    });
    expect(signed.headers['API-Key']).toBe(API_KEY);
    const nonce = /^nonce=(\d+)&/.exec(signed.body)?.[1];
    expect(nonce).toBeDefined();
    expect(signed.body).toBe(`nonce=${nonce}&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25`);
    const expected = await signKrakenRequest({ path: '/0/private/AddOrder', nonce: nonce as string, postData: signed.body, secret: API_SECRET });
    expect(signed.headers['API-Sign']).toBe(expected);
  });

  it('reproduces the published vector when its nonce comes from the source', async () => {
    // The vector's nonce is 1616492376594; our source gives microseconds, so feed a clock in ms / 1000.
    const creds = new KrakenCredentials({ apiKey: API_KEY, apiSecret: API_SECRET, clock: () => 1_616_492_376.594 });
    const signed = await creds.signRequest('/0/private/AddOrder', { ordertype: 'limit', pair: 'XBTUSD', price: '37500', type: 'buy', volume: '1.25' });
    expect(signed.body).toBe('nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25');
    expect(signed.headers['API-Sign']).toBe('4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==');
  });

  it('uses a strictly increasing nonce per credentials object', async () => {
    const creds = new KrakenCredentials({ apiKey: API_KEY, apiSecret: API_SECRET, clock: () => 1_700_000_000_000 });
    const bodies = await Promise.all([creds.signRequest('/p'), creds.signRequest('/p'), creds.signRequest('/p')]);
    expect(bodies.map((b) => b.body)).toEqual(['nonce=1700000000000000', 'nonce=1700000000000001', 'nonce=1700000000000002']);
  });

  it('adds the otp after the nonce, from a string or a function', async () => {
    const fixed = new KrakenCredentials({ apiKey: API_KEY, apiSecret: API_SECRET, otp: 'static-2fa-password', clock: () => 1 });
    expect((await fixed.signRequest('/p')).body).toBe('nonce=1000&otp=static-2fa-password');
    let code = 123456;
    const rolling = new KrakenCredentials({ apiKey: API_KEY, apiSecret: API_SECRET, otp: () => String(code++), clock: () => 1 });
    expect((await rolling.signRequest('/p')).body).toBe('nonce=1000&otp=123456');
    expect((await rolling.signRequest('/p')).body).toBe('nonce=1001&otp=123457');
    expect(redactSecrets('x static-2fa-password')).toBe('x [redacted]');
  });

  it.each([
    ['an empty key', { apiKey: '  ', apiSecret: API_SECRET }],
    ['a secret that is not base64', { apiKey: API_KEY, apiSecret: 'this is not base64 at all, it is a secret' }],
    ['a non-string secret', { apiKey: API_KEY, apiSecret: 42 as unknown as string }],
  ])('rejects %s with AuthenticationError, showing no secret', (_label, config) => {
    let error: unknown;
    try {
      new KrakenCredentials(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).info.reason).toBe('invalid-credentials');
    expect((error as AuthenticationError).message).not.toContain('this is not base64');
  });

  it('is recognised by isKrakenCredentials', () => {
    expect(isKrakenCredentials(credentials)).toBe(true);
    expect(isKrakenCredentials({ apiKey: API_KEY, apiSecret: API_SECRET })).toBe(false);
  });
});
