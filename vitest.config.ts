import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The suites that run the built package: `dist/` itself, or `tokenwarden/*`
 * through the package's self-reference (the examples the e2e suites start, the
 * demo page they bundle). A folder ends with `/`. They form the `dist` project,
 * whose global setup refuses a `dist/` older than `src/`; every other suite
 * imports `src/` and runs without a build. tests/setup/dist-suites.test.ts
 * checks that every suite importing the build is listed here.
 */
export const DIST_SUITES = [
  'tests/e2e/',
  'tests/errors.test.ts',
  'tests/packaging/',
  'tests/runtimes/',
  'tests/tree-shaking.test.ts',
];

const distGlobs = DIST_SUITES.map((path) => (path.endsWith('/') ? `${path}**/*.test.ts` : path));

export default defineConfig({
  test: {
    environment: 'node',
    // Vitest's default is one worker per CPU but one, so a single worker on
    // the 2-core CI machine: the suites then ran one after the other, at
    // 9.75 min against the 10-minute budget. Most of their time is spent
    // waiting on servers, browsers and child processes; two workers took
    // the whole run to 5 min there, with every suite passing.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'src',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...distGlobs],
        },
      },
      {
        extends: true,
        test: {
          name: 'dist',
          include: distGlobs,
          globalSetup: ['tests/setup/dist-fresh.ts'],
        },
      },
    ],
  },
});
