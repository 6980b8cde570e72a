/**
 * Step-up (RFC 9470): a new authentication recorded in an existing session
 * (`authTime`, `amr`, and the device it vouched for), and finding the
 * session a refresh token belongs to without rotating it, for a client
 * whose refresh answered `STEP_UP_REQUIRED`.
 * @module
 */
import { AuthError } from '../../core/errors.js';
import { nonEmptyString } from '../../core/options.js';
import { methodList } from '../amr.js';
import {
  type EngineContext,
  expiryOf,
  readTokenVersion,
  sessionRef,
  tokenStanding,
} from '../engine-context.js';
import { storeCall } from '../guards.js';
import { parseRefreshToken } from '../refresh-token/token-format.js';
import type { SessionRecord } from '../store.js';
import type { StepUpGrant, StepUpInput } from '../types.js';

/** Records a new authentication of `input.sessionId` at the engine's now. */
export async function stepUp(ctx: EngineContext, input: StepUpInput): Promise<StepUpGrant> {
  const sessionId = nonEmptyString(input?.sessionId, 'stepUp sessionId');
  const amr = methodList(input.amr, 'stepUp amr');
  const store = ctx.store;
  const setAuthentication =
    typeof store.setAuthentication === 'function' ? store.setAuthentication.bind(store) : undefined;
  if (setAuthentication === undefined) {
    throw new TypeError(
      'tokenwarden: stepUp needs a store with setAuthentication (added to the TokenStore contract with step-up; see the CHANGELOG)',
    );
  }
  const session = await storeCall(() => store.getSession(sessionId, ctx.clock()));
  if (session === null) throw new AuthError('SESSION_REVOKED');
  // Read before the write, as login and refresh do: a logout-all after it outdates this version.
  const tokenVersion = await readTokenVersion(ctx, session.subject);
  const now = ctx.clock();
  const device = input.context === undefined ? {} : { device: { ...input.context } };
  const updated = await storeCall(() =>
    setAuthentication(sessionId, { authTime: now, amr, ...device }, now),
  );
  if (updated === null) throw refusal(session, now);
  ctx.emit({
    type: 'step_up',
    subject: updated.subject,
    ...sessionRef(updated.id),
    amr,
    context: input.context,
    at: now,
  });
  return { subject: updated.subject, sessionId: updated.id, authTime: now, amr, tokenVersion };
}

// Why the atomic update refused, from the record read before it.
function refusal(session: SessionRecord, now: number): AuthError {
  if (session.status === 'revoked') return new AuthError('SESSION_REVOKED');
  if (expiryOf(session, now)) return new AuthError('REFRESH_TOKEN_EXPIRED');
  // Revoked or forgotten between the read and the update.
  return new AuthError('SESSION_REVOKED');
}

/**
 * The session whose *current* refresh token `presented` is. An older token
 * is refused without revoking: this is not a refresh, and reuse is for
 * `refresh` to judge.
 */
export async function sessionOfRefreshToken(
  ctx: EngineContext,
  presented: unknown,
): Promise<{ subject: string; sessionId: string }> {
  const parsed = parseRefreshToken(presented);
  if (!parsed) throw new AuthError('REFRESH_TOKEN_INVALID');
  const now = ctx.clock();
  const session = await storeCall(() => ctx.store.getSession(parsed.sessionId, now));
  if (!session) throw new AuthError('REFRESH_TOKEN_INVALID');
  if ((await tokenStanding(ctx, parsed, session)) !== 'current') {
    throw new AuthError('REFRESH_TOKEN_INVALID');
  }
  if (session.status === 'revoked') throw new AuthError('SESSION_REVOKED');
  if (expiryOf(session, now)) throw new AuthError('REFRESH_TOKEN_EXPIRED');
  return { subject: session.subject, sessionId: session.id };
}
