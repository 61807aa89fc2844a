import { Observable, Subject, firstValueFrom, of, throwError, EMPTY } from 'rxjs';
import { AuthenticationError, KrakenRestError, RestRequestError } from '../errors';
import { redactSecrets } from '../errors/redact';
import type { WebSocketsToken } from '../protocol/restMessages';
import { KrakenCredentials } from './credentials';
import { createTokenSource } from './tokenProvider';

const credentials = new KrakenCredentials({
  apiKey: 'token-spec-api-key-0123456789',
  apiSecret: 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==',
});

/** A fake REST client: each subscription is one "request", answered by hand. */
function fakeRest() {
  const requests: Array<Subject<WebSocketsToken>> = [];
  let unsubscribed = 0;
  const rest = {
    getWebSocketsToken(c: KrakenCredentials): Observable<WebSocketsToken> {
      expect(c).toBe(credentials);
      return new Observable<WebSocketsToken>((subscriber) => {
        const answer = new Subject<WebSocketsToken>();
        requests.push(answer);
        let answered = false;
        const sub = answer.subscribe({
          next: (v) => subscriber.next(v),
          complete: () => {
            answered = true;
            subscriber.complete();
          },
        });
        return () => {
          if (!answered) unsubscribed++; // an abort: torn down before Kraken answered
          sub.unsubscribe();
        };
      });
    },
  };
  const answer = (i: number, token: string) => {
    requests[i]?.next({ token, expires: 900 });
    requests[i]?.complete();
  };
  return { rest, requests, answer, unsubscribedCount: () => unsubscribed };
}

