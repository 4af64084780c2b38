// Group commit for accepted orders, in two pipelined stages.
//
// Request threads submit() orders. The writer thread takes everything
// submitted so far (up to max_batch) and writes it to the store in one
// transaction. A syncer thread then makes every written batch durable with
// one store sync() (one fsync for all of them) and only then runs each
// order's callback, which sends the 202. While one fsync runs, the next
// batch is being written, so neither stage waits for the other; under load,
// batches grow by themselves and the cost of durability per order falls as
// the rate rises, with no timer adding latency at low rates.
//
// There are kSyncers syncer threads, so a batch written while an fsync runs
// starts its own fsync at once instead of waiting up to a whole fsync for
// the first to end: the kernel overlaps them (one journal commit and one
// device flush can serve both), which roughly halves the time an order
// waits for durability when the disk is slow. An fsync covers every write
// that completed before it began, so each batch is durable when its own
// fsync returns, whichever fsync returns first.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "orderd/log.h"
#include "orderd/metrics.h"
#include "orderd/store.h"

namespace stackplan::orderd {

class Intake {
 public:
  // Called on the syncer thread once the order is durable (or failed to be).
  using Done = std::function<void(Result<EnqueueOutcome>)>;

  // store must be opened for this intake alone (with deferred_sync for the
  // two-stage commit).
  Intake(std::unique_ptr<OrderStore> store, Metrics& metrics, int max_batch);
  ~Intake();  // commits and answers what was submitted, then stops

  void submit(NewOrder order, Done done);
  // Orders submitted but not yet answered.
  int64_t waiting() const;

 private:
  static constexpr Duration kCommitFailureReportInterval = Duration::seconds(10);
  static constexpr int kSyncers = 2;  // fsyncs in flight at once
  struct Written {                    // a batch written, waiting for the sync
    std::vector<Done> callbacks;
    Result<std::vector<EnqueueOutcome>> outcomes = Error("not written");
  };
  void write_loop();
  void sync_loop();

  std::unique_ptr<OrderStore> store_;
  Metrics& metrics_;
  const size_t max_batch_;
  // While the store is down every batch fails: one log line per outage.
  RepeatedFailureLog commit_failures_{"group commits", kCommitFailureReportInterval};

  mutable std::mutex mu_;
  std::condition_variable wake_writer_;
  std::vector<NewOrder> orders_;
  std::vector<Done> callbacks_;
  bool writer_waiting_ = false;  // wake the writer only when it sleeps
  bool stopping_ = false;

  std::condition_variable wake_syncer_;
  std::vector<Written> written_;
  bool writer_done_ = false;

  std::thread writer_;
  std::vector<std::thread> syncers_;
};

}  // namespace stackplan::orderd
