// The payment-gateway emulator: what the flash-sale case's processor does (N concurrent
// calls, each taking a service time), plus what a real provider does that the
// case left out: a failure rate, and an idempotent charge ledger keyed by
// order id. The ledger is a SQLite file shared by every process that charges,
// with order_id as its primary key, so a second charge for one order is
// impossible: a repeated call answers "already charged" without charging.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "core/distribution.h"
#include "core/status.h"
#include "orderd/metrics.h"

namespace stackplan::orderd {

struct GatewayConfig {
  int slots = 5;  // concurrent calls allowed
  // false: `slots` per process (the flash-sale case's semaphore). true: `slots` shared by
  // every process using the same ledger file (one real provider's limit),
  // held as kernel locks on `<ledger>.slots`, so a crashed process's slots come
  // back the moment it dies.
  bool shared_slots = false;
  Distribution service_time = Distribution::constant(Duration::seconds(3));
  double failure_rate = 0;  // share of calls that fail
  std::string ledger_path = "orderd-charges.db";
  uint64_t seed = 0;  // 0: seeded from the clock
};

enum class ChargeOutcome {
  kCharged,         // this call charged the order
  kAlreadyCharged,  // an earlier call did; nothing charged now
};

class PaymentGateway {
 public:
  static Result<std::unique_ptr<PaymentGateway>> open(const GatewayConfig& config);
  ~PaymentGateway();

  // Blocks until a slot is free (callers are served in arrival order), then
  // for one service time. An Error means
  // the call failed (emulated failure or ledger trouble) and nothing was
  // charged; the caller may retry.
  Result<ChargeOutcome> charge(const std::string& order_id, int64_t amount_cents);

  // Each call's service time (the slot wait excluded) is recorded here from
  // now on; the metric must outlive every call. Null: not recorded.
  void record_service_times_in(LatencyMetric* metric) { service_times_ = metric; }

  int slots() const { return config_.slots; }
  int slots_in_use() const { return in_use_.load(); }
  const GatewayConfig& config() const { return config_; }
  // Charges refused because the order was already charged (redeliveries).
  int64_t duplicates_refused() const { return duplicates_refused_.load(); }

 private:
  struct Ledger;
  PaymentGateway(GatewayConfig config, std::unique_ptr<Ledger> ledger);
  // A shared slot held for one call; released when destroyed.
  class SharedSlot {
   public:
    SharedSlot() = default;
    SharedSlot(SharedSlot&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    SharedSlot& operator=(SharedSlot&& other) noexcept;
    ~SharedSlot();

   private:
    friend class PaymentGateway;
    int fd_ = -1;  // its own open file description: the lock's owner
  };
  // How often the one waiter for a shared slot looks for a free one.
  static constexpr std::chrono::milliseconds kSharedSlotPoll{1};
  // Blocks until one of the shared slots is free and holds it.
  Result<SharedSlot> acquire_shared_slot();

  GatewayConfig config_;
  std::unique_ptr<Ledger> ledger_;
  std::mutex mu_;
  std::condition_variable slot_freed_;
  int busy_ = 0;
  uint64_t next_ticket_ = 0;  // handed to each caller in arrival order
  uint64_t left_ = 0;         // callers that have given their local slot back
  std::atomic<int> in_use_{0};
  std::atomic<int64_t> duplicates_refused_{0};
  std::atomic<uint64_t> calls_{0};
  LatencyMetric* service_times_ = nullptr;
};

// A list of every charge in a ledger file, for tests and audits.
struct Charge {
  std::string order_id;
  int64_t amount_cents = 0;
  int64_t charged_ns = 0;
  int64_t pid = 0;  // the process that charged
};
Result<std::vector<Charge>> read_ledger(const std::string& ledger_path);

}  // namespace stackplan::orderd
