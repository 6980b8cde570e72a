/**
 * Reading the access token from where it travels: the `Authorization: Bearer`
 * header (RFC 6750 §2.1) or the access cookie.
 * @module
 */
import { AuthError } from '../core/errors.js';
import { getHeader, type HeaderSource } from '../http/headers.js';

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is
// case-insensitive (RFC 9110 §11.1).
const BEARER_RE = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The Bearer token of the request, `undefined` when there is no Authorization
 * header, and `TOKEN_INVALID` when there is one that is not a Bearer token.
 */
export function readBearer(headers: HeaderSource): string | undefined {
  const value = getHeader(headers, 'authorization');
  if (value === undefined || value === '') return undefined;
  const match = BEARER_RE.exec(value);
  if (!match)
    throw new AuthError('TOKEN_INVALID', {
      message: 'The Authorization header is not a Bearer token.',
    });
  return match[1];
}
