/**
 * Model-based test of the rotation engine: random sequences of login,
 * refresh, replay of an old token, concurrent refresh, token theft, logout,
 * logout-all, clock advances, refreshes from a changed device that a
 * `refreshPolicy` answers with a step-up, and step-ups (`engine.stepUp`
 * moving the session to the stepping device) over several subjects and devices. A small
 * model predicts every outcome; the DESIGN invariants are also asserted
 * directly so a wrong model cannot hide a broken engine.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthError, createRotationEngine, MemoryStore, type RotationEngine } from '../src/index.js';
import { DAY, SECOND } from './helpers/rotation.js';

const GRACE = 5 * SECOND;
const CAP = 2;
const IDLE = 7 * DAY;
const ABSOLUTE = 20 * DAY;
const RETENTION = DAY;

interface TokenInfo {
  sessionId: string;
  rotatedAt: number | null;
  successor: string | null;
  replays: number;
}

interface FamilyModel {
  subject: string;
  status: 'active' | 'revoked';
  current: string;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
  /** The device the session trusts: the login's, then the last step-up's. */
  device: string;
}

interface Client {
  /** The user agent this client refreshes and steps up from. */
  device: string;
  subject: string;
  token: string | undefined;
  held: string[];
}

type Outcome = { ok: true; token: string | null } | { ok: false; code: string };

class Model {
  constructor(readonly onReuse: 'family' | 'subject') {}
  now = 1_700_000_000_000;
  readonly families = new Map<string, FamilyModel>();
  readonly tokens = new Map<string, TokenInfo>();
  readonly clients: Client[] = [
    { device: 'ua-0', subject: 'alice', token: undefined, held: [] },
    { device: 'ua-1', subject: 'alice', token: undefined, held: [] },
    { device: 'ua-2', subject: 'bob', token: undefined, held: [] },
    { device: 'ua-thief', subject: 'thief', token: undefined, held: [] },
  ];
  /** Tokens accepted for rotation, with when: an accepted token's successor exists from then on. */
  readonly firstAccepted = new Map<string, number>();

  familyOf(token: string): FamilyModel | undefined {
    const info = this.tokens.get(token);
    const family = info && this.families.get(info.sessionId);
    if (!family || this.now >= family.absoluteExpiresAt + RETENTION) return undefined;
    return family;
  }

  /** What presenting `token` from `device` must do now; `token: null` means "a new token we cannot predict". */
  predict(token: string, device: string): Outcome {
    const family = this.familyOf(token);
    if (!family) return { ok: false, code: 'REFRESH_TOKEN_INVALID' };
    if (family.status === 'revoked') return { ok: false, code: 'SESSION_REVOKED' };
    if (this.now >= family.absoluteExpiresAt || this.now >= family.idleExpiresAt) {
      return { ok: false, code: 'REFRESH_TOKEN_EXPIRED' };
    }
    const info = this.tokens.get(token)!;
    // A rotated token that is no grace candidate is reuse from any device:
    // the policy never shields a leak.
    if (info.rotatedAt !== null && !this.isGraceParent(token)) {
      return { ok: false, code: 'REFRESH_TOKEN_REUSED' };
    }
    // The policy: another device must step up first; nothing rotates, nothing is revoked.
    if (device !== family.device) return { ok: false, code: 'STEP_UP_REQUIRED' };
    if (info.rotatedAt === null) return { ok: true, token: null };
    // Inside the window the immediate parent never revokes: over the cap it is only refused.
    return info.replays < CAP
      ? { ok: true, token: info.successor }
      : { ok: false, code: 'RATE_LIMITED' };
  }

  /** `token` is the immediate parent of its family's current token, rotated inside the window. */
  isGraceParent(token: string): boolean {
    const info = this.tokens.get(token);
    const family = this.familyOf(token);
    return (
      info?.rotatedAt != null &&
      family?.current === info.successor &&
      this.now - info.rotatedAt < GRACE
    );
  }

