// Shared machinery of a run: the clock and event loop, the clients (closed
// users and open arrivals), and the bookkeeping every architecture uses.
#include "sim/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/units.h"

namespace stackplan::sim {

namespace {
// Independent random streams, so that changing how one component draws does
// not shift the numbers another component sees.
enum Stream : uint64_t { kArrivals = 1, kWait, kService, kAccept, kFailure, kCold };
}  // namespace

Model::Model(const Scenario& scenario, const SimOptions& options)
    : scenario_(scenario),
      arch_(scenario.architecture),
      traffic_(scenario.traffic),
      options_(options),
      rng_arrivals_(options.seed, kArrivals),
      rng_wait_(options.seed, kWait),
      rng_service_(options.seed, kService),
      rng_accept_(options.seed, kAccept),
      rng_failure_(options.seed, kFailure),
      rng_cold_(options.seed, kCold) {
  result_.scenario = scenario.name;
  result_.seed = options.seed;
  result_.requests.name = traffic_.request_name;
  traffic_end_ = traffic_.duration;
  count_until_ = traffic_.duration - traffic_.run_end_lag;
  result_.traffic_time = traffic_end_;
  result_.requests.measured_time = count_until_;
  // A synchronous service has nothing left to drain once its clients stop.
  stop_at_ = arch_.kind == Architecture::Kind::kSync
                 ? traffic_end_
                 : traffic_end_ + scenario.simulation.drain_limit;
}

Result<SimResult> Model::run() {
  if (arch_.kind == Architecture::Kind::kSync) {
    int64_t n = arch_.dependency && arch_.dependency->scope == Dependency::Scope::kPerProcess
                    ? arch_.api_processes
                    : 1;
    pools_.resize(static_cast<size_t>(n));
    for (auto& p : pools_) p.free = arch_.dependency ? arch_.dependency->slots : INT64_MAX;
  } else if (arch_.kind == Architecture::Kind::kAsync) {
    async_init();
  } else {
    pools_.resize(1);
    pools_[0].free = arch_.dependency ? arch_.dependency->slots : INT64_MAX;
  }
  start_traffic();

  bool traffic_end_seen = false;
  while (!events_.empty()) {
    const Event& next = events_.top();
    if (next.time_ns > stop_at_.ns()) break;
    if (!traffic_end_seen && next.time_ns >= traffic_end_.ns()) {
      // The moment traffic stops: note the backlog it leaves behind.
      traffic_end_seen = true;
      SimTime saved = now_;
      now_ = traffic_end_;
      if (options_.timeline) sample_timeline();
      result_.queue.backlog_at_traffic_end = visible_count_ + in_flight_;
      now_ = saved;
    }
    Event e = events_.pop();
    now_ = SimTime::nanoseconds(e.time_ns);
    if (options_.timeline) sample_timeline();
    ++result_.events;
    dispatch(e);
    // Records are recycled, so the pools' sizes are the most ever alive: for
    // async the backlog is messages, requests having been answered.
    if (std::max(requests_.capacity(), messages_.capacity()) > options_.max_live_requests)
      return Error(fmt::format(
          "more than {} orders in the system at once at {} of simulated time: the architecture "
          "cannot keep up with this traffic, and the simulation stops rather than exhaust "
          "memory (lower the rate or shorten the run)",
          options_.max_live_requests, format_duration(now_)));
    if (traffic_end_seen && outstanding_orders_ == 0 && arch_.kind != Architecture::Kind::kSync)
      break;  // drained: only periodic events (autoscaling) could follow
  }
  if (!traffic_end_seen) {
    now_ = std::max(now_, traffic_end_);
    result_.queue.backlog_at_traffic_end = visible_count_ + in_flight_;
  }
  auto& q = result_.queue;
  if (outstanding_orders_ > 0 && arch_.kind != Architecture::Kind::kSync) {
    q.drained = false;
    now_ = std::max(now_, stop_at_);
    q.drain_time = stop_at_ - traffic_end_;
  } else {
    q.drained = true;
    q.drain_time = std::max(Duration(), last_settled_ - traffic_end_);
  }
  now_ = std::max(now_, traffic_end_);
  update_billing();
  result_.simulated_time = now_;
  double api_seconds = static_cast<double>(arch_.api_processes) * traffic_end_.seconds_f();
  if (arch_.kind != Architecture::Kind::kServerless)
    result_.resources.task_seconds["api"] = api_seconds;
  return std::move(result_);
}

// An order left the system (paid, dead-lettered or failed). The time of the
// last one gives the drain time.
void Model::order_settled() {
  --outstanding_orders_;
  last_settled_ = now_;
}

void Model::order_completed(int64_t accepted_ns) {
  ++result_.orders.completed;
  result_.orders.latency_ns.record(static_cast<uint64_t>(now_.ns() - accepted_ns));
  ++tl_completions_;
}

void Model::dispatch(const Event& e) {
  switch (e.kind) {
    case kUserStart:
    case kUserSend:
      on_user_send(e.target);
      break;
    case kArrival:
      on_arrival();
      break;
    case kClientTimeout:
      on_client_timeout(e.target);
      break;
    case kSyncServiceDone:
      sync_on_done(e.target, e.aux);
      break;
    case kSyncRetry:
      sync_start(requests_[e.target].pool, e.target);
      break;
    case kAcceptDone:
      async_accept(e.target);
      break;
    case kReceiveDone:
      on_receive_done(e.target, e.aux);
      break;
    case kCpuDone:
      job_to_pool(e.target);
      break;
    case kPaymentDone:
      on_payment_done(e.target);
      break;
    case kPaymentRetry:
      job_to_pool(e.target);
      break;
    case kVisibilityCheck:
      on_visibility_check();
      break;
    case kAutoscale:
      on_autoscale();
      break;
    case kTaskReady:
      on_task_ready(e.target);
      break;
    case kInvoke:
      fn_invoke(e.target, e.aux);
      break;
    case kFunctionReady:
      fn_on_ready(e.target);
      break;
    case kFunctionCallDone:
      fn_on_call_done(e.target);
      break;
    case kFunctionRetry:
      fn_start_call(e.target);
      break;
  }
}

void Model::start_traffic() {
  if (traffic_.model == Traffic::Model::kClosed) {
    const auto& c = traffic_.closed;
    for (int64_t u = 0; u < c.users; ++u) {
      double at_s;
      if (c.spawn == ClosedTraffic::Spawn::kBatch) {
        // Locust: every second, start spawn_rate more users at once.
        auto per_batch = static_cast<int64_t>(std::max(1.0, std::floor(c.spawn_rate)));
        at_s =
            static_cast<double>(u / per_batch);  // NOLINT(bugprone-integer-division): whole batches
      } else {
        at_s = static_cast<double>(u) / c.spawn_rate;
      }
      SimTime at = Duration::from_seconds(at_s);
      if (at < count_until_) events_.schedule(at, kUserStart, static_cast<uint32_t>(u));
    }
    return;
  }
  open_segment_ = 0;
  schedule_next_arrival(SimTime(), true);
}

void Model::on_arrival() {
  send_request(kNoUser);
  schedule_next_arrival(now_, false);
}

// Open arrivals: one pending kArrival at a time. Exponential gaps are
// memoryless, so a gap that crosses into a segment with another rate restarts
// at the boundary with the new rate (exact for piecewise-constant rates).
void Model::schedule_next_arrival(SimTime from, bool first) {
  const auto& segs = traffic_.open.segments;
  bool poisson = traffic_.open.process == OpenTraffic::Process::kPoisson;
  SimTime t = from;
  while (open_segment_ < segs.size()) {
    const auto& seg = segs[open_segment_];
    if (t < seg.start) t = seg.start;
    if (seg.per_second > 0) {
      double gap_s = poisson ? rng_arrivals_.exponential(1.0 / seg.per_second)
                             : (first ? 0.0 : 1.0 / seg.per_second);
      // Compared in seconds first: at a very low rate the gap can exceed
      // what int64 nanoseconds hold, and then it ends the segment anyway.
      if (gap_s < (seg.end - t).seconds_f()) {
        SimTime next = t + Duration::from_seconds(gap_s);
        if (next < seg.end) {
          events_.schedule(next, kArrival, 0);
          return;
        }
      }
    }
    t = seg.end;
    ++open_segment_;
    first = true;  // a constant process restarts at each segment's start
  }
}

void Model::on_user_send(uint32_t user) {
  if (now_ >= count_until_) return;  // Locust has stopped this user
  send_request(user);
}

void Model::send_request(uint32_t user) {
  uint32_t r = requests_.acquire();
  requests_[r] = Request{};
  requests_[r].sent_ns = now_.ns();
  requests_[r].user = user;
  if (arch_.kind != Architecture::Kind::kSync) ++outstanding_orders_;
  if (traffic_.patience) {
    requests_[r].timer_pending = true;
    events_.schedule(now_ + *traffic_.patience, kClientTimeout, r);
  }
  switch (arch_.kind) {
    case Architecture::Kind::kSync:
      sync_on_request(r);
      break;
    case Architecture::Kind::kAsync:
      async_on_request(r);
      break;
    case Architecture::Kind::kServerless:
      fn_on_request(r);
      break;
  }
}

void Model::on_client_timeout(uint32_t r) {
  Request& req = requests_[r];
  req.timer_pending = false;
  if (req.finished) {
    requests_.release(r);
    return;
  }
  if (req.responded) return;
  // The customer gives up: a failure for the client, a lost order.
  respond(r, false);
  ++result_.orders.abandoned;
  req.cancelled = true;  // if still queued, the server skips it
}

void Model::respond(uint32_t r, bool ok) {
  Request& req = requests_[r];
  if (req.responded) return;
  req.responded = true;
  if (counted(now_)) {
    auto& s = result_.requests;
    ++s.requests;
    if (!ok) ++s.failures;
    s.latency_ns.record(static_cast<uint64_t>(now_.ns() - req.sent_ns));
  }
  if (req.user != kNoUser) user_think(req.user);
}

void Model::user_think(uint32_t user) {
  SimTime next = now_ + draw(traffic_.closed.wait, rng_wait_);
  if (next < count_until_) events_.schedule(next, kUserSend, user);
}

// A record with a pending patience timer is kept until the timer fires, so
// the timer never lands on a recycled record.
void Model::finish_request(uint32_t r) {
  if (requests_[r].timer_pending) {
    requests_[r].finished = true;
    return;
  }
  requests_.release(r);
}

Duration Model::payment_backoff(uint16_t attempt) const {
  const auto& r = arch_.retry;
  double b = static_cast<double>(r.backoff.ns()) * std::pow(r.multiplier, attempt - 1);
  return Duration::clamped_delay_ns(std::min(b, static_cast<double>(r.max_backoff.ns())));
}

// Task-seconds accrue for every billed worker process between changes.
void Model::update_billing() {
  if (arch_.kind != Architecture::Kind::kAsync) return;
  result_.resources.task_seconds["worker"] +=
      static_cast<double>(billed_processes_) * (now_ - last_billing_).seconds_f();
  last_billing_ = now_;
}

void Model::sample_timeline() {
  while (now_.ns() >= (next_sample_s_ + 1) * 1'000'000'000) {
    TimelineRow row;
    row.second = next_sample_s_;
    row.arrivals = tl_arrivals_;
    row.completions = tl_completions_;
    row.visible = visible_count_;
    row.in_flight = in_flight_ + static_cast<uint64_t>(busy_instances_);
    row.active_workers = static_cast<uint64_t>(active_processes_);
    result_.timeline.push_back(row);
    tl_arrivals_ = tl_completions_ = 0;
    ++next_sample_s_;
  }
}

}  // namespace stackplan::sim
