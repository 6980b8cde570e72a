import { build } from 'esbuild';
import { expect, it } from 'vitest';

it('bundles from src/client, the shared constants and the duration grammar alone: no jose, no server core, no node: modules', async () => {
  const result = await build({
    entryPoints: ['src/client/index.ts'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);

  expect(inputs.length).toBeGreaterThan(0);
  // The route, cookie and CSRF names (core/constants.ts) and the duration grammar
  // (core/duration.ts) are written once and shared with the server; nothing else of
  // the server may reach the browser bundle.
  expect(inputs.filter((path) => !path.startsWith('src/client/')).sort()).toEqual([
    'src/core/constants.ts',
    'src/core/duration.ts',
  ]);
  expect(result.outputFiles[0]!.text).not.toMatch(/jose|node:|Buffer/);
});
