/**
 * The Lua scripts of `RedisStore`: each atomic `TokenStore` method is one of
 * them, run by SHA (`EVALSHA`). Every script touches the keys of ONE hash slot:
 * a session, its subject's index and its subject's version all carry the
 * subject's tag (`{tag}`), so the scripts run unchanged on a Redis Cluster.
 *
 * Expiry is decided against the time the engine passes in ARGV, never Redis's
 * own clock (`TIME`): the store follows the engine's clock, and `PEXPIREAT`
 * only does the physical cleanup. A record whose `e` (expiresAt) is at or
 * before that time reads as absent.
 *
 * Session hash fields (short names keep the hash a small listpack):
 * `u` subject, `st` status (`a` active | `r` revoked), `c` createdAt,
 * `l` lastUsedAt, `i` idleExpiresAt, `a` absoluteExpiresAt, `g` generation,
 * `h` secretHash, `r` rotatedAt (absent = null), `n` graceReplays,
 * `x` revokedAt (absent = null), `d` device JSON (absent = null), `e` expiresAt,
 * `t` authTime and `m` amr JSON (both absent on hashes written before step-up).
 * @module
 */
import { createHash } from 'node:crypto';
import { FIELDS } from './session-codec.js';

/** A script's source and the SHA1 that `EVALSHA` names it by. */
export interface Script {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

function script(name: string, source: string): Script {
  return { name, source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * `record(key)`: a session hash as the `HMGET` of every field (see `FIELDS`
 * in session-codec.ts), absent fields `false`; `json(values)` is such a list
 * as ONE JSON array string, which is how the scripts answer with a record.
 * Measured on node-redis: RESP-decoding a record's fifteen values cost about
 * 25 µs per call (a nested HGETALL array about 40), a third of a round trip;
 * one bulk string and `JSON.parse` cost a few. And HMGET by position spares
 * the server the Lua table an HGETALL would be turned into.
 */
const RECORD = `
local function record(key)
  return redis.call('HMGET', key, ${FIELDS.map((f) => `'${f}'`).join(', ')})
end
local json = cjson.encode
`;

/**
 * KEYS[1] session hash, KEYS[2] subject index (sorted set: session id scored
 * by expiresAt). ARGV[1] session id, ARGV[2] expiresAt, ARGV[3] createdAt (the
 * write's time), ARGV[4..] the hash's field/value pairs.
 * The index keeps the expiry of its longest-lived member, and loses its
 * expired members here so it never outgrows the subject's live sessions.
 */
export const CREATE_SESSION = script(
  'createSession',
  `
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if last[2] then redis.call('PEXPIREAT', KEYS[2], last[2]) end
return 1
`,
);

/**
 * The rotation compare-and-swap (DESIGN decision 4). KEYS[1] session hash.
 * ARGV[1] the generation the engine saw, ARGV[2] successor's secretHash,
 * ARGV[3] rotatedAt (also the time expiry is judged at), ARGV[4] idleExpiresAt.
 * Returns {outcome} or {outcome, record JSON}; outcomes are checked in the
 * contract's order: not_found, revoked, superseded, then ok. The generation
 * is compared as the decimal string the engine sent: HSET and HINCRBY both
 * store canonical integers, so equal numbers are equal strings.
 */
export const ROTATE = script(
  'rotate',
  `${RECORD}
local s = redis.call('HMGET', KEYS[1], 'e', 'st', 'g')
if not s[1] or tonumber(s[1]) <= tonumber(ARGV[3]) then return {'not_found'} end
if s[2] ~= 'a' then return {'revoked', json(record(KEYS[1]))} end
if s[3] ~= ARGV[1] then return {'superseded', json(record(KEYS[1]))} end
redis.call('HINCRBY', KEYS[1], 'g', 1)
redis.call('HSET', KEYS[1], 'h', ARGV[2], 'r', ARGV[3], 'l', ARGV[3], 'i', ARGV[4], 'n', '0')
return {'ok', json(record(KEYS[1]))}
`,
);

/**
 * The refresh fast path (`TokenStore.rotateIfCurrent`): ROTATE with every
 * check of a refresh's happy path in the same script, and the subject's
 * token version read in it. KEYS[1] session hash. ARGV[1] presented
 * generation, ARGV[2] successor's secretHash, ARGV[3] rotatedAt (= now),
 * ARGV[4] idle expiry before the cap at `a`, ARGV[5] presented secret's
 * digest, ARGV[6] the token-version key prefix of the session's tag
 * (`prefix{tag}:v:`, so `ARGV[6] .. subject` is in KEYS[1]'s slot).
 * That version key is the one key a script reads without declaring it: the
 * engine knows only the session id here, and the subject is in the hash;
 * declaring it would cost a round trip on every refresh. It carries KEYS[1]'s
 * hash tag, so the node that owns KEYS[1] owns it (Redis Cluster checks every
 * command of a script against the node's slots). It is read BEFORE the
 * rotation is written: while that slot migrates and the version key has
 * already moved, the read fails ("non local key") with nothing written, and
 * the store call fails closed instead of rotating without answering. On the
 * importing node (after `ASK`) a version not yet moved reads as 0: an access
 * token minted with it is refused by `accessRevocation: 'version'` (which
 * wants the current version exactly), never let through.
 * Returns {'not_found'}, {'unchanged', '0', record JSON} (nothing written),
 * or {'ok', version, record JSON}: the hash is read once (`record`), checked
 * and updated in that list by position, and the list is the reply, which
 * saves the further commands of ROTATE's shape. Times are compared as numbers;
 * the idle expiry written is one of the two decimal strings, never a Lua
 * number (which would print as 1.7e+12); the generation (< 2^31) prints
 * exactly. `==` on the digests is not
 * constant-time, which is safe: see `TokenStore.rotateIfCurrent`.
 */
export const ROTATE_IF_CURRENT = script(
  'rotateIfCurrent',
  `${RECORD}
local s = record(KEYS[1])
local now = tonumber(ARGV[3])
if not s[1] or tonumber(s[1]) <= now then return {'not_found'} end
if s[2] ~= 'a' or s[3] ~= ARGV[1] or s[4] ~= ARGV[5]
  or tonumber(s[5]) <= now or tonumber(s[6]) <= now then
  return {'unchanged', '0', json(s)}
end
local idle = ARGV[4]
if tonumber(s[6]) < tonumber(idle) then idle = s[6] end
s[3] = tostring(tonumber(s[3]) + 1)
s[4] = ARGV[2]
s[5] = idle
s[8] = ARGV[3]
s[9] = ARGV[3]
s[10] = '0'
local v = redis.call('HMGET', ARGV[6] .. s[7], 'v', 'e')
local version = '0'
if v[1] and v[2] and tonumber(v[2]) > now then version = v[1] end
redis.call('HSET', KEYS[1], 'g', s[3], 'h', s[4], 'i', s[5], 'r', s[8], 'l', s[9], 'n', s[10])
return {'ok', version, json(s)}
`,
);

/**
 * One grace replay, counted atomically so concurrent claims never pass the
 * cap. KEYS[1] session hash. ARGV[1] generation that must be current,
 * ARGV[2] maxReplays, ARGV[3] now.
 */
export const CLAIM_GRACE_REPLAY = script(
  'claimGraceReplay',
  `${RECORD}
local s = redis.call('HMGET', KEYS[1], 'e', 'st', 'g', 'n')
if not s[1] or tonumber(s[1]) <= tonumber(ARGV[3]) then return {'not_found'} end
if s[2] ~= 'a' then return {'revoked'} end
if s[3] ~= ARGV[1] then return {'superseded'} end
if tonumber(s[4]) >= tonumber(ARGV[2]) then return {'cap_exceeded'} end
redis.call('HINCRBY', KEYS[1], 'n', 1)
return {'ok', json(record(KEYS[1]))}
`,
);

/**
 * Step-up: a new authentication of a live session. KEYS[1] session hash.
 * ARGV[1] now, ARGV[2] authTime, ARGV[3] amr JSON, ARGV[4] device mode
 * (`k` keep, `n` none, `s` set to ARGV[5], a JSON object). Returns
 * {'ok', record JSON} or {'refused'}: unknown, expired (record, idle or
 * absolute) at now, or revoked.
 */
export const SET_AUTHENTICATION = script(
  'setAuthentication',
  `${RECORD}
local s = redis.call('HMGET', KEYS[1], 'e', 'st', 'i', 'a')
local now = tonumber(ARGV[1])
if not s[1] or tonumber(s[1]) <= now or s[2] ~= 'a' then return {'refused'} end
if tonumber(s[3]) <= now or tonumber(s[4]) <= now then return {'refused'} end
redis.call('HSET', KEYS[1], 't', ARGV[2], 'm', ARGV[3])
if ARGV[4] == 'n' then redis.call('HDEL', KEYS[1], 'd') end
if ARGV[4] == 's' then redis.call('HSET', KEYS[1], 'd', ARGV[5]) end
return {'ok', json(record(KEYS[1]))}
`,
);

/**
 * The check that opens the two scripts over a subject's index. The store reads
 * the index first (`ZRANGE`) and declares every session key it names, so the
 * script touches only keys in KEYS, as Redis's scripting contract asks: KEYS[1]
 * subject index, ARGV[1] now; then KEYS[i] is the session hash of id ARGV[i]
 * for every i >= 2. After its expired members are dropped, the index must hold
 * no id beyond the declared ones, else the script writes nothing more and
 * answers {'retry'} (a session was created between the read and the script;
 * the store reads again). Declared ids the index no longer holds are harmless:
 * each is judged by its own hash (expiry, status), which is the truth.
 */
const INDEX_UNCHANGED = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local declared = {}
for i = 2, #ARGV do declared[ARGV[i]] = true end
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if not declared[id] then return {'retry'} end
end
`;

/**
 * The subject's sessions, with the declared keys of `INDEX_UNCHANGED`.
 * Returns {'retry'} or {'ok', id, record JSON, id, record JSON, ...}.
 */
export const LIST_SESSIONS = script(
  'listSessions',
  `${RECORD}${INDEX_UNCHANGED}
local out = {'ok'}
for i = 2, #ARGV do
  local r = record(KEYS[i])
  if r[1] then
    out[#out + 1] = ARGV[i]
    out[#out + 1] = json(r)
  end
end
return out
`,
);

/**
 * KEYS[1] session hash. ARGV[1] at. 1 when it was active (and unexpired at
 * `at`) and is now revoked, else 0. Expiry (and so the TTL) is unchanged.
 */
export const REVOKE_SESSION = script(
  'revokeSession',
  `
local s = redis.call('HMGET', KEYS[1], 'e', 'st')
if not s[1] or tonumber(s[1]) <= tonumber(ARGV[1]) or s[2] ~= 'a' then return 0 end
redis.call('HSET', KEYS[1], 'st', 'r', 'x', ARGV[1])
return 1
`,
);

/**
 * Logout everywhere, atomically: every active session in the subject's index
 * is revoked in one script, so none created before the call survives it, and a
 * process dying half-way cannot leave one usable (there is no half-way). Keys
 * as `INDEX_UNCHANGED` (ARGV[1] is `at`): a session created after the store
 * read the index makes the script answer {'retry'} before revoking anything,
 * never a silently partial set. Returns {'retry'} or {'ok', revoked count}.
 */
export const REVOKE_SUBJECT = script(
  'revokeSubject',
  `${INDEX_UNCHANGED}
local revoked = 0
for i = 2, #ARGV do
  local s = redis.call('HMGET', KEYS[i], 'e', 'st')
  if s[1] and tonumber(s[1]) > tonumber(ARGV[1]) and s[2] == 'a' then
    redis.call('HSET', KEYS[i], 'st', 'r', 'x', ARGV[1])
    revoked = revoked + 1
  end
end
return {'ok', revoked}
`,
);

/**
 * KEYS[1] version hash (`v` version, `e` expiresAt). ARGV[1] expiresAt,
 * ARGV[2] now. Counts from 0 again when the stored version expired at now.
 * Returns the new version.
 */
export const BUMP_TOKEN_VERSION = script(
  'bumpTokenVersion',
  `
local e = redis.call('HGET', KEYS[1], 'e')
if not e or tonumber(e) <= tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], 'v', '0') end
local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
redis.call('HSET', KEYS[1], 'e', ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return v
`,
);

/**
 * KEYS[1] denylist entry (its value is its expiresAt). ARGV[1] expiresAt,
 * ARGV[2] now. Keeps the later of the stored and the new expiry; an entry
 * already expired at now is nothing to deny.
 */
export const DENY_JTI = script(
  'denyJti',
  `
if tonumber(ARGV[1]) <= tonumber(ARGV[2]) then return 0 end
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1])
return 1
`,
);
