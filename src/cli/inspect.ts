/**
 * `tokenwarden inspect <token | ->`: decodes without trusting (header, claims,
 * times, warnings) and, given keys, verifies with the library's own
 * `createVerifier`, printing the `AuthError` code on failure. The offline
 * answer to pasting a production token into a website.
 * @module
 */
import { createVerifier, isAuthError, type KeyInput } from '../index.js';
import { type DecodedToken, decodeToken } from './decode.js';
import { type CommandResult, EXIT, MalformedTokenError, UsageError } from './exit-codes.js';
import { keySetOf } from './jwks.js';
import { loadKeyFile } from './key-files.js';
import { readTimes, type TimeReading } from './relative-time.js';
import { tokenWarnings } from './warnings.js';

/** What `inspect` needs, parsed from its arguments. */
export interface InspectOptions {
  /** The token itself (already read from stdin for `-`). */
  token: string;
  /** Key files (`--key`, repeatable) and JWKS files (`--jwks`, repeatable). */
  keyFiles: string[];
  /** `--alg`, for keys that do not name their algorithm. */
  alg?: string;
  issuer?: string[];
  audience?: string[];
  typ?: string;
  json: boolean;
  /** Now, epoch milliseconds. */
  now: number;
}

/** The verifier's answer: valid, or the `AuthError` it threw. */
export type Verification =
  | { valid: true; kid: string; alg: string; notes: string[] }
  | {
      valid: false;
      code: string;
      claim?: string;
      reason?: string;
      message: string;
      notes: string[];
    };

/** Everything `inspect` found, as `--json` prints it. */
export interface Inspection {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  times: Record<string, TimeReading>;
  warnings: string[];
  /** `null` when no key was given: nothing was verified. */
  verification: Verification | null;
}

// Without --issuer/--audience the token's own values are taken, and the
// report says they were not checked.
function expected(
  given: string[] | undefined,
  claim: unknown,
  name: 'issuer' | 'audience',
  notes: string[],
): string[] {
  if (given !== undefined && given.length > 0) return given;
  const own = (Array.isArray(claim) ? claim : [claim]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  if (own.length === 0) throw new UsageError(`the token names no ${name}: pass --${name}`);
  notes.push(`${name} not checked: taken from the token (pass --${name} to check it)`);
  return own;
}

async function verify(
  decoded: DecodedToken,
  token: string,
  options: InspectOptions,
): Promise<Verification> {
  const keys: KeyInput[] = options.keyFiles.flatMap((file) => loadKeyFile(file, options.alg).keys);
  const notes: string[] = [];
  const issuer = expected(options.issuer, decoded.claims.iss, 'issuer', notes);
  const audience = expected(options.audience, decoded.claims.aud, 'audience', notes);
  let verifier: ReturnType<typeof createVerifier>;
  try {
    verifier = createVerifier({
      keys: await keySetOf(keys),
      issuer,
      audience,
      clock: () => options.now,
      ...(options.typ === undefined ? {} : { typ: options.typ }),
    });
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(err.message);
    throw err;
  }
  try {
    const { header } = await verifier.verify(token);
    return { valid: true, kid: header.kid, alg: header.alg, notes };
  } catch (err) {
    if (!isAuthError(err)) throw err;
    return {
      valid: false,
      code: err.code,
      ...(err.claim === undefined ? {} : { claim: err.claim }),
      ...(err.reason === undefined ? {} : { reason: err.reason }),
      message: err.message,
      notes,
    };
  }
}

function indent(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function verificationText(v: Verification | null): string {
  if (v === null) return 'verification: not done (pass --key or --jwks to verify)';
  const notes = v.notes.map((note) => `\n  note: ${note}`).join('');
  if (v.valid) return `verification: valid (kid ${v.kid}, ${v.alg})${notes}`;
  const detail = [v.claim && `claim ${v.claim}`, v.reason].filter(Boolean).join(', ');
  return `verification: INVALID ${v.code}${detail ? ` (${detail})` : ''}: ${v.message}${notes}`;
}

/** The human-readable report. */
export function inspectionText(result: Inspection): string {
  const times = Object.entries(result.times).map(
    ([name, t]) => `  ${name}: ${t.iso}  ${t.relative}`,
  );
  const warnings = result.warnings.map((w) => `  ! ${w}`);
  return [
    'header (not verified):',
    indent(result.header),
    'claims (not verified):',
    indent(result.claims),
    ...(times.length > 0 ? ['times:', ...times] : []),
    ...(warnings.length > 0 ? ['warnings:', ...warnings] : ['warnings: none']),
    verificationText(result.verification),
    '',
  ].join('\n');
}

/** Runs `inspect`. */
export async function inspect(options: InspectOptions): Promise<CommandResult> {
  let decoded: DecodedToken;
  try {
    decoded = decodeToken(options.token);
  } catch (err) {
    if (!(err instanceof MalformedTokenError)) throw err;
    const stdout = options.json
      ? `${JSON.stringify({ error: { code: 'MALFORMED', message: err.message } })}\n`
      : '';
    return {
      code: EXIT.invalidToken,
      stdout,
      stderr: `tokenwarden: not a readable token: ${err.message}\n`,
    };
  }
  const verification =
    options.keyFiles.length === 0 ? null : await verify(decoded, options.token.trim(), options);
  const result: Inspection = {
    header: decoded.header,
    claims: decoded.claims,
    times: readTimes(decoded.claims, Math.floor(options.now / 1000)),
    warnings: tokenWarnings(decoded),
    verification,
  };
  return {
    code: verification?.valid === false ? EXIT.invalidToken : EXIT.ok,
    stdout: options.json ? `${JSON.stringify(result)}\n` : inspectionText(result),
    stderr: '',
  };
}
