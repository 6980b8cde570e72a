/**
 * The runtime matrix: the smoke suite (smoke/smoke.ts) run against the packed
 * package, installed into a scratch project as a user's app has it, on every
 * runtime the README's "Runtimes" table lists: Node 20.19 (the declared
 * minimum), 22 and 24, Bun, Deno, and a Cloudflare Worker on `workerd`. Each
 * run also says which build it loaded, and the test holds it to the table.
 * The binaries come from the registry (tests/helpers/runtimes.ts).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { exportJWK, generateKeyPair } from 'jose';
import { createIssuer, createKeySet } from 'tokenwarden';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { RUNTIME_PACKAGES, type RuntimeName, runtimeBinary } from '../helpers/runtimes.js';
import { createScratchProject, type ScratchProject } from '../packaging/scratch-project.js';
import type { SmokeInput, SmokeKey, SmokeKeyInput, SmokeReport } from './smoke/smoke.js';

const SMOKE = resolve(import.meta.dirname, 'smoke/smoke.ts');
const ISSUER = 'https://app.example';
const AUDIENCE = 'smoke';
const WEB_BUILD = 'dist/index.js';
const NODE_BUILD = 'dist/node/index.js';
// Cold: the first run downloads the binary (~50 MB) from the registry.
const FETCH_TIMEOUT = 300_000;
const RUN_TIMEOUT = 120_000;

interface Outcome {
  /** The file of the package that `import 'tokenwarden'` loaded, relative to the package. */
  loaded: string;
  report: SmokeReport;
}

interface Target {
  runtime: RuntimeName;
  title: string;
  /** The build the README's table promises on this runtime. */
  build: string;
  run(binary: string, project: ScratchProject): Promise<Outcome>;
}

const TARGETS: Target[] = [
  target('node20', 'Node', NODE_BUILD, cli([])),
  target('node22', 'Node', NODE_BUILD, cli([])),
  target('node24', 'Node', NODE_BUILD, cli([])),
  // No auto-install: the app's node_modules is all it may use.
  target('bun', 'Bun', NODE_BUILD, cli(['--no-install'])),
  // No permission flags: the package needs none.
  target('deno', 'Deno', WEB_BUILD, cli(['run', '--no-prompt'])),
  target('workerd', 'workerd (Cloudflare Workers)', WEB_BUILD, worker),
];

function target(runtime: RuntimeName, name: string, build: string, run: Target['run']): Target {
  const [first = '', ...rest] = name.split(' ');
  const title = [first, RUNTIME_PACKAGES[runtime].version, ...rest].join(' ');
  return { runtime, title, build, run };
}

const ALGORITHMS = ['HS256', 'ES256', 'EdDSA', 'RS256', 'PS256'] as const;

let project: ScratchProject;
let input: SmokeInput;

beforeAll(async () => {
  project = createScratchProject();
  input = await smokeInput();
  // Copied in, so that its `import 'tokenwarden'` resolves from the app, never
  // to this repository through the package's self-reference.
  project.write({ 'input.json': JSON.stringify(input), 'smoke.ts': readFileSync(SMOKE, 'utf8') });
});

afterAll(() => project?.remove());

describe.each(TARGETS)('the packed package on $title', (target) => {
  let outcome: Outcome;

  beforeAll(async () => {
    const binary = runtimeBinary(target.runtime);
    outcome = await target.run(binary, project);
  }, FETCH_TIMEOUT + RUN_TIMEOUT);

  it(`loads ${target.build}`, () => {
    expect(outcome.loaded).toBe(target.build);
  });

  it.each(ALGORITHMS)('signs and verifies %s, refuses a tampered token, accepts Node’s', (alg) => {
    expect(outcome.report.algorithms[alg]).toEqual({
      roundTrip: 'smoke',
      tampered: 'TOKEN_INVALID',
      hostToken: 'host',
    });
  });

  it('runs the Web-handler flow: login, refresh, reuse revokes the session, logout', () => {
    expect(outcome.report.flow).toEqual({
      login: '200',
      refresh: '200',
      replay: '401 REFRESH_TOKEN_REUSED',
      successorAfterReplay: '401 SESSION_REVOKED',
      accessAfterReplay: 'TOKEN_REVOKED',
      logout: '204 cleared',
      refreshAfterLogout: '401 SESSION_REVOKED',
    });
  });
});

