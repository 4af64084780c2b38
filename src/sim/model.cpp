// Shared machinery of a run: the clock and event loop, the clients (closed
// users and open arrivals), and the bookkeeping every architecture uses.
#include "sim/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/spawn_schedule.h"
#include "core/units.h"
#include "sim/component.h"

namespace stackplan::sim {

namespace {
// Independent random streams, so that changing how one component draws does
// not shift the numbers another component sees.
enum Stream : uint64_t { kArrivals = 1, kWait, kService, kAccept, kFailure, kCold };
}  // namespace

Model::Model(const Scenario& scenario, const SimOptions& options)
    : arch_(scenario.architecture),
      traffic_(scenario.traffic),
      options_(options),
      rng_arrivals_(options.seed, kArrivals),
      rng_wait_(options.seed, kWait),
      streams_{Rng(options.seed, kService), Rng(options.seed, kAccept), Rng(options.seed, kFailure),
               Rng(options.seed, kCold)} {
  result_.scenario = scenario.name;
  result_.seed = options.seed;
  result_.requests.name = traffic_.request_name;
  traffic_end_ = traffic_.duration;
  count_until_ = traffic_.duration - traffic_.run_end_lag;
  result_.traffic_time = traffic_end_;
  result_.requests.measured_time = count_until_;
  component_ = make_component(*this);
  // A component that does not drain has nothing left to do once its clients
  // stop.
  stop_at_ = component_->drains() ? traffic_end_ + scenario.simulation.drain_limit : traffic_end_;
}

Model::~Model() = default;

Result<SimResult> Model::run() {
  component_->start();
  start_traffic();

  bool traffic_end_seen = false;
  while (!events_.empty()) {
    const Event& next = events_.top();
    if (next.at > stop_at_) break;
    if (!traffic_end_seen && next.at >= traffic_end_) {
      traffic_end_seen = true;
      note_traffic_end();
    }
    Event e = events_.pop();
    now_ = e.at;
    if (options_.timeline) sample_timeline();
    ++result_.events;
    dispatch(e);
    // Records are recycled, so the pools' sizes are the most ever alive: for
    // async the backlog is messages, requests having been answered.
    if (std::max(requests_.capacity(), component_->live_records()) > options_.max_live_requests)
      return Error(fmt::format(
          "more than {} orders in the system at once at {} of simulated time: the architecture "
          "cannot keep up with this traffic, and the simulation stops rather than exhaust "
          "memory (lower the rate or shorten the run)",
          options_.max_live_requests, format_duration(now_)));
    if (traffic_end_seen && outstanding_orders_ == 0 && component_->drains())
      break;  // drained: only periodic events (autoscaling) could follow
    if ((result_.events & (kPollEvents - 1)) == 0 && cancelled_after_poll()) {
      stop_cancelled(traffic_end_seen);
      return std::move(result_);
    }
  }
  if (!traffic_end_seen) {
    now_ = std::max(now_, traffic_end_);
    ComponentState state = component_->state();
    result_.queue.backlog_at_traffic_end = state.visible + state.in_flight;
  }
  auto& q = result_.queue;
  if (outstanding_orders_ > 0 && component_->drains()) {
    q.drained = false;
    now_ = std::max(now_, stop_at_);
    q.drain_time = stop_at_ - traffic_end_;
  } else {
    q.drained = true;
    q.drain_time = std::max(Duration(), last_settled_ - traffic_end_);
  }
  now_ = std::max(now_, traffic_end_);
  component_->finish_run();
  result_.simulated_time = now_;
  return std::move(result_);
}

// Reports progress when it is due; true when the caller asked to stop.
bool Model::cancelled_after_poll() {
  if (options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed)) return true;
  if (options_.progress) {
    const auto wall = std::chrono::steady_clock::now();
    if (wall - last_progress_ >= options_.progress_interval) {
      last_progress_ = wall;
      options_.progress({now_, traffic_end_, stop_at_, result_.events});
    }
  }
  return false;
}

// A cancelled run ends where it is: every figure covers the simulated time
// reached, and a backlog left is not drained.
void Model::stop_cancelled(bool traffic_end_seen) {
  result_.complete = false;
  auto& q = result_.queue;
  if (!traffic_end_seen) {
    ComponentState state = component_->state();
    q.backlog_at_traffic_end = state.visible + state.in_flight;
  }
  q.drained = outstanding_orders_ == 0 || !component_->drains();
  q.drain_time = std::max(Duration(), now_ - traffic_end_);
  traffic_end_ = std::min(traffic_end_, now_);  // the tiers' task seconds end here too
  result_.traffic_time = traffic_end_;
  result_.requests.measured_time = std::min(count_until_, now_);
  component_->finish_run();
  result_.simulated_time = now_;
}

// The moment traffic stops: note the backlog it leaves behind.
void Model::note_traffic_end() {
  SimTime saved = now_;
  now_ = traffic_end_;
  if (options_.timeline) sample_timeline();
  ComponentState state = component_->state();
  result_.queue.backlog_at_traffic_end = state.visible + state.in_flight;
  now_ = saved;
}

// An order left the system (paid, dead-lettered or failed). The time of the
// last one gives the drain time.
void Model::order_settled() {
  --outstanding_orders_;
  last_settled_ = now_;
}

void Model::order_completed(SimTime accepted) {
  ++result_.orders.completed;
  result_.orders.latency_ns.record(static_cast<uint64_t>((now_ - accepted).ns()));
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
    default:
      component_->on_event(e);
      break;
  }
}

void Model::start_traffic() {
  if (traffic_.model == Traffic::Model::kClosed) {
    const auto& c = traffic_.closed;
    const SpawnMode mode = c.spawn == ClosedTraffic::Spawn::kBatch ? SpawnMode::kLocustBatches
                                                                   : SpawnMode::kEvenlySpaced;
    for (int64_t u = 0; u < c.users; ++u) {
      SimTime at = spawn_offset(u, c.spawn_rate, mode);
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
  requests_[r].sent = now_;
  requests_[r].user = user;
  if (component_->drains()) ++outstanding_orders_;
  if (traffic_.patience) {
    requests_[r].timer_pending = true;
    events_.schedule(now_ + *traffic_.patience, kClientTimeout, r);
  }
  component_->submit(r);
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
    s.latency_ns.record(static_cast<uint64_t>((now_ - req.sent).ns()));
  }
  if (req.user != kNoUser) user_think(req.user);
}

void Model::user_think(uint32_t user) {
  SimTime next = now_ + traffic_.closed.wait.sample(rng_wait_);
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

void Model::sample_timeline() {
  while (now_.ns() >= (next_sample_s_ + 1) * 1'000'000'000) {
    TimelineRow row;
    row.second = next_sample_s_;
    row.arrivals = tl_arrivals_;
    row.completions = tl_completions_;
    ComponentState state = component_->state();
    row.visible = state.visible;
    row.in_flight = state.in_flight + state.busy_instances;
    row.active_workers = state.active_workers;
    result_.timeline.push_back(row);
    tl_arrivals_ = tl_completions_ = 0;
    ++next_sample_s_;
  }
}

}  // namespace stackplan::sim
