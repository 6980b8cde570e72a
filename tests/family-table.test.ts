import { describe, expect, it } from 'vitest';
import type { FamilyRecord, RefreshTokenRecord, RotateInput } from '../src/index.js';
import { FamilyTable } from '../src/stores/memory/family-table.js';
import { familyRecord, tokenRecord } from '../src/testing/records.js';
import { setup } from './helpers/rotation.js';

// MemoryStore stays small because the engine's tokens fit the inlined layout.
// A token that does not still works, as its own record, only bigger: these
// pin which tokens fit, so a change to the engine's records cannot silently
// multiply the store's memory.
describe('FamilyTable inlining', () => {
  it('inlines the tokens the engine creates at login and at rotation, exactly', async () => {
    const { engine, calls, advance } = setup();
    const grant = await engine.login({ subject: 'alice' });
    advance(1000);
    await engine.refresh(grant.refreshToken);
    const created = calls.find((call) => call.method === 'createFamily')?.args;
    const [family, first] = created as [FamilyRecord, RefreshTokenRecord];
    const rotation = calls.find((call) => call.method === 'rotate')?.args[0] as RotateInput;
    const { successor } = rotation;

    const table = new FamilyTable();
    const slot = table.add(family);
    expect(table.inlineToken(slot, first)).toBe(true);
    expect(table.token(slot)).toEqual(first);
    table.advance(slot, successor.id, successor.generation, rotation.rotatedAt, 0);
    expect(table.inlineToken(slot, successor)).toBe(true);
    expect(table.token(slot)).toEqual(successor);
  });

  it('leaves out any token that is not the plain current one', () => {
    const table = new FamilyTable();
    const family = familyRecord(1_000_000, 1000);
    const slot = table.add(family);
    const plain = tokenRecord(family);
    const odd: Partial<RefreshTokenRecord>[] = [
      { id: 'tok-other' },
      { sessionId: 'fam-other' },
      { status: 'rotated' },
      { rotatedAt: family.lastUsedAt },
      { successorId: 'tok-next' },
      { graceReplays: 1 },
      { generation: family.generation + 1 },
      { createdAt: family.lastUsedAt - 1 },
      { expiresAt: family.expiresAt + 1 },
      { secretHash: `${plain.secretHash}=` },
    ];
    for (const overrides of odd) {
      expect(table.inlineToken(slot, { ...plain, ...overrides })).toBe(false);
    }
    expect(table.inlineToken(slot, plain)).toBe(true);
    expect(table.token(slot)).toEqual(plain);
  });
});
