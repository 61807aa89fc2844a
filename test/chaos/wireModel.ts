/**
 * Reading raw Kraken v1 frames, independently of the library's decoder: what the checkers
 * need to know about a frame (which channel and pair it is for, whether it acknowledges a
 * subscription) and which channels are live on each connection.
 */
import type { TapConnection, WireListener } from './wireTap';

/** A public data frame `[channelID, payload..., channelName, pair]`. */
export interface PublicFrame {
  readonly channelName: string;
  readonly pair: string;
  readonly payload: readonly unknown[];
}

/** A private data frame `[entries, channelName, { sequence }]`. */
export interface PrivateFrame {
  readonly channelName: 'openOrders' | 'ownTrades';
  readonly entries: ReadonlyArray<Record<string, Record<string, unknown>>>;
  readonly sequence: number;
}

export function publicFrame(message: unknown): PublicFrame | undefined {
  if (!Array.isArray(message) || message.length < 4 || typeof message[0] !== 'number') return undefined;
  const channelName: unknown = message[message.length - 2];
  const pair: unknown = message[message.length - 1];
  if (typeof channelName !== 'string' || typeof pair !== 'string') return undefined;
  return { channelName, pair, payload: message.slice(1, -2) as unknown[] };
}

export function privateFrame(message: unknown): PrivateFrame | undefined {
  if (!Array.isArray(message) || message.length !== 3 || !Array.isArray(message[0])) return undefined;
  const channelName: unknown = message[1];
  const meta: unknown = message[2];
  if (channelName !== 'openOrders' && channelName !== 'ownTrades') return undefined;
  if (typeof meta !== 'object' || meta === null || typeof (meta as { sequence?: unknown }).sequence !== 'number') return undefined;
  return {
    channelName,
    entries: message[0] as ReadonlyArray<Record<string, Record<string, unknown>>>,
    sequence: (meta as { sequence: number }).sequence,
  };
}

/** `channelName|pair` (pair `''` for private channels). */
export function channelKey(channelName: string, pair: string): string {
  return `${channelName}|${pair}`;
}

/** The wire channel name of a subscribe/unsubscribe request's subscription object. */
function requestedChannelName(subscription: Record<string, unknown>): string | undefined {
  const name = subscription['name'];
  if (typeof name !== 'string') return undefined;
  if (name === 'book') return `book-${typeof subscription['depth'] === 'number' ? subscription['depth'] : 10}`;
  if (name === 'ohlc') return `ohlc-${typeof subscription['interval'] === 'number' ? subscription['interval'] : 1}`;
  return name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `subscriptionStatus` frame, reduced to what the model needs. */
export function subscriptionStatusOf(message: unknown): { status: string; key: string } | undefined {
  if (!isRecord(message) || message['event'] !== 'subscriptionStatus') return undefined;
  const status = message['status'];
  if (typeof status !== 'string') return undefined;
  const pair = typeof message['pair'] === 'string' ? message['pair'] : '';
  const channelName =
    typeof message['channelName'] === 'string'
      ? message['channelName']
      : isRecord(message['subscription'])
        ? requestedChannelName(message['subscription'])
        : undefined;
  if (channelName === undefined) return undefined;
  return { status, key: channelKey(channelName, pair) };
}

/** The channels an outgoing unsubscribe names. */
export function unsubscribedKeys(message: unknown): string[] {
  if (!isRecord(message) || message['event'] !== 'unsubscribe' || !isRecord(message['subscription'])) return [];
  const channelName = requestedChannelName(message['subscription']);
  if (channelName === undefined) return [];
  const pairs = Array.isArray(message['pair']) ? (message['pair'] as unknown[]).filter((p): p is string => typeof p === 'string') : [''];
  return pairs.map((pair) => channelKey(channelName, pair));
}

/**
 * Which channels Kraken has acknowledged on which connection. A channel becomes live on a
 * connection with its `subscriptionStatus` `subscribed`; it stops being live when the
 * connection ends or (for channels where `untilUnsubscribe` says so) when the client sends an
 * unsubscribe for it. Listeners hear about every change, in wire order.
 */
export class ChannelModel implements WireListener {
  private readonly live = new Map<number, Set<string>>();
  private readonly stopped: Array<(conn: TapConnection, key: string, why: 'ended' | 'unsubscribed') => void> = [];
  private readonly started: Array<(conn: TapConnection, key: string) => void> = [];

  constructor(private readonly untilUnsubscribe: (key: string) => boolean) {}

  onStart(listener: (conn: TapConnection, key: string) => void): void {
    this.started.push(listener);
  }

  onStop(listener: (conn: TapConnection, key: string, why: 'ended' | 'unsubscribed') => void): void {
    this.stopped.push(listener);
  }

  isLive(conn: TapConnection, key: string): boolean {
    return this.live.get(conn.id)?.has(key) ?? false;
  }

  /** Every key live on a connection. */
  liveKeys(conn: TapConnection): ReadonlySet<string> {
    return this.live.get(conn.id) ?? new Set();
  }

  beforeFrame(conn: TapConnection, _text: string, message: unknown): void {
    const status = subscriptionStatusOf(message);
    if (status?.status !== 'subscribed') return;
    let keys = this.live.get(conn.id);
    if (keys === undefined) {
      keys = new Set();
      this.live.set(conn.id, keys);
    }
    if (keys.has(status.key)) return;
    keys.add(status.key);
    for (const l of this.started) l(conn, status.key);
  }

  sent(conn: TapConnection, _text: string, message: unknown): void {
    const keys = this.live.get(conn.id);
    if (keys === undefined) return;
    for (const key of unsubscribedKeys(message)) {
      if (!this.untilUnsubscribe(key) || !keys.delete(key)) continue;
      for (const l of this.stopped) l(conn, key, 'unsubscribed');
    }
  }

  ended(conn: TapConnection): void {
    const keys = this.live.get(conn.id);
    if (keys === undefined) return;
    this.live.delete(conn.id);
    for (const key of keys) for (const l of this.stopped) l(conn, key, 'ended');
  }
}
