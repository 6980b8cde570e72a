/**
 * The token layer's public types. The layer owns access tokens end to end:
 * key sets (keys imported once, each bound to one algorithm, and their JWKS),
 * the issuer, the verifier with its strict JWS parser and optional
 * verified-token cache, and the Web Crypto and `node:crypto` signature
 * backends. It imports nothing but `core`.
 *
 * Implementation files import their types from here, never from the public
 * faces (`keys.ts`, `issuer.ts`, `verifier.ts`), so the imports only point down.
 *
 * @example
 * ```ts
 * import type { IssuerOptions, KeySet, VerifierOptions } from './types.js';
 * ```
 * @module
 */
import type { Clock } from '../core/clock.js';
import type { Duration } from '../core/duration.js';

/**
 * A JWS `alg` tokenwarden signs and verifies with (RFC 7518 §3.1, RFC 8037 §3.1).
 * `none` is not one of them, in any casing.
 *
 * @example
 * ```ts
 * const algorithms: Algorithm[] = ['EdDSA', 'ES256'];
 * ```
 */
export type Algorithm =
  | 'EdDSA'
  /** RFC 9864 §2.2: EdDSA with Ed25519, fully specified; a key bound to either name verifies both. */
  | 'Ed25519'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'HS256'
  | 'HS384'
  | 'HS512';

/**
 * An HMAC algorithm: the only ones that take a `secret`.
 *
 * @example
 * ```ts
 * const alg: HmacAlgorithm = 'HS256';
 * ```
 */
export type HmacAlgorithm = 'HS256' | 'HS384' | 'HS512';

/**
 * A JSON Web Key as accepted in configuration (public or private).
 *
 * @example
 * ```ts
 * const jwk: JwkInput = await exportJWK(privateKey); // from jose
 * ```
 */
export type JwkInput = Record<string, unknown>;

/**
 * One key of a key set: a JWK, a PEM (SPKI or PKCS#8) or an HMAC secret, bound to `alg`.
 * `kid` defaults to the key's RFC 7638 thumbprint (or the JWK's own `kid`).
 *
 * @example
 * ```ts
 * const inputs: KeyInput[] = [
 *   { alg: 'EdDSA', jwk: privateJwk },
 *   { alg: 'RS256', pem: publicPem, kid: '2024-01' },
 *   { alg: 'HS256', secret: process.env.JWT_SECRET! }, // >= 32 bytes
 * ];
 * ```
 */
export type KeyInput =
  | { alg: Algorithm; jwk: JwkInput; kid?: string }
  | { alg: Exclude<Algorithm, HmacAlgorithm>; pem: string; kid?: string }
  | { alg: HmacAlgorithm; secret: string | Uint8Array; kid?: string };

/**
 * Options of `createKeySet` for several keys (a single key may be passed as is).
 *
 * @example
 * ```ts
 * const options: KeySetOptions = { keys: [newKey, oldPublicKey], signingKid: 'new' };
 * ```
 */
export interface KeySetOptions {
  /** The keys, newest first is a good habit: the first key that can sign signs by default. */
  keys: readonly KeyInput[];
  /** The `kid` of the signing key. Default: the first key that holds a private key or secret. */
  signingKid?: string;
}

/** The public members of an asymmetric JWK (RFC 7518 §6.2.1, §6.3.1; RFC 8037 §2). */
export type PublicKeyMembers =
  | { kty: 'RSA'; n: string; e: string }
  | { kty: 'EC'; crv: string; x: string; y: string }
  | { kty: 'OKP'; crv: string; x: string };

/**
 * A public JWK as published in a JWKS: key members plus `kid`, `alg` and `use`.
 *
 * @example
 * ```ts
 * const [first]: PublicJwk[] = keys.jwks().keys;
 * ```
 */
export type PublicJwk = PublicKeyMembers & { kid: string; alg: Algorithm; use: 'sig' };

