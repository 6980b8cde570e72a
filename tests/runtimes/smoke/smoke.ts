/**
 * The runtime smoke suite: what every runtime of the matrix runs against the
 * packed package, through Web APIs only (`Request`, `Response`, `Headers`),
 * so one source serves Node, Bun, Deno and a workerd Worker. It reports what
 * happened as data; tests/runtimes/matrix.test.ts holds every runtime's
 * report to the same expectations.
 */
import {
  type Algorithm,
  type HmacAlgorithm,
  createAuth,
  createIssuer,
  createKeySet,
  createVerifier,
  createWebHandler,
  isAuthError,
  type JwkInput,
  type KeyInput,
} from 'tokenwarden';

/** One algorithm's key: a private JWK, or an HMAC secret. */
export type SmokeKeyInput =
  | { alg: Exclude<Algorithm, HmacAlgorithm>; jwk: JwkInput }
  | { alg: HmacAlgorithm; secret: string };

/** A key and a token the host issued with it. */
export type SmokeKey = SmokeKeyInput & {
  /** Issued by the host's Node with the same key: it must verify here too. */
  hostToken: string;
};

export interface SmokeInput {
  issuer: string;
  audience: string;
  keys: SmokeKey[];
}

/** What happened to one algorithm: a round trip, a tampered token and the host's token. */
export interface AlgorithmReport {
  roundTrip: string;
  tampered: string;
  hostToken: string;
}

export interface SmokeReport {
  algorithms: Record<string, AlgorithmReport>;
  /** `status code` of each step of the Web-handler flow. */
  flow: Record<string, string>;
}

export async function runSmoke(input: SmokeInput): Promise<SmokeReport> {
  const algorithms: Record<string, AlgorithmReport> = {};
  for (const key of input.keys) algorithms[key.alg] = await signAndVerify(input, key);
  return { algorithms, flow: await webHandlerFlow(input) };
}

async function signAndVerify(input: SmokeInput, key: SmokeKey): Promise<AlgorithmReport> {
  const keys = await createKeySet({ keys: [keyInput(key)] });
  const options = { keys, issuer: input.issuer, audience: input.audience };
  const verifier = createVerifier(options);
  const { token } = await createIssuer(options).issue({ subject: 'smoke', sessionId: 'family' });
  const roundTrip = await outcome(async () => (await verifier.verify(token)).claims.sub);
  const [header, payload, signature] = token.split('.');
  const forged = `${header}.${payload}.${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`;
  return {
    roundTrip,
    tampered: await outcome(async () => (await verifier.verify(forged)).claims.sub),
    hostToken: await outcome(async () => (await verifier.verify(key.hostToken)).claims.sub),
  };
}

function keyInput(key: SmokeKey): KeyInput {
  return 'secret' in key ? { alg: key.alg, secret: key.secret } : { alg: key.alg, jwk: key.jwk };
}

// login → refresh → replay of the rotated token (reuse: the family is
// revoked) → the successor is refused and its access token too → a second
// login → logout clears the cookie → that session's refresh is refused.
async function webHandlerFlow(input: SmokeInput): Promise<Record<string, string>> {
  const hmac = input.keys.find((key) => 'secret' in key);
  if (!hmac) throw new Error('the smoke input needs an HMAC key');
  const auth = createAuth({
    issuer: input.issuer,
    audience: input.audience,
    keys: await createKeySet({ keys: [keyInput(hmac)] }),
    reuseGrace: 0,
    accessRevocation: 'session',
  });
  const handle = createWebHandler({
    auth,
    verifyCredentials: ({ username, password }) =>
      username === 'alice' && password === 'alice-password' ? { subject: 'user-alice' } : null,
  });
  const post = async (route: string, init: { cookie?: string; json?: unknown } = {}) => {
    const headers = new Headers({ origin: input.issuer });
    if (init.cookie) headers.set('cookie', init.cookie);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    const body = init.json === undefined ? null : JSON.stringify(init.json);
    const response = await handle(
      new Request(`${input.issuer}/auth/${route}`, { method: 'POST', headers, body }),
    );
    if (!response) throw new Error(`no response for /auth/${route}`);
    return response;
  };
  const flow: Record<string, string> = {};
  const credentials = { json: { username: 'alice', password: 'alice-password' } };

  const login = await post('login', credentials);
  flow.login = await describe(login);
  const first = refreshCookie(login);
  const refreshed = await post('refresh', { cookie: first });
  flow.refresh = await describe(refreshed);
  const second = refreshCookie(refreshed);
  const { accessToken } = (await refreshed.clone().json()) as { accessToken: string };
  flow.replay = await describe(await post('refresh', { cookie: first }));
  flow.successorAfterReplay = await describe(await post('refresh', { cookie: second }));
  flow.accessAfterReplay = await outcome(async () => {
    const headers = new Headers({ authorization: `Bearer ${accessToken}` });
    return (await auth.authenticate({ method: 'GET', headers })).subject;
  });

  const again = await post('login', credentials);
  const third = refreshCookie(again);
  const logout = await post('logout', { cookie: third });
  flow.logout = `${await describe(logout)} ${clearsRefreshCookie(logout)}`;
  flow.refreshAfterLogout = await describe(await post('refresh', { cookie: third }));
  return flow;
}

function refreshCookie(response: Response): string {
  const line = response.headers.getSetCookie().find((c) => c.includes('-tw-refresh='));
  if (!line) throw new Error(`no refresh cookie in a ${response.status} response`);
  return line.split(';', 1)[0] as string;
}

function clearsRefreshCookie(response: Response): string {
  const line = response.headers.getSetCookie().find((c) => c.includes('-tw-refresh='));
  return line && /^[^=]+=;/.test(line) && /max-age=0/i.test(line) ? 'cleared' : 'not cleared';
}

// `200`, `204`, or `401 REFRESH_TOKEN_REUSED`: the status and, for errors, the code.
async function describe(response: Response): Promise<string> {
  if (response.status < 400) return String(response.status);
  const body = (await response.json()) as { error?: { code?: string } };
  return `${response.status} ${body.error?.code}`;
}

// The value, or the AuthError code, or the foreign error's name and message.
async function outcome(run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (err) {
    if (isAuthError(err)) return err.code;
    return `threw ${(err as Error).name}: ${(err as Error).message}`;
  }
}
