/**
 * The cookies a session sets and clears, built from one place so the names,
 * paths and attributes of setting and clearing can never drift apart.
 * @module
 */
import { COOKIE_NAMES } from '../core/constants.js';
import { accessCookie, clearCookie, refreshCookie } from '../http/cookie-specs.js';
import type { CookieSpec, CsrfGuard, NamedCookieOptions } from '../http/types.js';
import type { AuthCookieOptions } from './types.js';

// Placeholder value used only to derive clearing specs from the real builders.
const PLACEHOLDER = 'x';

/** Builds every cookie of a session with the app's cookie options. */
export interface SessionCookies {
  readonly refreshName: string;
  readonly accessName: string;
  readonly fingerprintName: string;
  refresh(token: string, maxAge: number): CookieSpec;
  access(token: string, maxAge: number): CookieSpec;
  fingerprint(value: string, maxAge: number): CookieSpec;
  /** Clearing specs for every cookie this configuration can set. */
  clearAll(): CookieSpec[];
}

export function createSessionCookies(
  options: AuthCookieOptions,
  refreshPath: string,
  csrf: CsrfGuard | undefined,
  fingerprintOn: boolean,
  accessInCookie: boolean,
): SessionCookies {
  const secure = options.secure ?? true;
  const base: NamedCookieOptions<string> = {
    secure,
    ...(options.sameSite ? { sameSite: options.sameSite } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
  };
  const refreshOptions = {
    ...base,
    path: refreshPath,
    ...(options.domain ? { domain: options.domain } : {}),
  };
  // `__Host-` when secure: the fingerprint cookie is Path=/ and host-only.
  const fingerprintName = secure
    ? COOKIE_NAMES.fingerprint.secure
    : COOKIE_NAMES.fingerprint.insecure;
  // Validate the configuration now: a bad cookie option fails at start-up.
  const sample = refreshCookie(PLACEHOLDER, refreshOptions);
  const accessSample = accessCookie(PLACEHOLDER, base);
  // Clearing specs never change for a configuration: build them once.
  const clearing = [clearCookie(sample)];
  if (accessInCookie) clearing.push(clearCookie(accessSample));
  if (csrf) clearing.push(clearCookie(csrf.issueToken().cookie));
  if (fingerprintOn) {
    clearing.push(clearCookie(accessCookie(PLACEHOLDER, { ...base, name: fingerprintName })));
  }
  return {
    refreshName: sample.name,
    accessName: accessSample.name,
    fingerprintName,
    refresh: (token, maxAge) =>
      refreshCookie(token, { ...refreshOptions, maxAge: Math.max(1, maxAge) }),
    access: (token, maxAge) => accessCookie(token, { ...base, maxAge: Math.max(1, maxAge) }),
    fingerprint: (value, maxAge) =>
      accessCookie(value, { ...base, name: fingerprintName, maxAge: Math.max(1, maxAge) }),
    clearAll: () => [...clearing],
  };
}
