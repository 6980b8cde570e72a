import { defineConfig } from 'tsup';

// One entry per public subpath. jose stays external: it is the core's only
// runtime dependency and the user's bundler should dedupe it.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
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
});
