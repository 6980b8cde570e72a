/**
 * The key layout. A subject's session hashes, its index of session ids and its
 * token version all carry `{tag}`, the subject's tag, which is also the first
 * characters of each of its session ids: one hash slot per subject, so every
 * script (logout everywhere included) runs on one Cluster node. The denylist
 * keys are single-key and spread over every slot.
 * @module
 */
import { subjectTag } from '../../session/store.js';

/** The length of `subjectTag`'s output (8 hex characters), the prefix of every session id. */
const TAG_LENGTH = 8;

/** The keys of one store, from its prefix. */
export interface KeyLayout {
  /** `prefix{tag}:s:` — the session keys of one tag share this prefix. */
  sessionPrefix(tag: string): string;
  session(sessionId: string): string;
  subjectIndex(subject: string): string;
  tokenVersion(subject: string): string;
  /** `prefix{tag}:v:` — the token-version keys of one tag share this prefix. */
  tokenVersionPrefix(tag: string): string;
  jti(jti: string): string;
}

/** The layout for `prefix`; `{` and `}` are refused there because they would move the hash tag. */
export function keyLayout(prefix: string): KeyLayout {
  const tagged = (tag: string) => `${prefix}{${tag}}:`;
  const sessionPrefix = (tag: string) => `${tagged(tag)}s:`;
  return {
    sessionPrefix,
    session: (sessionId) => sessionPrefix(sessionTag(sessionId)) + sessionId,
    subjectIndex: (subject) => `${tagged(subjectTag(subject))}u:${subject}`,
    tokenVersion: (subject) => `${tagged(subjectTag(subject))}v:${subject}`,
    tokenVersionPrefix: (tag) => `${tagged(tag)}v:`,
    jti: (jti) => `${prefix}j:${jti}`,
  };
}

/** A session id's tag: its first characters (see `subjectTag`). */
export function sessionTag(sessionId: string): string {
  return sessionId.slice(0, TAG_LENGTH);
}
