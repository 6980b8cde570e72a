#!/usr/bin/env node
/**
 * The `tokenwarden` command line (package.json `bin`). Node only; tsup builds
 * it as its own entry (dist/cli/index.js), which imports the library through
 * the package name, so it runs on the package's own `node` build.
 * @module
 */
import { EXIT, type ExitCode } from './exit-codes.js';
import { run } from './run.js';

async function main(): Promise<ExitCode> {
  const result = await run(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tokenwarden: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.usage;
  },
);
