/**
 * The Node backend hands `verifySignature` the signing input as text (the
 * parser's `signingText`); it must decide exactly as it does on the bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSignature } from '../../src/token/signature/node/sign.js';
import { verifySignature } from '../../src/token/signature/node/verify.js';
import { ALL_ALGS, keyPairs } from './keys.js';

const { own, other } = await keyPairs();
const encoder = new TextEncoder();

describe.each(ALL_ALGS)('%s: text and bytes inputs agree', (alg) => {
  it('on valid signatures, wrong keys and changed text', () => {
    const pair = own.get(alg)!;
    const stranger = other.get(alg)!;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), fc.string(), (text, changed) => {
        const bytes = encoder.encode(text);
        const signature = createSignature(alg, pair.signing, bytes);
        expect(verifySignature(alg, pair.verify, text, signature)).toBe(true);
        expect(verifySignature(alg, stranger.verify, text, signature)).toBe(false);
        const same = changed === text;
        expect(verifySignature(alg, pair.verify, changed, signature)).toBe(same);
        expect(verifySignature(alg, pair.verify, encoder.encode(changed), signature)).toBe(same);
      }),
      { numRuns: 20 },
    );
  });
});
