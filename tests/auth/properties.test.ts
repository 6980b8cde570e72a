/**
 * Properties of the Web handler and `authenticate` under arbitrary input:
 * nothing but a mapped error response comes back, and no response echoes what
 * the client sent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, isAuthError } from '../../src/index.js';
import { ORIGIN, REFRESH, req, setupApp } from './harness.js';

const CODES = new Set(Object.keys(ERROR_STATUS));
// Header values: visible ASCII and spaces, as an HTTP stack hands them over.
const headerValue = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,200}$/);

async function expectMappedError(response: Response, input: string): Promise<void> {
  expect([400, 401, 403]).toContain(response.status);
  const text = await response.text();
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(CODES.has(body.error.code)).toBe(true);
  if (input.length >= 6) expect(text).not.toContain(input);
}

describe('arbitrary input', () => {
  it('any Authorization header gives a mapped 401 that does not echo it', async () => {
    const app = await setupApp();
    await fc.assert(
      fc.asyncProperty(headerValue, async (authorization) => {
        const response = await app.app(req('/api/me', { headers: { authorization } }));
        await expectMappedError(response, authorization.trim());
      }),
      { numRuns: 150 },
    );
  });

  it('any refresh cookie value gives a mapped error that does not echo it', async () => {
    const app = await setupApp();
    const value = fc.stringMatching(/^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]{1,120}$/);
    await fc.assert(
      fc.asyncProperty(value, async (token) => {
        const response = await app.app(
          req('/auth/refresh', {
            method: 'POST',
            headers: { origin: ORIGIN, cookie: `${REFRESH}=${token}` },
          }),
        );
        await expectMappedError(response, token);
      }),
      { numRuns: 150 },
    );
  });

  it('any JSON login body is refused with a mapped error unless it holds valid credentials', async () => {
    const app = await setupApp();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const response = await app.app(
          req('/auth/login', {
            raw: JSON.stringify(body) ?? 'null',
            headers: { 'content-type': 'application/json' },
            method: 'POST',
          }),
        );
        await expectMappedError(response, '');
      }),
      { numRuns: 150 },
    );
  });

  it('authenticate rejects only with AuthError for any header record', async () => {
    const app = await setupApp({ tokenLocation: 'both' });
    const headers = fc.dictionary(
      fc.constantFrom(
        'authorization',
        'cookie',
        'origin',
        'referer',
        'x-csrf-token',
        'sec-fetch-site',
      ),
      fc.oneof(headerValue, fc.array(headerValue, { maxLength: 3 })),
    );
    const method = fc.constantFrom('GET', 'POST', 'DELETE', 'get', 'OPTIONS');
    await fc.assert(
      fc.asyncProperty(method, headers, async (m, h) => {
        const err = await app.auth.authenticate({ method: m, headers: h }).catch((e: unknown) => e);
        expect(isAuthError(err)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
