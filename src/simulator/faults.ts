import { InvalidArgumentError } from '../errors';
import type { PublicFeeds } from './channels/publicFeeds';
import type { Market } from './market/market';
import type { TradingEngine } from './private/engine';
import type { ResponseGate } from './private/responseGate';
import type { TokenStore } from './private/tokens';
import type { SimConnection } from './server/connection';
import type { SimulatorEndpoint, SimulatorFaults } from './types';

/** What the faults act on. @internal */
export interface FaultTargets {
  connections(): Iterable<SimConnection>;
  readonly feeds: PublicFeeds;
  readonly market: Market;
  readonly gate: ResponseGate;
  readonly tokens: TokenStore;
  readonly engine: TradingEngine;
}

/**
 * Fault injection state and actions. The server asks it, at the right moments, whether to
 * refuse an upgrade ({@link takeUpgradeRefusal}), refuse a connection for capacity
 * ({@link takeCapacityRefusal}), refuse a message ({@link takeRateLimit}) or hold output
 * ({@link stalled}).
 * @internal
 */
export class Faults implements SimulatorFaults {
  private isStalled = false;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private refusal: { status: number; remaining: number } | undefined;
  private capacityRemaining = 0;
  private rateRemaining = 0;

  constructor(private readonly targets: FaultTargets) {}

  get stalled(): boolean {
    return this.isStalled;
  }

  dropAll(code?: number, reason = ''): void {
    if (code !== undefined && !isSendableCloseCode(code)) {
      throw new InvalidArgumentError('code', code, 'a close code a server may send (1000-1003, 1007-1014 or 3000-4999)');
    }
    for (const c of [...this.targets.connections()]) {
      if (code === undefined) c.terminate();
      else c.close(code, reason);
    }
  }

  stall(ms?: number): void {
    if (ms !== undefined && !(Number.isFinite(ms) && ms >= 0)) throw new InvalidArgumentError('ms', ms, 'a non-negative number of milliseconds');
    this.clearStallTimer();
    this.isStalled = true;
    if (ms !== undefined) this.stallTimer = setTimeout(() => this.resume(), ms);
  }

  resume(): void {
    this.clearStallTimer();
    if (!this.isStalled) return;
    this.isStalled = false;
    for (const c of [...this.targets.connections()]) c.flushHeld();
  }

  sendMalformed(text = '{not json'): void {
    this.sendRaw(text, 'public');
  }

  sendRaw(text: string, endpoint: SimulatorEndpoint | 'all' = 'public'): void {
    for (const c of [...this.targets.connections()]) {
      if (endpoint === 'all' || c.endpoint === endpoint) c.send(text);
    }
  }

  dropMidSnapshot(options: { readonly after?: number } = {}): void {
    const after = options.after ?? 1;
    if (!(Number.isInteger(after) && after >= 0)) throw new InvalidArgumentError('after', after, 'a non-negative integer');
    this.targets.feeds.armSnapshotCut(after);
  }

  corruptNextChecksum(pair: string): void {
    this.targets.market.require(pair);
    this.targets.feeds.corruptNextChecksum(pair);
  }

  refuseConnections(options: { readonly status: number; readonly count?: number }): void {
    const { status, count } = options;
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new InvalidArgumentError('status', status, 'an HTTP error status (400-599)');
    if (count !== undefined && !(Number.isInteger(count) && count >= 0)) throw new InvalidArgumentError('count', count, 'a non-negative integer');
    this.refusal = { status, remaining: count ?? Number.POSITIVE_INFINITY };
  }

  connectionRateLimit(options: { readonly count: number }): void {
    if (!(Number.isInteger(options.count) && options.count >= 0)) throw new InvalidArgumentError('count', options.count, 'a non-negative integer');
    this.capacityRemaining = options.count;
  }

  messageRateLimit(options: { readonly count: number }): void {
    if (!(Number.isInteger(options.count) && options.count >= 0)) throw new InvalidArgumentError('count', options.count, 'a non-negative integer');
    this.rateRemaining = options.count;
  }

  dropAfterNextOrder(): void {
    this.targets.gate.armDrop();
  }

  delayResponses(ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0 && ms <= 2_147_483_647)) throw new InvalidArgumentError('ms', ms, 'a non-negative number of milliseconds');
    this.targets.gate.delay(ms);
  }

  reorderResponses(n: number): void {
    if (!(Number.isInteger(n) && n >= 0)) throw new InvalidArgumentError('n', n, 'a non-negative integer');
    this.targets.gate.reorder(n);
  }

  expireTokens(): void {
    this.targets.tokens.expireAll();
  }

  tradingRateLimit(options: { readonly count: number }): void {
    if (!(Number.isInteger(options.count) && options.count >= 0)) throw new InvalidArgumentError('count', options.count, 'a non-negative integer');
    this.targets.engine.forcedRateLimits = options.count;
  }

  reset(): void {
    this.refusal = undefined;
    this.capacityRemaining = 0;
    this.rateRemaining = 0;
    this.targets.engine.forcedRateLimits = 0;
    this.targets.feeds.disarmSnapshotCut();
    this.targets.gate.reset();
    this.resume();
  }

  /** The HTTP status to refuse the next upgrade with, if any (consumes one). */
  takeUpgradeRefusal(): number | undefined {
    const r = this.refusal;
    if (r === undefined || r.remaining <= 0) return undefined;
    r.remaining -= 1;
    if (r.remaining <= 0) this.refusal = undefined;
    return r.status;
  }

  /** True when this new connection must be refused for capacity (consumes one). */
  takeCapacityRefusal(): boolean {
    if (this.capacityRemaining <= 0) return false;
    this.capacityRemaining -= 1;
    return true;
  }

  /** True when this inbound message must be refused for rate (consumes one). */
  takeRateLimit(): boolean {
    if (this.rateRemaining <= 0) return false;
    this.rateRemaining -= 1;
    return true;
  }

  /** Stops timers (simulator shutdown). */
  close(): void {
    this.clearStallTimer();
    this.isStalled = false;
  }

  private clearStallTimer(): void {
    if (this.stallTimer !== undefined) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }
}

function isSendableCloseCode(code: number): boolean {
  return Number.isInteger(code) && ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999));
}
