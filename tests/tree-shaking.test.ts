import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// dist/index.js is one file, so an importer's bundler can only drop the
// top-level statements it can prove unused and pure. These tests bundle a few
// imports from the built file (made by `pretest`) the way an app's bundler
// would, and look for string literals that only one part of the library
// carries: a part that is not imported must leave none of them behind.
const MARKERS = {
  cookieLibrary: '; HttpOnly',
  cookieRules: '__Host-',
  authError: 'tokenwarden.AuthError',
  keyAlgorithms: 'Ed25519',
  base64urlTable: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  utf8Decoder: 'TextDecoder',
  utf8Encoder: 'TextEncoder',
} as const;

type Part = keyof typeof MARKERS;

async function bundle(names: string): Promise<string> {
  const result = await build({
    stdin: { contents: `export { ${names} } from './dist/index.js';`, resolveDir: process.cwd() },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    external: ['jose'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function partsIn(code: string): Part[] {
  return (Object.keys(MARKERS) as Part[]).filter((part) => code.includes(MARKERS[part]));
}

describe('dist/index.js tree shaking', () => {
  it('keeps nothing but the function for toSeconds', async () => {
    expect(partsIn(await bundle('toSeconds'))).toEqual([]);
  });

  it('keeps only the error class for the error API', async () => {
    const code = await bundle('AuthError, isAuthError, toErrorResponse');
    expect(partsIn(code)).toEqual(['authError']);
  });

  it('leaves cookies out of the token API', async () => {
    const parts = partsIn(await bundle('createKeySet, createIssuer, createVerifier'));
    expect(parts).toContain('keyAlgorithms');
    expect(parts).not.toContain('cookieLibrary');
    expect(parts).not.toContain('cookieRules');
  });

  it('leaves the token pipeline out of the cookie builders', async () => {
    const parts = partsIn(await bundle('refreshCookie, clearCookie'));
    expect(parts).toContain('cookieLibrary');
    expect(parts).toContain('cookieRules');
    for (const part of ['keyAlgorithms', 'base64urlTable', 'utf8Decoder'] as const) {
      expect(parts).not.toContain(part);
    }
  });
});
