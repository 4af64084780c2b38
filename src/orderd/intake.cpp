#include "orderd/intake.h"

#include <chrono>

#include "orderd/log.h"

namespace stackplan::orderd {
namespace {
Duration since(std::chrono::steady_clock::time_point start) {
  return Duration::nanoseconds(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count());
}
// The batch is written (it survives a crash of orderd) but the fsync that
// makes it survive a crash of the machine failed: the order may well be
// there and be paid, so "failed" would be a lie.
EnqueueOutcome written_but_not_synced(EnqueueOutcome outcome, const Status& synced) {
  if (outcome.fate == EnqueueFate::kStored) {
    outcome.fate = EnqueueFate::kUnknown;
    outcome.detail = "the order was written but its fsync failed: " + synced.message();
  }
  return outcome;
}

}  // namespace

Intake::Intake(std::unique_ptr<OrderStore> store, Metrics& metrics, int max_batch)
    : store_(std::move(store)), metrics_(metrics), max_batch_(static_cast<size_t>(max_batch)) {
  writer_ = std::thread([this] { write_loop(); });
  for (int i = 0; i < kSyncers; ++i) syncers_.emplace_back([this] { sync_loop(); });
}

Intake::~Intake() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  writer_.join();
  for (std::thread& syncer : syncers_) syncer.join();
}

void Intake::submit(NewOrder order, Done done) {
  bool wake;
  {
    std::lock_guard lock(mu_);
    orders_.push_back(std::move(order));
    callbacks_.push_back(std::move(done));
    wake = writer_waiting_;
    writer_waiting_ = false;
  }
  if (wake) wake_writer_.notify_one();
}

int64_t Intake::waiting() const {
  std::lock_guard lock(mu_);
  int64_t n = static_cast<int64_t>(orders_.size());
  for (const Written& w : written_) n += static_cast<int64_t>(w.callbacks.size());
  return n;
}

void Intake::write_loop() {
  std::vector<NewOrder> batch;
  for (;;) {
    Written written;
    {
      std::unique_lock lock(mu_);
      while (!stopping_ && orders_.empty()) {
        writer_waiting_ = true;
        wake_writer_.wait(lock);
      }
      writer_waiting_ = false;
      if (orders_.empty()) {  // stopping, nothing left
        writer_done_ = true;
        wake_syncer_.notify_all();
        return;
      }
      size_t n = std::min(orders_.size(), max_batch_);
      batch.assign(std::make_move_iterator(orders_.begin()),
                   std::make_move_iterator(orders_.begin() + static_cast<std::ptrdiff_t>(n)));
      orders_.erase(orders_.begin(), orders_.begin() + static_cast<std::ptrdiff_t>(n));
      written.callbacks.assign(
          std::make_move_iterator(callbacks_.begin()),
          std::make_move_iterator(callbacks_.begin() + static_cast<std::ptrdiff_t>(n)));
      callbacks_.erase(callbacks_.begin(), callbacks_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    auto start = std::chrono::steady_clock::now();
    written.outcomes = store_->enqueue(batch);
    metrics_.commit_latency.record(since(start));
    metrics_.commit_batches.fetch_add(1, std::memory_order_relaxed);
    metrics_.commit_orders.fetch_add(static_cast<int64_t>(batch.size()), std::memory_order_relaxed);
    if (written.outcomes)
      commit_failures_.succeeded();
    else
      commit_failures_.failed(written.outcomes.error().message());
    batch.clear();
    {
      std::lock_guard lock(mu_);
      written_.push_back(std::move(written));
    }
    wake_syncer_.notify_one();
  }
}

void Intake::sync_loop() {
  std::vector<Written> ready;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_syncer_.wait(lock, [&] { return writer_done_ || !written_.empty(); });
      if (written_.empty()) return;  // the writer is done and everything answered
      ready.swap(written_);
    }
    // One fsync covers every batch written so far.
    auto start = std::chrono::steady_clock::now();
    Status synced = store_->sync();
    metrics_.sync_latency_durable.record(since(start));
    if (!synced) log_event("fsync of accepted orders failed: {}", synced.message());
    for (Written& w : ready) {
      for (size_t i = 0; i < w.callbacks.size(); ++i) {
        try {
          if (!w.outcomes)
            w.callbacks[i](w.outcomes.error());
          else if (!synced)
            w.callbacks[i](written_but_not_synced((*w.outcomes)[i], synced));
          else
            w.callbacks[i]((*w.outcomes)[i]);
        } catch (const std::exception& e) {
          // One bad answer must not stop the answers of the others.
          log_event("answering an accepted order failed: {}", e.what());
        }
      }
    }
    ready.clear();
  }
}

}  // namespace stackplan::orderd
