import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

// esbuild plugin for the `node` build: every import of the signature backend
// selector, of the refresh-token crypto and of the base64url codec resolves to
// its Node twin (node:crypto, Buffer).
// Nothing else differs.
const nodeTwins: [RegExp, string][] = [
  [/\/signature\/backend\.js$/, './src/token/signature/backend.node.ts'],
  [/(^|\/)refresh-crypto\.js$/, './src/session/refresh-token/refresh-crypto.node.ts'],
  [/(^|\/)base64url-codec\.js$/, './src/core/base64url-codec.node.ts'],
];
const nodeBackend: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'tokenwarden-node-backend',
  setup(build) {
    for (const [filter, twin] of nodeTwins) {
      const target = fileURLToPath(new URL(twin, import.meta.url));
      build.onResolve({ filter }, () => ({ path: target }));
    }
  },
};

// esbuild plugin for the glue entries (/express, /fastify, /node-http, /testing, /postgres, /redis): an
// import that leaves the glue's own folder for a layer the core entry bundles is
// rewritten to the package itself, `tokenwarden`, and left external. The glue
// then runs on the very module instance the app imported (under Node, the
// `node` condition's dist/node/index.*, for import and require alike), so a
// process holds one AuthError class, not one per subpath bundle. Every name a
// glue entry imports from these folders must be exported by src/index.ts (its
// "Glue internals" section); tests/packaging/shared-core.test.ts links the
// built ESM glue, which fails on a missing export.
const SRC = fileURLToPath(new URL('./src/', import.meta.url));
const GLUE_DIRS = ['frameworks', 'testing', 'stores/postgres', 'stores/redis'].map(
  (dir) => `${SRC}${dir.replaceAll('/', sep)}${sep}`,
);
// Only the memory store is core: the server stores' own helpers
// (stores/deadline.ts) stay bundled into their subpaths.
const CORE_DIRS = ['core', 'token', 'session', 'stores/memory', 'http', 'auth'].map(
  (dir) => `${SRC}${dir.replaceAll('/', sep)}${sep}`,
);
const coreThroughPackage: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'tokenwarden-core-through-package',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const glueDir = GLUE_DIRS.find((dir) => args.importer.startsWith(dir));
      if (glueDir === undefined) return undefined;
      const target = resolve(args.resolveDir, args.path);
      if (!CORE_DIRS.some((dir) => target.startsWith(dir))) return undefined;
      return { path: 'tokenwarden', external: true };
    });
  },
};

// esbuild plugin for the command line: its import of the public face
// (src/index.ts) becomes the package itself, external, so dist/cli runs on the
// package's own `node` build instead of carrying a copy of the library.
const PUBLIC_FACE = `${SRC}index.ts`;
const libraryThroughPackage: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'tokenwarden-library-through-package',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      return target === PUBLIC_FACE ? { path: 'tokenwarden', external: true } : undefined;
    });
  },
};

const shared = {
  format: ['esm', 'cjs'],
  sourcemap: true,
  target: 'es2022',
  splitting: false,
  treeshake: true,
  noExternal: ['cookie'],
} satisfies Options;

// One entry per public subpath. The glue entries share the core entry through
// the package name (see coreThroughPackage); the client stays self-contained:
// it bundles only core/constants.ts, no server code and no jose. jose stays external: it is the core's only
// runtime dependency and the user's bundler should dedupe it. `cookie` is a
// devDependency bundled in, so jose stays the only runtime dependency. It must
// be an ES module (cookie >= 2): a CommonJS one is inlined behind a top-level
// require call, a side effect every importer's bundler keeps, cookies or not.
export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      express: 'src/frameworks/express/index.ts',
      fastify: 'src/frameworks/fastify/index.ts',
      'node-http': 'src/frameworks/node-http/index.ts',
      client: 'src/client/index.ts',
      redis: 'src/stores/redis/index.ts',
      postgres: 'src/stores/postgres/index.ts',
    },
    dts: true,
    esbuildPlugins: [coreThroughPackage],
    // Not `true`: the node build below writes dist/node at the same time.
    clean: ['*.js', '*.cjs', '*.map', '*.d.ts', '*.d.cts'],
    platform: 'neutral',
  },
  // The `node` export condition of `.`: same code, signatures through node:crypto.
  // Its types are the default build's (the public API is identical).
  {
    ...shared,
    entry: { index: 'src/index.ts' },
    outDir: 'dist/node',
    dts: false,
    clean: true,
    platform: 'node',
    esbuildPlugins: [nodeBackend],
  },
  // The `tokenwarden` command line (package.json `bin`): Node only, ESM only.
  // Its own folder, since the first build's `clean` globs only dist/*.
  {
    ...shared,
    format: ['esm'],
    entry: { index: 'src/cli/main.ts' },
    outDir: 'dist/cli',
    dts: false,
    clean: true,
    platform: 'node',
    esbuildPlugins: [libraryThroughPackage],
  },
]);
