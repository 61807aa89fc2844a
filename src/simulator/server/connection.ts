import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { SimulatorEndpoint } from '../types';

/** What a connection needs from the server around it. @internal */
export interface ConnectionEnvironment {
  readonly heartbeatIntervalMs: number;
  readonly idleCloseMs: number | false;
  /** True while the `stall` fault holds every outgoing message. */
  isStalled(): boolean;
}

const HEARTBEAT = '{"event":"heartbeat"}';

/**
 * One accepted WebSocket connection of the simulator.
 *
 * Sending goes through {@link send}, which holds messages while the server is stalled and
 * notes the time of the last outgoing message for the heartbeat rule: a heartbeat goes out
 * after `heartbeatIntervalMs` without any outgoing message, and only while the connection
 * holds at least one subscription (protocol reference 4.2). The heartbeat uses one lazy timer
 * (never reset per message: it re-arms itself for the remaining idle time when it fires early).
 * A connection without subscriptions that has been silent (inbound) for `idleCloseMs` is closed
 * (protocol reference 11.4).
 * @internal
 */
export class SimConnection {
  /** Keys of this connection's subscriptions, kept by its endpoint handler. */
  subscriptionCount = 0;
  private lastSent = performance.now();
  private heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private held: string[] = [];
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    /** The simulator's connection number (1, 2, 3...). */
    readonly id: number,
    readonly endpoint: SimulatorEndpoint,
    /** Kraken's `connectionID` (an unsigned 64-bit integer as decimal text). */
    readonly connectionID: string,
    private readonly ws: WebSocket,
    private readonly env: ConnectionEnvironment,
    /** The TCP stream under `ws` (for the mid-frame cut fault). */
    private readonly raw?: Duplex,
  ) {
    ws.on('close', () => this.finish());
    ws.on('error', () => this.finish());
    this.armIdle();
  }

  /** True once the socket closed (or is closing). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends a text frame (held while stalled). */
  send(text: string): void {
    if (this.closed) return;
    if (this.env.isStalled()) {
      this.held.push(text);
      return;
    }
    this.write(text);
  }

  /** Delivers what was held during a stall. */
  flushHeld(): void {
    const held = this.held;
    this.held = [];
    for (const t of held) this.write(t);
    this.armHeartbeat();
  }

  /** To be called when the number of subscriptions changes. */
  subscriptionsChanged(count: number): void {
    this.subscriptionCount = count;
    if (count > 0) {
      this.clearIdle();
      this.armHeartbeat();
    } else {
      this.clearHeartbeat();
      this.armIdle();
    }
  }

  /** To be called for every inbound message (restarts the idle countdown when unsubscribed). */
  noteInbound(): void {
    if (this.subscriptionCount === 0) this.armIdle();
  }

  /** Runs `listener` once when the connection ends. */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** Closes with a close frame. */
  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    this.ws.close(code, reason);
    this.finish();
  }

  /**
   * Writes the first half of `text` as one WebSocket text frame whose header announces the
   * whole of it, then ends the TCP connection: the client's socket sees a frame cut in the
   * middle, never delivered, and a close without a close frame (1006). Without access to the
   * TCP stream, it terminates instead.
   */
  cutMidFrame(text: string): void {
    if (this.closed) return;
    const raw = this.raw;
    if (raw === undefined || this.ws.readyState !== this.ws.OPEN || this.env.isStalled()) {
      this.terminate();
      return;
    }
    const payload = Buffer.from(text, 'utf8');
    const header =
      payload.length < 126
        ? Buffer.from([0x81, payload.length])
        : payload.length < 65_536
          ? Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff])
          : Buffer.concat([Buffer.from([0x81, 127]), bigEndian64(payload.length)]);
    // Nothing else may write to the socket from here: the connection is over for the server.
    this.finish();
    raw.end(Buffer.concat([header, payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)))]), () => this.ws.terminate());
  }

  /** Destroys the TCP connection without a close frame (the client sees 1006). */
  terminate(): void {
    this.ws.terminate();
    this.finish();
  }

  private write(text: string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(text);
    this.lastSent = performance.now();
  }

  private armHeartbeat(): void {
    if (this.closed || this.subscriptionCount === 0 || this.heartbeatTimer !== undefined) return;
    const wait = Math.max(1, this.env.heartbeatIntervalMs - (performance.now() - this.lastSent));
    this.heartbeatTimer = setTimeout(() => this.heartbeatDue(), wait);
  }

  private heartbeatDue(): void {
    this.heartbeatTimer = undefined;
    if (this.closed || this.subscriptionCount === 0) return;
    const idle = performance.now() - this.lastSent;
    // A few ms of slack: timers may fire slightly early.
    if (idle >= this.env.heartbeatIntervalMs - 2 && !this.env.isStalled()) this.write(HEARTBEAT);
    if (this.env.isStalled()) this.lastSent = performance.now();
    this.armHeartbeat();
  }

  private clearHeartbeat(): void {
    if (this.heartbeatTimer !== undefined) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private armIdle(): void {
    this.clearIdle();
    const ms = this.env.idleCloseMs;
    if (ms === false || this.closed) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.subscriptionCount === 0) this.close(1000, 'idle: no subscription');
    }, ms);
  }

  private clearIdle(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.held = [];
    this.clearHeartbeat();
    this.clearIdle();
    const listeners = this.closeListeners.splice(0);
    for (const l of listeners) l();
  }
}

function bigEndian64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