  /** Applies a successful refresh of `parent` that returned `next`. */
  accept(parent: string, next: string, countsAsReplay: boolean): void {
    const info = this.tokens.get(parent)!;
    const family = this.families.get(info.sessionId)!;
    if (info.rotatedAt === null) {
      info.rotatedAt = this.now;
      info.successor = next;
      this.tokens.set(next, {
        sessionId: info.sessionId,
        rotatedAt: null,
        successor: null,
        replays: 0,
      });
      family.current = next;
      family.idleExpiresAt = Math.min(this.now + IDLE, family.absoluteExpiresAt);
      this.firstAccepted.set(parent, this.now);
    } else if (countsAsReplay) {
      info.replays += 1;
    }
  }

  revokeFamilyOf(token: string): void {
    const family = this.familyOf(token);
    if (!family) return;
    family.status = 'revoked';
    if (this.onReuse === 'family') return;
    for (const other of this.families.values()) {
      if (other.subject === family.subject) other.status = 'revoked';
    }
  }
}

interface Real {
  engine: RotationEngine;
  advance(ms: number): void;
}

async function outcome(promise: Promise<{ refreshToken: string }>): Promise<Outcome> {
  try {
    return { ok: true, token: (await promise).refreshToken };
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    return { ok: false, code: err.code };
  }
}

/** Checks one refresh result against the prediction and the invariants, then updates the model. */
function settle(
  model: Model,
  client: Client,
  presented: string,
  got: Outcome,
  countsAsReplay: boolean,
) {
  const expected = model.predict(presented, client.device);
  const family = model.familyOf(presented);
  // Invariants, stated independently of the model's prediction.
  if (got.ok) {
    expect(family?.status, 'a revoked family never yields a token').not.toBe('revoked');
    const info = model.tokens.get(presented)!;
    if (info.successor !== null) {
      expect(got.token, 'a replay only ever returns the same successor').toBe(info.successor);
      expect(family?.current, 'an older generation never passes').toBe(info.successor);
      const first = model.firstAccepted.get(presented)!;
      expect(model.now - first, 'outside the window a token is accepted at most once').toBeLessThan(
        GRACE,
      );
    }
  }
  const rotatedOutsideWindow = (() => {
    const info = model.tokens.get(presented);
    return (
      family?.status === 'active' && info?.rotatedAt != null && model.now - info.rotatedAt >= GRACE
    );
  })();
  if (rotatedOutsideWindow && expected.ok === false && expected.code === 'REFRESH_TOKEN_REUSED') {
    expect(got, 'a replay after the window revokes the family').toEqual({
      ok: false,
      code: 'REFRESH_TOKEN_REUSED',
    });
  }
  if (family?.status === 'active' && model.isGraceParent(presented)) {
    expect(got, 'a replay of the parent inside the window never revokes').not.toEqual({
      ok: false,
      code: 'REFRESH_TOKEN_REUSED',
    });
  }
  // The full prediction.
  if (expected.ok) {
    expect(got.ok).toBe(true);
    if (expected.token !== null) expect(got).toEqual(expected);
  } else {
    expect(got).toEqual(expected);
  }
  if (got.ok) {
    model.accept(presented, got.token!, countsAsReplay);
    if (client.held.at(-1) !== got.token) client.held.push(got.token!);
    client.token = got.token!;
  } else if (got.code === 'REFRESH_TOKEN_REUSED') {
    model.revokeFamilyOf(presented);
  }
}

type Cmd = fc.AsyncCommand<Model, Real>;

const login = (c: number): Cmd => ({
  check: (m) => m.clients[c]!.subject !== 'thief',
  async run(m, r) {
    const client = m.clients[c]!;
    const grant = await r.engine.login({
      subject: client.subject,
      context: { userAgent: client.device },
    });
    m.families.set(grant.sessionId, {
      subject: client.subject,
      status: 'active',
      current: grant.refreshToken,
      idleExpiresAt: m.now + IDLE,
      absoluteExpiresAt: m.now + ABSOLUTE,
      device: client.device,
    });
    m.tokens.set(grant.refreshToken, {
      sessionId: grant.sessionId,
      rotatedAt: null,
      successor: null,
      replays: 0,
    });
    client.token = grant.refreshToken;
    client.held.push(grant.refreshToken);
  },
  toString: () => `login(${c})`,
});

