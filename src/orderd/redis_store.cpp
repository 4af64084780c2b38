// The queue on Redis Streams, for worker processes on several machines.
//
// The key layout and the Lua scripts (one per state change, so each is
// atomic) are in redis_scripts.h; this file is the connection that runs
// them. Entries of a dead consumer are taken over with XAUTOCLAIM once idle
// for the visibility timeout. Durability: an order is acknowledged once Redis has applied it
// (in memory); it survives any orderd crash, and a Redis crash only as far as
// Redis persistence (appendonly/appendfsync) is configured.
//
// A write whose reply does not come within the timeout has an unknown
// outcome: Redis may have applied it, or may apply it when it reads what was
// sent (a stalled Redis still has the bytes). Answering "failed" then makes
// a client that retries without a key pay twice. So enqueue() settles it on a
// fresh connection with a fence: the fence script finds the order (stored),
// or marks its id so that the enqueue script, should it still run, refuses
// it (not stored, ever). Only when that also gets no answer is the outcome
// reported as unknown.
//
// A crash or restart of Redis: every call fails at once (the connection is
// refused) until it returns, and the next call reconnects. A worker whose
// claim failed half-way may have entries delivered to it that it never
// took; its next claim reads its own pending entries first, so they are paid
// as soon as Redis is back rather than after the visibility timeout.
#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include <csignal>
#include <map>
#include <memory>
#include <mutex>

#include "orderd/redis_scripts.h"
#include "orderd/store.h"

namespace stackplan::orderd {
namespace {

using namespace redis_scripts;

using Reply = std::unique_ptr<redisReply, decltype(&freeReplyObject)>;

std::string str(const redisReply* r) {
  return r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS ||
               r->type == REDIS_REPLY_ERROR)
             ? std::string(r->str, r->len)
             : std::string();
}
// hiredis sends with write(2): on a connection Redis closed (a crash) that
// raises SIGPIPE, which would end orderd instead of failing one call.
void ignore_sigpipe() {
  static std::once_flag once;
  std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

int64_t num(const redisReply* r) {
  if (!r) return 0;
  if (r->type == REDIS_REPLY_INTEGER) return r->integer;
  if (r->type == REDIS_REPLY_STRING) return std::atoll(r->str);
  return 0;
}

timeval to_timeval(Duration d) {
  return timeval{static_cast<time_t>(d.ns() / 1000000000),
                 static_cast<suseconds_t>(d.ns() % 1000000000 / 1000)};
}

EnqueueOutcome outcome_of(const redisReply* reply, const NewOrder& order) {
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2)
    return {order.id, false, EnqueueFate::kUnknown, "unexpected enqueue reply from redis"};
  int64_t flag = num(reply->element[1]);
  if (flag < 0)
    return {order.id, false, EnqueueFate::kRefused, "the order was fenced off after a timeout"};
  return {str(reply->element[0]), flag == 1};
}

class RedisStore final : public OrderStore {
 public:
  explicit RedisStore(const StoreConfig& config) : config_(config), p_(config.redis_prefix) {}
  ~RedisStore() override {
    if (ctx_) redisFree(ctx_);
  }

  Status connect() { return connect(config_.redis_timeout); }
  Status connect(Duration reply_timeout) {
    if (ctx_ && !ctx_->err) return Status::Ok();
    if (ctx_) redisFree(ctx_);
    timeval timeout{2, 0};
    ctx_ = redisConnectWithTimeout(config_.redis_host.c_str(), config_.redis_port, timeout);
    if (!ctx_ || ctx_->err) {
      std::string message = ctx_ ? ctx_->errstr : "out of memory";
      if (ctx_) redisFree(ctx_);
      ctx_ = nullptr;
      return Error(fmt::format("cannot connect to redis {}:{}: {}", config_.redis_host,
                               config_.redis_port, message));
    }
    redisSetTimeout(ctx_, to_timeval(reply_timeout));
    auto r = command({"XGROUP", "CREATE", p_ + ":stream", kGroup, "0", "MKSTREAM"});
    if (!r.ok() && r.error().message().find("BUSYGROUP") == std::string::npos) {
      // A Redis still loading its data refuses; the next call connects again
      // and creates the group then, if the data did not have it.
      disconnect();
      return Error(r.error().message());
    }
    return Status::Ok();
  }

