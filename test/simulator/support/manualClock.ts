/** A clock the test moves by hand (ms since the epoch). */
export class ManualClock {
  constructor(public now: number) {}

  readonly read = (): number => this.now;

  advance(ms: number): void {
    this.now += ms;
  }
}

/** 2023-11-12 14:27:30 UTC: half a minute into a minute, mid-hour, mid-day. */
export const T0 = Date.UTC(2023, 10, 12, 14, 27, 30);
