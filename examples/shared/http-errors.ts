/**
 * The examples' own errors (a bad URL, no such route, a body or header too
 * large, a bug) in the contract's shape `{"error":{"code","message"}}`, like
 * the library's `AuthError`s: never a stack, a file path, an echo of the
 * request or HTML, whatever NODE_ENV is. Both apps and their HTTP servers
 * answer through here, down to the errors Node's parser raises before any
 * framework sees the request.
 */
import type { Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** The contract's error body. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** Codes of the examples' own errors, beside the library's (README "Error codes"). */
const BY_STATUS: Record<number, [code: string, message: string]> = {
  400: ['BAD_REQUEST', 'The request is malformed.'],
  404: ['NOT_FOUND', 'Not found.'],
  405: ['METHOD_NOT_ALLOWED', 'Method not allowed.'],
  408: ['REQUEST_TIMEOUT', 'The request took too long to arrive.'],
  413: ['PAYLOAD_TOO_LARGE', 'The request body is too large.'],
  414: ['URI_TOO_LONG', 'The request URL is too long.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type.'],
  431: ['HEADERS_TOO_LARGE', 'The request headers are too large.'],
  500: ['INTERNAL_ERROR', 'Something went wrong.'],
};

/**
 * The longest request target the apps accept: longer gets 414. Node's own
 * header limit (16 KiB, request line included) answers 431 beyond it.
 */
export const MAX_URL_LENGTH = 8_192;

/** The largest request body either app reads: the login body of the library's glue. */
export const MAX_BODY_BYTES = 16_384;

/** Status and body for an error status; unknown 4xx are BAD_REQUEST, anything else a 500. */
export function errorFor(status: number): { status: number; body: ErrorBody } {
  const known = BY_STATUS[status];
  if (known) return { status, body: { error: { code: known[0], message: known[1] } } };
  if (status >= 400 && status < 500) return errorFor(400);
  return errorFor(500);
}

/**
 * One of the examples' own errors as a Web `Response` in the contract's shape
 * (the Hono app's answer; Express and Fastify write theirs on their replies).
 */
export function contractErrorResponse(status: number, message?: string): Response {
  const error = errorFor(status);
  if (message) error.body.error.message = message;
  return new Response(JSON.stringify(error.body), { status: error.status, headers: ERROR_HEADERS });
}

/** The status a thrown error asks for (`status`/`statusCode` 4xx), else 500. */
export function statusOf(err: unknown): number {
  const { status, statusCode } = (err ?? {}) as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && value >= 400 && value < 500 ? value : 500;
}

/** Headers of every error response: JSON, never cached. */
export const ERROR_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
} as const;

// A client that went away mid-request is not an error of the app's: nothing
// to answer, nothing to log.
const ABORT_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Whether `err` only says the client closed the connection early. */
export function isClientAbort(err: unknown): boolean {
  const { code, type } = (err ?? {}) as { code?: unknown; type?: unknown };
  return (
    (typeof code === 'string' && ABORT_CODES.has(code)) ||
    type === 'request.aborted' ||
    (err instanceof Error && err.message === 'aborted')
  );
}

/** Logs a server-side failure as one line: the operator's, never the client's. */
export function logUnexpected(err: unknown): void {
  const name = err instanceof Error ? err.name : typeof err;
  console.error(`tokenwarden example: unexpected ${name} while answering a request`);
}

// Node's HTTP parser errors (llhttp codes) and their status.
function clientErrorStatus(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/**
 * Answers what Node's HTTP parser refuses before any framework runs (headers
 * too large, a malformed request line or header, a request timeout) in the
 * contract's shape, instead of Node's bare `431` or `400` without a body.
 * Fastify takes the same function as its `clientErrorHandler`.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, body } = errorFor(clientErrorStatus(err.code));
  const json = JSON.stringify(body);
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    `content-type: ${ERROR_HEADERS['content-type']}`,
    `cache-control: ${ERROR_HEADERS['cache-control']}`,
    `content-length: ${Buffer.byteLength(json)}`,
    'connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${json}`);
}

/** Installs {@link answerClientError} on a Node HTTP server. */
export function answerClientErrors(server: Server): Server {
  server.on('clientError', answerClientError);
  return server;
}
