/**
 * `createRotationEngine`: refresh-token sessions with rotation, reuse
 * detection and a grace window for benign races (DESIGN decisions 3-7).
 * It owns refresh tokens only; access tokens are the issuer's job, and the
 * engine answers the questions their revocation modes ask. Defined in the
 * composition layer because its default store is the concrete `MemoryStore`.
 *
 * @example
 * ```ts
 * import { createRotationEngine, MemoryStore } from 'tokenwarden';
 *
 * const engine = createRotationEngine({ store: new MemoryStore(), rotationKey: process.env.ROTATION_KEY });
 * const { refreshToken, sessionId } = await engine.login({ subject: user.id, context: { userAgent } });
 * const next = await engine.refresh(refreshTokenFromCookie, { context: { userAgent } });
 * ```
 * @module
 */
import { buildEngine, resolveEngineOptions } from '../session/rotation-engine.js';
import type { RotationEngine, RotationEngineOptions } from '../session/types.js';
import { MemoryStore } from '../stores/memory/memory-store.js';

/**
 * Creates a rotation engine. Bad options throw a `TypeError` now (naming
 * the option); bad tokens later reject with an `AuthError`. Without a
 * `store`, sessions live in a new `MemoryStore` (one process only).
 *
 * @example
 * ```ts
 * const engine = createRotationEngine({ reuseGrace: '5s', onReuse: 'subject', onEvent: console.log });
 * const grant = await engine.login({ subject: 'user-1' });
 * const next = await engine.refresh(grant.refreshToken);
 * await engine.refresh(grant.refreshToken); // inside 5 s: the same `next.refreshToken`
 * ```
 */
export function createRotationEngine(options: RotationEngineOptions = {}): RotationEngine {
  return buildEngine(resolveEngineOptions(options, { defaultStore: defaultEngineStore }));
}

/**
 * The store an engine uses when its options name none: a new `MemoryStore`.
 * For a facade that resolves engine options itself.
 *
 * @example
 * ```ts
 * const resolved = resolveEngineOptions(options, { defaultStore: defaultEngineStore, names });
 * ```
 */
export function defaultEngineStore(): MemoryStore {
  return new MemoryStore();
}
