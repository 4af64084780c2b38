// What orderd keeps in Redis and the Lua scripts that change it: every state
// change is one script, so it is atomic. redis_store.cpp sends them.
//
//   <prefix>:stream        the queue: one entry per delivery, field id=<order id>
//   group "workers"        consumer group; a claimed entry sits in the group's
//                          pending list until acknowledged
//   <prefix>:order:<id>    hash: the order and its status history
//   <prefix>:idem:<key>    idempotency key -> order id
//   <prefix>:delayed       sorted set of order ids waiting for a retry (score = due ms)
//   <prefix>:dlq           sorted set of dead-lettered order ids (score = when)
//   <prefix>:paid          count of paid orders
//   <prefix>:fenced:<id>   an order id that must never be created (expires)
#pragma once

#include <cstdint>

namespace stackplan::orderd::redis_scripts {

inline constexpr const char* kGroup = "workers";

// Returns {id, 1} created, {earlier id, 0} idempotent replay, {id, -1} fenced.
inline constexpr const char* kEnqueue = R"lua(
local p, id, key = ARGV[1], ARGV[2], ARGV[3]
if redis.call('EXISTS', p..':fenced:'..id) == 1 then return {id, -1} end
if key ~= '' then
  local existing = redis.call('GET', p..':idem:'..key)
  if existing then return {existing, 0} end
  redis.call('SET', p..':idem:'..key, id)
end
redis.call('HSET', p..':order:'..id, 'id', id, 'idem', key, 'customer', ARGV[4], 'items', ARGV[5],
  'amount', ARGV[6], 'state', 0, 'attempts', 0, 'dead', 0, 'created', ARGV[7], 'processing', 0,
  'finished', 0, 'error', '')
redis.call('XADD', p..':stream', '*', 'id', id)
return {id, 1})lua";

// Settles an enqueue whose reply was lost: {id, 1} it was stored, {earlier
// id, 0} the key belongs to an earlier order, {id, -1} it is fenced off.
inline constexpr const char* kFence = R"lua(
local p, id, key, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('EXISTS', p..':order:'..id) == 1 then return {id, 1} end
redis.call('SET', p..':fenced:'..id, 1, 'EX', ttl)
if key ~= '' then
  local existing = redis.call('GET', p..':idem:'..key)
  if existing then return {existing, 0} end
end
return {id, -1})lua";

// A fence outlives by far any write still buffered for a stalled Redis.
inline constexpr int64_t kFenceSeconds = 24 * 3600;

// Promotes delayed orders whose backoff has passed back into the stream.
inline constexpr const char* kPromote = R"lua(
local p = ARGV[1]
local due = redis.call('ZRANGEBYSCORE', p..':delayed', '-inf', ARGV[2], 'LIMIT', 0, 100)
for _, id in ipairs(due) do
  redis.call('ZREM', p..':delayed', id)
  redis.call('XADD', p..':stream', '*', 'id', id)
end
return #due)lua";

// Marks a delivered entry as taken: {1, attempt, amount, created} or {0}.
inline constexpr const char* kTake = R"lua(
local p, id, entry, now, max = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local k = p..':order:'..id
local st = redis.call('HMGET', k, 'state', 'attempts', 'amount', 'created')
local function drop()
  redis.call('XACK', p..':stream', 'workers', entry)
  redis.call('XDEL', p..':stream', entry)
end
if not st[1] or tonumber(st[1]) >= 2 then drop() return {0} end
local attempts = tonumber(st[2])
if attempts >= max then
  redis.call('HSET', k, 'state', 3, 'dead', 1, 'finished', now,
    'error', 'lease expired on the last attempt (worker crashed or too slow)')
  redis.call('ZADD', p..':dlq', now, id)
  drop()
  return {0}
end
redis.call('HSET', k, 'state', 1, 'attempts', attempts + 1, 'processing', now)
return {1, attempts + 1, st[3], st[4]})lua";

inline constexpr const char* kComplete = R"lua(
local p, id, entry, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local k = p..':order:'..id
if redis.call('HGET', k, 'state') ~= '2' then
  redis.call('HSET', k, 'state', 2, 'finished', now, 'error', '')
  redis.call('INCR', p..':paid')
end
redis.call('XACK', p..':stream', 'workers', entry)
redis.call('XDEL', p..':stream', entry)
return 1)lua";

// ARGV[5] = due ms for a retry, or '' to dead-letter.
inline constexpr const char* kPutBack = R"lua(
local p, id, entry, now, due, err = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local k = p..':order:'..id
if redis.call('HGET', k, 'state') == '1' then
  if due ~= '' then
    redis.call('HSET', k, 'state', 0, 'error', err)
    redis.call('ZADD', p..':delayed', due, id)
  else
    redis.call('HSET', k, 'state', 3, 'dead', 1, 'finished', now, 'error', err)
    redis.call('ZADD', p..':dlq', now, id)
  end
end
redis.call('XACK', p..':stream', 'workers', entry)
redis.call('XDEL', p..':stream', entry)
return 1)lua";

inline constexpr const char* kReplay = R"lua(
local p, id = ARGV[1], ARGV[2]
if redis.call('ZREM', p..':dlq', id) == 0 then return 0 end
redis.call('HSET', p..':order:'..id, 'state', 0, 'dead', 0, 'attempts', 0, 'finished', 0, 'error', '')
redis.call('XADD', p..':stream', '*', 'id', id)
return 1)lua";

}  // namespace stackplan::orderd::redis_scripts
