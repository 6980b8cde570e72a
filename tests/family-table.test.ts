import { describe, expect, it } from 'vitest';
import type { RotateInput, SessionRecord } from '../src/index.js';
import { SessionTable } from '../src/stores/memory/session-table.js';
import { rotated, rotation, sessionRecord } from '../src/testing/records.js';
import { setup } from './helpers/rotation.js';

// MemoryStore stays small because a session is one slot, rewritten in place by
// every rotation. These pin that the slot round-trips the engine's records
// exactly, secret digest and all.
describe('SessionTable', () => {
  it('round-trips the records the engine writes at login and at rotation', async () => {
    const { engine, calls, advance } = setup({}, { fastPath: false });
    const grant = await engine.login({ subject: 'alice', context: { userAgent: 'UA' } });
    advance(1000);
    await engine.refresh(grant.refreshToken);
    const created = calls.find((call) => call.method === 'createSession');
    const rotation = calls.find((call) => call.method === 'rotate');
    if (!created || !rotation) throw new Error('expected createSession and rotate calls');
    const session = created.args[0] as SessionRecord;
    const input = rotation.args[0] as RotateInput;
    const table = new SessionTable();
    const slot = table.add(session);
    expect(table.session(slot)).toEqual(session);
    table.rotate(slot, input);
    expect(table.session(slot)).toEqual(rotated(session, input));
  });

  it('isCurrent matches only the stored digest (any string, kept as is), the generation, and live idle and absolute expiry', () => {
    const table = new SessionTable();
    const digest = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    const other = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    for (const secretHash of [digest, `${digest.slice(0, 42)}h`, 'opaque']) {
      const session = sessionRecord(1_000_000, 1000, { secretHash, generation: 3 });
      const slot = table.add(session);
      expect(table.isCurrent(slot, 3, secretHash, 1_000_000)).toBe(true);
      expect(table.isCurrent(slot, 3, other, 1_000_000)).toBe(false);
      expect(table.isCurrent(slot, 3, `${digest.slice(0, 42)}h`, 1_000_000)).toBe(
        secretHash === `${digest.slice(0, 42)}h`,
      );
      expect(table.isCurrent(slot, 2, secretHash, 1_000_000)).toBe(false);
      expect(table.isCurrent(slot, 3, secretHash, 1_001_000)).toBe(false);
      table.revoke(slot, 1_000_000);
      expect(table.isCurrent(slot, 3, secretHash, 1_000_000)).toBe(false);
      table.free(slot);
    }
  });

  it('keeps any secret hash exactly as given, and frees slots clean', () => {
    const table = new SessionTable();
    const digest = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    // 'h' (33) sets an unused low bit: a lenient decoder accepts it, re-encoding changes it.
    for (const secretHash of [digest, `${digest.slice(0, 42)}h`, `${digest}=`, 'opaque', '']) {
      const session = sessionRecord(1_000_000, 1000, { secretHash });
      const slot = table.add(session);
      expect(table.session(slot)).toEqual(session);
      const input = rotation(session, 1_000_001);
      table.rotate(slot, input);
      expect(table.session(slot)).toEqual(rotated(session, input));
      table.free(slot);
    }
  });

  it('counts grace replays and revokes in place', () => {
    const table = new SessionTable();
    const session = sessionRecord(1_000_000, 1000);
    const slot = table.add(session);
    expect(table.countReplay(slot)).toBe(1);
    table.revoke(slot, 1_000_005);
    expect(table.session(slot)).toEqual({
      ...session,
      graceReplays: 1,
      status: 'revoked',
      revokedAt: 1_000_005,
    });
  });

  it('sessions with the same amr share nothing a caller or a step-up could change', () => {
    const table = new SessionTable();
    const first = table.add(sessionRecord(1_000_000, 1000, { amr: ['pwd'] }));
    const second = table.add(sessionRecord(1_000_000, 1000, { amr: ['pwd'] }));
    const handedOut = table.session(first).amr as string[];
    handedOut.push('tampered');
    table.setAuthentication(first, { authTime: 1_000_500, amr: ['pwd', 'otp'] });
    expect(table.session(first).amr).toEqual(['pwd', 'otp']);
    expect(table.session(second).amr).toEqual(['pwd']);
    // Lists that would collide under a naive join stay apart.
    const joined = table.add(sessionRecord(1_000_000, 1000, { amr: ['a,b'] }));
    const split = table.add(sessionRecord(1_000_000, 1000, { amr: ['a', 'b'] }));
    expect(table.session(joined).amr).toEqual(['a,b']);
    expect(table.session(split).amr).toEqual(['a', 'b']);
  });
});
