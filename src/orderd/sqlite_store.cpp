// The embedded queue: one SQLite database in WAL mode, shared by the API and
// worker processes on one machine. Durability: with fsync on (default) a
// commit returns after the WAL is fsync'd (synchronous=FULL); with it off,
// after the WAL write is handed to the OS (synchronous=NORMAL: survives a
// process crash, not a power cut). Claims run in BEGIN IMMEDIATE transactions,
// so two consumers never take the same order.
#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "orderd/store.h"

namespace stackplan::orderd {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS orders(
  id TEXT PRIMARY KEY,
  idem_key TEXT,
  customer_id TEXT NOT NULL,
  items TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  state INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  dead INTEGER NOT NULL DEFAULT 0,
  due_ns INTEGER NOT NULL,
  created_ns INTEGER NOT NULL,
  processing_ns INTEGER NOT NULL DEFAULT 0,
  finished_ns INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '');
CREATE UNIQUE INDEX IF NOT EXISTS orders_idem ON orders(idem_key) WHERE idem_key IS NOT NULL;
-- Covering index of the live queue only: claims and depth never touch paid orders.
-- Ordered by age, because claims take the oldest due order first, as an SQS
-- standard queue tends to: an order whose lease expired keeps its age and is
-- taken before the backlog, not behind it. (orders_queue, ordered by due time,
-- was its predecessor: a file written by an older orderd loses it.)
DROP INDEX IF EXISTS orders_queue;
CREATE INDEX IF NOT EXISTS orders_live ON orders(created_ns, due_ns, state) WHERE state < 2;
CREATE INDEX IF NOT EXISTS orders_dead ON orders(dead) WHERE dead = 1;
)sql";

// A prepared statement that resets itself when it goes out of use.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) {
    sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  sqlite3_stmt* get() { return stmt_; }
  bool ok() const { return stmt_ != nullptr; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

struct Use {  // resets and clears bindings when the statement's use ends
  explicit Use(Stmt& s) : stmt(s.get()) {}
  ~Use() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
  void text(int i, const std::string& v) {
    sqlite3_bind_text(stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void i64(int i, int64_t v) { sqlite3_bind_int64(stmt, i, v); }
  int step() { return sqlite3_step(stmt); }
  std::string col_text(int i) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt, i))) : std::string();
  }
  int64_t col_i64(int i) { return sqlite3_column_int64(stmt, i); }
  sqlite3_stmt* stmt;
};

constexpr const char* kRecordColumns =
    "id, COALESCE(idem_key, ''), customer_id, items, amount_cents, state, attempts, dead, "
    "created_ns, processing_ns, finished_ns, last_error";

OrderRecord read_record(Use& u) {
  OrderRecord r;
  r.id = u.col_text(0);
  r.idempotency_key = u.col_text(1);
  r.customer_id = u.col_text(2);
  r.items_json = u.col_text(3);
  r.amount_cents = u.col_i64(4);
  r.state = static_cast<OrderState>(u.col_i64(5));
  r.attempts = static_cast<int>(u.col_i64(6));
  r.dead_lettered = u.col_i64(7) != 0;
  r.created_ns = u.col_i64(8);
  r.processing_ns = u.col_i64(9);
  r.finished_ns = u.col_i64(10);
  r.last_error = u.col_text(11);
  return r;
}

class SqliteStore final : public OrderStore {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStore() override {
    statements_.clear();
    sqlite3_close_v2(db_);
    for (const auto& [thread, fd] : wal_fds_) ::close(fd);
  }

