/**
 * The commands of the `tokenwarden` command line and their arguments
 * (`node:util` parseArgs, strict): `run(argv)` returns what to print and the
 * exit code, so tests can call it without a process.
 * @module
 */
import { parseArgs } from 'node:util';
import { type CommandResult, EXIT, MalformedTokenError, UsageError } from './exit-codes.js';
import { HELP } from './help.js';
import { inspect } from './inspect.js';
import { jwks } from './jwks.js';
import { keygen } from './keygen.js';
import { readStdin } from './read-stdin.js';

type Command = keyof typeof COMMANDS;

const COMMON = { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } } as const;

const COMMANDS = {
  keygen: {
    options: {
      ...COMMON,
      alg: { type: 'string' },
      kid: { type: 'string' },
      format: { type: 'string' },
    },
    async run(values: Record<string, unknown>, positionals: string[]): Promise<CommandResult> {
      if (positionals.length > 0)
        throw new UsageError(`keygen takes no argument (got ${positionals[0]})`);
      if (typeof values.alg !== 'string') throw new UsageError('keygen needs --alg');
      return keygen({
        alg: values.alg,
        format: (values.format as string | undefined) ?? 'jwk',
        json: values.json === true,
        ...(typeof values.kid === 'string' ? { kid: values.kid } : {}),
      });
    },
  },
  jwks: {
    options: { ...COMMON, alg: { type: 'string' } },
    async run(values: Record<string, unknown>, positionals: string[]): Promise<CommandResult> {
      const result = await jwks({
        files: positionals,
        ...(typeof values.alg === 'string' ? { alg: values.alg } : {}),
      });
      if (values.json === true) result.stdout = `${JSON.stringify(JSON.parse(result.stdout))}\n`;
      return result;
    },
  },
  inspect: {
    options: {
      ...COMMON,
      key: { type: 'string', multiple: true },
      jwks: { type: 'string', multiple: true },
      issuer: { type: 'string', multiple: true },
      audience: { type: 'string', multiple: true },
      typ: { type: 'string' },
      alg: { type: 'string' },
    },
    async run(values: Record<string, unknown>, positionals: string[]): Promise<CommandResult> {
      if (positionals.length !== 1)
        throw new UsageError('inspect takes one token, or - to read it from stdin');
      const token = positionals[0] === '-' ? await readStdin() : positionals[0]!;
      const strings = (name: string) => values[name] as string[] | undefined;
      return inspect({
        token,
        keyFiles: [...(strings('key') ?? []), ...(strings('jwks') ?? [])],
        json: values.json === true,
        now: Date.now(),
        ...(typeof values.alg === 'string' ? { alg: values.alg } : {}),
        ...(typeof values.typ === 'string' ? { typ: values.typ } : {}),
        ...(strings('issuer') ? { issuer: strings('issuer')! } : {}),
        ...(strings('audience') ? { audience: strings('audience')! } : {}),
      });
    },
  },
} as const;

function isCommand(name: string | undefined): name is Command {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** Runs the command line on `argv` (without `node` and the script) and returns what to print. */
export async function run(argv: string[]): Promise<CommandResult> {
  const [name, ...rest] = argv;
  if (name === undefined) return { code: EXIT.usage, stdout: '', stderr: HELP.main };
  if (name === '--help' || name === '-h') return { code: EXIT.ok, stdout: HELP.main, stderr: '' };
  if (name === 'help') {
    const topic = isCommand(rest[0]) ? rest[0] : 'main';
    return { code: EXIT.ok, stdout: HELP[topic], stderr: '' };
  }
  if (!isCommand(name)) return usage(`unknown command ${JSON.stringify(name)}`, HELP.main);
  const command = COMMANDS[name];
  try {
    // '--' ends the options, so a token that starts with '-' can still be given.
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    if (values.help === true) return { code: EXIT.ok, stdout: HELP[name], stderr: '' };
    return await command.run(values, positionals);
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message, HELP[name]);
    if (err instanceof MalformedTokenError) {
      return { code: EXIT.invalidToken, stdout: '', stderr: `tokenwarden: ${err.message}\n` };
    }
    // parseArgs' own errors (unknown option, missing value) are usage errors.
    if (
      err instanceof TypeError &&
      'code' in err &&
      String(err.code).startsWith('ERR_PARSE_ARGS')
    ) {
      return usage(err.message, HELP[name]);
    }
    throw err;
  }
}

function usage(message: string, help: string): CommandResult {
  return { code: EXIT.usage, stdout: '', stderr: `tokenwarden: ${message}\n\n${help}` };
}
