/**
 * A start-up failure the operator can fix (a missing variable, an unreachable
 * server): the example prints its message as one line, without a stack, and
 * exits with status 1.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/**
 * Runs `main`; a {@link StartupError} becomes one line on stderr and exit
 * status 1. Anything else is a bug and keeps its stack.
 */
export async function runExample(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    process.stderr.write(`tokenwarden example: ${error.message}\n`);
    process.exit(1);
  }
}