// A bundler that also matches `node` (esbuild's platform 'node' adds it) must
// still give a Worker the Web Crypto build: the `workerd` and `worker` keys
// come before `node` in the exports map.
it('gives a Worker the Web Crypto build even when bundled for platform node', async () => {
  const { metafile } = await build({
    stdin: { contents: "export * from 'tokenwarden';", resolveDir: project.dir },
    bundle: true,
    conditions: ['workerd', 'worker'],
    format: 'esm',
    platform: 'node',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  expect(bundledBuild(metafile)).toBe(WEB_BUILD);
});

// Keys made here, and a token per key issued by this Node with the built
// package: each runtime must verify what another one signed.
async function smokeInput(): Promise<SmokeInput> {
  const keys: SmokeKey[] = [];
  for (const alg of ALGORITHMS) {
    const key: SmokeKeyInput =
      alg === 'HS256'
        ? { alg, secret: randomBytes(32).toString('base64url') }
        : {
            alg,
            jwk: await exportJWK((await generateKeyPair(alg, { extractable: true })).privateKey),
          };
    const issuer = createIssuer({
      keys: await createKeySet(key),
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const { token } = await issuer.issue({ subject: 'host', sessionId: 'host-family' });
    keys.push({ ...key, hostToken: token });
  }
  return { issuer: ISSUER, audience: AUDIENCE, keys };
}

// Node, Bun and Deno run the smoke suite as a script of the app, leaving
// `tokenwarden` to the runtime's own resolution, and print what it resolved.
function cli(flags: string[]): Target['run'] {
  return async (binary, project) => {
    await build({
      stdin: {
        contents: `
          import { runSmoke } from './smoke.ts';
          import input from './input.json';
          const report = await runSmoke(input);
          console.log(JSON.stringify({ resolved: import.meta.resolve('tokenwarden'), report }));
        `,
        resolveDir: project.dir,
        loader: 'ts',
      },
      bundle: true,
      external: ['tokenwarden'],
      format: 'esm',
      platform: 'neutral',
      outfile: join(project.dir, 'smoke.mjs'),
      logLevel: 'silent',
    });
    const stdout = await runBinary(binary, [...flags, 'smoke.mjs'], project.dir);
    const { resolved, report } = JSON.parse(stdout) as { resolved: string; report: SmokeReport };
    return { loaded: inPackage(resolved), report };
  };
}

// A Worker as wrangler bundles one (conditions workerd, worker, browser),
// without the nodejs_compat flag, served by `workerd serve`. The bundle's
// metafile says which build of the package went in.
async function worker(binary: string, project: ScratchProject): Promise<Outcome> {
  const { metafile } = await build({
    stdin: {
      contents: `
        import { runSmoke } from './smoke.ts';
        import input from './input.json';
        export default { fetch: async () => Response.json(await runSmoke(input)) };
      `,
      resolveDir: project.dir,
      loader: 'ts',
    },
    bundle: true,
    conditions: ['workerd', 'worker', 'browser'],
    format: 'esm',
    platform: 'neutral',
    outfile: join(project.dir, 'worker.mjs'),
    metafile: true,
    logLevel: 'silent',
  });
  const port = await freePort();
  project.write({
    'worker.capnp': `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .smokeWorker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "worker.mjs")],
  compatibilityDate = "2025-09-01",
);
`,
  });
  const child = spawn(binary, ['serve', 'worker.capnp'], {
    cwd: project.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const response = await firstResponse(child, `http://127.0.0.1:${port}/`);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`the Worker answered ${response.status}: ${text}`);
    return { loaded: bundledBuild(metafile), report: JSON.parse(text) as SmokeReport };
  } finally {
    child.kill('SIGTERM');
  }
}

function bundledBuild(metafile: Metafile): string {
  const files = Object.keys(metafile.inputs)
    .map((path) => /node_modules\/tokenwarden\/(.+)$/.exec(path)?.[1])
    .filter((file) => file !== undefined);
  if (files.length !== 1) throw new Error(`the Worker bundled ${JSON.stringify(files)}`);
  return files[0]!;
}

// Polls until workerd listens; its stderr is the error when it exits first.
async function firstResponse(child: ChildProcess, url: string): Promise<Response> {
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + RUN_TIMEOUT;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`workerd exited: ${stderr}`);
    try {
      return await fetch(url);
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  throw new Error(`workerd did not answer within ${RUN_TIMEOUT} ms: ${stderr}`);
}

function runBinary(binary: string, args: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      binary,
      args,
      {
        cwd,
        timeout: RUN_TIMEOUT,
        // Deno keeps its caches inside the scratch project and never asks to update.
        env: { ...process.env, DENO_DIR: join(cwd, '.deno'), DENO_NO_UPDATE_CHECK: '1' },
      },
      (err, stdout, stderr) =>
        err
          ? fail(new Error(`${binary} ${args.join(' ')}: ${err.message}\n${stderr}`))
          : done(stdout),
    );
  });
}

function inPackage(url: string): string {
  const file = /\/node_modules\/tokenwarden\/(.+)$/.exec(url)?.[1];
  if (!file) throw new Error(`tokenwarden resolved outside the installed package: ${url}`);
  return file;
}
