import { defineConfig } from 'tsup';

// One entry per public subpath. jose stays external: it is the core's only
// runtime dependency and the user's bundler should dedupe it. `cookie` is a
// devDependency bundled in, so jose stays the only runtime dependency.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    express: 'src/frameworks/express/index.ts',
    fastify: 'src/frameworks/fastify/index.ts',
    client: 'src/client/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: false,
  treeshake: true,
  noExternal: ['cookie'],
});
