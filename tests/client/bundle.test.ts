import { build } from 'esbuild';
import { expect, it } from 'vitest';

it('bundles from src/client and the shared constants alone: no jose, no server core, no node: modules', async () => {
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
  // The route, cookie and CSRF names are written once, in core/constants.ts, which the
  // server glue imports too; nothing else of the server may reach the browser bundle.
  expect(inputs.filter((path) => !path.startsWith('src/client/'))).toEqual([
    'src/core/constants.ts',
  ]);
  expect(result.outputFiles[0]!.text).not.toMatch(/jose|node:|Buffer/);
});