  Result<std::vector<EnqueueOutcome>> enqueue(std::span<const NewOrder> batch) override {
    std::lock_guard lock(mu_);
    if (auto s = connect(); !s) return Error(s.message());
    std::string now = std::to_string(unix_now_ns());
    // One pipeline for the batch: Redis's group commit.
    for (const NewOrder& o : batch) {
      append({"EVAL", kEnqueue, "0", p_, o.id, o.idempotency_key, o.customer_id, o.items_json,
              std::to_string(o.amount_cents), now});
    }
    std::vector<EnqueueOutcome> out;
    for (size_t i = 0; i < batch.size(); ++i) {
      void* raw = nullptr;
      if (redisGetReply(ctx_, &raw) != REDIS_OK || !raw) {
        // The connection is lost for the rest of the batch too.
        std::string lost = fmt::format("no reply from redis: {}", ctx_->errstr);
        for (size_t j = i; j < batch.size(); ++j) out.push_back(settle(batch[j], lost));
        return out;
      }
      Reply reply(static_cast<redisReply*>(raw), freeReplyObject);
      // Redis refused the script (out of memory, a read-only replica, ...)
      // before it wrote anything.
      if (reply->type == REDIS_REPLY_ERROR)
        out.push_back({batch[i].id, false, EnqueueFate::kRefused, "redis: " + str(reply.get())});
      else
        out.push_back(outcome_of(reply.get(), batch[i]));
    }
    return out;
  }

  // Settles one order whose reply was lost, on a connection of its own that
  // waits twice the usual timeout: a Redis that stalled once may still be
  // slow.
  EnqueueOutcome settle(const NewOrder& order, const std::string& lost) {
    if (!checker_) checker_ = std::make_unique<RedisStore>(config_);
    auto unknown = [&](const std::string& why) {
      return EnqueueOutcome{
          order.id, false, EnqueueFate::kUnknown,
          fmt::format("{}; checking whether it was stored failed: {}", lost, why)};
    };
    if (auto s = checker_->connect(config_.redis_timeout * 2); !s) return unknown(s.message());
    auto r = checker_->command(
        {"EVAL", kFence, "0", p_, order.id, order.idempotency_key, std::to_string(kFenceSeconds)});
    if (!r) return unknown(r.error().message());
    EnqueueOutcome outcome = outcome_of(r->get(), order);
    if (outcome.fate == EnqueueFate::kRefused)
      outcome.detail = lost + "; the order was not stored and will not be";
    return outcome;
  }

  Result<OrderRecord> get(const std::string& id) override {
    std::lock_guard lock(mu_);
    if (auto s = connect(); !s) return Error(s.message());
    auto r = command({"HGETALL", p_ + ":order:" + id});
    if (!r) return r.error();
    const redisReply* reply = r->get();
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements == 0) return Error("not found");
    std::map<std::string, std::string> f;
    for (size_t i = 0; i + 1 < reply->elements; i += 2)
      f[str(reply->element[i])] = str(reply->element[i + 1]);
    OrderRecord o;
    o.id = f["id"];
    o.idempotency_key = f["idem"];
    o.customer_id = f["customer"];
    o.items_json = f["items"];
    o.amount_cents = std::atoll(f["amount"].c_str());
    o.state = static_cast<OrderState>(std::atoi(f["state"].c_str()));
    o.attempts = std::atoi(f["attempts"].c_str());
    o.dead_lettered = f["dead"] == "1";
    o.created_ns = std::atoll(f["created"].c_str());
    o.processing_ns = std::atoll(f["processing"].c_str());
    o.finished_ns = std::atoll(f["finished"].c_str());
    o.last_error = f["error"];
    return o;
  }

  Result<std::vector<Delivery>> claim(const std::string& consumer, int max_orders,
                                      Duration visibility_timeout, int max_attempts) override {
    std::lock_guard lock(mu_);
    auto claimed = claim_entries(consumer, max_orders, visibility_timeout, max_attempts);
    if (!claimed) {
      // Entries may have been delivered to this consumer before the failure.
      own_pending_unread_ = true;
      // Redis restarted without its data: the group is gone with the
      // stream; connecting again creates it.
      if (claimed.error().message().find("NOGROUP") != std::string::npos) disconnect();
    }
    return claimed;
  }

