import { ReplaySession } from './replaySession';

describe('ReplaySession', () => {
  it('has no position before the first subscribe; then (now - start) x speed for everyone', () => {
    const session = new ReplaySession({ speed: 2, idleRestartMs: 5000 });
    session.join(1000);
    expect(session.started).toBe(false);
    expect(session.position(1500)).toBe(0);
    session.start(2000);
    session.start(2500); // a later subscribe does not move the clock
    expect(session.started).toBe(true);
    expect(session.position(2000)).toBe(0);
    expect(session.position(2600)).toBe(1200);
    // A second connection sees the same market.
    session.join(2700);
    expect(session.connections).toBe(2);
    expect(session.position(2700)).toBe(1400);
  });

  it('keeps the clock running while nobody is connected, up to idleRestartMs', () => {
    const session = new ReplaySession({ speed: 1, idleRestartMs: 5000 });
    session.join(0);
    session.start(0);
    session.leave(1000);
    expect(session.connections).toBe(0);
    session.join(5999); // 4999 ms idle: a reconnect, not a new backtest
    expect(session.restarts).toBe(0);
    expect(session.position(6000)).toBe(6000);
  });

  it('restarts from frame 0 when a connection arrives after idleRestartMs without any', () => {
    const session = new ReplaySession({ speed: 1, idleRestartMs: 5000 });
    session.join(0);
    session.start(0);
    session.reach(700);
    session.leave(1000);
    session.join(6000);
    expect(session.restarts).toBe(1);
    expect(session.started).toBe(false);
    expect(session.position(7000)).toBe(0);
    expect(session.furthest).toBe(0);
    session.start(8000);
    expect(session.position(8500)).toBe(500);
  });

  it('does not restart while another connection is still open, and counts idleness from the last one leaving', () => {
    const session = new ReplaySession({ speed: 1, idleRestartMs: 5000 });
    session.join(0);
    session.join(0);
    session.start(0);
    session.leave(1000);
    session.join(10_000); // one connection stayed: no restart
    expect(session.restarts).toBe(0);
    session.leave(11_000);
    session.leave(12_000);
    session.join(16_000); // idle since 12 000: 4 000 ms
    expect(session.restarts).toBe(0);
    session.leave(16_500);
    session.join(21_500); // idle since 16 500: 5 000 ms
    expect(session.restarts).toBe(1);
  });

  it('never restarts with idleRestartMs Infinity; always on a new connection with 0', () => {
    const never = new ReplaySession({ speed: 1, idleRestartMs: Number.POSITIVE_INFINITY });
    never.join(0);
    never.start(0);
    never.leave(0);
    never.join(1e12);
    expect(never.restarts).toBe(0);
    const always = new ReplaySession({ speed: 1, idleRestartMs: 0 });
    always.join(0);
    always.start(0);
    always.leave(10);
    always.join(10);
    expect(always.restarts).toBe(1);
  });

  it('remembers the furthest frame index reached (maxRate joins there)', () => {
    const session = new ReplaySession({ speed: 1, idleRestartMs: 5000 });
    session.reach(10);
    session.reach(300);
    session.reach(120); // a slower connection does not move it back
    expect(session.furthest).toBe(300);
  });
});