const refresh = (c: number): Cmd => ({
  check: (m) => m.clients[c]!.token !== undefined,
  async run(m, r) {
    const client = m.clients[c]!;
    const token = client.token!;
    settle(m, client, token, await outcome(r.engine.refresh(token, from(client))), true);
  },
  toString: () => `refresh(${c})`,
});

const replay = (c: number, k: number): Cmd => ({
  check: (m) => m.clients[c]!.held.length > 0,
  async run(m, r) {
    const client = m.clients[c]!;
    const token = client.held[k % client.held.length]!;
    settle(m, client, token, await outcome(r.engine.refresh(token, from(client))), true);
  },
  toString: () => `replay(${c}, ${k})`,
});

// A retry or a second tab sending the token the client just rotated away from.
const retry = (c: number): Cmd => ({
  check: (m) => m.clients[c]!.held.length > 1,
  async run(m, r) {
    const client = m.clients[c]!;
    const token = client.held.at(-2)!;
    settle(m, client, token, await outcome(r.engine.refresh(token, from(client))), true);
  },
  toString: () => `retry(${c})`,
});

// A legitimate client's tabs racing with its current token.
const concurrent = (c: number, n: number): Cmd => ({
  check: (m) => {
    const token = m.clients[c]!.token;
    return (
      token !== undefined &&
      m.predict(token, m.clients[c]!.device).ok &&
      m.tokens.get(token)!.rotatedAt === null
    );
  },
  async run(m, r) {
    const client = m.clients[c]!;
    const token = client.token!;
    const results = await Promise.all(
      Array.from({ length: n }, () => outcome(r.engine.refresh(token, from(client)))),
    );
    for (const result of results) {
      expect(result.ok, "a client's own concurrent refreshes never log it out").toBe(true);
    }
    expect(new Set(results.map((x) => (x.ok ? x.token : x.code))).size).toBe(1);
    settle(m, client, token, results[0]!, false);
  },
  toString: () => `concurrent(${c}, ${n})`,
});

function from(client: Client): { context: { userAgent: string } } {
  return { context: { userAgent: client.device } };
}

// The user moves a session to another browser of theirs: its refreshes ask for a step-up.
const moveDevice = (c: number, d: number): Cmd => ({
  check: (m) => m.clients[c]!.subject !== 'thief',
  async run(m) {
    m.clients[c]!.device = `ua-${c}-${d}`;
  },
  toString: () => `moveDevice(${c}, ${d})`,
});

// The user proves a second factor in the session of its current token, from its device.
const stepUp = (c: number): Cmd => ({
  check: (m) => m.clients[c]!.token !== undefined && m.clients[c]!.subject !== 'thief',
  async run(m, r) {
    const client = m.clients[c]!;
    const info = m.tokens.get(client.token!)!;
    const family = m.familyOf(client.token!);
    const live = family?.status === 'active';
    const expired = family && (m.now >= family.absoluteExpiresAt || m.now >= family.idleExpiresAt);
    const expected =
      !family || !live ? 'SESSION_REVOKED' : expired ? 'REFRESH_TOKEN_EXPIRED' : 'ok';
    let got: string;
    try {
      const grant = await r.engine.stepUp({
        sessionId: info.sessionId,
        amr: ['otp'],
        context: { userAgent: client.device },
      });
      expect(grant.authTime).toBe(m.now);
      got = 'ok';
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      got = err.code;
    }
    expect(got, 'stepUp succeeds exactly for a live session').toBe(expected);
    if (got === 'ok') family!.device = client.device;
  },
  toString: () => `stepUp(${c})`,
});

