#include "orderd/intake.h"

#include <chrono>

#include "orderd/log.h"

namespace stackplan::orderd {

Intake::Intake(std::unique_ptr<OrderStore> store, Metrics& metrics, int max_batch)
    : store_(std::move(store)), metrics_(metrics), max_batch_(static_cast<size_t>(max_batch)) {
  writer_ = std::thread([this] { run(); });
}

Intake::~Intake() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

void Intake::submit(NewOrder order, Done done) {
  {
    std::lock_guard lock(mu_);
    orders_.push_back(std::move(order));
    callbacks_.push_back(std::move(done));
  }
  wake_.notify_one();
}

int64_t Intake::waiting() const {
  std::lock_guard lock(mu_);
  return static_cast<int64_t>(orders_.size());
}

void Intake::run() {
  std::vector<NewOrder> batch;
  std::vector<Done> callbacks;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !orders_.empty(); });
      if (orders_.empty()) return;  // stopping, nothing left
      if (orders_.size() <= max_batch_) {
        batch.swap(orders_);
        callbacks.swap(callbacks_);
      } else {
        auto split = orders_.begin() + static_cast<std::ptrdiff_t>(max_batch_);
        batch.assign(std::make_move_iterator(orders_.begin()), std::make_move_iterator(split));
        orders_.erase(orders_.begin(), split);
        auto csplit = callbacks_.begin() + static_cast<std::ptrdiff_t>(max_batch_);
        callbacks.assign(std::make_move_iterator(callbacks_.begin()),
                         std::make_move_iterator(csplit));
        callbacks_.erase(callbacks_.begin(), csplit);
      }
    }
    auto start = std::chrono::steady_clock::now();
    auto outcomes = store_->enqueue(batch);
    auto elapsed = std::chrono::steady_clock::now() - start;
    metrics_.commit_latency.record(Duration::nanoseconds(
        std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()));
    metrics_.commit_batches.fetch_add(1, std::memory_order_relaxed);
    metrics_.commit_orders.fetch_add(static_cast<int64_t>(batch.size()),
                                     std::memory_order_relaxed);
    if (!outcomes) log_event("group commit of {} orders failed: {}", batch.size(),
                             outcomes.error().message());
    for (size_t i = 0; i < callbacks.size(); ++i) {
      if (outcomes) callbacks[i]((*outcomes)[i]);
      else callbacks[i](outcomes.error());
    }
    batch.clear();
    callbacks.clear();
  }
}

}  // namespace stackplan::orderd
