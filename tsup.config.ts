import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

// esbuild plugin for the `node` build: every import of the signature backend
// selector resolves to its node:crypto twin. Nothing else differs.
const nodeBackend: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'tokenwarden-node-backend',
  setup(build) {
    const target = fileURLToPath(new URL('./src/token/signature/backend.node.ts', import.meta.url));
    build.onResolve({ filter: /\/signature\/backend\.js$/ }, () => ({ path: target }));
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

// One entry per public subpath. jose stays external: it is the core's only
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
      client: 'src/client/index.ts',
      redis: 'src/stores/redis/index.ts',
    },
    dts: true,
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
]);
