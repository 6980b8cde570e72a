import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSeconds } from '../src/index.js';

describe('toSeconds', () => {
  it.each([
    [900, 900],
    ['900', 900],
    ['30s', 30],
    ['15m', 900],
    ['12h', 43_200],
    ['7d', 604_800],
    ['2w', 1_209_600],
    [0, 0],
  ] as const)('%s -> %s seconds', (input, expected) => {
    expect(toSeconds(input)).toBe(expected);
  });

  it.each([
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '',
    '15 minutes',
    '1.5h',
    '-3s',
    '9'.repeat(30),
  ])('refuses %s with a TypeError naming the option', (input) => {
    expect(() => toSeconds(input as never, 'accessTtl')).toThrow(/accessTtl/);
    expect(() => toSeconds(input as never, 'accessTtl')).toThrow(TypeError);
  });

  it('round-trips any whole number of minutes', () => {
    fc.assert(fc.property(fc.nat(1_000_000), (n) => toSeconds(`${n}m`) === n * 60));
  });
});
