import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/time';

/** One issued WebSocket token. @internal */
export interface TokenRecord {
  readonly token: string;
  readonly apiKey: string;
  /** Simulator clock (ms) after which the token can no longer be used for a first time. */
  readonly expiresAt: number;
  revoked: boolean;
  /** Connections on which a private subscription was established with this token. */
  readonly holders: Set<object>;
}

/**
 * The WebSocket tokens issued by `GetWebSocketsToken` (protocol reference 10.4): a token must
 * be used within its lifetime (`tokenTtlMs`, 15 minutes by default); once a private
 * subscription is established with it, it stays valid as long as that connection lives, even
 * past its lifetime. The `expireTokens` fault revokes every token issued so far.
 *
 * Tokens are 32 random bytes in base64 without padding (43 characters with `/` and `+`, the
 * shape of Kraken's tokens), from the crypto RNG: they are secrets even in a simulator.
 * @internal
 */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  /** Every token ever issued, oldest first (never pruned: tests check that none leaked). */
  readonly issued: string[] = [];

  constructor(
    private readonly clock: Clock,
    readonly ttlMs: number,
  ) {}

  /** Issues a token for `apiKey`. */
  issue(apiKey: string): TokenRecord {
    this.prune();
    let token: string;
    do token = randomBytes(32).toString('base64').replace(/=+$/, '');
    while (this.tokens.has(token));
    const record: TokenRecord = { token, apiKey, expiresAt: this.clock() + this.ttlMs, revoked: false, holders: new Set() };
    this.tokens.set(token, record);
    this.issued.push(token);
    return record;
  }

  /** The record of a token that may be used now, or `undefined` (unknown, expired or revoked). */
  check(token: unknown): TokenRecord | undefined {
    if (typeof token !== 'string') return undefined;
    const r = this.tokens.get(token);
    if (r === undefined || r.revoked) return undefined;
    if (r.holders.size > 0 || this.clock() < r.expiresAt) return r;
    return undefined;
  }

  /** A private subscription was established with `record` on `holder`: it stays valid while the holder lives. */
  bind(record: TokenRecord, holder: object): void {
    record.holders.add(holder);
  }

  /** `holder` (a connection) ended. */
  release(holder: object): void {
    for (const r of this.tokens.values()) r.holders.delete(holder);
  }

  /** Revokes every token issued so far (the `expireTokens` fault). */
  expireAll(): void {
    for (const r of this.tokens.values()) r.revoked = true;
  }

  /** Number of tokens that could be used now. */
  get validCount(): number {
    let n = 0;
    for (const r of this.tokens.values()) if (this.check(r.token) !== undefined) n++;
    return n;
  }

  /** Forgets tokens that can never become valid again. */
  private prune(): void {
    const now = this.clock();
    for (const [k, r] of this.tokens) if (r.revoked || (r.holders.size === 0 && now >= r.expiresAt)) this.tokens.delete(k);
  }
}
