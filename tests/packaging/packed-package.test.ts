/**
 * The packed package as an app loads it, on the declared minimum Node
 * (`engines.node` >= 20.19, run with that exact Node, fetched by `tests/helpers/runtimes.ts`):
 * every subpath by `import` and by `require`, the file each export condition
 * picks, and one AuthError class shared by the core and the framework glue.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchProject, NODE_20_19, REPO, type ScratchProject } from './scratch-project.js';

const SUBPATHS = [
  '',
  '/express',
  '/fastify',
  '/node-http',
  '/client',
  '/testing',
  '/postgres',
  '/redis',
].map((s) => `tokenwarden${s}`);

// Prints, per subpath, the file it resolved to (inside the package) and its export names.
const RESOLVE_ESM = `
import { fileURLToPath } from 'node:url';
const out = {};
for (const id of ${JSON.stringify(SUBPATHS)}) {
  const exports = Object.keys(await import(id)).sort();
  out[id] = { file: fileURLToPath(import.meta.resolve(id)).split('/node_modules/tokenwarden/')[1], exports };
}
console.log(JSON.stringify(out));
`;
// vitest refuses require() of itself ("Vitest cannot be imported in a CommonJS
// module using require()"), so the kit's CommonJS build stops there: its
// outcome is recorded as the error, and the test pins that this is the only one.
const RESOLVE_CJS = `
const out = {};
for (const id of ${JSON.stringify(SUBPATHS)}) {
  let exports;
  try {
    exports = Object.keys(require(id)).sort();
  } catch (err) {
    exports = ['threw: ' + String(err.message).split('\\n')[0]];
  }
  out[id] = { file: require.resolve(id).split('/node_modules/tokenwarden/')[1], exports };
}
console.log(JSON.stringify(out));
`;

// The core makes an AuthError (TOKEN_MISSING) and the registry brand is
// stripped from it, so only class identity can tell it is one. The glue must
// still answer it as an auth failure (401), which it does only if its
// AuthError is the core's own class: a copy of the class would pass it on
// (express: next(err); fastify: a 500). `otherCopy`, an independent copy of
// the core, shows that a stripped error is invisible to any other class.
const SHARED_CLASS_CHECK = `
async function check(core, express, fastifyPlugin, Fastify, otherCopy) {
  const keys = await core.createKeySet({ keys: [{ alg: 'HS256', secret: new Uint8Array(32).fill(7) }] });
  const real = core.createAuth({ issuer: 'https://app.example', audience: 'app', keys });
  const stripped = [];
  const auth = Object.create(real);
  auth.authenticate = (request) =>
    real.authenticate(request).catch((err) => {
      if (!(err instanceof core.AuthError)) throw new Error('the core threw no AuthError');
      delete err[Symbol.for('tokenwarden.AuthError')];
      stripped.push(err);
      throw err;
    });
  const viaExpress = await new Promise((done) => {
    const res = {
      statusCode: 0,
      status(code) { this.statusCode = code; return this; },
      setHeader() {}, append() {},
      end() { done(this.statusCode); },
      send() { done(this.statusCode); },
    };
    express.requireAuth(auth)({ method: 'GET', headers: {} }, res, (err) => done('next(' + err?.code + ')'));
  });
  const app = Fastify();
  await app.register(fastifyPlugin, { auth, verifyCredentials: async () => null });
  app.get('/me', { preHandler: app.authenticate }, async () => ({ ok: true }));
  const reply = await app.inject({ method: 'GET', url: '/me' });
  await app.close();
  return {
    express: viaExpress,
    fastify: [reply.statusCode, JSON.parse(reply.body).error?.code],
    stripped: stripped.length,
    seenByOtherCopy: stripped.some((err) => otherCopy.isAuthError(err)),
  };
}
`;
const SHARED_CLASS_ESM = `
import * as core from 'tokenwarden';
import * as express from 'tokenwarden/express';
import fastifyPlugin from 'tokenwarden/fastify';
import Fastify from 'fastify';
const otherCopy = await import(import.meta.resolve('tokenwarden') + '?other-copy');
${SHARED_CLASS_CHECK}
console.log(JSON.stringify(await check(core, express, fastifyPlugin, Fastify, otherCopy)));
`;
const SHARED_CLASS_CJS = `
const core = require('tokenwarden');
const express = require('tokenwarden/express');
const fastifyPlugin = require('tokenwarden/fastify').tokenwarden;
const Fastify = require('fastify');
const file = require.resolve('tokenwarden');
delete require.cache[file];
const otherCopy = require(file);
if (otherCopy === core) throw new Error('no second copy');
delete require.cache[file];
require.cache[file] = undefined;
${SHARED_CLASS_CHECK}
check(core, express, fastifyPlugin, Fastify, otherCopy).then((r) => console.log(JSON.stringify(r)));
`;

let project: ScratchProject;

beforeAll(() => {
  project = createScratchProject();
  project.write({
    'resolve.mjs': RESOLVE_ESM,
    'resolve.cjs': RESOLVE_CJS,
    'shared-class.mjs': SHARED_CLASS_ESM,
    'shared-class.cjs': SHARED_CLASS_CJS,
  });
});

afterAll(() => project?.remove());

function runJson(file: string): Record<string, { file: string; exports: string[] }> {
  return JSON.parse(project.run(NODE_20_19, file));
}

describe('the packed package on Node 20.19.0', () => {
  it('is the declared minimum', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(pkg.engines.node).toBe('>=20.19');
    expect(project.run(NODE_20_19, '-p', 'process.version').trim()).toBe('v20.19.0');
  });

  it('imports every subpath, the core from the node build', () => {
    const loaded = runJson('resolve.mjs');
    expect(Object.fromEntries(Object.entries(loaded).map(([id, { file }]) => [id, file]))).toEqual({
      tokenwarden: 'dist/node/index.js',
      'tokenwarden/express': 'dist/express.js',
      'tokenwarden/fastify': 'dist/fastify.js',
      'tokenwarden/node-http': 'dist/node-http.js',
      'tokenwarden/client': 'dist/client.js',
      'tokenwarden/testing': 'dist/testing.js',
      'tokenwarden/postgres': 'dist/postgres.js',
      'tokenwarden/redis': 'dist/redis.js',
    });
    expect(loaded.tokenwarden!.exports).toEqual(
      expect.arrayContaining(['AuthError', 'createAuth']),
    );
    expect(loaded['tokenwarden/express']!.exports).toContain('requireAuth');
    expect(loaded['tokenwarden/fastify']!.exports).toContain('default');
    expect(loaded['tokenwarden/node-http']!.exports).toEqual(['sendAuthError', 'toNodeHandler']);
    expect(loaded['tokenwarden/client']!.exports).toContain('createAuthClient');
    expect(loaded['tokenwarden/testing']!.exports).toContain('runStoreConformance');
    expect(loaded['tokenwarden/redis']!.exports).toContain('RedisStore');
    expect(loaded['tokenwarden/postgres']!.exports).toEqual(
      expect.arrayContaining(['PostgresStore', 'migrate']),
    );
  });

  it('requires every subpath, the core from the node build, with the same exports', () => {
    const required = runJson('resolve.cjs');
    expect(
      Object.fromEntries(Object.entries(required).map(([id, { file }]) => [id, file])),
    ).toEqual({
      tokenwarden: 'dist/node/index.cjs',
      'tokenwarden/express': 'dist/express.cjs',
      'tokenwarden/fastify': 'dist/fastify.cjs',
      'tokenwarden/node-http': 'dist/node-http.cjs',
      'tokenwarden/client': 'dist/client.cjs',
      'tokenwarden/testing': 'dist/testing.cjs',
      'tokenwarden/postgres': 'dist/postgres.cjs',
      'tokenwarden/redis': 'dist/redis.cjs',
    });
    expect(required['tokenwarden/testing']!.exports).toEqual([
      'threw: Vitest cannot be imported in a CommonJS module using require(). Please use "import" instead.',
    ]);
    const imported = runJson('resolve.mjs');
    for (const id of SUBPATHS.filter((id) => id !== 'tokenwarden/testing')) {
      expect(
        required[id]!.exports.filter((name) => name !== 'default'),
        id,
      ).toEqual(imported[id]!.exports.filter((name) => name !== 'default'));
    }
  });

  it('needs require(esm): without it, require of the core fails (why the minimum is 20.19)', () => {
    expect(() =>
      project.run(NODE_20_19, '--no-experimental-require-module', '-e', "require('tokenwarden')"),
    ).toThrow(/ERR_REQUIRE_ESM/);
  });
});

describe('one AuthError class across tokenwarden and its framework glue', () => {
  const expected = {
    express: 401,
    fastify: [401, 'TOKEN_MISSING'],
    stripped: 2,
    seenByOtherCopy: false,
  };

  it('holds for ES modules', () => {
    expect(JSON.parse(project.run(NODE_20_19, 'shared-class.mjs'))).toEqual(expected);
  });

  it('holds for CommonJS', () => {
    expect(JSON.parse(project.run(NODE_20_19, 'shared-class.cjs'))).toEqual(expected);
  });

  it('the glue imports the core through the package; the client imports nothing', () => {
    const dist = (file: string) =>
      readFileSync(join(project.dir, 'node_modules/tokenwarden/dist', file), 'utf8');
    for (const glue of ['express', 'fastify', 'node-http']) {
      expect(dist(`${glue}.js`)).toMatch(/from ['"]tokenwarden['"]/);
      expect(dist(`${glue}.cjs`)).toMatch(/require\(['"]tokenwarden['"]\)/);
      expect(dist(`${glue}.js`)).not.toContain('class AuthError');
    }
    for (const file of ['client.js', 'client.cjs']) {
      expect(dist(file)).not.toMatch(/\bfrom ['"]|\brequire\(|jose|class AuthError\b/);
    }
  });
});
