/**
 * Vitest global setup of the suites that run the built package (`dist/`, or
 * `tokenwarden/*` through the package's self-reference, as the examples do):
 * it refuses to start them on a `dist/` older than its sources, so that
 * `npx vitest run` alone cannot pass on old code. It checks, it does not
 * build: `npm test` already builds first (`pretest`), a second build would
 * cost as much again, and a build started from inside a test run would
 * rewrite `dist/` under any other process reading it.
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TestProject } from 'vitest/node';

/** What the build reads: a change to any of them makes `dist/` stale. */
const BUILD_INPUTS = ['src', 'package.json', 'tsup.config.ts'];

const ADVICE = 'run npm run build (npm test does it for you)';

/**
 * Why `dist/` under `root` cannot be trusted, or `undefined` when it is
 * fresh: a file the package exports is missing, or a build input is newer
 * than the oldest of them. The outputs are the files `package.json` points
 * at (`exports`, `main`, `module`, `types`): the build writes each of them,
 * and stray files in `dist/` do not count.
 *
 * @example
 * ```ts
 * const problem = distStaleness(process.cwd());
 * if (problem) throw new Error(problem);
 * ```
 */
export function distStaleness(root: string): string | undefined {
  const outputs = packageOutputs(root);
  if (outputs.length === 0) return `package.json of ${root} points at no file in dist/`;
  let oldest: { path: string; mtimeMs: number } | undefined;
  for (const path of outputs) {
    const mtimeMs = mtimeOf(join(root, path));
    if (mtimeMs === undefined) return `dist/ is missing or incomplete (no ${path}): ${ADVICE}`;
    if (oldest === undefined || mtimeMs < oldest.mtimeMs) oldest = { path, mtimeMs };
  }
  const newer = BUILD_INPUTS.flatMap((input) => filesUnder(join(root, input))).find(
    (file) => statSync(file).mtimeMs > oldest!.mtimeMs,
  );
  if (newer === undefined) return undefined;
  return `dist/ is older than src/: ${ADVICE}. ${relative(root, newer)} changed after ${oldest!.path} was built.`;
}

/** The global setup: fails the run before any suite starts. */
export default function checkDistIsFresh(project: TestProject): void {
  const problem = distStaleness(project.config.root);
  if (problem !== undefined) throw new Error(problem);
}

/** Every `./dist/...` path named in `package.json`, without duplicates. */
function packageOutputs(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const paths = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string' && value.startsWith('./dist/')) paths.add(value.slice(2));
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  collect([pkg.exports, pkg.main, pkg.module, pkg.types]);
  return [...paths];
}

function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** `path` itself when it is a file, every file below it when a directory. */
function filesUnder(path: string): string[] {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return [];
  if (!stats.isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
