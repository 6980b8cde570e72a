/**
 * Record builders for the conformance suite: fresh random ids per test, so
 * stores that share one backend across tests (a Redis database) never collide.
 * Session ids have the engine's shape (the subject's tag first), so a
 * sharded store co-locates them as it would in production.
 * @module
 */
import { base64url } from 'jose';
import {
  type RotateIfCurrentInput,
  type RotateInput,
  type SessionRecord,
  subjectTag,
} from '../session/store.js';

/** Random id, unique per call. */
export function randomId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

/** A random SHA-256-sized digest in base64url, like the engine's `secretHash`. */
export function randomDigest(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}

/** A session id for `subject` in the engine's shape: its tag, then 22 random characters. */
export function sessionIdFor(subject: string): string {
  return `${subjectTag(subject)}${base64url.encode(crypto.getRandomValues(new Uint8Array(16)))}`;
}

/** An active session at generation 0, living `ttlMs` from `now`. */
export function sessionRecord(
  now: number,
  ttlMs: number,
  overrides: Partial<SessionRecord> = {},
): SessionRecord {
  const subject = overrides.subject ?? randomId('sub');
  return {
    id: sessionIdFor(subject),
    subject,
    status: 'active',
    createdAt: now,
    lastUsedAt: now,
    idleExpiresAt: now + ttlMs,
    absoluteExpiresAt: now + ttlMs,
    generation: 0,
    secretHash: randomDigest(),
    rotatedAt: null,
    graceReplays: 0,
    revokedAt: null,
    device: { userAgent: 'conformance' },
    expiresAt: now + ttlMs,
    ...overrides,
  };
}

/** The input rotating `session` from `generation` at `at`, idle expiry one second later. */
export function rotation(
  session: SessionRecord,
  at: number,
  generation = session.generation,
  secretHash = randomDigest(),
): RotateInput {
  return { sessionId: session.id, generation, secretHash, rotatedAt: at, idleExpiresAt: at + 1000 };
}

/** What `session` reads as after `input` rotated it. */
export function rotated(session: SessionRecord, input: RotateInput): SessionRecord {
  return {
    ...session,
    generation: input.generation + 1,
    secretHash: input.secretHash,
    rotatedAt: input.rotatedAt,
    lastUsedAt: input.rotatedAt,
    idleExpiresAt: input.idleExpiresAt,
    graceReplays: 0,
  };
}

/**
 * The `rotateIfCurrent` input presenting `session`'s current token at `at`
 * (its generation and digest unless overridden), idle expiry one second later.
 */
export function fastRotation(
  session: SessionRecord,
  at: number,
  overrides: Partial<RotateIfCurrentInput> = {},
): RotateIfCurrentInput {
  return { ...rotation(session, at), presentedHash: session.secretHash, ...overrides };
}
