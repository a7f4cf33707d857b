/**
 * The Redis hub's Lua scripts: each change to who holds a name runs as one script, so it is atomic
 * across every server process. Every script takes the key prefix as ARGV[1] and builds key names
 * itself, which ties the hub to one Redis primary (not Redis Cluster).
 *
 * Keys, for prefix `p`:
 * - `p:name:<key>`         the claim: `node|endpoint|token`, expiring (PX) unless refreshed;
 *                          `endpoint` is empty while the name is held in its resume grace
 * - `p:users`              hash, name key → `node|display`: the presence list, kept beside the claims
 * - `p:node:<node>:names`  set of the name keys a process holds, for sweeping it if it dies
 * - `p:node:<node>:alive`  the process's liveness key, expiring unless refreshed
 * - `p:nodes`              set of process ids, for the sweep
 * - `p:seq`                counter stamped on every presence message, so a snapshot and the stream line up
 *
 * Presence changes are published on `p:all` as `{t:'p', seq, changes, claim?}` (see redis-wire.ts).
 */
import { createHash } from 'node:crypto';

/** A script and its SHA-1, for EVALSHA. */
export interface LuaScript {
  source: string;
  sha: string;
}

function lua(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** Helpers every script starts with. */
const PRELUDE = `
local p = ARGV[1]
local function nameKey(key) return p .. ':name:' .. key end
local function namesOf(node) return p .. ':node:' .. node .. ':names' end
local function split2(s) return string.match(s, '^([^|]*)|(.*)$') end
local function split3(s) return string.match(s, '^([^|]*)|([^|]*)|(.*)$') end
local function announce(changes, claim)
  if #changes == 0 then return 0 end
  local seq = redis.call('INCR', p .. ':seq')
  local message = {t = 'p', seq = seq, changes = changes}
  if claim then message.claim = claim end
  redis.call('PUBLISH', p .. ':all', cjson.encode(message))
  return 1
end
-- Makes node the holder of key in the presence list; returns the changes others must hear of
-- (none when only the holding process changed, as on a resume elsewhere).
local function hold(key, node, display)
  local entry = redis.call('HGET', p .. ':users', key)
  redis.call('SADD', namesOf(node), key)
  redis.call('HSET', p .. ':users', key, node .. '|' .. display)
  if not entry then return {{kind = 'joined', key = key, name = display}} end
  local oldNode, oldName = split2(entry)
  if oldNode ~= node then redis.call('SREM', namesOf(oldNode), key) end
  if oldName == display then return {} end
  -- A holder whose claim expired but was never swept: it is gone now.
  return {{kind = 'left', key = key, name = oldName}, {kind = 'joined', key = key, name = display}}
end
-- Removes a process and every name it still holds, adding their departures to changes.
local function forget(node, changes)
  local mine = node .. '|'
  for _, key in ipairs(redis.call('SMEMBERS', namesOf(node))) do
    local current = redis.call('GET', nameKey(key))
    if current and string.sub(current, 1, #mine) == mine then redis.call('DEL', nameKey(key)) end
    local entry = redis.call('HGET', p .. ':users', key)
    if entry and string.sub(entry, 1, #mine) == mine then
      redis.call('HDEL', p .. ':users', key)
      local _, name = split2(entry)
      table.insert(changes, {kind = 'left', key = key, name = name})
    end
  end
  redis.call('DEL', namesOf(node), p .. ':node:' .. node .. ':alive')
  redis.call('SREM', p .. ':nodes', node)
end
`;

/**
 * Claims a name, or resumes it with its token.
 * ARGV: prefix, key, node, endpoint, new token, display, ttl ms, resume token ('' for none).
 * Returns `{'taken'}`, `{'claimed', display, announced}` or `{'resumed', display, announced,
 * previous claim}`. A presence message it publishes carries `claim = endpoint`, so the claimer can
 * tell when the stream has reached it.
 */
export const CLAIM = lua(`${PRELUDE}
local key, node, endpoint, token, display, ttl, resume = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local current = redis.call('GET', nameKey(key))
if current then
  local oldNode, oldEndpoint, oldToken = split3(current)
  if resume == '' or oldToken ~= resume then return {'taken'} end
  redis.call('SET', nameKey(key), node .. '|' .. endpoint .. '|' .. oldToken, 'PX', ttl)
  local entry = redis.call('HGET', p .. ':users', key)
  local shown = display
  if entry then local _, name = split2(entry); shown = name end
  local announced = announce(hold(key, node, shown), endpoint)
  if oldNode ~= node then
    redis.call('PUBLISH', p .. ':node:' .. oldNode, cjson.encode({t = 'e', key = key, value = current}))
  end
  return {'resumed', shown, announced, current}
end
redis.call('SET', nameKey(key), node .. '|' .. endpoint .. '|' .. token, 'PX', ttl)
local announced = announce(hold(key, node, display), endpoint)
return {'claimed', display, announced}
`);

/**
 * Compare-and-swap of a claim's value, refreshing its expiry: a claim entering its grace.
 * ARGV: prefix, key, expected value, new value, ttl ms. Returns 1 when swapped.
 */
export const SWAP = lua(`${PRELUDE}
local key, expected, value, ttl = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if redis.call('GET', nameKey(key)) ~= expected then return 0 end
redis.call('SET', nameKey(key), value, 'PX', ttl)
return 1
`);

/**
 * Compare-and-delete: frees a name only if the claim is still `value`, so a late close never frees
 * a name someone else now holds. ARGV: prefix, key, value. Returns 1 when released.
 */
export const RELEASE = lua(`${PRELUDE}
local key, value = ARGV[2], ARGV[3]
if redis.call('GET', nameKey(key)) ~= value then return 0 end
redis.call('DEL', nameKey(key))
local node = split3(value)
redis.call('SREM', namesOf(node), key)
local entry = redis.call('HGET', p .. ':users', key)
if entry then
  local holder, name = split2(entry)
  if holder == node then
    redis.call('HDEL', p .. ':users', key)
    announce({{kind = 'left', key = key, name = name}})
  end
end
return 1
`);

/**
 * Relays a frame to the process holding a name's connection. ARGV: prefix, key, message for that
 * process. Returns 0 when nobody is connected under that name (offline, or in its grace).
 */
export const DELIVER = lua(`${PRELUDE}
local current = redis.call('GET', nameKey(ARGV[2]))
if not current then return 0 end
local node, endpoint = split3(current)
if endpoint == '' then return 0 end
redis.call('PUBLISH', p .. ':node:' .. node, ARGV[3])
return 1
`);

/**
 * The heartbeat: keeps this process alive and its claims from expiring, and re-asserts any claim
 * that vanished (a Redis restart without persistence). ARGV: prefix, node, ttl ms, alive ms, then
 * (key, value, display) for every local claim. Returns the keys now held by someone else.
 */
export const REFRESH = lua(`${PRELUDE}
local node, ttl, alive = ARGV[2], ARGV[3], ARGV[4]
redis.call('SET', p .. ':node:' .. node .. ':alive', '1', 'PX', alive)
redis.call('SADD', p .. ':nodes', node)
local lost, changes = {}, {}
for i = 5, #ARGV, 3 do
  local key, value, display = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local current = redis.call('GET', nameKey(key))
  if current == value then
    redis.call('PEXPIRE', nameKey(key), ttl)
  elseif not current then
    redis.call('SET', nameKey(key), value, 'PX', ttl)
    for _, change in ipairs(hold(key, node, display)) do table.insert(changes, change) end
  else
    table.insert(lost, key)
  end
end
announce(changes)
return lost
`);

/**
 * Removes every process whose liveness key expired: its names leave the presence list and their
 * departure is announced, once, by whichever process runs this first. ARGV: prefix, own node.
 * Returns how many names were removed.
 */
export const SWEEP = lua(`${PRELUDE}
local self = ARGV[2]
local changes = {}
for _, node in ipairs(redis.call('SMEMBERS', p .. ':nodes')) do
  if node ~= self and redis.call('EXISTS', p .. ':node:' .. node .. ':alive') == 0 then forget(node, changes) end
end
announce(changes)
return #changes
`);

/** The presence list and the sequence number it is current to. ARGV: prefix. Returns `{seq, key, entry, …}`. */
export const SNAPSHOT = lua(`${PRELUDE}
local reply = {tonumber(redis.call('GET', p .. ':seq') or '0')}
local all = redis.call('HGETALL', p .. ':users')
for i = 1, #all do reply[i + 1] = all[i] end
return reply
`);

/**
 * A clean exit: releases every claim this process still holds (grace included), announces them
 * gone, and unregisters the process. ARGV: prefix, node.
 */
export const RETIRE = lua(`${PRELUDE}
local changes = {}
forget(ARGV[2], changes)
announce(changes)
return #changes
`);