  Status init(bool fsync, bool deferred_sync) {
    if (auto s = exec("PRAGMA journal_mode=WAL"); !s) return s;
    // Deferred sync: commits write the WAL (synchronous=NORMAL) and sync()
    // fdatasync()s it. fsync applies to the file, whichever descriptor is
    // used, so after sync() every frame written before it is on disk, WAL
    // header included; recovery replays exactly the committed transactions.
    deferred_sync_ = fsync && deferred_sync;
    bool sync_each_commit = fsync && !deferred_sync;
    if (auto s = exec(sync_each_commit ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
        !s)
      return s;
    sqlite3_busy_timeout(db_, 10000);
    // A larger page cache and fewer, larger checkpoints keep the writer off
    // the disk except for the WAL appends it must make. maintain(), on
    // another connection, copies most of the WAL into the database in the
    // background, but it cannot restart the WAL: that needs a write to begin
    // with every frame copied, which never happens while orders keep coming.
    // So the intake writer's own checkpoint, every 8,192 frames (32 MiB),
    // copies what is left and restarts the WAL. Without it the WAL grew by
    // about 30 MiB a second at 5,000 orders/s.
    if (auto s = exec("PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=8192"); !s) return s;
    if (auto s = exec("BEGIN IMMEDIATE"); !s) return s;
    Status s = exec(kSchema);
    if (auto c = exec(s ? "COMMIT" : "ROLLBACK"); s && !c) return c;
    return s;
  }

  Result<std::vector<EnqueueOutcome>> enqueue(std::span<const NewOrder> batch) override {
    std::lock_guard lock(mu_);
    std::vector<EnqueueOutcome> out;
    out.reserve(batch.size());
    if (auto s = exec("BEGIN IMMEDIATE"); !s) return Error(s.message());
    Stmt& insert = stmt(
        "INSERT INTO orders(id, idem_key, customer_id, items, amount_cents, state, due_ns, "
        "created_ns) VALUES(?1, ?2, ?3, ?4, ?5, 0, ?6, ?6) ON CONFLICT DO NOTHING");
    Stmt& by_key = stmt("SELECT id FROM orders WHERE idem_key = ?1");
    int64_t now = unix_now_ns();
    for (const NewOrder& order : batch) {
      Use u(insert);
      u.text(1, order.id);
      if (!order.idempotency_key.empty()) u.text(2, order.idempotency_key);
      u.text(3, order.customer_id);
      u.text(4, order.items_json);
      u.i64(5, order.amount_cents);
      u.i64(6, now);
      if (u.step() != SQLITE_DONE) return rollback("insert order");
      if (sqlite3_changes(db_) == 1) {
        out.push_back({order.id, true});
        continue;
      }
      Use k(by_key);
      k.text(1, order.idempotency_key);
      if (k.step() != SQLITE_ROW) return rollback("look up idempotency key");
      out.push_back({k.col_text(0), false});
    }
    if (auto s = exec("COMMIT"); !s) return rollback("commit");
    return out;
  }

  // May run on several threads at once (the intake overlaps its fsyncs).
  // Each thread syncs through its own descriptor: the kernel reports a failed
  // write-back once per open file, so two syncs through one descriptor could
  // hand the error to one caller while the other, whose batch was in the
  // lost pages too, sees success and sends its 202s. And after one failure
  // every later sync fails: the pages are gone whatever fdatasync says next.
  Status sync() override {
    if (!deferred_sync_) return Status::Ok();
    if (wal_failed_.load()) return Error("an earlier fdatasync of " + path_ + "-wal failed");
    int fd = -1;
    {
      std::lock_guard lock(wal_fd_mu_);
      const auto self = std::this_thread::get_id();
      for (const auto& [thread, open_fd] : wal_fds_)
        if (thread == self) fd = open_fd;
      if (fd < 0) {
        fd = ::open((path_ + "-wal").c_str(), O_RDWR | O_CLOEXEC);
        if (fd >= 0) wal_fds_.emplace_back(self, fd);
      }
    }
    if (fd < 0) return Error("cannot open " + path_ + "-wal to fsync it");
    if (::fdatasync(fd) != 0) {
      wal_failed_.store(true);
      return Error("fdatasync of " + path_ + "-wal failed");
    }
    if (wal_failed_.load()) return Error("a concurrent fdatasync of " + path_ + "-wal failed");
    return Status::Ok();
  }

  void maintain() override {
    std::lock_guard lock(mu_);
    sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }

  Result<OrderRecord> get(const std::string& id) override {
    std::lock_guard lock(mu_);
    static const std::string sql =
        fmt::format("SELECT {} FROM orders WHERE id = ?1", kRecordColumns);
    Use u(stmt(sql.c_str()));
    u.text(1, id);
    int rc = u.step();
    if (rc == SQLITE_ROW) return read_record(u);
    if (rc == SQLITE_DONE) return Error("not found");
    return Error(fmt::format("sqlite: {}", sqlite3_errmsg(db_)));
  }

  Result<std::vector<Delivery>> claim(const std::string&, int max_orders,
                                      Duration visibility_timeout, int max_attempts) override {
    std::lock_guard lock(mu_);
    std::vector<Delivery> out;
    int64_t now = unix_now_ns();
    if (auto s = exec("BEGIN IMMEDIATE"); !s) return Error(s.message());
    struct Candidate {
      std::string id;
      int attempts;
      int64_t amount, created;
    };
    std::vector<Candidate> candidates;
    {
      Use u(
          stmt("SELECT id, attempts, amount_cents, created_ns FROM orders INDEXED BY orders_live "
               "WHERE state < 2 AND due_ns <= ?1 ORDER BY created_ns LIMIT ?2"));
      u.i64(1, now);
      u.i64(2, max_orders);
      int rc;
      while ((rc = u.step()) == SQLITE_ROW)
        candidates.push_back(
            {u.col_text(0), static_cast<int>(u.col_i64(1)), u.col_i64(2), u.col_i64(3)});
      if (rc != SQLITE_DONE) return rollback("select due orders");
    }
    for (const Candidate& c : candidates) {
      if (c.attempts >= max_attempts) {
        Use u(
            stmt("UPDATE orders SET state = 3, dead = 1, finished_ns = ?2, last_error = "
                 "'lease expired on the last attempt (worker crashed or too slow)' WHERE id = ?1"));
        u.text(1, c.id);
        u.i64(2, now);
        if (u.step() != SQLITE_DONE) return rollback("dead-letter expired order");
        continue;
      }
      Use u(
          stmt("UPDATE orders SET state = 1, attempts = attempts + 1, due_ns = ?2, "
               "processing_ns = ?3 WHERE id = ?1"));
      u.text(1, c.id);
      u.i64(2, now + visibility_timeout.ns());
      u.i64(3, now);
      if (u.step() != SQLITE_DONE) return rollback("claim order");
      out.push_back({c.id, c.amount, c.attempts + 1, c.created, ""});
    }
    if (auto s = exec("COMMIT"); !s) return rollback("commit claim");
    return out;
  }

  Status complete(const Delivery& d) override {
    return update(
        "UPDATE orders SET state = 2, finished_ns = ?2, due_ns = ?2, last_error = '' "
        "WHERE id = ?1",
        d.id, unix_now_ns(), nullptr);
  }

  Status retry_later(const Delivery& d, Duration delay, const std::string& error) override {
    return update(
        "UPDATE orders SET state = 0, due_ns = ?2, last_error = ?3 WHERE id = ?1 "
        "AND state = 1",
        d.id, unix_now_ns() + delay.ns(), &error);
  }

  Status dead_letter(const Delivery& d, const std::string& error) override {
    return update(
        "UPDATE orders SET state = 3, dead = 1, finished_ns = ?2, last_error = ?3 "
        "WHERE id = ?1 AND state = 1",
        d.id, unix_now_ns(), &error);
  }

  Result<QueueDepth> depth(bool count_paid) override {
    std::lock_guard lock(mu_);
    QueueDepth depth;
    {
      // Reads the live-queue index only, so it stays cheap however many
      // orders have been paid.
      Use u(stmt(
          "SELECT COALESCE(SUM(due_ns <= ?1), 0), COALESCE(SUM(due_ns > ?1 AND state = 1), 0), "
          "COALESCE(SUM(due_ns > ?1 AND state = 0), 0) FROM orders INDEXED BY orders_live "
          "WHERE state < 2"));
      u.i64(1, unix_now_ns());
      if (u.step() != SQLITE_ROW)
        return Error(fmt::format("sqlite depth: {}", sqlite3_errmsg(db_)));
      depth.visible = u.col_i64(0);
      depth.in_flight = u.col_i64(1);
      depth.delayed = u.col_i64(2);
    }
    {
      Use u(stmt("SELECT COUNT(*) FROM orders WHERE dead = 1"));
      if (u.step() != SQLITE_ROW)
        return Error(fmt::format("sqlite depth: {}", sqlite3_errmsg(db_)));
      depth.dead = u.col_i64(0);
    }
    if (count_paid) {
      Use u(stmt("SELECT COUNT(*) FROM orders WHERE state = 2"));
      if (u.step() != SQLITE_ROW)
        return Error(fmt::format("sqlite depth: {}", sqlite3_errmsg(db_)));
      depth.paid = u.col_i64(0);
    }
    return depth;
  }

  Result<std::vector<OrderRecord>> dead_letters(int limit) override {
    std::lock_guard lock(mu_);
    static const std::string sql = fmt::format(
        "SELECT {} FROM orders WHERE dead = 1 ORDER BY finished_ns LIMIT ?1", kRecordColumns);
    Use u(stmt(sql.c_str()));
    u.i64(1, limit);
    std::vector<OrderRecord> out;
    int rc;
    while ((rc = u.step()) == SQLITE_ROW) out.push_back(read_record(u));
    if (rc != SQLITE_DONE) return Error(fmt::format("sqlite: {}", sqlite3_errmsg(db_)));
    return out;
  }

  Result<int> replay_dead_letters(const std::vector<std::string>& ids) override {
    std::lock_guard lock(mu_);
    const char* reset =
        "UPDATE orders SET state = 0, dead = 0, attempts = 0, due_ns = ?2, finished_ns = 0, "
        "last_error = '' WHERE dead = 1";
    int64_t now = unix_now_ns();
    if (ids.empty()) {
      Use u(stmt(fmt::format("{} AND ?1 IS NULL", reset).c_str()));
      u.i64(2, now);
      if (u.step() != SQLITE_DONE) return Error(fmt::format("sqlite: {}", sqlite3_errmsg(db_)));
      return sqlite3_changes(db_);
    }
    if (auto s = exec("BEGIN IMMEDIATE"); !s) return Error(s.message());
    int changed = 0;
    for (const std::string& id : ids) {
      Use u(stmt(fmt::format("{} AND id = ?1", reset).c_str()));
      u.text(1, id);
      u.i64(2, now);
      if (u.step() != SQLITE_DONE) return rollback("replay");
      changed += sqlite3_changes(db_);
    }
    if (auto s = exec("COMMIT"); !s) return rollback("commit replay");
    return changed;
  }

 private:
  Status exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK) return Status::Ok();
    std::string text = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return Error(fmt::format("sqlite: {}: {}", sql, text));
  }
  Error rollback(const char* what) {
    Error e(fmt::format("sqlite {}: {}", what, sqlite3_errmsg(db_)));
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return e;
  }
  Stmt& stmt(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end())
      it = statements_.emplace(sql, std::make_unique<Stmt>(db_, sql.c_str())).first;
    return *it->second;
  }
  Status update(const char* sql, const std::string& id, int64_t ns, const std::string* text) {
    std::lock_guard lock(mu_);
    Use u(stmt(sql));
    u.text(1, id);
    u.i64(2, ns);
    if (text) u.text(3, *text);
    if (u.step() != SQLITE_DONE) return Error(fmt::format("sqlite: {}", sqlite3_errmsg(db_)));
    return Status::Ok();
  }

  sqlite3* db_;
  std::string path_;
  bool deferred_sync_ = false;
  std::mutex wal_fd_mu_;  // guards wal_fds_
  // sync()'s descriptors of the WAL, one per calling thread, opened on its first call.
  std::vector<std::pair<std::thread::id, int>> wal_fds_;
  std::atomic<bool> wal_failed_{false};  // a sync failed: every later one fails
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Stmt>> statements_;
};

}  // namespace

Result<std::unique_ptr<OrderStore>> open_sqlite_store(const StoreConfig& config) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(config.sqlite_path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Error(fmt::format("cannot open queue database {}: {}", config.sqlite_path, message));
  }
  auto store = std::make_unique<SqliteStore>(db, config.sqlite_path);
  if (auto s = store->init(config.fsync, config.deferred_sync); !s)
    return Error(
        fmt::format("cannot initialise queue database {}: {}", config.sqlite_path, s.message()));
  return std::unique_ptr<OrderStore>(std::move(store));
}

}  // namespace stackplan::orderd
