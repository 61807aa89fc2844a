/** Settings of a {@link ReplaySession}. @internal */
export interface ReplaySessionConfig {
  /** Recording ms played per wall-clock ms. */
  readonly speed: number;
  /** Restart from frame 0 when a connection arrives after this long without any (ms; `Infinity`: never). */
  readonly idleRestartMs: number;
}

/**
 * The shared market of a replay server, without sockets or timers (every method takes the
 * time): where in the recording the replay is, for every connection.
 *
 * - Paced replays: the clock starts at the first subscribe ({@link start}); the position is
 *   then `(now - startedAt) × speed` ms of the recording, the same for every connection, and it
 *   goes on while no client is connected.
 * - `maxRate` replays (no clock): each connection plays at its own pace and reports the frame
 *   index it reached ({@link reach}); a connection that starts later joins at the furthest
 *   index reached ({@link furthest}).
 * - A connection arriving ({@link join}) after no client has been connected for
 *   `idleRestartMs` restarts the session from frame 0 (clock stopped, furthest index 0), so
 *   that one backtest after another against a running server each see the whole recording.
 *
 * The replay server makes one session shared by all connections (`clock: 'shared'`), or one
 * per connection (`clock: 'per-connection'`: every connection plays the whole recording).
 * @internal
 */
export class ReplaySession {
  readonly #config: ReplaySessionConfig;
  #startedAt: number | undefined;
  #furthest = 0;
  #connections = 0;
  #idleSince: number | undefined;
  #restarts = 0;

  constructor(config: ReplaySessionConfig) {
    this.#config = config;
  }

  /** True once the clock runs (the first subscribe since the start or the last restart). */
  get started(): boolean {
    return this.#startedAt !== undefined;
  }

  /** The furthest frame index any connection of the session has reached (`maxRate`). */
  get furthest(): number {
    return this.#furthest;
  }

  /** Connections now open. */
  get connections(): number {
    return this.#connections;
  }

  /** How many times the session restarted from frame 0 after an idle period. */
  get restarts(): number {
    return this.#restarts;
  }

  /** A connection arrives at `now`; restarts the session first when it has been idle long enough. */
  join(now: number): void {
    if (this.#connections === 0 && this.#idleSince !== undefined && now - this.#idleSince >= this.#config.idleRestartMs) {
      this.#startedAt = undefined;
      this.#furthest = 0;
      this.#restarts += 1;
    }
    this.#connections += 1;
    this.#idleSince = undefined;
  }

  /** A connection ends at `now`. */
  leave(now: number): void {
    this.#connections = Math.max(0, this.#connections - 1);
    if (this.#connections === 0) this.#idleSince = now;
  }

  /** Starts the clock at `now`, unless it runs already (a subscribe). */
  start(now: number): void {
    this.#startedAt ??= now;
  }

  /** The position in the recording at `now`, in recording ms; 0 before {@link start}. */
  position(now: number): number {
    return this.#startedAt === undefined ? 0 : (now - this.#startedAt) * this.#config.speed;
  }

  /** A connection has played every frame before `index` (`maxRate`). */
  reach(index: number): void {
    if (index > this.#furthest) this.#furthest = index;
  }
}
