#include "orderd/gateway.h"

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <thread>

#include "orderd/order.h"

namespace stackplan::orderd {

// The ledger: WAL, synchronous=NORMAL (a charge survives the crash of any
// process; it is an emulator, not a bank).
struct PaymentGateway::Ledger {
  sqlite3* db = nullptr;
  sqlite3_stmt* find = nullptr;
  sqlite3_stmt* insert = nullptr;
  std::mutex mu;
  ~Ledger() {
    sqlite3_finalize(find);
    sqlite3_finalize(insert);
    sqlite3_close_v2(db);
  }
};

namespace {

Result<sqlite3*> open_ledger_db(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Error(fmt::format("cannot open charge ledger {}: {}", path, message));
  }
  sqlite3_busy_timeout(db, 10000);
  const char* setup =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
      "CREATE TABLE IF NOT EXISTS charges(order_id TEXT PRIMARY KEY, amount_cents INTEGER NOT "
      "NULL, charged_ns INTEGER NOT NULL, pid INTEGER NOT NULL)";
  char* message = nullptr;
  if (sqlite3_exec(db, setup, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "?";
    sqlite3_free(message);
    sqlite3_close_v2(db);
    return Error(fmt::format("cannot initialise charge ledger {}: {}", path, text));
  }
  return db;
}

}  // namespace

Result<std::unique_ptr<PaymentGateway>> PaymentGateway::open(const GatewayConfig& config) {
  if (config.slots < 1) return Error("payment slots must be at least 1");
  if (config.failure_rate < 0 || config.failure_rate > 1)
    return Error("payment failure rate must be in [0, 1]");
  auto db = open_ledger_db(config.ledger_path);
  if (!db) return db.error();
  auto ledger = std::make_unique<Ledger>();
  ledger->db = *db;
  sqlite3_prepare_v2(ledger->db, "SELECT 1 FROM charges WHERE order_id = ?1", -1, &ledger->find,
                     nullptr);
  sqlite3_prepare_v2(ledger->db,
                     "INSERT INTO charges(order_id, amount_cents, charged_ns, pid) "
                     "VALUES(?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                     -1, &ledger->insert, nullptr);
  if (!ledger->find || !ledger->insert)
    return Error(fmt::format("charge ledger: {}", sqlite3_errmsg(ledger->db)));
  if (config.shared_slots) {
    std::string sql = fmt::format(
        "CREATE TABLE IF NOT EXISTS slots(slot INTEGER PRIMARY KEY, pid INTEGER NOT NULL "
        "DEFAULT 0, until_ns INTEGER NOT NULL DEFAULT 0);"
        "BEGIN IMMEDIATE; DELETE FROM slots WHERE slot >= {0};"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {0}) "
        "INSERT OR IGNORE INTO slots(slot) SELECT i FROM n; COMMIT;",
        config.slots);
    char* message = nullptr;
    if (sqlite3_exec(ledger->db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "?";
      sqlite3_free(message);
      return Error("shared payment slots: " + text);
    }
  }
  return std::unique_ptr<PaymentGateway>(new PaymentGateway(config, std::move(ledger)));
}

PaymentGateway::PaymentGateway(GatewayConfig config, std::unique_ptr<Ledger> ledger)
    : config_(std::move(config)), ledger_(std::move(ledger)) {
  if (config_.seed == 0) config_.seed = static_cast<uint64_t>(unix_now_ns());
}

PaymentGateway::~PaymentGateway() = default;

Result<ChargeOutcome> PaymentGateway::charge(const std::string& order_id, int64_t amount_cents) {
  // A provider answers a repeated idempotency key at once, from its records.
  {
    std::lock_guard lock(ledger_->mu);
    sqlite3_bind_text(ledger_->find, 1, order_id.data(), static_cast<int>(order_id.size()),
                      SQLITE_STATIC);
    int rc = sqlite3_step(ledger_->find);
    sqlite3_reset(ledger_->find);
    if (rc == SQLITE_ROW) {
      duplicates_refused_.fetch_add(1);
      return ChargeOutcome::kAlreadyCharged;
    }
    if (rc != SQLITE_DONE) return Error(fmt::format("ledger: {}", sqlite3_errmsg(ledger_->db)));
  }
  // Each call draws from its own stream: no shared RNG state between slots.
  Rng rng(config_.seed, calls_.fetch_add(1));
  Duration service = config_.service_time.sample(rng);
  bool fails = rng.uniform() < config_.failure_rate;
  {
    std::unique_lock lock(mu_);
    slot_freed_.wait(lock, [&] { return busy_ < config_.slots; });
    ++busy_;
    in_use_.store(busy_);
  }
  int shared_slot = -1;
  if (config_.shared_slots) {
    shared_slot = acquire_shared_slot(service);
    if (shared_slot < 0) {
      {
        std::lock_guard lock(mu_);
        --busy_;
        in_use_.store(busy_);
      }
      slot_freed_.notify_one();
      return Error(fmt::format("shared payment slots: {}", sqlite3_errmsg(ledger_->db)));
    }
  }
  std::this_thread::sleep_for(std::chrono::nanoseconds(service.ns()));
  Result<ChargeOutcome> outcome = Error("payment declined by the emulated gateway (failure rate)");
  if (!fails) {
    std::lock_guard lock(ledger_->mu);
    sqlite3_bind_text(ledger_->insert, 1, order_id.data(), static_cast<int>(order_id.size()),
                      SQLITE_STATIC);
    sqlite3_bind_int64(ledger_->insert, 2, amount_cents);
    sqlite3_bind_int64(ledger_->insert, 3, unix_now_ns());
    sqlite3_bind_int64(ledger_->insert, 4, static_cast<int64_t>(getpid()));
    int rc = sqlite3_step(ledger_->insert);
    sqlite3_reset(ledger_->insert);
    if (rc != SQLITE_DONE) {
      outcome = Error(fmt::format("ledger: {}", sqlite3_errmsg(ledger_->db)));
    } else if (sqlite3_changes(ledger_->db) == 0) {
      duplicates_refused_.fetch_add(1);
      outcome = ChargeOutcome::kAlreadyCharged;
    } else {
      outcome = ChargeOutcome::kCharged;
    }
  }
  if (shared_slot >= 0) release_shared_slot(shared_slot);
  {
    std::lock_guard lock(mu_);
    --busy_;
    in_use_.store(busy_);
  }
  slot_freed_.notify_one();
  return outcome;
}

int PaymentGateway::acquire_shared_slot(Duration hold) {
  // The lease outlives the call by a margin; a process killed mid-call
  // frees its slot when the lease ends.
  for (;;) {
    int64_t now = unix_now_ns();
    std::string sql = fmt::format(
        "UPDATE slots SET pid = {}, until_ns = {} WHERE slot = (SELECT slot FROM slots WHERE "
        "until_ns < {} LIMIT 1) RETURNING slot",
        static_cast<int64_t>(getpid()), now + hold.ns() + Duration::seconds(5).ns(), now);
    int slot = -1;
    {
      std::lock_guard lock(ledger_->mu);
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v2(ledger_->db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return -1;
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) slot = sqlite3_column_int(stmt, 0);
      sqlite3_finalize(stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) return -1;
    }
    if (slot >= 0) return slot;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // all slots busy: poll
  }
}

void PaymentGateway::release_shared_slot(int slot) {
  std::lock_guard lock(ledger_->mu);
  std::string sql = fmt::format("UPDATE slots SET until_ns = 0 WHERE slot = {}", slot);
  sqlite3_exec(ledger_->db, sql.c_str(), nullptr, nullptr, nullptr);
}

Result<std::vector<Charge>> read_ledger(const std::string& ledger_path) {
  auto db = open_ledger_db(ledger_path);
  if (!db) return db.error();
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(*db, "SELECT order_id, amount_cents, charged_ns, pid FROM charges", -1, &stmt,
                     nullptr);
  std::vector<Charge> charges;
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
    charges.push_back({reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                       sqlite3_column_int64(stmt, 1), sqlite3_column_int64(stmt, 2),
                       sqlite3_column_int64(stmt, 3)});
  }
  sqlite3_finalize(stmt);
  sqlite3_close_v2(*db);
  return charges;
}

}  // namespace stackplan::orderd