  Result<std::vector<Delivery>> claim_entries(const std::string& consumer, int max_orders,
                                              Duration visibility_timeout, int max_attempts) {
    if (auto s = connect(); !s) return Error(s.message());
    int64_t now = unix_now_ns();
    if (auto r = command({"EVAL", kPromote, "0", p_, std::to_string(now / 1000000)}); !r)
      return r.error();
    std::vector<std::pair<std::string, std::string>> entries;  // entry id, order id
    auto collect = [&](const redisReply* list) {
      if (!list || list->type != REDIS_REPLY_ARRAY) return;
      for (size_t i = 0; i < list->elements; ++i) {
        const redisReply* e = list->element[i];
        if (e->type != REDIS_REPLY_ARRAY || e->elements != 2) continue;  // deleted entry
        const redisReply* fields = e->element[1];
        if (fields->type != REDIS_REPLY_ARRAY || fields->elements < 2) continue;
        entries.emplace_back(str(e->element[0]), str(fields->element[1]));
      }
    };
    // This consumer's own entries first: delivered before a failure, never
    // taken. Read while a full count comes back, as there may be more.
    if (own_pending_unread_) {
      auto own = command({"XREADGROUP", "GROUP", kGroup, consumer, "COUNT",
                          std::to_string(max_orders), "STREAMS", p_ + ":stream", "0"});
      if (!own) return own.error();
      const redisReply* streams = own->get();
      size_t listed = 0;
      if (streams->type == REDIS_REPLY_ARRAY && streams->elements > 0 &&
          streams->element[0]->elements == 2) {
        const redisReply* list = streams->element[0]->element[1];
        listed = list->type == REDIS_REPLY_ARRAY ? list->elements : 0;
        collect(list);
        if (auto acked = ack_deleted(list); !acked) return Error(acked.message());
      }
      own_pending_unread_ = listed >= static_cast<size_t>(max_orders);
    }
    // Then entries of consumers that stopped acknowledging (crashed).
    if (static_cast<int>(entries.size()) >= max_orders) return take(entries, now, max_attempts);
    auto reclaimed = command({"XAUTOCLAIM", p_ + ":stream", kGroup, consumer,
                              std::to_string(visibility_timeout.ns() / 1000000), "0-0", "COUNT",
                              std::to_string(max_orders)});
    if (!reclaimed) return reclaimed.error();
    if ((*reclaimed)->type == REDIS_REPLY_ARRAY && (*reclaimed)->elements >= 2)
      collect((*reclaimed)->element[1]);
    if (static_cast<int>(entries.size()) < max_orders) {
      auto fresh = command({"XREADGROUP", "GROUP", kGroup, consumer, "COUNT",
                            std::to_string(max_orders - static_cast<int>(entries.size())),
                            "STREAMS", p_ + ":stream", ">"});
      if (!fresh) return fresh.error();
      const redisReply* streams = fresh->get();
      if (streams->type == REDIS_REPLY_ARRAY && streams->elements > 0 &&
          streams->element[0]->elements == 2)
        collect(streams->element[0]->element[1]);
    }
    return take(entries, now, max_attempts);
  }

  // Marks delivered entries as taken (one attempt each); an entry whose
  // order is already finished is dropped.
  Result<std::vector<Delivery>> take(
      const std::vector<std::pair<std::string, std::string>>& entries, int64_t now,
      int max_attempts) {
    std::vector<Delivery> out;
    for (const auto& [entry, id] : entries) {
      auto r = command(
          {"EVAL", kTake, "0", p_, id, entry, std::to_string(now), std::to_string(max_attempts)});
      if (!r) return r.error();
      const redisReply* t = r->get();
      if (t->type != REDIS_REPLY_ARRAY || num(t->element[0]) != 1) continue;
      out.push_back({id, num(t->element[2]), static_cast<int>(num(t->element[1])),
                     num(t->element[3]), entry});
    }
    return out;
  }

  Status complete(const Delivery& d) override {
    return script_status(
        {"EVAL", kComplete, "0", p_, d.id, d.receipt, std::to_string(unix_now_ns())});
  }
  Status retry_later(const Delivery& d, Duration delay, const std::string& error) override {
    int64_t now = unix_now_ns();
    return script_status({"EVAL", kPutBack, "0", p_, d.id, d.receipt, std::to_string(now),
                          std::to_string((now + delay.ns()) / 1000000), error});
  }
  Status dead_letter(const Delivery& d, const std::string& error) override {
    return script_status(
        {"EVAL", kPutBack, "0", p_, d.id, d.receipt, std::to_string(unix_now_ns()), "", error});
  }

