/**
 * Both signature backends, for tests that must hold on each: the default
 * (jose on Web Crypto) and the Node build's (node:crypto). Verifiers and
 * issuers are built on a backend directly, without going through the build.
 */
import { buildIssuer } from '../../src/token/jwt/build-issuer.js';
import { buildVerifier } from '../../src/token/jwt/build-verifier.js';
import { resolveIssuerOptions } from '../../src/token/jwt/issuer-options.js';
import { resolveVerifierOptions } from '../../src/token/jwt/verifier-options.js';
import { nodeBackend } from '../../src/token/signature/node-backend.js';
import type { SignatureBackend } from '../../src/token/signature/signature-backend.js';
import { webBackend } from '../../src/token/signature/web-backend.js';
import type { Issuer, IssuerOptions, Verifier, VerifierOptions } from '../../src/index.js';

export type BackendName = 'web' | 'node';

export const BACKENDS: Readonly<Record<BackendName, SignatureBackend>> = {
  web: webBackend,
  node: nodeBackend,
};

export const BACKEND_NAMES: readonly BackendName[] = ['web', 'node'];

export function verifierOn(backend: BackendName, options: VerifierOptions): Verifier {
  return buildVerifier(resolveVerifierOptions(options), BACKENDS[backend]);
}

export function issuerOn(backend: BackendName, options: IssuerOptions): Issuer {
  return buildIssuer(resolveIssuerOptions(options), BACKENDS[backend]);
}
