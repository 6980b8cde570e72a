import { describe, expect, it } from 'vitest';
import * as nodeCodec from '../src/core/base64url-codec.node.js';
import * as webCodec from '../src/core/base64url-codec.js';

// The `node` build swaps the codec for its Buffer twin: both must give the
// same text for every length and byte, and the same bytes back.
describe('base64url codec: the default module and its Node twin agree', () => {
  it('encodes and decodes every length from 0 to 96 bytes alike, offsets included', () => {
    for (let length = 0; length <= 96; length += 1) {
      const backing = crypto.getRandomValues(new Uint8Array(length + 5));
      const bytes = backing.subarray(3, 3 + length);
      const text = webCodec.encodeBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(nodeCodec.encodeBase64url(bytes)).toBe(text);
      const decoded = nodeCodec.decodeBase64url(text);
      expect(decoded).toEqual(webCodec.decodeBase64url(text));
      expect(Object.getPrototypeOf(decoded)).toBe(Uint8Array.prototype);
      expect([...decoded]).toEqual([...bytes]);
    }
  });
});
