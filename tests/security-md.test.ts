/**
 * SECURITY.md's threat model is checkable: one table, five cells a row, every
 * threat the model promises, and every test file it cites exists and is a
 * test suite, so a renamed or deleted test cannot leave the table lying.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const text = readFileSync(resolve(ROOT, 'SECURITY.md'), 'utf8');

const HEADER =
  '| threat | defence in tokenwarden | setting | test file that proves it | residual risk |';

/** The rows of the threat table as cells (a `\|` inside a cell is not a separator). */
function rows(): string[][] {
  const lines = text.split('\n');
  const start = lines.indexOf(HEADER);
  expect(start, 'the threat table header').toBeGreaterThan(-1);
  const body: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    body.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  return body;
}

const THREATS = [
  /XSS/,
  /CSRF/,
  /algorithm confusion/i,
  /none/,
  /key injection/i,
  /replay of a stolen refresh token/i,
  /concurrent refresh/i,
  /logout not ending access/i,
  /clock skew/i,
  /oversized tokens/i,
  /store outage/i,
  /timing attacks/i,
  /login flooding/i,
  /logs leaking tokens/i,
  /sensitive action/i,
  /suspicious device/i,
  /JWKS endpoint/i,
  /error pages/i,
  /signing keys lost/i,
];

describe('SECURITY.md', () => {
  it('has a row, with five non-empty cells, for every threat of the model', () => {
    const table = rows();
    for (const row of table) {
      expect(row, row[0]).toHaveLength(5);
      for (const cell of row) expect(cell, row[0]).not.toBe('');
    }
    for (const threat of THREATS) {
      expect(
        table.filter((row) => threat.test(row[0]!)),
        String(threat),
      ).toHaveLength(1);
    }
  });

  it('cites, in every row, only test files that exist', () => {
    for (const row of rows()) {
      const cited = [...row[3]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      expect(cited.length, row[0]).toBeGreaterThan(0);
      for (const path of cited) {
        expect(path, row[0]).toMatch(/^tests\/.+\.test\.ts$/);
        expect(existsSync(resolve(ROOT, path)), `${row[0]}: ${path}`).toBe(true);
      }
    }
  });

  it('says how to report a vulnerability', () => {
    expect(text).toMatch(/^## Reporting a vulnerability$/m);
  });
});
