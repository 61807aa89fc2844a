import { FAULT_KINDS, generateSchedule } from './schedule';

const OPTIONS = { faults: 60, pairs: 10, heartbeatDeadlineMs: 1500, quietMs: [300, 900] as const };

describe('chaos fault schedule', () => {
  it('is the same for the same seed (a failing run replays exactly)', () => {
    expect(generateSchedule(42, OPTIONS)).toEqual(generateSchedule(42, OPTIONS));
  });

  it('differs between seeds', () => {
    const kinds = (seed: number) => generateSchedule(seed, OPTIONS).map((s) => s.kind);
    expect(kinds(1)).not.toEqual(kinds(2));
  });

  it('holds every kind of fault once in its first round, then draws by weight', () => {
    const schedule = generateSchedule(7, OPTIONS);
    expect(new Set(schedule.slice(0, FAULT_KINDS.length).map((s) => s.kind))).toEqual(new Set(FAULT_KINDS));
    expect(schedule).toHaveLength(60);
    expect(schedule.map((s) => s.index)).toEqual([...Array(60).keys()]);
    // Drops are drawn more often than a malformed frame later on.
    const later = generateSchedule(7, { ...OPTIONS, faults: 3000 }).slice(FAULT_KINDS.length);
    const count = (kind: string) => later.filter((s) => s.kind === kind).length;
    expect(count('drop')).toBeGreaterThan(count('notJson'));
  });

  it('draws short stalls below the heartbeat deadline and long ones well above it', () => {
    const schedule = generateSchedule(3, { ...OPTIONS, faults: 2000 });
    const stalls = (kind: string) => schedule.filter((s) => s.kind === kind).map((s) => s.durationMs);
    expect(stalls('stallShort').length).toBeGreaterThan(0);
    expect(stalls('stallLong').length).toBeGreaterThan(0);
    expect(Math.max(...stalls('stallShort'))).toBeLessThan(1500 * 0.5);
    expect(Math.min(...stalls('stallLong'))).toBeGreaterThan(1500 * 1.5);
  });

  it('keeps quiet times, pairs, variants and counts within their ranges', () => {
    for (const s of generateSchedule(11, { ...OPTIONS, faults: 500 })) {
      expect(s.quietMs).toBeGreaterThanOrEqual(300);
      expect(s.quietMs).toBeLessThanOrEqual(900);
      expect(s.pairIndex).toBeGreaterThanOrEqual(0);
      expect(s.pairIndex).toBeLessThan(10);
      expect([0, 1, 2, 3]).toContain(s.variant);
      expect([1, 2, 3]).toContain(s.count);
    }
  });

  it('can be restricted to some kinds', () => {
    const schedule = generateSchedule(5, { ...OPTIONS, kinds: ['drop', 'stallLong'] });
    expect(new Set(schedule.map((s) => s.kind))).toEqual(new Set(['drop', 'stallLong']));
    expect(() => generateSchedule(5, { ...OPTIONS, kinds: [] })).toThrow(RangeError);
  });
});
