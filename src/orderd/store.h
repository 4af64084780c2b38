// The durable order queue: one interface, two backends (embedded SQLite and
// Redis Streams) with the same semantics, so the API, the workers and the
// tests do not care which one runs.
//
// Semantics (both backends):
// - enqueue() returns only once the whole batch is durable (see each backend
//   for what "durable" means); a batch is one commit: group commit.
// - An idempotency key maps to exactly one order forever: enqueueing it again
//   returns the first order's id with created = false.
// - claim() hands a visible order to one consumer and hides it for the
//   visibility timeout; if the consumer neither completes nor retries it in
//   that time (it crashed), the order becomes visible again (redelivery).
//   Each claim counts one attempt; an order whose lease expires after
//   max_attempts attempts is dead-lettered instead of redelivered.
// - retry_later() makes it visible again after a delay (backoff);
//   dead_letter() parks it in the dead-letter queue (state failed);
//   replay_dead_letters() puts parked orders back as fresh pending orders.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/duration.h"
#include "core/status.h"
#include "orderd/order.h"

namespace stackplan::orderd {

// What became of one order handed to enqueue().
enum class EnqueueFate {
  kStored,   // durable; the id is an earlier order's when created is false
  kRefused,  // not stored, and never will be: a retry is safe with or without a key
  kUnknown,  // the store may have applied it, or may still (a stall, a lost
             // connection, a failed fsync): only a retry with the same
             // idempotency key, or reading the id later, tells
};

struct EnqueueOutcome {
  std::string id;
  bool created = true;  // false: an earlier order had the same idempotency key
  EnqueueFate fate = EnqueueFate::kStored;
  std::string detail = {};  // why, when not stored
};

// One order handed to one consumer.
struct Delivery {
  std::string id;
  int64_t amount_cents = 0;
  int attempt = 1;  // 1 on first delivery
  int64_t created_ns = 0;
  std::string receipt;  // backend handle for acknowledging (Redis stream entry id)
};

struct QueueDepth {
  int64_t visible = 0;    // waiting for a worker now
  int64_t in_flight = 0;  // claimed, lease not expired
  int64_t delayed = 0;    // waiting for a retry backoff to pass
  int64_t dead = 0;       // in the dead-letter queue
  int64_t paid = -1;      // paid orders, when asked for (-1: not counted)
  int64_t backlog() const { return visible + in_flight + delayed; }
};

class OrderStore {
 public:
  virtual ~OrderStore() = default;

  virtual Result<std::vector<EnqueueOutcome>> enqueue(std::span<const NewOrder> batch) = 0;
  // Group commit in two stages, so the next batch is written while this one
  // is flushed: with StoreConfig::deferred_sync, enqueue() returns once the
  // batch is written (safe against a crash of the process) and sync() makes
  // everything enqueued so far durable (fsync'd). sync() may run on another
  // thread concurrently with enqueue(). Otherwise sync() does nothing.
  virtual Status sync() { return Status::Ok(); }
  // Periodic housekeeping, called about 4 times a second by the API
  // (SQLite: a passive WAL checkpoint, off the intake writer's path).
  virtual void maintain() {}
  virtual Result<OrderRecord> get(const std::string& id) = 0;  // Error "not found" if absent

  virtual Result<std::vector<Delivery>> claim(const std::string& consumer, int max_orders,
                                              Duration visibility_timeout, int max_attempts) = 0;
  virtual Status complete(const Delivery& delivery) = 0;  // paid
  virtual Status retry_later(const Delivery& delivery, Duration delay,
                             const std::string& error) = 0;
  virtual Status dead_letter(const Delivery& delivery, const std::string& error) = 0;

  // count_paid also counts paid orders, which may cost a scan of the store.
  virtual Result<QueueDepth> depth(bool count_paid = false) = 0;
  virtual Result<std::vector<OrderRecord>> dead_letters(int limit) = 0;
  // Replays the given ids, or every dead letter when ids is empty.
  virtual Result<int> replay_dead_letters(const std::vector<std::string>& ids) = 0;
};

// Which backend and where it lives.
struct StoreConfig {
  std::string backend = "sqlite";  // sqlite | redis
  std::string sqlite_path = "orderd.db";
  bool fsync = true;           // sqlite: fsync each commit (true) or hand it to the OS
  bool deferred_sync = false;  // sqlite with fsync: enqueue() writes, sync() fsyncs
  std::string redis_host = "127.0.0.1";
  int redis_port = 6379;
  std::string redis_prefix = "orderd";  // key prefix: several pipelines on one Redis
  // The longest wait for one Redis reply. A write that waited this long has
  // an unknown outcome; orderd then asks Redis for up to twice as long again
  // whether it was stored (see redis_store.cpp).
  Duration redis_timeout = Duration::seconds(10);
};

// Opens a new connection to the store; each thread that needs one opens its own.
Result<std::unique_ptr<OrderStore>> open_store(const StoreConfig& config);

Result<std::unique_ptr<OrderStore>> open_sqlite_store(const StoreConfig& config);
Result<std::unique_ptr<OrderStore>> open_redis_store(const StoreConfig& config);

}  // namespace stackplan::orderd
