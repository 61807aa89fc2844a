import WebSocket from 'ws';

/** A parsed server message (object or array). */
export type Message = unknown;

/**
 * A small WebSocket test client for the simulator: records every frame, lets a test wait for
 * (and consume) the first message matching a predicate, and closes cleanly.
 */
export class TestClient {
  /** Every text frame, in arrival order. */
  readonly raw: string[] = [];
  /** Every frame parsed (undefined for non-JSON frames). */
  readonly messages: Message[] = [];
  private readonly consumed = new Set<number>();
  private readonly waiters = new Set<() => void>();
  private closeInfo: { code: number; reason: string } | undefined;
  private readonly closedPromise: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    this.closedPromise = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        this.wake();
      });
    });
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      this.raw.push(text);
      let parsed: Message;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      this.messages.push(parsed);
      this.wake();
    });
  }

  /** Opens a connection; resolves once open. */
  static connect(url: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new TestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  /** Resolves with the close code and reason once the socket closed. */
  get closed(): Promise<{ code: number; reason: string }> {
    return this.closedPromise;
  }

  get isClosed(): boolean {
    return this.closeInfo !== undefined;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /**
   * Waits for the first not yet consumed message matching `predicate`, consumes and returns it.
   * Rejects after `timeoutMs` or when the socket closes first.
   */
  take<T = Message>(predicate: (m: Message, raw: string) => boolean, timeoutMs = 5000, what = 'a matching message'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Each waiter scans every frame once: from the first unconsumed one, then only new ones.
      let scanned = this.firstUnconsumed();
      const check = (): boolean => {
        for (; scanned < this.messages.length; scanned++) {
          const i = scanned;
          if (this.consumed.has(i)) continue;
          if (predicate(this.messages[i], this.raw[i] as string)) {
            this.consumed.add(i);
            done();
            resolve(this.messages[i] as T);
            return true;
          }
        }
        if (this.closeInfo !== undefined) {
          done();
          reject(new Error(`socket closed (${this.closeInfo.code}) before ${what} arrived`));
          return true;
        }
        return false;
      };
      const waiter = (): void => {
        check();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${this.raw.length} frames, last: ${this.raw.slice(-3).join(' | ')}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (!check()) this.waiters.add(waiter);
    });
  }

  private lowWater = 0;

  /** Index of the first frame not consumed yet. */
  private firstUnconsumed(): number {
    while (this.lowWater < this.messages.length && this.consumed.has(this.lowWater)) this.lowWater++;
    return this.lowWater;
  }

  /** Waits for an object message with `event === name` (and optional extra match). */
  event<T = Record<string, unknown>>(name: string, match: (m: Record<string, unknown>) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    return this.take<T>((m) => isObject(m) && m['event'] === name && match(m), timeoutMs, `event ${name}`);
  }

  /** Sends a ping with `reqid` and waits for its pong (a barrier: every earlier frame has arrived). */
  async sync(reqid: number): Promise<void> {
    this.send({ event: 'ping', reqid });
    await this.event('pong', (m) => m['reqid'] === reqid);
  }

  /** Channel messages (arrays) received so far for `channelName` and `pair`. */
  channel(channelName: string, pair?: string): unknown[][] {
    return this.messages.filter(
      (m): m is unknown[] => Array.isArray(m) && m[m.length - 2] === channelName && (pair === undefined || m[m.length - 1] === pair),
    );
  }

  /** Closes and waits for the close to complete. */
  async close(): Promise<void> {
    if (this.closeInfo === undefined) {
      if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
      await this.closedPromise;
    }
  }

  /** Closes without a handshake. */
  terminate(): void {
    this.ws.terminate();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

export function isObject(m: unknown): m is Record<string, unknown> {
  return typeof m === 'object' && m !== null && !Array.isArray(m);
}

/** Waits `ms` real milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 10 ms until true or `timeoutMs` passes. */
export async function until(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}
