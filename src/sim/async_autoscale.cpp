// Autoscaling of worker processes on queue depth, evaluated periodically like
// a target-tracking or step policy on ApproximateNumberOfMessagesVisible: scale
// out to ceil(backlog / target per process), scale in one process at a time,
// with a cooldown after every action. New tasks are billed from launch and
// take task_start_delay before they receive.
#include <algorithm>
#include <cmath>

#include "sim/async_pipeline.h"

namespace stackplan::sim {

void AsyncPipeline::on_autoscale() {
  const auto& as = arch_.autoscaling;
  const SimTime now = model_.now();
  bool cooled = !has_scaled_ || now - last_scale_action_ >= as.cooldown;
  int64_t running = active_processes_ + starting_processes_;
  auto backlog = static_cast<double>(visible_count_);
  auto wanted = static_cast<int64_t>(std::ceil(backlog / as.scale_out_backlog_per_process));
  wanted = std::clamp(wanted, as.min_processes, as.max_processes);
  if (cooled && wanted > running) {
    update_billing();
    for (int64_t i = running; i < wanted; ++i) {
      uint32_t p = add_process();
      processes_[p].billed = true;
      ++billed_processes_;
      ++starting_processes_;
      model_.schedule(now + as.task_start_delay, kTaskReady, p);
    }
    last_scale_action_ = now;
    has_scaled_ = true;
  } else if (cooled && running > as.min_processes &&
             backlog < as.scale_in_backlog_per_process * static_cast<double>(running)) {
    // Stop the newest active process: it finishes what it holds, then exits.
    for (auto p = static_cast<int64_t>(processes_.size()) - 1; p >= 0; --p) {
      WorkerProcess& w = processes_[static_cast<size_t>(p)];
      if (!w.active || w.stopping) continue;
      w.stopping = true;
      --active_processes_;
      stop_process_if_idle(static_cast<uint32_t>(p));
      last_scale_action_ = now;
      has_scaled_ = true;
      break;
    }
  }
  auto& peak = model_.result().resources.peak_workers;
  peak = std::max(peak, static_cast<uint64_t>(active_processes_ + starting_processes_));
  model_.schedule(now + as.evaluation_period, kAutoscale, 0);
}

void AsyncPipeline::on_task_ready(uint32_t p) {
  --starting_processes_;
  ++active_processes_;
  processes_[p].active = true;
  try_receive(p);
}

void AsyncPipeline::stop_process_if_idle(uint32_t p) {
  WorkerProcess& w = processes_[p];
  if (!w.stopping || w.held > 0 || !w.billed) return;
  update_billing();
  w.billed = false;
  w.receiving = false;
  --billed_processes_;
}

// Task-seconds accrue for every billed worker process between changes.
void AsyncPipeline::update_billing() {
  const SimTime now = model_.now();
  model_.result().resources.task_seconds["worker"] +=
      static_cast<double>(billed_processes_) * (now - last_billing_).seconds_f();
  last_billing_ = now;
}

void AsyncPipeline::finish_run() {
  update_billing();
  model_.result().resources.task_seconds["api"] =
      static_cast<double>(arch_.api_processes) * model_.traffic_time().seconds_f();
}

}  // namespace stackplan::sim