/**
 * A JSON Web Key Set of public keys only (RFC 7517 §5).
 *
 * @example
 * ```ts
 * app.get('/.well-known/jwks.json', (_req, res) => res.json(keys.jwks()));
 * ```
 */
export interface PublicJwks {
  keys: PublicJwk[];
}

/**
 * A set of keys bound to algorithms: one signs, all of them verify.
 *
 * @example
 * ```ts
 * const keys = await createKeySet({ alg: 'ES256', pem: privatePem });
 * keys.signingKid; // the thumbprint of the key
 * keys.jwks();     // { keys: [{ kty: 'EC', crv: 'P-256', x, y, kid, alg: 'ES256', use: 'sig' }] }
 * ```
 */
export interface KeySet {
  /** The `kid` of the signing key, or `undefined` for a verify-only set. */
  readonly signingKid: string | undefined;
  /** Every `kid`, in configuration order. */
  readonly kids: readonly string[];
  /** The distinct algorithms of the keys, in configuration order. */
  readonly algorithms: readonly Algorithm[];
  /** The public keys as a JWKS (`kid`, `alg`, `use: "sig"`); HMAC keys are never listed. */
  jwks(): PublicJwks;
}

/**
 * Options of `createRemoteKeySet`. Durations are seconds or strings such as
 * `"30s"`, `"10m"`; names follow jose's `createRemoteJWKSet` where the
 * behaviour is the same.
 *
 * @example
 * ```ts
 * const options: RemoteKeySetOptions = {
 *   jwksUri: 'https://auth.example/.well-known/jwks.json',
 *   algorithms: ['ES256'],
 *   cooldown: '30s',
 * };
 * ```
 */
export interface RemoteKeySetOptions {
  /** The issuer's JWKS URL (`https:`, or `http:` for a local or internal issuer). */
  jwksUri: string | URL;
  /**
   * The algorithms keys may be bound to: a JWK's own `alg` must be one of
   * them, and a JWK without `alg` is bound to each listed algorithm its key
   * type fits. Asymmetric only. Default: every asymmetric algorithm
   * (`EdDSA`, `Ed25519`, `ES256`…`ES512`, `PS256`…`PS512`, `RS256`…`RS512`).
   */
  algorithms?: readonly Exclude<Algorithm, HmacAlgorithm>[];
  /** The longest a fetch may take, body included, before it is abandoned. Default `"5s"`. */
  timeout?: Duration;
  /**
   * The least time between two fetches, whatever asks for them (unknown
   * `kid`s, a stale cache, failures). Default `"30s"`.
   */
  cooldown?: Duration;
  /** How long keys stay fresh when the response has no `Cache-Control: max-age`. Default `"10m"`. */
  cacheMaxAge?: Duration;
  /** The least freshness a `Cache-Control` header can ask for (`no-store` counts as 0). Default `"30s"`. */
  minCacheAge?: Duration;
  /** The most freshness a `Cache-Control` header can ask for. Default `"1d"`. */
  maxCacheAge?: Duration;
  /** Extra request headers (an API key, a `User-Agent`). */
  headers?: Record<string, string>;
  /** The `fetch` to use. Default the global `fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Injected clock (ms since epoch), for freshness and cooldown. Default `Date.now`. */
  clock?: Clock;
}

/**
 * A key set whose keys are fetched from a JWKS URL: accepted by
 * `createVerifier` (and anything taking a verify-only key set) like a local
 * one. It never signs.
 *
 * @example
 * ```ts
 * const keys: RemoteKeySet = createRemoteKeySet({ jwksUri: 'https://auth.example/.well-known/jwks.json' });
 * await keys.reload(); // optional: fetch at start-up rather than on the first token
 * ```
 */
