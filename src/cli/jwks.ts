/**
 * `tokenwarden jwks <key files…>`: the public JWKS of those keys, the document
 * to serve at `/.well-known/jwks.json`. Built by `createKeySet(...).jwks()`,
 * which derives public members only; the output is checked again so that no
 * private member (`d`, `p`, `q`, …, `k`) can ever be printed.
 * @module
 */
import { createKeySet, type KeyInput, type KeySet } from '../index.js';
import { type CommandResult, EXIT, UsageError } from './exit-codes.js';
import { loadKeyFile, PRIVATE_MEMBERS } from './key-files.js';

/** What `jwks` needs, parsed from its arguments. */
export interface JwksOptions {
  files: string[];
  alg?: string;
}

/** Builds a key set, turning configuration errors into usage errors. */
export async function keySetOf(keys: KeyInput[]): Promise<KeySet> {
  try {
    return await createKeySet({ keys });
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(err.message);
    throw err;
  }
}

/** Runs `jwks`. */
export async function jwks(options: JwksOptions): Promise<CommandResult> {
  if (options.files.length === 0) throw new UsageError('jwks needs at least one key file');
  const notes: string[] = [];
  const keys: KeyInput[] = [];
  for (const file of options.files) {
    const loaded = loadKeyFile(file, options.alg);
    if (loaded.keys.some((key) => key.alg.startsWith('HS'))) {
      throw new UsageError(`${file}: an HMAC secret has no public part and is never published`);
    }
    if (loaded.hasPrivate)
      notes.push(
        `tokenwarden: ${file} holds private key members; only public members are printed\n`,
      );
    keys.push(...loaded.keys);
  }
  const document = (await keySetOf(keys)).jwks();
  const leaked = document.keys.flatMap((jwk) => PRIVATE_MEMBERS.filter((m) => m in jwk));
  // Unreachable through createKeySet today; kept so that a regression there fails closed.
  if (leaked.length > 0) throw new Error(`refusing to print private members: ${leaked.join(', ')}`);
  return {
    code: EXIT.ok,
    stdout: `${JSON.stringify(document, null, 2)}\n`,
    stderr: notes.join(''),
  };
}
