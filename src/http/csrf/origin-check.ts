import type { ClaimFailureReason } from '../../core/errors.js';
import { getHeader, type HeaderSource } from '../headers.js';

/** What the Origin/Referer/Sec-Fetch-Site check lets through. */
export interface OriginPolicy {
  allowedOrigins: ReadonlySet<string>;
  allowNoOrigin: boolean;
  allowCrossSite: boolean;
}

/**
 * Why a request was refused: the request header that failed, how it failed,
 * and a message naming the setting to change. Every message is a constant:
 * the request's own header values are never echoed into a response.
 */
export interface CsrfRefusal {
  readonly header: string;
  readonly reason: ClaimFailureReason;
  readonly message: string;
}

const LIST_IT =
  "List the page's origin (scheme, host and port, as the browser sends it in Origin) in the `origins` option of createAuth, or in `allowedOrigins` of createCsrfGuard.";

const REFUSALS = {
  crossSite: {
    header: 'sec-fetch-site',
    reason: 'check_failed',
    message:
      'Cross-site request refused: the browser marked it Sec-Fetch-Site: cross-site (the page is on another site; localhost and 127.0.0.1 are different sites). ' +
      'Serve the page from the same site and list its origin in the `origins` option of createAuth; createCsrfGuard accepts another site with `allowCrossSite: true` and the origin in `allowedOrigins`.',
  },
  nullOrigin: {
    header: 'origin',
    reason: 'invalid',
    message:
      'Cross-site request refused: its Origin is "null" (a sandboxed frame, a file: page or a cross-origin redirect), which is never allowed.',
  },
  originNotListed: {
    header: 'origin',
    reason: 'check_failed',
    message: `Cross-site request refused: its Origin is not an allowed origin. ${LIST_IT}`,
  },
  refererNotListed: {
    header: 'referer',
    reason: 'check_failed',
    message: `Cross-site request refused: it has no Origin and its Referer is not from an allowed origin. ${LIST_IT}`,
  },
  refererInvalid: {
    header: 'referer',
    reason: 'invalid',
    message: 'Cross-site request refused: it has no Origin and its Referer is not a URL.',
  },
  noOrigin: {
    header: 'origin',
    reason: 'missing',
    message:
      'Cross-site request refused: it has neither Origin nor Referer, and `allowNoOrigin` is false.',
  },
} as const satisfies Record<string, CsrfRefusal>;

/**
 * Why a state-changing request may not proceed as far as its origin goes
 * (OWASP CSRF cheat sheet, "Verifying Origin With Standard Headers"), or
 * `undefined` when it may.
 */
export function originRefusal(
  headers: HeaderSource,
  policy: OriginPolicy,
): CsrfRefusal | undefined {
  const origin = getHeader(headers, 'origin');
  // Fetch metadata is set by the browser and cannot be forged by a page.
  if (getHeader(headers, 'sec-fetch-site') === 'cross-site') {
    const allowed =
      policy.allowCrossSite && origin !== undefined && policy.allowedOrigins.has(origin);
    return allowed ? undefined : REFUSALS.crossSite;
  }
  // "null" (sandboxed frames, some redirects, file:) is never in the list: URL
  // validation at construction refuses it.
  if (origin === 'null') return REFUSALS.nullOrigin;
  if (origin !== undefined) {
    return policy.allowedOrigins.has(origin) ? undefined : REFUSALS.originNotListed;
  }
  const referer = getHeader(headers, 'referer');
  if (referer !== undefined) return refererRefusal(referer, policy.allowedOrigins);
  return policy.allowNoOrigin ? undefined : REFUSALS.noOrigin;
}

function refererRefusal(referer: string, allowed: ReadonlySet<string>): CsrfRefusal | undefined {
  let origin: string;
  try {
    origin = new URL(referer).origin;
  } catch {
    return REFUSALS.refererInvalid;
  }
  return allowed.has(origin) ? undefined : REFUSALS.refererNotListed;
}
