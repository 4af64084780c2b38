#include "orderd/gateway.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

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

// The provider's slots are bytes of a file beside the ledger, one per slot.
std::string slots_path(const GatewayConfig& config) { return config.ledger_path + ".slots"; }

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
    // Fail at start, not at the first charge, when the slots file cannot be made.
    int fd = ::open(slots_path(config).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      return Error(
          fmt::format("shared payment slots {}: {}", slots_path(config), std::strerror(errno)));
    ::close(fd);
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
    // First come, first served, as callers queue on the case's channel
    // semaphore and on the model's slots: ticket t enters once all but
    // `slots` of the tickets before it have left.
    const uint64_t ticket = next_ticket_++;
    slot_freed_.wait(lock, [&] { return ticket < left_ + static_cast<uint64_t>(config_.slots); });
    ++busy_;
    in_use_.store(busy_);
  }
  SharedSlot shared_slot;
  if (config_.shared_slots) {
    auto held = acquire_shared_slot();
    if (!held) {
      {
        std::lock_guard lock(mu_);
        --busy_;
        ++left_;
        in_use_.store(busy_);
      }
      slot_freed_.notify_all();  // only the next ticket may enter: wake them all
      return held.error();
    }
    shared_slot = std::move(*held);
  }
  // The call as the caller measures it: a sleep can overrun its service time.
  const auto call_start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::nanoseconds(service.ns()));
  if (service_times_)
    service_times_->record(
        Duration::nanoseconds(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                  std::chrono::steady_clock::now() - call_start)
                                  .count()));
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
  shared_slot = SharedSlot();  // give the provider's slot back before the local one
  {
    std::lock_guard lock(mu_);
    --busy_;
    ++left_;
    in_use_.store(busy_);
  }
  slot_freed_.notify_all();  // only the next ticket may enter: wake them all
  return outcome;
}

PaymentGateway::SharedSlot& PaymentGateway::SharedSlot::operator=(SharedSlot&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);  // closing the description drops its locks
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

PaymentGateway::SharedSlot::~SharedSlot() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

// Open-file-description locks belong to the description, not the process, so
// two threads of one process holding different descriptions exclude each other
// like two processes do; the kernel drops them when the holder dies.
int lock_byte(int fd, int64_t byte, short type, bool wait) {
  struct flock lock {};
  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  lock.l_start = byte;
  lock.l_len = 1;
  int rc;
  do {
    rc = ::fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &lock);
  } while (rc < 0 && errno == EINTR);
  return rc;
}

bool busy(int error) { return error == EAGAIN || error == EACCES; }

}  // namespace

Result<PaymentGateway::SharedSlot> PaymentGateway::acquire_shared_slot() {
  const std::string path = slots_path(config_);
  auto failed = [&](const char* what) {
    return Error(fmt::format("shared payment slots {}: {}: {}", path, what, std::strerror(errno)));
  };
  SharedSlot held;
  held.fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (held.fd_ < 0) return failed("open");
  // Start at a different slot each call so callers do not all race for slot 0.
  const int first = static_cast<int>(calls_.load() % static_cast<uint64_t>(config_.slots));
  auto try_every_slot = [&]() -> Result<bool> {
    for (int k = 0; k < config_.slots; ++k) {
      const int slot = (first + k) % config_.slots;
      if (lock_byte(held.fd_, slot, F_WRLCK, false) == 0) return true;
      if (!busy(errno)) return failed("lock");
    }
    return false;
  };
  auto got = try_every_slot();
  if (!got) return got.error();
  if (*got) return held;
  // All busy: wait in the kernel for the waiting room (the byte after the
  // slots), so one caller in all the processes polls while the others sleep.
  const int64_t waiting_room = config_.slots;
  if (lock_byte(held.fd_, waiting_room, F_WRLCK, true) != 0) return failed("wait");
  for (;;) {
    got = try_every_slot();
    if (!got) return got.error();
    if (*got) break;
    std::this_thread::sleep_for(kSharedSlotPoll);
  }
  if (lock_byte(held.fd_, waiting_room, F_UNLCK, false) != 0) return failed("unlock");
  return held;
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
