/**
 * The two walls around the engine: store failures become
 * `STORE_UNAVAILABLE` (fail closed), and the app's `onEvent` hook can never
 * break an auth flow.
 * @module
 */
import type { AuthEvent } from './events.js';
import { AuthError } from '../core/errors.js';

/** Runs a store call; anything it throws becomes `STORE_UNAVAILABLE` with the original as `cause`. */
export async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw new AuthError('STORE_UNAVAILABLE', { cause });
  }
}

/**
 * Delivers an event. A throwing or rejecting hook is ignored: the event is a
 * notification, and letting a logging bug fail a login or refresh (or worse,
 * abort a revocation half-way through reuse handling) would trade security
 * for observability.
 */
export function emitSafely(
  onEvent: ((event: AuthEvent) => void | Promise<void>) | undefined,
  event: AuthEvent,
): void {
  if (!onEvent) return;
  try {
    const pending = onEvent(event);
    if (pending && typeof pending.then === 'function') pending.then(undefined, ignore);
  } catch {
    // see above: the hook's failure is the app's to log, never the flow's.
  }
}

function ignore(): void {}
