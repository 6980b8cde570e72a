/**
 * The command line's exit codes and the two failures that choose them
 * (README "Command line"): 0 ok, 1 invalid token, 2 usage.
 * @module
 */

/** What the process exits with. */
export const EXIT = { ok: 0, invalidToken: 1, usage: 2 } as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad arguments, an unreadable file or a key that does not load: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A token that cannot be decoded (it never reached the verifier): exit 1. */
export class MalformedTokenError extends Error {
  override readonly name = 'MalformedTokenError';
}

/** What a command prints and exits with; `main.ts` writes it out. */
export interface CommandResult {
  code: ExitCode;
  /** Written to stdout: the result itself, nothing else. */
  stdout: string;
  /** Written to stderr: warnings and errors, one per line. */
  stderr: string;
}
