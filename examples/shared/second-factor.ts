/**
 * The demo's second factor: alice has a TOTP (RFC 6238) secret, checked with
 * the `otpauth` library; any demo user may also step up by typing their
 * password again. This is the app's side of step-up: tokenwarden's
 * `POST /auth/step-up` route finds the session asking, this checks the proof,
 * and the library records it (`auth.stepUp`).
 */
import * as OTPAuth from 'otpauth';
import { AuthError, type VerifyStepUp } from 'tokenwarden';
import { type DemoUser, verifyPassword } from './users.js';

/** Alice's demo TOTP secret (base32), printed in the README: add it to an authenticator app. */
export const DEMO_TOTP_SECRET = 'KRXWWZLOO5QXEZDFNYQGIZLNN4QHI33U';

const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 5 * 60_000;

/** Alice's TOTP: 6 digits, 30 s, SHA-1, as every authenticator app expects. */
export function demoTotp(): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'tokenwarden demo',
    label: 'alice',
    secret: OTPAuth.Secret.fromBase32(DEMO_TOTP_SECRET),
  });
}

/**
 * The demo's `verifyStepUp`: `{ "otp": "123456" }` for a user with a TOTP
 * secret (amr `otp`), or `{ "password": "…" }` (amr `pwd`). A code is
 * accepted once (a replayed code is refused), one step of clock drift is
 * allowed, and five failures in five minutes per session answer 429.
 */
export function createVerifyStepUp(
  usersById: Map<string, DemoUser>,
  clock: () => number = Date.now,
): VerifyStepUp {
  const totp = demoTotp();
  const totpUsers = new Set(['u_alice']);
  const lastStep = new Map<string, number>();
  const failures = new Map<string, { count: number; since: number }>();
  const users = new Map([...usersById.values()].map((u) => [u.username, u]));

  const fail = (sessionId: string): null => {
    const now = clock();
    const seen = failures.get(sessionId);
    const entry = seen && now - seen.since < FAILURE_WINDOW_MS ? seen : { count: 0, since: now };
    entry.count += 1;
    failures.set(sessionId, entry);
    return null;
  };

  return async ({ subject, sessionId, body }) => {
    const now = clock();
    const seen = failures.get(sessionId);
    if (seen && seen.count >= MAX_FAILURES && now - seen.since < FAILURE_WINDOW_MS) {
      const retryAfter = Math.ceil((seen.since + FAILURE_WINDOW_MS - now) / 1000);
      throw new AuthError('RATE_LIMITED', { retryAfter });
    }
    const { otp, password } = (body ?? {}) as { otp?: unknown; password?: unknown };
    const user = usersById.get(subject);
    if (!user) return fail(sessionId);
    if (typeof otp === 'string') {
      if (!totpUsers.has(subject) || !/^\d{6}$/.test(otp)) return fail(sessionId);
      const delta = totp.validate({ token: otp, timestamp: now, window: 1 });
      if (delta === null) return fail(sessionId);
      // RFC 6238 §5.2: a code is good once; a replayed (or older) step is refused.
      const step = Math.floor(now / 1000 / totp.period) + delta;
      if (step <= (lastStep.get(subject) ?? -1)) return fail(sessionId);
      lastStep.set(subject, step);
      failures.delete(sessionId);
      return { amr: ['otp'] };
    }
    if (typeof password === 'string' && (await verifyPassword(users, user.username, password))) {
      failures.delete(sessionId);
      return { amr: ['pwd'] };
    }
    return fail(sessionId);
  };
}
