/**
 * Record builders for the conformance suite: fresh random ids per test, so
 * stores that share one backend across tests (a Redis database) never collide.
 * @module
 */
import type { FamilyRecord, RefreshTokenRecord, RotateInput } from '../session/store.js';

/** Random base64url-ish id, unique per call. */
export function randomId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

/** An active family whose current token is `currentTokenId`. */
export function familyRecord(
  now: number,
  ttlMs: number,
  overrides: Partial<FamilyRecord> = {},
): FamilyRecord {
  return {
    id: randomId('fam'),
    subject: randomId('sub'),
    status: 'active',
    createdAt: now,
    lastUsedAt: now,
    idleExpiresAt: now + ttlMs,
    absoluteExpiresAt: now + ttlMs,
    generation: 0,
    currentTokenId: randomId('tok'),
    revokedAt: null,
    device: { userAgent: 'conformance' },
    expiresAt: now + ttlMs,
    ...overrides,
  };
}

/** An active token of `family` (its current one unless `id` is overridden). */
export function tokenRecord(
  family: FamilyRecord,
  overrides: Partial<RefreshTokenRecord> = {},
): RefreshTokenRecord {
  return {
    id: family.currentTokenId,
    sessionId: family.id,
    secretHash: 'q1QGZ6xFPb9wRUl5cSVmt7M6u7eQTA9F2y6i6lFq0Vg',
    generation: family.generation,
    createdAt: family.createdAt,
    status: 'active',
    rotatedAt: null,
    successorId: null,
    graceReplays: 0,
    expiresAt: family.expiresAt,
    ...overrides,
  };
}

/** The successor record a rotation of `parent` inserts. */
export function successorRecord(
  parent: RefreshTokenRecord,
  now: number,
  id = randomId('tok'),
): RefreshTokenRecord {
  return {
    ...parent,
    id,
    generation: parent.generation + 1,
    createdAt: now,
    status: 'active',
    rotatedAt: null,
    successorId: null,
    graceReplays: 0,
  };
}

/** The input of rotating `parent` (of `family`) into `successor` at `at`, idle expiry one second later. */
export function rotation(
  family: FamilyRecord,
  parent: RefreshTokenRecord,
  successor: RefreshTokenRecord,
  at: number,
): RotateInput {
  return {
    sessionId: family.id,
    parentId: parent.id,
    successor,
    rotatedAt: at,
    idleExpiresAt: at + 1000,
  };
}
