/**
 * The one place the issuer and verifier get their signature backend from, so
 * a platform build (the package's `node` condition) can replace this module.
 * @module
 */
export { webBackend as defaultBackend } from './web-backend.js';