const steal = (victim: number): Cmd => ({
  check: (m) => m.clients[victim]!.token !== undefined && m.clients[victim]!.subject !== 'thief',
  async run(m) {
    const thief = m.clients[3]!;
    // A thief who copies the user agent too: the policy cannot tell, reuse detection must.
    thief.device = m.clients[victim]!.device;
    thief.token = m.clients[victim]!.token;
    thief.held.push(thief.token!);
  },
  toString: () => `steal(${victim})`,
});

const logout = (c: number): Cmd => ({
  check: (m) => m.clients[c]!.token !== undefined,
  async run(m, r) {
    const token = m.clients[c]!.token!;
    const family = m.familyOf(token);
    const expected = family?.status === 'active';
    expect(await r.engine.logout(token)).toBe(expected);
    if (family) family.status = 'revoked';
  },
  toString: () => `logout(${c})`,
});

const logoutAll = (subject: string): Cmd => ({
  check: () => true,
  async run(m, r) {
    let expected = 0;
    for (const [id, family] of m.families) {
      if (family.subject !== subject || family.status !== 'active') continue;
      if (m.now >= family.absoluteExpiresAt + RETENTION) continue;
      expected += 1;
      m.families.get(id)!.status = 'revoked';
    }
    expect((await r.engine.logoutAll(subject)).revokedFamilies).toBe(expected);
  },
  toString: () => `logoutAll(${subject})`,
});

const advance = (ms: number): Cmd => ({
  check: () => true,
  async run(m, r) {
    m.now += ms;
    r.advance(ms);
  },
  toString: () => `advance(${ms})`,
});

const client = fc.integer({ min: 0, max: 3 });
const commands = [
  client.map(login),
  client.map(refresh),
  client.map(refresh),
  client.map(refresh),
  fc.tuple(client, fc.nat(20)).map(([c, k]) => replay(c, k)),
  client.map(retry),
  client.map(retry),
  fc.tuple(client, fc.integer({ min: 2, max: 6 })).map(([c, n]) => concurrent(c, n)),
  fc.integer({ min: 0, max: 2 }).map(steal),
  fc.tuple(client, fc.nat(3)).map(([c, d]) => moveDevice(c, d)),
  client.map(stepUp),
  client.map(stepUp),
  client.map(logout),
  fc.constantFrom('alice', 'bob').map(logoutAll),
  fc.constantFrom(1 * SECOND, 2 * SECOND, 3 * SECOND, 6 * SECOND).map(advance),
  fc.constantFrom(1 * SECOND, 6 * SECOND, DAY, 8 * DAY).map(advance),
];

describe('rotation engine state machine', () => {
  it.each(['family', 'subject'] as const)(
    'keeps the DESIGN invariants with onReuse %s under random logins, refreshes, replays, races, theft and time',
    async (onReuse) => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: 'max' }), async (cmds) => {
          const model = new Model(onReuse);
          let now = model.now;
          const clock = () => now;
          const store = new MemoryStore({ clock });
          const engine = createRotationEngine({
            clock,
            store,
            reuseGrace: GRACE / SECOND,
            maxGraceReplays: CAP,
            refreshTtl: IDLE / SECOND,
            absoluteTtl: ABSOLUTE / SECOND,
            onReuse,
            refreshPolicy: (session, presented) =>
              session.device?.userAgent === presented.userAgent ? 'allow' : 'step-up',
          });
          const real: Real = {
            engine,
            advance: (ms) => {
              now += ms;
            },
          };
          // Every run starts with three logged-in devices so most commands apply.
          for (const c of [0, 1, 2]) await login(c).run(model, real);
          await fc.asyncModelRun(() => ({ model, real }), cmds);
          // Storage is one record per session, whatever the rotations and replays.
          await store.deleteExpired(now);
          const retained = [...model.families.values()].filter(
            (family) => now < family.absoluteExpiresAt + RETENTION,
          );
          expect(store.stats().sessions).toBe(retained.length);
        }),
        { numRuns: 150 },
      );
    },
  );
});
