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
  const inFlight = new Map<string, Set<RaceTicket>>();
  return {
    enter(sessionId) {
      const ticket = { sessionId, raced: false };
      const tickets = inFlight.get(sessionId);
      if (tickets === undefined) inFlight.set(sessionId, new Set([ticket]));
      else tickets.add(ticket);
      return ticket;
    },
    rotated(winner) {
      for (const ticket of inFlight.get(winner.sessionId) ?? []) {
        if (ticket !== winner) ticket.raced = true;
      }
    },
    leave(ticket) {
      const tickets = inFlight.get(ticket.sessionId);
      if (tickets === undefined) return;
      tickets.delete(ticket);
      if (tickets.size === 0) inFlight.delete(ticket.sessionId);
    },
  };
}