  Result<QueueDepth> depth(bool) override {
    std::lock_guard lock(mu_);
    if (auto s = connect(); !s) return Error(s.message());
    append({"XLEN", p_ + ":stream"});
    append({"XPENDING", p_ + ":stream", kGroup});
    append({"ZCARD", p_ + ":delayed"});
    append({"ZCARD", p_ + ":dlq"});
    append({"GET", p_ + ":paid"});
    std::vector<Reply> replies;
    for (int i = 0; i < 5; ++i) {
      auto r = read_reply();
      if (!r) return r.error();
      replies.push_back(std::move(*r));
    }
    QueueDepth d;
    int64_t length = num(replies[0].get());
    const redisReply* pending = replies[1].get();
    d.in_flight =
        pending->type == REDIS_REPLY_ARRAY && pending->elements > 0 ? num(pending->element[0]) : 0;
    d.visible = std::max<int64_t>(0, length - d.in_flight);
    d.delayed = num(replies[2].get());
    d.dead = num(replies[3].get());
    d.paid = num(replies[4].get());
    return d;
  }

  Result<std::vector<OrderRecord>> dead_letters(int limit) override {
    std::vector<std::string> ids;
    {
      std::lock_guard lock(mu_);
      if (auto s = connect(); !s) return Error(s.message());
      auto r = command({"ZRANGE", p_ + ":dlq", "0", std::to_string(limit - 1)});
      if (!r) return r.error();
      for (size_t i = 0; i < (*r)->elements; ++i) ids.push_back(str((*r)->element[i]));
    }
    std::vector<OrderRecord> out;
    for (const auto& id : ids) {
      auto o = get(id);
      if (o) out.push_back(*o);
    }
    return out;
  }

  Result<int> replay_dead_letters(const std::vector<std::string>& ids) override {
    std::vector<std::string> targets = ids;
    if (targets.empty()) {
      auto all = dead_letters(1 << 30);
      if (!all) return all.error();
      for (const auto& o : *all) targets.push_back(o.id);
    }
    std::lock_guard lock(mu_);
    if (auto s = connect(); !s) return Error(s.message());
    int replayed = 0;
    for (const auto& id : targets) {
      auto r = command({"EVAL", kReplay, "0", p_, id});
      if (!r) return r.error();
      replayed += static_cast<int>(num(r->get()));
    }
    return replayed;
  }

 private:
  void disconnect() {
    if (ctx_) redisFree(ctx_);
    ctx_ = nullptr;
  }
  // Acknowledges pending entries deleted from the stream (by hand: orderd
  // acknowledges before it deletes), which would otherwise stay pending.
  Status ack_deleted(const redisReply* list) {
    if (!list || list->type != REDIS_REPLY_ARRAY) return Status::Ok();
    for (size_t i = 0; i < list->elements; ++i) {
      const redisReply* e = list->element[i];
      if (e->type != REDIS_REPLY_ARRAY || e->elements != 2 ||
          e->element[1]->type == REDIS_REPLY_ARRAY)
        continue;
      if (auto r = command({"XACK", p_ + ":stream", kGroup, str(e->element[0])}); !r)
        return r.error();
    }
    return Status::Ok();
  }
  void append(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    redisAppendCommandArgv(ctx_, static_cast<int>(args.size()), argv.data(), lengths.data());
  }
  Result<Reply> read_reply() {
    void* raw = nullptr;
    if (redisGetReply(ctx_, &raw) != REDIS_OK || !raw)
      return Error(fmt::format("redis: {}", ctx_->errstr));
    Reply reply(static_cast<redisReply*>(raw), freeReplyObject);
    if (reply->type == REDIS_REPLY_ERROR) return Error(fmt::format("redis: {}", str(reply.get())));
    return reply;
  }
  Result<Reply> command(const std::vector<std::string>& args) {
    append(args);
    return read_reply();
  }
  Status script_status(const std::vector<std::string>& args) {
    std::lock_guard lock(mu_);
    if (auto s = connect(); !s) return s;
    auto r = command(args);
    return r ? Status::Ok() : Status(r.error());
  }

  StoreConfig config_;
  std::string p_;
  std::mutex mu_;
  redisContext* ctx_ = nullptr;
  // Whether this connection's consumer may have pending entries it never
  // took: at start, and after a claim that failed.
  bool own_pending_unread_ = true;
  std::unique_ptr<RedisStore> checker_;  // settles writes whose reply was lost
};

}  // namespace

Result<std::unique_ptr<OrderStore>> open_redis_store(const StoreConfig& config) {
  ignore_sigpipe();
  auto store = std::make_unique<RedisStore>(config);
  if (auto s = store->connect(); !s) return Error(s.message());
  return std::unique_ptr<OrderStore>(std::move(store));
}

}  // namespace stackplan::orderd
