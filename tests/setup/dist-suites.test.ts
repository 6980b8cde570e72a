/**
 * Every test file that imports the built package must be in the `dist`
 * project, whose global setup refuses a stale `dist/`; anywhere else it would
 * run old code without a word.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DIST_SUITES } from '../../vitest.config.js';

// An import (static, dynamic or re-export) of dist/, of the package by its own
// name, or of the examples, which import the package by its own name.
const USES_BUILD = [
  /(?:from\s*|import\(\s*)['"](?:\.{1,2}\/)+dist\//,
  /(?:from\s*|import\(\s*)['"]tokenwarden(?:\/[\w-]+)?['"]/,
  /(?:from\s*|import\(\s*)['"](?:\.{1,2}\/)+examples\//,
];

function testSources(): string[] {
  return readdirSync('tests', { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => join('tests', path).replaceAll('\\', '/'));
}

const inDistProject = (path: string) =>
  DIST_SUITES.some((entry) => (entry.endsWith('/') ? path.startsWith(entry) : path === entry));

it('runs every test file that imports the build in the dist project', () => {
  const usesBuild = testSources().filter((path) => {
    const text = readFileSync(path, 'utf8');
    return USES_BUILD.some((pattern) => pattern.test(text));
  });

  // The scan itself must see the suites known to use the build.
  expect(usesBuild).toEqual(
    expect.arrayContaining(['tests/errors.test.ts', 'tests/e2e/harness.ts']),
  );
  expect(usesBuild.filter((path) => !inDistProject(path))).toEqual([]);
});
