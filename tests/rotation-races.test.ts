/**
 * The fast path's race tracker: a refresh in flight when another one of the
 * same session rotates it raced that rotation; one that entered after it did
 * not, and sessions never mark each other.
 */
import { describe, expect, it } from 'vitest';
import { createRotationRaces } from '../src/session/rotation-races.js';

describe('rotation races', () => {
  it('a rotation marks every other refresh of its session then in flight, and no one else', () => {
    const races = createRotationRaces();
    const winner = races.enter('s1');
    const second = races.enter('s1');
    const third = races.enter('s1');
    const elsewhere = races.enter('s2');
    races.rotated(winner);
    expect([winner.raced, second.raced, third.raced, elsewhere.raced]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    for (const ticket of [winner, second, third, elsewhere]) races.leave(ticket);
  });

  it('a lone refresh races nobody, and a refresh entering after a rotation is not marked by it', () => {
    const races = createRotationRaces();
    const alone = races.enter('s1');
    races.rotated(alone);
    expect(alone.raced).toBe(false);
    races.leave(alone);
    const earlier = races.enter('s1');
    const winner = races.enter('s1');
    races.rotated(winner);
    races.leave(winner);
    races.leave(earlier);
    const later = races.enter('s1');
    const next = races.enter('s1');
    races.rotated(next);
    expect(earlier.raced).toBe(true);
    expect(later.raced).toBe(true);
    races.leave(next);
    races.leave(later);
    const fresh = races.enter('s1');
    expect(fresh.raced).toBe(false);
  });

  it('leaving in any order, twice, or after the others forgets the session', () => {
    const races = createRotationRaces();
    const a = races.enter('s1');
    const b = races.enter('s1');
    races.leave(b);
    races.leave(b);
    races.leave(a);
    races.leave(a);
    // Nothing of s1 is left: a new pair starts clean and marks only its own.
    const c = races.enter('s1');
    const d = races.enter('s1');
    races.rotated(d);
    expect([a.raced, b.raced, c.raced, d.raced]).toEqual([false, false, true, false]);
  });
});
