/**
 * Which refreshes raced a rotation, on the fast path. There the store reads
 * and swaps in one step, so a request that loses finds the session already
 * rotated, exactly as a replay arriving after the rotation would. The grace
 * rules tell them apart (DESIGN decision 6: requests that raced the rotation
 * itself are not counted against `maxGraceReplays`), so this process keeps
 * the refreshes it has in flight per session: when one of them rotates the
 * session, every other one then in flight started before that rotation
 * committed, and raced it. A racer rotated by another instance is not seen
 * here and counts as a replay, as one whose session read landed after the
 * rotation always has. Memory is bounded by the refreshes in flight.
 * @module
 */

/** One refresh in flight. */
export interface RaceTicket {
  readonly sessionId: string;
  /** Set when another refresh in flight rotated the session. */
  raced: boolean;
}

/** The refreshes in flight in this process, by session. */
export interface RotationRaces {
  enter(sessionId: string): RaceTicket;
  /** `winner` rotated its session: every other ticket of that session raced it. */
  rotated(winner: RaceTicket): void;
  leave(ticket: RaceTicket): void;
}

export function createRotationRaces(): RotationRaces {
  // One refresh in flight per session is the common case: its ticket alone,
  // and a Set only from the second on (this runs on every refresh).
  const inFlight = new Map<string, RaceTicket | Set<RaceTicket>>();
  return {
    enter(sessionId) {
      const ticket = { sessionId, raced: false };
      const present = inFlight.get(sessionId);
      if (present === undefined) inFlight.set(sessionId, ticket);
      else if (present instanceof Set) present.add(ticket);
      else inFlight.set(sessionId, new Set([present, ticket]));
      return ticket;
    },
    rotated(winner) {
      const present = inFlight.get(winner.sessionId);
      if (!(present instanceof Set)) return;
      for (const ticket of present) if (ticket !== winner) ticket.raced = true;
    },
    leave(ticket) {
      const present = inFlight.get(ticket.sessionId);
      if (present === ticket) inFlight.delete(ticket.sessionId);
      else if (present instanceof Set) {
        present.delete(ticket);
        if (present.size === 0) inFlight.delete(ticket.sessionId);
      }
    },
  };
}
