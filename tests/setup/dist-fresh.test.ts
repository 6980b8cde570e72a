import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distStaleness } from './dist-fresh.js';

// Explicit mtimes (seconds since the epoch) instead of sleeping between writes.
const BUILT = 2_000_000;
const BEFORE = BUILT - 60;
const AFTER = BUILT + 60;

const PACKAGE = {
  main: './dist/index.cjs',
  exports: {
    '.': {
      node: { import: { types: './dist/index.d.ts', default: './dist/node/index.js' } },
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: './dist/index.cjs',
    },
    './client': { import: { default: './dist/client.js' } },
    './package.json': './package.json',
  },
};
const OUTPUTS = [
  'dist/index.cjs',
  'dist/index.d.ts',
  'dist/node/index.js',
  'dist/index.js',
  'dist/client.js',
];

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tw-dist-fresh-'));
  write('package.json', JSON.stringify(PACKAGE), BEFORE);
  write('tsup.config.ts', '', BEFORE);
  write('src/index.ts', '', BEFORE);
  write('src/client/options.ts', '', BEFORE);
  for (const path of OUTPUTS) write(path, '', BUILT);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(path: string, text: string, mtime: number): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  touch(path, mtime);
}

function touch(path: string, mtime: number): void {
  utimesSync(join(root, path), mtime, mtime);
}

describe('distStaleness', () => {
  it('accepts a dist/ built after every input', () => {
    expect(distStaleness(root)).toBeUndefined();
  });

  it('accepts an input changed in the same instant as the build', () => {
    touch('src/client/options.ts', BUILT);
    expect(distStaleness(root)).toBeUndefined();
  });

  it.each([
    ['a file deep under src/', 'src/client/options.ts'],
    ['package.json', 'package.json'],
    ['tsup.config.ts', 'tsup.config.ts'],
  ])('refuses a dist/ older than %s, naming both files', (_name, input) => {
    touch(input, AFTER);
    const problem = distStaleness(root);
    expect(problem).toMatch(
      /^dist\/ is older than src\/: run npm run build \(npm test does it for you\)/,
    );
    expect(problem).toContain(input);
  });

  it('compares with the oldest output, not the newest', () => {
    touch('src/index.ts', BUILT + 1);
    for (const path of OUTPUTS.slice(1)) touch(path, AFTER);
    expect(distStaleness(root)).toContain('dist/index.cjs was built');
  });

  it('ignores stray old files in dist/ that the package does not point at', () => {
    write('dist/chunk-from-an-old-build.js', '', BEFORE - 600);
    expect(distStaleness(root)).toBeUndefined();
  });

  it('refuses a missing dist/', () => {
    rmSync(join(root, 'dist'), { recursive: true });
    expect(distStaleness(root)).toMatch(
      /^dist\/ is missing or incomplete \(no dist\/[\w./]+\): run npm run build/,
    );
  });

  it('refuses a dist/ lacking one exported file', () => {
    rmSync(join(root, 'dist/node/index.js'));
    expect(distStaleness(root)).toContain('no dist/node/index.js');
  });

  it('refuses a package.json that points at nothing in dist/', () => {
    write('package.json', JSON.stringify({ main: './lib/index.js' }), BEFORE);
    expect(distStaleness(root)).toMatch(/points at no file in dist\//);
  });
});
