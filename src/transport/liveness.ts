import { type SchedulerLike, type Subscription } from 'rxjs';
import { ConnectionError, type KrakenError } from '../errors';
import { heartbeatTimeout } from '../operators/heartbeatTimeout';
import type { Connection } from './connection';
import { messageOf } from './socketEvents';

/**
 * Liveness policy of a connection: how long it may stay silent, and whether to probe it first.
 * @example
 * ```ts
 * let reqid = 0;
 * const liveness: Partial<LivenessConfig> = { timeoutMs: 5000, probeAfterMs: 2500, probe: () => JSON.stringify({ event: 'ping', reqid: ++reqid }) };
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface LivenessConfig {
  /**
   * Longest silence allowed, in ms, counted from the open and from every received frame. When
   * it passes, the connection fails with `HeartbeatTimeoutError` and the socket reconnects.
   * Kraken heartbeats every second while a connection has subscriptions.
   */
  readonly timeoutMs: number;
  /**
   * After this much silence (ms, less than `timeoutMs`), send `probe()` (ahead of everything queued). Only
   * used when `probe` is given. Any frame that arrives resets both clocks; if none arrives,
   * the timeout fires as usual.
   */
  readonly probeAfterMs: number;
  /**
   * Produces the text of a probe (for Kraken, a `ping` frame). Without it, a connection that
   * receives nothing (e.g. one without subscriptions, which Kraken does not heartbeat) is
   * declared dead after `timeoutMs`.
   */
  readonly probe?: (() => string) | undefined;
}

/**
 * Defaults of {@link LivenessConfig}: 5 s of silence is fatal; probe after 2.5 s of silence when a
 * `probe` is given (none by default: the transport does not know Kraken's `ping` frame).
 * @example
 * ```ts
 * createReconnectingSocket({ url, webSocketFactory, liveness: { ...DEFAULT_LIVENESS_CONFIG, probe: () => '{"event":"ping"}' } });
 * ```
 * @category Client
 * @since 0.1.0
 */
export const DEFAULT_LIVENESS_CONFIG: LivenessConfig = Object.freeze({ timeoutMs: 5_000, probeAfterMs: 2_500 });

/**
 * Watches a connection's frames: probe when quiet, fail with HeartbeatTimeoutError when silent
 * too long. Both run on every frame, so a frame only records its time: the deadline is
 * `heartbeatTimeout` (one self-re-arming timer), and the probe is one timer re-armed only when
 * a quiet spell ends after a probe was sent.
 */
export function watchLiveness(
  connection: Connection,
  liveness: LivenessConfig,
  url: string,
  scheduler: SchedulerLike,
  fail: (error: KrakenError) => void,
): Subscription {
  const { timeoutMs, probeAfterMs, probe } = liveness;
  const watch = connection.messages$.pipe(heartbeatTimeout({ each: timeoutMs, scheduler, info: { url } })).subscribe({
    error: (error: unknown) => fail(error as KrakenError),
  });
  if (probe === undefined) return watch;
  let last = scheduler.now();
  let probed = false;
  let timer: Subscription | undefined;
  const arm = (delay: number): void => {
    timer?.unsubscribe();
    timer = scheduler.schedule(check, delay);
  };
  function check(): void {
    const silence = scheduler.now() - last;
    if (silence < probeAfterMs) {
      arm(probeAfterMs - silence);
      return;
    }
    probed = true;
    try {
      connection.send(probe!(), { urgent: true });
    } catch (error) {
      fail(new ConnectionError(`The liveness probe for ${url} failed: ${messageOf(error)}.`, { url }, { cause: error }));
    }
  }
  arm(probeAfterMs);
  watch.add(
    connection.messages$.subscribe(() => {
      last = scheduler.now();
      if (probed) {
        // The probe was answered (or anything arrived): the next probe is due after a new quiet spell.
        probed = false;
        arm(probeAfterMs);
      }
    }),
  );
  watch.add(() => timer?.unsubscribe());
  return watch;
}