export interface RemoteKeySet extends KeySet {
  /** Always `undefined`: a remote set holds public keys only. */
  readonly signingKid: undefined;
  /** The allow-list the keys are bound within. */
  readonly algorithms: readonly Algorithm[];
  /**
   * Fetches now (or joins the fetch in flight). Rejects with an `AuthError`
   * `KEYS_UNAVAILABLE` (the cause attached) when the fetch fails; the last
   * good keys are kept.
   */
  reload(): Promise<void>;
  /** True while the keys held are within their freshness. */
  readonly fresh: boolean;
  /** True while the cooldown after the last fetch runs: no fetch starts before it ends. */
  readonly coolingDown: boolean;
}

/**
 * Options of `createIssuer`.
 *
 * @example
 * ```ts
 * const options: IssuerOptions = { keys, issuer: 'https://auth.example', audience: 'api', ttl: '15m' };
 * ```
 */
export interface IssuerOptions {
  /** The key set; its signing key signs. */
  keys: KeySet;
  /** The `iss` claim, usually your auth server's URL. */
  issuer: string;
  /** The `aud` claim: the API(s) the token is for. */
  audience: string | readonly string[];
  /** Access-token lifetime. Default `"15m"`. */
  ttl?: Duration;
  /** Injected clock (ms since epoch). Default `Date.now`. */
  clock?: Clock;
}

/**
 * What to put in a token.
 *
 * @example
 * ```ts
 * const input: IssueInput = { subject: user.id, sessionId: family.id, claims: { role: user.role } };
 * ```
 */
export interface IssueInput {
  /** The `sub` claim: the user id. */
  subject: string;
  /** The `sid` claim: the session (refresh-token family) id. */
  sessionId: string;
  /** Extra claims (role, …). JSON values only; registered names are refused. */
  claims?: Record<string, unknown>;
  /**
   * The `ver` claim: the subject's token version when the token is issued (a
   * whole number >= 0; see `accessRevocation: 'version'`). Left out when undefined.
   */
  tokenVersion?: number;
  /**
   * The `auth_time` claim (epoch seconds, RFC 9470 §4): when the user last
   * really authenticated (login or step-up), not when this token was issued.
   * Left out when undefined.
   */
  authTime?: number;
  /** The `amr` claim (RFC 8176 method names, e.g. `["pwd"]`, `["otp"]`). Left out when undefined. */
  amr?: readonly string[];
}

/**
 * A freshly signed access token.
 *
 * @example
 * ```ts
 * const { token, expiresIn }: IssuedToken = await issuer.issue({ subject, sessionId });
 * res.json({ accessToken: token, tokenType: 'Bearer', expiresIn });
 * ```
 */
export interface IssuedToken {
  /** The compact JWS. */
  token: string;
  /** Its `jti`. */
  jti: string;
  /** Its `exp`, epoch seconds. */
  expiresAt: number;
  /** Seconds until `exp`, as OAuth's `expires_in` (RFC 6749 §5.1). */
  expiresIn: number;
}

/**
 * Issues access tokens.
 *
 * @example
 * ```ts
 * const issuer: Issuer = createIssuer({ keys, issuer: 'https://auth.example', audience: 'api' });
 * ```
 */
export interface Issuer {
  /** Signs a new access token. Throws a `TypeError` for bad input (a programming error). */
  issue(input: IssueInput): Promise<IssuedToken>;
}

/**
 * The registered claims every access token carries (RFC 9068 §2.2, plus `sid`).
 *
 * @example
 * ```ts
 * const { claims } = await verifier.verify(token);
 * const { sub, sid, exp }: AccessClaims = claims;
 * ```
 */
