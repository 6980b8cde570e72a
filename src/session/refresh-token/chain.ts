/**
 * Proving an older refresh token genuine without a record per rotated token:
 * re-derive its successors up to the session's current generation and
 * compare the last one's digest with the one the store holds. Only a token
 * the server really issued (under this rotation key) reaches the stored
 * digest, so a forged token never revokes a session. The look-back bounds
 * the work one presented token can cause.
 * @module
 */
import type { SessionRecord } from '../store.js';
import { secretMatches } from './secret-digest.js';
import type { SuccessorDeriver } from './successor.js';
import type { ParsedRefreshToken } from './token-format.js';

/**
 * What re-deriving the chain of an older token showed: `genuine` with the
 * session's current token (re-derived, so it can be handed back in the
 * grace window), `forged` (the chain does not reach the stored digest), or
 * `beyond_lookback` (too old to check within `lookback` derivations).
 */
export type ChainProof =
  | { readonly kind: 'genuine'; readonly current: ParsedRefreshToken }
  | { readonly kind: 'forged' }
  | { readonly kind: 'beyond_lookback' };

/**
 * Proves `older` (generation k < the session's g) genuine with g − k
 * derivations, or says why not. Refuses before deriving anything when
 * g − k > `lookback`.
 */
export async function proveOlderToken(
  derive: SuccessorDeriver,
  older: ParsedRefreshToken,
  session: SessionRecord,
  lookback: number,
): Promise<ChainProof> {
  const distance = session.generation - older.generation;
  if (distance > lookback) return { kind: 'beyond_lookback' };
  let token = older;
  for (let step = 0; step < distance; step += 1) token = await derive(token);
  const genuine = await secretMatches(token.secret, session.secretHash);
  return genuine ? { kind: 'genuine', current: token } : { kind: 'forged' };
}
