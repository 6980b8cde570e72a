/**
 * A scratch app that depends on the packed package, installed without the
 * network: `npm pack` of the repo (its current `dist/`, built by `pretest`),
 * the tarball extracted to `node_modules/tokenwarden` as npm would, and the
 * one dependency (jose) and the optional peers (express, fastify,
 * fastify-plugin, vitest) linked from the repo's own node_modules.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { nodeRuntime } from '../helpers/runtimes.js';

export const REPO = resolve(import.meta.dirname, '../..');

/** The declared minimum (`engines.node`), fetched from the registry on first use. */
export const NODE_20_19 = nodeRuntime('20.19.0');

const LINKED = ['jose', 'express', 'fastify', 'fastify-plugin', 'vitest'];

export interface ScratchProject {
  dir: string;
  /** Runs `node` with `args` in the project; returns stdout, throws on a non-zero exit. */
  run(node: string, ...args: string[]): string;
  /** Writes each of `files` (name to text) into the project. */
  write(files: Record<string, string>): void;
  remove(): void;
}

export function createScratchProject(): ScratchProject {
  const dir = mkdtempSync(join(tmpdir(), 'tokenwarden-scratch-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string }[];
  const target = join(dir, 'node_modules/tokenwarden');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', [
    '-xzf',
    join(dir, packed[0]!.filename),
    '-C',
    target,
    '--strip-components=1',
  ]);
  for (const name of LINKED)
    symlinkSync(join(REPO, 'node_modules', name), join(dir, 'node_modules', name));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  return {
    dir,
    write(files) {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    },
    run(node, ...args) {
      return execFileSync(node, args, {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Links the packed package's `bin` entries into `node_modules/.bin` and marks
 * them executable, as `npm install` does; returns the path of each command.
 */
export function installBins(project: ScratchProject): Record<string, string> {
  const root = join(project.dir, 'node_modules/tokenwarden');
  const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  mkdirSync(join(project.dir, 'node_modules/.bin'), { recursive: true });
  const commands: Record<string, string> = {};
  for (const [name, target] of Object.entries(bin)) {
    const link = join(project.dir, 'node_modules/.bin', name);
    chmodSync(join(root, target), 0o755);
    symlinkSync(join('../tokenwarden', target), link);
    commands[name] = link;
  }
  return commands;
}
