import { SequenceGapError } from '../errors';
import { checkSequence } from './sequence';

describe('checkSequence', () => {
  it.each<[string, number | undefined, number | undefined, number | undefined]>([
    ['the first snapshot', undefined, 1, 1],
    ['the next message', 1, 2, 2],
    ['a later next message', 41, 42, 42],
    ['a new subscription snapshot', 17, 1, 1],
    ['a message without sequence before any', undefined, undefined, undefined],
    ['a message without sequence after 5', 5, undefined, 5],
  ])('accepts %s', (_label, previous, sequence, remembered) => {
    const message = sequence === undefined ? { kind: 'openOrders' as const } : { kind: 'openOrders' as const, sequence };
    expect(checkSequence(previous, message)).toEqual({ ok: true, sequence: remembered });
  });

  it.each<[string, 'openOrders' | 'ownTrades', number | undefined, number, number]>([
    ['a gap', 'openOrders', 4, 10, 5],
    ['a repeat', 'ownTrades', 4, 4, 5],
    ['going back', 'openOrders', 10, 4, 11],
    ['a first message that is not the snapshot', 'ownTrades', undefined, 2, 1],
  ])('reports %s with feed, expected and received', (_label, feed, previous, received, expected) => {
    const result = checkSequence(previous, { kind: feed, sequence: received });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(SequenceGapError);
    expect(result.error.info).toEqual({ feed, expected, received });
    expect(result.error.message).toContain(`${feed} sequence ${received} arrived where ${expected} was expected`);
  });

  it('says how many messages were lost, or that one repeated', () => {
    const gap = checkSequence(4, { kind: 'openOrders', sequence: 10 });
    const repeat = checkSequence(4, { kind: 'openOrders', sequence: 3 });
    expect(!gap.ok && gap.error.message).toContain('5 message(s) were lost');
    expect(!repeat.ok && repeat.error.message).toContain('repeated or arrived out of order');
  });
});
