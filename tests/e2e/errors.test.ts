/**
 * Every error of the three examples, the frameworks' and Node's own included,
 * answers in the contract's shape `{"error":{"code","message"}}` with JSON
 * headers, and never with a stack, a file path or HTML, whatever NODE_ENV
 * is; a client that gives up mid-body makes the server print nothing. The
 * requests go over bare sockets (raw-http.ts): fetch refuses to send most of
 * them. The servers run as an operator runs them, one process each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExampleName } from './harness.js';
import { abortedUpload, type RawReply, rawRequest, requestText } from './raw-http.js';
import { type SpawnedExample, spawnExample } from './spawned-example.js';

const JSON_TYPE = { 'content-type': 'application/json' };

const CASES: [label: string, request: string, status: number, code: string][] = [
  ['an undecodable asset URL', requestText('GET', '/assets/%E0%A4%A'), 400, 'BAD_REQUEST'],
  [
    'an undecodable session id',
    requestText('DELETE', '/api/sessions/%E0%A4%A'),
    400,
    'BAD_REQUEST',
  ],
  ['an unknown route', requestText('GET', '/no/such/route'), 404, 'NOT_FOUND'],
  ['an unknown method', requestText('PUT', '/api/me'), 404, 'NOT_FOUND'],
  ['a 10 KB URL', requestText('GET', `/${'a'.repeat(10_000)}`), 414, 'URI_TOO_LONG'],
  [
    'a 20 KB header',
    requestText('GET', '/', { 'x-filler': 'a'.repeat(20_000) }),
    431,
    'HEADERS_TOO_LARGE',
  ],
  [
    'a header name with a space',
    'GET / HTTP/1.1\r\nhost: 127.0.0.1\r\nbad name: x\r\nconnection: close\r\n\r\n',
    400,
    'BAD_REQUEST',
  ],
  [
    'a request line that is not HTTP',
    'GET / HTCPCP/1.0\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n',
    400,
    'BAD_REQUEST',
  ],
  [
    'a login body over 16 KB',
    requestText(
      'POST',
      '/auth/login',
      JSON_TYPE,
      // Valid credentials: only the size refuses it.
      JSON.stringify({ username: 'bob', password: 'bob-password', pad: 'p'.repeat(17_000) }),
    ),
    400,
    'BAD_REQUEST',
  ],
  [
    'invalid JSON at login',
    requestText('POST', '/auth/login', JSON_TYPE, '{"username":'),
    400,
    'BAD_REQUEST',
  ],
];

function expectContractError(reply: RawReply, status: number, code: string): void {
  expect(reply.status, reply.raw.slice(0, 300)).toBe(status);
  expect(reply.headers['content-type']).toMatch(/^application\/json/);
  expect(JSON.parse(reply.body)).toEqual({ error: { code, message: expect.any(String) } });
  expectNothingLeaked(reply.raw);
}

// What a stack, a file path or an HTML error page would show.
function expectNothingLeaked(text: string): void {
  expect(text).not.toMatch(/\bat .+:\d+:\d+|\/work\/|node_modules|file:\/\/|<html|<pre|Error:/i);
}

describe.each([
  ['express', 'development'],
  ['express', 'production'],
  ['fastify', 'development'],
  ['fastify', 'production'],
  ['hono', 'development'],
  ['hono', 'production'],
] as [ExampleName, string][])('%s example with NODE_ENV=%s', (app, nodeEnv) => {
  let server: SpawnedExample;
  beforeAll(async () => {
    server = await spawnExample(app, { NODE_ENV: nodeEnv });
  });
  afterAll(() => server?.stop());

  it.each(CASES)('answers %s in the contract shape', async (_label, request, status, code) => {
    expectContractError(await rawRequest(server.port, request), status, code);
  });

  it('answers a body over 16 KB on a route that reads none with a contract error', async () => {
    const reply = await rawRequest(
      server.port,
      requestText('POST', '/api/me', JSON_TYPE, 'x'.repeat(20_000)),
    );
    // Express and Hono never read it (no such POST route: 404); Fastify refuses it (413).
    const expected: [number, string] =
      app === 'fastify' ? [413, 'PAYLOAD_TOO_LARGE'] : [404, 'NOT_FOUND'];
    expectContractError(reply, ...expected);
  });

  it('prints nothing for uploads the client abandons, and keeps serving', async () => {
    const head =
      'POST /auth/login HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n';
    for (let i = 0; i < 3; i++) await abortedUpload(server.port, head, 4_000, '{"username":"bo');
    const reply = await rawRequest(
      server.port,
      requestText('POST', '/auth/login', JSON_TYPE, '{"username":"bob","password":"bob-password"}'),
    );
    expect(reply.status).toBe(200);
    const { stderr } = server.output();
    expect(stderr).not.toMatch(/\bat |Error|aborted/);
    expect(stderr.trim()).toBe('');
  });
});
