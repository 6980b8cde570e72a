import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JsonWebKey } from 'node:crypto';

/** The fields of a Wycheproof `testvectors_v1` signature or MAC file that these tests read. */
export interface WycheproofFile {
  algorithm: string;
  numberOfTests: number;
  testGroups: WycheproofGroup[];
}

export interface WycheproofGroup {
  type: string;
  publicKeyJwk?: JsonWebKey;
  /** The RSA PKCS#1 file names its JWK `keyJwk`. */
  keyJwk?: JsonWebKey;
  publicKeyPem?: string;
  keySize?: number;
  tagSize?: number;
  tests: WycheproofTest[];
}

export interface WycheproofTest {
  tcId: number;
  comment: string;
  flags: string[];
  key?: string;
  msg: string;
  sig?: string;
  tag?: string;
  result: 'valid' | 'invalid' | 'acceptable';
}

const VECTORS = new URL('./wycheproof/', import.meta.url);

export function loadWycheproof(name: string): WycheproofFile {
  return JSON.parse(readFileSync(fileURLToPath(new URL(name, VECTORS)), 'utf8')) as WycheproofFile;
}

export function hex(value: string): Uint8Array {
  return new Uint8Array(Buffer.from(value, 'hex'));
}