export interface AccessClaims {
  /** Issuer (RFC 7519 §4.1.1). */
  iss: string;
  /** Audience: one or several (RFC 7519 §4.1.3). */
  aud: string | string[];
  /** Subject: the user id (RFC 7519 §4.1.2). */
  sub: string;
  /** Issued at, epoch seconds (RFC 7519 §4.1.6). */
  iat: number;
  /** Expiry, epoch seconds (RFC 7519 §4.1.4). */
  exp: number;
  /** Unique token id (RFC 7519 §4.1.7). May be absent under the `rfc9068` and `jwt` profiles. */
  jti: string;
  /** Session (refresh-token family) id. May be absent under the `rfc9068` and `jwt` profiles. */
  sid: string;
  /**
   * The subject's token version when the token was issued (set by
   * `createAuth`); `accessRevocation: 'version'` refuses a token whose `ver`
   * is not the subject's current version.
   */
  ver?: number;
  /**
   * When the user last really authenticated (login or `stepUp`), epoch
   * seconds (RFC 9470 §4): kept, not reset, by refreshes. Read by the
   * `maxAge` requirement of `authenticate`/`requireAuth`.
   */
  auth_time?: number;
  /** How the user authenticated then (RFC 8176 values: `pwd`, `otp`, …); read by the `amr` requirement. */
  amr?: string[];
  /** Not before, epoch seconds, when present (RFC 7519 §4.1.5). */
  nbf?: number;
}

/**
 * The claims of a verified access token (alias of {@link AccessClaims}).
 *
 * @example
 * ```ts
 * function audit(claims: Claims) {
 *   log.info({ sub: claims.sub, sid: claims.sid, jti: claims.jti });
 * }
 * ```
 */
export type Claims = AccessClaims;

/**
 * Options of `createVerifierCache`.
 *
 * @example
 * ```ts
 * const options: VerifierCacheOptions = { maxEntries: 10_000 };
 * ```
 */
export interface VerifierCacheOptions {
  /** Most entries kept; the least recently used one is evicted first. A whole number >= 1. */
  maxEntries: number;
}

/**
 * A verified-token cache, made by `createVerifierCache` and given to
 * exactly one verifier as its `cache` option.
 *
 * @example
 * ```ts
 * const cache: VerifierCache = createVerifierCache({ maxEntries: 10_000 });
 * metrics.gauge('tokens.cached', cache.size);
 * ```
 */
export interface VerifierCache {
  /** The bound it was created with. */
  readonly maxEntries: number;
  /** Tokens held now. */
  readonly size: number;
}

/**
 * Which registered claims a verifier requires, on top of `requiredClaims`:
 *
 * - `"tokenwarden"` (default): this library's access tokens: `iss`, `aud`,
 *   `sub`, `iat`, `exp`, `jti`, `sid`; `typ` `at+jwt`.
 * - `"rfc9068"`: JWT access tokens from any OAuth 2.0 server (RFC 9068):
 *   `iss`, `aud`, `sub`, `iat`, `exp`; `typ` `at+jwt`. `jti` and `sid` are
 *   not required (many servers leave them out), nor is `client_id`.
 * - `"jwt"`: any signed JWT (RFC 7519, all claims optional): only `exp`, plus
 *   `iss` and `aud` when `issuer` and `audience` are set; `typ` not checked.
 *
 * Every profile checks the signature, the algorithm allow-list, the key
 * binding, `crit`, and `exp`/`nbf`/`iat` when present in the same way.
 *
 * @example
 * ```ts
 * const profile: VerifierProfile = 'rfc9068';
 * ```
 */
export type VerifierProfile = 'tokenwarden' | 'rfc9068' | 'jwt';

/**
 * Options of `createVerifier`.
 *
 * @example
 * ```ts
 * const options: VerifierOptions = {
 *   keys,
 *   issuer: 'https://auth.example',
 *   audience: 'api',
 *   clockTolerance: '5s',
 *   requiredClaims: ['role'],
 * };
 * ```
 */
