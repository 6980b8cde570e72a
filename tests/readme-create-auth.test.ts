/**
 * The README's "Quick start" for createAuth, run as written (wrapped in a
 * test, with the Request objects a server would receive).
 */
import { expect, it } from 'vitest';
import { AuthError, createAuth, createKeySet } from '../src/index.js'; // 'tokenwarden'

it('README createAuth quick start runs as written', async () => {
  // --- README createAuth: begin ---
  const auth = createAuth({
    issuer: 'https://app.example', // its origin is also the only origin allowed to refresh
    audience: 'app',
    keys: await createKeySet({
      keys: [{ alg: 'HS256', secret: crypto.getRandomValues(new Uint8Array(32)) }],
    }),
    accessClaims: async (subject) => ({ role: subject === 'alice' ? 'admin' : 'user' }),
  });

  // POST /auth/login, after your own password check:
  const session = await auth.login({ subject: 'alice' });
  // -> send session.body as JSON, and each session.cookies[i].setCookie as a Set-Cookie header

  // Any API route: verify the Bearer token.
  const me = await auth.authenticate({
    method: 'GET',
    headers: { authorization: `Bearer ${session.accessToken}` },
  });
  console.assert(me.subject === 'alice' && me.claims.role === 'admin');

  // POST /auth/refresh: the browser sends the refresh cookie back; it rotates.
  const cookie = session.cookies[0]!.setCookie.split(';')[0]!;
  const next = await auth.refresh({
    method: 'POST',
    headers: { cookie, origin: 'https://app.example' },
  });

  // Replaying the rotated cookie after the grace window revokes the session:
  // auth.refresh(...) then rejects with AuthError { code: 'REFRESH_TOKEN_REUSED' }.
  const err = await auth.authenticate({ method: 'GET', headers: {} }).catch((e: AuthError) => e);
  console.assert(err instanceof AuthError && err.code === 'TOKEN_MISSING' && err.status === 401);
  // --- README createAuth: end ---

  expect(me.claims.role).toBe('admin');
  expect(next.refreshToken).not.toBe(session.refreshToken);
  expect(next.body.tokenType).toBe('Bearer');
  expect(err).toBeInstanceOf(AuthError);
  expect((err as AuthError).code).toBe('TOKEN_MISSING');
});
