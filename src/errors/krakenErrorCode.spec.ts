import { isAuthenticationErrorCode, isInvalidTokenErrorCode, parseKrakenErrorCode } from './krakenErrorCode';

describe('parseKrakenErrorCode', () => {
  it.each([
    ['EOrder:Unknown order', { code: 'EOrder:Unknown order', severity: 'error', category: 'Order', message: 'Unknown order' }],
    [
      'EGeneral:Invalid arguments:volume',
      { code: 'EGeneral:Invalid arguments', severity: 'error', category: 'General', message: 'Invalid arguments', detail: 'volume' },
    ],
    ['EGeneral:Invalid arguments', { code: 'EGeneral:Invalid arguments', severity: 'error', category: 'General', message: 'Invalid arguments' }],
    ['WGeneral:Note', { code: 'WGeneral:Note', severity: 'warning', category: 'General', message: 'Note' }],
    ['EAPI:Invalid key', { code: 'EAPI:Invalid key', severity: 'error', category: 'API', message: 'Invalid key' }],
    [
      'EService:Market in cancel_only mode',
      { code: 'EService:Market in cancel_only mode', severity: 'error', category: 'Service', message: 'Market in cancel_only mode' },
    ],
    ['Exceeded msg rate', { code: 'Exceeded msg rate', message: 'Exceeded msg rate' }],
    [
      'Reqid field must be a positive integer less than 18446744073709551616',
      { code: 'Reqid field must be a positive integer less than 18446744073709551616', message: 'Reqid field must be a positive integer less than 18446744073709551616' },
    ],
    ['', { code: '', message: '' }],
  ])('%j', (text, parsed) => {
    expect(parseKrakenErrorCode(text)).toEqual(parsed);
  });
});

describe('isAuthenticationErrorCode / isInvalidTokenErrorCode', () => {
  it.each([
    ['EAPI:Invalid key', true, false],
    ['EAPI:Invalid signature', true, false],
    ['EAPI:Invalid nonce', true, false],
    ['EGeneral:Permission denied', true, false],
    ['EAuth:Account temporary disabled', true, false],
    ['ESession:Invalid session', true, true],
    ['EAPI:Invalid token', true, true],
    ['EService:Unavailable', false, false],
    ['EAPI:Rate limit exceeded', false, false],
    ['EOrder:Insufficient funds', false, false],
  ])('%s → auth %s, token %s', (text, auth, token) => {
    expect(isAuthenticationErrorCode(text)).toBe(auth);
    expect(isInvalidTokenErrorCode(text)).toBe(token);
  });
});