export interface VerifierOptions {
  /**
   * The keys tokens may be signed with; the header's `kid` picks one. A key
   * set from `createKeySet`, or from `createRemoteKeySet` for tokens issued
   * elsewhere (keys fetched from the issuer's JWKS and refreshed as it rotates).
   */
  keys: KeySet;
  /**
   * What a token must carry (see {@link VerifierProfile}). Default
   * `"tokenwarden"`: this library's own access tokens, as strict as ever.
   */
  profile?: VerifierProfile;
  /**
   * Accepted `iss` value(s). Required, except under `profile: "jwt"`, where a
   * token's `iss` is then only checked (and required) when this is set.
   */
  issuer?: string | readonly string[];
  /**
   * This service's audience value(s); the token's `aud` must name one.
   * Required, except under `profile: "jwt"` (as for `issuer`).
   */
  audience?: string | readonly string[];
  /**
   * Accepted algorithms. Default: the algorithms of `keys` (a remote set's
   * allow-list). Each must be held by a key (or be in the remote allow-list).
   * `EdDSA` and `Ed25519` (RFC 9864) name the same scheme: either allows both.
   */
  algorithms?: readonly Algorithm[];
  /**
   * Expected `typ` header, compared per RFC 7515 §4.1.9 (`at+jwt` matches
   * `application/at+jwt`, case-insensitively): a value, a list of values, or
   * `false` to not check it at all. Default `"at+jwt"` (RFC 9068 §2.1), and
   * `false` under `profile: "jwt"`.
   */
  typ?: string | readonly string[] | false;
  /**
   * Refuse tokens without a `kid` header. Default `true`. With `false`, a
   * token without `kid` is verified with the key set's only key for the
   * token's algorithm, and refused when the set holds none or several.
   */
  requireKid?: boolean;
  /** Allowed clock skew for `exp`, `nbf` and `iat`. Default `"5s"`. */
  clockTolerance?: Duration;
  /** Refuse tokens whose `iat` is older than this, whatever their `exp`. */
  maxAge?: Duration;
  /** Claims required on top of those of the `profile`. */
  requiredClaims?: readonly string[];
  /** Tokens longer than this are refused before any parsing. Default 8192. */
  maxTokenBytes?: number;
  /** Injected clock (ms since epoch). Default `Date.now`. */
  clock?: Clock;
  /**
   * Remember tokens that passed, so a repeated token skips the signature
   * check: a cache from `createVerifierCache`, for this verifier only.
   * Off by default. See `createVerifierCache` for what a hit still checks
   * and for the memory bound.
   */
  cache?: VerifierCache;
}

/**
 * The header of a verified token.
 *
 * @example
 * ```ts
 * const { header }: { header: VerifiedHeader } = await verifier.verify(token);
 * metrics.increment(`tokens.kid.${header.kid}`);
 * ```
 */
export interface VerifiedHeader {
  alg: Algorithm;
  /** The `kid` of the key that verified the token: the header's, or (without one) the only key's. */
  kid: string;
  /** The header's `typ`; `undefined` only when `typ: false` and the token carries none. */
  typ: string | undefined;
}

/**
 * What {@link Verifier.verify} resolves to. `C` types the caller claims.
 *
 * @example
 * ```ts
 * const result: VerifiedToken<{ role: 'admin' | 'user' }> = await verifier.verify(token);
 * result.claims.role;
 * ```
 */
export interface VerifiedToken<C extends object = Record<string, unknown>> {
  claims: AccessClaims & C;
  header: VerifiedHeader;
}

/**
 * Verifies access tokens.
 *
 * @example
 * ```ts
 * const verifier: Verifier = createVerifier({ keys, issuer: 'https://auth.example', audience: 'api' });
 * ```
 */
export interface Verifier {
  /**
   * Resolves with the token's claims and header, or rejects with an `AuthError`:
   * `TOKEN_MISSING` (no token), `TOKEN_EXPIRED` (`exp` or `maxAge` passed) or
   * `TOKEN_INVALID` (anything else), with `claim` and `reason` for claim and header failures.
   */
  verify<C extends object = Record<string, unknown>>(token: unknown): Promise<VerifiedToken<C>>;
}
