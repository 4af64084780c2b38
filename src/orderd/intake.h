// Group commit for accepted orders. Request threads submit() orders; one
// writer thread takes everything submitted so far (up to max_batch), writes
// it to the store in one transaction (one fsync), and only then runs each
// order's callback, which sends the 202. Under load, batches grow by
// themselves: the orders that arrive during one commit share the next one, so
// the cost of durability per order falls as the rate rises, with no timer.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "orderd/metrics.h"
#include "orderd/store.h"

namespace stackplan::orderd {

class Intake {
 public:
  // Called on the writer thread once the order is durable (or failed to be).
  using Done = std::function<void(Result<EnqueueOutcome>)>;

  Intake(std::unique_ptr<OrderStore> store, Metrics& metrics, int max_batch);
  ~Intake();  // commits what was submitted, then stops

  void submit(NewOrder order, Done done);
  // Orders submitted but not yet committed.
  int64_t waiting() const;

 private:
  void run();

  std::unique_ptr<OrderStore> store_;
  Metrics& metrics_;
  const size_t max_batch_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::vector<NewOrder> orders_;
  std::vector<Done> callbacks_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace stackplan::orderd
