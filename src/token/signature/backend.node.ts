/**
 * The `node` build's replacement for `./backend.ts` (swapped in by the second
 * tsup build): signatures through `node:crypto` instead of Web Crypto.
 * @module
 */
export { nodeBackend as defaultBackend } from './node-backend.js';
