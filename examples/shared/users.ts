/**
 * Demo users for the example apps, with passwords hashed by node:crypto scrypt
 * (RFC 7914). Real apps keep users in a database; the shape of
 * `verifyCredentials` is what matters here.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
) => Promise<Buffer>;

const KEY_LENGTH = 32;

/** A user as the app stores it: never the password, only its salted scrypt hash. */
export interface DemoUser {
  id: string;
  username: string;
  role: 'admin' | 'user';
  salt: Buffer;
  passwordHash: Buffer;
}

async function hashPassword(password: string, salt: Buffer): Promise<Buffer> {
  return scrypt(password, salt, KEY_LENGTH);
}

async function makeUser(
  id: string,
  username: string,
  password: string,
  role: DemoUser['role'],
): Promise<DemoUser> {
  const salt = randomBytes(16);
  return { id, username, role, salt, passwordHash: await hashPassword(password, salt) };
}

/** Seeds the two demo users of the HTTP contract: alice (admin) and bob (user). */
export async function seedUsers(): Promise<Map<string, DemoUser>> {
  const users = await Promise.all([
    makeUser('u_alice', 'alice', 'alice-password', 'admin'),
    makeUser('u_bob', 'bob', 'bob-password', 'user'),
  ]);
  return new Map(users.map((user) => [user.username, user]));
}

// Hashing against a dummy salt for unknown users keeps the response time of
// "no such user" close to "wrong password", so timing does not enumerate users.
const DUMMY_SALT = randomBytes(16);

/**
 * Checks a username and password. Returns the user, or null for an unknown
 * user and a wrong password alike (the app answers both with INVALID_CREDENTIALS).
 */
export async function verifyPassword(
  users: Map<string, DemoUser>,
  username: unknown,
  password: unknown,
): Promise<DemoUser | null> {
  if (typeof username !== 'string' || typeof password !== 'string') return null;
  const user = users.get(username);
  const hash = await hashPassword(password, user?.salt ?? DUMMY_SALT);
  if (!user) return null;
  return timingSafeEqual(hash, user.passwordHash) ? user : null;
}