describe('createTokenSource', () => {
  it('is cold: no request until subscription', () => {
    const { rest, requests } = fakeRest();
    const tokens = createTokenSource({ credentials, rest });
    const token$ = tokens.token();
    expect(requests).toHaveLength(0);
    token$.subscribe();
    expect(requests).toHaveLength(1);
  });

  it('shares one in-flight request among many concurrent callers', () => {
    const { rest, requests, answer } = fakeRest();
    const tokens = createTokenSource({ credentials, rest });
    const got: string[] = [];
    const completed: number[] = [];
    for (let i = 0; i < 10; i++) tokens.token().subscribe({ next: (t) => got.push(t), complete: () => completed.push(i) });
    expect(requests).toHaveLength(1);
    answer(0, 'token-AAAAAAAAAAAAAAAA');
    expect(got).toEqual(Array(10).fill('token-AAAAAAAAAAAAAAAA'));
    expect(completed).toHaveLength(10);
  });

  it('makes a new request for the next call once the previous one answered', () => {
    const { rest, requests, answer } = fakeRest();
    const tokens = createTokenSource({ credentials, rest });
    const got: string[] = [];
    tokens.token().subscribe((t) => got.push(t));
    answer(0, 'token-first-111111111');
    tokens.token().subscribe((t) => got.push(t));
    expect(requests).toHaveLength(2);
    answer(1, 'token-second-22222222');
    expect(got).toEqual(['token-first-111111111', 'token-second-22222222']);
  });

  it('starts a new request for a caller that asks again from its next handler', () => {
    const { rest, requests, answer } = fakeRest();
    const tokens = createTokenSource({ credentials, rest });
    const got: string[] = [];
    tokens.token().subscribe(() => {
      // eslint-disable-next-line rxjs-x/no-nested-subscribe -- the re-entrant call is what is tested
      tokens.token().subscribe((t) => got.push(t));
    });
    answer(0, 'token-first-111111111');
    expect(requests).toHaveLength(2);
    answer(1, 'token-second-22222222');
    expect(got).toEqual(['token-second-22222222']);
  });

  it('aborts the request when every caller unsubscribes, and starts over after', () => {
    const { rest, requests, unsubscribedCount } = fakeRest();
    const tokens = createTokenSource({ credentials, rest });
    const a = tokens.token().subscribe();
    const b = tokens.token().subscribe();
    a.unsubscribe();
    expect(unsubscribedCount()).toBe(0);
    b.unsubscribe();
    expect(unsubscribedCount()).toBe(1);
    tokens.token().subscribe();
    expect(requests).toHaveLength(2);
  });

  it('registers every token as a secret', () => {
    const { rest, answer } = fakeRest();
    const tokens = createTokenSource({ credentials, rest });
    tokens.token().subscribe();
    answer(0, 'xeAQ/RCChBYNVh53sTv1yZ5H4wIbwDF20PiHtTF+4UI');
    expect(redactSecrets('token xeAQ/RCChBYNVh53sTv1yZ5H4wIbwDF20PiHtTF+4UI here')).toBe('token [redacted] here');
  });

  it('maps Kraken refusing the key to AuthenticationError (rejected) with the REST error as cause', async () => {
    const restError = new KrakenRestError({ method: 'POST', path: '/0/private/GetWebSocketsToken', errors: ['EAPI:Invalid key'], status: 200 });
    const tokens = createTokenSource({ credentials, rest: { getWebSocketsToken: () => throwError(() => restError) } });
    const error = await firstValueFrom(tokens.token()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).info).toEqual({ reason: 'rejected', errorMessage: 'EAPI:Invalid key' });
    expect((error as AuthenticationError).cause).toBe(restError);
  });

  it('passes transient REST failures through unchanged, and a later call retries', async () => {
    const transient = new RestRequestError({ method: 'POST', path: '/0/private/GetWebSocketsToken', reason: 'timeout', detail: 'timed out', timeoutMs: 10 });
    const answers: Array<Observable<WebSocketsToken>> = [throwError(() => transient), of({ token: 'token-after-retry-1', expires: 900 })];
    const tokens = createTokenSource({ credentials, rest: { getWebSocketsToken: () => answers.shift() ?? EMPTY } });
    await expect(firstValueFrom(tokens.token())).rejects.toBe(transient);
    await expect(firstValueFrom(tokens.token())).resolves.toBe('token-after-retry-1');
  });

  it('passes a non-auth Kraken error through as KrakenRestError', async () => {
    const busy = new KrakenRestError({ method: 'POST', path: '/0/private/GetWebSocketsToken', errors: ['EService:Unavailable'], status: 200 });
    const tokens = createTokenSource({ credentials, rest: { getWebSocketsToken: () => throwError(() => busy) } });
    await expect(firstValueFrom(tokens.token())).rejects.toBe(busy);
  });

  it('fails with no-credentials when given neither credentials nor provider', async () => {
    const tokens = createTokenSource({ rest: { getWebSocketsToken: () => EMPTY } });
    const error = await firstValueFrom(tokens.token()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).info.reason).toBe('no-credentials');
  });

  describe('with a tokenProvider', () => {
    const noRest = {
      getWebSocketsToken: (): Observable<WebSocketsToken> => {
        throw new Error('the REST client must not be used when a tokenProvider is given');
      },
    };

    it('uses a Promise provider instead of REST, once per request', async () => {
      let calls = 0;
      const tokens = createTokenSource({ credentials, tokenProvider: async () => `provided-token-${++calls}-xxxxxxxx`, rest: noRest });
      const [a, b] = await Promise.all([firstValueFrom(tokens.token()), firstValueFrom(tokens.token())]);
      expect([a, b]).toEqual(['provided-token-1-xxxxxxxx', 'provided-token-1-xxxxxxxx']);
      await expect(firstValueFrom(tokens.token())).resolves.toBe('provided-token-2-xxxxxxxx');
      expect(calls).toBe(2);
    });

    it('uses an Observable provider and takes its first value', async () => {
      const tokens = createTokenSource({ tokenProvider: () => of('observable-token-1', 'observable-token-2'), rest: noRest });
      await expect(firstValueFrom(tokens.token())).resolves.toBe('observable-token-1');
    });

    it.each([
      ['rejects', () => Promise.reject(new Error('backend down'))],
      ['throws', () => {
        throw new Error('backend down');
      }],
      ['completes empty', () => EMPTY],
      ['gives an empty string', () => Promise.resolve('')],
      ['gives a non-string', () => Promise.resolve(42 as unknown as string)],
    ])('fails with token-provider-failed when the provider %s', async (_label, provider) => {
      const tokens = createTokenSource({ tokenProvider: provider, rest: noRest });
      const error = await firstValueFrom(tokens.token()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).info.reason).toBe('token-provider-failed');
    });

    it('never hands out a token that was invalidated', async () => {
      const tokens = createTokenSource({ tokenProvider: async () => 'cached-stale-token-123', rest: noRest });
      const token = await firstValueFrom(tokens.token());
      tokens.invalidate(token);
      const error = await firstValueFrom(tokens.token()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).info.reason).toBe('token-rejected');
      expect((error as AuthenticationError).message).not.toContain('cached-stale-token-123');
    });
  });

  it('invalidate() detaches an in-flight request so the next call makes a new one', () => {
    const { rest, requests, answer } = fakeRest();
    const tokens = createTokenSource({ credentials, rest });
    const got: string[] = [];
    tokens.token().subscribe((t) => got.push(`early:${t}`));
    tokens.invalidate();
    tokens.token().subscribe((t) => got.push(`late:${t}`));
    expect(requests).toHaveLength(2);
    answer(1, 'token-second-22222222');
    answer(0, 'token-first-111111111');
    expect(got).toEqual(['late:token-second-22222222', 'early:token-first-111111111']);
    // The first flight finishing must not clear the second one's slot.
    tokens.token().subscribe();
    expect(requests).toHaveLength(3);
  });
});
