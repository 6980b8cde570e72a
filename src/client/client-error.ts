/**
 * The error the browser client rejects with when the server refuses a request
 * or answers outside the HTTP contract. Network failures are not wrapped: they
 * reject with `fetch`'s own `TypeError`, so callers can tell "offline" apart
 * from "refused".
 * @module
 */
import type { AuthErrorCode } from '../core/errors.js';

/**
 * A server code from DESIGN's table, or one of the client's own:
 * `UNEXPECTED_RESPONSE` (a body outside the contract) and `SESSION_ENDED`
 * (no session in this tab: logged out, or a refresh already failed for good).
 * Unknown server codes are passed through unchanged.
 *
 * @example
 * ```ts
 * if (err instanceof ClientAuthError && err.code === 'SESSION_ENDED') showLogin();
 * ```
 */
export type ClientAuthErrorCode =
  | AuthErrorCode
  | 'UNEXPECTED_RESPONSE'
  | 'SESSION_ENDED'
  // Keeps editor completion for the known codes while admitting a server's own.
  | (string & {});

/**
 * A refusal by the auth server (or a local "no session"), with the server's
 * stable `code` and HTTP `status` (`0` when no response was involved).
 *
 * @example
 * ```ts
 * try {
 *   await auth.login({ username, password });
 * } catch (err) {
 *   if (err instanceof ClientAuthError && err.code === 'INVALID_CREDENTIALS') showError();
 * }
 * ```
 */
export class ClientAuthError extends Error {
  override readonly name = 'ClientAuthError';
  /** The server's `error.code`, or a client code. */
  readonly code: ClientAuthErrorCode;
  /** The HTTP status, or `0` when the error did not come from a response. */
  readonly status: number;

  constructor(code: ClientAuthErrorCode, status: number, message?: string) {
    super(message ?? `Authentication request failed (${code}).`);
    this.code = code;
    this.status = status;
  }
}

/** The local "this tab has no session" error. */
export function sessionEnded(): ClientAuthError {
  return new ClientAuthError('SESSION_ENDED', 0, 'There is no session in this tab.');
}

/** Reads the contract's `{"error":{"code","message"}}` body of a failed response. */
export async function errorFromResponse(res: Response): Promise<ClientAuthError> {
  const body = await readJson(res);
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (typeof error?.code !== 'string') {
    return new ClientAuthError('UNEXPECTED_RESPONSE', res.status);
  }
  // The server promises a safe message (DESIGN "Error codes"); keep it short anyway.
  const message = typeof error.message === 'string' ? error.message.slice(0, 200) : undefined;
  return new ClientAuthError(error.code, res.status, message);
}

/** The `error.code` of a JSON error body, or `undefined`; leaves `res` itself unread. */
export async function peekErrorCode(res: Response): Promise<string | undefined> {
  const body = await readJson(res.clone());
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  return typeof error?.code === 'string' ? error.code : undefined;
}

/** The parsed JSON body, or `undefined` when it is absent or not JSON. */
export async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
